"""Helpers shared by tests: run the CLI as a user would; wait for the TUI to be done."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from click.testing import CliRunner

from brief.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "briefs" / "pakistan-bangladesh.yaml"

T = TypeVar("T")


def folder_with(directory: Path, *files: Path) -> Path:
    """`directory`, made, holding a copy of each file: a library a test may edit or break."""
    directory.mkdir(parents=True)
    for file in files:
        shutil.copy(file, directory / file.name)
    return directory


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
    # Strict UTF-8, line ends as written: click's `.stdout` would replace bad bytes and CRLFs.
    stdout, stderr = result.stdout_bytes.decode("utf-8"), result.stderr_bytes.decode("utf-8")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return CliResult(result.exit_code, stdout, stderr)


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


# Generous: a loaded 2-core machine running four test processes is slow, and a wait on state
# returns as soon as the state is there.
WAIT_S = 30.0


async def until(pilot: Any, condition: Callable[[], T], what: str, timeout: float = WAIT_S) -> T:
    """Let the app run until `condition()` holds, and return its value. `what` names the state
    awaited, for the timeout message. Each step lets the app handle what is queued without
    waiting for workers (a watcher runs as long as the app); the timeout only stops a hang."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await pilot.pause()
        await asyncio.sleep(0.005)  # a poll step: lets worker threads run between looks
    return value


async def settled(pilot: Any) -> None:
    """Until the app is idle: every worker done (its result may start another, as a reload
    builds a screen) and the messages they sent handled."""
    await pilot.pause()  # a message still queued may start a worker (a search box's Changed)
    while True:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if all(worker.is_finished for worker in pilot.app.workers):
            return
