"""`brief` (no command) and `brief open [BRIEF] [PATHS...]`: start the Textual app.

Textual is imported only here, when the app is really opened, so other commands stay quick.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from brief.cli.arguments import PATHS_ARGUMENT


def run_app(
    paths: Sequence[str] = (),
    name: str | None = None,
    watch: bool = True,
    history: bool | None = None,
) -> None:
    from brief.tui.app import BriefApp

    BriefApp(paths, name, watch=watch, history=history).run()


def open_app(ctx: click.Context) -> None:
    """Called by `brief` with no command: the app on every brief found."""
    run_app()


@click.command("open")
@click.argument("brief", required=False)
@PATHS_ARGUMENT
@click.option("--no-watch", is_flag=True, help="Don't reload briefs when their files change.")
@click.option(
    "--no-history",
    is_flag=True,
    help="Don't record which version of a brief you opened, nor show what's new since.",
)
def open_cmd(brief: str | None, paths: tuple[str, ...], no_watch: bool, no_history: bool) -> None:
    """Open the app, on BRIEF (an id, a file, or a directory of briefs) if given.

    A directory opens the brief picker over the briefs in it. PATHS are extra files or
    directories of briefs, searched as well as the bundled ones.
    `brief --no-watch` and `brief --no-history` are short for `brief open --no-...`.
    """
    history = False if no_history else None
    if brief is not None and Path(brief).expanduser().is_dir():
        run_app((brief, *paths), None, watch=not no_watch, history=history)
    else:
        run_app(paths, brief, watch=not no_watch, history=history)
