"""Export numbers (issue 5):

- each format of the whole bundled brief, in process: target ≤ 0.3 s. The reference is Rich
  drawing the same document as plain text, which every Rich-based format has to do anyway;
- a filtered export of a 100k-event brief (benchmarks/generate.py) streams to its file: its
  peak memory (tracemalloc) against drawing the same rows as one table in memory, the way a
  non-streaming exporter would. Ours should stay well below, and not grow with the output.

Run with `python -m benchmarks export`; BENCH_QUICK=1 uses 20k events.
"""

from __future__ import annotations

import io
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from benchmarks.common import DATA, QUICK, Row, best_of
from brief.export import FORMATS, export, export_file
from brief.load import load_brief
from brief.model import Brief
from brief.render import TimelineLayout, render_brief, timeline_table
from brief.view import search_matcher, select

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "briefs" / "pakistan-bangladesh.yaml"
EVENTS = 20_000 if QUICK else 100_000
MB = 1024 * 1024


def _plain_render(brief: Brief) -> str:
    console = Console(file=io.StringIO(), width=100, color_system=None, _environ={})
    console.print(render_brief(brief, footer=True))
    return console.file.getvalue()  # type: ignore[attr-defined]


def format_rows(brief: Brief) -> list[Row]:
    reference = best_of(lambda: _plain_render(brief), repeat=5)
    return [
        Row(
            f"export {fmt}, bundled brief",
            best_of(lambda fmt=fmt: export(brief, fmt), repeat=5),
            reference,
            target="ours ≤ 0.3 s",
        )
        for fmt in FORMATS
    ]


def big_brief() -> Brief:
    """One generated brief with EVENTS timeline events. At 100k events the file is about
    47 MiB, over the loader's 16 MiB limit for a brief file, so the limit is raised here:
    what is measured is the export, not the loader's guard."""
    import brief.load
    from benchmarks.generate import brief_text

    path = DATA / f"export-{EVENTS}.yaml"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        path.write_text(brief_text(0, EVENTS), encoding="utf-8")
    limit = brief.load.MAX_FILE_BYTES
    brief.load.MAX_FILE_BYTES = max(limit, 2 * path.stat().st_size)
    try:
        return load_brief(path)
    finally:
        brief.load.MAX_FILE_BYTES = limit


def peak_bytes(fn: Callable[[], object]) -> tuple[float, float]:
    """(peak traced memory in bytes, wall seconds without tracing) of one call."""
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1], seconds
    finally:
        tracemalloc.stop()


def streaming_rows(brief: Brief) -> list[Row]:
    # A tag query: about one event in thirteen, thousands of rows.
    query = f"tag:{brief.timeline[0].tags[0]}"
    search_seconds = best_of(lambda: search_matcher(brief, query), repeat=1)
    match = search_matcher(brief, query)
    view = select(brief, query=query, matcher=lambda _brief, _query: match)
    rows: list[Row] = []

    def in_memory() -> str:
        # The non-streaming way: one table of every matched row, drawn and kept whole.
        console = Console(
            file=io.StringIO(), width=100, color_system=None, record=True, _environ={}
        )
        layout = TimelineLayout.for_events(brief, view.events)
        console.print(timeline_table(brief, view.events, layout))
        return console.export_text()

    reference, _ = peak_bytes(in_memory)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("text", "html", "md", "json"):
            target = Path(tmp) / f"out.{fmt}"

            def write(fmt: str = fmt, target: Path = target) -> None:
                export_file(
                    brief, fmt, target, force=True, query=query,  # type: ignore[arg-type]
                    matcher=lambda _brief, _query: match,
                )  # fmt: skip

            peak, seconds = peak_bytes(write)
            size = target.stat().st_size / MB
            rows.append(
                Row(
                    f"peak memory, {fmt} export of {len(view.events):,} of {EVENTS:,} events "
                    f"to a {size:.1f} MB file (ref: one table in memory)",
                    peak / MB,
                    reference / MB,
                    unit="MB",
                    target="bounded: ours ≪ reference",
                )
            )
            rows.append(
                Row(
                    f"time, {fmt} export of {len(view.events):,} rows + search "
                    "(ref: the search alone)",
                    seconds + search_seconds,
                    search_seconds,
                )
            )
    return rows


def run() -> list[Row]:
    return format_rows(load_brief(BUNDLED)) + streaming_rows(big_brief())


if __name__ == "__main__":
    for row in run():
        print(f"{row.name}: {row.ours:.4g} {row.unit} vs {row.reference:.4g} ({row.ratio:.2f}×)")
