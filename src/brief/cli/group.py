"""The `brief` click group: commands imported lazily from `brief.cli.COMMANDS`."""

from __future__ import annotations

import importlib

import click

from brief import __version__
from brief.cli.commands import COMMANDS, OPEN_FLAGS
from brief.cli.pipe import stdout_to_devnull


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
        # The reader stopped early (`brief search x --json | head`): end quietly with 0, as
        # other Unix tools do. Stdout goes to devnull so the interpreter's last flush can't fail.
        # (Rich's output has its own handler: `cli.common.stdout_console`.)
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            stdout_to_devnull()
            raise click.exceptions.Exit(0) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        command: click.Command = getattr(module, spec[1])
        return command

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
