"""Snapshots of the lanes view (`v` in the Timeline tab) for the bundled brief, by section and by
actor, at 80×24 and 120×40. Regenerate after a deliberate change with `make snapshots`."""

from __future__ import annotations

import pytest

from brief.tui.widgets.lanes import LanesView
from tests.helpers import settled, until
from tests.tui.test_snapshots import SIZES, app, settle_after


async def lanes_built(pilot) -> None:
    """Wait for the worker that builds the lanes (after each key that rebuilds them)."""
    lanes = pilot.app.screen.query_one(LanesView)
    await until(
        pilot,
        lambda: lanes.chart is not None and lanes.chart.by == lanes.lanes_by,
        "the lanes to be built",
    )
    await settled(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("by", "keys"), [("section", []), ("actor", ["L"])], ids=["section", "actor"]
)
def test_lanes(snap_compare, by: str, keys: list[str], size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle_after("t")(pilot)  # the brief screen (after any loading), then its timeline
        await pilot.press("v")
        await lanes_built(pilot)
        # Closer to the recent years, where most events are; then the cursor's next event.
        await pilot.press("plus", "plus", "plus", "right", *keys)
        await lanes_built(pilot)
        assert pilot.app.screen.query_one(LanesView).lanes_by == by

    assert snap_compare(app(), terminal_size=size, run_before=run_before)
