"""A per-year histogram of the matching events: "2023 ▁▃█▅▂ 2025"."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widget import Widget

BARS = " ▁▂▃▄▅▆▇█"


def year_bars(counts: Mapping[int, int], max_width: int = 40) -> Content:
    """Bars for the number of events per year in `counts`."""
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
    """Shows `year_bars` for the counts it is given, in the room it has (narrow terminals get
    fewer, wider bars); the tooltip carries the per-year counts. The counts come ready-made:
    counting 100,000 events belongs in a worker, not here."""

    DEFAULT_CSS = "YearHistogram { width: 1fr; height: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counts: Mapping[int, int] = {}
        self._drawn: tuple[int, Content] | None = None  # (width, bars)

    def set_counts(self, counts: Mapping[int, int]) -> None:
        self._counts = counts
        self._drawn = None
        self.tooltip = "\n".join(f"{y}: {counts[y]}" for y in sorted(counts)) or None
        self.refresh()

    def render(self) -> Content:
        # "2023 " and " 2025" take ten cells; the bars get the rest, at most 40.
        width = max(1, min(40, self.size.width - 10))
        if self._drawn is None or self._drawn[0] != width:
            self._drawn = (width, year_bars(self._counts, max_width=width))
        return self._drawn[1]
