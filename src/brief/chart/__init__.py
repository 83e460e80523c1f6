"""Timeline lanes: a brief's events on a time axis, one lane per section, actor or tag.

The chart is drawn from per-cell bins, never from one object per event: each lane keeps, per
kind of mark, its events' first and last days in sorted lists, and the number of events touching
a cell is two binary searches (`bisect`) at the cell's edges. Laying out a window costs
O(lanes × width × log n) whatever the number of events, so zooming and panning 100,000 events
stays within a frame; only `ChartData.build` (once per result set) looks at every event.

Marks read without colour: each kind has its own glyph (the style only adds to it).

    ● a day             ◦┄┄ a month or a year: drawn across the interval it stands for, lighter
    ◆━━ a period (end)  ○╌╌ approximate ("c.")     ▷┄┄ expected
    ┆ the brief's as_of date                       +7 events that collided beyond the rows
                                                     (a bare + where the number has no room)

Textual-free: the CLI, the exports (`Chart`, a Rich renderable) and the TUI's lanes widget
(`Layout.line`, runs of text and role names it styles itself) all draw from `layout`.

    model   events split into lanes, sorted days per kind of mark (`ChartData`)
    window  the part of time shown, zoom and pan, the cells' edges
    layout  the bins of a window, stacked into rows (`layout`, `Layout`)
    axis    ticks and labels that suit the zoom, the legend
    text    Rich text for the CLI and the exports (`Chart`)
"""

from brief.chart.axis import clip, legend, ticks, wrap
from brief.chart.layout import LaneCounts, LaneGrid, Layout, More, cell_counts, layout, runs
from brief.chart.model import (
    AS_OF_MARK,
    BODY,
    DEPTH,
    HEAD,
    LANE_BYS,
    MAX_LANES,
    ROLE,
    ROLES,
    ChartData,
    Kind,
    Lane,
    LaneBy,
    Line,
    days_of,
    kind_of,
)
from brief.chart.text import Chart, chart_for, chart_of_results, rich_styles, to_text
from brief.chart.window import Window, bounds, column_of, fit, pan, zoom

__all__ = [
    "AS_OF_MARK", "BODY", "DEPTH", "HEAD", "LANE_BYS", "MAX_LANES", "ROLE", "ROLES", "Chart",
    "ChartData", "Kind", "Lane", "LaneBy", "LaneCounts", "LaneGrid", "Layout", "Line", "More",
    "Window", "bounds", "cell_counts", "chart_for", "chart_of_results", "clip", "column_of",
    "days_of", "fit", "kind_of", "layout", "legend", "pan", "rich_styles", "runs", "ticks",
    "to_text", "wrap", "zoom",
]  # fmt: skip
