"""The `brief` command line. Each command lives in its own module and is imported only when run,
so `brief --help` and the TUI start fast; `search` and `timeline` run without click
(`brief.cli.lean`; with `--json` or on a pipe without Rich's console either), and so does the
app's plain `brief [ID|PATH]` (`brief.cli.launch`). The click group is `brief.cli.group.cli`."""

from __future__ import annotations

import sys
from typing import Any

from brief.cli.commands import COMMANDS, OPEN_FLAGS

__all__ = ["COMMANDS", "OPEN_FLAGS", "main"]


def main() -> None:
    from brief.cli.launch import main as launch
    from brief.cli.lean import main as lean

    code = lean(sys.argv[1:])
    if code is None:
        code = launch(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from brief.cli.group import cli

    cli(prog_name="brief")


def __getattr__(name: str) -> Any:
    """`brief.cli.cli`, the click group, imported when asked for."""
    if name in ("cli", "LazyGroup"):
        from brief.cli import group

        return getattr(group, name)
    raise AttributeError(name)


if __name__ == "__main__":
    main()
