"""The brief screen: header, tabs (Overview, one per section in file order, Timeline), footer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, TabbedContent, TabPane

from brief.errors import Problem
from brief.model import Brief
from brief.tui.widgets.event_detail import EventDetailScreen
from brief.tui.widgets.event_list import EventList
from brief.tui.widgets.header import BriefHeader
from brief.tui.widgets.overview import Overview
from brief.tui.widgets.section import SectionView, item_widget_id
from brief.tui.widgets.timeline import TimelinePane

OVERVIEW, TIMELINE = "overview", "timeline"


def section_tab(section_id: str) -> str:
    return f"section-{section_id}"


@dataclass
class ViewState:
    """What a reload keeps: the tab, the timeline query, the selected event and the scroll."""

    tab: str = OVERVIEW
    query: str = ""
    selected: str | None = None
    scroll: dict[str, float] = field(default_factory=dict)


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
    ) -> None:
        super().__init__()
        self.brief = brief
        self.path = path
        self.problems = list(problems)
        self.state = state or ViewState()
        self.title = brief.title

    def compose(self) -> ComposeResult:
        brief = self.brief
        yield BriefHeader(brief)
        initial = self.state.tab if self._has_tab(self.state.tab) else OVERVIEW
        with TabbedContent(initial=initial):
            with TabPane("Overview", id=OVERVIEW):
                yield Overview(brief, self.problems, id="overview-body")
            for section in brief.sections:
                # Section titles are brief text: a Content title is shown literally.
                with TabPane(Content(section.title), id=section_tab(section.id)):
                    yield SectionView(brief, section)
            with TabPane("Timeline", id=TIMELINE):
                yield TimelinePane(brief, id="timeline-pane")
        yield Footer()

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
        await self._activated(self.active_tab)
        for tab, y in state.scroll.items():
            if (pane := self._reading_widget(tab)) is not None:
                pane.call_after_refresh(pane.scroll_to, y=y, animate=False)

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
        self.app.push_screen(EventDetailScreen(self.brief, message.row.event))

    def action_export(self) -> None:
        self.app.action_export()  # type: ignore[attr-defined]

    # -- state kept across reloads --------------------------------------------------------------
    def view_state(self) -> ViewState:
        timeline = self.query_one(TimelinePane)
        scroll = {}
        for tab in self.tab_ids():
            widget = self._reading_widget(tab)
            if widget is not None and tab != TIMELINE:
                scroll[tab] = widget.scroll_offset.y
        return ViewState(self.active_tab, timeline.query_text, timeline.selected_key, scroll)
