"""The Timeline tab's lanes view: the shown events on a time axis (`brief.chart`), drawn with
Textual's line API from the chart's per-cell bins.

It shows exactly the rows the list shows (`set_rows`) and shares their cursor: a cursor move
here posts `Highlighted` with the row's index, and `select_index` follows the list. The lanes
are built in a worker (every event is looked at once); zooming, panning and moving the cursor
only lay out the window again, which costs the same for 100 events as for 100,000.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from brief.chart import (
    LANE_BYS,
    ROLES,
    ChartData,
    LaneBy,
    Layout,
    Line,
    Window,
    clip,
    column_of,
    layout,
    pan,
    wrap,
    zoom,
)
from brief.model import Brief, Event
from brief.text import sanitize
from brief.tui.content import item_date

# Rows under the lanes: the tick row, the labels, the selected event, the legend (two rows).
FOOTER_ROWS = 5
ZOOM_STEP = 2.0
PAN_STEP = 0.25


class LanesView(Widget, can_focus=True):
    """Lanes of events on a time axis, with a cursor on one event."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "zoom(2)", "Zoom in", id="lanes.zoom_in"),
        Binding("minus", "zoom(0.5)", "Zoom out", id="lanes.zoom_out"),
        Binding("h,shift+left", "pan(-1)", "Pan back in time", show=False, id="lanes.pan_left"),
        Binding("l,shift+right", "pan(1)", "Pan forward in time", show=False, id="lanes.pan_right"),
        Binding("0", "fit", "Fit everything", show=False, id="lanes.fit"),
        Binding("L", "cycle_lanes", "Lanes by section/actor/tag", id="lanes.cycle"),
        Binding("right", "step(1)", "Next event in the lane", show=False, id="lanes.next"),
        Binding("left", "step(-1)", "Previous event in the lane", show=False, id="lanes.previous"),
        Binding("down,j", "lane(1)", "Lane below", show=False, id="lanes.down"),
        Binding("up,k", "lane(-1)", "Lane above", show=False, id="lanes.up"),
        Binding("enter", "select", "Open event", id="lanes.select"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"lanes--{role}" for role in ROLES} | {
        "lanes--status",
    }

    DEFAULT_CSS = """
    LanesView { height: 1fr; width: 1fr; background: $surface; padding: 0 1; display: none; }
    LanesView > .lanes--exact { color: $text-primary; text-style: bold; }
    LanesView > .lanes--period { color: $text-primary; text-style: bold; }
    LanesView > .lanes--coarse { color: $text-primary; text-style: dim; }
    LanesView > .lanes--approx { color: $text-warning; text-style: italic; }
    LanesView > .lanes--expected { color: $text-success; text-style: italic; }
    LanesView > .lanes--more { color: $text-accent; text-style: bold; }
    LanesView > .lanes--as-of { color: $text-error; }
    LanesView > .lanes--axis { color: $text-muted; }
    LanesView > .lanes--label { color: $text-secondary; text-style: bold; }
    LanesView > .lanes--cursor { background: $block-cursor-blurred-background; text-style: bold; }
    LanesView:focus > .lanes--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    LanesView > .lanes--status { color: $text; text-style: bold; }
    """

    lanes_by: reactive[LaneBy] = reactive("section", init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to the `index`th of the rows shown."""

        lanes: LanesView
        index: int

        @property
        def control(self) -> LanesView:
            return self.lanes

    @dataclass
    class Selected(Message):
        """Enter (or a second click) on the `index`th row."""

        lanes: LanesView
        index: int

        @property
        def control(self) -> LanesView:
            return self.lanes

    def __init__(self, brief: Brief, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.brief = brief
        self._events: Sequence[Event] | None = None  # the rows' events, in date order
        self._generation = 0
        self._built_generation = -1  # the generation a build was started for
        self.chart: ChartData | None = None
        self.window: Window | None = None  # None: fit everything
        self.cursor: tuple[int, int] | None = None  # (lane, index of the event)
        self._wanted: int | None = None  # the row to select once the chart is built
        self.top = 0  # the first lane row shown
        self._layout: Layout | None = None
        self._styles: dict[str, Style] = {}
        self._strips: dict[int, Strip] = {}

    # -- data -------------------------------------------------------------------------------
    def set_events(self, events: Sequence[Event], cursor: int = 0) -> None:
        """Show these events (the list's rows, in date order), the cursor on the `cursor`th."""
        self._events = events
        self._wanted = cursor if events else None
        self.chart = None
        self._generation += 1
        self._changed()

    def _start_build(self) -> None:
        """Build the lanes for the current rows, once per generation. Called when drawn, so a
        hidden view (the list is shown) costs nothing."""
        if self._events is None or self._built_generation == self._generation:
            return
        self._built_generation = self._generation
        self._build(self._events, self.lanes_by, self._generation)

    @work(thread=True, exclusive=True, group="lanes")
    def _build(self, events: Sequence[Event], by: LaneBy, generation: int) -> None:
        chart = ChartData.build(self.brief, events, by)
        self.app.call_from_thread(self._built, chart, generation)

    def _built(self, chart: ChartData, generation: int) -> None:
        if generation != self._generation:
            return  # rows or lanes changed meanwhile; a newer build is on its way
        self.chart = chart
        wanted, self._wanted = self._wanted, None
        self.cursor = None
        if wanted is not None and wanted < len(chart.events):
            self.cursor = (chart.lanes_of(wanted)[0], wanted)
        self._changed()
        self._reveal()

    def watch_lanes_by(self) -> None:
        if self.cursor is not None:
            self._wanted = self.cursor[1]
        self.chart = None
        self._generation += 1
        self._changed()

    @property
    def index(self) -> int | None:
        """The row the cursor is on."""
        return self.cursor[1] if self.cursor else self._wanted

    def select_index(self, index: int) -> None:
        """Follow the list's cursor: the event keeps its lane if it is in the current one."""
        if self.chart is None:
            self._wanted = index
            return
        if self.cursor is not None and self.cursor[1] == index:
            return
        if not 0 <= index < len(self.chart.events):
            return
        lanes = self.chart.lanes_of(index)
        lane = self.cursor[0] if self.cursor and self.cursor[0] in lanes else lanes[0]
        self._move((lane, index), notify=False)

    # -- layout -------------------------------------------------------------------------------
    def _changed(self) -> None:
        self._layout = None
        self._strips.clear()
        self.refresh()

    def _laid_out(self) -> Layout | None:
        if self.chart is None:
            self._start_build()
            return None
        if not self.chart.events:
            return None
        width = self.size.width
        if self._layout is None or self._layout.width != width:
            self._layout = layout(self.chart, self.window, width)
            self.window = self._layout.window
            self._strips.clear()
        return self._layout

    @property
    def lane_rows(self) -> int:
        """How many lane rows fit above the footer."""
        return max(self.size.height - FOOTER_ROWS, 1)

    def on_resize(self) -> None:
        self._changed()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._strips.clear()

    # -- drawing ------------------------------------------------------------------------------
    def _style(self, role: str | None) -> Style:
        if role is None:
            return self.rich_style
        if not self._styles:
            self._styles = {r: self.get_component_rich_style(f"lanes--{r}") for r in ROLES}
            self._styles["status"] = self.get_component_rich_style("lanes--status")
        return self.rich_style + self._styles[role]

    def _strip(self, line: Line) -> Strip:
        width = self.size.width
        segments = [Segment(text, self._style(role)) for text, role in clip(line, width) if text]
        return Strip(segments).adjust_cell_length(width, self.rich_style)

    def render_line(self, y: int) -> Strip:
        strip = self._strips.get(y)
        if strip is None:
            strip = self._strips[y] = self._strip(self._line(y))
        return strip

    def _line(self, y: int) -> Line:
        laid = self._laid_out()
        if laid is None:
            if y != 0:
                return []
            if self._events is not None and not self._events:
                return [("No events.", "axis")]
            return [("Laying out the lanes…", "axis")]
        # The axis follows the last lane, or the bottom row of lanes when they overflow.
        lane_rows = min(self.lane_rows, laid.rows - self.top)
        if y < lane_rows:
            return laid.line(self.top + y, self.cursor)
        footer = y - lane_rows
        if footer < 2:
            return laid.axis[footer]
        if footer == 2:
            return self._status()
        legend = wrap(laid.legend, laid.width)
        return legend[footer - 3] if footer - 3 < len(legend) else []

    def _status(self) -> Line:
        if self.cursor is None or self.chart is None:
            return []
        event = self.chart.events[self.cursor[1]]
        lane = self.chart.lanes[self.cursor[0]].label
        return [
            (item_date(event), "status"),
            ("  ", None),
            (sanitize(event.title), None),
            (f"  · {lane}", "axis"),
        ]

    # -- cursor -------------------------------------------------------------------------------
    def _move(self, cursor: tuple[int, int], *, notify: bool = True) -> None:
        self.cursor = cursor
        self._strips.clear()
        self._reveal()
        self.refresh()
        if notify:
            self.post_message(self.Highlighted(self, cursor[1]))

    def _reveal(self) -> None:
        """Pan so that the cursor's event is in the window, scroll so its lane is in view."""
        laid = self._laid_out()
        if laid is None or self.cursor is None or self.chart is None:
            return
        first, last = self.chart.span(self.cursor[1])
        window = laid.window
        if last < window.start or first >= window.end:
            middle = (first + last + 1) / 2
            self.window = Window(middle - window.days / 2, window.days)
            self.window = pan(self.window, 0, laid.plot_width)
            self._changed()
            laid = self._laid_out()
            assert laid is not None
        row = laid.lane_row(self.cursor[0])
        if row < self.top:
            self.top = row
        elif row >= self.top + self.lane_rows:
            self.top = row - self.lane_rows + 1
        self._strips.clear()

    def action_step(self, delta: int) -> None:
        if self.chart is None or self.cursor is None:
            return
        lane_no, index = self.cursor
        members = self.chart.lanes[lane_no].members
        position = bisect_left(members, index) + delta
        if 0 <= position < len(members):
            self._move((lane_no, members[position]))

    def action_lane(self, delta: int) -> None:
        if self.chart is None or self.cursor is None:
            return
        lane_no, index = self.cursor
        target = lane_no + delta
        if not 0 <= target < len(self.chart.lanes):
            return
        lane = self.chart.lanes[target]
        self._move((target, _nearest(lane.members, lane.firsts, self.chart.span(index)[0])))

    def action_select(self) -> None:
        if self.cursor is not None:
            self.post_message(self.Selected(self, self.cursor[1]))

    def _on_click(self, event: events.Click) -> None:
        laid = self._laid_out()
        if laid is None or self.chart is None or event.y >= self.lane_rows:
            return
        row = self.top + event.y
        column = event.x - laid.label_width - 1
        if row >= laid.rows or not 0 <= column < laid.plot_width:
            return
        lane_no = laid.row_lanes[row][0]
        lane = self.chart.lanes[lane_no]
        middle = (laid.edges[column] + laid.edges[column + 1]) // 2
        index = _nearest(lane.members, lane.firsts, middle)
        again = self.cursor == (lane_no, index)
        self._move((lane_no, index))
        if again or event.chain > 1:
            self.action_select()

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_lanes(1)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_lanes(-1)

    def _scroll_lanes(self, delta: int) -> None:
        laid = self._laid_out()
        if laid is not None:
            self.top = max(0, min(self.top + delta, laid.rows - self.lane_rows))
            self._strips.clear()
            self.refresh()

    # -- the window ---------------------------------------------------------------------------
    def _anchor(self, window: Window) -> float:
        """The day zooming keeps in place: the cursor's event, else the middle."""
        if self.cursor is None or self.chart is None:
            return window.start + window.days / 2
        first, last = self.chart.span(self.cursor[1])
        return (first + last + 1) / 2

    def action_zoom(self, factor: float) -> None:
        laid = self._laid_out()
        if laid is None:
            return
        self.window = zoom(laid.window, factor, self._anchor(laid.window), laid.plot_width)
        self._changed()

    def action_pan(self, direction: int) -> None:
        laid = self._laid_out()
        if laid is None:
            return
        self.window = pan(laid.window, direction * PAN_STEP, laid.plot_width)
        self._changed()

    def action_fit(self) -> None:
        self.window = None
        self._changed()

    def action_cycle_lanes(self) -> None:
        self.lanes_by = LANE_BYS[(LANE_BYS.index(self.lanes_by) + 1) % len(LANE_BYS)]
        self.top = 0

    def visible_columns(self, index: int) -> tuple[int, int] | None:
        """The cells event `index` covers in the current window (for tests and tooltips)."""
        laid = self._laid_out()
        if laid is None or self.chart is None:
            return None
        first, last = self.chart.span(index)
        return column_of(first, laid.edges), column_of(last, laid.edges)


def _nearest(members: Sequence[int], firsts: Sequence[int], day: float) -> int:
    """The member whose first day is nearest to `day` (the earlier one on a tie)."""
    position = bisect_left(firsts, day)
    if position == 0:
        return members[0]
    if position == len(firsts):
        return members[-1]
    before, after = firsts[position - 1], firsts[position]
    return members[position - 1] if day - before <= after - day else members[position]
