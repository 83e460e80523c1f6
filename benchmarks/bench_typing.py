"""Typing quickly on a 100k-event library (issue 6, requirement 7): no frame blocked by search
for longer than 100 ms, searches off the UI thread and stale queries dropped.

bench_tui.py times one 100k-event brief with the query set programmatically; this drives the
keyboard the way a user does, over a library of fifty briefs of 2,000 events (a brief file is at
most 2 MiB, so 100k events are a library), through Pilot key presses one character at a time:

- the Timeline box of one brief: a typist's 30 ms between keys;
- global search (`/`) across all the briefs, whose first query also builds the 100k-event index
  in its worker: the heaviest moment for the event loop (the GIL is shared with that thread).

For each it records the longest event-loop stall (a 5 ms probe that measures how late it wakes),
the longest gap between two painted frames while keys were arriving, and how many searches
actually ran for the keys typed (the rest were debounced or cancelled as stale).

Run with `python -m benchmarks typing`; BENCH_QUICK=1 uses 10 × 2,000 events.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import DATA, QUICK, Row

# Files are capped at 2 MiB (about 5,000 events), so 100k events are a library of briefs.
BRIEFS = 10 if QUICK else 50
EVENTS = 2_000
KEY_GAP = 0.03  # seconds between keystrokes: fast typing
TIMELINE_QUERY = "minister trade talks"
GLOBAL_QUERY = "border agreement"
TARGET = 0.1


def _library() -> Path:
    from benchmarks.generate import write_library

    directory = DATA / f"typing-{BRIEFS}x{EVENTS}"
    if not (directory / f"synthetic-{BRIEFS - 1:04d}.yaml").exists():
        write_library(directory, BRIEFS, EVENTS)
    return directory


@dataclass
class Meter:
    """Loop stalls (a probe task) and frame gaps (the app's `_display`), while `active`."""

    stall: float = 0.0
    frame_gap: float = 0.0
    frames: list[float] = field(default_factory=list)
    active: bool = False
    _stop: bool = False

    async def probe(self) -> None:
        while not self._stop:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            if self.active:
                self.stall = max(self.stall, time.perf_counter() - before - 0.005)

    def watch_frames(self, app) -> None:
        display = app._display

        def timed(screen, renderable) -> None:
            display(screen, renderable)
            if self.active:
                self.frames.append(time.perf_counter())

        app._display = timed

    def finish(self) -> None:
        self._stop = True
        gaps = [b - a for a, b in zip(self.frames, self.frames[1:], strict=False)]
        self.frame_gap = max(gaps, default=0.0)


async def _type(app, text: str) -> None:
    """Keys as the terminal driver delivers them: posted, not awaited (Pilot.press waits for
    each key to be fully processed, far slower than a typist)."""
    from textual import events

    for char in text:
        key = "space" if char == " " else char
        app.post_message(events.Key(key, char))
        await asyncio.sleep(KEY_GAP)


async def _until(done, limit: float = 60.0) -> None:
    deadline = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never showed the result")
        await asyncio.sleep(0.002)


async def _measure(directory: Path) -> dict[str, float]:
    from brief.library import load_library
    from brief.tui.app import BriefApp
    from brief.tui.screens.search import SearchScreen, SharedIndex
    from brief.tui.timeline_data import TimelineData
    from brief.tui.widgets.timeline import TimelinePane

    library = load_library([str(directory)])
    assert sum(len(b.timeline) for b in library.briefs) == BRIEFS * EVENTS
    first = library.briefs[0]
    app = BriefApp([str(directory)], first.id, watch=False, library=library)
    searches = {"timeline": 0, "global": 0}
    timeline_search, global_search = TimelineData.search, SharedIndex.search

    def count_timeline(self, query):  # runs in the worker thread
        searches["timeline"] += 1
        return timeline_search(self, query)

    def count_global(self, query, brief_id):
        searches["global"] += 1
        return global_search(self, query, brief_id)

    TimelineData.search, SharedIndex.search = count_timeline, count_global
    figures: dict[str, float] = {}
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.press("t")
            timeline = app.screen.query_one(TimelinePane)
            await _until(lambda: timeline.populated)
            timeline.data.index()  # as after the first query: typing is measured, not the build
            await pilot.press("slash")

            meter = Meter()
            meter.watch_frames(app)
            probe = asyncio.create_task(meter.probe())
            meter.active = True
            start = time.perf_counter()
            await _type(app, TIMELINE_QUERY)
            typed = time.perf_counter()
            await _until(lambda: timeline.outcome and timeline.outcome.query == TIMELINE_QUERY)
            figures["timeline settle"] = time.perf_counter() - typed
            figures["timeline typing"] = typed - start
            meter.active = False
            meter.finish()
            await probe
            figures["timeline stall"], figures["timeline frame gap"] = meter.stall, meter.frame_gap
            figures["timeline searches"] = searches["timeline"]

            app.screen.set_focus(None)  # leave the query box, then the Overview's `/`
            await pilot.press("o", "slash")
            await _until(lambda: isinstance(app.screen, SearchScreen))
            await pilot.press("ctrl+a")  # all briefs: the first query builds the 100k index
            meter = Meter()
            meter.watch_frames(app)
            probe = asyncio.create_task(meter.probe())
            meter.active = True
            searches["global"] = 0
            await _type(app, GLOBAL_QUERY)
            screen = app.screen
            status = screen.query_one("#search-status")
            await _until(lambda: "result" in str(status.render()))
            meter.active = False
            meter.finish()
            await probe
            figures["global stall"], figures["global frame gap"] = meter.stall, meter.frame_gap
            figures["global searches"] = searches["global"]
    finally:
        TimelineData.search, SharedIndex.search = timeline_search, global_search
    return figures


def run() -> list[Row]:
    figures = asyncio.run(_measure(_library()))
    keys_t, keys_g = len(TIMELINE_QUERY), len(GLOBAL_QUERY)
    label = f"{BRIEFS * EVENTS // 1000}k-event library"
    return [
        Row(f"{label}, timeline box typed: longest loop stall (vs 100 ms)",
            figures["timeline stall"], TARGET, "s", "< 1×"),
        Row(f"{label}, timeline box typed: longest gap between frames (vs 100 ms)",
            figures["timeline frame gap"], TARGET, "s", "< 1×"),
        Row(f"{label}, timeline box: searches run (vs keys typed)",
            figures["timeline searches"], keys_t, "", "< 1×: stale ones dropped"),
        Row(f"{label}, timeline box: last key to its result (vs 100 ms)",
            figures["timeline settle"], TARGET, "s", "≈ 1× or less"),
        Row(f"{label}, global search typed, index built meanwhile: longest stall (vs 100 ms)",
            figures["global stall"], TARGET, "s", "< 1×"),
        Row(f"{label}, global search typed: longest gap between frames (vs 100 ms)",
            figures["global frame gap"], TARGET, "s", "< 1×"),
        Row(f"{label}, global search: searches run (vs keys typed)",
            figures["global searches"], keys_g, "", "< 1×: stale ones dropped"),
    ]  # fmt: skip
