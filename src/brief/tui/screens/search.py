"""Global search (`/`): across this brief or all briefs, results grouped by kind. Enter jumps to
the item in its tab; `n` and `N` then walk the other hits."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from brief.tui.content import DATE, MUTED, highlight, plural, text
from brief.tui.messages import SearchHit, SearchHits
from brief.tui.screens.type_ahead import TypeAhead
from brief.tui.widgets.footer import KeyBar

if TYPE_CHECKING:
    from brief.library import Library
    from brief.model import Brief
    from brief.search import Result, SearchIndex

KIND_TITLES = {
    "event": "Events",
    "point": "Points",
    "figure": "Figures",
    "actor": "Actors",
    "source": "Sources",
}
LIMIT = 200


class SharedIndex:
    """One index over the whole library, opened once in a worker and shared by every search.

    On a warm start it is the cached index, reopened without decoding any brief (results decode
    only the briefs they come from); only a cold start builds it."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def search(self, query: str, brief_id: str | None) -> Any:
        with self._lock:
            if self._index is None:
                from brief.index_store import load_library_index

                self._index = load_library_index(self.library)
            # As written, as `brief search` runs it: one query, one answer on every surface.
            return self._index.search(query, brief=brief_id, limit=LIMIT)


def result_prompt(result: Result, show_brief: bool) -> Content:
    head = [highlight(result.title, result.title_spans, "bold reverse")]
    if result.date_label:
        head.insert(0, text(result.date_label + "  ", DATE))
    lines = [Content.assemble(*head)]
    where = " · ".join(
        p for p in (result.brief if show_brief else "", result.section_title or "") if p
    )
    snippet = highlight(result.snippet, result.snippet_spans, "bold reverse")
    if snippet or where:
        lines.append(Content.assemble(text(where + ("  " if where else ""), MUTED), snippet))
    return Content("\n").join(lines)


class SearchScreen(TypeAhead, ModalScreen[SearchHits | None]):
    TYPE_AHEAD_BOX = "#search-input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="global.close"),
        # Priority: the search box would take ctrl+a (to the start of the line) first.
        Binding("ctrl+a", "toggle_scope", "All briefs", id="global.scope", priority=True),
        Binding("down", "move(1)", "Next", show=False, id="global.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="global.up"),
    ]

    def __init__(self, index: SharedIndex, brief: Brief, query: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.index = index
        self.brief = brief
        self.initial = query
        self.hits: list[SearchHit] = []
        self._generation = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="search-dialog"):
            yield Static("Search", classes="dialog-title", markup=False)
            yield Input(
                self.initial,
                placeholder='Words, "a phrase", actor:…, tag:…, kind:…',
                id="search-input",
            )
            with Horizontal(id="search-scope"):
                yield Checkbox("All briefs (ctrl+a)", id="search-all", compact=True)
            yield Static("", id="search-status")
            yield OptionList(id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        self._run()

    @on(Input.Changed, "#search-input")
    @on(Checkbox.Changed, "#search-all")
    def _changed(self) -> None:
        self._run()

    def action_toggle_scope(self) -> None:
        checkbox = self.query_one("#search-all", Checkbox)
        checkbox.value = not checkbox.value

    def _run(self) -> None:
        self._generation += 1
        query = self.query_one("#search-input", Input).value
        everywhere = self.query_one("#search-all", Checkbox).value
        self._search(query, None if everywhere else self.brief.id, self._generation)

    @work(thread=True, exclusive=True, group="global-search")
    def _search(self, query: str, brief_id: str | None, generation: int) -> None:
        if not query.strip():
            self.app.call_from_thread(self._show, generation, query, None)
            return
        found = self.index.search(query, brief_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, generation, query, found)

    def _show(self, generation: int, query: str, found: Any) -> None:
        if generation != self._generation:
            return  # stale: the query changed while this one ran
        option_list = self.query_one(OptionList)
        status = self.query_one("#search-status", Static)
        self.hits = []
        if found is None:
            option_list.clear_options()
            status.update(text("Type to search; Enter jumps to a result.", MUTED))
            return
        everywhere = self.query_one("#search-all", Checkbox).value
        options: list[Option | None] = []
        for kind, title in KIND_TITLES.items():
            group = [r for r in found.results if r.kind == kind]
            if not group:
                continue
            if options:
                options.append(None)  # a separator between groups
            heading = Content.styled(f"{title} ({len(group)})", "bold $text-primary")
            options.append(Option(heading, disabled=True))
            for result in group:
                options.append(Option(result_prompt(result, everywhere), id=str(len(self.hits))))
                self.hits.append(SearchHit(result.brief, result.kind, result.id))
        option_list.set_options(options)
        shown = f"{plural(found.total, 'result')}" + (
            f", first {len(found.results)} shown" if found.total > len(found.results) else ""
        )
        warning = f"  ⚠ {found.warnings[0]}" if found.warnings else ""
        status.update(text(shown + warning, MUTED))
        if self.hits:
            option_list.highlighted = next(
                i for i, o in enumerate(option_list.options) if not o.disabled
            )

    def action_move(self, delta: int) -> None:
        option_list = self.query_one(OptionList)
        option_list.action_cursor_down() if delta > 0 else option_list.action_cursor_up()

    @on(Input.Submitted, "#search-input")
    def _submit(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            option = option_list.get_option_at_index(option_list.highlighted)
            if option.id is not None:
                self.dismiss(SearchHits(self._query, self.hits, int(option.id)))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(SearchHits(self._query, self.hits, int(event.option.id)))

    @property
    def _query(self) -> str:
        return self.query_one("#search-input", Input).value

    def action_cancel(self) -> None:
        self.dismiss(None)
