"""Helpers shared by tests: run the CLI as a user would."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from brief.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "briefs" / "pakistan-bangladesh.yaml"


@dataclass
class CliResult:
    """What `run_cli` returns: the fields of the `subprocess.CompletedProcess` of `run_process`."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(
    *args: str,
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
) -> CliResult:
    """Run `brief ARGS` in this process with click's CliRunner: stdout and stderr are pipes, as
    in a shell pipeline, and COLUMNS is 100. An exception that escapes the command is a
    traceback on stderr and exit 1, as `python -m brief` would show it."""
    runner = CliRunner()
    with contextlib.chdir(cwd or os.getcwd()):
        result = runner.invoke(
            cli, list(args), input=input, env={"COLUMNS": "100", **(env or {})}, prog_name="brief"
        )
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return CliResult(result.exit_code, result.stdout, stderr)


def run_process(
    *args: str,
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m brief ARGS` as a subprocess: for tests where the process is the point
    (what it imports, its exit status and streams as the operating system sees them)."""
    full_env = {**os.environ, "COLUMNS": "100", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "brief", *args],
        cwd=cwd,
        env=full_env,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
