"""`brief list`, `brief validate` and `brief schema`: the library and the format, from the shell."""

from __future__ import annotations

import json
import sys

import click
from rich.text import Text

from brief.cli.arguments import PATHS_ARGUMENT
from brief.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    print_problems,
    problem_text,
    refuse_special_output,
    stderr_console,
    stdout_console,
)
from brief.library import Entry, Library, load_library
from brief.tables import FastTable
from brief.text import one_line


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.command(
    "list",
    epilog="Example: brief list            (the briefs found: $BRIEF_PATH, ./briefs, bundled)\n\n"
    "Example: brief list ~/briefs    (only the briefs in that directory)",
)
@PATHS_ARGUMENT
def list_cmd(paths: tuple[str, ...]) -> None:
    """List the briefs found, with their counts; files with problems come after them.

    PATHS are brief files or directories of them. Without PATHS, brief looks in $BRIEF_PATH,
    then ./briefs, then the briefs bundled with it. Exits 1 if any file has errors.
    """
    library = load_library(paths)
    console = stdout_console()
    if not console.is_terminal:
        console = stdout_console(width=10_000)  # piped: one line per brief, for grep and awk
    if any(entry.ok for entry in library.entries):
        console.print(_briefs_table(library))
    else:
        console.print("No briefs found." if not library.broken else "No brief loaded.")
    if library.broken:
        console.print()
        console.print(Text(f"{_plural(len(library.broken), 'file')} with problems:", "bold"))
        for entry in library.broken:
            first = entry.errors[0] if entry.errors else entry.problems[0]
            console.print(problem_text(first), soft_wrap=True)
        sys.exit(EXIT_PROBLEMS)


def _briefs_table(library: Library) -> FastTable:
    # FastTable: Rich's Table drew 10,000 tiny briefs in most of the command's time (issue 15).
    table = FastTable(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("as of", no_wrap=True)
    for column in ("sections", "points", "events", "actors"):
        table.add_column(column, justify="right")
    # From the entries: what the cache knows of each brief, so that none is decoded (10,000
    # tiny briefs: decoding them was a sixth of the command).
    for entry in library.entries:
        counts = entry.counts() if entry.ok else None
        if counts is None:
            continue
        table.add_row(
            Text(entry.brief_id or "", "cyan"),
            Text(entry.title or ""),
            Text(str(entry.as_of)),
            *(Text(str(counts[c])) for c in ("sections", "points", "events", "actors")),
        )
    return table


@click.command(
    "validate",
    epilog="Example: brief validate briefs/\n\n"
    "Example: brief validate my-brief.yaml --format json   (for editors and CI)",
)
@PATHS_ARGUMENT
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a verdict per file, problems on stderr; json: one document on stdout.",
)
def validate_cmd(paths: tuple[str, ...], output_format: str) -> None:
    """Check brief files and report every error and warning at path:line:col.

    PATHS are brief files or directories of them; without PATHS, the briefs brief finds
    (see `brief list`). Exits 0 if every file is valid (warnings allowed), 1 if any has errors.
    """
    library = load_library(paths)
    if output_format == "json":
        click.echo(json.dumps(_report(library), indent=2))
    else:
        _print_verdicts(library)
    failed = any(entry.errors for entry in library.entries)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _report(library: Library) -> dict[str, object]:
    """The machine-readable verdict: stable keys, every problem with its position."""
    files = [
        {
            "path": str(entry.path),
            "id": entry.brief.id if entry.brief else None,
            "ok": not entry.errors,
            "errors": len(entry.errors),
            "warnings": len(entry.warnings),
            "problems": [p.as_dict() for p in entry.problems],
        }
        for entry in library.entries
    ]
    return {"ok": all(f["ok"] for f in files), "files": files}


def _print_verdicts(library: Library) -> None:
    out, err = stdout_console(), stderr_console()
    if not library.entries:
        out.print("No brief files found.")
        return
    for entry in library.entries:
        out.print(_verdict(entry), soft_wrap=True)
        print_problems(entry.problems, err)
    failed = sum(1 for e in library.entries if e.errors)
    total = len(library.entries)
    summary = f"{_plural(total, 'file')} checked: " + (
        f"{failed} with errors" if failed else "all valid"
    )
    out.print(Text(summary, "bold red" if failed else "bold green"))


def _verdict(entry: Entry) -> Text:
    # File names are untrusted too: sanitised like the problems' paths.
    text = Text(f"{one_line(entry.problems[0].path if entry.problems else str(entry.path))}: ")
    warnings = f", {_plural(len(entry.warnings), 'warning')}" if entry.warnings else ""
    if entry.errors:
        text.append(f"{_plural(len(entry.errors), 'error')}{warnings}", "red")
    else:
        text.append("ok", "green")
        text.append(warnings.replace(", ", " (", 1) + (")" if warnings else ""), "yellow")
    return text


@click.command(
    "schema",
    epilog="Example: brief schema -o briefs/brief.schema.json\n\n"
    "Then start a brief with: # yaml-language-server: $schema=./brief.schema.json",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the schema to this file (atomically, replacing it) instead of stdout.",
)
def schema_cmd(output: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the brief format, generated from the model.

    Editors that use yaml-language-server (VS Code's YAML extension, Neovim, Helix...) then
    check a brief as you type; see docs/format.md.
    """
    text = schema_text()
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    refuse_special_output(output)
    from brief.atomic import write_atomic

    try:
        write_atomic(output, text, overwrite=True)
    except OSError as error:
        stderr_console().print(
            Text(f"{output}: cannot write the schema: {error.strerror or error}", "red"),
            soft_wrap=True,
        )
        sys.exit(EXIT_PROBLEMS)
    stderr_console().print(f"wrote {output}")


def schema_text() -> str:
    """The schema as written to briefs/brief.schema.json: indented, with a final newline."""
    from brief.model import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
