"""A cold start (nothing cached): the library loads in a worker behind a loading screen that
counts the files and events loaded so far; the brief (or the picker) follows, and q, ctrl+q or
Esc quits while it loads."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from benchmarks.generate import write_library
from brief.tui.app import BriefApp
from brief.tui.screens.brief import BriefScreen
from brief.tui.screens.loading import LoadingScreen
from brief.tui.screens.picker import StartPicker
from tests.helpers import until
from tests.tui.conftest import run

BRIEFS = 40
EVENTS = 25  # per brief


@pytest.fixture
def cold_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Many generated briefs, and an empty cache of their own: every file must be parsed."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cold-cache"))
    directory = tmp_path / "many"
    write_library(directory, BRIEFS, EVENTS)
    return directory


def _loads_then_shows(directory: Path, name: str | None, shown: type) -> None:
    app = BriefApp([str(directory)], name, watch=False, history=False)

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            loading = app.screen
            assert isinstance(loading, LoadingScreen)
            line = loading.query_one("#loading")
            seen: list[tuple[int, int]] = []

            def done() -> bool:
                seen.append((loading.files, loading.events))
                return isinstance(app.screen, shown)

            await until(pilot, done, f"{shown.__name__} after loading")
            # The counts only grew, up to every file and every event of the library.
            assert seen == sorted(seen)
            assert (loading.files, loading.events) == (BRIEFS, BRIEFS * EVENTS)
            assert (
                str(line.content) == f"Loading briefs… {BRIEFS} files, {BRIEFS * EVENTS:,} events"
            )
            assert app.library is not None and len(app.library.entries) == BRIEFS
            assert app.screen_stack[-1] is app.screen and loading not in app.screen_stack

    run(main())


def test_a_cold_start_shows_the_counts_then_the_named_brief(cold_library: Path) -> None:
    _loads_then_shows(cold_library, str(cold_library / "synthetic-0007.yaml"), BriefScreen)


def test_a_cold_start_of_many_briefs_ends_in_the_picker(cold_library: Path) -> None:
    _loads_then_shows(cold_library, None, StartPicker)


@pytest.mark.parametrize("key", ["ctrl+q", "escape", "q"])
def test_quitting_while_loading_stops_the_load(cold_library: Path, key: str) -> None:
    app = BriefApp([str(cold_library)], watch=False, history=False)

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            assert isinstance(app.screen, LoadingScreen)
            [worker] = [w for w in app.workers if w.group == "load"]
            await pilot.press(key)
        assert worker.is_cancelled
        assert app.return_code == 0
        assert app.library is None  # never shown: the app was gone first

    run(main())


def test_a_warm_start_shows_the_brief_without_a_loading_screen(cold_library: Path) -> None:
    from brief.library import load_library

    load_library([str(cold_library)])  # fills the cache
    name = str(cold_library / "synthetic-0003.yaml")
    app = BriefApp([str(cold_library)], name, watch=False, history=False)

    async def main() -> None:
        async with app.run_test(size=(100, 30)):
            assert isinstance(app.screen, BriefScreen)
            assert not [w for w in app.workers if w.group == "load"]

    run(main())


def test_only_quitting_works_while_loading(
    cold_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Help, the palette, the picker and reload would open over the loading screen, and be what
    the end of loading replaces: they wait. The load is held until the keys are pressed."""
    import brief.library

    pressed = threading.Event()
    real = brief.library.load_library

    def held(*args: object, **kwargs: object) -> brief.library.Library:
        assert pressed.wait(timeout=60)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(brief.library, "load_library", held)
    app = BriefApp([str(cold_library)], watch=False, history=False)

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            loading = app.screen
            assert isinstance(loading, LoadingScreen)
            await pilot.press("question_mark", "ctrl+p", "b", "r")
            assert app.screen_stack == [loading]
            pressed.set()
            await until(pilot, lambda: isinstance(app.screen, StartPicker), "the picker")

    run(main())
