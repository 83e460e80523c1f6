"""`brief timeline … --chart`: golden files of the chart as a pipe gets it.

Regenerate after a deliberate change with `BRIEF_UPDATE_GOLDEN=1 pytest tests/test_chart_cli.py`
and read the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from tests.helpers import BUNDLED

GOLDEN = Path(__file__).resolve().parent / "golden" / "chart"
SAMPLE = GOLDEN / "lanes-sample.yaml"  # day, month, year, periods, approx, expected, collisions

CASES = [
    ("bundled-section-100", BUNDLED, "", "section", 100),
    ("bundled-actor-80", BUNDLED, "", "actor", 80),
    ("bundled-tag-from-2025-72", BUNDLED, "from:2025", "tag", 72),
    ("sample-section-90", SAMPLE, "", "section", 90),
    ("sample-actor-60", SAMPLE, "", "actor", 60),
    ("sample-query-40", SAMPLE, "strike OR wage", "section", 40),
]


def chart(path: Path, query: str, lanes: str, width: int, env: dict[str, str] | None = None):
    args = ["timeline", str(path), *([query] if query else []), "--chart"]
    args += ["--lanes", lanes, "--width", str(width)]
    return CliRunner().invoke(cli, args, env=env)


@pytest.mark.parametrize(
    ("name", "path", "query", "lanes", "width"), CASES, ids=[c[0] for c in CASES]
)
def test_chart_matches_golden(name: str, path: Path, query: str, lanes: str, width: int) -> None:
    result = chart(path, query, lanes, width)
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("BRIEF_UPDATE_GOLDEN"):
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8")
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "\x1b" not in result.output  # plain when piped


def test_no_color_keeps_the_marks() -> None:
    """NO_COLOR drops the colours, never the glyphs that carry the meaning."""
    plain = chart(SAMPLE, "", "section", 90).output
    forced = chart(SAMPLE, "", "section", 90, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).output
    assert re.search(r"\x1b\[[0-9;]*3[0-9];", forced) is None  # no foreground colour
    assert re.sub(r"\x1b\[[0-9;]*m", "", forced) == plain


def test_chart_and_json_do_not_mix() -> None:
    result = CliRunner().invoke(cli, ["timeline", str(BUNDLED), "--chart", "--json"])
    assert result.exit_code == 2
    assert "--json and --chart do not go together" in result.output


def test_a_query_matching_nothing_says_so() -> None:
    result = chart(BUNDLED, "zzzznothing", "section", 80)
    assert result.exit_code == 1
    assert "No events to chart." in result.output
