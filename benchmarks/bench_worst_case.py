"""Worst cases the tests check for correctness only (a loaded test machine makes any time limit
flaky), timed here instead:

- any query string: the slowest of many random strings, query syntax mixed with arbitrary
  text, on the bundled brief's index (tests/test_search.py checks each one returns);
- 25,000 levels of bracket nesting: the loader stops at depth 64 (tests/test_load.py checks
  the message);
- a 200 MB file: refused from its size before anything is read (tests/test_load.py).

The slowest file of the hostile corpus, through `brief validate`, is in bench_limits.py.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from benchmarks.common import QUICK, Row, best_of
from brief.load import check_bytes, check_file, load_brief
from brief.search import SearchIndex
from tests.helpers import BUNDLED

QUERIES = 300 if QUICK else 3_000
# Pieces of the query language, and characters that have tripped query parsers before.
PIECES = [
    "tag:", "actor:", "section:", "source:", "kind:", "is:", "from:", "to:", "on:", "date:",
    "-", '"', "(", ")", "*", ",", ":", " OR ", " AND ", " NOT ", "2025", "2025-07", "..",
    "visa", "dhaka", "trade", "\u202e", "\x00", "ǂ", "é", "日本", "\\", "'", "^", "NEAR(",
]  # fmt: skip


def _queries(rng: random.Random) -> list[str]:
    def one() -> str:
        parts = [rng.choice(PIECES) if rng.random() < 0.7 else chr(rng.randrange(32, 0x3000))
                 for _ in range(rng.randrange(1, 24))]  # fmt: skip
        return "".join(parts)[:80]

    return [one() for _ in range(QUERIES)]


def run() -> list[Row]:
    index = SearchIndex([load_brief(BUNDLED)])
    rng = random.Random(13)
    slowest = max(
        best_of(lambda q=q, p=p: index.search(q, prefix_last=p), repeat=1)
        for q in _queries(rng)
        for p in (False, True)
    )
    nested = ("[" * 25_000 + "]" * 25_000).encode()
    deep = best_of(lambda: check_bytes(nested))
    with tempfile.TemporaryDirectory() as tmp:
        huge = Path(tmp) / "huge.yaml"
        with huge.open("wb") as handle:
            handle.truncate(200 * 2**20)  # sparse: nothing on disk
        refuse = best_of(lambda: check_file(huge))
    return [
        Row(f"slowest of {2 * QUERIES:,} random query strings", slowest, 2.0, "s", "≤ 1×"),
        Row("25,000 levels of nesting: the verdict", deep, 2.0, "s", "≤ 1×"),
        Row("a 200 MB file refused", refuse, 0.5, "s", "≤ 1×"),
    ]
