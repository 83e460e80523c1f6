"""Live reload: which directories to watch, which changes in them matter, and the watch loop.

Directories are watched rather than files: editors save by writing a temp file and renaming it
over the original (a new inode, which a watch on the file itself would lose), and a file that is
deleted and recreated must still be seen. Only changes to brief files count; editors' swap,
backup and temp files (`.x.yaml.swp`, `x.yaml~`, `#x.yaml#`, `.x.yaml.123.tmp`) never reload.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from brief.library import BRIEF_SUFFIXES

# watchfiles yields a batch once nothing has changed for STEP_MS (an editor's save is several
# writes and a rename), and never waits longer than DEBOUNCE_MS: well inside "within 1 s".
STEP_MS = 50
DEBOUNCE_MS = 300
# How often the loop wakes with no change, to notice watched directories that appeared or went.
CHECK_MS = 1000


def _norm(path: Path | str) -> str:
    return os.path.normpath(os.path.abspath(path))


@dataclass(frozen=True)
class WatchTargets:
    """The brief files shown, and the directories whose new brief files also count (the
    directories the library was discovered from)."""

    files: frozenset[str]
    brief_dirs: frozenset[str]

    @classmethod
    def of(cls, files: Iterable[Path], brief_dirs: Iterable[Path]) -> WatchTargets:
        names: set[str] = set()
        for file in files:
            names.add(_norm(file))
            names.add(_norm(Path(file).resolve()))  # a symlinked brief: its target too
        dirs = {_norm(d) for d in brief_dirs} | {_norm(Path(d).resolve()) for d in brief_dirs}
        return cls(frozenset(names), frozenset(dirs))

    @property
    def directories(self) -> list[str]:
        """The directories to watch that exist now, in a stable order."""
        wanted = {os.path.dirname(f) for f in self.files} | set(self.brief_dirs)
        return sorted(d for d in wanted if os.path.isdir(d))

    def filter(self, _change: object, path: str) -> bool:
        """`wants`, as watchfiles' `watch_filter`."""
        return self.wants(path)

    def wants(self, path: str) -> bool:
        """Does a change at `path` call for a reload?"""
        name = os.path.basename(path)
        if name.startswith((".", "#")) or name.endswith("~"):
            return False  # hidden, lock, swap, backup and atomic-write temp files
        full = _norm(path)
        if full in self.files:
            return True
        return full.endswith(BRIEF_SUFFIXES) and os.path.dirname(full) in self.brief_dirs


def watch_loop(
    targets: Callable[[], WatchTargets],
    changed: Callable[[set[str]], None],
    stop: threading.Event,
    watching: threading.Event | None = None,
) -> None:
    """Call `changed(paths)` for each batch of brief-file changes until `stop` is set.

    Runs in a thread. `targets` is asked again whenever the loop wakes, so a reload that finds new
    files, or a watched directory that is removed and recreated, is picked up within CHECK_MS.
    `watching` is set once the directories are watched (the first wake: changes made from then
    on are seen).
    """
    from watchfiles import watch  # Only when watching: not on the start-up path.

    while not stop.is_set():
        current = targets()
        directories = current.directories
        if not directories:
            stop.wait(CHECK_MS / 1000)
            continue
        try:
            for batch in watch(
                *directories,
                watch_filter=current.filter,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                rust_timeout=CHECK_MS,
                yield_on_timeout=True,
                stop_event=stop,
                recursive=False,
                raise_interrupt=False,
            ):
                if watching is not None:
                    watching.set()
                if batch:
                    changed({path for _change, path in batch})
                latest = targets()
                if latest != current or latest.directories != directories:
                    break  # watch the new set of directories
        except (OSError, RuntimeError):
            # A watched directory vanished under the watcher: look again shortly.
            stop.wait(CHECK_MS / 1000)
