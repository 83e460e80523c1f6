"""Search results and timelines on a pipe are laid out by brief.cli.plain, not by Rich's console:
the text is exactly what Rich prints there, for any text and table at any width, and for many
real searches and timelines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from brief.cli import output, plain
from brief.cli.common import stdout_console
from brief.cli.output import (
    TIMELINE_COLUMNS,
    print_rich,
    print_search,
    print_timeline,
    search_lines,
)
from brief.cli.plain import Column, fit, plain_width, table
from brief.library import load_library
from brief.search import SearchIndex
from brief.tables import FastTable
from tests.helpers import BUNDLED
from tests.search_fixtures import load_test_brief

# Words, spaces, tabs and line ends, wide characters (CJK, emoji), a combining accent, and
# words long enough to be folded.
_ALPHABET = st.sampled_from(
    [
        *"abcdefghij",
        " ",
        " ",
        " ",
        "\t",
        "\n",
        "中",
        "文",
        "😀",
        "e\u0301",
        "·",
        "…",
        "-",
        "wordy" * 5,
    ]
)
_TEXT = st.lists(_ALPHABET, max_size=60).map("".join)


def _rich(text: str, width: int, cut: bool) -> str:
    """What brief's stdout console prints for `text` at `width`, on a pipe."""
    console = stdout_console(width)
    with console.capture() as captured:
        if cut:
            console.print(Text(text), overflow="ellipsis", no_wrap=True)
        else:
            console.print(Text(text))
    return captured.get()


@settings(max_examples=400, deadline=None)
@given(text=_TEXT, width=st.integers(1, 50), cut=st.booleans())
def test_fit_lays_out_a_line_as_rich_does(text: str, width: int, cut: bool) -> None:
    assert "".join(
        f"{line}\n"
        for line in fit(text, width, no_wrap=cut, overflow="ellipsis" if cut else "fold")
    ) == _rich(text, width, cut)


@pytest.mark.parametrize("width", [10, 80])
def test_fit_examples(width: int) -> None:
    text = "The first such visit in thirteen years; an exemption for officials was signed."
    assert list(fit(text, width, no_wrap=True, overflow="ellipsis")) == [
        _rich(text, width, True).rstrip("\n")
    ]
    assert list(fit("a\tb", width)) == ["a       b"]
    assert list(fit("x" * 25, 10)) == ["x" * 10, "x" * 10, "x" * 5]
    # Rich drops the spaces past the width counting characters, not cells: a combining accent
    # (two characters, one cell) makes the difference.
    accented = "e\u0301e\u0301  x"
    assert list(fit(accented, 4)) == ["e\u0301e\u0301", "x"] == _rich(accented, 4, False).split()


_QUERIES = [
    "visa", "dhaka", "pakistan", "bangladesh", "trade", "minister", "visit OR drill",
    '"joint naval"', "kind:event", "kind:point", "kind:figure", "from:2024 to:2025",
    "actor:dar", "section:defence", "tag:visas", "is:approx", "is:expected", "-visa pakistan",
    "on:2025", "talks", "army", "a", "the",
]  # fmt: skip


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    briefs = [*load_library([BUNDLED]).briefs, load_test_brief()]
    return SearchIndex(briefs)


@pytest.mark.parametrize("width", [1, 3, 20, 41, 80, 100, 200])
def test_search_results_on_a_pipe_are_what_rich_prints(
    index: SearchIndex,
    width: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    assert plain_width() == width  # captured stdout is no terminal: the plain path
    shown = 0
    for query in _QUERIES:
        for order in ("relevance", "time"):
            results = index.search(query, limit=100, order=order)  # type: ignore[arg-type]
            print_rich(search_lines(results))
            drawn = capsys.readouterr().out
            print_search(results)
            assert capsys.readouterr().out == drawn, (query, order)
            shown += len(results)
    assert shown > 500  # the queries above find many results between them


@pytest.mark.parametrize(
    ("env", "plain"),
    [
        ({"COLUMNS": "72"}, True),
        ({"COLUMNS": "72", "FORCE_COLOR": "1"}, False),  # Rich draws in colour: Rich prints
        ({"COLUMNS": "72", "TTY_COMPATIBLE": "1"}, False),
    ],
)
def test_plain_width_is_riches_width_when_rich_prints_plain(
    env: dict[str, str], plain: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    console = Console()
    assert (console.color_system is None) == plain
    assert plain_width() == (console.width if plain else None)


def _rich_table(columns: list[Column], rows: list[list[str]], width: int) -> str:
    """What brief's stdout console prints for a FastTable of these plain cells, on a pipe."""
    console = stdout_console(width)
    drawn = FastTable(box=None, pad_edge=False, header_style="bold", expand=False)
    for c in columns:
        drawn.add_column(c.header, no_wrap=c.no_wrap, min_width=c.min_width, max_width=c.max_width)
    for row in rows:
        drawn.add_row(*(Text(cell) for cell in row))
    with console.capture() as captured:
        console.print(drawn)
    return captured.get()


_COLUMN = st.builds(
    Column,
    header=_TEXT.filter(lambda t: "\n" not in t),
    no_wrap=st.booleans(),
    min_width=st.none() | st.integers(0, 30),
    max_width=st.none() | st.integers(1, 30),
)


@settings(max_examples=300, deadline=None)
@given(
    columns=st.lists(_COLUMN, min_size=2, max_size=5),
    cells=st.lists(_TEXT, min_size=0, max_size=40),
    width=st.integers(10, 120),
)
def test_table_lays_out_a_table_as_rich_does(
    columns: list[Column], cells: list[str], width: int
) -> None:
    rows = [cells[n : n + len(columns)] for n in range(0, len(cells), len(columns))]
    rows = [row + [""] * (len(columns) - len(row)) for row in rows]
    lines = table(columns, rows, width)
    if lines is not None:  # else the width is too narrow: Rich draws the table itself
        assert "".join(f"{line}\n" for line in lines) == _rich_table(columns, rows, width)


@pytest.mark.parametrize("width", [12, 20, 33, 60, 80, 100, 160])
def test_timelines_on_a_pipe_are_what_rich_prints(
    index: SearchIndex,
    width: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    rows = 0
    for brief_id in ("pakistan-bangladesh", "test-brief"):
        for query in ["", *_QUERIES]:
            results = index.timeline(brief_id, query)
            print_timeline(results, 100)
            printed = capsys.readouterr().out
            with monkeypatch.context() as rich_draws:
                rich_draws.setattr(output, "plain_width", lambda: None)
                print_timeline(results, 100)
            assert printed == capsys.readouterr().out, (brief_id, query)
            rows += len(results)
    assert rows > 200


def test_the_timeline_columns_are_the_ones_rich_draws() -> None:
    drawn = FastTable()
    for c in TIMELINE_COLUMNS:
        drawn.add_column(c.header, no_wrap=c.no_wrap, min_width=c.min_width, max_width=c.max_width)
    assert [c.header for c in drawn.columns] == ["date", "section", "title", "actors"]


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(st.tuples(_TEXT, _TEXT, _TEXT, _TEXT), min_size=1, max_size=12),
    width=st.integers(8, 200),
)
def test_a_timeline_never_runs_past_the_width(
    cells: list[tuple[str, str, str, str]], width: int
) -> None:
    """No column of a timeline has a floor or keeps its lines whole, so its columns always fit:
    a line past the width would be cropped, its last column cut without a mark ("Pakistan,
    Pakista" at 80 columns when the title had a floor of 20 and dates did not wrap)."""
    pads = plain._pads(len(TIMELINE_COLUMNS))
    texts = [[c.header, *(row[n] for row in cells)] for n, c in enumerate(TIMELINE_COLUMNS)]
    assert sum(plain._column_widths(TIMELINE_COLUMNS, texts, pads, width)) <= width
