"""The one-page summary: what it holds and leaves out, which events it picks, that it fits a page,
that every format takes it and that it composes with --section and --query; the CLI's flags;
the `key-events` lint rule."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from brief.cli import cli
from brief.dates import PartialDate
from brief.export import FORMATS, export
from brief.load import load_brief, load_bytes
from brief.model import Brief, Event
from brief.summary import lede
from brief.view import RECENT_EVENTS, key_events, select
from tests.golden import BUNDLED, NOW, SAMPLE, TRAMWAY
from tests.test_export import visible
from tests.test_lint import brief_text, lint_text, rules_of

BUNDLED_KEY_EVENTS = [
    "hasina-resigns",
    "cargo-ship-docks",
    "apology-refund-demand",
    "naqvi-visit",
    "dar-visit",
    "elections-2026",
]


@pytest.fixture(scope="module")
def bundled() -> Brief:
    return load_brief(BUNDLED)


@pytest.fixture(scope="module")
def tramway() -> Brief:
    return load_brief(TRAMWAY)


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces: wrapping undone."""
    return " ".join(text.split())


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- What it holds --------------------------------------------------------------------------


def test_the_bundled_summary_fits_a_page_and_holds_no_point(bundled: Brief) -> None:
    text = export(bundled, "text", width=100, summary=True, now=NOW)
    lines = text.splitlines()
    assert len(lines) <= 60
    assert max(len(line) for line in lines) <= 100
    whole = flat(text)
    for _section, point in bundled.points():
        assert flat(point.text) not in whole
        assert flat(point.text)[:50] not in whole  # not even its opening words


def test_the_summary_holds_each_part_the_issue_lists(bundled: Brief) -> None:
    whole = flat(export(bundled, "text", width=100, summary=True, now=NOW))
    assert bundled.title in whole and flat(bundled.subtitle or "") in whole
    assert "As of 23 Oct 2025" in whole and "Source: Samyar Rostami" in whole
    assert flat(bundled.summary) in whole  # the brief's summary, whole
    for figure in bundled.figures:
        assert figure.value_text() in whole
        assert not figure.note or flat(figure.note) not in whole  # notes stay out
    for section in bundled.sections:
        assert f"{section.title} — {lede(section.summary)}" in whole
    titles = {e.id: e.title for e in bundled.timeline}
    assert "Key events" in whole
    for event_id in BUNDLED_KEY_EVENTS:
        assert titles[event_id] in whole
    unmarked = [e.title for e in bundled.timeline if not e.key]
    assert not [t for t in unmarked if f" {t} [" in whole]
    assert "Summary of pakistan-bangladesh · the whole brief: brief export " in whole
    assert "Made 24 Oct 2025 09:30 UTC" in whole


def test_the_bundled_brief_marks_its_key_events(bundled: Brief) -> None:
    view = select(bundled, summary=True)
    assert [e.id for e in view.events] == BUNDLED_KEY_EVENTS
    assert all(points == [] for _, points in view.sections)
    assert [s.id for s, _ in view.sections] == [s.id for s in bundled.sections]


def test_lede_is_the_first_sentence_of_a_long_summary() -> None:
    long = "First point, c. 2 million people. " + "Then more words follow here. " * 8
    assert lede(long) == "First point, c. 2 million people. …"
    assert lede("Short. Two sentences.") == "Short. Two sentences."
    one = "word " * 60
    assert lede(one) == one.strip()  # one long sentence: all of it, nothing to cut at


# --- Which events: marked, or the latest and the expected ------------------------------------

_DATES = st.builds(
    lambda y, m, d, precision: PartialDate.parse(
        [f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}"][precision]
    ),
    st.integers(2000, 2030),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)
_EVENTS = st.lists(
    st.builds(
        lambda date, expected, key, n: Event(
            date=date, expected=expected, key=key, title=f"event {n}"
        ),
        _DATES,
        st.booleans(),
        st.booleans() | st.just(False),
        st.integers(0, 10**6),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(_EVENTS)
def test_key_events_agree_with_a_brute_force_oracle(events: list[Event]) -> None:
    got = key_events(events)
    ordered = sorted(events, key=Event.sort_key)
    assert got == sorted(got, key=Event.sort_key)  # in date order
    if any(e.key for e in events):
        assert [id(e) for e in got] == [id(e) for e in ordered if e.key]
        return
    # Counted, not sliced: a happened event is kept when fewer than RECENT_EVENTS happened
    # events come after it in date order; an expected one always is.
    kept = [
        e
        for i, e in enumerate(ordered)
        if e.expected or sum(not later.expected for later in ordered[i + 1 :]) < RECENT_EVENTS
    ]
    assert [id(e) for e in got] == [id(e) for e in kept]


def test_without_marks_the_summary_lists_the_latest_and_the_expected(tramway: Brief) -> None:
    view = select(tramway, summary=True)
    expected = [e.title for e in tramway.events_in_order() if e.expected]
    happened = [e.title for e in tramway.events_in_order() if not e.expected]
    assert [e.title for e in view.events] == happened[-RECENT_EVENTS:] + expected
    text = export(tramway, "text", summary=True, now=NOW)
    assert "Latest and expected events" in text and "Key events" not in text


# --- Every format, and composing with --section and --query -----------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_takes_the_summary(bundled: Brief, fmt: str) -> None:
    out = export(bundled, fmt, summary=True, now=NOW)
    whole = export(bundled, fmt, now=NOW)
    assert len(out) < len(whole) / 3
    point = bundled.sections[0].points[0].text
    assert flat(point)[:40] not in flat(out)


@pytest.mark.parametrize("path", [BUNDLED, TRAMWAY, SAMPLE])
def test_the_json_summary_loads_back_as_the_same_selection(path: Path) -> None:
    brief = load_brief(path)
    data = export(brief, "json", summary=True, now=NOW)
    again = load_bytes(data.encode(), "summary.json")
    view = select(brief, summary=True)
    assert [e.title for e in again.timeline] == [e.title for e in view.events]
    assert all(not s.points for s in again.sections)
    assert [s.summary for s in again.sections] == [s.summary for s in brief.sections]
    assert again.figures == brief.figures


def test_the_svg_summary_is_one_card_as_tall_as_its_text(bundled: Brief, tramway: Brief) -> None:
    def height(svg: str) -> float:
        match = re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg)
        assert match
        return float(match.group(1))

    summary = height(export(bundled, "svg", summary=True, now=NOW))
    assert summary < height(export(bundled, "svg", now=NOW)) / 5
    # The height follows the text: the tramway's shorter summary makes a shorter card.
    for brief in (bundled, tramway):
        lines = len(export(brief, "text", summary=True, now=NOW).splitlines())
        card = height(export(brief, "svg", summary=True, now=NOW))
        assert lines * 24 < card < (lines + 5) * 25


def test_the_summary_of_a_section_and_a_query(bundled: Brief) -> None:
    view = select(bundled, sections=["defence"], query="visit", summary=True)
    full = select(bundled, sections=["defence"], query="visit")
    assert {id(e) for e in view.events} <= {id(e) for e in full.events}
    assert view.events == key_events(full.events)
    assert all(e.section == "defence" for e in view.events)
    text = export(bundled, "text", sections=["defence"], query="visit", summary=True, now=NOW)
    assert "Section Defence  ·  Query visit" in text
    assert "brief export pakistan-bangladesh --section defence --query visit --format text" in (
        flat(text)
    )
    assert flat(bundled.summary)[:60] not in flat(text)  # the brief's summary is the whole's


def test_a_query_a_summary_cannot_show_still_gets_the_footer(bundled: Brief) -> None:
    text = export(bundled, "text", query="zzzz-nothing", summary=True, now=NOW)
    assert "Summary of pakistan-bangladesh" in text
    assert "Key events" not in text and "Sections" not in text


# --- The CLI ------------------------------------------------------------------------------------


def test_show_summary_is_the_quick_look() -> None:
    result = run("show", "pakistan-bangladesh", "--summary", "--width", "100")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) <= 60
    assert "Key events ─" in result.stdout
    assert "the whole brief: brief show pakistan-bangladesh" in result.stdout
    assert "Made " not in result.stdout  # a terminal look needs no time stamp


def test_show_takes_a_query_like_export() -> None:
    result = run("show", str(SAMPLE), "--query", "actor:ishaq-dar", "--summary")
    assert result.exit_code == 0, result.output
    assert "Ishaq Dar visits Dhaka" in result.stdout
    assert "Mohsin Naqvi" not in result.stdout
    nothing = run("show", str(SAMPLE), "--query", "zzzz", "--summary")
    assert "nothing in sample-relations matches 'zzzz'" in nothing.stderr


def test_export_summary_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "brief-summary.svg"
    result = run("export", "pakistan-bangladesh", "--summary", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "Wrote svg export to" in result.stderr
    svg = target.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Key events" in visible("svg", svg)


def test_export_summary_as_json_to_stdout() -> None:
    result = run("export", str(TRAMWAY), "--summary", "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [e["title"] for e in data["timeline"]][-2:] == ["Mayoral election", "Line opens"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.docx"], "x.docx: error: no export format writes '.docx' files"),
        (["-o", "x.html", "--format", "md"], "x.html: error: the extension '.html' is for html"),
        (["-o", "x.MD", "--format", "json"], "x.MD: error: the extension '.md' is for md"),
    ],
)
def test_export_refuses_an_extension_that_disagrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", str(SAMPLE), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert ":0:0" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_format_and_extension_that_agree(tmp_path: Path) -> None:
    target = tmp_path / "x.htm"
    result = run("export", str(SAMPLE), "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_to_a_missing_folder_has_no_position(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "x.txt"
    result = run("export", str(SAMPLE), "--summary", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{target}: error: directory does not exist"


# --- The key-events lint rule -------------------------------------------------------------------


def _timeline(count: int, *, key_at: int | None = None) -> str:
    lines = ["timeline:"]
    for n in range(count):
        lines += [
            f"  - date: 2025-01-{n + 1:02d}",
            f"    title: Event number {n + 1}",
            "    sources: [src]",
        ]
        if n == key_at:
            lines.append("    key: true")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("count", "key_at", "found"),
    [(21, None, ["key-events"]), (20, None, []), (21, 3, []), (0, None, [])],
)
def test_key_events_rule(tmp_path: Path, count: int, key_at: int | None, found: list[str]) -> None:
    text = brief_text(timeline=_timeline(count, key_at=key_at))
    findings = lint_text(tmp_path, text)
    assert rules_of(findings) == found
    if found:
        assert findings[0].line == text.splitlines().index("timeline:") + 1
        assert "21 events and none marked key" in findings[0].message


def test_the_bundled_brief_passes_the_key_events_rule(tmp_path: Path) -> None:
    unmarked = BUNDLED.read_text(encoding="utf-8").replace("    key: true\n", "")
    path = tmp_path / "unmarked.yaml"
    path.write_text(unmarked, encoding="utf-8")
    from brief.lint import lint_file

    assert "key-events" in rules_of(lint_file(path)[0])
    assert "key-events" not in rules_of(lint_file(BUNDLED)[0])


def test_now_does_not_change_the_selection(bundled: Brief) -> None:
    later = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    a = export(bundled, "text", summary=True, now=NOW)
    b = export(bundled, "text", summary=True, now=later)
    assert a.replace("24 Oct 2025 09:30", "1 Jan 2030 00:00") == b


# --- Hostile text -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hostile_summary_is_inert_in_every_format(fmt: str) -> None:
    from markdown_it import MarkdownIt

    from brief.text import UNSAFE
    from tests.test_export_hostile import HOSTILE, _page

    brief = load_brief(HOSTILE)
    out = export(brief, fmt, summary=True, query="[bold]x[/] OR point", now=NOW)
    plain_out = re.sub(r"\x1b\[[0-9;]*m", "", out) if fmt == "ansi" else out
    assert UNSAFE.search(plain_out) is None
    if fmt == "html":
        tags = {tag for tag, _ in _page(out).tags}
        assert tags <= {"html", "head", "meta", "title", "style", "body", "main", "pre", "code",
                        "span", "a"}  # fmt: skip
    if fmt == "md":
        page = _page(MarkdownIt("commonmark").enable(["table"]).render(out))
        hrefs = {attrs.get("href") for tag, attrs in page.tags if tag == "a"}
        assert hrefs <= {"https://example.org/a?x=1&y=2(3)%5B4%5D%7B5%7D",
                         "https://example.org/ok?a=1&b=2"}  # fmt: skip
    if fmt == "svg":
        assert "<a " not in out and "<script" not in out
    if fmt == "json":
        load_bytes(out.encode(), "hostile-summary.json")


@pytest.mark.parametrize("width", [40, 60, 80, 100, 160])
def test_the_summary_fits_any_width_and_keeps_whole_titles(bundled: Brief, width: int) -> None:
    view = select(bundled, sections=["defence"], summary=True)
    text = export(bundled, "text", width=width, sections=["defence"], summary=True, now=NOW)
    assert max(len(line) for line in text.splitlines()) <= width
    events = text.split("events ─")[1].split("\n─")[0]  # the events, up to the footer's rule
    assert "…" not in events  # no title cut short
    for event in view.events:  # every word of every title (a wrapped cell interleaves rows)
        assert all(word in events.split() for word in event.title.split()), event.title
    assert ("Defence" in events) == (width >= 72)  # the section column, where there is room
