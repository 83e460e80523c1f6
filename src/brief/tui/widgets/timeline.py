"""The Timeline tab: a query box, facet pickers, a count and a histogram, the results list and the
event detail. Queries run in a worker thread; a result for anything but the latest query is
dropped, so fast typing never shows stale rows. A large brief's events are sorted and labelled
in that worker too, the list saying "Loading events…" meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Static
from textual.worker import get_current_worker

from brief import memory
from brief.model import Brief, Event
from brief.tui.content import text
from brief.tui.timeline_data import EventRow, Outcome, TimelineData, TimelineRows
from brief.tui.widgets.event_detail import EventDetail
from brief.tui.widgets.event_list import EventList
from brief.tui.widgets.histogram import YearHistogram
from brief.tui.widgets.lanes import LanesState, LanesView

# Below this width the detail opens as a modal instead of a side panel.
SIDE_PANEL_MIN_WIDTH = 110
# Wait this long after a keystroke before searching: fast typing searches once, not per key.
DEBOUNCE_S = 0.04
# Up to this many events, the timeline's data is built on the UI thread when the tab is first
# shown (a few milliseconds): the rows show at once, with no "Loading…" in between.
BUILD_INLINE_MAX = 2_000


# Shown when a search hit is an event the reader's query hides: the query is kept.
HIDDEN_NOTE = "Not in the results: the query hides it. Esc goes back to the list."


class QueryInput(Input):
    """The timeline query. Esc goes back to the list and keeps the query (Esc there clears it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "to_list", "Back to the list", id="timeline.back"),
        Binding("down", "to_list", "Results", show=False, id="timeline.to_list"),
        Binding("enter", "to_list", "Results", show=False, id="timeline.submit"),
    ]

    def action_to_list(self) -> None:
        self.screen.query_one(TimelinePane).results.focus()


class TimelinePane(Vertical):
    """Everything in the Timeline tab."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "pick_facet('')", "Filter", id="timeline.filter"),
        Binding("escape", "clear", "Clear query", id="timeline.clear"),
        Binding("v", "toggle_lanes", "List/lanes", id="timeline.lanes"),
    ]

    @dataclass
    class OpenEvent(Message):
        """Posted when an event should open in a modal (narrow terminals)."""

        event: Event
        note: str = ""

    @dataclass
    class PickFacet(Message):
        """Asks the screen for a facet picker (of `kind`, or all kinds); the screen hands the
        choice back with `add_qualifier`."""

        timeline: TimelinePane
        kind: str | None

    def __init__(
        self, brief: Brief, *, marks: Mapping[str, str] | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.brief = brief
        self._data: TimelineData | None = None
        self._data_lock = threading.Lock()
        self._generation = 0
        self.outcome: Outcome | None = None
        self.populated = False
        # Event id -> "added" / "changed" since the reader last opened the brief.
        self.marks: dict[str, str] = dict(marks or {})
        # A list scroll position to restore once the results of the restored query show.
        self._scroll_y: float | None = None
        # An event to select once the data is loaded (`select_event` while loading).
        self._pending_key: str | None = None

    @property
    def data(self) -> TimelineData:
        """Built on first use, by whichever thread asks first; on the UI thread only when small
        (`populate`) or already built."""
        with self._data_lock:
            if self._data is None:
                self._data = TimelineData(self.brief)
            return self._data

    async def populate(self) -> None:
        """Build the tab on first show: the first paint of the app doesn't wait for it."""
        if self.populated:
            return
        self.populated = True
        await self.mount_all(self._children())
        event_list = self.query_one(EventList)
        event_list.marks = self.marks
        if self._data is not None or len(self.brief.timeline) <= BUILD_INLINE_MAX:
            self._show(Outcome("", self.data.everything), keep=None)
        else:
            event_list.empty_message = "Loading events…"
            self._show_count()
            self._generation += 1
            self._search(self.query_text, self._generation, delay=0)

    def _children(self) -> list[Widget]:
        query = QueryInput(
            placeholder="Search the timeline: words, actor:…, tag:…, section:…, from:2025-03",
            id="timeline-query",
            select_on_focus=False,
        )
        return [
            Horizontal(query, id="timeline-query-bar"),
            Horizontal(
                Button("Section", id="facet-section", compact=True),
                Button("Actor", id="facet-actor", compact=True),
                Button("Tag", id="facet-tag", compact=True),
                Static("", id="timeline-count"),
                YearHistogram(id="timeline-histogram"),
                id="timeline-facets",
            ),
            Horizontal(
                EventList(id="timeline-list"),
                LanesView(self.brief, id="timeline-lanes"),
                EventDetail(id="timeline-detail"),
                id="timeline-body",
            ),
        ]

    # -- querying -----------------------------------------------------------------------------
    @property
    def query_input(self) -> QueryInput:
        return self.query_one("#timeline-query", QueryInput)

    @property
    def query_text(self) -> str:
        return self.query_input.value if self.populated else ""

    def set_query(self, value: str) -> None:
        self.query_input.value = value

    @on(Input.Changed, "#timeline-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self.refresh_bindings()  # "esc Clear query" shows only with a query
        self._generation += 1
        self._search(event.value, self._generation)

    @work(thread=True, exclusive=True, group="timeline-search")
    def _search(self, value: str, generation: int, delay: float = DEBOUNCE_S) -> None:
        time.sleep(delay)
        worker = get_current_worker()
        if worker.is_cancelled or generation != self._generation:
            return
        data = self.data  # built here, off the UI thread, on the first search of a large brief
        try:
            outcome = data.search(value)
        except Exception as error:  # A bad query must never take the app down.
            outcome = Outcome(value, TimelineRows(data, ()), (f"search failed: {error}",))
        if not worker.is_cancelled:
            self.app.call_from_thread(self._apply, generation, outcome)

    def _apply(self, generation: int, outcome: Outcome) -> None:
        if generation != self._generation:
            return  # A newer query is on its way; this result is stale.
        pending, self._pending_key = self._pending_key, None
        current = self.query_one(EventList).current
        self._show(outcome, keep=pending or (current.key if current else None))
        if pending is not None and outcome.rows.find(pending) is None:
            self.reveal_event(pending)  # selected while loading, and hidden by the query

    def _show(self, outcome: Outcome, keep: str | None) -> None:
        if self.outcome is None:  # the timeline's data (and its first page) stay: freeze them
            self.call_after_refresh(memory.keep)
        self.outcome = outcome
        rows = outcome.rows
        event_list = self.query_one(EventList)
        event_list.empty_message = (
            "No events match. Esc clears the query." if outcome.query.strip() else "No events."
        )
        scroll_y = None
        if self._scroll_y is not None and outcome.query == self.query_text:
            scroll_y, self._scroll_y = self._scroll_y, None
        cursor = (rows.find(keep) if keep is not None else None) or 0
        event_list.set_rows(
            rows,
            date_len=rows.date_len,
            section_len=rows.section_len,
            cursor=cursor,
            scroll_y=scroll_y,
        )
        self.query_one(LanesView).set_rows(rows, cursor)
        self._show_count()
        self.query_one(YearHistogram).set_counts(rows.years)
        self._show_detail(event_list.current)

    def _show_count(self) -> None:
        from brief.tui.widgets.whats_new import legend

        outcome = self.outcome
        total = len(self.brief.timeline)
        shown = f"{len(outcome.rows):,}" if outcome is not None else "…"
        count = Content.assemble((shown, "bold"), f" of {total:,} events")
        if self.marks:
            count = Content.assemble(count, "  ", legend(self.marks))
        if outcome is not None and outcome.warnings:
            count = Content.assemble(count, "  ", text("⚠ " + outcome.warnings[0], "$text-warning"))
        self.query_one("#timeline-count", Static).update(count)

    def set_marks(self, marks: Mapping[str, str]) -> None:
        """Mark new and changed events (see `whats_new.MARKS`); the count line explains them."""
        self.marks = dict(marks)
        if self.populated:
            self.query_one(EventList).set_marks(self.marks)
            self._show_count()

    def restore_scroll(self, y: float) -> None:
        """Scroll the list to `y` once the current query's results are shown (a reload)."""
        if self.outcome is not None and self.outcome.query == self.query_text:
            event_list = self.query_one(EventList)
            event_list.call_after_refresh(event_list.scroll_to, y=y, animate=False)
        else:
            self._scroll_y = y

    # -- selection ----------------------------------------------------------------------------
    @on(EventList.Highlighted)
    def _highlighted(self, message: EventList.Highlighted) -> None:
        self._show_detail(message.row)
        self.query_one(LanesView).select_index(message.event_list.cursor)

    @on(LanesView.Highlighted)
    def _lanes_highlighted(self, message: LanesView.Highlighted) -> None:
        self.query_one(EventList).cursor = message.index

    @on(LanesView.Selected)
    def _lanes_selected(self, message: LanesView.Selected) -> None:
        event_list = self.query_one(EventList)
        event_list.cursor = message.index
        if event_list.current is not None:
            self._open(event_list.current)

    def action_toggle_lanes(self) -> None:
        """`v`: the list or the lanes, on the same rows and cursor."""
        self.show_lanes(not self.query_one(LanesView).display)
        self.results.focus()

    def show_lanes(self, shown: bool) -> None:
        """Show the lanes (else the list) in place of the other."""
        lanes = self.query_one(LanesView)
        lanes.display = shown
        self.query_one(EventList).display = not shown

    @property
    def results(self) -> EventList | LanesView:
        """The list or the lanes, whichever shows the results."""
        lanes = self.query_one(LanesView)
        return lanes if lanes.display else self.query_one(EventList)

    @property
    def lanes_state(self) -> LanesState | None:
        """What a reload keeps of the lanes, when they are shown (None: the list is)."""
        lanes = self.query_one(LanesView)
        return lanes.state if lanes.display else None

    def restore_lanes(self, state: LanesState) -> None:
        """Show the lanes as `lanes_state` left them (after a reload)."""
        self.query_one(LanesView).restore(state)
        self.show_lanes(True)

    def _show_detail(self, row: EventRow | None) -> None:
        self.query_one(EventDetail).show(self.brief, row.event if row else None)

    @on(EventList.Selected)
    def _selected(self, message: EventList.Selected) -> None:
        self._open(message.row)

    def _open(self, row: EventRow) -> None:
        if self.narrow:
            self.post_message(self.OpenEvent(row.event))
        else:
            self.query_one(EventDetail).focus()

    @on(EventDetail.Back)
    def _detail_back(self) -> None:
        self.results.focus()
        self._show_detail(self.query_one(EventList).current)  # the panel follows the list again

    @property
    def narrow(self) -> bool:
        """Too narrow for the side panel? By the screen's width: a hidden tab has none."""
        return self.screen.size.width < SIDE_PANEL_MIN_WIDTH

    def on_resize(self) -> None:
        self.set_class(self.narrow, "-narrow")

    def select_event(self, key: str) -> bool:
        """Move the cursor to event `key` if the results show it. While the data is loading,
        the event is selected when its rows show."""
        if self.outcome is None:
            self._pending_key = key
            return any(event.id == key for event in self.brief.timeline)
        index = self.outcome.rows.find(key)
        if index is not None:
            self.query_one(EventList).cursor = index
            return True
        return False

    def shows(self, key: str) -> bool:
        """Is event `key` among the results shown?"""
        return self.outcome is not None and self.outcome.rows.find(key) is not None

    def reveal_event(self, key: str) -> bool:
        """Show event `key`: selected in the list, or, when the reader's query hides it, in the
        detail (the side panel, or a modal when narrow) with a note. The query is kept."""
        if self.select_event(key):
            return True
        position = self.data.by_key.get(key)
        if position is None:
            return False
        event = self.data.events[position]
        if self.narrow:
            self.post_message(self.OpenEvent(event, HIDDEN_NOTE))
        else:
            detail = self.query_one(EventDetail)
            detail.show(self.brief, event, HIDDEN_NOTE)
            detail.focus()
        return True

    @property
    def selected_key(self) -> str | None:
        if not self.populated:
            return None
        row = self.query_one(EventList).current
        return row.key if row else self._pending_key

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Esc clears the query only when there is one (and only then is it in the key bar).
        if action == "clear":
            return bool(self.query_text)
        return True

    def action_clear(self) -> None:
        self.set_query("")

    # -- facets -------------------------------------------------------------------------------
    @on(Button.Pressed, "#timeline-facets Button")
    def _facet_button(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.action_pick_facet(event.button.id.removeprefix("facet-"))

    def action_pick_facet(self, kind: str) -> None:
        self.post_message(self.PickFacet(self, kind or None))

    def add_qualifier(self, qualifier: str) -> None:
        query = self.query_input
        current = query.value.rstrip()
        if qualifier not in current.split():
            query.value = f"{current} {qualifier}".strip()
        query.cursor_position = len(query.value)
        query.focus()
