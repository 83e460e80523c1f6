"""The timeline lanes (issue 14) with a 100k-event brief, measured as `bench_tui` measures the
timeline: how long the UI thread was blocked (a probe's 5 ms sleep running late) while

- switching from the list to the lanes (`v`); the lanes are built and laid out in a worker, so
  the time until they are drawn is reported too;
- zooming (`+`, `-`) and panning (`l`, `h`), by section and by tag (the most lanes); windows are
  laid out in a worker, the UI thread only draws the lines on screen.

Target: ≤ 50 ms of UI-thread time per update. Each key's worst block is taken (the key, its
paint, the worker's result and that paint); the row gives the median over the presses, and the
reference is the same figure for the list's own cursor keys (up/down) in the same run, which is
what any key costs on this machine at its current load. Run with `python -m benchmarks lanes`;
BENCH_QUICK=1 uses 20k events.
"""

from __future__ import annotations

import asyncio
import statistics
import time

from benchmarks.bench_tui import EVENTS, _big_library, _Probe
from benchmarks.common import Row

SIZE = (160, 50)


async def _until(condition, step: float = 0.002) -> None:
    while not condition():
        await asyncio.sleep(step)


async def _blocks(pilot, keys: list[str]) -> list[float]:
    """For each key in turn: the longest the event loop was blocked from the press until the
    view (and any layout worker it started) has settled and painted."""
    worst = []
    for key in keys:
        probe = _Probe()
        await pilot.press(key)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        worst.append(await probe.stop())
    return worst


async def _figures() -> dict[str, list[float]]:
    from brief.tui.app import BriefApp
    from brief.tui.widgets.event_list import EventList
    from brief.tui.widgets.lanes import LanesView

    path, library = _big_library()
    app = BriefApp([str(path)], watch=False, history=False, library=library)
    figures: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        event_list = app.screen.query_one(EventList)
        lanes = app.screen.query_one(LanesView)
        await _until(lambda: len(event_list.rows) == EVENTS)
        await pilot.pause()
        figures["list"] = await _blocks(pilot, ["down", "up"] * 4)
        probe = _Probe()
        start = time.perf_counter()
        await pilot.press("v")
        await _until(lambda: lanes.chart is not None)
        await pilot.pause()  # drawn
        figures["switch drawn"] = [time.perf_counter() - start]
        figures["switch"] = [await probe.stop()]
        figures["zoom section"] = await _blocks(pilot, ["plus"] * 4 + ["minus"] * 4)
        figures["pan section"] = await _blocks(pilot, ["l"] * 4 + ["h"] * 4)
        await pilot.press("L", "L")  # to tags: the most lanes
        await _until(lambda: lanes.chart is not None and lanes.chart.by == "tag")
        await pilot.pause()
        figures["zoom tag"] = await _blocks(pilot, ["plus"] * 4 + ["minus"] * 4)
        figures["pan tag"] = await _blocks(pilot, ["l"] * 4 + ["h"] * 4)
    return figures


def run() -> list[Row]:
    figures = asyncio.run(_figures())
    median = {name: statistics.median(values) for name, values in figures.items()}
    reference = median["list"]
    label = f"{EVENTS // 1000}k lanes"
    rows = [
        Row(
            f"{label}: switch to lanes (v), UI block (vs list's up/down)",
            median["switch"],
            reference,
            "s",
            "≤ 50 ms",
        ),
        Row(
            f"{label}: switch to lanes (v), until drawn (vs list's up/down)",
            median["switch drawn"],
            reference,
            "s",
            "info: built in a worker",
        ),
    ]
    for name, title in (
        ("zoom section", "by section: zoom +/-"),
        ("pan section", "by section: pan h/l"),
        ("zoom tag", "by tag (24 lanes): zoom +/-"),
        ("pan tag", "by tag (24 lanes): pan h/l"),
    ):
        rows.append(
            Row(
                f"{label} {title}, median UI block per key (vs list's up/down)",
                median[name],
                reference,
                "s",
                "≤ 50 ms",
            )
        )
    worst = max(max(figures[n]) for n in ("zoom section", "pan section", "zoom tag", "pan tag"))
    rows.append(
        Row(
            f"{label}: worst UI block of any zoom or pan key (vs list's worst)",
            worst,
            max(figures["list"]),
            "s",
            "≤ 50 ms",
        )
    )
    return rows  # fmt: skip
