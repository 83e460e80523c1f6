"""`brief search` and `brief timeline` run without click (brief.cli.lean), `--json` and search
results on a pipe without Rich's console too, and answer exactly as the click commands do;
anything but their plain forms is left to click."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli.group import cli
from tests.helpers import ROOT, run_cli, run_process
from tests.search_fixtures import BRIEF_YAML, renamed, write_brief


def _click(*args: str) -> tuple[int, str]:
    """The same command through the click group, in this process."""
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "100"})
    return result.exit_code, result.stdout


def _lean(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    """The command through the lean path, in this process (stdout captured: not a terminal)."""
    from brief.cli import lean

    monkeypatch.setenv("COLUMNS", "100")
    capsys.readouterr()
    code = lean.main(argv)
    assert code is not None, "left to click"
    return code, capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ("search", "visa", "{dir}"),
        ("search", "dhaka from:2025-08", "{dir}", "-n", "1"),
        ("search", "visa OR drill", "{dir}", "--order", "time"),
        ("search", "nothing-matches-this", "{dir}"),
        ("timeline", "{dir}/test-brief.yaml"),
        ("timeline", "{dir}/test-brief.yaml", "visit"),
        ("timeline", "{dir}/test-brief.yaml", "nothing-matches-this"),
        ("search", "visa", "{dir}", "--json"),
        ("search", "dhaka from:2025-08", "{dir}", "--json", "--limit", "1"),
        ("search", "visa", "{dir}", "-n", "3", "--order", "time", "--json"),
        ("search", "nothing-matches-this", "{dir}", "--json"),
        ("timeline", "{dir}/test-brief.yaml", "--json"),
        ("timeline", "{dir}/test-brief.yaml", "from:2025-08", "--json"),
        ("timeline", "{dir}/test-brief.yaml", "nothing-matches-this", "--json"),
    ],
)
def test_the_lean_path_answers_as_click_does(
    library: Path,
    args: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    argv = [a.format(dir=library) for a in args]
    code, out = _lean(argv, capsys, monkeypatch)
    assert (code, out) == _click(*argv)
    assert out.strip()
    if "--json" in argv:
        assert isinstance(json.loads(out), list)


def test_a_whole_process_prints_what_click_prints(library: Path) -> None:
    for argv in (["search", "visa", str(library)], ["timeline", "test-brief", "visit"]):
        process = run_process(*argv, cwd=library.parent, env={"COLUMNS": "100"})
        clicked = run_cli(*argv, cwd=library.parent)
        assert (process.returncode, process.stdout) == (clicked.returncode, clicked.stdout)
        assert "Ishaq Dar visits Dhaka" in process.stdout


_PROBE = """
import sys
from brief.cli import lean
code = lean.main(sys.argv[1:])
modules = ("click" in sys.modules, "rich" in sys.modules, "rich.console" in sys.modules)
print(code, *modules, file=sys.stderr)
"""


def _probe(*argv: str, env: dict[str, str] | None = None, probe: str = _PROBE) -> str:
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    return done.stderr.strip().splitlines()[-1]


def test_what_each_form_imports(library: Path) -> None:
    brief = str(library / "test-brief.yaml")
    # JSON needs neither click nor Rich; results on a pipe need Rich's line breaking only.
    assert _probe("search", "visa", str(library), "--json") == "0 False False False"
    assert _probe("timeline", brief, "--json") == "0 False False False"
    assert _probe("search", "visa", str(library)) == "0 False True False"
    assert _probe("timeline", brief) == "0 False True False"
    # On a terminal (FORCE_COLOR stands for one) Rich draws them, still without click.
    assert _probe("timeline", brief, env={"FORCE_COLOR": "1"}) == "0 False True True"


_WARM_PROBE = """
import sys
import brief.cache, brief.index_store
# The test's brief files are seconds old: trusted by their stat all the same. (The index file
# is: index_store dates it back by its own RACY_NS, the real one.)
brief.cache.RACY_NS = 0
from brief.cli import lean
code = lean.main(sys.argv[1:])
imported = [
    name in sys.modules for name in ("msgspec", "brief.model", "brief.load", "hashlib", "inspect")
]
print(code, *imported, file=sys.stderr)
"""


def test_a_warm_search_imports_no_decoder_and_no_hashlib(library: Path) -> None:
    """A warm search reads the verdict store and the index, and decodes no brief: it imports
    neither msgspec nor the model (a tenth of its time) nor the loader; and when every file is
    trusted by its stat, hashes none, so it imports no hashlib either. Nor does it import
    dataclasses, which imports inspect (10 ms)."""
    argv = ("search", "visa", str(library), "--json")
    assert _probe(*argv, probe=_WARM_PROBE).startswith("0 ")  # fills the caches
    assert _probe(*argv, probe=_WARM_PROBE) == "0 False False False False False"


@pytest.mark.parametrize(
    "argv",
    [
        ("search", "visa", "--json", "--limit=5"),  # click's own forms
        ("search", "visa", "--json", "--limit", "0"),  # a usage error, click's to word
        ("search", "--json", "-h"),
        ("search", "-visa", "--json"),  # a query that looks like an option
        ("timeline", "test-brief", "--chart"),
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
