"""The TUI's numbers (issues 4 and 6; the warm start-up row is `bench_startup.py`):

- a cold start (nothing cached) over many briefs: time to the first paint (the loading screen)
  against the whole load, until the picker shows the library;
- a 100k-event timeline: time from pressing `t` until the list shows its rows (reference: a
  DataTable of the same rows, which builds every row), the longest the event loop was blocked
  meanwhile (target < 100 ms: the rows are made off the UI thread), and query-to-update
  latency (reference: the search engine alone, so the ratio is what the UI adds);
- typing quickly on it: the longest the event loop was blocked (target < 100 ms).

Run with `python -m benchmarks tui`; BENCH_QUICK=1 uses 20k events.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import DATA, QUICK, Row, private_env

ROOT = Path(__file__).resolve().parent.parent
EVENTS = 20_000 if QUICK else 100_000
REFERENCE_ROWS = 10_000 if QUICK else 100_000

# A cold start (nothing cached) over many briefs: the seconds to the first paint (the loading
# screen), or, with `{wait}` True, until the loaded library's picker is up.
_COLD = """
import time; t0 = time.perf_counter()
from brief.tui.app import BriefApp
from brief.tui.screens.picker import StartPicker
class Timed(BriefApp):
    def on_mount(self):
        super().on_mount()
        self.set_interval(0.005, self.check) if {wait} else self.call_after_refresh(self.done)
    def check(self):
        if isinstance(self.screen, StartPicker):
            self.call_after_refresh(self.done)
    def done(self):
        print(time.perf_counter() - t0); self.exit()
if __name__ == "__main__":  # the loader's pool imports this module again
    Timed([{path!r}], watch=False, history=False).run(headless=True)
"""
COLD_BRIEFS = 100 if QUICK else 300


def _child(code: str, env: dict[str, str], run_file: bool = False) -> float:
    """The seconds the child printed: from its first line to its first full paint. Python's own
    start-up (the same for both) is left out, and so is tearing down at exit. `run_file`: `code`
    is the path of a script."""
    done = subprocess.run(
        [sys.executable, *([] if run_file else ["-c"]), code],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    return float(done.stdout.split()[-1])


def cold_start() -> Row:
    """First paint of a cold start (the loading screen, then the library loads in a worker)
    against the whole load (until the picker shows it)."""
    from benchmarks.generate import write_library

    directory = DATA / f"tui-cold-{COLD_BRIEFS}"
    if not directory.is_dir():
        write_library(directory, COLD_BRIEFS, 200)
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as home:
        env = {**private_env(Path(home)), "BRIEF_NO_CACHE": "1"}  # every start a cold one
        first, loaded = [], []
        for _ in range(3):
            for wait, times in ((False, first), (True, loaded)):
                script = Path(home) / "cold.py"  # a file: the pool's processes import it
                script.write_text(_COLD.format(wait=wait, path=str(directory)), encoding="utf-8")
                times.append(_child(str(script), env, run_file=True))
    label = f"cold start, {COLD_BRIEFS} briefs: first paint (vs whole load)"
    return Row(label, min(first), min(loaded), "s", "≪ 1×")


def _big_library():
    """A brief with EVENTS events. The loader caps files at 2 MiB (about 5,000 events), so a
    4,000-event generated brief is loaded and its timeline repeated, each copy a new id."""
    import msgspec

    from benchmarks.generate import brief_text
    from brief.library import Entry, Library, load_library

    path = DATA / "tui-4000.yaml"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(brief_text(0, 4_000), encoding="utf-8")
    brief = load_library([str(path)]).briefs[0]
    base = brief.timeline
    timeline = [msgspec.structs.replace(base[n % len(base)], id=f"e{n + 1}") for n in range(EVENTS)]
    big = msgspec.structs.replace(brief, timeline=timeline)
    return path, Library([Entry(path, big, [])])


class _Probe:
    """How late the event loop runs a 5 ms sleep, at worst, while it runs: the longest the UI
    thread was blocked."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            self.worst = max(self.worst, time.perf_counter() - before - 0.005)

    async def stop(self) -> float:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        return self.worst


async def _timeline_figures() -> tuple[float, float, float, float, float]:
    from brief.tui.app import BriefApp
    from brief.tui.widgets.event_list import EventList
    from brief.tui.widgets.timeline import TimelinePane

    path, library = _big_library()
    # History off: it would diff and record a 100k-event brief in the user's state dir.
    app = BriefApp([str(path)], watch=False, history=False, library=library)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        probe = _Probe()
        start = time.perf_counter()
        await pilot.press("t")
        timeline = app.screen.query_one(TimelinePane)
        event_list = app.screen.query_one(EventList)
        while len(event_list.rows) < EVENTS:  # the rows are made in a worker
            await asyncio.sleep(0.002)
        await pilot.pause()  # the list has painted its visible lines
        first_render = time.perf_counter() - start
        first_block = await probe.stop()
        timeline.data.index()  # built once, in the background, in real use

        async def until_shown(query: str) -> float:
            begin = time.perf_counter()
            while not (timeline.outcome and timeline.outcome.query == query):
                await asyncio.sleep(0.002)
            return time.perf_counter() - begin

        # Query-to-update: set the query, wait for its rows (includes the 40 ms debounce).
        timeline.set_query("treaty")
        latency = await until_shown("treaty")
        engine = min(
            # As the UI asks: the last word is a prefix while typing.
            _time(
                lambda: timeline.data.index().timeline(
                    timeline.brief.id, "treaty", prefix_last=True
                )
            )
            for _ in range(3)
        )
        # Typing quickly: a key every 30 ms while a probe measures how late the loop runs.
        timeline.set_query("")
        await until_shown("")
        probe = _Probe()
        typed = ""
        for char in "minister trade":
            typed += char
            timeline.set_query(typed)
            await asyncio.sleep(0.03)
        await until_shown(typed)
        worst = await probe.stop()
    return first_render, first_block, latency, engine, worst


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


async def _datatable_first_render(rows: int) -> float:
    from textual.app import App
    from textual.widgets import DataTable

    class Table(App):
        def compose(self):
            yield DataTable()

    app = Table()
    async with app.run_test(size=(160, 50)) as pilot:
        table = app.query_one(DataTable)
        start = time.perf_counter()
        table.add_columns("date", "section", "title", "actors")
        table.add_rows(
            (f"2025-01-{n % 28 + 1:02d}", "Section", f"Event {n}", "Actor") for n in range(rows)
        )
        await pilot.pause()
        return time.perf_counter() - start


def run() -> list[Row]:
    rows = [cold_start()]
    first_render, first_block, latency, engine, worst = asyncio.run(_timeline_figures())
    reference = asyncio.run(_datatable_first_render(REFERENCE_ROWS))
    label = f"{EVENTS // 1000}k"
    rows += [
        Row(f"{label}-event timeline: first render (vs DataTable {REFERENCE_ROWS // 1000}k)",
            first_render, reference, "s", "fast (65 ms measured)"),
        Row(f"{label} timeline: longest frame blocked by first render (vs 100 ms)", first_block,
            0.1, "s", "< 1×"),
        Row(f"{label} timeline: query to update (vs engine alone)", latency, engine, "s",
            "UI adds little"),
        Row(f"{label} timeline: longest frame blocked while typing (vs 100 ms)", worst, 0.1,
            "s", "< 1×"),
    ]  # fmt: skip
    return rows
