"""TUI start-up (issues 4 and 12): the whole `brief pakistan-bangladesh` process, from its launch
to its first paint in a 120×40 terminal, against a bare Textual app with the same tabs (Header, a
TabbedContent with a Static per tab, Footer) launched the same way. Target ≤ 1.25×.

Both run as fresh processes in a pseudo-terminal, so Textual's real driver writes the frame
(headless mode renders no output), with bytecode cached (as an installed app has it) and the app
as users get it (live reload and history on, in a private home). The first paint is the first
frame Textual writes of the screen that matters: the brief screen for ours, the only screen for
the bare app. The two are interleaved, best of N, so both see the same machine load. A second row
gives the CPU time each process had used by then: on a loaded machine the wall clock also counts
the time other processes had the CPU, the CPU time does not.

Run with `python -m benchmarks startup`. BENCH_BRIEF_SRC=<a checkout's src> measures that code.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from benchmarks.common import QUICK, Row, private_env

ROOT = Path(__file__).resolve().parent.parent
BRIEF_ID = "pakistan-bangladesh"
BUNDLED = ROOT / "briefs" / f"{BRIEF_ID}.yaml"
COLUMNS, LINES = 120, 40

# Prepended to both children: once the frame of the screen class named PAINTED has been written
# to the terminal, write the clock and the process's CPU time to PAINT_FILE and quit.
_FIRST_PAINT = """
import os, time
from textual.app import App
_display = App._display
def _first_paint(self, screen, renderable):
    _display(self, screen, renderable)
    if (renderable is not None and self._running and not self._batch_count
            and type(screen).__name__ == os.environ["PAINTED"]):
        App._display = _display
        with open(os.environ["PAINT_FILE"], "w") as file:
            file.write(f"{time.monotonic()!r} {time.process_time()!r}")
        self.exit()
App._display = _first_paint
"""

_BARE = """
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane
class Bare(App):
    def compose(self):
        yield Header()
        with TabbedContent():
            for label in {labels!r}:
                with TabPane(label):
                    yield Static("text")
        yield Footer()
Bare().run()
"""

# `brief ID`, as a reader starts it (the console script calls `brief.cli.main`).
_OURS = """
import sys
sys.argv = ["brief", {brief!r}]
from brief.cli import main
main()
"""


def _first_paint(code: str, painted: str, env: dict[str, str], home: Path) -> tuple[float, float]:
    """Seconds from launching `python -c code` in a 120×40 pseudo-terminal to its first paint
    (the monotonic clock is the same in both processes), and the CPU seconds it used."""
    paint_file = home / "painted"
    paint_file.unlink(missing_ok=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    child_env = {**env, "TERM": "xterm-256color", "PAINTED": painted, "PAINT_FILE": str(paint_file)}
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", _FIRST_PAINT + code],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=child_env,
        cwd=home,  # not the checkout: its briefs/ would be searched as well
        start_new_session=True,
    )
    os.close(slave)
    output = bytearray()
    try:
        while True:  # drain the terminal, or the child blocks writing its frame
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                process.kill()
                raise RuntimeError("no first paint within 60 s")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child has exited
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(master)
        process.wait()
    if process.returncode or not paint_file.exists():
        tail = output[-2000:].decode(errors="replace")
        raise RuntimeError(f"exit {process.returncode}, no paint recorded: {tail}")
    painted_at, cpu = map(float, paint_file.read_text().split())
    return painted_at - start, cpu


def startup() -> list[Row]:
    from brief.load import load_brief
    from brief.tui.tabs import brief_tabs

    labels = [tab.label().plain for tab in brief_tabs(load_brief(BUNDLED))]
    repeat = 5 if QUICK else 15
    bare = (_BARE.format(labels=labels), "Screen")
    ours = (_OURS.format(brief=BRIEF_ID), "BriefScreen")
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as home_dir:
        home = Path(home_dir)
        env = {k: v for k, v in private_env(home).items() if k not in ("COLUMNS", "LINES")}
        for code, painted in (bare, ours):  # warm: bytecode, the brief's cache
            _first_paint(code, painted, env, home)
        # Interleaved, best of N: both see the same machine load.
        times: dict[str, list[tuple[float, float]]] = {"bare": [], "ours": []}
        for _ in range(repeat):
            times["bare"].append(_first_paint(*bare, env, home))
            times["ours"].append(_first_paint(*ours, env, home))
    label = f"start-up to first paint, {COLUMNS}×{LINES} (vs bare app, same tabs)"
    wall, cpu = ({k: min(t[n] for t in v) for k, v in times.items()} for n in (0, 1))
    return [
        Row(label, wall["ours"], wall["bare"], "s", "≤ 1.25×"),
        Row("  the same, CPU time used by then", cpu["ours"], cpu["bare"], "s", "≤ 1.25×"),
    ]


def run() -> list[Row]:
    return startup()
