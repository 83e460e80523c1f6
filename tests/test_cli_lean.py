"""`brief search/timeline --json` run without click or Rich (brief.cli.lean), and answer exactly
as the click commands do; anything but their plain forms is left to click."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli.group import cli
from tests.helpers import ROOT, run_cli
from tests.search_fixtures import BRIEF_YAML, renamed, write_brief


def _click(*args: str) -> tuple[int, str]:
    """The same command through the click group, in this process."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("search", "visa", "{dir}", "--json"),
        ("search", "dhaka from:2025-08", "{dir}", "--json", "--limit", "1"),
        ("search", "visa", "{dir}", "-n", "3", "--order", "time", "--json"),
        ("search", "nothing-matches-this", "{dir}", "--json"),
        ("timeline", "{dir}/test-brief.yaml", "--json"),
        ("timeline", "{dir}/test-brief.yaml", "from:2025-08", "--json"),
        ("timeline", "{dir}/test-brief.yaml", "nothing-matches-this", "--json"),
    ],
)
def test_the_lean_path_answers_as_click_does(library: Path, args: tuple[str, ...]) -> None:
    argv = [a.format(dir=library) for a in args]
    lean = run_cli(*argv)
    code, out = _click(*argv)
    assert (lean.returncode, lean.stdout) == (code, out)
    assert isinstance(json.loads(lean.stdout), list)


_PROBE = """
import sys
from brief.cli import lean
code = lean.main(sys.argv[1:])
print(code, "click" in sys.modules, "rich" in sys.modules, file=sys.stderr)
"""


def _probe(*argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, cwd=ROOT
    )
    return done.stderr.strip().splitlines()[-1]


def test_search_json_imports_neither_click_nor_rich(library: Path) -> None:
    assert _probe("search", "visa", str(library), "--json") == "0 False False"
    assert _probe("timeline", str(library / "test-brief.yaml"), "--json") == "0 False False"


@pytest.mark.parametrize(
    "argv",
    [
        ("search", "visa", "--json", "--limit=5"),  # click's own forms
        ("search", "visa", "--json", "--limit", "0"),  # a usage error, click's to word
        ("search", "--json", "-h"),
        ("search", "-visa", "--json"),  # a query that looks like an option
        ("search", "visa"),  # not JSON: Rich prints it
        ("timeline", "a", "b", "c", "--json"),
    ],
)
def test_anything_else_is_left_to_click(argv: tuple[str, ...]) -> None:
    from brief.cli import lean

    assert lean.main(list(argv)) is None


def test_a_usage_error_is_still_clicks(library: Path) -> None:
    result = run_cli("search", "visa", str(library), "--json", "--limit", "0")
    assert result.returncode == 2
    assert "--limit" in result.stderr


def test_problems_and_warnings_are_printed_on_the_lean_path(tmp_path: Path) -> None:
    directory = tmp_path / "briefs"
    directory.mkdir()
    write_brief(directory, "good", renamed("good-brief"))
    write_brief(directory, "bad", BRIEF_YAML.replace("title: Test brief\n", ""))
    result = run_cli("search", "visa from:nonsense", str(directory), "--json")
    assert result.returncode == 0
    assert "bad.yaml" in result.stderr
    assert "warning:" in result.stderr
    assert {r["brief"] for r in json.loads(result.stdout)} == {"good-brief"}


def test_an_unknown_brief_on_the_lean_path(tmp_path: Path) -> None:
    result = run_cli("timeline", "no-such-brief", "--json", cwd=tmp_path)
    assert result.returncode == 1
    assert "no brief with this id or path" in result.stderr
