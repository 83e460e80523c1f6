"""BriefApp: opens the library, shows one brief at a time, and owns the app-wide keys.

Start-up is kept close to a bare Textual app's: the brief being shown is the app's first screen
(no blank default screen is painted and then covered), only it is composed, each of its tabs is
built when first shown, and the search index is built in a worker when first needed.
Live reload and "what's new" start after the first paint, in worker threads. When the cache
cannot answer for every brief file (a cold start), the library loads in a worker thread while a
loading screen counts the files and events loaded so far.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.screen import Screen

from brief.errors import Problem
from brief.memory import renew
from brief.text import sanitize
from brief.tui import messages
from brief.tui.commands import BriefCommands
from brief.tui.keys import APP_BINDINGS
from brief.tui.messages import SearchHits
from brief.tui.screens.brief import BriefScreen, ViewState
from brief.tui.screens.nobrief import NoBriefScreen

if TYPE_CHECKING:
    from textual.timer import Timer

    from brief.diff import BriefDiff
    from brief.library import Entry, Library
    from brief.model import Brief
    from brief.tui.screens.loading import LoadingScreen
    from brief.tui.screens.search import SharedIndex
    from brief.tui.watcher import WatchTargets


# Live reload starts this long after the app opens.
WATCH_DELAY_S = 0.3


class _Stopped(Exception):  # not an error: the app quit while loading
    """Raised from the loading worker's progress callback to stop the load."""


class BriefApp(App[None]):
    TITLE = "brief"
    # Absolute, so subclasses defined elsewhere (benchmarks, tests) still find it.
    CSS_PATH = Path(__file__).parent / "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {BriefCommands}

    BINDINGS: ClassVar = APP_BINDINGS

    @dataclass
    class FilesChanged(Message):
        """Posted (from the watcher thread) when brief files changed on disk."""

        paths: set[str]

    @dataclass
    class LibraryLoaded(Message):
        """Posted (from the loading thread) when a cold start's library has loaded."""

        library: Library

    def __init__(
        self,
        paths: Sequence[str] = (),
        name: str | None = None,
        *,
        watch: bool = True,
        history: bool | None = None,
        library: Library | None = None,
    ) -> None:
        """`watch`: reload when brief files change on disk. `history`: record each brief as
        seen and show what changed since (None: as the settings file says, on by default)."""
        super().__init__()
        self.paths = list(paths)
        self.initial_name = name
        # Not `self.watch`: that would shadow Textual's `DOMNode.watch()`.
        self.live_reload = watch
        self.history = history
        self.library: Library | None = library
        # Live reload: set when a reload arrives while a dialog covers the brief screen.
        self._reload_pending: tuple[Library, bool] | None = None
        self._watch_targets: WatchTargets | None = None
        # Set once live reload watches the brief directories (tests wait on it).
        self.watching = threading.Event()
        self._watch_timer: Timer | None = None
        # What's new: per brief id, the version seen before this session (or, for a brief never
        # seen, the first version shown in it),
        # and the last diff worked out, so a rebuilt screen shows its marks at once.
        self._seen_before: dict[str, Brief] = {}
        self._changes: dict[str, tuple[Brief, BriefDiff | None]] = {}
        self._history_lock = threading.Lock()
        self.keymap: dict[str, str] = {}
        self.search_index: SharedIndex | None = None  # over the library, built on first search
        self.search = SearchHits()  # the last global search, for n and N
        self._settings_loaded = False
        self._start_problems: list[Problem] = []

    # -- start-up -------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        """The first screen. Settings and the library are read here, before anything is styled:
        the saved theme is in place for the first paint, and when one brief is to be shown its
        screen is the first screen, rather than one pushed over a blank screen already painted.
        The picker and the no-brief screen are opened over the blank screen (`on_mount`)."""
        from brief.tui.settings import load_keymap, load_settings

        settings = load_settings()
        if settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme
        if self.history is None:
            self.history = settings.history
        self._settings_loaded = True
        self.keymap, keymap_problems = load_keymap()
        if self.keymap:
            self.set_keymap(self.keymap)
        self._start_problems = [*settings.problems, *keymap_problems]
        if self.library is None:
            from brief.library import load_cached_library
            from brief.verdicts import PARALLEL_MIN

            # Warm (the cache answers for all but a few files, which the pool would leave to
            # this thread anyway): loaded here, as fast as before, with no loading screen to
            # flash. Cold: in a worker (`on_mount`), behind the loading screen.
            self.library = load_cached_library(self.paths, parse_up_to=PARALLEL_MIN - 1)
        if self.library is None:
            from brief.tui.screens.loading import LoadingScreen  # only on a cold start

            screen: Screen[Any] = LoadingScreen()
        else:
            screen = self._first_screen()
        # A reload (or the end of loading) replaces this screen with `switch_screen`, which
        # drops the replaced screen's result callback: a pushed screen has one, a first screen
        # (Textual 8) doesn't.
        screen._push_result_callback(self, None)
        return screen

    def _first_screen(self) -> Screen[Any]:
        """The brief to show, if there is one to open at start; else a blank screen, which the
        picker or the no-brief screen covers (`_started`)."""
        entry = self._initial_entry()
        return super().get_default_screen() if entry is None else self._brief_screen(entry)

    def on_mount(self) -> None:
        for problem in self._start_problems:
            self.notify(str(problem), severity="warning", markup=False, timeout=8)
        if self.library is None:  # a cold start: the loading screen is up
            from brief.tui.screens.loading import LoadingScreen

            assert isinstance(self.screen, LoadingScreen)
            self._load_library(self.screen)
        else:
            self._started()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the first load runs, only quitting: a screen opened over the loading screen
        # (help, the palette) would be the one replaced when it ends.
        if self.library is None and action not in ("quit", "help_quit"):
            return False
        if action == "briefs":
            from brief.tui.screens.type_ahead import TypeAhead

            if isinstance(self.screen, TypeAhead):
                return False  # `b` (bound with priority) is typed into the dialog's box
        return super().check_action(action, parameters)

    @work(thread=True, exclusive=True, group="load")
    def _load_library(self, screen: LoadingScreen) -> None:
        from textual.worker import get_current_worker

        from brief.library import load_library
        from brief.tui.screens.loading import LoadingScreen

        worker = get_current_worker()

        def progress(files: int, events: int) -> None:
            if worker.is_cancelled:  # the app is closing: stop parsing
                raise _Stopped
            screen.post_message(LoadingScreen.Progress(files, events))  # thread-safe

        try:
            library = load_library(self.paths, progress)
        except _Stopped:
            return
        # Through the loading screen, behind the progress it has queued, and on to the app (a
        # message bubbles): the final counts are shown before the screen is replaced.
        screen.post_message(self.LibraryLoaded(library))

    @on(LibraryLoaded)
    def _library_loaded(self, message: LibraryLoaded) -> None:
        self.library = message.library
        self.switch_screen(self._first_screen())
        self._started()

    def _started(self) -> None:
        """The library is loaded and the first screen is in place: open what it doesn't show."""
        if not isinstance(self.screen, BriefScreen):
            self._open_initial()
        else:
            self._notify_broken()
        if self.live_reload:
            # Soon after the first paint: watching is not needed to show the brief, and starting
            # it (an import and a thread) would only slow that paint down.
            self._watch_timer = self.set_timer(WATCH_DELAY_S, self._start_watching)

    def _initial_entry(self) -> Entry | None:
        """The brief to open at start, if there is exactly one: named, or the only file."""
        library = self.library
        assert library is not None
        if self.initial_name is not None:
            from brief.errors import BriefError

            try:
                return self._entry_for(library.get(self.initial_name))
            except BriefError:
                return None
        good = [e for e in library.entries if e.ok]
        return good[0] if len(good) == 1 and len(library.entries) == 1 else None

    def _open_initial(self) -> None:
        """Open the brief to show at start; else the picker, or the screen that says why no
        brief can be shown."""
        library = self.library
        assert library is not None
        if (entry := self._initial_entry()) is not None:
            self.open_brief(entry)
        elif self.initial_name is not None:
            from brief.errors import BriefError

            try:
                library.get(self.initial_name)
            except BriefError as error:
                self._show_no_brief(error.problems)
        elif not any(e.ok for e in library.entries):
            self._show_no_brief([p for e in library.entries for p in e.problems])
        else:
            self.action_briefs()

    def _entry_for(self, brief: Brief) -> Entry:
        assert self.library is not None
        # By id first: comparing `e.brief` alone would decode every cached brief.
        return next(e for e in self.library.entries if e.brief_id == brief.id and e.brief is brief)

    def _show_no_brief(self, problems: list[Problem]) -> None:
        self._replace_screen_with(NoBriefScreen(problems, self.paths)) if isinstance(
            self.screen, BriefScreen | NoBriefScreen
        ) else self.push_screen(NoBriefScreen(problems, self.paths))

    # -- briefs ---------------------------------------------------------------------------------
    def _notify_broken(self) -> None:
        """One short notice when other brief files could not be loaded: their problems are
        listed in the picker (b), never in an unrelated brief's Overview."""
        assert self.library is not None
        shown = self.brief_screen
        broken = [e for e in self.library.broken if shown is None or e.path != shown.path]
        if broken:
            files = "1 brief file" if len(broken) == 1 else f"{len(broken)} brief files"
            self.notify(
                f"{files} could not be loaded: b lists the problems.", markup=False, timeout=6
            )

    @property
    def brief_screen(self) -> BriefScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, BriefScreen):
                return screen
        return None

    def _brief_screen(
        self, entry: Entry, state: ViewState | None = None, problems: list[Problem] | None = None
    ) -> BriefScreen:
        assert entry.brief is not None
        screen = BriefScreen(
            entry.brief,
            Path(entry.path),
            list(entry.problems) if problems is None else problems,
            state,
        )
        screen.changes = self._known_changes(entry.brief)
        return screen

    def open_brief(
        self, entry: Entry, state: ViewState | None = None, problems: list[Problem] | None = None
    ) -> BriefScreen:
        """Show `entry`'s brief; returns its screen (`await screen.wait_ready()`)."""
        screen = self._brief_screen(entry, state, problems)
        if isinstance(self.screen, BriefScreen | NoBriefScreen):
            self._replace_screen_with(screen)
        else:
            self.push_screen(screen)
        return screen

    def _replace_screen_with(self, screen: Screen[Any]) -> None:
        """Switch to `screen`, and once the replaced one is gone, let the collector have it:
        a brief screen froze itself (`brief.memory.keep`), and a frozen cycle is never freed."""
        self.switch_screen(screen)  # queued with `call_next`: what follows runs once it is done
        # The replaced screen's own timers and pending calls may hold it a few more turns of the
        # event loop (after the next refresh it is mostly garbage); if still held, it stays frozen
        # until the next replacement renews: one screen at most (tests/tui/test_memory.py).
        self.call_next(self.call_after_refresh, renew)

    def open_path(self, path: Path) -> None:
        assert self.library is not None
        entry = next((e for e in self.library.entries if Path(e.path) == path), None)
        if entry is not None and entry.brief is not None:
            current = self.brief_screen
            if current is None or current.path != path:
                self.open_brief(entry)

    def action_briefs(self) -> None:
        from brief.tui.screens.picker import BriefPicker, StartPicker

        if self.library is None:
            return
        current = self.brief_screen

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_path(Path(path))

        entries = list(self.library.entries)
        # With no brief open under it, Esc in the picker quits.
        picker = BriefPicker(entries, current.path) if current else StartPicker(entries)
        self.push_screen(picker, chosen)

    # -- reload ---------------------------------------------------------------------------------
    def action_reload(self) -> None:
        self._start_reload(manual=True)

    def _start_reload(self, manual: bool) -> None:
        current = self.brief_screen
        self._reload(current.path if current else None, manual)

    @work(thread=True, exclusive=True, group="reload")
    def _reload(self, shown: Path | None, manual: bool) -> None:
        from brief.errors import BriefError
        from brief.library import load_library

        library = load_library(self.paths)
        if self.initial_name is not None:
            # A brief opened by path outside the searched places: read it again too.
            with contextlib.suppress(BriefError):  # its problems are in its entry then
                library.get(self.initial_name)
        # Work out what's new here, off the UI thread, so the new screen has its marks at once.
        entry = next((e for e in library.entries if Path(e.path) == shown), None)
        if self.history and entry is not None and entry.brief is not None:
            self._history_for(entry.brief)
        self.call_from_thread(self._reloaded, library, manual)

    def _reloaded(self, library: Library, manual: bool) -> None:
        self.library = library
        self.search_index = None
        self._update_watch_targets()
        self._reload_pending = (library, manual)
        self.apply_pending_reload()

    def apply_pending_reload(self) -> None:
        """Show the latest reload, unless the brief screen can't be rebuilt now: a dialog covers
        it (the new screen would be pushed over the dialog), or it is still being built (a second
        save right after the first). It is called again when the dialog closes
        (`BriefScreen.on_screen_resume`) or the screen is ready."""
        current = self.brief_screen
        if self._reload_pending is None:
            return
        if current is not None and (self.screen is not current or not current.ready):
            return
        library, manual = self._reload_pending
        self._reload_pending = None
        self._show_reloaded(library, manual)

    def _show_reloaded(self, library: Library, manual: bool) -> None:
        current = self.brief_screen
        if current is None:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self._open_initial()
            return
        entry = next((e for e in library.entries if Path(e.path) == current.path), None)
        state = current.view_state()
        if entry is not None and entry.brief is not None:
            self.open_brief(entry, state)
            if manual or current.stale:
                note = "The problem is fixed: reloaded." if current.stale else "Reloaded from disk."
                self.notify(note, timeout=2)
            if manual:
                self._notify_broken()
            return
        # The file is broken (or gone) now: keep the last good version on screen, with a banner
        # giving the problems at path:line:col (and the Overview listing them).
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
        screen = BriefScreen(current.brief, current.path, problems, state, stale=problems)
        screen.changes = self._known_changes(current.brief)
        self._replace_screen_with(screen)
        if manual:
            lines = "\n".join(str(p) for p in problems[:3])
            self.notify(
                f"Kept the last good version.\n{lines}",
                title="Reload failed",
                severity="error",
                markup=False,
                timeout=10,
            )

    # -- live reload ----------------------------------------------------------------------------
    def _update_watch_targets(self) -> None:
        if not self.live_reload or self.library is None:
            return
        from brief.library import default_paths
        from brief.tui.watcher import WatchTargets

        roots = [Path(p) for p in self.paths] or default_paths()
        self._watch_targets = WatchTargets.of(
            (Path(e.path) for e in self.library.entries), (r for r in roots if r.is_dir())
        )

    def _start_watching(self) -> None:
        self._update_watch_targets()
        self._watch_files()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_files(self) -> None:
        from textual.worker import get_current_worker

        from brief.tui.watcher import watch_loop

        worker = get_current_worker()

        def targets() -> WatchTargets:
            assert self._watch_targets is not None
            return self._watch_targets

        def changed(paths: set[str]) -> None:
            if not worker.is_cancelled:
                self.post_message(self.FilesChanged(paths))  # thread-safe

        # The worker's cancelled event stops the loop within one step when the app exits.
        watch_loop(targets, changed, worker.cancelled_event, self.watching)

    @on(FilesChanged)
    def _files_changed(self, message: FilesChanged) -> None:
        self._start_reload(manual=False)

    # -- what's new -----------------------------------------------------------------------------
    def _known_changes(self, brief: Brief) -> BriefDiff | None:
        """This version's "what's new", if already worked out (a reload works it out before
        the new screen is built, so the screen is built with it)."""
        known = self._changes.get(brief.id)
        return known[1] if self.history and known is not None and known[0] is brief else None

    def track_history(self, screen: BriefScreen) -> None:
        """Called by a brief screen once it has painted: give it its "what's new" (from a worker
        that compares with the recorded version, then records this one) unless it has it."""
        if not self.history:
            return
        known = self._changes.get(screen.brief.id)
        if known is not None and known[0] is screen.brief:
            screen.show_changes(known[1])
            return
        self._update_history(screen.brief)

    @work(thread=True, group="history", exit_on_error=False)
    def _update_history(self, brief: Brief) -> None:
        changes, error = self._history_for(brief)
        self.call_from_thread(self._history_ready, brief, changes, error)

    def _history_for(self, brief: Brief) -> tuple[BriefDiff | None, OSError | None]:
        """Compare `brief` with the version seen before this session, and record it as seen.
        Runs in worker threads; the lock keeps two of them from reading the record at once."""
        from brief.diff import diff_briefs, load_seen, save_seen

        with self._history_lock:
            known = self._changes.get(brief.id)
            if known is not None and known[0] is brief:
                return known[1], None
            changes: BriefDiff | None
            if brief.id in self._seen_before:
                changes = diff_briefs(self._seen_before[brief.id], brief)
            else:
                before = load_seen(brief.id)
                changes = None if before is None else diff_briefs(before, brief)
                # Never seen before: this session's first version is what later saves (live
                # reload) are compared with.
                self._seen_before[brief.id] = brief if before is None else before
            self._changes[brief.id] = (brief, changes)
            try:
                save_seen(brief)
            except OSError as error:
                return changes, error
        return changes, None

    def _history_ready(
        self, brief: Brief, changes: BriefDiff | None, error: OSError | None
    ) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, BriefScreen) and screen.brief is brief:
                screen.show_changes(changes)
        if error is not None:
            self.notify(
                f"Could not record this brief as read: {error}",
                severity="warning",
                markup=False,
            )

    # -- what the brief screen asks ----------------------------------------------------------
    @on(messages.ScreenReady)
    def _screen_ready(self, message: messages.ScreenReady) -> None:
        screen = message.screen
        if isinstance(screen, BriefScreen):
            # What's new (a diff and a write, in a thread) waits until the next paint is out.
            self.call_after_refresh(self.track_history, screen)
        self.apply_pending_reload()

    @on(messages.ScreenResumed)
    def _screen_resumed(self) -> None:
        # A reload that arrived while a dialog was open is shown now.
        self.apply_pending_reload()

    @on(messages.OpenSearch)
    def _open_search(self) -> None:
        self.action_global_search()

    @on(messages.StepHit)
    def _step_hit(self, message: messages.StepHit) -> None:
        self.next_hit(message.step)

    @on(messages.OpenExport)
    def _open_export(self) -> None:
        self.action_export()

    # -- what the command palette asks ----------------------------------------------------------
    @on(messages.OpenBriefs)
    def _open_briefs(self) -> None:
        self.action_briefs()

    @on(messages.OpenBrief)
    def _open_brief(self, message: messages.OpenBrief) -> None:
        self.open_path(message.path)

    @on(messages.Reload)
    def _reload_asked(self) -> None:
        self.action_reload()

    @on(messages.OpenHelp)
    def _open_help(self) -> None:
        self.action_help()

    # -- help, search, export, theme ------------------------------------------------------------
    def action_help(self) -> None:
        from brief.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            current = self.brief_screen
            self.push_screen(HelpScreen(self.keymap, current.tabs if current else ()))

    def action_global_search(self) -> None:
        from brief.tui.screens.search import SearchScreen, SharedIndex

        if self.brief_screen is None or self.library is None:
            return
        if self.search_index is None:
            self.search_index = SharedIndex(self.library)
        screen = SearchScreen(self.search_index, self.brief_screen.brief, self.search.query)
        self.push_screen(screen, self._search_done)

    def _search_done(self, result: SearchHits | None) -> None:
        if result is None:
            return
        self.search = result
        self.go_to_hit()

    def next_hit(self, step: int) -> None:
        if self.search.step(step) is None:
            self.notify("No search hits yet: press / to search.", timeout=3)
            return
        self.go_to_hit()

    @work(exclusive=True, group="jump")
    async def go_to_hit(self) -> None:
        hit = self.search.current
        if hit is None:
            return
        current = self.brief_screen
        if current is None or current.brief.id != hit.brief_id:
            assert self.library is not None
            entry = self.library.entry_for(hit.brief_id)
            if entry is None:
                return
            current = self.open_brief(entry)
            await current.wait_ready()
        if await current.jump_to(hit.kind, hit.item_id):
            self.notify(
                f"Hit {self.search.index + 1} of {len(self.search.hits)} · n next, N previous",
                timeout=2,
                markup=False,
            )

    def action_export(self) -> None:
        from brief.tui.screens.export import ExportDialog

        current = self.brief_screen
        if current is not None:
            self.push_screen(ExportDialog(current))

    def get_css_variables(self) -> dict[str, str]:
        # Every text colour readable (4.5:1) in every theme: see brief.tui.contrast.
        from brief.tui.contrast import readable_variables

        variables = super().get_css_variables()
        variables.update(readable_variables(variables))
        self.theme_variables = variables
        return variables

    def watch_theme(self, theme: str) -> None:
        # Remember the theme chosen from the palette; never during start-up's own assignment.
        if not self._settings_loaded:
            return
        from brief.tui.settings import load_settings, save_settings

        try:
            settings = load_settings()  # keep the other settings as they are
            settings.theme = theme
            save_settings(settings)
        except OSError as error:
            self.notify(f"Could not save the theme: {error}", severity="warning", markup=False)
