"""The focus model and the key bar (docs/keys.md), driven through Pilot at 80 columns, and
widget ids that no brief id can break."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual import events
from textual.widgets import Input

from brief.tui.app import BriefApp
from brief.tui.screens.brief import BriefScreen
from brief.tui.screens.picker import BriefPicker
from brief.tui.screens.search import SearchScreen
from brief.tui.widgets.event_list import EventList
from brief.tui.widgets.footer import KeyBar
from brief.tui.widgets.timeline import QueryInput, TimelinePane
from tests.helpers import BUNDLED, until
from tests.tui.conftest import drive
from tests.tui.test_flows import app_for, wait_for_rows

NARROW = (80, 24)


def key_bar(pilot) -> str:
    return str(pilot.app.screen.query_one(KeyBar).render())


def test_key_bar_while_typing_offers_ctrl_q_and_not_slash(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t")
        bar = key_bar(pilot)
        assert "/ Search" in bar and "q Quit" in bar and "^q" not in bar
        await pilot.press("slash")
        assert isinstance(pilot.app.focused, QueryInput)
        bar = await until(pilot, lambda: "^q Quit" in key_bar(pilot) and key_bar(pilot), "^q Quit")
        assert "/ Search" not in bar and " q Quit" not in bar and "? Help" not in bar
        assert "f1 Help" in bar  # ? would be typed: help is offered on f1
        await pilot.press(*"q?")  # typed, not run
        assert pilot.app.screen.query_one(TimelinePane).query_text == "q?"
        assert pilot.app.is_running

    drive(app_for(brief_dir), NARROW, steps)


@pytest.mark.parametrize("width", [80, 100, 160])
def test_help_and_quit_never_fall_off_the_key_bar(brief_dir: Path, width: int) -> None:
    async def steps(pilot) -> None:
        for key in ("o", "1", "t"):
            await pilot.press(key)
            bar = key_bar(pilot)
            assert "? Help" in bar and "q Quit" in bar, (key, bar)
            assert len(bar) <= width

    drive(app_for(brief_dir), (width, 30), steps)


def test_esc_from_the_query_box_keeps_the_query_then_clears_it_from_the_list(
    brief_dir: Path,
) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t", "slash", *"dhaka")
        event_list = await wait_for_rows(pilot)
        total = len(pilot.app.screen.brief.timeline)
        filtered = len(event_list.rows)
        await pilot.press("escape")
        assert pilot.app.focused is event_list
        assert "esc Clear query" in key_bar(pilot)
        await pilot.press("q")  # from the list, q quits: one key, the query never in the way
        await until(pilot, lambda: not pilot.app.is_running, "the app to quit")
        assert filtered < total

    drive(app_for(brief_dir), NARROW, steps)


def test_esc_in_the_side_panel_goes_back_to_the_list_keeping_the_query(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t", "slash", *"dhaka")
        event_list = await wait_for_rows(pilot)
        await pilot.press("enter", "enter")  # to the list, open the event in the panel
        assert pilot.app.focused is pilot.app.screen.query_one("#timeline-detail")
        await pilot.press("escape")
        assert pilot.app.focused is event_list
        assert pilot.app.screen.query_one(TimelinePane).query_text == "dhaka"

    drive(app_for(brief_dir), (160, 45), steps)


def test_tabs_fit_80_columns_and_the_active_tab_reads_in_full(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        screen = pilot.app.screen
        tabs = list(screen.query("ContentTab"))
        for key, index in (("o", 0), ("t", -1), ("3", 3)):
            await pilot.press(key)
            await pilot.pause()
            # Every tab is on screen, the active one whole, shortened ones with an ellipsis.
            assert all(t.region.x >= 0 and t.region.right <= 80 for t in tabs), key
            active = tabs[index]
            assert "…" not in str(active.label)
            assert any("…" in str(t.label) for t in tabs)

    drive(app_for(brief_dir), NARROW, steps)


def test_a_long_title_is_cut_before_the_as_of_date(tmp_path: Path) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    long_title = "Pakistan and Bangladesh, and the long road from 1971 to the thaw of 2024"
    directory = tmp_path / "briefs"
    directory.mkdir()
    (directory / "long.yaml").write_text(
        text.replace("title: Pakistan and Bangladesh\n", f"title: {long_title}\n", 1), "utf-8"
    )

    async def steps(pilot) -> None:
        title, as_of = (pilot.app.screen.query_one(f"BriefHeader #{i}") for i in ("title", "as-of"))
        assert str(as_of.render()) == "as of 23 Oct 2025"
        assert as_of.region.right <= 49 and as_of.region.width == len("as of 23 Oct 2025")
        assert as_of.region.x - title.region.right >= 1  # apart, not "…thaw of 2024as of"

    drive(app_for(directory), (50, 16), steps)


def test_other_files_problems_are_a_notice_not_part_of_the_overview(brief_dir: Path) -> None:
    broken = brief_dir / "broken.yaml"
    # A file that floods the loader with problems (issue 15): none of them reach this brief.
    broken.write_text("format: 1\nid: x\n" + "".join(f"k{n}: [\n" for n in range(2000)), "utf-8")

    async def steps(pilot) -> None:
        screen = await until(
            pilot,
            lambda: isinstance(pilot.app.screen, BriefScreen) and pilot.app.screen,
            "the brief",
        )
        assert not screen.query(".problems")
        assert screen.problems == []
        notices = [n.message for n in pilot.app._notifications]
        assert any("1 brief file could not be loaded" in m for m in notices)

    drive(app_for(brief_dir, name="pakistan-bangladesh"), NARROW, steps)


ODD_IDS = ["section-diplomacy\n", "a b", "x.y#z", "1st", "-", "é"]


@pytest.mark.parametrize("odd", ODD_IDS)
def test_widget_ids_never_come_from_brief_ids(odd: str) -> None:
    """Any section, point or event id (the loader rejects most; the TUI must not rely on it)."""
    from brief.dates import PartialDate
    from brief.library import Entry, Library
    from brief.model import Actor, Brief, Event, Point, Section, Source

    when = PartialDate.parse("2025-01-02")
    brief = Brief(
        format=1,
        id="odd",
        title="Odd ids",
        as_of=PartialDate.parse("2025-01"),
        sources=[Source(id=odd, title="a source")],
        actors=[Actor(id=odd, name="an actor", kind="person")],
        sections=[Section(id=odd, title="S", points=[Point(id=odd, text="a point")])],
        timeline=[Event(id=odd, date=when, title="an event", section=odd)],
    )

    # Handed over as a library: the loader would refuse these ids before the TUI saw them.
    library = Library([Entry(Path("odd.yaml"), brief)])

    async def steps(pilot) -> None:
        screen = pilot.app.screen
        await pilot.press("1")
        assert screen.active_tab == f"section:{odd}"
        assert await screen.jump_to("point", odd)
        assert screen.query(".-hit")
        assert await screen.jump_to("event", odd)
        assert screen.query_one(EventList).current.key == odd
        for kind in ("actor", "source"):
            assert await screen.jump_to(kind, odd)
            assert screen.active_tab == "overview" and len(screen.query(".-hit")) == 1

    drive(BriefApp(watch=False, history=False, library=library), NARROW, steps)


def test_brief_dir_opens_the_picker_over_that_directory(brief_dir: Path, monkeypatch) -> None:
    from brief.cli import app_cmd, cli

    calls = []
    monkeypatch.setattr(app_cmd, "run_app", lambda *a, **k: calls.append(a))
    result = CliRunner().invoke(cli, [str(brief_dir)])
    assert result.exit_code == 0, result.output
    assert calls == [((str(brief_dir),), None)]  # searched as a path, no brief named


def test_export_defaults_to_the_section_or_timeline_query_shown(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        from brief.tui.screens.export import ExportDialog

        screen = pilot.app.screen
        await pilot.press("2", "e")
        dialog = await until(
            pilot,
            lambda: isinstance(pilot.app.screen, ExportDialog) and pilot.app.screen,
            "the export dialog",
        )
        assert dialog.section is screen.brief.sections[1]
        await pilot.press("escape", "t", "slash", *"dhaka")
        await wait_for_rows(pilot)
        await pilot.press("escape", "e")
        dialog = await until(
            pilot,
            lambda: isinstance(pilot.app.screen, ExportDialog) and pilot.app.screen,
            "the export dialog",
        )
        assert dialog.timeline_query == "dhaka" and dialog.section is None

    drive(app_for(brief_dir), NARROW, steps)


def typed_at_once(pilot, keys: str) -> None:
    """Keys as a fast typist or a paste sends them: all queued before the app handles the
    first (Pilot's `press` waits for the app between keys)."""
    for character in keys:
        name = {"/": "slash", " ": "space"}.get(character, character)
        pilot.app.post_message(events.Key(name, character))


def test_what_is_typed_right_after_slash_goes_into_the_timeline_box(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t")
        await wait_for_rows(pilot)
        typed_at_once(pilot, "/visa a/b")  # `v` alone would show the lanes
        timeline = pilot.app.screen.query_one(TimelinePane)
        await until(pilot, lambda: timeline.query_text == "visa a/b", "the query typed")
        assert isinstance(pilot.app.focused, QueryInput)

    drive(app_for(brief_dir), NARROW, steps)


@pytest.mark.parametrize(
    ("keys", "dialog", "box_id", "typed"),
    [
        ("/visa a/b", SearchScreen, "#search-input", "visa a/b"),  # from the Overview
        ("bpak", BriefPicker, "#picker-filter", "pak"),
    ],
    ids=["search", "briefs"],
)
def test_what_is_typed_right_after_the_key_goes_into_the_dialogs_box(
    brief_dir: Path, keys: str, dialog: type, box_id: str, typed: str
) -> None:
    async def steps(pilot) -> None:
        typed_at_once(pilot, keys)
        box = await until(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, dialog) and pilot.app.screen.query_one(box_id, Input)
            ),
            "the dialog",
        )
        await until(pilot, lambda: box.value == typed, "what was typed")
        assert pilot.app.focused is box

    drive(app_for(brief_dir), NARROW, steps)
