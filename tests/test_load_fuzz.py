"""Property: any bytes, and any YAML that is almost a brief, give a Brief or a LoadError, quickly.

Nothing else may come out: no other exception, no hang. Each example has a deadline.
"""

from __future__ import annotations

from datetime import timedelta

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief.errors import LoadError, Problem
from brief.load import check_bytes, load_bytes
from brief.model import Brief
from tests.test_load import VALID

FUZZ = settings(
    max_examples=200,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)


def outcome(data: bytes) -> None:
    """The contract: check_bytes never raises; load_bytes raises LoadError or returns a Brief."""
    brief, problems = check_bytes(data, "fuzz.yaml")
    assert brief is None or isinstance(brief, Brief)
    assert all(isinstance(p, Problem) and p.line >= 0 and p.col >= 0 for p in problems)
    if brief is None:
        assert any(p.severity == "error" for p in problems)
    try:
        assert isinstance(load_bytes(data, "fuzz.yaml"), Brief)
    except LoadError as error:
        assert error.problems


@FUZZ
@given(st.binary(max_size=2048))
def test_any_bytes(data: bytes) -> None:
    outcome(data)


# Almost a brief: the real keys and plausible values, with typos, wrong types, bad dates,
# YAML features the loader refuses, and unsafe characters mixed in.
KEYS = st.sampled_from(
    [
        "format",
        "id",
        "title",
        "as_of",
        "sources",
        "actors",
        "sections",
        "timeline",
        "figures",
        "date",
        "end",
        "approx",
        "text",
        "points",
        "value",
        "label",
        "kind",
        "name",
        "titel",
        "<<",
    ]
)
SCALARS = st.one_of(
    st.sampled_from(
        [
            "1",
            "2",
            "2025",
            "2025-02-30",
            "2025-13",
            "yes",
            "no",
            "~",
            "",
            "null",
            "diplomacy",
            "a-b",
            "Not A Slug",
            "865",
            "nan",
            "1e999",
            "true",
        ]
    ),
    st.text(max_size=20),
)


def trees():
    return st.recursive(
        SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=5)
        ),
        max_leaves=25,
    )


@FUZZ
@given(st.dictionaries(KEYS, trees(), max_size=8), st.booleans())
def test_generated_yaml(tree: dict, flow: bool) -> None:
    outcome(yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True).encode())


DECORATIONS = st.sampled_from(
    [
        "&a ",
        "*a",
        "!!int ",
        "!include ",
        "<<: ",
        '"\\e[2J"',
        '"\\ud800"',
        "\u202e",
        "[",
        "{",
        "---\n",
        "? ",
        "\t",
        "\x00",
        "- ",
        ": ",
        "#",
    ]
)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID)), DECORATIONS), max_size=4))
def test_a_valid_brief_with_insertions(insertions: list[tuple[int, str]]) -> None:
    text = VALID
    for offset, piece in sorted(insertions, reverse=True):
        text = text[:offset] + piece + text[offset:]
    outcome(text.encode())
