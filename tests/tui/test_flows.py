"""Every flow of the app, driven the way a user drives it: keys through Pilot."""

from __future__ import annotations

import json
import os
from pathlib import Path

from textual.widgets import Input, TabbedContent

from brief.tui.app import BriefApp
from brief.tui.screens.brief import BriefScreen
from brief.tui.widgets import timeline as timeline_module
from brief.tui.widgets.event_list import EventList
from brief.tui.widgets.timeline import TimelinePane
from tests.tui.conftest import HOSTILE_TITLE, drive

SIZE = (120, 40)


def app_for(*paths: Path, name: str | None = None) -> BriefApp:
    # Live reload and history have their own tests (test_live.py).
    return BriefApp([str(p) for p in paths], name, watch=False, history=False)


async def wait_for_rows(pilot, count: int | None = None, tries: int = 100) -> EventList:
    """Searches run in a worker thread: wait until the list shows their result."""
    event_list = pilot.app.screen.query_one(EventList)
    for _ in range(tries):
        await pilot.pause(0.02)
        timeline = pilot.app.screen.query_one(TimelinePane)
        done = timeline.outcome is not None and timeline.outcome.query == timeline.query_text
        if done and (count is None or len(event_list.rows) == count):
            return event_list
    raise AssertionError(f"timeline never showed {count} rows: {len(event_list.rows)}")


def test_switch_tabs_with_number_keys_o_and_t(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, BriefScreen)
        tabs = screen.query_one(TabbedContent)
        assert tabs.active == "overview"
        await pilot.press("2")
        assert tabs.active == "section-" + screen.brief.sections[0].id
        await pilot.press("j", "G", "g")  # keys scroll the focused section without error
        await pilot.press("t")
        assert tabs.active == "timeline"
        await pilot.press("o")
        assert tabs.active == "overview"
        await pilot.press(str(len(screen.brief.sections) + 2))
        assert tabs.active == "timeline"

    drive(app_for(brief_dir), SIZE, steps)


def test_search_the_timeline_and_open_an_event(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t", "slash")
        assert isinstance(pilot.app.focused, Input)
        await pilot.press(*"dhaka")
        event_list = await wait_for_rows(pilot)
        total = len(pilot.app.screen.brief.timeline)
        assert 0 < len(event_list.rows) < total
        assert all("dhaka" in (r.title + r.event.text).lower() for r in event_list.rows)
        assert any(r.title_spans for r in event_list.rows)  # matches are highlighted
        count = str(pilot.app.screen.query_one("#timeline-count").render())
        assert f"{len(event_list.rows)} of {total} events" in count
        await pilot.press("enter", "down", "enter")  # to the list, next row, open it
        detail = str(pilot.app.screen.query_one("#detail-body").render())
        assert event_list.current is not None
        assert event_list.current.title in detail
        await pilot.press("slash", "escape")  # esc clears the query
        await wait_for_rows(pilot, total)

    drive(app_for(brief_dir), SIZE, steps)


def test_a_large_timeline_loads_in_a_worker_and_keeps_the_view_on_reload(
    brief_dir: Path, monkeypatch
) -> None:
    # Every brief counts as large: its rows are sorted and labelled off the UI thread.
    monkeypatch.setattr(timeline_module, "BUILD_INLINE_MAX", 0)

    async def steps(pilot) -> None:
        await pilot.press("t")
        screen = pilot.app.screen
        total = len(screen.brief.timeline)
        event_list = await wait_for_rows(pilot, total)
        assert event_list.current is not None
        assert event_list.current.key == screen.brief.events_in_order()[0].id
        assert f"{total} of {total} events" in str(screen.query_one("#timeline-count").render())
        await pilot.press("slash", *"dhaka")
        await wait_for_rows(pilot)
        await pilot.press("enter", "down")
        selected = event_list.current.key
        # A reload builds a new screen: the query and the selection wait for its rows.
        await pilot.press("r")
        for _ in range(100):
            await pilot.pause(0.02)
            if pilot.app.screen is not screen:
                break
        new_list = await wait_for_rows(pilot)
        assert pilot.app.screen.query_one("#timeline-query", Input).value == "dhaka"
        assert new_list is not event_list and new_list.current.key == selected

    drive(app_for(brief_dir), SIZE, steps)


def test_narrow_terminal_opens_the_event_in_a_modal(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t", "enter")
        from brief.tui.widgets.event_detail import EventDetailScreen

        assert isinstance(pilot.app.screen, EventDetailScreen)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, BriefScreen)

    drive(app_for(brief_dir), (80, 24), steps)


def test_pick_a_facet_adds_its_qualifier(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t", "ctrl+f")
        await pilot.press(*"ishaq")
        await pilot.press("enter")
        query = pilot.app.screen.query_one("#timeline-query", Input)
        assert query.value == "actor:ishaq-dar"
        event_list = await wait_for_rows(pilot)
        assert event_list.rows
        assert all("ishaq-dar" in r.event.actors for r in event_list.rows)

    drive(app_for(brief_dir), SIZE, steps)


def test_global_search_jumps_and_n_moves_between_hits(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        from brief.tui.screens.search import SearchScreen

        await pilot.press("slash")
        assert isinstance(pilot.app.screen, SearchScreen)
        await pilot.press(*"visa")
        for _ in range(100):
            await pilot.pause(0.02)
            if pilot.app.screen.hits:
                break
        hits = list(pilot.app.screen.hits)
        assert {h.kind for h in hits} >= {"event", "point"}
        await pilot.press("enter")
        await pilot.pause(0.2)
        screen = pilot.app.screen
        assert isinstance(screen, BriefScreen)
        first = hits[0]
        assert first.kind == "event"  # events are listed first
        assert screen.query_one(TabbedContent).active == "timeline"
        assert screen.query_one(EventList).current.key == first.item_id
        point = next(i for i, h in enumerate(hits) if h.kind == "point")
        for _ in range(point):
            await pilot.press("n")
            await pilot.pause(0.1)
        assert screen.query_one(TabbedContent).active.startswith("section-")
        assert screen.query(".-hit")  # the point is highlighted
        await pilot.press("N")
        await pilot.pause(0.1)
        assert pilot.app.hit_index == point - 1

    drive(app_for(brief_dir), SIZE, steps)


def test_switch_briefs_with_the_picker(brief_dir: Path, hostile_dir: Path) -> None:
    (brief_dir / "broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")

    async def steps(pilot) -> None:
        from brief.tui.screens.picker import BriefPicker

        # Several briefs and none named: the picker opens at start, broken files listed too.
        assert isinstance(pilot.app.screen, BriefPicker)
        prompts = " ".join(str(o.prompt) for o in pilot.app.screen.query_one("OptionList").options)
        assert "broken.yaml" in prompts and "Pakistan" in prompts
        assert HOSTILE_TITLE in prompts
        await pilot.press("enter")
        await pilot.pause()
        first = pilot.app.screen
        assert isinstance(first, BriefScreen)
        await pilot.press("b")
        picker = pilot.app.screen
        option_list = picker.query_one("OptionList")
        other = next(
            i for i, e in enumerate(picker.entries) if e.brief and e.brief.id != first.brief.id
        )
        while option_list.highlighted != other:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        second = pilot.app.screen
        assert isinstance(second, BriefScreen) and second.brief.id != first.brief.id

    drive(app_for(brief_dir, hostile_dir), SIZE, steps)


def test_reload_keeps_state_and_the_last_good_version(brief_dir: Path) -> None:
    path = brief_dir / "pakistan-bangladesh.yaml"
    good = path.read_text(encoding="utf-8")

    async def steps(pilot) -> None:
        await pilot.press("t", "slash", *"dhaka")
        await wait_for_rows(pilot)
        await pilot.press("enter", "down")
        selected = pilot.app.screen.query_one(EventList).current.key
        # Change a title on disk, then reload: the change shows, the view is kept.
        path.write_text(good.replace("Ishaq Dar visits Dhaka", "Ishaq Dar in Dhaka"), "utf-8")
        await pilot.press("r")
        for _ in range(100):
            await pilot.pause(0.02)
            if "Ishaq Dar in Dhaka" in [e.title for e in pilot.app.screen.brief.timeline]:
                break
        screen = pilot.app.screen
        assert "Ishaq Dar in Dhaka" in [e.title for e in screen.brief.timeline]
        assert screen.query_one(TabbedContent).active == "timeline"
        assert screen.query_one("#timeline-query", Input).value == "dhaka"
        await wait_for_rows(pilot)
        assert screen.query_one(EventList).current.key == selected
        # Break the file: the last good version stays, the problem is shown at path:line:col.
        path.write_text(good.replace("as_of:", "as_of: [", 1), "utf-8")
        await pilot.press("r")
        await pilot.pause(0.3)
        screen = pilot.app.screen
        assert isinstance(screen, BriefScreen)
        assert "Ishaq Dar in Dhaka" in [e.title for e in screen.brief.timeline]
        assert screen.problems and str(path) in str(screen.problems[0])
        assert any("Reload failed" in n.title for n in pilot.app._notifications)

    drive(app_for(brief_dir), SIZE, steps)


def test_help_lists_every_binding(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        from brief.tui.screens.help import HelpScreen, binding_groups

        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        for _title, bindings in binding_groups():
            for binding in bindings:
                assert binding.description
        from rich.console import Console

        from brief.tui.screens.help import help_table

        console = Console(width=120, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(help_table(pilot.app.keymap))
        text = console.export_text()
        for _title, bindings in binding_groups():
            for binding in bindings:
                assert binding.description in text
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(pilot.app.screen, HelpScreen)

    drive(app_for(brief_dir), SIZE, steps)


def test_every_binding_has_an_id_and_a_description() -> None:
    from brief.tui.screens.help import binding_groups

    for _title, bindings in binding_groups():
        for binding in bindings:
            assert binding.description, binding
            if binding.action not in ("command_palette", "focus_next", "focus_previous"):
                assert binding.id, binding


def test_change_theme_is_remembered(brief_dir: Path) -> None:
    from brief.tui.settings import SETTINGS_FILE, config_dir

    async def steps(pilot) -> None:
        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert pilot.app.theme == "nord"

    drive(app_for(brief_dir), SIZE, steps)
    saved = json.loads((config_dir() / SETTINGS_FILE).read_text())
    assert saved["theme"] == "nord"

    async def check(pilot) -> None:
        assert pilot.app.theme == "nord"

    drive(app_for(brief_dir), SIZE, check)
    (config_dir() / SETTINGS_FILE).unlink()


def test_corrupt_settings_and_keymap_are_moved_aside(brief_dir: Path) -> None:
    from brief.tui.settings import KEYMAP_FILE, SETTINGS_FILE, config_dir

    directory = config_dir()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / SETTINGS_FILE).write_text("{not json")
    (directory / KEYMAP_FILE).write_text('"tab.timeline" = "ctrl+t"\n')

    async def steps(pilot) -> None:
        await pilot.press("ctrl+t")  # remapped by id
        assert pilot.app.screen.query_one(TabbedContent).active == "timeline"
        assert any("settings.json.bad" in n.message for n in pilot.app._notifications)

    try:
        drive(app_for(brief_dir), SIZE, steps)
        assert (directory / (SETTINGS_FILE + ".bad")).exists()
    finally:
        for name in (SETTINGS_FILE, SETTINGS_FILE + ".bad", KEYMAP_FILE):
            (directory / name).unlink(missing_ok=True)


def test_no_valid_brief_shows_why(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("format: 1\ntitle: [\n", encoding="utf-8")

    async def steps(pilot) -> None:
        from brief.tui.screens.nobrief import NoBriefScreen

        assert isinstance(pilot.app.screen, NoBriefScreen)
        text = " ".join(str(s.render()) for s in pilot.app.screen.query("Static"))
        assert f"{tmp_path / 'bad.yaml'}:" in text
        assert "brief validate" in text

    drive(app_for(tmp_path), SIZE, steps)


def test_export_dialog_writes_and_asks_before_overwriting(brief_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.md"

    async def steps(pilot) -> None:
        from brief.tui.screens.export import ExportDialog

        await pilot.press("e")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-run")
        for _ in range(100):
            await pilot.pause(0.02)
            if target.exists():
                break
        await pilot.pause(0.05)
        assert target.read_text().startswith("#")
        assert "Wrote" in str(dialog.query_one("#export-message").render())
        target.write_text("old")
        await pilot.press("ctrl+s")
        assert "already exists" in str(dialog.query_one("#export-message").render())
        assert target.read_text() == "old"
        await pilot.press("ctrl+s")
        for _ in range(100):
            await pilot.pause(0.02)
            if target.read_text() != "old":
                break
        assert target.read_text().startswith("#")

    drive(app_for(brief_dir), SIZE, steps)


def test_hostile_text_is_literal_and_runs_no_action(hostile_dir: Path) -> None:
    async def steps(pilot) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, BriefScreen)
        header = str(screen.query_one("#title").render())
        assert header == HOSTILE_TITLE
        tab_labels = [str(t.label) for t in screen.query("Tab")]
        assert "[/bold] Section [@click=app.quit]" in tab_labels
        for key in ("2", "t", "o"):
            await pilot.press(key)
        # Clicking the payloads must not run app.quit.
        await pilot.click("#title")
        await pilot.press("2")
        await pilot.click(".point")
        await pilot.pause()
        assert pilot.app.is_running
        await pilot.press("ctrl+p", *"event")
        await pilot.pause(0.3)
        await pilot.press("escape")
        assert pilot.app.is_running

    drive(app_for(hostile_dir), SIZE, steps)


def test_quit(brief_dir: Path) -> None:
    app = app_for(brief_dir)

    async def steps(pilot) -> None:
        await pilot.press("q")
        await pilot.pause()

    drive(app, SIZE, steps)
    assert app.return_code == 0
    assert not app.is_running
    assert os.environ["XDG_CONFIG_HOME"] not in str(Path.home())  # isolated config
