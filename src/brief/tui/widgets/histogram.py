"""A per-year histogram of the matching events: "2023 ▁▃█▅▂ 2025"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from textual.content import Content
from textual.widget import Widget

BARS = " ▁▂▃▄▅▆▇█"


def year_bars(years: Iterable[int], max_width: int = 40) -> Content:
    counts = Counter(years)
    if not counts:
        return Content("")
    first, last = min(counts), max(counts)
    # One bar per year, or per run of years when the range is wider than the room.
    step = -(-(last - first + 1) // max_width)
    buckets = [
        sum(counts.get(y, 0) for y in range(start, start + step))
        for start in range(first, last + 1, step)
    ]
    peak = max(buckets) or 1
    bars = "".join(BARS[max(1, round(n / peak * 8))] if n else "·" for n in buckets)
    return Content.assemble(
        (str(first), "$text-muted"), " ", (bars, "$text-accent"), " ", (str(last), "$text-muted")
    )


class YearHistogram(Widget):
    """Shows `year_bars` for the years it is given; the tooltip carries the per-year counts."""

    DEFAULT_CSS = "YearHistogram { width: auto; height: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")

    def set_years(self, years: list[int]) -> None:
        self._content = year_bars(years)
        counts = Counter(years)
        self.tooltip = "\n".join(f"{y}: {counts[y]}" for y in sorted(counts)) or None
        self.refresh(layout=True)

    def render(self) -> Content:
        return self._content
