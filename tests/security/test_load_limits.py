"""Any file gives a brief or one-line problems at path:line:col, within 2 s, under 200 MB RSS,
with no traceback and no signal (issue 6, requirement 1).

Each file goes through `brief validate` in its own process, the way a user runs it, under an
address-space limit (a backstop: a runaway allocation fails fast instead of swapping the CI
machine) and a timeout; `os.wait4` gives that process's own peak RSS. The corpus is
tests/hostile/, plus resource attacks generated here because they are too big to store.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT

HOSTILE = ROOT / "tests" / "hostile"
SECONDS = 2.0  # the target; benchmarks/bench_limits.py measures it on a quiet machine
# Tests share a loaded machine, so they check no time but this hang guard, a timeout at 5× the
# target: still far below what a naive loader takes (the merge-key bomb alone runs for 40 s).
HANG_GUARD = 5 * SECONDS
RSS_MB = 200
ADDRESS_SPACE = 512 * 2**20
PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: (warning: |error: )?\S.*$")
HEAD = "format: 1\nid: big\ntitle: T\nas_of: 2025\nsources:\n  - id: s\n    title: S\n"


@dataclass
class Run:
    code: int  # negative: killed by that signal
    seconds: float
    rss_mb: float
    stdout: str
    stderr: str
    timed_out: bool = False
    cpu_seconds: float = 0.0  # the child's user + system time (from `measure`)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_limited(argv: list[str], timeout: float = 10, env: dict[str, str] | None = None) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limits,
        env={**os.environ, "BRIEF_NO_CACHE": "1", "COLUMNS": "200", **(env or {})},
    )
    timed_out = False
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        timed_out = True
    seconds = time.perf_counter() - start
    return Run(process.returncode, seconds, 0.0, stdout.decode(), stderr.decode(), timed_out)


def validate(path: Path) -> Run:
    """`brief validate PATH` in a child that measures itself (see `measure`)."""
    return measure(["validate", str(path)])


def measure(args: list[str], timeout: float = HANG_GUARD) -> Run:
    """`brief ARGS` in a child that measures itself: its exit code, wall time, own peak RSS
    and CPU time (RUSAGE_CHILDREN of a wrapper would mix every earlier test's children)."""
    wrapper = (
        "import os, resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.Popen([sys.executable, '-m', 'brief', *sys.argv[1:]])\n"
        "_, status, usage = os.wait4(p.pid, 0)\n"
        "sys.stderr.write(f'\\n@@ {os.waitstatus_to_exitcode(status)} "
        "{time.perf_counter() - t} {usage.ru_maxrss / 1024} "
        "{usage.ru_utime + usage.ru_stime}\\n')\n"
    )
    run = run_limited([sys.executable, "-c", wrapper, *args], timeout=timeout)
    if run.timed_out:
        return run  # no figures: the wrapper was killed with its child
    body, marker, stats = run.stderr.rpartition("\n@@ ")
    assert marker, f"the measuring wrapper failed: {run.stderr[-1000:]}"
    code, seconds, rss, cpu = stats.split()
    return Run(int(code), float(seconds), float(rss), run.stdout, body, cpu_seconds=float(cpu))


def check_verdict(path: Path, run: Run) -> None:
    assert not run.timed_out, f"timed out: no verdict within {HANG_GUARD:.0f} s"
    assert run.code in (0, 1), f"exit {run.code} (a negative code is a signal)"
    assert run.rss_mb < RSS_MB, f"{run.rss_mb:.0f} MB"
    assert "Traceback" not in run.stdout + run.stderr
    for line in run.stderr.splitlines():
        assert PROBLEM_LINE.match(line), line
    if run.code == 1:
        assert f"{path}:" in run.stderr


CORPUS = sorted(HOSTILE.glob("*.yaml"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_every_hostile_file_under_limits(path: Path) -> None:
    check_verdict(path, validate(path))


def _events_with_a_bad_date(n: int) -> str:
    events = "".join(
        f"  - date: 2025-01-{i % 28 + 1:02d}\n    title: Event {i}\n" for i in range(n)
    )
    return HEAD + "timeline:\n" + events + "  - date: 2025-02-30\n    title: bad\n"


# Generated attacks, each about 2 MB, each of which broke the bounds before issue 6's fixes in
# brief.load: per-item `msgspec.structs.fields` made explaining 40,000 events take 5.7 s, and one
# Problem per unsafe character made a million `\e` escapes take 4.4 s and 377 MB.
GENERATED = {
    "million_escapes": lambda: HEAD + 'summary: "' + "\\e" * 1_000_000 + '"\n',
    "many_unsafe_scalars": lambda: HEAD + "junk:\n" + '- "\\e"\n' * 150_000,
    "events_then_a_bad_date": lambda: _events_with_a_bad_date(40_000),
    "many_zero_widths": lambda: HEAD + "summary: " + "a\u200b" * 400_000 + "\n",
}


@pytest.mark.parametrize("name", GENERATED)
def test_generated_resource_attacks(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(GENERATED[name](), encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    run = validate(path)
    check_verdict(path, run)
    assert len(run.stderr.splitlines()) <= 110, "problems are capped, not one per character"


def test_a_200_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # Sparse: 200 MB long, nothing on disk. Reading it would need 200 MB of RSS.
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(200 * 2**20)
    run = validate(path)
    check_verdict(path, run)
    assert run.rss_mb < 100
    assert "the file is 200.0 MiB" in run.stderr


def test_naive_loading_breaks_these_limits() -> None:
    # Not vacuous: PyYAML itself loads the alias bomb in milliseconds, but anything that walks
    # the result (here `str`, as a renderer or an exporter would) blows through both limits.
    code = "import sys, yaml; str(yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader))"
    run = run_limited([sys.executable, "-c", code, str(HOSTILE / "alias_bomb.yaml")], SECONDS)
    assert run.code != 0 or run.seconds >= SECONDS
