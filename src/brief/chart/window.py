"""Windows: what part of time the chart shows, and the cells it is cut into (a cell is a day or
more).
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from brief.chart.model import FIRST_DAY, LAST_DAY, ChartData


@dataclass(frozen=True, slots=True)
class Window:
    """`days` days of time from day `start` (ordinals, fractional), across the plot."""

    start: float
    days: float

    @property
    def end(self) -> float:
        return self.start + self.days


def fit(data: ChartData, plot_width: int) -> Window:
    """Every event and the as_of date, with a cell to spare on each side."""
    extent = data.extent()
    first, last = extent if extent else (dt.date.today().toordinal(),) * 2
    if data.as_of is not None:
        first, last = min(first, data.as_of), max(last, data.as_of)
    width = max(plot_width, 3)
    days = max((last - first + 1) * width / (width - 2), float(width))
    middle = (first + last + 1) / 2
    return _clamp(Window(middle - days / 2, days), width)


def zoom(window: Window, factor: float, anchor: float, plot_width: int) -> Window:
    """`factor` times closer (below 1: further) with day `anchor` staying where it is."""
    days = window.days / factor
    share = (anchor - window.start) / window.days
    days = min(max(days, float(max(plot_width, 1))), float(LAST_DAY - FIRST_DAY + 1))
    return _clamp(Window(anchor - share * days, days), plot_width)


def pan(window: Window, share: float, plot_width: int) -> Window:
    """Moved by `share` of its width (negative: back in time)."""
    return _clamp(Window(window.start + share * window.days, window.days), plot_width)


def _clamp(window: Window, plot_width: int) -> Window:
    days = min(max(window.days, float(max(plot_width, 1))), float(LAST_DAY + 1 - FIRST_DAY))
    start = min(max(window.start, float(FIRST_DAY)), LAST_DAY + 1 - days)
    return Window(start, days)


def bounds(window: Window, plot_width: int) -> list[int]:
    """The first day of each cell, and the day after the last cell: cell c shows the days
    bounds[c] <= day < bounds[c + 1] (at least one, since a cell is at least a day)."""
    step = window.days / plot_width
    return [math.ceil(window.start + c * step) for c in range(plot_width + 1)]


def column_of(day: int, edges: Sequence[int]) -> int:
    """The cell showing `day` (-1 before the first, len-1 after the last)."""
    return bisect_right(edges, day) - 1
