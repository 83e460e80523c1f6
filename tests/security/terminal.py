"""Reading what a program wrote to a terminal: run it in a real pty, split the bytes into
control sequences and text, and name everything a brief must never get through.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from brief.text import UNSAFE

# ESC-introduced sequences, ECMA-48: CSI with its parameter, intermediate and final bytes; the
# string commands (OSC, DCS, SOS, PM, APC) up to BEL or ST; and two-byte escapes.
_SEQUENCE = re.compile(
    r"\x1b\[(?P<csi>[0-?]*[ -/]*[@-~])"
    r"|\x1b(?P<string>[\]PX^_])(?P<body>.*?)(?:\x07|\x1b\\|\Z)"
    r"|\x1b(?P<esc>[ -/]*[0-~])"
    r"|\x1b",
    re.DOTALL,
)
# Code points that are control or invisible formatting characters in a terminal's text stream.
# The terminal's own line control (CR, LF, BS, TAB) is fine; everything else in UNSAFE is not.
_FORBIDDEN_TEXT = frozenset(range(0x80, 0xA0))
_LINE_CONTROL = {"\r", "\n", "\t", "\b"}


@dataclass(frozen=True, slots=True)
class Sequence_:
    kind: str  # "CSI", "OSC", "DCS", "SOS", "PM", "APC", "ESC"
    text: str  # the whole sequence

    def shape(self) -> str:
        """The sequence with its numbers generalised: `CSI 12;4H` -> `CSI #;#H`, so drawing at
        another place or in another colour has the same shape as in the baseline."""
        if self.kind == "CSI" and not self.text.startswith("\x1b[?"):
            return "CSI " + re.sub(r"\d+", "#", self.text[2:])
        if self.kind == "CSI":  # private modes stay exact: `?1049l` must not pass as `?25l`
            return "CSI " + self.text[2:]
        return f"{self.kind} {self.text[1:]!r}"


@dataclass
class Capture:
    """A terminal byte stream taken apart."""

    raw: bytes
    text: str = ""
    sequences: list[Sequence_] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)  # forbidden characters outside sequences

    @classmethod
    def of(cls, raw: bytes) -> Capture:
        # Strict: a raw C1 byte (0x80-0x9f on its own) is not UTF-8 and fails here.
        decoded = raw.decode("utf-8")
        capture = cls(raw)
        plain: list[str] = []
        last = 0
        for match in _SEQUENCE.finditer(decoded):
            plain.append(decoded[last : match.start()])
            last = match.end()
            if match["csi"] is not None:
                kind = "CSI"
            elif match["string"] is not None:
                kind = {"]": "OSC", "P": "DCS", "X": "SOS", "^": "PM", "_": "APC"}[match["string"]]
            else:
                kind = "ESC"
            capture.sequences.append(Sequence_(kind, match.group()))
        plain.append(decoded[last:])
        capture.text = "".join(plain)
        capture.stray = [
            f"U+{ord(c):04X}"
            for c in capture.text
            if c not in _LINE_CONTROL and (ord(c) in _FORBIDDEN_TEXT or UNSAFE.match(c))
        ]
        return capture

    def of_kind(self, *kinds: str) -> list[Sequence_]:
        return [s for s in self.sequences if s.kind in kinds]

    def shapes(self) -> set[str]:
        return {s.shape() for s in self.sequences}


def violations(capture: Capture, allowed_shapes: Iterable[str] = ()) -> list[str]:
    """Everything in `capture` a brief could have smuggled in: string commands (OSC, DCS, SOS,
    PM, APC), `ESC c`, any sequence whose shape is not allowed, C1 and bidi/zero-width text."""
    allowed = set(allowed_shapes)
    found = [f"{s.kind} {s.text!r}" for s in capture.sequences if s.shape() not in allowed]
    found += [f"stray {code}" for code in capture.stray]
    return found


# -- running a program in a pty ------------------------------------------------------------


def _set_size(fd: int, columns: int, lines: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))


def _controlling_tty() -> None:
    """In the child: a new session whose controlling terminal is the pty (stdin)."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


@dataclass
class Pty:
    """A process on a pty; `output` accumulates everything it writes."""

    process: subprocess.Popen[bytes]
    master: int
    output: bytearray = field(default_factory=bytearray)

    @classmethod
    def spawn(
        cls,
        argv: Sequence[str],
        env: dict[str, str],
        size: tuple[int, int] = (100, 30),
        cwd: Path | None = None,
    ) -> Pty:
        master, slave = os.openpty()
        _set_size(slave, *size)
        process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            preexec_fn=_controlling_tty,
            close_fds=True,
        )
        os.close(slave)
        return cls(process, master)

    def pump(self, seconds: float) -> int:
        """Read whatever arrives for `seconds`; return how many bytes came."""
        got = 0
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                break
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            self.output += chunk
            got += len(chunk)
        return got

    def settle(self, quiet: float = 0.4, limit: float = 10.0) -> None:
        """Read until the program has written nothing for `quiet` seconds (or `limit` passes)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.pump(quiet) == 0 and self.output:
                return

    def until(self, predicate: Callable[[str], bool], limit: float = 15.0) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            self.pump(0.1)
            if predicate(Capture.of(bytes(self.output)).text):
                return
        raise AssertionError("the program never drew what was expected")

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def finish(self, timeout: float = 10.0) -> int:
        """Wait for the process to exit, reading its last output; kill it after `timeout`."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.pump(0.1)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.pump(0.2)
        os.close(self.master)
        return self.process.returncode


def brief_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "brief", *args]


def terminal_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.update(extra)
    return env
