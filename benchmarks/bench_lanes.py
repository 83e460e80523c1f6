"""The timeline lanes (issue 14) with a 100k-event brief, measured as `bench_tui` measures the
timeline: how long the UI thread was blocked (a probe's 5 ms sleep running late) while

- switching from the list to the lanes (`v`), each time on new rows (the query cleared, so the
  lanes are built again: the first `v` of a result set); the lanes are built and laid out in a
  worker, so the time until they are drawn is reported too. The reference is the same switch
  with the lanes already built: the screen's relayout and repaint, the floor for any `v`;
- cycling the kind of lanes (`L`: by actor, tag, section), which builds them again;
- zooming (`+`, `-`) and panning (`l`, `h`), by section and by tag (the most lanes); windows are
  laid out in a worker, the UI thread only draws the lines on screen.

Target: ≤ 50 ms of UI-thread time per update. Each key's worst block is taken (the key, its
paint, the worker's result and that paint); the row gives the median over the presses, and the
reference is the same figure for the list's own cursor keys (up/down) in the same run, which is
what any key costs on this machine at its current load.

A full garbage collection (CPython's generation 2) stops every thread; at 100k events it takes
about 100 ms on this machine whatever started it, so it shows in the worst rows (the list's
too, when it happens during one of its keys). The longest one during the run is reported
beside them. Run with `python -m benchmarks lanes`; BENCH_QUICK=1 uses 20k events.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import statistics
import time
from collections.abc import Iterator

from benchmarks.bench_tui import EVENTS, _big_library, _Probe
from benchmarks.common import Row

SIZE = (160, 50)
SWITCHES = 5  # `v` presses, each on rows made again


@contextlib.contextmanager
def _collections() -> Iterator[list[float]]:
    """The seconds each full garbage collection took while in the block."""
    pauses: list[float] = []
    started = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append(time.perf_counter() - started[0])

    gc.callbacks.append(callback)
    try:
        yield pauses
    finally:
        gc.callbacks.remove(callback)


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
    from brief.tui.widgets.timeline import TimelinePane

    path, library = _big_library()
    app = BriefApp([str(path)], watch=False, history=False, library=library)
    figures: dict[str, list[float]] = {"switch": [], "switch drawn": []}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        timeline = app.screen.query_one(TimelinePane)
        event_list = app.screen.query_one(EventList)
        lanes = app.screen.query_one(LanesView)
        await _until(lambda: len(event_list.rows) == EVENTS)
        await pilot.pause()
        figures["list"] = await _blocks(pilot, ["down", "up"] * 4)
        for n in range(SWITCHES):
            if n:  # back to the list, and new rows of every event: the lanes are built again
                await pilot.press("v")
                for query in ("zzz", ""):
                    timeline.set_query(query)
                    await _until(lambda q=query: timeline.outcome.query == q)  # type: ignore[union-attr]
                await _until(lambda: lanes.chart is None and len(event_list.rows) == EVENTS)
                await pilot.pause()
            probe = _Probe()
            start = time.perf_counter()
            await pilot.press("v")
            await _until(lambda: lanes.chart is not None)
            await pilot.pause()  # drawn
            figures["switch drawn"].append(time.perf_counter() - start)
            figures["switch"].append(await probe.stop())
        # The same switch with nothing to build: what showing one view for the other costs.
        figures["toggle"] = (await _blocks(pilot, ["v"] * 2 * SWITCHES))[1::2]
        figures["zoom section"] = await _blocks(pilot, ["plus"] * 4 + ["minus"] * 4)
        figures["pan section"] = await _blocks(pilot, ["l"] * 4 + ["h"] * 4)
        figures["cycle"] = await _blocks(pilot, ["L"] * 3)  # actor, tag, section
        await pilot.press("L", "L")  # to tags: the most lanes
        await _until(lambda: lanes.chart is not None and lanes.chart.by == "tag")
        await pilot.pause()
        figures["zoom tag"] = await _blocks(pilot, ["plus"] * 4 + ["minus"] * 4)
        figures["pan tag"] = await _blocks(pilot, ["l"] * 4 + ["h"] * 4)
    return figures


def run() -> list[Row]:
    with _collections() as pauses:
        figures = asyncio.run(_figures())
    m = {name: statistics.median(values) for name, values in figures.items()}  # medians
    w = {name: max(values) for name, values in figures.items()}  # worst
    keys = ("zoom section", "pan section", "zoom tag", "pan tag", "cycle")
    label = f"{EVENTS // 1000}k lanes"
    built = "(vs the same switch with the lanes built)"
    per_key = "median UI block per key (vs list's up/down)"

    def row(name: str, ours: float, reference: float, target: str = "≤ 50 ms") -> Row:
        return Row(f"{label}: {name}", ours, reference, "s", target)

    return [
        row(f"switch to lanes (v), median UI block {built}", m["switch"], m["toggle"]),
        row(f"switch to lanes (v), worst UI block {built}", w["switch"], w["toggle"]),
        row(f"switch to lanes (v), median until drawn {built}", m["switch drawn"], m["toggle"],
            "info: built in a worker"),
        row(f"switch to lanes already built (v), {per_key}", m["toggle"], m["list"],
            "info: the relayout's own cost"),
        row(f"lanes by actor/tag/section (L), {per_key}", m["cycle"], m["list"]),
        row(f"by section: zoom +/-, {per_key}", m["zoom section"], m["list"]),
        row(f"by section: pan h/l, {per_key}", m["pan section"], m["list"]),
        row(f"by tag (24 lanes): zoom +/-, {per_key}", m["zoom tag"], m["list"]),
        row(f"by tag (24 lanes): pan h/l, {per_key}", m["pan tag"], m["list"]),
        row("worst UI block of any zoom, pan or L key (vs list's worst)",
            max(w[name] for name in keys), w["list"]),
        row("longest full garbage collection in the run (vs list's worst)",
            max(pauses, default=0.0), w["list"],
            f"info: {len(pauses)} collections; any key can meet one"),
    ]  # fmt: skip
