"""The brief screen's tabs: one protocol, three kinds (Overview, a section, the Timeline).

A tab has a `name` that is stable across reloads (what a reload restores), a DOM `pane_id` made
from its position (any brief id is safe: ids never reach the DOM), a `key` shown in its label, a
`build` for its body (called when the tab is first shown), the widget that reads the keys, and
what it saves and restores on reload.
Adding a tab type is one more class here and one line in `brief_tabs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widget import Widget

from brief.model import Brief, Section
from brief.tui.widgets.overview import Overview

if TYPE_CHECKING:
    from brief.diff import BriefDiff
    from brief.errors import Problem

OVERVIEW, TIMELINE = "overview", "timeline"
# Number keys 1-9 show the first nine sections.
SECTION_KEYS = 9


def section_tab(section_id: str) -> str:
    """The stable name of a section's tab (any text: it is never a DOM id)."""
    return f"section:{section_id}"


@dataclass(frozen=True)
class BuildContext:
    """What a tab's body is built from."""

    brief: Brief
    problems: list[Problem]
    changes: BriefDiff | None
    saved: Any  # this tab's saved state from before a reload, or None


class BriefTab:
    """The base: a scrolling reading pane whose scroll position a reload keeps."""

    name: str
    pane_id: str
    title: str
    key: str | None = None

    def label(self, title: Content | None = None) -> Content:
        """The tab's label: its key, then its (possibly shortened) title, literal."""
        shown = Content(self.title) if title is None else title
        return Content.assemble((self.key, "bold"), " ", shown) if self.key else shown

    def build(self, context: BuildContext) -> Widget:
        raise NotImplementedError

    def reader(self, body: Widget) -> Widget | None:
        """The widget that takes the keys in this tab."""
        return body

    async def activate(self, body: Widget) -> None:
        """Called each time the tab is shown: build what was left for the first show."""

    def show_changes(self, body: Widget, changes: BriefDiff | None) -> None:
        """Show what changed since the reader last opened the brief (None: never opened)."""

    def save(self, body: Widget) -> Any:
        return body.scroll_offset.y

    async def restore(self, body: Widget, saved: Any) -> None:
        if saved:
            body.call_after_refresh(body.scroll_to, y=saved, animate=False)


class OverviewTab(BriefTab):
    name = pane_id = OVERVIEW
    title = "Overview"
    key = "o"

    def build(self, context: BuildContext) -> Widget:
        # A scroll position to restore needs the whole Overview at once.
        return Overview(
            context.brief,
            context.problems,
            context.changes,
            defer=not context.saved,
            id="overview-body",
        )

    def show_changes(self, body: Widget, changes: BriefDiff | None) -> None:
        assert isinstance(body, Overview)
        body.show_changes(changes)


class SectionTab(BriefTab):
    def __init__(self, section: Section, index: int) -> None:
        self.section = section
        self.name = section_tab(section.id)
        self.pane_id = f"section-{index}"
        self.title = section.title
        self.key = str(index + 1) if index < SECTION_KEYS else None

    def build(self, context: BuildContext) -> Widget:
        from brief.tui.widgets.section import SectionView  # built when first shown

        return SectionView(context.brief, self.section, id=f"{self.pane_id}-body")

    async def activate(self, body: Widget) -> None:
        from brief.tui.widgets.section import SectionView

        assert isinstance(body, SectionView)
        await body.populate()


@dataclass(frozen=True)
class TimelineState:
    query: str = ""
    selected: str | None = None
    list_scroll: float | None = None
    query_cursor: int | None = None


class TimelineTab(BriefTab):
    # The timeline's modules (its list, lanes and chart) are imported in these methods: the tab
    # is built when first shown, so the first paint does without them.
    name = pane_id = TIMELINE
    title = "Timeline"
    key = "t"

    def build(self, context: BuildContext) -> Widget:
        from brief.tui.widgets.timeline import TimelinePane

        marks = context.changes.marks("event") if context.changes else {}
        return TimelinePane(context.brief, marks=marks, id="timeline-pane")

    def reader(self, body: Widget) -> Widget | None:
        from brief.tui.widgets.event_list import EventList

        lists = body.query(EventList)
        return lists.first() if lists else None

    async def activate(self, body: Widget) -> None:
        from brief.tui.widgets.timeline import TimelinePane

        assert isinstance(body, TimelinePane)
        await body.populate()

    def show_changes(self, body: Widget, changes: BriefDiff | None) -> None:
        from brief.tui.widgets.timeline import TimelinePane

        assert isinstance(body, TimelinePane)
        body.set_marks(changes.marks("event") if changes else {})

    def save(self, body: Widget) -> TimelineState:
        from brief.tui.widgets.event_list import EventList
        from brief.tui.widgets.timeline import TimelinePane

        assert isinstance(body, TimelinePane)
        if not body.populated:
            return TimelineState()
        return TimelineState(
            body.query_text,
            body.selected_key,
            body.query_one(EventList).scroll_offset.y,
            body.query_input.cursor_position,
        )

    async def restore(self, body: Widget, saved: Any) -> None:
        from brief.tui.widgets.timeline import TimelinePane

        assert isinstance(body, TimelinePane)
        if not isinstance(saved, TimelineState):
            return
        if saved.query or saved.selected:
            await body.populate()
        if saved.query:
            body.set_query(saved.query)
        if saved.selected:
            body.select_event(saved.selected)
        if saved.list_scroll is not None and body.populated:
            body.restore_scroll(saved.list_scroll)
        if saved.query_cursor is not None and body.populated:
            body.query_input.cursor_position = saved.query_cursor


def brief_tabs(brief: Brief) -> list[BriefTab]:
    """The tabs, in order: Overview, one per section in file order, Timeline."""
    sections: list[BriefTab] = [SectionTab(s, n) for n, s in enumerate(brief.sections)]
    return [OverviewTab(), *sections, TimelineTab()]


def fit_titles(tabs: list[BriefTab], active: str, room: int) -> dict[str, Content]:
    """Titles shortened so the whole tab bar fits in `room` cells: the longest titles lose
    characters first (an ellipsis marks each cut); the active tab keeps its whole title.
    Empty when everything fits already. A tab costs its label plus two cells of padding."""

    titles = {tab.name: Content(tab.title) for tab in tabs}

    def width(cap: int | None) -> int:
        total = 0
        for tab in tabs:
            title = titles[tab.name].cell_length
            if cap is not None and tab.name != active:
                title = min(title, cap)
            total += 2 + title + (len(tab.key) + 1 if tab.key else 0)
        return total

    if width(None) <= room:
        return {}
    cap = max(t.cell_length for t in titles.values())
    while cap > 2 and width(cap) > room:
        cap -= 1
    return {
        name: title.truncate(cap, ellipsis=True)
        for name, title in titles.items()
        if name != active and title.cell_length > cap
    }
