"""The timeline lanes (issue 14) with a 100k-event brief, measured as `bench_tui` measures the
timeline: the longest the UI thread was blocked (a probe's 5 ms sleep running late) while

- switching from the list to the lanes (`v`); the lanes are built in a worker, so the time until
  they are drawn is reported too;
- zooming (`+`, `-`) and panning (`l`, `h`), by section and by tag (the most lanes).

Target for each: ≤ 50 ms of UI-thread time. Run with `python -m benchmarks lanes`; BENCH_QUICK=1
uses 20k events.
"""

from __future__ import annotations

import asyncio
import time

from benchmarks.bench_tui import EVENTS, _big_library, _Probe
from benchmarks.common import Row

GOAL = 0.05
SIZE = (160, 50)


async def _until(condition, step: float = 0.002) -> None:
    while not condition():
        await asyncio.sleep(step)


async def _worst_block(pilot, keys: list[str]) -> float:
    """The longest the event loop was blocked while `keys` were pressed, one by one, each
    followed by a paint."""
    probe = _Probe()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    return await probe.stop()


async def _figures() -> dict[str, float]:
    from brief.tui.app import BriefApp
    from brief.tui.widgets.event_list import EventList
    from brief.tui.widgets.lanes import LanesView

    path, library = _big_library()
    app = BriefApp([str(path)], watch=False, history=False, library=library)
    figures: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        event_list = app.screen.query_one(EventList)
        lanes = app.screen.query_one(LanesView)
        await _until(lambda: len(event_list.rows) == EVENTS)
        await pilot.pause()
        probe = _Probe()
        start = time.perf_counter()
        await pilot.press("v")
        await _until(lambda: lanes.chart is not None)
        await pilot.pause()  # drawn
        figures["switch drawn"] = time.perf_counter() - start
        figures["switch"] = await probe.stop()
        figures["zoom section"] = await _worst_block(pilot, ["plus"] * 4 + ["minus"] * 4)
        figures["pan section"] = await _worst_block(pilot, ["l"] * 4 + ["h"] * 4)
        for _ in range(2):  # to tags: the most lanes
            await pilot.press("L")
        await _until(lambda: lanes.chart is not None and lanes.chart.by == "tag")
        await pilot.pause()
        figures["zoom tag"] = await _worst_block(pilot, ["plus"] * 4 + ["minus"] * 4)
        figures["pan tag"] = await _worst_block(pilot, ["l"] * 4 + ["h"] * 4)
    return figures


def run() -> list[Row]:
    figures = asyncio.run(_figures())
    label = f"{EVENTS // 1000}k lanes"
    return [
        Row(f"{label}: switch to lanes (v), longest UI block (vs 50 ms)", figures["switch"],
            GOAL, "s", "≤ 1×"),
        Row(f"{label}: switch to lanes (v), until drawn (worker builds; vs 50 ms)",
            figures["switch drawn"], GOAL, "s", "info"),
        Row(f"{label} by section: zoom +/-, longest UI block (vs 50 ms)",
            figures["zoom section"], GOAL, "s", "≤ 1×"),
        Row(f"{label} by section: pan h/l, longest UI block (vs 50 ms)",
            figures["pan section"], GOAL, "s", "≤ 1×"),
        Row(f"{label} by tag (24 lanes): zoom +/-, longest UI block (vs 50 ms)",
            figures["zoom tag"], GOAL, "s", "≤ 1×"),
        Row(f"{label} by tag (24 lanes): pan h/l, longest UI block (vs 50 ms)",
            figures["pan tag"], GOAL, "s", "≤ 1×"),
    ]  # fmt: skip
