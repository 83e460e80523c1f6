"""Starting the app: `brief`, `brief ID|PATH` and `brief open …` end here.

`brief.cli.main` hands the plain forms (`brief`, `brief ID|PATH`, with `--no-watch` and
`--no-history`) to `main` first, which starts the app without importing click: the app's first
frame comes that much sooner. Anything else (help, `open`, an unknown option, more than one
argument) returns None and click takes it, so its messages and exit codes stay click's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from brief.cli.commands import COMMANDS, OPEN_FLAGS


def run_app(
    paths: Sequence[str] = (),
    name: str | None = None,
    watch: bool = True,
    history: bool | None = None,
) -> None:
    import gc

    from brief.tui.app import BriefApp

    # Everything imported so far lives as long as the app: frozen, the full collections of the
    # first frames no longer walk it (one came during the first paint: 25-60 ms of start-up).
    gc.freeze()
    BriefApp(paths, name, watch=watch, history=history).run()


def open_call(
    brief: str | None, paths: Sequence[str], no_watch: bool, no_history: bool
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """`run_app`'s arguments for `brief open [BRIEF] [PATHS…]`: a directory is searched (the
    picker opens over it), anything else names the brief to open."""
    options = {"watch": not no_watch, "history": False if no_history else None}
    if brief is not None and Path(brief).expanduser().is_dir():
        return ((brief, *paths), None), options
    return (tuple(paths), brief), options


def main(argv: Sequence[str]) -> int | None:
    """Start the app if argv is a plain form of `brief [ID|PATH]`; else None."""
    names = [arg for arg in argv if arg not in OPEN_FLAGS]
    if len(names) > 1 or any(name.startswith("-") or name in COMMANDS for name in names):
        return None
    args, options = open_call(
        names[0] if names else None, (), "--no-watch" in argv, "--no-history" in argv
    )
    run_app(*args, **options)
    return 0
