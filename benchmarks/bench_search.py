"""Search: query latency per class against `grep -ril`, index build, memory and warm start.

Issue 3's targets, on a generated library of 1,000 briefs × 100 timeline events
(benchmarks/generate.py; BENCH_QUICK: 20 briefs):

- p95 latency ≤ 10 ms for each query class (word, prefix, phrase, field-only, date range,
  combined), side by side with `grep -ril` over the same files for the same word: ≥ 10× faster;
- index build ≤ 1 s for 100k events;
- the whole library loaded and indexed < 400 MB RSS;
- warm start (reopening an unchanged library, from the cache) ≤ 1 s.

RSS and warm start are measured in fresh processes, so neither sees this one's memory or state.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import DATA, QUICK, Row, best_of, p95
from benchmarks.generate import WORDS, write_library

BRIEFS, EVENTS = (20, 100) if QUICK else (1000, 100)
QUERIES_PER_CLASS = 10 if QUICK else 30
RUNS_PER_QUERY = 3 if QUICK else 5
GREP_RUNS = 3


def library_dir() -> Path:
    directory = DATA / f"search-{BRIEFS}x{EVENTS}"
    if len(list(directory.glob("*.yaml"))) != BRIEFS:
        write_library(directory, BRIEFS, EVENTS)
    return directory


def _load(directory: Path) -> list:
    os.environ["BRIEF_NO_CACHE"] = "1"  # measure the real load, not this machine's cache
    try:
        from brief.library import load_library

        library = load_library([str(directory)])
    finally:
        del os.environ["BRIEF_NO_CACHE"]
    assert not library.broken, library.broken[0].problems[:1]
    return library.briefs


def query_classes(briefs: list, rng: random.Random) -> dict[str, list[tuple[str, str, bool]]]:
    """class -> [(query, the word grep looks for, prefix_last)]"""
    words = rng.sample(WORDS, QUERIES_PER_CLASS)
    titles = [e.title.split() for b in briefs for e in b.timeline if len(e.title.split()) > 2]
    tags = sorted({t for b in briefs for e in b.timeline for t in e.tags})
    families = sorted({a.name.split()[-1] for b in briefs for a in b.actors if a.kind == "person"})
    classes: dict[str, list[tuple[str, str, bool]]] = {
        "word": [(w, w, False) for w in words],
        "prefix": [(w[:4], w[:4], True) for w in words],
        "phrase": [],
        "field-only": [],
        "date range": [],
        "combined": [],
    }
    for _ in range(QUERIES_PER_CLASS):
        title = rng.choice(titles)
        start = rng.randrange(len(title) - 1)
        phrase = f"{title[start]} {title[start + 1]}".lower()
        classes["phrase"].append((f'"{phrase}"', phrase, False))
        tag, family = rng.choice(tags), rng.choice(families)
        field = rng.choice([f"tag:{tag}", f"actor:{family}", "section:defence"])
        classes["field-only"].append((field, field.partition(":")[2], False))
        year, month = rng.randint(1950, 2025), rng.randint(1, 11)
        date = f"from:{year}-{month:02d} to:{year}-{month + 1:02d}"
        classes["date range"].append((date, str(year), False))
        word, other = rng.sample(WORDS, 2)
        combined = f"{word} tag:{tag} date:{year - 20}..{year} -{other}"
        classes["combined"].append((combined, word, False))
    return classes


def _grep(word: str, directory: Path) -> float:
    """Median wall time of `grep -ril WORD DIR`: what a user would otherwise run."""
    times = []
    for _ in range(GREP_RUNS):
        start = time.perf_counter()
        subprocess.run(["grep", "-ril", "--", word, str(directory)], capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_queries(index, briefs: list, directory: Path) -> list[Row]:
    rng = random.Random(3)
    rows = []
    for name, queries in query_classes(briefs, rng).items():
        samples = []
        for query, _, prefix in queries:
            index.search(query, prefix_last=prefix, limit=20)  # warm the page cache
            for _ in range(RUNS_PER_QUERY):
                start = time.perf_counter()
                index.search(query, prefix_last=prefix, limit=20)
                samples.append(time.perf_counter() - start)
        greps = [_grep(word, directory) for _, word, _ in queries[:5]]
        rows.append(
            Row(
                f"p95 {name} query (ref: grep -ril)",
                p95(samples),
                statistics.median(greps),
                "s",
                "≤ 10 ms; ≤ 0.1× grep",
            )
        )
    return rows


_CHILD = """
import json, resource, sys, time
start = time.perf_counter()
from brief.library import load_library
from brief import cache
library = load_library([sys.argv[1]])
index = cache.load_index(library.briefs)
index.search("visa", limit=20)
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": elapsed, "rss": rss, "briefs": len(library.briefs)}))
"""


def _child(directory: Path, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(directory)],
        capture_output=True, text=True, env={**os.environ, **env}, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def bench_process(directory: Path) -> list[Row]:
    """A user's process: load everything and build the index, cold, then warm from the cache."""
    cache_home = Path(tempfile.mkdtemp(prefix="brief-bench-cache-"))
    try:
        env = {"XDG_CACHE_HOME": str(cache_home)}
        cold = _child(directory, {**env, "BRIEF_NO_CACHE": "1"})
        _child(directory, env)  # fills the cache
        warm = min((_child(directory, env) for _ in range(3)), key=lambda r: r["seconds"])
    finally:
        shutil.rmtree(cache_home, ignore_errors=True)
    return [
        Row("RSS, library loaded and indexed", cold["rss"] / 1e6, 400, "MB", "< 400 MB"),
        Row("warm start (cached library + index)", warm["seconds"], 1.0, "s", "≤ 1 s"),
        Row("cold start, for comparison (no cache)", cold["seconds"], 1.0, "s", ""),
    ]


def run() -> list[Row]:
    from brief.search import SearchIndex

    directory = library_dir()
    briefs = _load(directory)
    events = sum(len(b.timeline) for b in briefs)
    build = best_of(lambda: SearchIndex(briefs), repeat=1 if not QUICK else 3)
    index = SearchIndex(briefs)
    items = len(index)
    rows = [
        Row(f"index build, {events:,} events ({items:,} items)", build, 1.0, "s", "≤ 1 s"),
        *bench_queries(index, briefs, directory),
        *bench_process(directory),
    ]
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row.name:55} {row.ours:10.4g} {row.reference:10.4g} {row.unit:3} "
              f"{row.ratio:6.2f}×  {row.target}")  # fmt: skip
