"""Live reload (the app watches the brief files) and "what's new since you last opened it",
driven through Pilot while the test edits the files on disk the way an editor does."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Input, TabbedContent

from brief.diff import seen_path
from brief.tui.app import BriefApp
from brief.tui.screens.brief import BriefScreen
from brief.tui.watcher import WatchTargets
from brief.tui.widgets.event_list import EventList
from brief.tui.widgets.overview import Overview
from tests.helpers import settled, until
from tests.tui.conftest import drive
from tests.tui.test_flows import wait_for_rows

SIZE = (120, 40)
NAME = "pakistan-bangladesh.yaml"
OLD_TITLE, NEW_TITLE = "Ishaq Dar visits Dhaka", "Ishaq Dar in Dhaka"
NEW_EVENT = """\
  - id: live-added
    date: 2025-09-01
    title: Dhaka and Islamabad agree a shipping line
    section: economy-culture
    actors: [pakistan, bangladesh]
    sources: [rostami-2025]
"""


async def watching(pilot) -> None:
    """Wait until the watcher watches the brief directories (it starts after the first paint):
    changes made from then on are seen."""
    await until(pilot, pilot.app.watching.is_set, what="the watcher")


def titles(pilot) -> list[str]:
    """The shown brief's event titles, once its screen is built (else none)."""
    screen = pilot.app.screen
    if not isinstance(screen, BriefScreen) or not screen.ready:
        return []
    return [e.title for e in screen.brief.timeline]


def save(path: Path, text: str) -> None:
    """Save as many editors do: write a temp file beside it, then rename it over the original."""
    temp = path.with_name(f".{path.name}.swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def test_a_saved_brief_is_reshown_keeping_the_view(brief_dir: Path) -> None:
    path = brief_dir / NAME
    good = path.read_text(encoding="utf-8")

    async def steps(pilot) -> None:
        await watching(pilot)
        await pilot.press("t", "slash", *"dhaka")
        await wait_for_rows(pilot)
        await pilot.press("enter", "down")
        screen = pilot.app.screen
        selected = screen.query_one(EventList).current.key
        await pilot.press("slash")  # typing in the query box when the save lands

        save(path, good.replace(OLD_TITLE, NEW_TITLE))
        await until(pilot, lambda: NEW_TITLE in titles(pilot), what="the saved title")
        screen = pilot.app.screen
        assert screen.query_one(TabbedContent).active == "timeline"
        assert screen.query_one("#timeline-query", Input).value == "dhaka"
        assert isinstance(pilot.app.focused, Input)  # still typing
        event_list = await wait_for_rows(pilot)
        assert event_list.current.key == selected
        assert any(r.title == NEW_TITLE for r in event_list.rows)  # the list shows it too

    drive(BriefApp([str(brief_dir)], history=False), SIZE, steps)


def test_a_broken_save_keeps_the_last_good_version_until_fixed(brief_dir: Path) -> None:
    path = brief_dir / NAME
    good = path.read_text(encoding="utf-8")

    async def steps(pilot) -> None:
        await watching(pilot)
        await pilot.press("o")
        overview = pilot.app.screen.query_one(Overview)
        await pilot.press("j", "j", "j", "j", "j")
        scrolled = overview.scroll_offset.y
        assert scrolled > 0

        # Break it: the old content stays, a banner names the problem at path:line:col.
        path.write_text(good.replace("as_of:", "as_of: [", 1), encoding="utf-8")
        await until(pilot, lambda: pilot.app.screen.stale and titles(pilot), what="the banner")
        screen = pilot.app.screen
        banner = str(screen.query_one("#reload-problems").render())
        assert re.search(re.escape(str(path)) + r":\d+:\d+: error: YAML syntax", banner)
        assert "showing the last good version" in banner
        assert OLD_TITLE in titles(pilot)
        assert screen.query_one(TabbedContent).active == "overview"
        await until(
            pilot, lambda: screen.query_one(Overview).scroll_offset.y == scrolled, "the scroll kept"
        )

        # Fix it: the banner goes, the fix shows.
        path.write_text(good.replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
        await until(pilot, lambda: NEW_TITLE in titles(pilot), what="the fixed file")
        screen = pilot.app.screen
        assert not screen.stale
        assert not screen.query("#reload-problems")
        await until(
            pilot, lambda: screen.query_one(Overview).scroll_offset.y == scrolled, "the scroll kept"
        )

    drive(BriefApp([str(brief_dir)], history=False), SIZE, steps)


def test_a_deleted_and_recreated_brief_is_followed(brief_dir: Path) -> None:
    path = brief_dir / NAME
    good = path.read_text(encoding="utf-8")

    async def steps(pilot) -> None:
        await watching(pilot)
        path.unlink()
        await until(pilot, lambda: pilot.app.screen.stale and titles(pilot), what="the banner")
        assert "the file is gone" in str(pilot.app.screen.query_one("#reload-problems").render())
        assert OLD_TITLE in titles(pilot)
        path.write_text(good.replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
        await until(pilot, lambda: NEW_TITLE in titles(pilot), what="the recreated file")
        assert not pilot.app.screen.stale

    drive(BriefApp([str(brief_dir)], history=False), SIZE, steps)


def test_a_save_while_a_dialog_is_open_shows_when_it_closes(brief_dir: Path) -> None:
    path = brief_dir / NAME
    good = path.read_text(encoding="utf-8")

    async def steps(pilot) -> None:
        from brief.tui.screens.help import HelpScreen

        await watching(pilot)
        await pilot.press("question_mark")
        path.write_text(good.replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
        app = pilot.app
        await until(pilot, lambda: app._reload_pending is not None, what="the reload")
        assert isinstance(app.screen, HelpScreen)
        assert len(app.screen_stack) == 2  # the brief, help: nothing pushed over it
        await pilot.press("escape")
        await until(pilot, lambda: NEW_TITLE in titles(pilot), what="the new version")
        assert isinstance(app.screen, BriefScreen)

    drive(BriefApp([str(brief_dir)], history=False), SIZE, steps)


def test_no_watch_means_no_watcher(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        await until(pilot, lambda: pilot.app.screen.ready, what="the brief")
        assert pilot.app._watch_timer is None  # never scheduled
        assert not [w for w in pilot.app.workers if w.group == "watch"]

    drive(BriefApp([str(brief_dir)], watch=False, history=False), SIZE, steps)


@pytest.mark.parametrize(
    "args",
    [["--no-watch"], ["open", "--no-watch"], ["--no-history"], ["open", "x", "--no-history"]],
)
def test_cli_flags_reach_the_app(args: list[str], monkeypatch) -> None:
    from brief.cli import app_cmd, cli

    calls = []
    monkeypatch.setattr(app_cmd, "run_app", lambda *a, **k: calls.append(k))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    expected = {
        "watch": "--no-watch" not in args,
        "history": False if "--no-history" in args else None,
    }
    assert calls == [expected]


def test_only_brief_files_trigger_a_reload(tmp_path: Path) -> None:
    brief = tmp_path / "a" / "x.yaml"
    targets = WatchTargets.of([brief], [tmp_path / "dir"])
    assert targets.wants(str(brief))
    assert targets.wants(str(tmp_path / "dir" / "new.yml"))  # a new brief in a searched dir
    for temp in (".x.yaml.swp", "x.yaml~", "#x.yaml#", ".#x.yaml", ".x.yaml.1a2b.tmp", "4913"):
        assert not targets.wants(str(tmp_path / "a" / temp)), temp
    assert not targets.wants(str(tmp_path / "a" / "other.yaml"))  # not shown, not searched
    assert not targets.wants(str(tmp_path / "dir" / "notes.txt"))


# -- what's new ---------------------------------------------------------------------------------


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch) -> Path:
    """A state dir of this test's own, so the "seen" records start empty."""
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def test_whats_new_since_the_last_open(brief_dir: Path, state_home: Path) -> None:
    path = brief_dir / NAME
    good = path.read_text(encoding="utf-8")
    record = seen_path("pakistan-bangladesh")
    assert str(state_home) in str(record)

    async def first(pilot) -> None:
        await until(pilot, record.exists, what="the seen record")
        assert not pilot.app.screen.query(".whats-new")  # nothing to compare with yet

    drive(BriefApp([str(brief_dir)], watch=False), SIZE, first)

    # The author edits the brief: one title changes, one event is added.
    edited = good.replace(OLD_TITLE, NEW_TITLE).replace("timeline:\n", "timeline:\n" + NEW_EVENT)
    path.write_text(edited, encoding="utf-8")

    async def second(pilot) -> None:
        screen = pilot.app.screen
        await until(pilot, lambda: screen.query(".whats-new"), what="what's new")
        listed = str(screen.query_one(".whats-new").render())
        assert "1 new, 1 changed" in listed
        assert "new event" in listed and "Dhaka and Islamabad agree a shipping line" in listed
        assert "changed event" in listed and NEW_TITLE in listed and "(title)" in listed
        await pilot.press("t")
        event_list = screen.query_one(EventList)
        assert event_list.marks == {"live-added": "added", "dar-visit": "changed"}
        rows = {r.key: i for i, r in enumerate(event_list.rows)}
        event_list.cursor = rows["live-added"]
        await pilot.pause()
        line = event_list.render_line(event_list.cursor - int(event_list.scroll_offset.y)).text
        assert line.startswith("● ") and "Dhaka and Islamabad" in line
        changed = event_list._build_line(event_list.rows[rows["dar-visit"]], 100, False).text
        assert changed.startswith("◆ ")
        unmarked = event_list._build_line(event_list.rows[0], 100, False).text
        assert unmarked.startswith("  ")
        legend = str(screen.query_one("#timeline-count").render())
        assert "● 1 new" in legend and "◆ 1 changed" in legend

    drive(BriefApp([str(brief_dir)], watch=False), SIZE, second)

    async def third(pilot) -> None:
        # Nothing changed since: nothing is said about it.
        screen, app = pilot.app.screen, pilot.app
        await until(pilot, lambda: "pakistan-bangladesh" in app._changes, what="the comparison")
        await settled(pilot)
        assert app._changes["pakistan-bangladesh"][1] is not None  # compared, and found equal
        assert not screen.query(".whats-new")

    drive(BriefApp([str(brief_dir)], watch=False), SIZE, third)


def test_whats_new_follows_live_edits(brief_dir: Path, state_home: Path) -> None:
    path = brief_dir / NAME
    good = path.read_text(encoding="utf-8")

    async def steps(pilot) -> None:
        await watching(pilot)
        await until(pilot, seen_path("pakistan-bangladesh").exists, what="the seen record")
        path.write_text(good.replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
        await until(pilot, lambda: NEW_TITLE in titles(pilot), what="the saved title")
        screen = pilot.app.screen
        await until(pilot, lambda: screen.query(".whats-new"), what="what's new")
        assert NEW_TITLE in str(screen.query_one(".whats-new").render())

    drive(BriefApp([str(brief_dir)]), SIZE, steps)


def test_history_can_be_turned_off(brief_dir: Path, state_home: Path) -> None:
    from brief.tui.settings import SETTINGS_FILE, config_dir

    async def steps(pilot) -> None:
        await until(pilot, lambda: pilot.app.screen.ready, what="the brief")
        await settled(pilot)  # what's new would be worked out by now (after the next paint)
        await settled(pilot)
        assert not pilot.app.screen.query(".whats-new")

    drive(BriefApp([str(brief_dir)], watch=False, history=False), SIZE, steps)
    assert not seen_path("pakistan-bangladesh").exists()

    settings = config_dir() / SETTINGS_FILE
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"history": false}')
    try:
        drive(BriefApp([str(brief_dir)], watch=False), SIZE, steps)
        assert not seen_path("pakistan-bangladesh").exists()
    finally:
        settings.unlink()
