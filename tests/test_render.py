"""The one renderer: what each piece shows, and that brief text is never read as markup."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest
from rich.cells import cell_len
from rich.console import Console

from brief.errors import ExportError
from brief.load import load_brief
from brief.model import Brief, Event
from brief.render import (
    TIMELINE_CHUNK,
    iter_timeline,
    render_actors,
    render_brief,
    render_figures,
    render_references,
    render_section,
    render_timeline,
    render_title_block,
)
from brief.view import Match, select
from tests.golden import SAMPLE
from tests.helpers import BUNDLED, run_cli

NOW = dt.datetime(2025, 10, 24, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def sample() -> Brief:
    return load_brief(SAMPLE)


def draw(renderable: object, width: int = 100, *, color: bool = False) -> str:
    console = Console(
        width=width,
        record=True,
        force_terminal=color,
        color_system="truecolor" if color else None,
        _environ={},
    )
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def test_whole_brief_has_every_part_in_reading_order(sample: Brief) -> None:
    out = draw(render_brief(sample, footer=True, now=NOW))
    order = [
        "Pakistan–Bangladesh Relations (sample)",
        "A small fixture brief for render and export tests",
        "As of 23 Oct 2025",
        "Ties between Pakistan and Bangladesh",
        "Key figures ─",
        "865 USD million",
        "Diplomacy ─",
        "Economy & Culture ─",
        "Timeline ─",
        "Actors ─",
        "References ─",
        "Made 24 Oct 2025 09:30 UTC",
    ]
    positions = [out.index(part) for part in order]
    assert positions == sorted(positions)


def test_title_block_names_a_single_source_with_its_marker() -> None:
    brief = load_brief(SAMPLE)
    one = msgspec.structs.replace(brief, sources=brief.sources[:1])
    out = draw(render_title_block(one))
    assert "Source: Samyar Rostami, “Growing Pakistan-Bangladesh Relations" in out
    assert "[1]" in out
    # The note belongs to the references, not the one-line source.
    assert "Researcher on South Asian affairs" not in out


def test_points_show_dates_at_written_precision_actors_tags_and_markers(sample: Brief) -> None:
    out = draw(render_section(sample, sample.section_map()["diplomacy"]))
    assert "Jul 2025" in out
    # A range too wide for the date column breaks after its dash, not mid-date.
    assert "23 Aug 2025 –" in out and "24 Aug 2025" in out
    assert "Mohsin Naqvi" in out and "#visit #visas" in out
    assert "[1]" in out
    economy = draw(render_section(sample, sample.section_map()["economy-culture"]))
    assert "c. 2025" in economy and "[1][2]" in economy


def test_a_point_written_as_a_yaml_block_reads_as_paragraphs(sample: Brief) -> None:
    """A block (`|`) keeps the author's line breaks and a final newline: the text is
    reflowed, paragraphs stay apart, and the markers end its last line."""
    section = sample.section_map()["diplomacy"]
    point = msgspec.structs.replace(
        section.points[0], text="Written\non two lines.\n\nA second paragraph.\n"
    )
    blocky = msgspec.structs.replace(section, points=[point])
    lines = [line.strip() for line in draw(render_section(sample, blocky)).splitlines()]
    text = [line for line in lines if "Written" in line or "second" in line]
    assert text[0].endswith("Written on two lines.")
    assert text[1].startswith("A second paragraph. [")  # its markers on the same line
    assert lines[lines.index(text[0]) + 1] == ""  # a blank line between the paragraphs


def test_figures_table_shows_value_unit_change_and_period(sample: Brief) -> None:
    out = draw(render_figures(sample))
    row = next(line for line in out.splitlines() if "Bilateral trade" in line)
    for part in ("[1]", "865 USD million", "+20%", "FY2024-25"):
        assert part in row


def test_timeline_is_sorted_and_marks_approximate_and_expected_dates(sample: Brief) -> None:
    out = draw(render_timeline(sample))
    titles = [
        "Pakistan recognises Bangladesh",
        "Sheikh Hasina resigns",
        "Direct trade resumes",
        "Mohsin Naqvi visits Dhaka",
        "Ishaq Dar visits Dhaka",
        "General elections in Bangladesh",
    ]
    positions = [out.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "c. 1974" in out and "▷ 2026" in out


def test_actors_are_grouped_by_kind_with_roles(sample: Brief) -> None:
    out = draw(render_actors(sample))
    assert out.index("People") < out.index("Ishaq Dar") < out.index("Parties")
    assert "Deputy Prime Minister and Foreign Minister of Pakistan" in out
    assert "also BNP" in out
    assert out.index("Parties") < out.index("Bangladesh Nationalist Party")


def test_references_give_full_citations_and_links_only_when_asked(sample: Brief) -> None:
    out = draw(render_references(sample))
    assert "[1] Samyar Rostami" in out and "Researcher on South Asian affairs" in out
    assert "[2] “Regional almanac”. Example Press, 2024." in out
    terminal = draw(render_references(sample), color=True)
    assert "\x1b]8" not in terminal  # no OSC 8 hyperlink unless an HTML export asks
    linked = draw(render_references(sample, links=True), color=True)
    assert "\x1b]8;" in linked


def test_every_line_fits_the_width(sample: Brief) -> None:
    for width in (40, 60, 100, 140):
        out = draw(render_brief(sample, footer=True, now=NOW), width)
        assert max(cell_len(line) for line in out.splitlines()) <= width


def test_text_that_looks_like_markup_is_printed_literally(sample: Brief) -> None:
    hostile = msgspec.structs.replace(
        sample,
        title="[bold red]not bold[/] [@click=app.quit]quit[/] :smile:",
        summary="[/] [link=https://evil.example]x[/link]",
    )
    out = draw(render_brief(hostile), color=True)
    assert "[bold red]not bold[/] [@click=app.quit]quit[/] :smile:" in _strip_sgr(out)
    assert "[/] [link=https://evil.example]x[/link]" in _strip_sgr(out)
    assert "\x1b]8" not in out


def test_a_brief_built_in_code_is_sanitised_again(sample: Brief) -> None:
    hostile = msgspec.structs.replace(sample, title="a\x1b]0;owned\x07b\x9bc")
    out = draw(render_brief(hostile), color=True)
    assert "\x1b]" not in out and "\x07" not in out and "\x9b" not in out
    assert "a␛]0;owned␇b⟨U+009B⟩c" in _strip_sgr(out)


def test_sections_narrow_everything_to_them(sample: Brief) -> None:
    view = select(sample, sections=["economy-culture"])
    assert [s.id for s, _ in view.sections] == ["economy-culture"]
    assert [e.title for e in view.events] == ["Direct trade resumes"]
    assert [f.label for f in view.figures] == ["Bilateral trade"]
    assert [s.id for s in view.sources] == ["rostami-2025", "almanac"]
    out = draw(render_brief(sample, sections=["economy-culture"]))
    assert "Section Economy & Culture" in out
    assert "Diplomacy" not in out.replace("Section Economy", "")


def test_unknown_section_suggests_the_closest(sample: Brief) -> None:
    with pytest.raises(ExportError, match="did you mean 'diplomacy'"):
        select(sample, sections=["diplomcy"])


def test_query_filters_points_and_timeline_and_keeps_what_they_reference(sample: Brief) -> None:
    view = select(sample, query="actor:ishaq-dar")
    assert [e.title for e in view.events] == ["Ishaq Dar visits Dhaka"]
    assert [p.text[:9] for _, ps in view.sections for p in ps] == ["Ishaq Dar"]
    assert [a.id for a in view.actors] == ["ishaq-dar"]
    assert [s.id for s in view.sources] == ["rostami-2025"]
    out = draw(render_brief(sample, query="actor:ishaq-dar", now=NOW))
    assert "Filtered by query actor:ishaq-dar" in out
    assert "1 event, 1 point" in out
    assert "Mohsin Naqvi visits Dhaka" not in out


def test_query_keeps_figures_that_match(sample: Brief) -> None:
    view = select(sample, query="trade")
    assert "Bilateral trade" in [f.label for f in view.figures]
    assert "Years since the last foreign-minister visit" not in [f.label for f in view.figures]


def test_matcher_can_be_plugged_in(sample: Brief) -> None:
    def only_first_event(brief: Brief, query: str) -> Match:
        return Match(events=frozenset({0}))

    view = select(sample, query="anything", matcher=only_first_event)
    assert [e.title for e in view.events] == [sample.timeline[0].title]
    assert view.sections == [] and view.figures == []


def test_long_timelines_come_in_chunks_that_line_up_as_one_table(sample: Brief) -> None:
    base = sample.timeline[1]
    events = [
        msgspec.structs.replace(base, id=f"x{n}", title=f"Event number {n} " + "word " * (n % 9))
        for n in range(TIMELINE_CHUNK * 2 + 7)
    ]
    big = msgspec.structs.replace(sample, timeline=events)
    chunks = list(iter_timeline(big))
    assert len(chunks) == 3
    assert [c.show_header for c in chunks] == [True, False, False]
    # Drawn chunk by chunk, every column starts where the one big table would put it.
    one_table = draw(next(iter_timeline(big, chunk=len(events))))
    chunked = "".join(draw(chunk) for chunk in chunks)
    assert chunked == one_table


def test_events_keep_their_order_when_given(sample: Brief) -> None:
    events: list[Event] = list(reversed(sample.events_in_order()))
    out = draw(render_timeline(sample, events))
    assert out.index("General elections") < out.index("Pakistan recognises")


def _strip_sgr(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_an_existing_search_index_can_serve_the_query(sample: Brief) -> None:
    from brief.search import SearchIndex
    from brief.view import index_matcher, search_matcher
    from tests.golden import BUNDLED

    index = SearchIndex([sample, load_brief(BUNDLED)])  # the TUI's: every brief of the library
    for query in ("visit", "actor:ishaq-dar", "from:2025 -tag:visit", "kind:figure trade"):
        assert index_matcher(index)(sample, query) == search_matcher(sample, query)


@pytest.mark.parametrize("width", [40, 50, 60, 72, 80, 99, 100, 140])
def test_the_timeline_keeps_its_events_column_at_any_width(width: int) -> None:
    """`brief show` on a narrow terminal: the events' column keeps at least 40% of the room
    (at 60 columns it once got none, and every event's title was left out), and each event's
    title is there."""
    brief = load_brief(BUNDLED)
    result = run_cli("show", str(BUNDLED), env={"COLUMNS": str(width)})
    lines = result.stdout.splitlines()
    timeline = lines[lines.index(next(line for line in lines if line.startswith("Timeline"))) :]
    header = next(line for line in timeline if "Event" in line and "Date" in line)
    event = header.index("Event")
    after = header[event + len("Event") :]
    actors = len(header) - len(after.lstrip())  # where the next heading begins ("Actors")
    assert actors - event >= (min(width, 100) - 9) * 2 // 5
    text = " ".join(" ".join(timeline).split())
    for item in brief.timeline:
        word = item.title.split()[0]
        if len(word) < actors - event - 2:  # a longer one may be folded over two lines
            assert word in text
