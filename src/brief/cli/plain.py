"""Plain text laid out exactly as a brief Rich console lays it out on a pipe or a file, without
importing Rich's console (a sixth of a warm `brief search … | head`) or its tables.

`plain_width` says whether Rich would print plain text to stdout, and at what width; `fit` lays
out one line as Rich's `Text.wrap` does (word-wrapped, long words folded, cut with an ellipsis
or cropped), with Rich's own line breaking (`rich._wrap.divide_line`) and cell widths; `table`
lays out a table of plain cells as Rich's `Table` does with brief's settings (no box, no edge
padding, not expanded), with Rich's column widths. tests/test_cli_plain.py holds each equal to
Rich itself, on generated text and on real searches and timelines.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Literal, NamedTuple

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size

from brief.measure import cell_measure

Overflow = Literal["fold", "ellipsis"]
TAB_SIZE = 8  # Rich's default, and brief's consoles keep it
_TRAILING_SPACE = re.compile(r"\s+$")  # rich.text's, for Text.rstrip_end

# Environment variables with which Rich may draw in colour, or at another width, on a pipe.
_RICH_ENVIRONMENT = ("FORCE_COLOR", "TTY_COMPATIBLE", "JUPYTER_COLUMNS")


def plain_width() -> int | None:
    """The width `brief.cli.common.stdout_console` would lay text out at when it prints it plain,
    with no styles: stdout is no terminal and nothing in the environment says otherwise. None
    when Rich would draw with styles (or anything unusual)."""
    if sys.platform == "win32" or any(name in os.environ for name in _RICH_ENVIRONMENT):
        return None
    try:
        if sys.stdout.isatty():
            return None
    except ValueError:  # closed
        return None
    # Rich's Console.size: $COLUMNS, else the size of the first of stdin, stdout and stderr that
    # is a terminal (`brief search … | less` wraps at the terminal's width), else 80.
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns) or None  # Rich would lay out at width 0
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80
        except (AttributeError, ValueError, OSError):
            continue
    return 80


def fit(
    text: str, width: int, *, no_wrap: bool = False, overflow: Overflow = "fold"
) -> Iterator[str]:
    """The lines Rich's `Text.wrap` makes of `text` at `width`, as Console.print prints them
    (soft_wrap off): each line of it word-wrapped, unless `no_wrap`; a word or line still too
    wide folded or cropped ("fold"), or cut to end in "…" ("ellipsis")."""
    for line in text.split("\n"):
        line = _expand_tabs(line)
        parts = [line] if no_wrap else _divide(line, width, fold=overflow == "fold")
        for part in parts:
            if cell_len(part) <= width:
                yield part
            elif overflow == "ellipsis":
                yield set_cell_size(part, width - 1) + "…"
            else:
                yield set_cell_size(part, width)


def _divide(line: str, width: int, fold: bool) -> Iterator[str]:
    """The parts Rich divides a line into (Text.divide at divide_line's offsets), each without
    the whitespace past the width (Text.rstrip_end, which counts characters, not cells)."""
    offsets = divide_line(line, width, fold=fold)
    for start, end in zip([0, *offsets], [*offsets, len(line)], strict=True):
        part = line[start:end]
        if len(part) > width:
            space = _TRAILING_SPACE.search(part)
            if space is not None:
                part = part[: len(part) - min(len(space.group()), len(part) - width)]
        yield part


def _expand_tabs(line: str) -> str:
    """Rich's Text.expand_tabs: each tab becomes a space, then spaces up to the next multiple
    of the tab size, counted in cells."""
    if "\t" not in line:
        return line
    parts = line.split("\t")
    out: list[str] = []
    position = 0
    for part in parts[:-1]:
        position += cell_len(part) + 1
        spaces = -position % TAB_SIZE
        position += spaces
        out.append(part + " " * (1 + spaces))
    out.append(parts[-1])
    return "".join(out)


# --- tables ---------------------------------------------------------------------------------


class Column(NamedTuple):
    """A column as brief's tables give it to Rich (`Table.add_column`). Its style is Rich's to
    draw: it does not show here."""

    header: str
    style: str = ""
    no_wrap: bool = False
    min_width: int | None = None
    max_width: int | None = None


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[str] | None:
    """The lines Rich prints at `width` for `Table(box=None, pad_edge=False, expand=False)` of
    these columns (a header row, then `rows`): one space each side of a column's cells, but not
    at the table's edges. None at a width too narrow for every column to hold a character."""
    pads = _pads(len(columns))
    cells = [[column.header, *(row[n] for row in rows)] for n, column in enumerate(columns)]
    widths = _column_widths(columns, cells, pads, width)
    if any(w - left - right < 1 for w, (left, right) in zip(widths, pads, strict=True)):
        return None
    lines: list[str] = []
    for index, row in enumerate(zip(*cells, strict=True)):
        drawn = [
            _cell(text, w, left, right, column.no_wrap)
            for text, w, (left, right), column in zip(row, widths, pads, columns, strict=True)
        ]
        height = max(len(cell) for cell in drawn)
        for n, cell in enumerate(drawn):
            blank = [" " * widths[n]] * (height - len(cell))
            # Rich aligns the header to the bottom of its row, other cells to the top.
            drawn[n] = blank + cell if index == 0 else cell + blank
        for line_no in range(height):
            line = "".join(cell[line_no] for cell in drawn)
            # The columns may be wider than the console when their minimum widths are (Rich
            # keeps them so): the console crops each line.
            lines.append(line if cell_len(line) <= width else set_cell_size(line, width))
    return lines


def _pads(count: int) -> list[tuple[int, int]]:
    """Each column's (left, right) padding: one space each side, but not at the table's edges."""
    return [(0 if n == 0 else 1, 0 if n == count - 1 else 1) for n in range(count)]


def _cell(text: str, width: int, left: int, right: int, no_wrap: bool) -> list[str]:
    """A cell's lines, each padded to the column's width (Text.wrap justified "left")."""
    inner = width - left - right
    return [
        " " * left + line + " " * (inner - cell_len(line) + right)
        for line in fit(text, inner, no_wrap=no_wrap, overflow="ellipsis")  # a Column's default
    ]


def _column_widths(
    columns: Sequence[Column], cells: list[list[str]], pads: list[tuple[int, int]], width: int
) -> list[int]:
    """Rich's Table._calculate_column_widths, for a table that does not expand."""
    widths = [
        _measure(column, texts, pad, width)[1] or 1
        for column, texts, pad in zip(columns, cells, pads, strict=True)
    ]
    if sum(widths) > width:
        # Only here: rich._ratio imports `fractions`, a millisecond that search results skip.
        from rich._ratio import ratio_reduce

        widths = _collapse_widths(widths, [not column.no_wrap for column in columns], width)
        if sum(widths) > width:  # the last resort: every column narrower alike
            widths = ratio_reduce(sum(widths) - width, [1] * len(widths), widths, widths)
        widths = [
            _measure(column, texts, pad, w)[1]
            for column, texts, pad, w in zip(columns, cells, pads, widths, strict=True)
        ]
    return widths


def _measure(column: Column, texts: list[str], pad: tuple[int, int], width: int) -> tuple[int, int]:
    """Rich's Table._measure_column: the narrowest and widest the column may be at `width`
    (each cell measured as a Padding around a Text)."""
    if width < 1:
        return 0, 0
    extra = sum(pad)
    measures = [cell_measure(text, *pad, width) for text in texts]
    low = min(max(low for low, _ in measures), width)
    high = min(max(high for _, high in measures), width)
    if column.min_width is not None:
        floor = max(0, column.min_width + extra)
        low, high = max(low, floor), max(high, floor)
    if column.max_width is not None:
        low, high = min(low, column.max_width + extra), min(high, column.max_width + extra)
    return low, high


def _collapse_widths(widths: list[int], wrapable: list[bool], width: int) -> list[int]:
    """Rich's Table._collapse_widths: the widest columns that may wrap made narrower, in turn,
    until the table fits."""
    from rich._ratio import ratio_reduce

    excess = sum(widths) - width
    if not any(wrapable):
        return widths
    while sum(widths) and excess > 0:
        widest = max(w for w, wrap in zip(widths, wrapable, strict=True) if wrap)
        second = max(
            w if wrap and w != widest else 0 for w, wrap in zip(widths, wrapable, strict=True)
        )
        ratios = [int(w == widest and wrap) for w, wrap in zip(widths, wrapable, strict=True)]
        if not any(ratios) or widest == second:
            break
        widths = ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
        excess = sum(widths) - width
    return widths
