"""Reloading a brief again and again keeps memory bounded: the replaced screens are collected,
not kept frozen by `brief.memory.keep` (the brief screen and the timeline freeze what they build).

The latest replaced screen may still be held (by its own timers) when the app renews after
the switch, and stay frozen until the next replacement renews again: one screen at most."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from brief.tui.app import BriefApp
from brief.tui.screens.brief import BriefScreen
from tests.helpers import until
from tests.tui.conftest import drive
from tests.tui.test_flows import wait_for_rows

RELOADS = 4


async def reload(pilot) -> weakref.ref[BriefScreen]:
    """Reload, until the new screen shows its rows; the replaced screen, weakly: a reference
    held here while the app replaces it would keep it alive (and frozen)."""
    old = weakref.ref(pilot.app.screen)

    def new_ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, BriefScreen) and screen is not old() and screen.ready

    await pilot.press("r")
    await until(pilot, new_ready, "the reloaded screen")
    await wait_for_rows(pilot)  # the new timeline has frozen its data
    return old


def test_replaced_screens_are_collected_across_reloads(brief_dir: Path) -> None:
    replaced: list[weakref.ref[BriefScreen]] = []

    def collected() -> bool:
        gc.collect()  # frees cycles, but never frozen ones
        return all(ref() is None for ref in replaced[:-1])

    async def steps(pilot) -> None:
        await pilot.press("t")
        await wait_for_rows(pilot)
        # Textual keeps the app's first screen (`App._compose_screen`): watch the ones after it.
        await reload(pilot)
        for _ in range(RELOADS):
            replaced.append(await reload(pilot))
        # Once each is removed, the app's `renew` hands it back to the collector.
        await until(pilot, collected, "the replaced screens but the latest collected")

    drive(BriefApp([str(brief_dir)], watch=False, history=False), (120, 40), steps)
