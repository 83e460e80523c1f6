"""The time axis (ticks and labels that suit the zoom), the legend, and line helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from brief.chart.model import AS_OF_MARK, FIRST_DAY, ChartData, Line
from brief.chart.window import column_of


def fit_text(text: str, width: int) -> str:
    if len(text) > width:
        return text[: max(width - 1, 0)] + "…"
    return text.ljust(width)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Tick steps from coarse to fine: (unit, step, cells needed between ticks for their labels).
_STEPS: tuple[tuple[str, int, int], ...] = (
    *(("year", n, 6) for n in (1000, 500, 200, 100, 50, 20)),
    ("year", 10, 7),
    *(("year", n, 6) for n in (5, 2, 1)),
    *(("month", n, 5) for n in (6, 3, 1)),
    *(("day", n, 5) for n in (10, 5, 2, 1)),
)
_NOMINAL = {"year": 365.25, "month": 30.44, "day": 1.0}
_DAYS_OF = {10: (1, 11, 21), 5: (1, 6, 11, 16, 21, 26), 2: tuple(range(1, 30, 2))}


def ticks(first: int, end: int, cell: float) -> tuple[str, list[tuple[int, str]]]:
    """The finest ticks whose labels fit between days `first` and `end` (exclusive) at `cell`
    days per cell: (the context for the left of the label row, [(day, label)])."""
    chosen = _STEPS[0]
    for candidate in _STEPS:
        if _NOMINAL[candidate[0]] * candidate[1] / cell >= candidate[2]:
            chosen = candidate
    unit, step, _ = chosen
    start = dt.date.fromordinal(max(first, FIRST_DAY))
    out: list[tuple[int, str]] = []
    if unit == "year":
        year = -(-start.year // step) * step
        while year <= 9999 and (day := dt.date(max(year, 1), 1, 1).toordinal()) < end:
            if day >= first:
                out.append((day, f"{year}s" if step == 10 else str(year)))
            year += step
        return "", out
    if unit == "month":
        year, month = start.year, start.month
        while (day := dt.date(year, month, 1).toordinal()) < end:
            if day >= first and (month - 1) % step == 0:
                out.append((day, str(year) if month == 1 else _MONTHS[month - 1]))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            if year > 9999:
                break
        return str(start.year), out
    days_of_month = _DAYS_OF.get(step)
    for day in range(first, end):
        date = dt.date.fromordinal(day)
        if days_of_month is not None and date.day not in days_of_month:
            continue
        if date.day == 1:
            label = str(date.year) if date.month == 1 else _MONTHS[date.month - 1]
        else:
            label = str(date.day)
        out.append((day, label))
    return f"{_MONTHS[start.month - 1]} {start.year}", out


def axis_lines(edges: Sequence[int], label_width: int, as_of_col: int | None) -> list[Line]:
    """The tick row ("└──┴───┴") and the label row under it."""
    width = len(edges) - 1
    cell = (edges[-1] - edges[0]) / width
    context, marks = ticks(edges[0], edges[-1], cell)
    tick_row = ["─"] * width
    label_row = [" "] * width
    free = 0  # the first cell a label may use
    for day, label in marks:
        c = column_of(day, edges)
        if not 0 <= c < width:
            continue
        tick_row[c] = "┴"
        if c >= free and c + len(label) <= width:
            label_row[c : c + len(label)] = label
            free = c + len(label) + 1
    if as_of_col is not None:
        tick_row[as_of_col] = "┼"
    return [
        [(" " * label_width, None), ("└" + "".join(tick_row), "axis")],
        [(fit_text(context, label_width), "axis"), (" " + "".join(label_row), "axis")],
    ]


LEGEND: tuple[tuple[str, str, str], ...] = (
    ("●", "exact", "day"),
    ("◦┄", "coarse", "month/year"),
    ("◆━", "period", "period"),
    ("○╌", "approx", "approx."),
    ("▷", "expected", "expected"),
    ("+N", "more", "more"),
)


def legend(data: ChartData) -> Line:
    line: Line = []
    for marks, role, meaning in LEGEND:
        line += [(marks, role), (f" {meaning}  ", None)]
    if data.as_of is not None:
        line += [(AS_OF_MARK, "as-of"), (f" as of {data.as_of_label}", None)]
    return line


def wrap(line: Line, width: int) -> list[Line]:
    """The legend on as many lines as it needs: items (a mark and its meaning) stay whole."""
    lines: list[Line] = [[]]
    used = 0
    for n in range(0, len(line), 2):
        item = line[n : n + 2]
        size = sum(len(text) for text, _ in item)
        if used and used + size > width:
            lines.append([])
            used = 0
        lines[-1] += item
        used += size
    return [clip(part, width) for part in lines]


def clip(line: Line, width: int) -> Line:
    """`line` cut to `width` cells (every glyph here is one cell wide)."""
    out: Line = []
    room = width
    for text, role in line:
        if room <= 0:
            break
        out.append((text[:room], role))
        room -= len(text[:room])
    return out
