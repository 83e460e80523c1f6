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

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
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
    More,
    Window,
    clip,
    column_of,
    layout,
    pan,
    wrap,
    zoom,
)
from brief.model import Brief
from brief.text import sanitize
from brief.tui.content import item_date
from brief.tui.timeline_data import TimelineRows

# Rows under the lanes: the tick row, the labels, the selected event, the legend (two rows).
FOOTER_ROWS = 5
ZOOM_STEP = 2.0
PAN_STEP = 0.25


@dataclass(frozen=True)
class LanesState:
    """What a reload keeps of the lanes: their kind and the window (None: fit everything)."""

    by: LaneBy = "section"
    window: Window | None = None


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
        self._rows: TimelineRows | None = None  # the list's rows
        self._generation = 0  # bumped when the rows or the kind of lanes change
        self._built_generation = -1  # the generation a build was started for
        self._token = 0  # bumped for each layout asked for; older ones are dropped
        self.chart: ChartData | None = None
        self.window: Window | None = None  # the window asked for; None: fit everything
        self.cursor: tuple[int, int] | None = None  # (lane, index of the event)
        self._wanted: int | None = None  # the row to select once the chart is built
        self.top = 0  # the first lane row shown
        self._layout: Layout | None = None  # what is drawn
        self._styles: dict[str | None, Style] = {}
        self._styles_stale = True  # a style update since `_styles` were made
        self._strips: dict[int, tuple[Strip, frozenset[str | None]]] = {}  # y: strip, its roles
        self._strips_size = Size(0, 0)  # the size they were drawn at

    # -- data -------------------------------------------------------------------------------
    def set_rows(self, rows: TimelineRows, cursor: int = 0) -> None:
        """Show the list's rows (in date order), the cursor on the `cursor`th. Their events are
        gathered in the worker, when the lanes are first drawn."""
        self._rows = rows
        self._wanted = cursor if len(rows) else None
        self._rebuild()

    @property
    def state(self) -> LanesState:
        return LanesState(self.lanes_by, self.window)

    def restore(self, state: LanesState) -> None:
        """Lanes of `state`'s kind on its window, once the rows are set."""
        self.lanes_by = state.by
        self.window = state.window

    def watch_lanes_by(self) -> None:
        if self.cursor is not None:
            self._wanted = self.cursor[1]
        self.top = 0
        self._rebuild()

    def _rebuild(self) -> None:
        self.chart = None
        self._layout = None
        self._generation += 1
        self._strips.clear()
        self.refresh()

    def _start_build(self) -> None:
        """Build the lanes for the current rows, once per generation. Called when drawn, so a
        hidden view (the list is shown) costs nothing."""
        if self._rows is None or self._built_generation == self._generation:
            return
        self._built_generation = self._generation
        args = (self._rows, self.lanes_by, self._generation, self.window, self.size.width)
        # After the frame that shows the view: the build's thread holds the GIL half the time,
        # and painting beside it took longer (v: median UI block 31-52 -> 28-29 ms, 100k events).
        self.call_after_refresh(self._build, *args)

    @work(thread=True, exclusive=True, group="lanes-build")
    def _build(
        self, rows: TimelineRows, by: LaneBy, generation: int, window: Window | None, width: int
    ) -> None:
        chart = ChartData.build(self.brief, rows.events, by)
        laid = _lay_out(chart, window, width)
        self.app.call_from_thread(self._built, chart, laid, generation)

    def _built(self, chart: ChartData, laid: Layout | None, generation: int) -> None:
        if generation != self._generation:
            return  # rows or lanes changed meanwhile; a newer build is on its way
        self.chart = chart
        wanted, self._wanted = self._wanted, None
        self.cursor = None
        if wanted is not None and wanted < len(chart.events):
            self.cursor = (chart.lanes_of(wanted)[0], wanted)
        self._token += 1
        self._show_layout(laid, follow=True)

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
    # Laying a window out looks at every lane's bins: 10-40 ms with 24 lanes of 100,000 events
    # on a loaded machine, so it runs in a worker and the last layout stays drawn meanwhile.
    def _request(self, window: Window | None) -> None:
        """Lay out `window` (None: fit everything) at the current width."""
        self.window = window
        if self.chart is None:
            return
        self._token += 1
        self._relayout(self.chart, window, self.size.width, self._token)

    @work(thread=True, exclusive=True, group="lanes-layout")
    def _relayout(self, chart: ChartData, window: Window | None, width: int, token: int) -> None:
        laid = _lay_out(chart, window, width)
        self.app.call_from_thread(self._laid, laid, token)

    def _laid(self, laid: Layout | None, token: int) -> None:
        if token == self._token and (laid is None or laid.data is self.chart):
            self._show_layout(laid, follow=False)

    def _show_layout(self, laid: Layout | None, *, follow: bool) -> None:
        """Draw `laid`; `follow`: pan to the cursor's event if it is out of the window (new
        lanes do; a window the reader zoomed or panned to is kept)."""
        self._layout = laid
        if laid is not None:
            self.window = laid.window
            self.top = max(0, min(self.top, laid.rows - self.lane_rows))
        self._strips.clear()
        self.refresh()
        self._reveal(follow)

    def _laid_out(self) -> Layout | None:
        if self.chart is None:
            self._start_build()
            return None
        return self._layout

    @property
    def lane_rows(self) -> int:
        """How many lane rows fit above the footer."""
        return max(self.size.height - FOOTER_ROWS, 1)

    def on_resize(self) -> None:
        if self._layout is not None and self._layout.width != self.size.width:
            self._request(self.window)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles_stale = True

    # -- drawing ------------------------------------------------------------------------------
    def _role_styles(self) -> dict[str | None, Style]:
        """Each role's style over the widget's, made once per style update: `rich_style` walks
        the DOM, and asking it for each run of text made the repaints of a pan by tag take 60 ms
        of CPU (3 ms now; 20k events, load 4). Only the lines using a role whose style changed
        are drawn again: taking the focus (every `v`) changes the cursor's alone."""
        if self._styles_stale:
            self._styles_stale = False
            base = self.rich_style
            styles = {None: base} | {
                role: base + self.get_component_rich_style(f"lanes--{role}")
                for role in (*ROLES, "status")
            }
            changed = {role for role, style in styles.items() if self._styles.get(role) != style}
            self._styles = styles
            for y, (_, roles) in list(self._strips.items()):
                if None in changed or not roles.isdisjoint(changed):
                    del self._strips[y]
        return self._styles

    def render_line(self, y: int) -> Strip:
        styles = self._role_styles()
        if self.size != self._strips_size:  # not on every Resize: `v` sends one, same size
            self._strips.clear()
            self._strips_size = self.size
        cached = self._strips.get(y)
        if cached is None:
            width = self.size.width
            line = [(text, role) for text, role in clip(self._line(y), width) if text]
            segments = [Segment(text, styles[role]) for text, role in line]
            strip = Strip(segments).adjust_cell_length(width, styles[None])
            cached = self._strips[y] = (strip, frozenset(role for _, role in line))
        return cached[0]

    def _line(self, y: int) -> Line:
        laid = self._laid_out()
        if laid is None:
            if y != 0:
                return []
            if self.chart is not None and not self.chart.events:
                return [("No events.", "axis")]
            return [("Laying out the lanes…", "axis")]
        # The axis follows the last lane, or the bottom row of lanes when they overflow.
        lane_rows = min(self.lane_rows, laid.rows - self.top)
        if y < lane_rows:
            return laid.line(self.top + y, self.cursor)
        footer = y - lane_rows
        if footer == 0 and (self.top or laid.rows > self.top + lane_rows):
            # Lane rows scrolled out of view, named where the tick row has room.
            hint = f"↑{self.top} ↓{laid.rows - self.top - lane_rows} rows"
            return [(hint[: laid.label_width].ljust(laid.label_width), "more"), *laid.axis[0][1:]]
        if footer < 2:
            return laid.axis[footer]
        if footer == 2:
            return self._status()
        legend = wrap(laid.legend, laid.width)
        return legend[footer - 3] if footer - 3 < len(legend) else []

    def _status(self) -> Line:
        """The selected event's date and title, how many more collide with it unseen (a
        bare "+" has no room for the number), and its lane (see `status_line`)."""
        if self.cursor is None or self.chart is None:
            return []
        event = self.chart.events[self.cursor[1]]
        lane = self.chart.lanes[self.cursor[0]].label
        more = self._more_beside(*self.cursor)
        return status_line(
            item_date(event),
            more.hidden if more else None,
            sanitize(event.title),
            lane,
            self.size.width,
        )

    def _more_beside(self, lane: int, index: int) -> More | None:
        """The collision in `lane` over the cells event `index` covers, if any."""
        columns = self.visible_columns(index)
        if columns is None or self._layout is None:
            return None
        first, last = columns
        more = self._layout.grid(lane).more
        return next((m for m in more if m.first <= last and m.last >= first), None)

    # -- cursor -------------------------------------------------------------------------------
    def _move(self, cursor: tuple[int, int], *, notify: bool = True) -> None:
        self.cursor = cursor
        self._strips.clear()
        self._reveal()
        self.refresh()
        if notify:
            self.post_message(self.Highlighted(self, cursor[1]))

    def _reveal(self, follow: bool = True) -> None:
        """Scroll so that the cursor's lane is in view; `follow`: pan so that its event is in
        the window too."""
        laid = self._layout
        if laid is None or self.cursor is None or self.chart is None:
            return
        first, last = self.chart.span(self.cursor[1])
        window = self.window or laid.window
        if follow and not self._in_window(first, last, window):
            middle = (first + last + 1) / 2
            moved = Window(middle - window.days / 2, window.days)
            self._request(pan(moved, 0, laid.plot_width))
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

    def _cell_at(self, event: events.MouseEvent) -> tuple[int, int] | None:
        """The (lane, column) under the mouse, if it is over a lane."""
        laid = self._laid_out()
        offset = event.get_content_offset(self)
        if laid is None or offset is None or offset.y >= self.lane_rows:
            return None
        row = self.top + offset.y
        column = offset.x - laid.label_width - 1
        if row >= laid.rows or not 0 <= column < laid.plot_width:
            return None
        return laid.row_lanes[row][0], column

    def on_click(self, event: events.Click) -> None:
        cell = self._cell_at(event)
        laid = self._layout
        if cell is None or laid is None or self.chart is None:
            return
        lane_no, column = cell
        lane = self.chart.lanes[lane_no]
        middle = (laid.edges[column] + laid.edges[column + 1]) // 2
        index = _nearest(lane.members, lane.firsts, middle)
        again = self.cursor == (lane_no, index)
        self._move((lane_no, index))
        if again or event.chain > 1:
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Over a collision, a tooltip counts the events it hides."""
        cell = self._cell_at(event)
        more = None
        if cell is not None and self._layout is not None:
            more = self._layout.grid(cell[0]).more_at(cell[1])
        tip = None
        if more is not None:
            noun = "event" if more.hidden == 1 else "events"
            tip = f"{more.hidden} more {noun} here: + zooms in to separate them"
        if tip != self.tooltip:  # setting it, even unchanged, updates the screen's tooltip
            self.tooltip = tip

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
        """The day zooming keeps in place: the cursor's event if in the window, else the
        middle."""
        if self.cursor is not None and self.chart is not None:
            first, last = self.chart.span(self.cursor[1])
            if self._in_window(first, last, window):
                return (first + last + 1) / 2
        return window.start + window.days / 2

    @staticmethod
    def _in_window(first: int, last: int, window: Window) -> bool:
        return last >= window.start and first < window.end

    def action_zoom(self, factor: float) -> None:
        if self._layout is not None:
            window = self.window or self._layout.window
            plot_width = self._layout.plot_width
            self._request(zoom(window, factor, self._anchor(window), plot_width))

    def action_pan(self, direction: int) -> None:
        if self._layout is not None:
            window = self.window or self._layout.window
            self._request(pan(window, direction * PAN_STEP, self._layout.plot_width))

    def action_fit(self) -> None:
        self._request(None)

    def action_cycle_lanes(self) -> None:
        self.lanes_by = LANE_BYS[(LANE_BYS.index(self.lanes_by) + 1) % len(LANE_BYS)]

    def visible_columns(self, index: int) -> tuple[int, int] | None:
        """The cells event `index` covers in the current window (for tests and tooltips)."""
        laid = self._laid_out()
        if laid is None or self.chart is None:
            return None
        first, last = self.chart.span(index)
        return column_of(first, laid.edges), column_of(last, laid.edges)


def _lay_out(chart: ChartData, window: Window | None, width: int) -> Layout | None:
    """`layout` with every lane's cells made, for a worker: the UI thread only draws them."""
    if not chart.events:
        return None
    laid = layout(chart, window, width)
    for lane in range(len(chart.lanes)):
        laid.grid(lane)
    return laid


# A title cut shorter than this tells too little: it is left out instead.
MIN_TITLE = 8


def status_line(date: str, hidden: int | None, title: str, lane: str, width: int) -> Line:
    """The status line in at most `width` cells: "date  +N more here  title  · lane". The
    lane is always shown, so the least needed parts give way first: "+N more here" becomes
    "+N", the title is cut (with "…"), then left out, then the count, then the date; and a
    lane too wide even alone is cut."""
    count, short = (f"+{hidden} more here", f"+{hidden}") if hidden is not None else ("", "")
    tries = [(date, count, title), (date, short, title)]
    room = width - _cells(_status_parts(date, short, "", lane)) - 2  # 2: before the title
    if room >= MIN_TITLE:
        tries.append((date, short, _cut(title, room)))
    tries += [(date, short, ""), (date, "", ""), ("", "", "")]
    for parts in (_status_parts(*shown, lane) for shown in tries):
        if _cells(parts) <= width:
            return parts
    return [(_cut(f"· {lane}", width), "axis")] if width > 0 else []


def _status_parts(date: str, count: str, title: str, lane: str) -> Line:
    parts: Line = [(date, "status")] if date else []
    if count:
        parts.append((f"  {count}", "more"))
    if title:
        parts += [("  ", None), (title, None)]
    parts.append((f"  · {lane}", "axis"))
    text, role = parts[0]
    parts[0] = (text.lstrip(" "), role)  # the line starts with what it shows
    return [part for part in parts if part[0]]


def _cells(line: Line) -> int:
    return sum(cell_len(text) for text, _ in line)


def _cut(text: str, cells: int) -> str:
    """`text` in at most `cells` cells, ending in "…" when cut."""
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, max(cells - 1, 0)) + "…" if cells > 0 else ""


def _nearest(members: Sequence[int], firsts: Sequence[int], day: float) -> int:
    """The member whose first day is nearest to `day` (the earlier one on a tie)."""
    position = bisect_left(firsts, day)
    if position == 0:
        return members[0]
    if position == len(firsts):
        return members[-1]
    before, after = firsts[position - 1], firsts[position]
    return members[position - 1] if day - before <= after - day else members[position]
