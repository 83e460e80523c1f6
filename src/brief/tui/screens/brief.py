"""The brief screen: header, tabs (Overview, one per section in file order, Timeline), key bar.

The tabs themselves are `brief.tui.tabs.BriefTab`s; this screen switches between them, keeps
their labels fitting the width, and asks the app for search, hits and export by messages."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane

from brief.errors import Problem
from brief.memory import keep
from brief.model import Brief
from brief.tui import messages
from brief.tui.tabs import (
    OVERVIEW,
    SECTION_KEYS,
    TIMELINE,
    BriefTab,
    BuildContext,
    TimelineState,
    brief_tabs,
    fit_titles,
    section_tab,
)
from brief.tui.widgets.footer import KeyBar, takes_text
from brief.tui.widgets.header import BriefHeader
from brief.tui.widgets.overview import Overview

if TYPE_CHECKING:
    from brief.diff import BriefDiff
    from brief.tui.widgets.timeline import TimelinePane

__all__ = ["OVERVIEW", "TIMELINE", "BriefScreen", "ViewState", "section_tab"]


@dataclass
class ViewState:
    """What a reload keeps: the tab shown (by its stable name), what each tab saved (scroll
    positions, the timeline's query and selection) and the id of the focused widget."""

    tab: str = OVERVIEW
    saved: dict[str, Any] = field(default_factory=dict)
    focus: str | None = None

    @property
    def query(self) -> str:
        """The timeline query (the export dialog defaults to it)."""
        timeline = self.saved.get(TIMELINE)
        return timeline.query if isinstance(timeline, TimelineState) else ""


class BriefScreen(Screen[None]):
    # No automatic focus: `on_mount` gives it to the shown tab's reader. Textual's pick (the tab
    # bar, then moved on) would restyle the bar twice before the first paint.
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"section({n})", f"Section {n}", show=False, id=f"tab.{n}")
            for n in range(1, SECTION_KEYS + 1)
        ),
        Binding("o", "show_tab('overview')", "Overview", show=False, id="tab.overview"),
        Binding("t", "show_tab('timeline')", "Timeline", show=False, id="tab.timeline"),
        # Priority: run as the key arrives, so the keys typed after it go to the search box
        # (brief.tui.screens.type_ahead). A box that has the focus still takes `/` as a
        # character: see check_action.
        Binding("slash", "search", "Search", id="search", priority=True),
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
        """`problems` (this file's) are listed in the Overview; `stale`, when the file on disk
        is broken and `brief` is the last good version, are shown in a banner over the tabs."""
        super().__init__()
        self.brief = brief
        self.path = path
        self.problems = list(problems)
        self.stale = list(stale)
        self.state = state or ViewState()
        self.title = brief.title
        self.changes: BriefDiff | None = None
        self.ready = False  # built and restored: a reload may replace it now
        self._ready = asyncio.Event()
        self.tabs = brief_tabs(brief)
        self._by_name = {tab.name: tab for tab in self.tabs}
        self._by_pane = {tab.pane_id: tab for tab in self.tabs}
        self._bodies: dict[str, Widget] = {}
        self._activated_name: str | None = None

    def compose(self) -> ComposeResult:
        yield BriefHeader(self.brief)
        if self.stale:
            from brief.tui.widgets.banner import ProblemBanner

            yield ProblemBanner(self.stale, id="reload-problems")
        initial = self._by_name.get(self.state.tab, self.tabs[0])
        with TabbedContent(initial=initial.pane_id):
            for tab in self.tabs:
                with TabPane(tab.label(), id=tab.pane_id):
                    # The other tabs are built when first shown (`_activated`): fewer widgets,
                    # and no timeline modules imported, before the first paint.
                    if tab is initial or self.state.saved.get(tab.name) is not None:
                        yield self._build(tab)
        yield KeyBar()

    def _build(self, tab: BriefTab) -> Widget:
        saved = self.state.saved.get(tab.name)
        context = BuildContext(self.brief, self.problems, self.changes, saved)
        body = self._bodies[tab.name] = tab.build(context)
        return body

    async def on_mount(self) -> None:
        for tab in self.tabs:
            saved = self.state.saved.get(tab.name)
            if saved is not None:
                await tab.restore(self._bodies[tab.name], saved)
        await self._activated(self.active)
        # After a refresh: a widget in a tab that has just been laid out can't take focus yet.
        self.call_after_refresh(self._restored, self.state.focus)

    def _restored(self, focus: str | None) -> None:
        if focus:
            with contextlib.suppress(NoMatches):
                self.set_focus(self.query_one(f"#{focus}"), scroll_visible=False)
        self.ready = True
        self._ready.set()
        self.post_message(messages.ScreenReady(self))
        # The brief and this screen stay: full collections need not walk them again. The app
        # calls `renew` when it replaces the screen, so its cycles are collected then.
        keep()

    async def wait_ready(self) -> None:
        """Until the screen is built and its state restored (jumps need its tabs)."""
        await self._ready.wait()

    def on_screen_resume(self) -> None:
        self.post_message(messages.ScreenResumed(self))

    def show_changes(self, changes: BriefDiff | None) -> None:
        """What changed since the reader last opened this brief: listed in the Overview, marked
        in the timeline. None: never opened before, so nothing to compare with."""
        self.changes = changes
        # A tab not built yet is built with `self.changes`.
        for tab in self.tabs:
            body = self._bodies.get(tab.name)
            if body is not None:
                tab.show_changes(body, changes)

    # -- tabs ---------------------------------------------------------------------------------
    @property
    def tabbed(self) -> TabbedContent:
        return self.query_one(TabbedContent)

    @property
    def active(self) -> BriefTab:
        """The tab shown."""
        return self._by_pane.get(self.tabbed.active, self.tabs[0])

    @property
    def active_tab(self) -> str:
        """The stable name of the tab shown ("overview", "section:<id>", "timeline")."""
        return self.active.name

    def body(self, name: str) -> Widget | None:
        return self._bodies.get(name)

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = self._by_pane.get(event.pane.id or "")
        # Not again for a tab `show_tab` has just activated: the focus may have moved on.
        if tab is not None and tab.name != self._activated_name:
            await self._activated(tab)

    async def _activated(self, tab: BriefTab) -> None:
        """Build what the tab left for its first show, and give its reader the focus, unless
        the focus is in the tab already."""
        self._activated_name = tab.name
        body = self._bodies.get(tab.name)
        if body is None:
            body = self._build(tab)
            await self.tabbed.get_pane(tab.pane_id).mount(body)
        await tab.activate(body)
        reader = tab.reader(body)
        focused = self.focused
        if reader is not None and not (focused is not None and body in focused.ancestors):
            # At once, not later (`focus()`): the widget losing the focus may be about to be
            # hidden, and Textual would then hand the focus to a widget beside it, in the tab
            # being left, which would show that tab again.
            self.set_focus(reader, scroll_visible=False)
        self._fit_tabs(tab)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_tabs()

    def _fit_tabs(self, active: BriefTab | None = None) -> None:
        """Shorten inactive tabs' titles when the bar would overflow, so that every tab stays
        in sight (the ellipsis marks the cut) and the active one reads in full."""
        if not self.is_mounted or not self.size.width:
            return
        titles = fit_titles(self.tabs, (active or self.active).name, self.size.width)
        for tab in self.tabs:
            with contextlib.suppress(NoMatches):
                content_tab = self.tabbed.get_tab(tab.pane_id)
                label = tab.label(titles.get(tab.name))
                if content_tab.label != label:
                    content_tab.label = label

    async def show_tab(self, name: str) -> bool:
        """Show the tab named `name` ("overview", "timeline" or `section_tab(id)`)."""
        tab = self._by_name.get(name)
        if tab is None:
            return False
        await self._activated(tab)  # the focus moves into the tab before the tab it leaves hides
        self.tabbed.active = tab.pane_id
        return True

    async def action_show_tab(self, name: str) -> None:
        await self.show_tab(name)

    async def action_section(self, number: int) -> None:
        sections = self.brief.sections
        if number <= len(sections):
            await self.show_tab(section_tab(sections[number - 1].id))

    # -- search, hits and jumps -----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `/` is bound with priority, and Textual does not see that a text box takes it as a
        # character (it knows "/" as "solidus", not "slash"): there, it is one.
        return not (action == "search" and takes_text(self.focused))

    async def action_search(self) -> None:
        # At once, not after the keys already typed (focus() and a message would both come
        # after them): what is typed right after `/` goes into the box.
        if self.active.name == TIMELINE and self._timeline.populated:
            self.set_focus(self._timeline.query_input)
        else:
            await self.run_action("app.global_search")

    def action_hit(self, step: int) -> None:
        self.post_message(messages.StepHit(step))

    @property
    def _timeline(self) -> TimelinePane:
        """The Timeline tab's body; built once the tab has been shown."""
        from brief.tui.widgets.timeline import TimelinePane

        timeline = self._bodies[TIMELINE]
        assert isinstance(timeline, TimelinePane)
        return timeline

    async def jump_to(self, kind: str, item_id: str) -> bool:
        """Show the item (event, point, section, figure, actor, source) and highlight it."""
        brief = self.brief
        if kind == "event":
            await self.show_tab(TIMELINE)
            found = self._timeline.reveal_event(item_id)
            if found and self._timeline.shows(item_id):
                self.set_focus(self._timeline.results, scroll_visible=False)
            return found
        if kind == "section":
            return await self.show_tab(section_tab(item_id))
        if kind == "point":
            from brief.tui.widgets.section import SectionView

            for section in brief.sections:
                for n, point in enumerate(section.points):
                    if (point.id or f"{section.id}-p{n + 1}") == item_id:
                        await self.show_tab(section_tab(section.id))
                        view = self.body(section_tab(section.id))
                        assert isinstance(view, SectionView)
                        return view.flash("point", n)
            return False
        await self.show_tab(OVERVIEW)
        overview = self.body(OVERVIEW)
        assert isinstance(overview, Overview)
        return await overview.flash(kind, item_id)

    @on(messages.GoTo)
    async def _go_to(self, message: messages.GoTo) -> None:
        await self.jump_to(message.kind, message.item_id)

    # -- events and export ----------------------------------------------------------------------
    # Handlers by name, not `@on(TimelinePane.…)`: the timeline is imported only when first shown.
    def on_timeline_pane_open_event(self, message: TimelinePane.OpenEvent) -> None:
        from brief.tui.screens.event import EventDetailScreen

        self.app.push_screen(EventDetailScreen(self.brief, message.event, message.note))

    def on_timeline_pane_pick_facet(self, message: TimelinePane.PickFacet) -> None:
        from brief.tui.screens.facets import FacetPicker

        timeline = message.timeline

        def add(qualifier: str | None) -> None:
            if qualifier:
                timeline.add_qualifier(qualifier)

        self.app.push_screen(FacetPicker(self.brief, message.kind), add)

    def action_export(self) -> None:
        self.post_message(messages.OpenExport())

    # -- state kept across reloads --------------------------------------------------------------
    def view_state(self) -> ViewState:
        saved = {name: self._by_name[name].save(body) for name, body in self._bodies.items()}
        focused = self.focused
        focus = focused.id if focused is not None and focused.screen is self else None
        return ViewState(self.active.name, saved, focus)
