"""Plain text laid out exactly as a brief Rich console lays it out on a pipe or a file, without
importing Rich's console (a sixth of a warm `brief search … | head`).

`plain_width` says whether Rich would print plain text to stdout, and at what width; `fit` lays
out one line as Rich's `Text.wrap` does (word-wrapped, long words folded, or cut with an
ellipsis), with Rich's own line breaking (`rich._wrap.divide_line`) and cell widths.
tests/test_cli_plain.py holds the two equal against Rich itself.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from typing import TextIO

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size

TAB_SIZE = 8  # Rich's default, and brief's consoles keep it
_TRAILING_SPACE = re.compile(r"\s+$")  # rich.text's, for Text.rstrip_end

# Environment variables with which Rich may draw in colour, or at another width, on a pipe.
_RICH_ENVIRONMENT = ("FORCE_COLOR", "TTY_COMPATIBLE", "JUPYTER_COLUMNS")


def plain_width(stream: TextIO | None = None) -> int | None:
    """The width `brief.cli.common.stdout_console` would lay text out at on `stream` (stdout by
    default) when it prints it plain, with no styles: stdout is no terminal and nothing in the
    environment says otherwise. None when Rich would draw with styles (or anything unusual)."""
    stream = stream or sys.stdout
    if sys.platform == "win32" or any(name in os.environ for name in _RICH_ENVIRONMENT):
        return None
    try:
        if stream.isatty():
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


def fit(text: str, width: int, *, cut: bool = False) -> Iterator[str]:
    """The lines Rich prints for `text` at `width` (Console.print with soft_wrap off): each line
    of it word-wrapped, or with `cut`, kept to one line ending in "…" when too long (Rich's
    `no_wrap=True, overflow="ellipsis"`)."""
    for line in text.split("\n"):
        line = _expand_tabs(line)
        if cut:
            yield line if cell_len(line) <= width else set_cell_size(line, width - 1) + "…"
        else:
            yield from _wrap(line, width)


def _wrap(line: str, width: int) -> Iterator[str]:
    """Rich's Text.wrap of one line: divided where Rich divides it, the whitespace past the
    width dropped from each part (Text.rstrip_end, which counts characters), a part still too
    wide cropped (Text.truncate, overflow "fold")."""
    offsets = divide_line(line, width, fold=True)
    for start, end in zip([0, *offsets], [*offsets, len(line)], strict=True):
        part = line[start:end]
        if len(part) > width:
            space = _TRAILING_SPACE.search(part)
            if space is not None:
                part = part[: len(part) - min(len(space.group()), len(part) - width)]
        yield part if cell_len(part) <= width else set_cell_size(part, width)


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
