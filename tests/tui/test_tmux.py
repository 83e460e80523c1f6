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


SOCKET = f"brief-test-{uuid.uuid4().hex[:8]}"  # a tmux server of this test's own
TIMEOUT_S = 60.0  # generous: a loaded machine is slow; each wait ends as soon as the state shows


def tmux(*args: str) -> str:
    assert TMUX, "tmux is required under CI"
    return subprocess.run(
        [TMUX, "-L", SOCKET, *args], capture_output=True, text=True, check=True
    ).stdout


def wait_for(session: str, needle: str, absent: str = "", last_line: str = "") -> str:
    """Poll the pane until `needle` shows (and `absent` doesn't, and the last line, the key bar,
    contains `last_line`); return the screen."""
    deadline = time.monotonic() + TIMEOUT_S
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        lines = screen.rstrip("\n").splitlines() or [""]
        if needle in screen and not (absent and absent in screen) and last_line in lines[-1]:
            return screen
        time.sleep(0.05)  # a poll step, not a wait for anything
    raise AssertionError(f"{needle!r} never appeared; the screen was:\n{screen}")


def test_brief_in_a_real_terminal() -> None:
    session = "brief"
    brief = Path(sys.executable).parent / "brief"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    subprocess.run(
        [
            TMUX,
            "-L",
            SOCKET,
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "80",
            "-y",
            "24",
            str(brief),
        ],
        cwd=ROOT,
        env={**env, "TERM": "xterm-256color"},
        check=True,
    )
    try:
        pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        wait_for(session, "Pakistan and Bangladesh", last_line="q Quit")
        tmux("send-keys", "-t", session, "t")
        # The list has the focus when its key bar offers "Open event".
        wait_for(session, "of 22 events", last_line="Open event")
        tmux("send-keys", "-t", session, "/")
        # The query box has the focus: the key bar offers ctrl+q, not q, and no "/ Search".
        screen = wait_for(session, "of 22 events", last_line="^q Quit")
        assert "/ Search" not in screen.splitlines()[-1]
        tmux("send-keys", "-t", session, "-l", "dhaka")
        # The query runs in a worker: wait until the rows it filters out are gone.
        screen = wait_for(session, "Ishaq Dar visits Dhaka", absent="Liberation war")
        assert "Mohsin Naqvi visits Dhaka" in screen
        assert "22 of 22 events" not in screen
        tmux("send-keys", "-t", session, "Escape")  # back to the list; the query stays
        screen = wait_for(session, "of 22 events", last_line="Clear query")
        assert "dhaka" in screen and "22 of 22 events" not in screen
        tmux("send-keys", "-t", session, "Escape")  # clears it
        wait_for(session, "22 of 22 events", last_line="q Quit")
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("brief did not exit after q")
    finally:
        subprocess.run([TMUX, "-L", SOCKET, "kill-server"], capture_output=True)
