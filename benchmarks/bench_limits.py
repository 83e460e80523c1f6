"""Issue 6, requirement 1: any file gives a verdict within 2 s and 200 MB RSS. Measures the
slowest and the largest of the hostile corpus and the generated resource attacks, each through
`brief validate` in its own process, against those targets."""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.common import QUICK, Row
from tests.security.test_load_limits import CORPUS, GENERATED, RSS_MB, SECONDS, validate


def run() -> list[Row]:
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = list(CORPUS[:5] if QUICK else CORPUS)
        for name, make in GENERATED.items():
            path = Path(tmp) / f"{name}.yaml"
            path.write_text(make(), encoding="utf-8")
            paths.append(path)
        runs = [(path.stem, validate(path)) for path in paths]
    slowest_name, slowest = max(runs, key=lambda item: item[1].seconds)
    largest_name, largest = max(runs, key=lambda item: item[1].rss_mb)
    return [
        Row(
            f"slowest verdict of {len(runs)} hostile files ({slowest_name})",
            slowest.seconds,
            SECONDS,
            "s",
            "≤ 1×",
        ),
        Row(
            f"largest RSS of {len(runs)} hostile files ({largest_name})",
            largest.rss_mb,
            RSS_MB,
            "MB",
            "≤ 1×",
        ),
    ]
