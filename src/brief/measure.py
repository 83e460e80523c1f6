"""How wide Rich measures a table cell of plain text, from the text alone: `Measurement.get` of
`Padding(Text(text), (0, right, 0, left))`, as Rich's Table measures each cell. Shared by
`brief.tables.FastTable` and the plain-text tables of `brief.cli.plain`, which must lay out
exactly as Rich does; tests/test_tables.py holds it equal to Rich's own."""

from __future__ import annotations

from rich.cells import cell_len


def cell_measure(text: str, left: int, right: int, width: int) -> tuple[int, int]:
    """(minimum, maximum) width of a cell holding `text`, padded by `left` and `right`, at
    most `width`: the longest word and the longest line, plus the padding."""
    if width < 1:
        return 0, 0
    extra = left + right
    if width - extra < 1:  # Padding's measure when the padding leaves no room
        low = high = width
    else:
        low, high = text_measure(text, width)
        low, high = min(low + extra, width), min(high + extra, width)
    return _normalized(low, high, width)


def text_measure(text: str, width: int) -> tuple[int, int]:
    """`Measurement.get` of `Text(text)` at most `width` (at least 1)."""
    lines = text.splitlines()
    high = max(map(cell_len, lines)) if lines else 0
    words = text.split()
    low = max(map(cell_len, words)) if words else high
    return _normalized(low, high, width)


def _normalized(low: int, high: int, width: int) -> tuple[int, int]:
    """What Measurement.get makes of a renderable's measure: normalized, at most `width`,
    nothing when under a cell, normalized again."""
    low = min(max(0, low), high)
    low, high = min(max(0, low), width), min(max(0, low, high), width)
    if high < 1:
        return 0, 0
    return min(low, high), high
