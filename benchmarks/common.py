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


def private_env(home: Path) -> dict[str, str]:
    """The environment for a child `brief` process: settings, cache and state under `home`
    (never the user's own), and bytecode cached there, as an installed app has it (without it,
    every run compiles brief's own modules, about 30 ms, but not Textual's, which pip compiled).
    BENCH_BRIEF_SRC: run another checkout's src/ (e.g. the code before a change)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    for var in ("CONFIG", "CACHE", "STATE", "DATA"):
        env[f"XDG_{var}_HOME"] = str(home / var.lower())
    if os.environ.get("BENCH_BRIEF_SRC"):
        env["PYTHONPATH"] = os.environ["BENCH_BRIEF_SRC"]
    return env
