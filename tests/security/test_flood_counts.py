"""The problem cap's summary line against an oracle. Past MAX_PROBLEMS errors the loader only
counts the rest by kind, in bulk (`_SchemaCheck.count_structs`); these floods of mixed kinds,
whose errors the generator knows in file order, check that the counts in the summary equal a
count of everything left out, and that the listed errors are those an uncapped run lists first."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief import load
from brief.cli import cli
from brief.load import MAX_PROBLEMS, check_bytes
from tests.security.attacks import FLOOD_ITEMS, mixed_flood

SUMMARY = re.compile(r"([\d,]+) more errors from here on \((.*)\); only the first")


def summary_counts(message: str) -> Counter[str]:
    match = SUMMARY.search(message)
    assert match, message
    counts = Counter(
        {kind: int(n.replace(",", "")) for kind, n in (p.split(": ") for p in match[2].split(", "))}
    )
    assert counts.total() == int(match[1].replace(",", ""))
    return counts


def check_flood(items: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text, kinds = mixed_flood(items)
    _, problems = check_bytes(text.encode(), "flood.yaml")
    errors = [p for p in problems if p.severity == "error"]
    listed = [p for p in errors if p.kind != "summary"]
    assert [p.kind for p in listed] == kinds[:MAX_PROBLEMS]
    summaries = [p for p in errors if p.kind == "summary"]
    if len(kinds) <= MAX_PROBLEMS:
        assert not summaries
        return
    (summary,) = summaries
    assert summary_counts(summary.message) == Counter(kinds[MAX_PROBLEMS:])
    # The same file explained in full, with no cap: the listed errors are its first ones,
    # and the summary stands where its first left-out error does.
    with monkeypatch.context() as patch:
        patch.setattr(load, "MAX_PROBLEMS", len(kinds) + 1)
        _, everything = check_bytes(text.encode(), "flood.yaml")
    full = [p for p in everything if p.severity == "error"]
    assert len(full) == len(kinds)
    assert listed == full[:MAX_PROBLEMS]
    assert (summary.line, summary.col) == (full[MAX_PROBLEMS].line, full[MAX_PROBLEMS].col)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    pattern=st.lists(st.sampled_from(sorted(FLOOD_ITEMS)), min_size=1, max_size=12),
    repeats=st.integers(min_value=1, max_value=60),
)
def test_summary_counts_equal_a_brute_force_count(
    pattern: list[str], repeats: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs of mixed items, long enough to pass the cap inside one list and after it."""
    check_flood(pattern * repeats, monkeypatch)


@pytest.mark.parametrize("size", [99, 100, 101, 102, 250, 3_000])
@pytest.mark.parametrize("item", ["type", "two", "missing and type", "not a mapping"])
def test_floods_of_one_kind_around_the_cap(
    item: str, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_flood(["valid", *[item] * size], monkeypatch)


def test_the_cli_prints_the_first_errors_then_the_counts(tmp_path: Path) -> None:
    items = ["type", "unknown key", "missing key", "two"] * 2_000
    text, kinds = mixed_flood(items)
    path = tmp_path / "flood.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)], env={"BRIEF_NO_CACHE": "1"})
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert all(line.startswith(f"{path}:") for line in lines[: MAX_PROBLEMS + 1])
    assert summary_counts(lines[MAX_PROBLEMS]) == Counter(kinds[MAX_PROBLEMS:])
