"""Every command of our palette provider (`brief.tui.commands`), run the way a user runs it:
ctrl+p, a few letters, enter. Textual's own commands (the theme) are in test_flows.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from brief.tui.screens.brief import BriefScreen
from tests.helpers import until
from tests.tui.conftest import HOSTILE_TITLE, drive
from tests.tui.test_flows import SIZE, app_for, new_screen

Check = Callable[[object, BriefScreen], Awaitable[object]]


def highlighted(pilot) -> str | None:
    """The palette's highlighted command (its first line: the second is its help); None while
    the palette is not open."""
    screen = pilot.app.screen
    if not isinstance(screen, CommandPalette):
        return None
    commands = screen.query_one(CommandList)
    if commands.highlighted is None:
        return None
    return str(commands.get_option_at_index(commands.highlighted).prompt).splitlines()[0]


async def run_command(pilot, query: str, command: str) -> None:
    """Open the palette, type `query`, and run `command` once it is the highlighted one."""
    await pilot.press("ctrl+p", *query)
    await until(pilot, lambda: highlighted(pilot) == command, f"{command!r} highlighted")
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette), "the palette")


def on_top(kind: str) -> Check:
    """Until the screen named `kind` (a class of brief.tui.screens) is on top."""

    async def check(pilot, before: BriefScreen) -> object:
        return await until(pilot, lambda: type(pilot.app.screen).__name__ == kind, kind)

    return check


async def reloaded(pilot, before: BriefScreen) -> object:
    return await new_screen(pilot, before)


async def other_brief(pilot, before: BriefScreen) -> object:
    screen = await new_screen(pilot, before)
    assert screen.brief.id == "hostile"
    return screen


async def last_section(pilot, before: BriefScreen) -> object:
    return await until(pilot, lambda: before.active_tab == "section:challenges", "the section")


async def event_shown(pilot, before: BriefScreen) -> object:
    from brief.tui.widgets.event_list import EventList

    event = next(e for e in before.brief.timeline if e.title == "Ishaq Dar visits Dhaka")

    def shown() -> bool:
        events = before.query(EventList)
        current = events.first().current if events else None
        return before.active_tab == "timeline" and current is not None and current.key == event.id

    return await until(pilot, shown, f"event {event.id} selected in the timeline")


COMMANDS: list[tuple[str, str, Check]] = [
    ("search", "Search…", on_top("SearchScreen")),
    ("briefs", "Briefs…", on_top("BriefPicker")),
    ("export", "Export…", on_top("ExportDialog")),
    ("help", "Help", on_top("HelpScreen")),
    ("reload", "Reload", reloaded),
    ("open brief alert", f"Open brief: {HOSTILE_TITLE}", other_brief),
    ("section challenges", "Go to section: Challenges & Prospects", last_section),
    ("event ishaq dar visits", "Go to event: Ishaq Dar visits Dhaka", event_shown),
]


@pytest.mark.parametrize(
    ("query", "command", "check"), COMMANDS, ids=[query for query, _, _ in COMMANDS]
)
def test_palette_command(
    query: str, command: str, check: Check, brief_dir: Path, hostile_dir: Path
) -> None:
    async def steps(pilot) -> None:
        before = pilot.app.screen
        assert isinstance(before, BriefScreen) and before.brief.id == "pakistan-bangladesh"
        assert before.active_tab == "overview"
        await run_command(pilot, query, command)
        await check(pilot, before)

    drive(app_for(brief_dir, hostile_dir, name="pakistan-bangladesh"), SIZE, steps)
