"""What every benchmark module shares: a row type, timing helpers, the data directory."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
DATA = Path(__file__).resolve().parent / ".data"


@dataclass
class Row:
    """One figure: ours against a reference. `target` is the issue's goal for ours/reference."""

    name: str
    ours: float
    reference: float
    unit: str = "s"
    target: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.reference if self.reference else float("inf")


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Fastest of `repeat` runs, in seconds: the least disturbed by other load on the machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=20, method="inclusive")[18]
