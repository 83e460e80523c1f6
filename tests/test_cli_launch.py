"""`brief` and `brief ID|PATH` start the app without click (brief.cli.launch), with the same
arguments as `brief open` through click; anything else is left to click."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers import ROOT

PLAIN = [
    (),
    ("pakistan-bangladesh",),
    ("{dir}",),
    ("some/file.yaml", "--no-watch"),
    ("--no-history", "{dir}"),
    ("--no-watch", "--no-history"),
]


@pytest.mark.parametrize("args", PLAIN)
def test_plain_forms_reach_the_app_as_through_click(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from brief.cli import app_cmd, launch
    from brief.cli.group import cli

    argv = [a.format(dir=tmp_path) for a in args]
    calls: dict[str, list[Any]] = {"launch": [], "click": []}
    monkeypatch.setattr(launch, "run_app", lambda *a, **k: calls["launch"].append((a, k)))
    monkeypatch.setattr(app_cmd, "run_app", lambda *a, **k: calls["click"].append((a, k)))
    assert launch.main(argv) == 0
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, result.output
    assert calls["launch"] == calls["click"]
    assert len(calls["launch"]) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ("open", "x"),  # the command itself: click's
        ("list",),
        ("x", "y"),  # extra paths: `brief open` reads them
        ("--help",),
        ("--version",),
        ("-x",),
        ("x", "--no-watch", "--bogus"),
    ],
)
def test_anything_else_is_left_to_click(argv: tuple[str, ...]) -> None:
    from brief.cli import launch

    assert launch.main(list(argv)) is None


_PROBE = """
import sys
from brief.cli import launch
launch.run_app = lambda *a, **k: None
code = launch.main(sys.argv[1:])
print(code, "click" in sys.modules, file=sys.stderr)
"""


def test_opening_a_brief_imports_no_click() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "pakistan-bangladesh"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.stderr.strip().splitlines()[-1] == "0 False"
