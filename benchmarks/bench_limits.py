"""Issue 6 requirement 1, extended by issue 15: any file gives a verdict within 2 s and 200 MB
RSS. Measures the slowest and the largest of the hostile corpus and the generated resource
attacks, each through `brief validate` in its own process, and the worst cases of issue 15
(amplification, floods, quadratic paths) through the command each one attacked, each on its
own rows, and the largest valid brief (21,000 events) through each command that draws its
timeline (`python -m benchmarks limits` runs only this module)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.common import QUICK, Row
from tests.security import attacks
from tests.security.test_load_limits import CORPUS, GENERATED, RSS_MB, SECONDS, Run, measure

# name -> (files to write, the command's arguments with {0}, {1} for those files)
ISSUE_15: dict[str, tuple[list[str], list[str]]] = {
    "repeated actor, show": ([attacks.repeated_actor()], ["show", "{0}"]),
    "repeated actor, md": (
        [attacks.repeated_actor()],
        ["export", "{0}", "--format", "md", "-o", "-"],
    ),
    "repeated actor, html": (
        [attacks.repeated_actor()],
        ["export", "{0}", "--format", "html", "-o", "-"],
    ),
    "repeated actor, search": ([attacks.repeated_actor()], ["search", "E", "{0}"]),
    "alias flood": ([attacks.alias_flood()], ["validate", "{0}"]),
    "alias flood, json": ([attacks.alias_flood()], ["validate", "--format", "json", "{0}"]),
    "tag flood": ([attacks.tag_flood()], ["validate", "{0}"]),
    "type flood": ([attacks.type_flood()], ["validate", "{0}"]),
    "50,000 unknown keys": ([attacks.unknown_keys()], ["validate", "{0}"]),
    "8,000 unknown actors": ([attacks.unknown_actor_refs()], ["validate", "{0}"]),
    "tags used once, lint": ([attacks.tags_used_once()], ["lint", "{0}"]),
    "similar events, lint": ([attacks.similar_events()], ["lint", "--ignore", "tag-typo", "{0}"]),
    "diff of similar events": (
        list(attacks.diff_pair()),
        ["diff", "--format", "json", "{0}", "{1}"],
    ),
    "30,000-term query": ([], ["search", attacks.star_query(), "briefs"]),
    "21,000 events, lint": ([attacks.many_events()], ["lint", "{0}"]),
}

# The largest valid brief the size limit admits drawn whole by each command that draws a
# timeline table: one row each, since each is its own way through the renderer.
MANY_EVENTS: dict[str, list[str]] = {
    "show": ["show", "{0}", "--width", "100"],
    "timeline": ["timeline", "{0}"],
    "export html": ["export", "{0}", "--format", "html", "-o", "-"],
    "export svg": ["export", "{0}", "--format", "svg", "-o", "-"],
}


def _run(tmp: str, name: str) -> Run:
    texts, args = ISSUE_15[name]
    return _command(tmp, texts, args)


def _command(tmp: str, texts: list[str], args: list[str]) -> Run:
    paths: list[str] = []
    for n, text in enumerate(texts):
        path = Path(tmp) / f"{len(paths)}-{n}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return measure([a.format(*paths) for a in args], timeout=120)


def run() -> list[Row]:
    runs: list[tuple[str, Run]] = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = list(CORPUS[:5] if QUICK else CORPUS)
        for name, make in GENERATED.items():
            path = Path(tmp) / f"{name}.yaml"
            path.write_text(make(), encoding="utf-8")
            paths.append(path)
        runs = [(path.stem, measure(["validate", str(path)])) for path in paths]
        issue_15 = [(name, _run(tmp, name)) for name in list(ISSUE_15)[: 3 if QUICK else None]]
        many = [attacks.many_events()]
        drawn = [
            (name, _command(tmp, many, args))
            for name, args in list(MANY_EVENTS.items())[: 1 if QUICK else None]
        ]
    slowest_name, slowest = max(runs, key=lambda item: item[1].seconds)
    largest_name, largest = max(runs, key=lambda item: item[1].rss_mb)
    rows = [
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
    # Each attack of issue 15 on its own rows, against the goal: `python -m benchmarks limits`.
    for name, run in issue_15:
        rows += [
            Row(f"{name}: verdict", run.seconds, SECONDS, "s", "≤ 1×"),
            Row(f"{name}: peak RSS", run.rss_mb, RSS_MB, "MB", "≤ 1×"),
        ]
    # Wall time on a shared machine is mostly other people's load: CPU time shows the work.
    for name, run in drawn:
        rows += [
            Row(f"21,000-event brief, {name}: time", run.seconds, SECONDS, "s", "≤ 1×"),
            Row(f"21,000-event brief, {name}: CPU", run.cpu_seconds, SECONDS, "s", "≤ 1×"),
            Row(f"21,000-event brief, {name}: RSS", run.rss_mb, RSS_MB, "MB", "≤ 1×"),
        ]
    return rows
