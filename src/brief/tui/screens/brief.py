"""The brief screen: header, tabs (Overview, one per section in file order, Timeline), footer."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TabbedContent, TabPane

from brief.errors import Problem
from brief.model import Brief
from brief.tui.widgets.event_list import EventList
from brief.tui.widgets.footer import KeyBar
from brief.tui.widgets.header import BriefHeader
from brief.tui.widgets.overview import Overview
from brief.tui.widgets.section import SectionView, item_widget_id
from brief.tui.widgets.timeline import TimelinePane

if TYPE_CHECKING:
    from brief.diff import BriefDiff

OVERVIEW, TIMELINE = "overview", "timeline"


def section_tab(section_id: str) -> str:
    return f"section-{section_id}"


@dataclass
class ViewState:
    """What a reload keeps: the tab, the timeline query, the selected event, the scroll
    positions and where the focus was."""

    tab: str = OVERVIEW
    query: str = ""
    selected: str | None = None
    scroll: dict[str, float] = field(default_factory=dict)
    focus: str | None = None  # the id of the focused widget, if it has one
    query_cursor: int | None = None
    list_scroll: float | None = None


class BriefScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"tab_number({n})", f"Tab {n}", show=False, id=f"tab.{n}")
            for n in range(1, 10)
        ),
        Binding("o", "show_tab('overview')", "Overview", id="tab.overview"),
        Binding("t", "show_tab('timeline')", "Timeline", id="tab.timeline"),
        Binding("slash", "search", "Search", id="search"),
        Binding("n", "hit(1)", "Next hit", show=False, id="search.next"),
        Binding("N", "hit(-1)", "Previous hit", show=False, id="search.previous"),
        Binding("e", "export", "Export", id="export"),
    ]

    def __init__(
        self,
        brief: Brief,
        path: Path | None = None,
        problems: Sequence[Problem] = (),
        state: ViewState | None = None,
        *,
        stale: Sequence[Problem] = (),
    ) -> None:
        """`problems` are listed in the Overview; `stale`, when the file on disk is broken and
        `brief` is the last good version, are shown in a banner over the tabs."""
        super().__init__()
        self.brief = brief
        self.path = path
        self.problems = list(problems)
        self.stale = list(stale)
        self.state = state or ViewState()
        self.title = brief.title
        self.changes: BriefDiff | None = None
        self.ready = False  # built and restored: a reload may replace it now

    def compose(self) -> ComposeResult:
        brief = self.brief
        yield BriefHeader(brief)
        if self.stale:
            from brief.tui.widgets.banner import ProblemBanner

            yield ProblemBanner(self.stale, id="reload-problems")
        initial = self.state.tab if self._has_tab(self.state.tab) else OVERVIEW
        with TabbedContent(initial=initial):
            with TabPane("Overview", id=OVERVIEW):
                # A scroll position to restore needs the whole Overview at once.
                defer = not self.state.scroll.get(OVERVIEW)
                yield Overview(brief, self.problems, self.changes, defer=defer, id="overview-body")
            for section in brief.sections:
                # Section titles are brief text: a Content title is shown literally.
                with TabPane(Content(section.title), id=section_tab(section.id)):
                    yield SectionView(brief, section)
            with TabPane("Timeline", id=TIMELINE):
                marks = self.changes.marks("event") if self.changes else {}
                yield TimelinePane(brief, marks=marks, id="timeline-pane")
        yield KeyBar()

    def _has_tab(self, tab: str) -> bool:
        return tab in (OVERVIEW, TIMELINE) or any(
            tab == section_tab(s.id) for s in self.brief.sections
        )

    async def on_mount(self) -> None:
        state = self.state
        timeline = self.query_one(TimelinePane)
        if state.query or state.selected:
            await timeline.populate()
        if state.query:
            timeline.set_query(state.query)
        if state.selected:
            timeline.select_event(state.selected)
        if state.list_scroll is not None:
            timeline.restore_scroll(state.list_scroll)
        await self._activated(self.active_tab)
        for tab, y in state.scroll.items():
            if (pane := self._reading_widget(tab)) is not None:
                pane.call_after_refresh(pane.scroll_to, y=y, animate=False)
        if state.query_cursor is not None and timeline.populated:
            self.query_one("#timeline-query", Input).cursor_position = state.query_cursor
        # After a refresh: a widget in a tab that has just been laid out can't take focus yet.
        self.call_after_refresh(self._restored, state.focus)

    def _restored(self, focus: str | None) -> None:
        if focus:
            with contextlib.suppress(NoMatches):
                self.query_one(f"#{focus}").focus(scroll_visible=False)
        self.ready = True
        # What's new (a diff and a write, in a thread) waits until the first paint is out.
        self.set_timer(0.1, lambda: self.app.track_history(self))  # type: ignore[attr-defined]
        self.app.apply_pending_reload()  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        # A reload that arrived while a dialog was open is shown now.
        self.app.apply_pending_reload()  # type: ignore[attr-defined]

    def show_changes(self, changes: BriefDiff | None) -> None:
        """What changed since the reader last opened this brief: listed in the Overview, marked
        in the timeline. None: never opened before, so nothing to compare with."""
        self.changes = changes
        # Before compose there is nothing to query: compose hands `self.changes` on instead.
        for overview in self.query(Overview):
            overview.show_changes(changes)
        for timeline in self.query(TimelinePane):
            timeline.set_marks(changes.marks("event") if changes else {})

    # -- tabs ---------------------------------------------------------------------------------
    @property
    def tabbed(self) -> TabbedContent:
        return self.query_one(TabbedContent)

    @property
    def active_tab(self) -> str:
        return self.tabbed.active or OVERVIEW

    def tab_ids(self) -> list[str]:
        return [OVERVIEW, *(section_tab(s.id) for s in self.brief.sections), TIMELINE]

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id:
            await self._activated(event.pane.id)

    async def _activated(self, tab: str) -> None:
        if tab == TIMELINE:
            await self.query_one(TimelinePane).populate()
        pane = self._reading_widget(tab)
        if isinstance(pane, SectionView):
            await pane.populate()
        if pane is not None and not self.focused_within(tab):
            pane.focus(scroll_visible=False)

    def focused_within(self, tab: str) -> bool:
        focused = self.focused
        try:
            pane = self.tabbed.get_pane(tab)
        except NoMatches:
            return False
        return focused is not None and pane in focused.ancestors

    def _reading_widget(self, tab: str) -> Widget | None:
        """The widget that takes the keys in a tab."""
        try:
            pane = self.tabbed.get_pane(tab)
        except NoMatches:
            return None
        if tab == TIMELINE:
            lists = pane.query(EventList)
            return lists.first() if lists else None
        return pane.query_one(SectionView if tab != OVERVIEW else Overview)

    async def show_tab(self, tab: str) -> None:
        if not self._has_tab(tab):
            return
        self.tabbed.active = tab
        await self._activated(tab)

    async def action_show_tab(self, tab: str) -> None:
        await self.show_tab(tab)

    async def action_tab_number(self, number: int) -> None:
        tabs = self.tab_ids()
        if number <= len(tabs):
            await self.show_tab(tabs[number - 1])

    # -- search, hits and jumps -----------------------------------------------------------------
    def action_search(self) -> None:
        if self.active_tab == TIMELINE and self.query_one(TimelinePane).populated:
            self.query_one("#timeline-query", Input).focus()
        else:
            self.app.action_global_search()  # type: ignore[attr-defined]

    def action_hit(self, step: int) -> None:
        self.app.next_hit(step)  # type: ignore[attr-defined]

    async def jump_to(self, kind: str, item_id: str) -> bool:
        """Show the item (event, point, section, figure, actor, source) and highlight it."""
        brief = self.brief
        if kind == "event":
            await self.show_tab(TIMELINE)
            timeline = self.query_one(TimelinePane)
            found = timeline.select_event(item_id)
            self.query_one(EventList).focus()
            return found
        if kind == "section":
            await self.show_tab(section_tab(item_id))
            return True
        if kind == "point":
            for section, point in brief.points():
                if point.id == item_id:
                    await self.show_tab(section_tab(section.id))
                    return self._flash(item_widget_id("point", item_id))
            return False
        await self.show_tab(OVERVIEW)
        return True

    def _flash(self, widget_id: str) -> bool:
        try:
            widget = self.query_one(f"#{widget_id}")
        except NoMatches:
            return False
        for old in self.query(".-hit"):
            old.remove_class("-hit")
        widget.add_class("-hit")
        widget.call_after_refresh(widget.scroll_visible, top=True, animate=False)
        return True

    # -- events and export ----------------------------------------------------------------------
    @on(TimelinePane.OpenEvent)
    def _open_event(self, message: TimelinePane.OpenEvent) -> None:
        from brief.tui.widgets.event_detail import EventDetailScreen

        self.app.push_screen(EventDetailScreen(self.brief, message.row.event))

    def action_export(self) -> None:
        self.app.action_export()  # type: ignore[attr-defined]

    # -- state kept across reloads --------------------------------------------------------------
    def view_state(self) -> ViewState:
        timeline = self.query_one(TimelinePane)
        scroll: dict[str, float] = {}
        for tab in self.tab_ids():
            widget = self._reading_widget(tab)
            if widget is not None and tab != TIMELINE:
                scroll[tab] = widget.scroll_offset.y
        focused = self.focused
        focus = focused.id if focused is not None and focused.screen is self else None
        list_scroll = query_cursor = None
        if timeline.populated:
            list_scroll = self.query_one(EventList).scroll_offset.y
            query_cursor = self.query_one("#timeline-query", Input).cursor_position
        return ViewState(
            self.active_tab,
            timeline.query_text,
            timeline.selected_key,
            scroll,
            focus=focus,
            query_cursor=query_cursor,
            list_scroll=list_scroll,
        )
