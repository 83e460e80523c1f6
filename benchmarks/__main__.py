"""Run every `benchmarks/bench_*.py` module's `run()` and print one table of rows."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.common import QUICK, Row


def main() -> int:
    here = Path(__file__).resolve().parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    only = sys.argv[1:]
    rows: list[tuple[str, Row]] = []
    # Wide enough that each row stays on one line when piped to a file or a CI log.
    console = Console(width=max(Console().width, 180))
    for name in names:
        if only and not any(o in name for o in only):
            continue
        console.print(f"[dim]running {name}{' (quick)' if QUICK else ''}…[/]")
        module = importlib.import_module(f"benchmarks.{name}")
        rows.extend((name.removeprefix("bench_"), row) for row in module.run())
    table = Table(title="brief benchmarks" + (" (BENCH_QUICK)" if QUICK else ""))
    for column in ("bench", "figure", "ours", "reference", "ratio", "target"):
        table.add_column(
            column, justify="right" if column in ("ours", "reference", "ratio") else "left"
        )
    for bench, row in rows:
        table.add_row(
            bench,
            row.name,
            f"{row.ours:.4g} {row.unit}",
            f"{row.reference:.4g} {row.unit}",
            f"{row.ratio:.2f}×",
            row.target,
        )
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
