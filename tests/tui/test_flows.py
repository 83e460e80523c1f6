"""Every flow of the app, driven the way a user drives it: keys through Pilot."""

from __future__ import annotations

import json
import os
from pathlib import Path

from textual.widgets import Input, TabbedContent

from brief.tui.app import BriefApp
from brief.tui.screens.brief import BriefScreen, section_tab
from brief.tui.widgets import timeline as timeline_module
from brief.tui.widgets.event_list import EventList
from brief.tui.widgets.timeline import TimelinePane
from tests.helpers import until
from tests.tui.conftest import HOSTILE_TITLE, drive

SIZE = (120, 40)


def app_for(*paths: Path, name: str | None = None) -> BriefApp:
    # Live reload and history have their own tests (test_live.py).
    return BriefApp([str(p) for p in paths], name, watch=False, history=False)


async def wait_for_rows(pilot, count: int | None = None) -> EventList:
    """Searches run in a worker thread: wait until the list shows their result."""

    def shown() -> EventList | None:
        screen = pilot.app.screen
        if not isinstance(screen, BriefScreen) or not screen.query(EventList):
            return None
        timeline, event_list = screen.query_one(TimelinePane), screen.query_one(EventList)
        done = timeline.outcome is not None and timeline.outcome.query == timeline.query_text
        return event_list if done and count in (None, len(event_list.rows)) else None

    return await until(pilot, shown, f"the timeline to show {count} rows")


async def new_screen(pilot, old) -> BriefScreen:
    """Until a reload has replaced `old` with a new, ready brief screen."""

    def ready() -> BriefScreen | None:
        screen = pilot.app.screen
        return (
            screen
            if isinstance(screen, BriefScreen) and screen is not old and screen.ready
            else None
        )

    return await until(pilot, ready, "the reloaded screen")


def test_switch_tabs_with_number_keys_o_and_t(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, BriefScreen)
        sections = screen.brief.sections
        assert screen.active_tab == "overview"
        await pilot.press("1")  # 1-9 are the sections, in order
        assert screen.active_tab == section_tab(sections[0].id)
        await pilot.press("j", "G", "g")  # keys scroll the focused section without error
        await pilot.press(str(len(sections)))
        assert screen.active_tab == section_tab(sections[-1].id)
        await pilot.press("t")
        assert screen.active_tab == "timeline"
        await pilot.press("o")
        assert screen.active_tab == "overview"
        await pilot.press(str(len(sections) + 1))  # no such section: nothing happens
        assert screen.active_tab == "overview"
        # Each tab's label shows its key.
        labels = [str(t.label) for t in screen.query("ContentTab")]
        assert labels[0] == "o Overview" and labels[-1].startswith("t ")
        assert [label.split()[0] for label in labels[1:-1]] == [
            str(n) for n in range(1, len(sections) + 1)
        ]

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
        await pilot.press("slash", "escape")  # esc in the box: back to the list, query kept
        assert pilot.app.focused is event_list
        assert pilot.app.screen.query_one(TimelinePane).query_text == "dhaka"
        await pilot.press("escape")  # esc in the list: clears the query
        await wait_for_rows(pilot, total)
        assert pilot.app.focused is event_list

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
        await new_screen(pilot, screen)
        new_list = await wait_for_rows(pilot)
        assert pilot.app.screen.query_one("#timeline-query", Input).value == "dhaka"
        assert new_list is not event_list and new_list.current.key == selected

    drive(app_for(brief_dir), SIZE, steps)


def test_narrow_terminal_opens_the_event_in_a_modal(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t", "enter")
        from brief.tui.screens.event import EventDetailScreen

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


async def global_search(pilot, query: str) -> list:
    """Open global search, type `query`, wait for its hits; returns them."""
    from brief.tui.screens.search import SearchScreen

    await pilot.press("slash")
    search = await until(
        pilot, lambda: isinstance(pilot.app.screen, SearchScreen) and pilot.app.screen, "search"
    )
    await pilot.press(*query)
    await until(pilot, lambda: search.hits, f"hits for {query!r}")
    return list(search.hits)


async def hit_shown(pilot, index: int) -> BriefScreen:
    """Until hit `index` is the current one and its jump is done."""
    await until(pilot, lambda: pilot.app.search.index == index, f"hit {index}")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BriefScreen)
    return screen


def test_global_search_jumps_and_n_moves_between_hits(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        hits = await global_search(pilot, "visa")
        assert {h.kind for h in hits} >= {"event", "point"}
        await pilot.press("enter")
        screen = await hit_shown(pilot, 0)
        first = hits[0]
        assert first.kind == "event"  # events are listed first
        assert screen.active_tab == "timeline"
        assert screen.query_one(EventList).current.key == first.item_id
        point = next(i for i, h in enumerate(hits) if h.kind == "point")
        for n in range(1, point + 1):
            await pilot.press("n")
            await hit_shown(pilot, n)
        assert screen.active_tab.startswith("section:")
        assert screen.query(".-hit")  # the point is highlighted
        await pilot.press("N")
        await hit_shown(pilot, point - 1)

    drive(app_for(brief_dir), SIZE, steps)


def test_ctrl_a_in_global_search_toggles_all_briefs(brief_dir: Path, hostile_dir: Path) -> None:
    async def steps(pilot) -> None:
        from textual.widgets import Checkbox

        await pilot.press("enter")  # the picker: open the first brief
        await until(pilot, lambda: isinstance(pilot.app.screen, BriefScreen), "the brief")
        await global_search(pilot, "dhaka")
        box = pilot.app.screen.query_one("#search-all", Checkbox)
        assert not box.value
        await pilot.press("ctrl+a")  # with the search box focused
        assert box.value
        assert pilot.app.screen.query_one("#search-input", Input).value == "dhaka"
        await pilot.press("x")  # typed at the end, not the start
        assert pilot.app.screen.query_one("#search-input", Input).value == "dhakax"
        await pilot.press("ctrl+a")
        assert not box.value

    drive(app_for(brief_dir, hostile_dir), SIZE, steps)


def test_a_hit_hidden_by_the_timeline_query_keeps_the_query(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t", "slash", *"actor:ishaq-dar")
        event_list = await wait_for_rows(pilot)
        shown = {r.key for r in event_list.rows}
        await pilot.press("escape", "o")  # back to the list, then to the Overview, where
        hits = await global_search(pilot, "trade")  # `/` is the global search
        hidden = next(i for i, h in enumerate(hits) if h.kind == "event" and h.item_id not in shown)
        await pilot.press(*["down"] * hidden, "enter")
        screen = await hit_shown(pilot, hidden)
        timeline = screen.query_one(TimelinePane)
        assert timeline.query_text == "actor:ishaq-dar"  # kept
        detail = str(screen.query_one("#detail-body").render())
        event = next(e for e in screen.brief.timeline if e.id == hits[hidden].item_id)
        assert event.title in detail and "the query hides it" in detail
        assert pilot.app.focused is screen.query_one("#timeline-detail")
        await pilot.press("escape")  # back to the list, query still there
        assert pilot.app.focused is screen.query_one(EventList)
        assert timeline.query_text == "actor:ishaq-dar"

    drive(app_for(brief_dir), SIZE, steps)


def test_a_hit_on_an_actor_figure_or_source_scrolls_to_it(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        from brief.tui.widgets.overview import Overview, item_key

        screen = pilot.app.screen
        brief = screen.brief
        targets = [("actor", brief.actors[-1].id), ("source", brief.sources[-1].id)]
        targets.append(("figure", brief.figures[-1].id or f"f{len(brief.figures)}"))
        overview = screen.query_one(Overview)
        for kind, item_id in targets:
            await pilot.press("1")  # away from the Overview first
            assert await screen.jump_to(kind, item_id)
            await pilot.pause()
            widget = screen.query_one(f".{item_key(kind, item_id)}")
            assert screen.active_tab == "overview"
            assert widget.has_class("-hit")
            assert len(screen.query(".-hit")) == 1
            # Scrolled so that the item is in view.
            await until(
                pilot,
                lambda w=widget: (
                    overview.scroll_offset.y
                    <= w.virtual_region.y
                    < overview.scroll_offset.y + overview.size.height
                ),
                f"{kind} {item_id} in view",
            )

    drive(app_for(brief_dir), SIZE, steps)


def test_switch_briefs_with_the_picker(brief_dir: Path, hostile_dir: Path) -> None:
    (brief_dir / "broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")

    async def steps(pilot) -> None:
        from brief.tui.screens.picker import BriefPicker

        # Several briefs and none named: the picker opens at start, broken files listed last.
        picker = pilot.app.screen
        assert isinstance(picker, BriefPicker)
        options = picker.query_one("OptionList").options
        prompts = [str(o.prompt) for o in options]
        assert "broken.yaml" in prompts[-1] and options[-1].disabled
        assert any("Pakistan" in p and "pakistan-bangladesh" in p for p in prompts)  # with its id
        assert any(str(hostile_dir / "hostile.yaml") in p for p in prompts)  # and its path
        assert any(HOSTILE_TITLE in p for p in prompts)
        # Typing filters: "pak" keeps only the matching brief (no key moves the cursor).
        await pilot.press(*"pak")
        options = picker.query_one("OptionList").options
        assert [str(o.prompt).splitlines()[0] for o in options] == ["Pakistan and Bangladesh"]
        await pilot.press("enter")
        first = await until(
            pilot,
            lambda: isinstance(pilot.app.screen, BriefScreen) and pilot.app.screen,
            "the brief",
        )
        assert first.brief.id == "pakistan-bangladesh"
        await pilot.press("b")
        picker = await until(
            pilot,
            lambda: isinstance(pilot.app.screen, BriefPicker) and pilot.app.screen,
            "the picker",
        )
        await pilot.press(*"hostile", "enter")
        second = await until(
            pilot,
            lambda: (
                pilot.app.screen
                if isinstance(pilot.app.screen, BriefScreen) and pilot.app.screen is not first
                else None
            ),
            "the other brief",
        )
        assert second.brief.id == "hostile"
        # Over an open brief, Esc closes the picker and returns to it.
        await pilot.press("b")
        await until(pilot, lambda: isinstance(pilot.app.screen, BriefPicker), "the picker")
        await pilot.press("escape")
        assert pilot.app.screen is second

    drive(app_for(brief_dir, hostile_dir), SIZE, steps)


def test_esc_in_the_start_up_picker_quits(brief_dir: Path, hostile_dir: Path) -> None:
    app = app_for(brief_dir, hostile_dir)

    async def steps(pilot) -> None:
        from brief.tui.screens.picker import BriefPicker

        assert isinstance(pilot.app.screen, BriefPicker)
        await pilot.press("escape")
        await until(pilot, lambda: not app.is_running, "the app to exit")

    drive(app, SIZE, steps)
    assert app.return_code == 0


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
        old = pilot.app.screen
        await pilot.press("r")
        screen = await new_screen(pilot, old)
        assert "Ishaq Dar in Dhaka" in [e.title for e in screen.brief.timeline]
        assert screen.query_one(TabbedContent).active == "timeline"
        assert screen.query_one("#timeline-query", Input).value == "dhaka"
        await wait_for_rows(pilot)
        assert screen.query_one(EventList).current.key == selected
        # Break the file: the last good version stays, the problem is shown at path:line:col.
        path.write_text(good.replace("as_of:", "as_of: [", 1), "utf-8")
        await pilot.press("r")
        screen = await new_screen(pilot, screen)
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
            # Textual's own keys, listed in the help, have no ids of ours.
            if binding.key not in ("ctrl+p", "tab", "shift+tab", "ctrl+q"):
                assert binding.id, binding


def test_change_theme_is_remembered(brief_dir: Path) -> None:
    from brief.tui.settings import SETTINGS_FILE, config_dir

    async def steps(pilot) -> None:
        from textual.command import CommandList, CommandPalette

        def palette_hits(needle: str):
            screen = pilot.app.screen
            if not isinstance(screen, CommandPalette):
                return False
            options = screen.query_one(CommandList).options
            return any(needle in str(o.prompt).lower() for o in options)

        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await until(pilot, lambda: palette_hits("theme"), "the theme command")
        await pilot.press("enter")
        await until(pilot, lambda: palette_hits("nord"), "the theme list")
        await pilot.press(*"nord")
        await until(
            pilot, lambda: palette_hits("nord") and not palette_hits("dracula"), "nord alone"
        )
        await pilot.press("enter")
        await until(pilot, lambda: pilot.app.theme == "nord", "the theme")

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
        message = dialog.query_one("#export-message")
        await until(pilot, lambda: "Wrote" in str(message.render()), "the export")
        assert target.read_text().startswith("#")
        target.write_text("old")
        await pilot.press("ctrl+s")
        assert "already exists" in str(dialog.query_one("#export-message").render())
        assert target.read_text() == "old"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: target.read_text() != "old", "the overwrite")
        await pilot.app.workers.wait_for_complete()
        assert target.read_text().startswith("#")

    drive(app_for(brief_dir), SIZE, steps)


# Every text a YAML block (`|`) with the author's line breaks and a final newline.
BLOCKS_YAML = """\
format: 1
id: blocks
title: Blocks
as_of: 2025-06
summary: |
  The summary's first line
  and its second.

  A second paragraph.
sources:
  - id: s1
    title: Source
sections:
  - id: sec
    title: Section
    summary: |
      A section summary
      on two lines.
    points:
      - text: |
          A point written
          on two lines.
        sources: [s1]
timeline:
  - date: 2025-01-02
    title: An event
    section: sec
    text: |
      What happened,
      in two lines.

      Why it matters.
"""


def test_text_written_as_a_yaml_block_reads_as_paragraphs(tmp_path: Path) -> None:
    """Single line breaks are reflowed and blank lines kept, as `brief show` and the exports
    show them: a block's final newline does not put the source marker on a line of its own."""
    (tmp_path / "blocks.yaml").write_text(BLOCKS_YAML, encoding="utf-8")

    async def steps(pilot) -> None:
        screen = pilot.app.screen

        def shown(selector: str) -> str:
            return str(screen.query_one(selector).render())

        summary = "The summary's first line and its second.\n\nA second paragraph."
        assert shown("#overview .summary") == summary
        await pilot.press("1")
        await until(pilot, lambda: screen.query(".point"), "the section's points")
        assert shown("SectionView .summary") == "A section summary on two lines."
        assert shown(".point") == "A point written on two lines. [1]"
        await pilot.press("t", "enter")  # the event, in its pane
        detail = shown("#detail-body")
        assert "What happened, in two lines.\n\nWhy it matters." in detail

    drive(app_for(tmp_path), SIZE, steps)


def test_hostile_text_is_literal_and_runs_no_action(hostile_dir: Path) -> None:
    async def steps(pilot) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, BriefScreen)
        header = str(screen.query_one("#title").render())
        assert header == HOSTILE_TITLE
        tab_labels = [str(t.label) for t in screen.query("Tab")]
        assert "1 [/bold] Section [@click=app.quit]" in tab_labels
        for key in ("1", "t", "o"):
            await pilot.press(key)
        # Clicking the payloads must not run app.quit.
        await pilot.click("#title")
        await pilot.press("1")
        await pilot.click(".point")
        await pilot.pause()
        assert pilot.app.is_running
        await pilot.press("ctrl+p", *"event")
        from textual.command import CommandList

        await until(
            pilot,
            lambda: (
                pilot.app.screen.query(CommandList)
                and pilot.app.screen.query_one(CommandList).option_count
            ),
            "the palette's events",
        )
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
