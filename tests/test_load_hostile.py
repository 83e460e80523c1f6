"""The hostile corpus (tests/hostile/): every attack file gives what expected.toml says, fast."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from brief.load import check_file
from tests.helpers import run_cli

HOSTILE = Path(__file__).parent / "hostile"
EXPECTED: dict[str, dict[str, object]] = tomllib.loads(
    (HOSTILE / "expected.toml").read_text(encoding="utf-8")
)
FILES = sorted(HOSTILE.glob("*.yaml"))


def test_every_file_has_an_expectation_and_every_expectation_a_file() -> None:
    assert sorted(p.stem for p in FILES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_hostile_file(path: Path) -> None:
    expected = EXPECTED[path.stem]
    brief, problems = check_file(path)  # how long the slowest takes: benchmarks/bench_limits.py
    assert (brief is not None) == (expected["outcome"] == "ok"), problems
    if expected["at"]:
        assert any(
            f"{p.line}:{p.col}" == expected["at"] and str(expected["says"]) in p.message
            for p in problems
        ), [str(p) for p in problems]
    else:
        assert problems == []
    if brief is not None:
        assert len(problems) == expected["warnings"]
        assert all(p.severity == "warning" for p in problems)


def test_no_unsafe_character_survives_loading() -> None:
    from brief.model import to_builtins
    from brief.text import is_safe

    def strings(node: object):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for key, value in node.items():
                yield key
                yield from strings(value)
        elif isinstance(node, list):
            for item in node:
                yield from strings(item)

    for path in FILES:
        brief, _ = check_file(path)
        if brief is not None:
            assert all(is_safe(s) for s in strings(to_builtins(brief))), path.name


def test_validate_reports_every_hostile_file_without_a_traceback() -> None:
    result = run_cli("validate", str(HOSTILE))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for path in FILES:
        assert f"{path}:" in result.stdout + result.stderr


def test_a_200_mb_file_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(200 * 1024 * 1024)
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:1:1: error: the file is 200.0 MiB" in result.stderr
