"""The `brief` command line. Each command lives in its own module and is imported only when run,
so `brief --help` and the TUI start fast."""

from __future__ import annotations

import importlib
import os
import sys

import click

from brief import __version__

# name -> (module, function, one-line help). Help text is here too, so `brief --help` lists every
# command without importing any of them.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "open": ("brief.cli.app_cmd", "open_cmd", "Open the app (the default; `brief ID|PATH`)."),
    "list": ("brief.cli.library_cmds", "list_cmd", "List the briefs found, with counts."),
    "validate": ("brief.cli.library_cmds", "validate_cmd", "Check brief files for problems."),
    "schema": ("brief.cli.library_cmds", "schema_cmd", "Print the JSON Schema of the format."),
    "show": ("brief.cli.show_cmds", "show_cmd", "Print a brief as a formatted document."),
    "export": ("brief.cli.show_cmds", "export_cmd", "Export a brief to a file or stdout."),
    "search": ("brief.cli.search_cmds", "search_cmd", "Search across briefs."),
    "timeline": ("brief.cli.search_cmds", "timeline_cmd", "Show a brief's timeline, filtered."),
    "new": ("brief.cli.authoring_cmds", "new_cmd", "Start a new brief from a template."),
    "lint": ("brief.cli.authoring_cmds", "lint_cmd", "Check briefs for quality issues."),
    "diff": ("brief.cli.authoring_cmds", "diff_cmd", "Show what changed between two versions."),
}

# Options of `open` that may be given to `brief` itself.
OPEN_FLAGS = ("--no-watch", "--no-history")


class LazyGroup(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # `brief ID|PATH` is short for `brief open ID|PATH`, and `brief --no-watch` for
        # `brief open --no-watch`.
        if args and (
            (not args[0].startswith("-") and args[0] not in COMMANDS) or args[0] in OPEN_FLAGS
        ):
            args = ["open", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        # The reader stopped early (`brief show x | head`): end quietly with 0, as other Unix
        # tools do. Stdout goes to devnull so the interpreter's last flush can't fail. Rich
        # does that itself and then exits with 1: its exit is told apart by that devnull.
        devnull_before = _stdout_is_devnull()  # `> /dev/null` is not a closed pipe
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(0) from None
        except SystemExit as exit:
            if exit.code == 1 and not devnull_before and _stdout_is_devnull():
                raise click.exceptions.Exit(0) from None
            raise

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        return getattr(module, spec[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, spec[2]) for name, spec in COMMANDS.items()])


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Example: brief show pakistan-bangladesh",
)
@click.version_option(__version__, prog_name="brief")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Read, search and export structured briefings.

    With no command, opens the app on the briefs found (see `brief list`).
    """
    if ctx.invoked_subcommand is None:
        from brief.cli.app_cmd import open_app

        open_app(ctx)


def _stdout_is_devnull() -> bool:
    try:
        return os.path.samestat(os.fstat(sys.stdout.fileno()), os.stat(os.devnull))
    except (OSError, ValueError):
        return False


def main() -> None:
    cli(prog_name="brief")


if __name__ == "__main__":
    sys.exit(main())
