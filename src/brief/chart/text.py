"""The chart as Rich text: for the CLI (`brief timeline --chart`) and the html and svg exports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brief.chart.axis import wrap
from brief.chart.layout import layout
from brief.chart.model import DEPTH, ChartData, LaneBy, Line
from brief.chart.window import Window

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.style import Style
    from rich.text import Text

    from brief.model import Brief, Event
    from brief.search import SearchResults


def rich_styles() -> dict[str, Style]:
    """Styles for a Rich console; every mark reads without them (NO_COLOR, a pipe)."""
    from rich.style import Style

    return {
        "exact": Style(color="#4f7fc0", bold=True),
        "period": Style(color="#4f7fc0", bold=True),
        "coarse": Style(color="#4f7fc0", dim=True),
        "approx": Style(color="#a8791f", italic=True),
        "expected": Style(color="#2a8c82", italic=True),
        "more": Style(bold=True),
        "as-of": Style(color="#c0504d"),
        "axis": Style(color="#6e7781"),
        "label": Style(bold=True),
        "cursor": Style(reverse=True, bold=True),
    }


def to_text(line: Line, styles: Mapping[str, Style]) -> Text:
    from rich.text import Text

    text = Text(no_wrap=True, overflow="crop")
    for chunk, role in line:
        text.append(chunk, styles.get(role) if role else None)
    return text


@dataclass
class Chart:
    """The chart as a Rich renderable, as wide as the console allows: lanes, axis, legend."""

    data: ChartData
    window: Window | None = None
    depth: int = DEPTH
    show_legend: bool = True

    def lines(self, width: int) -> list[Line]:
        if not self.data.events:
            return [[("No events to chart.", "axis")]]
        laid = layout(self.data, self.window, width, self.depth)
        lines = [laid.line(row) for row in range(laid.rows)] + laid.axis
        if self.show_legend:
            lines += wrap(laid.legend, width)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        styles = rich_styles()
        for line in self.lines(options.max_width):
            text = to_text(line, styles)
            text.rstrip()
            yield text


def chart_for(brief: Brief, events: Sequence[Event] | None = None, by: LaneBy = "section") -> Chart:
    """The chart of `events` (default: the whole timeline), in lanes `by`."""
    events = brief.events_in_order() if events is None else events
    return Chart(ChartData.build(brief, events, by))


def chart_of_results(brief: Brief, results: SearchResults, by: LaneBy = "section") -> Chart:
    """The chart of the events a timeline search found (`brief timeline … --chart`)."""
    # Events written without an id are named the way the search index names them.
    found = {r.id for r in results.results if r.kind == "event"}
    events = [e for n, e in enumerate(brief.timeline, 1) if (e.id or f"e{n}") in found]
    return chart_for(brief, sorted(events, key=lambda e: e.sort_key()), by)
