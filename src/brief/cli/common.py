"""What every command shares: consoles that pipe well, problem lines on stderr, exit codes.

No click here: `brief.cli.lean` prints through these without importing it."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NoReturn

from rich.console import Console
from rich.text import Text

from brief.cli.pipe import stdout_to_devnull
from brief.errors import BriefError, Problem
from brief.text import one_line

if TYPE_CHECKING:
    from brief.library import Library
    from brief.model import Brief
    from brief.search import SearchResults

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _PipeConsole(Console):
    def on_broken_pipe(self) -> None:
        # A closed pipe (`| head`) ends the command quietly with 0, as other Unix tools do
        # (Rich's own handler exits 1).
        self.quiet = True
        stdout_to_devnull()
        raise SystemExit(EXIT_OK)


def stdout_console(width: int | None = None) -> Console:
    """Rich console for results. Plain text when piped; NO_COLOR and FORCE_COLOR are honoured by
    Rich itself. Markup and emoji codes are off: brief text is printed as it is."""
    return _PipeConsole(width=width, markup=False, emoji=False, highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    return Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)


def problem_text(problem: Problem) -> Text:
    """`path:line:col: message`, styled: the location bold, warnings yellow, errors red."""
    text = Text()
    # Problems about a whole file (it exists, it is not writable) have no position to point at.
    text.append(f"{problem.where}:", style="bold")
    if problem.severity == "warning":
        text.append(" warning:", style="yellow")
    else:
        text.append(" error:", style="red")
    text.append(f" {problem.message}")
    return text


def print_problems(problems: Iterable[Problem], console: Console | None = None) -> None:
    console = console or stderr_console()
    for problem in problems:
        console.print(problem_text(problem), soft_wrap=True)


def fail(problems: Sequence[Problem] | BriefError) -> NoReturn:
    """Print the problems on stderr, one line each, and exit 1."""
    if isinstance(problems, BriefError):
        problems = problems.problems
    print_problems(problems)
    sys.exit(EXIT_PROBLEMS)


def refuse_special_output(path: str) -> None:
    """Exit 2 if `path` is a FIFO, a device or a socket: only a regular file is ever replaced."""
    from brief.atomic import special_file

    kind = special_file(path)
    if kind is not None:
        message = f"is {kind}, not a regular file; to write there, write to stdout with `-o -`"
        print_problems([Problem(one_line(path), 0, 0, message)])
        sys.exit(EXIT_USAGE)


def open_brief(name: str, paths: Sequence[str] = ()) -> tuple[Brief, Library]:
    """Resolve BRIEF (an id or a path) in the library, or print why not and exit 1."""
    from brief.library import load_library

    try:
        library = load_library(paths)
        return library.get(name), library
    except BriefError as error:
        fail(error)


def print_warnings(results: SearchResults) -> None:
    """A query's warnings on stderr, one `warning: …` line each."""
    console = stderr_console()
    for warning in results.warnings:
        text = Text("warning:", style="yellow")
        text.append(f" {warning}", style="")
        console.print(text, soft_wrap=True)
