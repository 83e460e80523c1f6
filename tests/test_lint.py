"""Lint rules: each has a failing and a passing example, located at the item's line:col.

Briefs are written as YAML files and loaded with the real loader, the way `brief lint` does.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from brief.lint import RULES, Finding, UnknownRuleError, check_rule_ids, lint_file
from tests.helpers import BUNDLED

_CLEAN = {
    "as_of": "2025-10-23",
    "summary": "summary: A short summary.",
    "actors": """
        actors:
          - id: dar
            name: Ishaq Dar
            kind: person
        """,
    "sections": """
        sections:
          - id: diplomacy
            title: Diplomacy
            points:
              - text: A point about the visit.
                actors: [dar]
                tags: [visit]
                sources: [src]
        """,
    "figures": """
        figures:
          - label: Trade
            value: 865
            sources: [src]
        """,
    "timeline": """
        timeline:
          - date: 2025-08-23
            title: Dar visits Dhaka
            actors: [dar]
            tags: [visit]
            sources: [src]
        """,
    "lint": "",
}
# Blocks start at column 0, so a test can append lines at the YAML's own indentation.
CLEAN_PARTS = {key: textwrap.dedent(block).strip("\n") + "\n" for key, block in _CLEAN.items()}


def brief_text(**parts: str) -> str:
    """A small brief, lint-clean unless `parts` replace some of its blocks."""
    merged = {**CLEAN_PARTS, **parts}
    head = f"""\
format: 1
id: test
title: Test
as_of: {merged["as_of"]}
{merged["summary"]}
sources:
  - id: src
    title: A source
"""
    blocks = [
        textwrap.dedent(merged[k]).strip("\n") for k in CLEAN_PARTS if k not in ("as_of", "summary")
    ]
    return head + "\n".join(b for b in blocks if b) + "\n"


def lint_text(tmp_path: Path, text: str, ignore: tuple[str, ...] = ()) -> list[Finding]:
    path = tmp_path / "test.yaml"
    path.write_text(text, encoding="utf-8")
    findings, problems = lint_file(path, ignore=ignore)
    assert problems == []
    return findings


def rules_of(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def test_the_clean_example_is_clean(tmp_path: Path) -> None:
    assert lint_text(tmp_path, brief_text()) == []


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# --- missing-source ----------------------------------------------------------------------------


@pytest.mark.parametrize("block", ["sections", "figures", "timeline"])
def test_missing_source_fails_on_each_kind_of_item(tmp_path: Path, block: str) -> None:
    text = brief_text(**{block: CLEAN_PARTS[block].replace("sources: [src]", "sources: []")})
    findings = lint_text(tmp_path, text)
    assert rules_of(findings) == ["missing-source"]
    # Located at the item itself: the first key after its "- ".
    first_key = {"sections": "- text:", "figures": "- label:", "timeline": "- date:"}[block]
    line = line_of(text, first_key)
    assert (findings[0].line, findings[0].col) == (line, text.splitlines()[line - 1].index("-") + 3)


def test_missing_source_passes_when_every_item_cites_one(tmp_path: Path) -> None:
    assert "missing-source" not in rules_of(lint_text(tmp_path, brief_text()))


# --- unused-actor ------------------------------------------------------------------------------


def test_unused_actor_fails(tmp_path: Path) -> None:
    actors = CLEAN_PARTS["actors"] + "  - id: yunus\n    name: Muhammad Yunus\n"
    text = brief_text(actors=actors)
    findings = lint_text(tmp_path, text)
    assert rules_of(findings) == ["unused-actor"]
    assert "'yunus'" in findings[0].message
    assert findings[0].line == line_of(text, "id: yunus")


def test_unused_actor_passes_when_a_figure_refers_to_it(tmp_path: Path) -> None:
    actors = CLEAN_PARTS["actors"] + "  - id: yunus\n    name: Muhammad Yunus\n"
    figures = CLEAN_PARTS["figures"].replace(
        "sources: [src]", "sources: [src]\n    actors: [yunus]"
    )
    assert lint_text(tmp_path, brief_text(actors=actors, figures=figures)) == []


# --- tag-typo ----------------------------------------------------------------------------------

TWO_VISIT_POINTS = """
    sections:
      - id: diplomacy
        title: Diplomacy
        points:
          - text: A point about the visit.
            actors: [dar]
            tags: [visit, {tag}]
            sources: [src]
    """


def test_tag_typo_fails_and_suggests_the_tag_meant(tmp_path: Path) -> None:
    # "visit" is used twice (a point and an event); "visti" once, on the figure.
    figures = CLEAN_PARTS["figures"].replace("value: 865", "value: 865\n    tags: [visti]")
    text = brief_text(figures=figures)
    findings = lint_text(tmp_path, text)
    assert rules_of(findings) == ["tag-typo"]
    assert "'visti'" in findings[0].message and "did you mean 'visit'" in findings[0].message
    line = line_of(text, "tags: [visti]")
    col = text.splitlines()[line - 1].index("visti") + 1
    assert (findings[0].line, findings[0].col) == (line, col)


def test_tag_typo_passes_for_a_distinct_tag_used_once(tmp_path: Path) -> None:
    # "visas" is one letter-pair away from nothing: a tag used once is fine on its own.
    figures = CLEAN_PARTS["figures"].replace("value: 865", "value: 865\n    tags: [visas]")
    assert lint_text(tmp_path, brief_text(figures=figures)) == []


def test_tag_typo_reports_only_the_later_of_two_tags_used_once(tmp_path: Path) -> None:
    text = brief_text(sections=TWO_VISIT_POINTS.format(tag="defence"))
    text = text.replace(
        "tags: [visit]\n    sources: [src]", "tags: [visit, defense]\n    sources: [src]"
    )
    assert "tags: [visit, defense]" in text
    findings = [f for f in lint_text(tmp_path, text) if f.rule == "tag-typo"]
    assert len(findings) == 1 and "'defense'" in findings[0].message


# --- future-not-expected and expected-in-past --------------------------------------------------

EVENT = """
    timeline:
      - date: {date}
        {extra}title: Something happens
        actors: [dar]
        sources: [src]
    """


def event(date: str, *, expected: bool = False, end: str | None = None) -> str:
    extra = ""
    if end:
        extra += f"end: {end}\n        "
    if expected:
        extra += "expected: true\n        "
    return EVENT.format(date=date, extra=extra)


@pytest.mark.parametrize(
    ("as_of", "date", "end"),
    [
        ("2025-10-23", "2025-10-24", None),
        ("2025-10-23", "2025-11", None),  # November starts after the 23rd of October
        ("2025-10", "2025-11-01", None),  # as_of "October" ends on the 31st
        ("2025", "2026", None),
    ],
)
def test_future_not_expected_fails(tmp_path: Path, as_of: str, date: str, end: str | None) -> None:
    text = brief_text(as_of=as_of, timeline=event(date, end=end))
    findings = lint_text(tmp_path, text)
    assert rules_of(findings) == ["future-not-expected"]
    assert findings[0].line == line_of(text, f"- date: {date}")


@pytest.mark.parametrize(
    ("as_of", "date", "expected"),
    [
        ("2025-10-23", "2025-10", False),  # October contains as_of: not after it
        ("2025-10-23", "2025", False),
        ("2025-10", "2025-10-30", False),  # inside as_of's month
        ("2025-10-23", "2025-11", True),  # marked expected
    ],
)
def test_future_not_expected_passes(tmp_path: Path, as_of: str, date: str, expected: bool) -> None:
    text = brief_text(as_of=as_of, timeline=event(date, expected=expected))
    assert lint_text(tmp_path, text) == []


def test_future_dated_point_is_checked_too(tmp_path: Path) -> None:
    sections = CLEAN_PARTS["sections"].replace("- text:", "- date: 2026-01\n        text:")
    assert rules_of(lint_text(tmp_path, brief_text(sections=sections))) == ["future-not-expected"]


@pytest.mark.parametrize(
    ("as_of", "date", "end"),
    [
        ("2025-10-23", "2025-10-22", None),
        ("2025-10-23", "2025-09", None),
        ("2025-10", "2025-09-30", None),
        ("2025-10-23", "2025-08", "2025-09"),  # the period ends before as_of
    ],
)
def test_expected_in_past_fails(tmp_path: Path, as_of: str, date: str, end: str | None) -> None:
    text = brief_text(as_of=as_of, timeline=event(date, expected=True, end=end))
    findings = lint_text(tmp_path, text)
    assert rules_of(findings) == ["expected-in-past"]
    assert findings[0].line == line_of(text, f"- date: {date}")


@pytest.mark.parametrize(
    ("as_of", "date", "end"),
    [
        ("2025-10-23", "2025-10", None),  # October overlaps as_of
        ("2025-10-23", "2026", None),
        ("2025-10-23", "2025-08", "2026"),  # a period still running at as_of
    ],
)
def test_expected_in_past_passes(tmp_path: Path, as_of: str, date: str, end: str | None) -> None:
    text = brief_text(as_of=as_of, timeline=event(date, expected=True, end=end))
    assert lint_text(tmp_path, text) == []


# --- empty-section -----------------------------------------------------------------------------


def test_empty_section_fails(tmp_path: Path) -> None:
    sections = CLEAN_PARTS["sections"] + "  - id: defence\n    title: Defence\n"
    text = brief_text(sections=sections)
    findings = lint_text(tmp_path, text)
    assert rules_of(findings) == ["empty-section"]
    assert (findings[0].line, findings[0].col) == (line_of(text, "id: defence"), 5)


def test_empty_section_passes_with_a_point(tmp_path: Path) -> None:
    sections = CLEAN_PARTS["sections"] + (
        "  - id: defence\n    title: Defence\n    points:\n"
        "      - text: Navy visit.\n        sources: [src]\n"
    )
    assert lint_text(tmp_path, brief_text(sections=sections)) == []


# --- duplicate-event ---------------------------------------------------------------------------

TWO_EVENTS = """
    timeline:
      - date: 2025-08-23
        title: Dar visits Dhaka
        actors: [dar]
        sources: [src]
      - date: {date}
        title: {title}
        sources: [src]
    """


@pytest.mark.parametrize("title", ["Dar visits Dhaka", "dar visits Dhaka.", "Dar visit Dhaka"])
def test_duplicate_event_fails(tmp_path: Path, title: str) -> None:
    text = brief_text(timeline=TWO_EVENTS.format(date="2025-08-23", title=title))
    findings = lint_text(tmp_path, text)
    assert rules_of(findings) == ["duplicate-event"]
    second_event = [n for n, line in enumerate(text.splitlines(), 1) if "- date:" in line][1]
    assert findings[0].line == second_event


@pytest.mark.parametrize(
    ("date", "title"),
    [
        ("2025-08-24", "Dar visits Dhaka"),  # another day
        ("2025-08", "Dar visits Dhaka"),  # another precision: not the same date
        ("2025-08-23", "Visa waiver signed"),
    ],
)
def test_duplicate_event_passes(tmp_path: Path, date: str, title: str) -> None:
    text = brief_text(timeline=TWO_EVENTS.format(date=date, title=title))
    assert lint_text(tmp_path, text) == []


# --- empty-summary and long-summary ------------------------------------------------------------


@pytest.mark.parametrize("summary", ["", 'summary: ""', "summary: '   '"])
def test_empty_summary_fails(tmp_path: Path, summary: str) -> None:
    findings = lint_text(tmp_path, brief_text(summary=summary))
    assert rules_of(findings) == ["empty-summary"]


def test_long_summary_fails_and_passes_at_the_limit(tmp_path: Path) -> None:
    from brief.lint import SUMMARY_LIMIT

    text = brief_text(summary="summary: " + "x" * (SUMMARY_LIMIT + 1))
    findings = lint_text(tmp_path, text)
    assert rules_of(findings) == ["long-summary"]
    assert (findings[0].line, findings[0].col) == (line_of(text, "summary:"), 1)
    assert lint_text(tmp_path, brief_text(summary="summary: " + "x" * SUMMARY_LIMIT)) == []


# --- ignoring rules ----------------------------------------------------------------------------


def test_lint_ignore_in_the_brief_silences_a_rule(tmp_path: Path) -> None:
    sections = CLEAN_PARTS["sections"] + "  - id: defence\n    title: Defence\n"
    failing = brief_text(sections=sections)
    assert rules_of(lint_text(tmp_path, failing)) == ["empty-section"]
    silenced = brief_text(sections=sections, lint="lint:\n  ignore: [empty-section]")
    assert lint_text(tmp_path, silenced) == []


def test_ignore_argument_silences_a_rule(tmp_path: Path) -> None:
    text = brief_text(summary="")
    assert lint_text(tmp_path, text, ignore=("empty-summary",)) == []


def test_unknown_rule_in_the_brief_is_a_finding(tmp_path: Path) -> None:
    text = brief_text(lint="lint:\n  ignore: [empty-sections]")
    findings = lint_text(tmp_path, text)
    assert rules_of(findings) == ["unknown-rule"]
    assert "did you mean 'empty-section'" in findings[0].message
    assert findings[0].line == line_of(text, "ignore:")


def test_check_rule_ids() -> None:
    assert check_rule_ids(["tag-typo", " unused-actor", "", "tag-typo"]) == [
        "tag-typo",
        "unused-actor",
    ]
    with pytest.raises(UnknownRuleError, match="did you mean 'tag-typo'"):
        check_rule_ids(["tag-typos"])


def test_every_rule_explains_itself() -> None:
    for rule in RULES.values():
        assert rule.id and rule.explanation.endswith(".") and rule.hint.endswith(".")


@pytest.mark.parametrize(
    "prefix", [b"", b"\xef\xbb\xbf", b"# yaml-language-server: $schema=x.json\r\n"]
)
@pytest.mark.parametrize("which", ["bundled", "generated"])
def test_positions_agree_with_the_loader(tmp_path: Path, prefix: bytes, which: str) -> None:
    """The marks recorded while loading (the fast build) are those of the explaining walk, an
    independent builder, for every node and key: lint's positions are the loader's."""
    from brief.lint import Positions
    from brief.load import Marks, _MarkedWalk, check_file, locate

    if which == "bundled":
        text = BUNDLED.read_text(encoding="utf-8")
    else:
        text = brief_text(
            timeline=TWO_EVENTS.format(date="2025-08-23", title="Über “X”"),
            summary="summary:",  # an empty value
            lint="lint: {ignore: []}",
        )
    path = tmp_path / "test.yaml"
    path.write_bytes(prefix + text.encode())
    found = Marks({}, {}, set())
    assert check_file(path, found)[0] is not None
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    walk = _MarkedWalk(data, data.decode(), "test.yaml")
    walk.run()
    assert found.values == walk.value_marks
    assert found.keys == walk.key_marks
    assert found.empty == walk.empty_keys
    positions = Positions(found)
    for key_path in [("timeline", 1), ("timeline", 1, "sources", 0), ("actors", 0)]:
        assert positions.locate(key_path) == locate(path, key_path), key_path
