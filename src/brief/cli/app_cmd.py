"""`brief` (no command) and `brief open [BRIEF] [PATHS...]`: start the Textual app.

Textual is imported only when the app is really opened (`brief.cli.launch`), so other commands
stay quick. The plain forms (`brief`, `brief ID|PATH`) start it without click at all.
"""

from __future__ import annotations

import click

from brief.cli.arguments import PATHS_ARGUMENT
from brief.cli.launch import open_call, run_app


def open_app(ctx: click.Context) -> None:
    """Called by `brief` with no command: the app on every brief found."""
    args, options = open_call(None, (), no_watch=False, no_history=False)
    run_app(*args, **options)


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
    args, options = open_call(brief, paths, no_watch, no_history)
    run_app(*args, **options)
