"""Nothing lost (issue 6, requirement 6): brief files are never written; config, state and cache
writes are atomic; a corrupt config, keymap, state or cache file is moved aside to `*.bad`, never
deleted and never a crash. SIGKILL during an export: tests/test_export_files.py (old or new file).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
from pathlib import Path

import pytest

from brief import cache, index_store, verdicts
from brief.diff import load_seen, save_seen, seen_path
from brief.load import load_brief
from brief.tui.app import BriefApp
from brief.tui.screens.brief import BriefScreen
from brief.tui.screens.export import ExportDialog
from brief.tui.settings import KEYMAP_FILE, Settings, load_keymap, save_settings
from tests.helpers import BUNDLED, folder_with, run_cli, settled, until


def snapshot(directory: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under `directory`: bytes, mtime_ns and mode."""
    return {
        str(p.relative_to(directory)): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Two versions of the bundled brief, read-only like a downloaded file may be."""
    directory = folder_with(tmp_path / "briefs", BUNDLED)
    older = BUNDLED.read_text(encoding="utf-8").replace("id: pakistan-bangladesh", "id: older", 1)
    (directory / "older.yaml").write_text(older, encoding="utf-8")
    for path in directory.iterdir():
        path.chmod(0o444)
    return directory


def test_cli_commands_never_write_a_brief(library: Path, tmp_path: Path) -> None:
    before = snapshot(library)
    brief = str(library / "pakistan-bangladesh.yaml")
    out = tmp_path / "out"
    out.mkdir()
    commands = [
        ("show", brief),
        ("validate", str(library)),
        ("list", str(library)),
        ("lint", brief),
        ("search", "Dhaka", str(library)),
        ("timeline", brief, "-q", "trade"),
        ("diff", str(library / "older.yaml"), brief),
        ("export", brief, "-o", str(out / "b.html")),
        ("export", brief, "-o", str(out / "b.md"), "--force"),
    ]
    for args in commands:
        result = run_cli(*args, cwd=out)
        assert "Traceback" not in result.stderr, (args, result.stderr)
    assert snapshot(library) == before


def reloaded(app: BriefApp, before: BriefScreen | None) -> bool:
    screen = app.brief_screen
    return screen is not None and screen is not before and screen.ready


def test_tui_flows_never_write_a_brief(library: Path, tmp_path: Path) -> None:
    before = snapshot(library)
    target = tmp_path / "export.html"

    async def main() -> None:
        app = BriefApp([str(library)], str(library / "pakistan-bangladesh.yaml"), watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("2", "t", "slash", *"dhaka")
            await settled(pilot)  # the search ran in its worker
            app.screen.set_focus(None)  # leave the query box, as a click elsewhere would
            shown = app.brief_screen
            await pilot.press("o", "r")
            # The reload runs in a worker, then a new screen replaces the shown one.
            await until(pilot, lambda: reloaded(app, shown), "the brief is reloaded")
            await settled(pilot)
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, ExportDialog), "export opens")
            await settled(pilot)
            app.screen.query_one("#export-path").value = str(target)
            await pilot.press("ctrl+s")
            await until(pilot, target.exists, "the export is written")
            await settled(pilot)
            await pilot.press("escape", "q")

    asyncio.run(main())
    assert target.exists()
    assert snapshot(library) == before


# -- corrupt files are moved aside ---------------------------------------------------------


def test_a_corrupt_keymap_is_moved_aside_and_reported(tmp_path: Path) -> None:
    (tmp_path / KEYMAP_FILE).write_text('"quit" = [unclosed\n', encoding="utf-8")
    keymap, problems = load_keymap(tmp_path)
    assert keymap == {}
    assert (tmp_path / (KEYMAP_FILE + ".bad")).read_text() == '"quit" = [unclosed\n'
    assert not (tmp_path / KEYMAP_FILE).exists()
    assert problems and f"{KEYMAP_FILE}.bad" in problems[0].message
    assert (problems[0].line, problems[0].col) == (1, 11)


def test_a_keymap_of_garbage_keys_does_not_crash_the_app(brief_dir: Path) -> None:
    # Valid TOML, hostile values: markup, a control character, an unknown key name.
    from brief.tui.settings import config_dir

    directory = config_dir()
    directory.mkdir(parents=True, exist_ok=True)
    keymap = directory / KEYMAP_FILE
    keymap.write_text('quit = "[@click=app.bell]"\nhelp = "\\u001b]0;x"\nbriefs = 3\n')

    async def main() -> None:
        app = BriefApp([str(brief_dir)], watch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            assert app.is_running
            assert any("keys must be a string" in n.message for n in app._notifications)

    try:
        asyncio.run(main())
    finally:
        keymap.unlink(missing_ok=True)


def test_a_corrupt_seen_record_is_moved_aside(tmp_path: Path) -> None:
    brief = load_brief(BUNDLED)
    path = seen_path(brief.id, tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"version": 1, "brief": {"title": 3')
    assert load_seen(brief.id, tmp_path) is None
    assert path.with_name(path.name + ".bad").read_bytes().startswith(b'{"version": 1')
    save_seen(brief, tmp_path)  # the next record does not overwrite the kept one
    assert load_seen(brief.id, tmp_path) is not None
    assert path.with_name(path.name + ".bad").exists()


def test_a_corrupt_cache_record_is_moved_aside_and_the_verdict_is_the_same(
    tmp_path: Path,
) -> None:
    root = tmp_path / "cache"
    first = verdicts.check_file(BUNDLED, root=root)
    verdicts.close_stores()
    store = root / verdicts.STORE_NAME
    store.write_bytes(store.read_bytes()[:100])  # truncated, as by a crash
    again = verdicts.check_file(BUNDLED, root=root)
    verdicts.close_stores()
    assert again == first
    assert store.with_name(store.name + ".bad").exists()


def test_a_corrupt_search_index_cache_is_moved_aside(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    briefs = [load_brief(BUNDLED)]
    index_store.load_index(briefs, root=root)
    index = root / "index.sqlite"
    data = bytearray(index.read_bytes())
    data[-50] ^= 0xFF  # one flipped byte in the database
    index.write_bytes(bytes(data))
    rebuilt = index_store.load_index(briefs, root=root)
    assert rebuilt.search("Dhaka").results
    assert (root / "index.sqlite.bad").exists()


# -- atomic writes ---------------------------------------------------------------------------


def _failing_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", fail)
    monkeypatch.setattr(os, "link", fail)


@pytest.mark.parametrize("writer", ["settings", "seen", "cache"])
def test_state_writers_leave_the_old_file_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str
) -> None:
    # A failure at the last step (the rename) stands for any interruption: the old file stays
    # whole and no temp file is left behind.
    brief = load_brief(BUNDLED)
    if writer == "settings":
        save_settings(Settings(theme="nord"), tmp_path)
        target = tmp_path / "settings.json"
        write = lambda: save_settings(Settings(theme="gruvbox"), tmp_path)  # noqa: E731
    elif writer == "seen":
        save_seen(brief, tmp_path)
        target = seen_path(brief.id, tmp_path)
        write = lambda: save_seen(brief, tmp_path)  # noqa: E731
    else:
        target = tmp_path / "record"
        cache.write(target, b"old")
        write = lambda: cache.write(target, b"new")  # noqa: E731
    old = target.read_bytes()
    _failing_replace(monkeypatch)
    with contextlib.suppress(OSError):  # settings and state writers raise; the cache ignores it
        write()
    assert target.read_bytes() == old
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_the_brief_file_mode_is_untouched(library: Path) -> None:
    # Read-only stays read-only: nothing chmods a brief to write it.
    assert all(not p.stat().st_mode & stat.S_IWUSR for p in library.iterdir())


@pytest.fixture
def brief_dir(tmp_path: Path) -> Path:
    return folder_with(tmp_path / "one", BUNDLED)
