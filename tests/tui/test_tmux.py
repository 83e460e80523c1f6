"""One real-terminal smoke test: `brief` in tmux, the Timeline, a query, quit.

Runs whenever tmux is installed, and always under CI (CI=true), where a missing tmux fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers import ROOT

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(
    TMUX is None and os.environ.get("CI") != "true", reason="tmux is not installed"
)


def tmux(*args: str) -> str:
    assert TMUX, "tmux is required under CI"
    return subprocess.run([TMUX, *args], capture_output=True, text=True, check=True).stdout


def wait_for(session: str, needle: str, absent: str = "", timeout: float = 15) -> str:
    """Poll the pane until `needle` shows (and `absent` doesn't); return the screen."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if needle in screen and not (absent and absent in screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} never appeared; the screen was:\n{screen}")


def test_brief_in_a_real_terminal() -> None:
    session = f"brief-{uuid.uuid4().hex[:8]}"
    brief = Path(sys.executable).parent / "brief"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    subprocess.run(
        [TMUX, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", str(brief)],
        cwd=ROOT,
        env={**env, "TERM": "xterm-256color"},
        check=True,
    )
    try:
        pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        wait_for(session, "Pakistan and Bangladesh")
        tmux("send-keys", "-t", session, "t")
        wait_for(session, "of 22 events")
        time.sleep(0.3)  # a person's pause: the tab finishes taking focus
        tmux("send-keys", "-t", session, "/")
        time.sleep(0.2)
        tmux("send-keys", "-t", session, "-l", "dhaka")
        # The query runs in a worker: wait until the rows it filters out are gone.
        screen = wait_for(session, "Ishaq Dar visits Dhaka", absent="Liberation war")
        assert "Mohsin Naqvi visits Dhaka" in screen
        assert "22 of 22 events" not in screen
        tmux("send-keys", "-t", session, "Escape")  # clear the query
        tmux("send-keys", "-t", session, "Escape")
        wait_for(session, "22 of 22 events")
        tmux("send-keys", "-t", session, "Tab")  # leave the query box, then quit
        time.sleep(0.3)  # a person's pause: sent back to back, q sometimes reached the query box
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("brief did not exit after q")
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)
