"""BriefApp: opens the library, shows one brief at a time, and owns the app-wide keys.

Start-up is kept close to a bare Textual app's: only the brief being shown is composed, section
tabs fill in when first shown, and the search index is built in a worker when first needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding

from brief.errors import Problem
from brief.text import sanitize
from brief.tui.screens.brief import BriefScreen, ViewState

if TYPE_CHECKING:
    from brief.library import Entry, Library
    from brief.model import Brief


class BriefApp(App[None]):
    TITLE = "brief"
    # Absolute, so subclasses defined elsewhere (benchmarks, tests) still find it.
    CSS_PATH = Path(__file__).parent / "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar = [
        Binding("b", "briefs", "Briefs", id="briefs"),
        Binding("r", "reload", "Reload", id="reload"),
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        paths: Sequence[str] = (),
        name: str | None = None,
        *,
        watch: bool = True,
        library: Library | None = None,
    ) -> None:
        super().__init__()
        from brief.tui.commands import BriefCommands

        self.COMMANDS = App.COMMANDS | {BriefCommands}
        self.paths = list(paths)
        self.initial_name = name
        self.watch = watch
        self.library: Library | None = library
        self.keymap: dict[str, str] = {}
        self.hits: list[Any] = []
        self.search_index: Any = None  # SharedIndex over the library, built on first search
        self.last_search = ""
        self.hit_index = -1
        self._settings_loaded = False

    # -- start-up -------------------------------------------------------------------------------
    def on_mount(self) -> None:
        from brief.tui.settings import load_keymap, load_settings

        settings = load_settings()
        if settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme
        self._settings_loaded = True
        self.keymap, keymap_problems = load_keymap()
        if self.keymap:
            self.set_keymap(self.keymap)
        for problem in [*settings.problems, *keymap_problems]:
            self.notify(str(problem), severity="warning", markup=False, timeout=8)
        if self.library is None:
            from brief.library import load_library

            self.library = load_library(self.paths)
        self._open_initial()

    def _open_initial(self) -> None:
        library = self.library
        assert library is not None
        if self.initial_name is not None:
            from brief.errors import BriefError

            try:
                brief = library.get(self.initial_name)
            except BriefError as error:
                self._show_no_brief(error.problems)
                return
            self.open_brief(self._entry_for(brief))
            return
        good = [e for e in library.entries if e.ok]
        if not good:
            self._show_no_brief([p for e in library.entries for p in e.problems])
        elif len(library.entries) == 1:
            self.open_brief(good[0])
        else:
            self.action_briefs(closable=False)

    def _entry_for(self, brief: Brief) -> Entry:
        assert self.library is not None
        return next(e for e in self.library.entries if e.brief is brief)

    def _show_no_brief(self, problems: list[Problem]) -> None:
        from brief.tui.screens.nobrief import NoBriefScreen

        self.switch_screen(NoBriefScreen(problems, self.paths)) if isinstance(
            self.screen, BriefScreen | _no_brief_type()
        ) else self.push_screen(NoBriefScreen(problems, self.paths))

    # -- briefs ---------------------------------------------------------------------------------
    def other_problems(self, entry: Entry) -> list[Problem]:
        """This file's warnings, then every other file's problems, for the Overview."""
        assert self.library is not None
        own = list(entry.problems)
        others = [p for e in self.library.entries if e.path != entry.path for p in e.problems]
        return own + others

    @property
    def brief_screen(self) -> BriefScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, BriefScreen):
                return screen
        return None

    def open_brief(
        self, entry: Entry, state: ViewState | None = None, problems: list[Problem] | None = None
    ) -> None:
        assert entry.brief is not None
        screen = BriefScreen(
            entry.brief,
            Path(entry.path),
            self.other_problems(entry) if problems is None else problems,
            state,
        )
        if isinstance(self.screen, BriefScreen | _no_brief_type()):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_path(self, path: Path) -> None:
        assert self.library is not None
        entry = next((e for e in self.library.entries if Path(e.path) == path), None)
        if entry is not None and entry.brief is not None:
            current = self.brief_screen
            if current is None or current.path != path:
                self.open_brief(entry)

    def action_briefs(self, closable: bool = True) -> None:
        from brief.tui.screens.picker import BriefPicker

        if self.library is None:
            return
        current = self.brief_screen

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_path(Path(path))

        picker = BriefPicker(
            list(self.library.entries), current.path if current else None, closable=closable
        )
        self.push_screen(picker, chosen)

    # -- reload ---------------------------------------------------------------------------------
    def action_reload(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="reload")
    def _reload(self) -> None:
        from brief.library import load_library

        library = load_library(self.paths)
        self.call_from_thread(self._reloaded, library)

    def _reloaded(self, library: Library) -> None:
        self.library = library
        self.search_index = None
        current = self.brief_screen
        if current is None:
            self.pop_to_base()
            self._open_initial()
            return
        entry = next((e for e in library.entries if Path(e.path) == current.path), None)
        state = current.view_state()
        if entry is not None and entry.brief is not None:
            self.open_brief(entry, state)
            self.notify("Reloaded from disk.", timeout=2)
            return
        # The file is broken (or gone) now: keep the last good version on screen, with the
        # problems at path:line:col in the Overview and a notification.
        problems = (
            list(entry.problems)
            if entry
            else [
                Problem(
                    sanitize(str(current.path)),
                    0,
                    0,
                    "the file is gone; showing the last version read",
                )
            ]
        )
        others = [p for e in library.entries if Path(e.path) != current.path for p in e.problems]
        self.open_brief_version(current.brief, current.path, problems + others, state)
        lines = "\n".join(str(p) for p in problems[:3])
        self.notify(
            f"Kept the last good version.\n{lines}",
            title="Reload failed",
            severity="error",
            markup=False,
            timeout=10,
        )

    def open_brief_version(
        self, brief: Brief, path: Path | None, problems: list[Problem], state: ViewState
    ) -> None:
        self.switch_screen(BriefScreen(brief, path, problems, state))

    def pop_to_base(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    # -- help, search, export, theme ------------------------------------------------------------
    def action_help(self) -> None:
        from brief.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_global_search(self) -> None:
        from brief.tui.screens.search import SearchScreen, SharedIndex

        if self.brief_screen is None or self.library is None:
            return
        if self.search_index is None:
            self.search_index = SharedIndex(list(self.library.briefs))
        screen = SearchScreen(self.search_index, self.brief_screen.brief, self.last_search)
        self.push_screen(screen, self._search_done)

    def _search_done(self, result: Any) -> None:
        if result is None:
            return
        hits, index, self.last_search = result
        self.hits, self.hit_index = hits, index
        self.go_to_hit()

    def next_hit(self, step: int) -> None:
        if not self.hits:
            self.notify("No search hits yet: press / to search.", timeout=3)
            return
        self.hit_index = (self.hit_index + step) % len(self.hits)
        self.go_to_hit()

    @work(exclusive=True, group="jump")
    async def go_to_hit(self) -> None:
        hit = self.hits[self.hit_index]
        current = self.brief_screen
        if current is None or current.brief.id != hit.brief_id:
            assert self.library is not None
            entry = next(
                (e for e in self.library.entries if e.brief and e.brief.id == hit.brief_id), None
            )
            if entry is None:
                return
            self.open_brief(entry)
            await self.animator.wait_until_complete()
            await self._wait_for_screen()
            current = self.brief_screen
        if current is not None:
            await current.jump_to(hit.kind, hit.item_id)
            self.notify(
                f"Hit {self.hit_index + 1} of {len(self.hits)} · n next, N previous",
                timeout=2,
                markup=False,
            )

    async def _wait_for_screen(self) -> None:
        import asyncio

        for _ in range(50):
            if isinstance(self.screen, BriefScreen) and self.screen.is_mounted:
                return
            await asyncio.sleep(0.01)

    def action_export(self) -> None:
        from brief.tui.screens.export import ExportDialog

        current = self.brief_screen
        if current is not None:
            self.push_screen(ExportDialog(current))

    def watch_theme(self, theme: str) -> None:
        # Remember the theme chosen from the palette; never during start-up's own assignment.
        if not self._settings_loaded:
            return
        from brief.tui.settings import Settings, save_settings

        try:
            save_settings(Settings(theme=theme))
        except OSError as error:
            self.notify(f"Could not save the theme: {error}", severity="warning", markup=False)


def _no_brief_type() -> type:
    from brief.tui.screens.nobrief import NoBriefScreen

    return NoBriefScreen
