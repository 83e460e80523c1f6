"""The README's pictures of the app, taken as the snapshot tests take theirs (the bundled brief,
no animation, each step waited for): `python -m tests.screenshots` writes docs/screenshot.svg
and docs/lanes.svg. `make snapshots` runs it after a deliberate change to what they show."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.helpers import settled, until
from tests.tui.test_lanes_snapshots import lanes_built
from tests.tui.test_snapshots import app, settle_after

DOCS = Path(__file__).resolve().parent.parent / "docs"
Steps = Callable[[Pilot], Awaitable[None]]


async def timeline_with_an_event_open(pilot: Pilot) -> None:
    """The Timeline tab filtered by "visit", its first event open in the side panel."""
    await settle_after("t", "slash", *"visit", "enter")(pilot)
    await pilot.press("enter")
    focused = lambda: getattr(pilot.app.focused, "id", None) == "timeline-detail"  # noqa: E731
    await until(pilot, focused, "the event's panel")
    await settled(pilot)


async def lanes_by_section(pilot: Pilot) -> None:
    """The lanes view by section, zoomed on the recent years, the cursor on an event."""
    await settle_after("t")(pilot)
    await pilot.press("v")
    await lanes_built(pilot)
    await pilot.press("plus", "plus", "plus", "plus", "right")
    await lanes_built(pilot)


PICTURES: list[tuple[str, tuple[int, int], Steps]] = [
    ("screenshot.svg", (130, 36), timeline_with_an_event_open),
    ("lanes.svg", (120, 36), lanes_by_section),
]


async def take(name: str, size: tuple[int, int], steps: Steps, directory: Path = DOCS) -> Path:
    brief_app = app()
    async with brief_app.run_test(size=size) as pilot:
        await steps(pilot)
        return Path(brief_app.save_screenshot(filename=name, path=str(directory)))


def main() -> None:
    for name, size, steps in PICTURES:
        asyncio.run(take(name, size, steps))
        print(f"wrote docs/{name}")


if __name__ == "__main__":
    main()
