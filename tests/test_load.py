"""The loader, rule by rule: each problem is checked at its exact line and column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brief import load
from brief.errors import LoadError
from brief.load import MAX_FILE_BYTES, check_bytes, check_file, load_brief, load_bytes, locate
from brief.model import Brief

VALID = """\
format: 1
id: demo
title: Demo brief
as_of: 2025-10
sources:
  - id: rostami-2025
    title: An article
actors:
  - id: ishaq-dar
    name: Ishaq Dar
    kind: person
sections:
  - id: diplomacy
    title: Diplomacy
    points:
      - text: First point
        actors: [ishaq-dar]
      - text: Second point
figures:
  - label: Trade
    value: 865
    section: diplomacy
timeline:
  - date: 2025-08-23
    end: 2025-08-24
    title: A visit
    section: diplomacy
    actors: [ishaq-dar]
    sources: [rostami-2025]
"""


def problems(text: str, *, severity: str | None = None) -> list[str]:
    """`line:col: message` for each problem of a YAML text."""
    _, found = check_bytes(text.encode(), "t.yaml")
    return [
        f"{p.line}:{p.col}: {p.message}"
        for p in found
        if severity is None or p.severity == severity
    ]


def with_lines(**replacements: str) -> str:
    """VALID with some lines replaced, keeping line numbers easy to read in the tests."""
    text = VALID
    for old, new in replacements.items():
        old = old.replace("_", " ")
        assert old in text
        text = text.replace(old, new, 1)
    return text


# -- a valid brief ---------------------------------------------------------------------------


def test_valid_brief_loads_with_no_problems() -> None:
    brief, found = check_bytes(VALID.encode(), "t.yaml")
    assert found == []
    assert isinstance(brief, Brief)
    assert brief.title == "Demo brief"
    assert str(brief.as_of) == "2025-10"
    assert brief.figures[0].value == 865.0
    assert brief.timeline[0].end is not None


def test_ids_are_assigned_in_file_order() -> None:
    brief = load_bytes(VALID.encode())
    assert [p.id for _, p in brief.points()] == ["diplomacy-p1", "diplomacy-p2"]
    assert [f.id for f in brief.figures] == ["f1"]
    assert [e.id for e in brief.timeline] == ["e1"]


def test_generated_ids_avoid_explicit_ones() -> None:
    text = VALID.replace(
        "  - date: 2025-08-23\n", "  - id: e2\n    date: 2025\n    title: x\n  - date: 2025-08-23\n"
    )
    brief = load_bytes(text.encode())
    assert [e.id for e in brief.timeline] == ["e2", "e2-2"]


def test_scalars_are_typed_by_the_schema_alone() -> None:
    text = with_lines(**{"title: Demo brief": "title: 1974", "- text: Second point": "- text: no"})
    text = text.replace("    title: A visit\n", "    title: yes\n    text: null\n")
    brief = load_bytes(text.encode())
    assert brief.title == "1974"
    assert brief.sections[0].points[1].text == "no"
    assert brief.timeline[0].title == "yes"
    assert brief.timeline[0].text == ""  # an empty value is the same as no key


def test_null_forms_are_none_but_quoted_null_is_text() -> None:
    text = VALID.replace("title: Demo brief\n", 'title: "null"\nsubtitle: ~\n')
    brief = load_bytes(text.encode())
    assert brief.title == "null"
    assert brief.subtitle is None


def test_bom_is_accepted() -> None:
    brief = load_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert brief.id == "demo"


def test_crlf_line_endings_load() -> None:
    brief = load_bytes(VALID.replace("\n", "\r\n").encode())
    assert brief.sections[0].points[0].text == "First point"


# -- schema problems, all at once, each at line:col -----------------------------------------


def test_unknown_key_suggests_the_closest() -> None:
    assert problems(VALID.replace("title: Demo brief", "titel: Demo brief")) == [
        "1:1: missing required key `title`",
        "3:1: unknown key `titel`; did you mean `title`?",
    ]


def test_bad_date_is_reported_at_its_position() -> None:
    assert problems(VALID.replace("date: 2025-08-23", "date: 2025-02-30")) == [
        "24:11: `2025-02-30` is not a date: 2025-02 has no day 30; it has 28 days"
    ]


def test_date_in_another_form() -> None:
    assert problems(VALID.replace("as_of: 2025-10", "as_of: October 2025")) == [
        "4:8: `October 2025` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
    ]


def test_bool_must_be_true_or_false() -> None:
    text = VALID.replace("    end: 2025-08-24\n", "    approx: yes\n")
    assert problems(text) == ["25:13: `approx` must be true or false, not `yes`"]


def test_number_must_be_a_number() -> None:
    assert problems(VALID.replace("value: 865", "value: 1,200")) == [
        "21:12: `value` must be a number, not `1,200`"
    ]


def test_number_must_be_finite() -> None:
    assert problems(VALID.replace("value: 865", "value: nan")) == [
        "21:12: `value` must be a finite number, not `nan`"
    ]


def test_slug_suggests_a_valid_id() -> None:
    assert problems(VALID.replace("id: ishaq-dar", "id: Ishaq Dar")) == [
        "9:9: `Ishaq Dar` is not a valid id: use lower-case letters, digits and single "
        "hyphens, e.g. `ishaq-dar`",
        "17:18: unknown actor `ishaq-dar`; did you mean `Ishaq Dar`?",
        "28:14: unknown actor `ishaq-dar`; did you mean `Ishaq Dar`?",
    ]


def test_a_slug_suggested_for_an_accented_id_keeps_its_letters() -> None:
    assert problems(VALID.replace("id: ishaq-dar", "id: Isḥāq Dār"))[0] == (
        "9:9: `Isḥāq Dār` is not a valid id: use lower-case letters, digits and single "
        "hyphens, e.g. `ishaq-dar`"
    )


def test_enum_suggests_the_closest_value() -> None:
    assert problems(VALID.replace("kind: person", "kind: persn")) == [
        "11:11: `kind` must be one of person, party, government, country, organisation, "
        "agreement, event, other, not `persn`; did you mean `person`?"
    ]


def test_missing_required_key_is_reported_at_its_mapping() -> None:
    assert problems(VALID.replace("    title: A visit\n", "")) == [
        "24:5: missing required key `title`"
    ]


def test_empty_required_text() -> None:
    assert problems(VALID.replace("title: Demo brief", 'title: ""')) == [
        "3:8: `title` must not be empty"
    ]


def test_empty_value_is_reported_at_its_key() -> None:
    assert problems(VALID.replace("title: Demo brief", "title:")) == [
        "3:1: `title` is empty; write a value"
    ]


def test_a_single_reference_must_be_a_list() -> None:
    assert problems(
        VALID.replace("actors: [ishaq-dar]\n      - text", "actors: ishaq-dar\n      - text")
    ) == ["17:17: `actors` must be a list: write `[ishaq-dar]`"]


def test_item_must_be_a_mapping() -> None:
    assert problems(VALID.replace("      - text: Second point\n", "      - Second point\n")) == [
        "18:9: each item of `points` must be a mapping of `key: value` lines, not `Second point`"
    ]


def test_sources_need_at_least_one() -> None:
    text = VALID.replace(
        "sources:\n  - id: rostami-2025\n    title: An article\n", "sources: []\n"
    ).replace("    sources: [rostami-2025]\n", "")
    assert problems(text) == ["5:10: `sources` needs at least 1 item"]


def test_every_problem_is_reported_at_once() -> None:
    text = (
        VALID.replace("title: Demo brief", "titel: Demo brief")
        .replace("date: 2025-08-23", "date: 2025-13")
        .replace("kind: person", "kind: human")
        .replace("sources: [rostami-2025]", "sources: [rostami-2052]")
    )
    found = problems(text)
    assert found == [
        "1:1: missing required key `title`",
        "3:1: unknown key `titel`; did you mean `title`?",
        "11:11: `kind` must be one of person, party, government, country, organisation, "
        "agreement, event, other, not `human`",
        "24:11: `2025-13` is not a date: month 13 does not exist; use 01 to 12",
        "29:15: unknown source `rostami-2052`; did you mean `rostami-2025`?",
    ]


# -- format, references, duplicates, dates ---------------------------------------------------


def test_format_must_be_1() -> None:
    assert problems(VALID.replace("format: 1", "format: 2")) == [
        "1:9: `format: 2` is not supported; this version of brief reads format 1 "
        "(write `format: 1`)"
    ]


def test_missing_format() -> None:
    assert problems(VALID.replace("format: 1\n", "")) == [
        "1:1: missing required key `format` (write `format: 1`)"
    ]


def test_dangling_references_suggest_the_closest_id() -> None:
    text = VALID.replace("actors: [ishaq-dar]\n    sources", "actors: [ishaq-da]\n    sources")
    text = text.replace("    section: diplomacy\n    actors", "    section: diplomcy\n    actors")
    assert problems(text) == [
        "27:14: unknown section `diplomcy`; did you mean `diplomacy`?",
        "28:14: unknown actor `ishaq-da`; did you mean `ishaq-dar`?",
    ]


def test_figure_section_must_resolve() -> None:
    assert problems(
        VALID.replace("    section: diplomacy\ntimeline", "    section: economy\ntimeline")
    ) == ["22:14: unknown section `economy`; add it to `sections` or fix the id"]


def test_duplicate_ids_are_errors() -> None:
    text = VALID.replace("actors:\n", "actors:\n  - id: ishaq-dar\n    name: Someone else\n", 1)
    assert problems(text) == ["11:9: duplicate id `ishaq-dar`; ids must be unique"]


def test_items_share_one_id_namespace() -> None:
    text = VALID.replace("  - label: Trade", "  - id: visit\n    label: Trade").replace(
        "  - date: 2025-08-23", "  - id: visit\n    date: 2025-08-23"
    )
    assert problems(text) == ["25:9: duplicate id `visit`; ids must be unique"]


def test_end_may_not_fall_before_date() -> None:
    assert problems(VALID.replace("end: 2025-08-24", "end: 2025-07")) == [
        "25:10: `end` 2025-07 falls before `date` 2025-08-23; swap them or fix one"
    ]


def test_end_is_compared_as_an_interval() -> None:
    # 2025-08 runs to 31 August, so it does not fall before 23 August.
    assert problems(VALID.replace("end: 2025-08-24", "end: 2025-08")) == []


def test_end_needs_a_date() -> None:
    text = VALID.replace(
        "      - text: Second point\n", "      - text: Second point\n        end: 2025\n"
    )
    assert problems(text) == ["19:14: `end` needs a `date` to start from"]


# -- refusals: each one clear, at its position ----------------------------------------------


def test_anchor_and_alias_are_refused() -> None:
    text = VALID.replace("kind: person", "kind: &k person").replace(
        "    title: A visit", "    title: *k"
    )
    assert problems(text) == [
        "11:11: anchor `&k`: anchors are not allowed; write each value out in full",
        "26:12: alias `*k`: aliases are not allowed; write the value out in full",
    ]


def test_merge_key_is_refused() -> None:
    text = VALID.replace("    title: A visit\n", "    title: A visit\n    <<: {text: x}\n")
    assert problems(text) == [
        "27:5: merge key `<<`: merge keys are not allowed; write the keys out in full"
    ]


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("!!int", "!!int"),
        ("!!python/object:os.system", "!!python/object:os.system"),
        ("!include", "!include"),
        ("!!str", "!!str"),
    ],
)
def test_explicit_tags_are_refused(tag: str, shown: str) -> None:
    assert problems(VALID.replace("value: 865", f"value: {tag} 865")) == [
        f"21:12: tag `{shown}`: explicit tags are not allowed; remove it "
        "(the format decides each value's type)"
    ]


def test_second_document_is_refused() -> None:
    assert problems(VALID + "---\nid: other\n") == [
        "30:1: a second YAML document (`---`); a brief is one document: remove it and what "
        "follows, or put it in its own file"
    ]


def test_duplicate_key_is_an_error() -> None:
    assert problems(VALID.replace("title: Demo brief\n", "title: Demo brief\ntitle: Again\n")) == [
        "4:1: duplicate key `title` (first at line 3); remove one"
    ]


def test_complex_key_is_refused() -> None:
    assert problems(VALID + "? [a, b]\n: c\n") == [
        "30:3: a key must be a plain name, not a list or mapping"
    ]


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_nesting_stops_at_depth_64(opener: str) -> None:
    text = VALID + "summary: " + opener * 200 + "\n"
    col = 10 + len(opener) * 63  # the root mapping is level 1
    assert problems(text) == [
        f"30:{col}: nesting deeper than 64 levels; a brief needs far fewer, so look for a "
        "run of unclosed brackets or indentation"
    ]


def test_deep_block_nesting_stops_at_depth_64() -> None:
    text = "".join("  " * i + "a:\n" for i in range(200))
    assert problems(text) == [
        "65:129: nesting deeper than 64 levels; a brief needs far fewer, so look for a run of "
        "unclosed brackets or indentation"
    ]


def test_25k_levels_of_nesting_stop_at_depth_64() -> None:
    found = problems("[" * 25_000 + "]" * 25_000)  # timed in benchmarks/bench_worst_case.py
    assert found and found[0].startswith("1:1001: nesting deeper than 64 levels")


# -- syntax, encoding, size ------------------------------------------------------------------


def test_syntax_error_has_a_position() -> None:
    assert problems(VALID.replace("    title: A visit", "    title: [A visit")) == [
        "27:12: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence); "
        "the [ at 26:12 is not closed: end the list with ]"
    ]


@pytest.mark.parametrize(
    ("text", "at", "says"),
    [
        ("title: [a, b\nid: x\n", "2:3", "the [ at 1:8 is not closed: end the list with ]"),
        ("title: {a: 1\n", "2:1", "the { at 1:8 is not closed: end it with }"),
        ('title: "a visit\nid: x\n', "3:1", "the quote at 1:8 is not closed"),
        ("title: Dhaka: a visit\n", "1:13", "a value that holds ': ' must be in quotes"),
        ("\tid: x\n", "1:1", "YAML cannot indent with tabs; use spaces"),
        ("a:\n  b: 1\n c: 2\n", "3:2", "line this key up with the keys of the mapping at 1:1"),
    ],
)
def test_common_syntax_errors_say_how_to_fix_them(text: str, at: str, says: str) -> None:
    (found,) = problems(text)
    assert found.startswith(f"{at}: YAML syntax: ") and says in found
    assert "\n" not in found


def test_invalid_utf8_is_reported_at_line_and_column() -> None:
    data = VALID.replace("Demo brief", "Démo \udcff").encode("utf-8", "surrogateescape")
    _, found = check_bytes(data, "t.yaml")
    assert [(p.line, p.col, p.message) for p in found] == [
        (3, 13, "invalid UTF-8 (byte 0xFF); save the file as UTF-8")
    ]


def test_utf16_is_rejected_as_not_utf8() -> None:
    _, found = check_bytes(VALID.encode("utf-16"), "t.yaml")
    assert [(p.line, p.col) for p in found] == [(1, 1)]
    assert "save the file as UTF-8" in found[0].message


def test_raw_control_character_is_an_error() -> None:
    assert problems(VALID.replace("Demo brief", "Demo\x07brief")) == [
        "3:12: U+0007 (control character) is not allowed in a YAML file; remove it"
    ]


def test_lone_surrogate_escape_is_an_error() -> None:
    assert problems(VALID.replace("title: Demo brief", 'title: "a\\ud800"')) == [
        "3:12: this escape is not a character (a lone surrogate such as `\\ud800`, or beyond "
        "U+10FFFF); remove it or write the character itself"
    ]


def test_empty_file() -> None:
    assert problems("") == ["1:1: the file is empty; a brief starts with `format: 1`"]
    assert problems("# only a comment\n") == [
        "1:1: the file is empty; a brief starts with `format: 1`"
    ]


def test_top_level_must_be_a_mapping() -> None:
    assert problems("- a\n- b\n") == [
        "1:1: the brief must be a mapping of `key: value` lines, not a list"
    ]


def test_huge_file_is_rejected_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(200 * 1024 * 1024)  # sparse: no disk used, nothing worth reading
    brief, found = check_file(path)
    assert brief is None
    assert [(p.line, p.col) for p in found] == [(1, 1)]
    # The size in the message is the file's, not what a read would have returned (at most
    # 2 MiB + 1 byte): the verdict comes from the size alone.
    assert found[0].message.startswith("the file is 200.0 MiB; a brief may be at most 2 MiB")


def test_bytes_over_the_limit_are_rejected() -> None:
    _, found = check_bytes(b" " * (MAX_FILE_BYTES + 1), "t.yaml")
    assert "at most 2 MiB" in found[0].message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert [p.message for p in check_file(tmp_path / "nope.yaml")[1]] == ["no such file"]
    assert check_file(tmp_path)[1][0].message.startswith("is a directory")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    # Opening a FIFO for reading blocks until a writer appears; open it non-blocking first.
    fd = os.open(fifo, os.O_RDWR)
    try:
        assert check_file(fifo)[1][0].message.startswith("not a regular file")
    finally:
        os.close(fd)


# -- text hygiene ---------------------------------------------------------------------------


def test_escapes_become_placeholders_with_warnings() -> None:
    text = VALID.replace("title: Demo brief", 'title: "Demo\\e]52;c;x\\a \\0 brief"')
    brief, found = check_bytes(text.encode(), "t.yaml")
    assert brief is not None
    assert brief.title == "Demo␛]52;c;x␇ ␀ brief"
    assert [f"{p.line}:{p.col}: {p.message}" for p in found] == [
        "3:13: U+001B (control character) replaced by ␛",
        "3:22: U+0007 (control character) replaced by ␇",
        "3:25: U+0000 (control character) replaced by ␀",
    ]
    assert all(p.severity == "warning" for p in found)


def test_raw_bidi_and_zero_width_characters_are_replaced() -> None:
    text = VALID.replace("Demo brief", "Demo \u202ebrief").replace("Second point", "Sec\u200bond")
    brief = load_bytes(text.encode())
    assert brief.title == "Demo ⟨U+202E⟩brief"
    assert brief.sections[0].points[1].text == "Sec⟨U+200B⟩ond"
    assert problems(text, severity="warning") == [
        "3:13: U+202E (right-to-left override) replaced by ⟨U+202E⟩",
        "18:18: U+200B (zero width space) replaced by ⟨U+200B⟩",
    ]


def test_unicode_escapes_and_block_scalars() -> None:
    text = VALID.replace("title: Demo brief", 'title: "x\\u2066y"\nsummary: |\n  a\u2069b')
    assert problems(text, severity="warning") == [
        "3:10: U+2066 (left-to-right isolate) replaced by ⟨U+2066⟩",
        "5:4: U+2069 (pop directional isolate) replaced by ⟨U+2069⟩",
    ]


def test_unsafe_characters_in_keys_are_shown_as_placeholders() -> None:
    found = problems(VALID.replace("title: Demo brief", "title: Demo brief\nti\u200btle: x"))
    assert found[0].startswith("4:1: unknown key `ti⟨U+200B⟩tle`; known keys: format, id,")
    assert found[1:] == ["4:3: U+200B (zero width space) replaced by ⟨U+200B⟩"]


def test_backslash_in_plain_text_is_not_an_escape() -> None:
    brief, found = check_bytes(VALID.replace("Demo brief", "C:\\new\\e").encode(), "t.yaml")
    assert found == [] and brief is not None and brief.title == "C:\\new\\e"


def test_markup_stays_literal() -> None:
    brief = load_bytes(VALID.replace("Demo brief", '"[bold]x[/] [@click=app.quit]y"').encode())
    assert brief.title == "[bold]x[/] [@click=app.quit]y"


# -- the public functions --------------------------------------------------------------------


def test_load_brief_raises_every_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(VALID.replace("kind: person", "kind: x").replace("value: 865", "value: y"))
    with pytest.raises(LoadError) as caught:
        load_brief(path)
    assert [(p.path, p.line, p.col) for p in caught.value.problems] == [
        (str(path), 11, 11),
        (str(path), 21, 12),
    ]
    assert str(caught.value).startswith(f"{path}:11:11: `kind` must be one of")


def test_load_brief_returns_a_brief_despite_warnings(tmp_path: Path) -> None:
    path = tmp_path / "warn.yaml"
    path.write_text(VALID.replace("Demo brief", '"Demo\\ebrief"'))
    assert load_brief(path).title == "Demo␛brief"


def test_fast_and_explaining_paths_agree(tmp_path: Path) -> None:
    """A warning sends a file down the explaining path; it must build the same Brief."""
    from brief.load import _explain
    from brief.model import to_builtins

    fast = load_bytes(VALID.encode())
    explained, found = _explain(VALID.encode(), VALID, "t.yaml")
    assert found == []
    assert to_builtins(explained) == to_builtins(fast)


def test_locate_finds_a_value(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(VALID)
    assert locate(path, ("id",)) == (2, 5)
    assert locate(path, ("timeline", 0, "actors", 0)) == (28, 14)
    assert locate(tmp_path / "missing.yaml", ("id",)) == (1, 1)


# Every one-line field written as a YAML block: folded (>) or literal (|), each with its
# final newline.
_BLOCK_FIELDS = (
    VALID.replace("title: Demo brief", "title: >\n  Demo\n  brief")
    .replace("    title: An article", "    title: |\n      An\n      article")
    .replace("    name: Ishaq Dar", '    name: >\n      Ishaq\n      Dar\n    aliases: ["Dar\\n"]')
    .replace("    title: Diplomacy", "    title: >\n      Diplo\n      macy")
    .replace("  - label: Trade", "  - label: |\n      Trade\n    unit: >\n      USD\n      m")
    .replace("    title: A visit", "    title: >\n      A\n\n      visit")
)


@pytest.mark.parametrize("path", ["fast", "explaining"])
def test_one_line_fields_written_as_yaml_blocks_are_one_line(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Titles, names and labels are drawn on one line (table rows, lists, tabs): line breaks
    from a YAML block are spaces, without the block's final newline. Prose keeps its own."""
    if path == "explaining":  # the fast path's last check fails: the loader walks the tree
        monkeypatch.setattr(load, "_consistent", lambda brief: False)
    brief, found = check_bytes(_BLOCK_FIELDS.encode(), "t.yaml")
    assert brief is not None, found
    assert brief.title == "Demo brief"
    assert brief.sources[0].title == "An article"
    assert (brief.actors[0].name, brief.actors[0].aliases) == ("Ishaq Dar", ["Dar"])
    assert brief.sections[0].title == "Diplo macy"
    assert (brief.figures[0].label, brief.figures[0].unit) == ("Trade", "USD m")
    assert brief.timeline[0].title == "A visit"
