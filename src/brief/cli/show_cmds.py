"""`brief show` (the brief as a formatted document) and `brief export` (to a file or stdout)."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypedDict

import click
from rich.text import Text

from brief.cli.common import (
    EXIT_USAGE,
    fail,
    open_brief,
    print_problems,
    refuse_special_output,
    stderr_console,
    stdout_console,
)
from brief.cli.pipe import closed_pipe_ends_quietly
from brief.errors import ExportError
from brief.export import (
    DEFAULT_WIDTH,
    FORMATS,
    MAX_WIDTH,
    MIN_WIDTH,
    Format,
    StripTrailing,
    default_filename,
    export_file,
    output_format,
    write_export,
)
from brief.summary import iter_document
from brief.tables import print_block
from brief.view import check_sections, select

if TYPE_CHECKING:
    from brief.model import Brief
    from brief.view import View

WIDTH = click.IntRange(MIN_WIDTH, MAX_WIDTH)


def _checked_sections(brief: Brief, sections: Sequence[str]) -> list[str]:
    """The --section values, or a usage error naming the closest section id."""
    try:
        check_sections(brief, sections)
    except ExportError as error:
        raise click.BadParameter(error.problems[0].message, param_hint="'--section'") from None
    return list(sections)


def _note(message: str, style: str = "") -> None:
    """One line on stderr: results stay alone on stdout."""
    stderr_console().print(Text(message, style=style), soft_wrap=True)


# --- brief show ----------------------------------------------------------------------------------


@click.command(
    "show",
    epilog="\b\nExamples:\n  brief show pakistan-bangladesh\n"
    "  brief show pakistan-bangladesh --summary\n"
    "  brief show pakistan-bangladesh --section defence --width 80 | less -R",
)
@click.argument("name", metavar="BRIEF")
@click.option("--section", metavar="ID", help="Show only this section (an id, e.g. diplomacy).")
@click.option("-q", "--query", metavar="Q", help="Keep what matches (the search language).")
@click.option(
    "--summary", is_flag=True, help="The one-page summary: no points, only the key events."
)
@click.option(
    "--width",
    type=WIDTH,
    help=f"Layout width in columns [default: the terminal's, at most {DEFAULT_WIDTH}].",
)
def show_cmd(
    name: str, section: str | None, query: str | None, summary: bool, width: int | None
) -> None:
    """Print BRIEF (an id or a path) as a formatted document.

    A title block with its source line, the summary, key figures, each section with its
    points, the timeline, actors and references; with --summary, one page of it. Plain text
    when piped; NO_COLOR is honoured.
    """
    brief, _ = open_brief(name)
    sections = _checked_sections(brief, [section] if section else [])
    view = select(brief, sections=sections, query=query, summary=summary)
    # Long lines are hard to read: a wide terminal still gets at most DEFAULT_WIDTH columns.
    width = width or min(stdout_console().width, DEFAULT_WIDTH)
    console = stdout_console(width)
    if not console.is_terminal:
        # Piped or redirected: no padding spaces at the ends of lines.
        console.file = StripTrailing(console.file)  # type: ignore[assignment]
    # The whole document names its query in a footer; the summary always has its own.
    blocks = iter_document(view, footer=bool(view.query) and not summary, width=width)
    with closed_pipe_ends_quietly():
        for block in blocks:
            print_block(console, block)
        console.file.flush()
        sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
    _report(view, None, "")


# --- brief export --------------------------------------------------------------------------------


@click.command(
    "export",
    help=f"""Export BRIEF (an id or a path) as {", ".join(FORMATS)}.

    Files are written atomically and never replaced without --force.""",
    epilog="\b\nExamples:\n"
    "  brief export pakistan-bangladesh -o brief.html\n"
    "  brief export pakistan-bangladesh --summary -o brief-summary.svg\n"
    "  brief export pakistan-bangladesh --format md -o - > brief.md\n"
    "  brief export pakistan-bangladesh --query 'actor:dar' -o dar.svg\n"
    "  brief export pakistan-bangladesh --section defence --format json -o -",
)
@click.argument("name", metavar="BRIEF")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format [default: from -o's extension, else text].",
)
@click.option(
    "-o",
    "--output",
    metavar="FILE|-",
    help="Where to write; '-' for stdout [default: ./<brief-id>-<as_of>.<ext>].",
)
@click.option(
    "--section", "sections", multiple=True, metavar="ID", help="Export only this section (repeat)."
)
@click.option("-q", "--query", metavar="Q", help="Keep what matches (the search language).")
@click.option(
    "--summary", is_flag=True, help="The one-page summary: no points, only the key events."
)
@click.option(
    "--width",
    type=WIDTH,
    default=DEFAULT_WIDTH,
    show_default=True,
    help="Layout width for text, ansi, html and svg.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def export_cmd(
    name: str,
    fmt: Format | None,
    output: str | None,
    sections: tuple[str, ...],
    query: str | None,
    summary: bool,
    width: int,
    force: bool,
) -> None:
    brief, _ = open_brief(name)
    chosen = _checked_sections(brief, sections) or None
    to_stdout = output == "-"
    fmt = _output_format(None if to_stdout else output, fmt)
    options = ExportOptions(width=width, sections=chosen, query=query, summary=summary)
    try:
        if to_stdout:
            with _utf8_stdout() as out:
                view = write_export(out, brief, fmt, **options)
        else:
            path = Path(output) if output else Path(default_filename(brief, fmt))
            refuse_special_output(str(path))
            view = export_file(brief, fmt, path, force=force, **options)
    except ExportError as error:
        fail(error)
    _report(view, None if to_stdout else path, fmt)


class ExportOptions(TypedDict):
    width: int
    sections: list[str] | None
    query: str | None
    summary: bool


def _output_format(output: str | None, fmt: Format | None) -> Format:
    """--format and -o's extension agreed on one format, or a usage error (exit 2) saying why."""
    try:
        return output_format(output, fmt)
    except ExportError as error:
        print_problems(error.problems)
        sys.exit(EXIT_USAGE)


@contextlib.contextmanager
def _utf8_stdout() -> Iterator[TextIO]:
    """Stdout as UTF-8 whatever the locale (exports are UTF-8 documents)."""
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=False)
    try:
        with closed_pipe_ends_quietly():
            yield out
            out.flush()
    finally:
        with contextlib.suppress(ValueError, BrokenPipeError):
            out.detach()


def _report(view: View, path: Path | None, fmt: str) -> None:
    for warning in view.warnings:
        _note(f"warning: query: {warning}", "yellow")
    # A query keeps a section only for its matching points (in a summary, without them).
    if view.query and not (view.events or view.sections):
        _note(f"note: nothing in {view.brief.id} matches {view.query!r}", "yellow")
    if path is not None:
        size = path.stat().st_size
        _note(f"Wrote {fmt} export to {path} ({_size(size)})")


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} KB"
