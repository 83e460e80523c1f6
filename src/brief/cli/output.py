"""How `brief search` and `brief timeline` print their results, for the click commands and the
lean path (`brief.cli.lean`) alike. No click here, and Rich only when drawing.

Results are laid out once, as styled pieces: search results as lines (`search_lines`), a
timeline as a table (`TIMELINE_COLUMNS`, `timeline_rows`). Rich draws them on a terminal; on a
pipe or a file they are plain text, laid out exactly as Rich would lay them out there
(`brief.cli.plain`) without importing Rich's console or tables: `brief search … | head` is a
whole process, and that import was a sixth of it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from brief.cli.plain import Column, Overflow, fit, plain_width, table
from brief.limits import REFERENCE_LIMIT
from brief.text import clip

if TYPE_CHECKING:
    from brief.search import Result, SearchResults

MATCH_STYLE = "bold reverse"

Piece = tuple[str, str]  # a run of text and its Rich style ("" for none)


class Line(NamedTuple):
    """One printed line: its pieces, and how it fits the width: word-wrapped, or (`cut`) kept
    to one line that ends in "…" when too long; `indent` spaces before each of its lines."""

    pieces: tuple[Piece, ...]
    cut: bool = False
    indent: int = 0


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


# --- brief search ---------------------------------------------------------------------------


def search_lines(results: SearchResults) -> Iterator[Line]:
    """The results, best first, then how many were shown of how many."""
    for result in results:
        yield Line(tuple(heading(result)), cut=True)
        # Indented under the heading, and so is each line they wrap to.
        yield Line(tuple(highlighted(result.title, result.title_spans)), indent=2)
        if result.snippet:
            yield Line(tuple(highlighted(result.snippet, result.snippet_spans, "dim")), indent=2)
        yield Line(())
    shown, total = len(results), results.total
    count = plural(shown, "result") if shown == total else f"{shown:,} of {total:,} results"
    yield Line(((count, "dim"),))


def heading(result: Result) -> Iterator[Piece]:
    """`event · pakistan-bangladesh · 23 Aug 2025 · Diplomacy`"""
    yield result.kind, "bold cyan"
    yield " · ", ""
    yield result.brief, "green"
    if result.date_label:
        yield " · ", ""
        yield result.date_label, "yellow"
    if result.section_title or result.section:
        yield " · ", ""
        yield result.section_title or result.section or "", "magenta"


def highlighted(text: str, spans: Iterable[tuple[int, int]], style: str = "") -> Iterator[Piece]:
    """`text` in `style`, with MATCH_STYLE added over each span (sorted, not overlapping)."""
    match = f"{style} {MATCH_STYLE}".strip()
    position = 0
    for start, end in spans:
        if start > position:
            yield text[position:start], style
        if end > start:
            yield text[start:end], match
        position = max(position, end)
    if position < len(text):
        yield text[position:], style


def print_search(results: SearchResults) -> None:
    """The results on stdout: plain text on a pipe or a file, Rich's drawing on a terminal."""
    lines = search_lines(results)
    width = plain_width()
    if width is None:
        print_rich(lines)
        return
    _write(_plain_lines(lines, width))


def _plain_lines(lines: Iterable[Line], width: int) -> Iterator[str]:
    """`lines` laid out at `width` as Rich lays them out (`print_rich`), without styles."""
    for line in lines:
        indent = _indent(line, width)
        overflow: Overflow = "ellipsis" if line.cut else "fold"
        for out in fit(_text(line.pieces), width - indent, no_wrap=line.cut, overflow=overflow):
            yield " " * indent + out


def _indent(line: Line, width: int) -> int:
    """The line's indent at `width`, leaving it a column at least."""
    return min(line.indent, max(0, width - 1))


def print_rich(lines: Iterable[Line]) -> None:
    """`lines` drawn by Rich on stdout, with their styles."""
    from rich.text import Text

    from brief.cli.common import stdout_console

    console = stdout_console()
    for line in lines:
        text = Text.assemble(*line.pieces)
        if line.cut:
            console.print(text, overflow="ellipsis", no_wrap=True)
        elif indent := _indent(line, console.width):
            for part in text.wrap(console, console.width - indent):
                console.print(Text(" " * indent) + part)
        else:
            console.print(text)


# --- brief timeline -------------------------------------------------------------------------


def first_names(names: Sequence[str], shown: int = 2) -> str:
    """ "Ishaq Dar, Pakistan +1": the first actors, and how many more."""
    more = f" +{len(names) - shown}" if len(names) > shown else ""
    return ", ".join(clip(name, REFERENCE_LIMIT) for name in names[:shown]) + more


# At most two actors are named, so a piped 80-column table stays readable. No column has a floor
# and every one may wrap (a long period's date too): Rich then always fits the columns in the
# width. With a floor, it keeps them wider and the console crops each line, cutting the last
# column without a mark ("Pakistan, Pakista" at 80 columns).
TIMELINE_COLUMNS = (
    Column("date", style="yellow"),
    Column("section", style="magenta", max_width=18),
    Column("title"),
    Column("actors"),
)


def timeline_rows(results: SearchResults) -> Iterator[tuple[tuple[Piece, ...], ...]]:
    """A row of TIMELINE_COLUMNS for each event found: its cells, as styled pieces."""
    for r in results:
        yield (
            ((r.date_label, ""),),
            ((clip(r.section_title or r.section or "", REFERENCE_LIMIT), ""),),
            tuple(highlighted(r.title, r.title_spans)),
            ((first_names(r.actor_names), ""),),
        )


def print_timeline(results: SearchResults, events: int) -> None:
    """The events found, a table of date, section, title and actors, then how many of all: plain
    text on a pipe or a file, Rich's drawing on a terminal."""
    rows = list(timeline_rows(results))
    count = f"{len(results):,} of {plural(events, 'event')}"
    width = plain_width()
    if width is not None:
        cells = [[_text(cell) for cell in row] for row in rows]
        lines = table(TIMELINE_COLUMNS, cells, width) if rows else []
        if lines is not None:  # else too narrow a width for the columns: Rich draws that
            _write([*lines, *fit(count, width)])
            return
    _print_timeline_rich(rows, count)


def _print_timeline_rich(rows: list[tuple[tuple[Piece, ...], ...]], count: str) -> None:
    from rich.text import Text

    from brief.cli.common import stdout_console
    from brief.tables import FastTable

    console = stdout_console()
    if rows:
        drawn = FastTable(box=None, pad_edge=False, header_style="bold", expand=False)
        for c in TIMELINE_COLUMNS:
            drawn.add_column(
                c.header,
                style=c.style,
                no_wrap=c.no_wrap,
                min_width=c.min_width,
                max_width=c.max_width,
            )
        for row in rows:
            drawn.add_row(*(Text.assemble(*cell) for cell in row))
        console.print(drawn)
    console.print(Text(count, style="dim"))


def _text(pieces: Iterable[Piece]) -> str:
    return "".join(text for text, _ in pieces)


def _write(lines: Iterable[str]) -> None:
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    sys.stdout.flush()
