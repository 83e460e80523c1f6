"""A reader that stops early (`brief … | head`): the command ends quietly with 0, as other Unix
tools do. No click and no Rich here: the lean path and every printer share it."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


def stdout_to_devnull() -> None:
    """After a closed pipe: stdout points at devnull, so the interpreter's last flush of what is
    still buffered cannot fail again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@contextlib.contextmanager
def closed_pipe_ends_quietly() -> Iterator[None]:
    """A closed pipe inside the block ends the command quietly with 0."""
    try:
        yield
    except BrokenPipeError:
        stdout_to_devnull()
        raise SystemExit(0) from None
