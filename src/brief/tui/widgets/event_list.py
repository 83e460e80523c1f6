"""The timeline results list, drawn with Textual's line API.

Only the lines on screen are built (`render_line`), so 100,000 events cost no more to show than
twenty: a DataTable or OptionList would build every row first (seconds at that size). The rows
are any sequence, so the timeline's make each row only when it is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from brief.tui.content import CHIP_ACTOR, DATE, MUTED, highlight
from brief.tui.timeline_data import EventRow

# Column limits, in cells: the title takes the room. The list shows a range by its start and an
# arrow ("c. 23 Oct 2025 →", 16 at most); the detail gives the whole range.
MAX_DATE = 16
MAX_SECTION, MAX_ACTORS = 16, 24
MIN_TITLE, MIN_ACTORS = 40, 12


def _fit(content: Content, width: int) -> Content:
    """Exactly `width` cells: truncated with an ellipsis, or padded."""
    if width <= 0:
        return Content("")
    if content.cell_length > width:
        return content.truncate(width, ellipsis=True)
    return content.pad_right(width - content.cell_length)


class EventList(ScrollView, can_focus=True):
    """A cursor over `EventRow`s. Posts `Highlighted` as the cursor moves, `Selected` on enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "first", "Top", show=False, id="list.top"),
        Binding("end,G", "last", "Bottom", show=False, id="list.bottom"),
        Binding("enter", "select", "Open event", id="list.select"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"event-list--cursor", "event-list--empty"}

    DEFAULT_CSS = """
    EventList { height: 1fr; background: $surface; overflow-x: hidden; }
    EventList > .event-list--cursor { background: $block-cursor-blurred-background; }
    EventList:focus > .event-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    EventList > .event-list--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        event_list: EventList
        row: EventRow | None

        @property
        def control(self) -> EventList:
            return self.event_list

    @dataclass
    class Selected(Message):
        event_list: EventList
        row: EventRow

        @property
        def control(self) -> EventList:
            return self.event_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: Sequence[EventRow] = ()
        self.empty_message = "No events."
        # Event id -> "added" / "changed": drawn as a coloured glyph before the date.
        self.marks: dict[str, str] = {}
        # The longest date label and section title among the rows: columns fit what is shown.
        self._date_len = 12
        self._section_len = 12
        # Built lines, keyed by row index, width and whether the cursor is on it; cleared when
        # the rows or the theme change.
        self._lines: LRUCache[tuple[int, int, bool], Strip] = LRUCache(1024)

    # -- data -------------------------------------------------------------------------------
    def set_marks(self, marks: dict[str, str]) -> None:
        self.marks = marks
        self._lines.clear()
        self.refresh()

    def set_rows(
        self,
        rows: Sequence[EventRow],
        *,
        date_len: int,
        section_len: int,
        cursor: int = 0,
        scroll_y: float | None = None,
    ) -> None:
        """Show `rows`, whose longest date and section labels are `date_len` and `section_len`
        (given, so that no row is made to size the columns), with the cursor at `cursor` and
        the list scrolled to `scroll_y` if given (else the cursor is centred)."""
        self.rows = rows
        self._date_len, self._section_len = date_len, section_len
        self._lines.clear()
        self._size_to_rows()
        self.cursor = cursor
        y = max(0, self.cursor - self.size.height // 2) if scroll_y is None else scroll_y
        self.scroll_to(y=y, animate=False, immediate=True)
        self.refresh()

    @property
    def current(self) -> EventRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    # -- cursor -----------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region(
            self.virtual_region.__class__(0, new, 1, 1), animate=False, immediate=True
        )
        self.post_message(self.Highlighted(self, self.current))

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_select(self) -> None:
        if (row := self.current) is not None:
            self.post_message(self.Selected(self, row))

    def on_click(self, event: events.Click) -> None:
        index = event.y + int(self.scroll_offset.y)
        if 0 <= index < len(self.rows):
            already = index == self.cursor
            self.cursor = index
            if already or event.chain > 1:
                self.action_select()

    # -- drawing ----------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def on_resize(self) -> None:
        self._lines.clear()
        self._size_to_rows()

    def _size_to_rows(self) -> None:
        # As wide as the room beside the vertical scrollbar: the widget's own width includes
        # the scrollbar, and content wider than the room would bring a horizontal one.
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_offset.y)
        if not self.rows:
            if y == 0:
                style = self.get_visual_style("event-list--empty")
                line = Content(" " + self.empty_message).stylize(style)
                return self._strip(line, width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        key = (index, width, index == self.cursor)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._build_line(self.rows[index], width, index == self.cursor)
            self._lines[key] = strip
        return strip

    def columns(self, width: int) -> tuple[int, int, int, int]:
        """Widths of the lead (mark), date, section and actors columns, each with its gap; the
        title takes the rest. The date column fits the longest label shown, the section column
        appears when the title keeps room beside it, and narrow lists drop the actors last."""
        lead = 2 if self.marks else 1
        room = width - lead
        date_w = min(self._date_len, MAX_DATE) + 1
        section_w = min(self._section_len, MAX_SECTION) + 1 if self._section_len else 0
        if room - date_w - section_w < MIN_TITLE + MIN_ACTORS:
            section_w = 0
        rest = room - date_w - section_w
        actors_w = min(MAX_ACTORS, rest // 4) if rest >= MIN_TITLE + MIN_ACTORS else 0
        return lead, date_w, section_w, actors_w

    def _build_line(self, row: EventRow, width: int, is_cursor: bool) -> Strip:
        # Columns: [mark] date | section | title | actors.
        _lead, date_w, section_w, actors_w = self.columns(width)
        lead = Content(" ")
        if self.marks:
            # A column for the what's-new glyph, only when something is marked.
            from brief.tui.widgets.whats_new import mark

            kind = self.marks.get(row.key)
            lead = Content.assemble(mark(kind) if kind else " ", " ")
        title_w = width - date_w - section_w - actors_w - lead.cell_length
        parts = [lead, _fit(Content.styled(row.date, DATE), date_w - 1)]
        if section_w:
            parts.append(_fit(Content.styled(row.section, MUTED), section_w - 1).pad_left(1))
        parts.append(_fit(highlight(row.title, row.title_spans), title_w - 1).pad_left(1))
        if actors_w:
            actors = highlight(row.actors, row.actor_spans).stylize_before(CHIP_ACTOR)
            parts.append(_fit(actors, actors_w - 1).pad_left(1))
        line = Content("").join(parts)
        if is_cursor:
            line = line.stylize_before(self.get_visual_style("event-list--cursor"))
        return self._strip(line, width)

    def _strip(self, line: Content, width: int) -> Strip:
        # Style strings in spans ("$text-accent") are resolved against the running app's theme.
        segments = [
            Segment(text, style.rich_style if style else None)
            for text, style in line.render(self.visual_style, "")
        ]
        return Strip(segments).adjust_cell_length(width, self.rich_style)
