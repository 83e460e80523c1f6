"""The query parser: every row of the syntax table (docs/search.md), typing, and its warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from brief.query import (
    DateRange,
    Field,
    Text,
    add_qualifier,
    has_qualifier,
    parse,
    remove_qualifier,
    toggle_qualifier,
)


def shape(text: str, typing: bool = False) -> list[list[tuple]]:
    """Clauses as lists of compact atom tuples, for table-driven comparisons."""
    out = []
    for clause in parse(text, typing=typing).clauses:
        atoms = []
        for a in clause.atoms:
            neg = "-" if a.negated else ""
            if isinstance(a, Text):
                atoms.append((f"{neg}text", a.text, a.phrase, a.prefix))
            elif isinstance(a, Field):
                atoms.append((f"{neg}{a.name}", a.values, a.prefix))
            else:
                assert isinstance(a, DateRange)
                atoms.append((f"{neg}{a.name}", a.first, a.last))
        out.append(atoms)
    return out


D = dt.date

SYNTAX = [
    # words: AND
    ("visa trade", [[("text", "visa", False, False)], [("text", "trade", False, False)]]),
    # exact phrase
    ('"cargo ship"', [[("text", "cargo ship", True, False)]]),
    # exclusion, also as the first term, of words and fields
    ("-exercise", [[("-text", "exercise", False, False)]]),
    ("-tag:visas", [[("-tag", ("visas",), False)]]),
    ("NOT exercise", [[("-text", "exercise", False, False)]]),
    # OR
    ("naqvi OR dar", [[("text", "naqvi", False, False), ("text", "dar", False, False)]]),
    # actor by id, name (quoted) or alias
    ("actor:dar", [[("actor", ("dar",), False)]]),
    ('actor:"Ishaq Dar"', [[("actor", ("Ishaq Dar",), False)]]),
    # tag, section, source
    ("tag:visas", [[("tag", ("visas",), False)]]),
    ("section:defence", [[("section", ("defence",), False)]]),
    ("source:rostami-2025", [[("source", ("rostami-2025",), False)]]),
    # kind (plurals forgiven)
    ("kind:event", [[("kind", ("event",), False)]]),
    ("kind:points", [[("kind", ("point",), False)]]),
    ("kind:figure kind:actor", [[("kind", ("figure",), False), ("kind", ("actor",), False)]]),
    # dates: overlap ranges
    ("from:2025-07", [[("from", D(2025, 7, 1), None)]]),
    ("to:2025-08", [[("to", None, D(2025, 8, 31))]]),
    ("on:2024", [[("on", D(2024, 1, 1), D(2024, 12, 31))]]),
    ("date:2024..2025-06", [[("date", D(2024, 1, 1), D(2025, 6, 30))]]),
    ("date:2025..", [[("date", D(2025, 1, 1), None)]]),
    ("date:..2024-02", [[("date", None, D(2024, 2, 29))]]),
    ("on:2025-7-4", [[("on", D(2025, 7, 4), D(2025, 7, 4))]]),
    ("date:2024-2025", [[("date", D(2024, 1, 1), D(2025, 12, 31))]]),
    # flags
    ("is:approx", [[("is", ("approx",), False)]]),
    ("is:expected", [[("is", ("expected",), False)]]),
    # the same field repeated means OR; tag:a,b too; different fields AND
    ("tag:a tag:b", [[("tag", ("a",), False), ("tag", ("b",), False)]]),
    ("tag:a,b", [[("tag", ("a", "b"), False)]]),
    (
        "tag:a section:defence tag:b",
        [[("tag", ("a",), False), ("tag", ("b",), False)], [("section", ("defence",), False)]],
    ),
    (
        "on:2024 on:2025",
        [[("on", D(2024, 1, 1), D(2024, 12, 31)), ("on", D(2025, 1, 1), D(2025, 12, 31))]],
    ),
    ("from:2025-07 to:2025-08", [[("from", D(2025, 7, 1), None)], [("to", None, D(2025, 8, 31))]]),
    # field names are case-insensitive, with forgiving aliases
    ("TAG:visas", [[("tag", ("visas",), False)]]),
    ("since:2025", [[("from", D(2025, 1, 1), None)]]),
    # negated fields stay separate exclusions
    ("-tag:a -tag:b", [[("-tag", ("a",), False)], [("-tag", ("b",), False)]]),
]


@pytest.mark.parametrize(("text", "expected"), SYNTAX, ids=[row[0] for row in SYNTAX])
def test_syntax_table(text: str, expected: list) -> None:
    query = parse(text)
    assert shape(text) == expected
    assert query.warnings == ()


WARNINGS = [
    ("from:2025-13", ["from:2025-13: not a date, ignored"]),
    ("on:2025-02-30", ["on:2025-02-30: not a date, ignored"]),
    (
        "date:soon..later",
        ["date:soon..later: not a date range (write date:2024..2025-06), ignored"],
    ),
    ("from:2024..2025", ["from:2024..2025: not a date (ranges go in date:a..b), ignored"]),
    ("colour:red visa", ["colour: is not a field, searched as text"]),
    ("kind:banana", ["kind:banana: not one of event, point, figure, actor, source, ignored"]),
    ("is:maybe", ["is:maybe: not one of approx, expected, ignored"]),
    ("tag:", ["tag:: no value, ignored"]),
    ("date:2025..2024", ["date:2025..2024: the range runs backwards; read as 2024..2025"]),
]


@pytest.mark.parametrize(("text", "warnings"), WARNINGS, ids=[row[0] for row in WARNINGS])
def test_warnings(text: str, warnings: list[str]) -> None:
    assert list(parse(text).warnings) == warnings


def test_a_bad_date_is_ignored_and_the_rest_kept() -> None:
    assert shape("visa from:2025-13") == [[("text", "visa", False, False)]]


def test_unknown_field_is_searched_as_text() -> None:
    assert shape("colour:red") == [[("text", "colour red", True, False)]]


def test_backwards_range_is_swapped() -> None:
    assert shape("date:2025..2024") == [[("date", D(2024, 1, 1), D(2025, 12, 31))]]


FORGIVING = [
    ('"unbalanced quote', [[("text", "unbalanced quote", True, False)]]),
    ("visa AND trade", [[("text", "visa", False, False)], [("text", "trade", False, False)]]),
    ("c++", [[("text", "c++", False, False)]]),
    ("visa -", [[("text", "visa", False, False)]]),
    (": visa", [[("text", "visa", False, False)]]),
    ("OR visa OR", [[("text", "visa", False, False)]]),
    ("visa OR OR trade", [[("text", "visa", False, False), ("text", "trade", False, False)]]),
    ("--visa", [[("-text", "visa", False, False)]]),
    ('foo"bar', [[("text", "foo", False, False)], [("text", "bar", True, False)]]),
    ("https://example.org", [[("text", "https //example.org", True, False)]]),
    ("", []),
    ("   ", []),
    ('"', []),
]


@pytest.mark.parametrize(("text", "expected"), FORGIVING, ids=[row[0] for row in FORGIVING])
def test_typos_in_the_query_are_forgiven(text: str, expected: list) -> None:
    assert shape(text) == expected


def test_typing_makes_the_last_word_a_prefix() -> None:
    assert shape("visa tra", typing=True)[-1] == [("text", "tra", False, True)]
    # After a space or a closing quote the user has finished the word.
    assert shape("visa tra ", typing=True)[-1] == [("text", "tra", False, False)]
    assert shape('"cargo sh"', typing=True) == [[("text", "cargo sh", True, False)]]
    assert shape('"cargo sh', typing=True) == [[("text", "cargo sh", True, True)]]
    assert shape("tag:vis", typing=True) == [[("tag", ("vis",), True)]]
    assert shape("kind:ev", typing=True) == [[("kind", ("event",), False)]]
    # An exclusion is never a prefix: a half-typed word would hide too much.
    assert shape("-exer", typing=True) == [[("-text", "exer", False, False)]]
    assert shape("visa tra") == [[("text", "visa", False, False)], [("text", "tra", False, False)]]


def test_typing_spares_warnings_for_half_typed_values() -> None:
    assert parse("from:2025-0", typing=True).warnings == ()
    assert parse("tag:", typing=True).warnings == ()
    # ...but not for values that can never become valid.
    assert parse("from:2025-13", typing=True).warnings == ("from:2025-13: not a date, ignored",)


def test_spans_point_into_the_query() -> None:
    text = "visa -tag:visas actor:dar"
    spans = [text[a.span[0] : a.span[1]] for a in parse(text).atoms()]
    assert spans == ["visa", "-tag:visas", "actor:dar"]


def test_field_values_lists_active_filters() -> None:
    query = parse("tag:a,b -tag:c tag:d actor:dar")
    assert query.field_values("tag") == ["a", "b", "d"]


def test_qualifier_helpers_edit_the_query_text() -> None:
    assert add_qualifier("visa", "tag", "visas") == "visa tag:visas"
    assert add_qualifier("visa tag:visas", "tag", "Visas") == "visa tag:visas"
    assert add_qualifier("", "actor", "Ishaq Dar") == 'actor:"Ishaq Dar"'
    assert remove_qualifier("visa tag:visas from:2025", "tag", "visas") == "visa from:2025"
    assert remove_qualifier("tag:a,b,c visa", "tag", "b") == "tag:a,c visa"
    assert remove_qualifier("-tag:a", "tag", "a") == "-tag:a"  # exclusions are left alone
    assert toggle_qualifier("visa", "tag", "x") == "visa tag:x"
    assert toggle_qualifier("visa tag:x", "tag", "x") == "visa"
    assert has_qualifier('actor:"Ishaq Dar"', "actor", "ishaq dar")
