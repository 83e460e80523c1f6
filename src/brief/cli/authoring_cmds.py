"""Commands for authors: `brief new`, `brief lint` and `brief diff`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.table import Table
from rich.text import Text

from brief.cli.arguments import PATHS_ARGUMENT
from brief.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    print_problems,
    stderr_console,
    stdout_console,
)
from brief.errors import BriefError, Problem
from brief.markdown import md_escape
from brief.text import one_line, sanitize

if TYPE_CHECKING:
    from brief.diff import BriefDiff, Change, ItemKind
    from brief.lint import Finding
    from brief.model import Brief


def _say(message: str, *, style: str = "") -> None:
    """One line on stderr, never parsed as markup."""
    stderr_console().print(Text(message, style=style), soft_wrap=True)


# --- brief new ----------------------------------------------------------------------------------


@click.command(
    "new",
    epilog="Example: brief new india-china --title 'India–China relations'",
)
@click.argument("slug")
@click.option("--title", help="The brief's title (default: from the slug).")
@click.option(
    "--dir",
    "directory",
    default="briefs",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write SLUG.yaml; created if missing.",
)
def new_cmd(slug: str, title: str | None, directory: Path) -> None:
    """Start a new brief: write DIR/SLUG.yaml from a template.

    The starter has the standard sections, a commented example of every kind of item, and a
    schema modeline for editors. It validates as written. An existing file is never
    overwritten.
    """
    from brief import template
    from brief.atomic import describe_os_error, write_atomic

    title = template.default_title(slug) if title is None else title
    try:
        template.check_slug(slug)
    except template.TemplateError as error:
        raise click.BadParameter(str(error), param_hint="SLUG") from None
    try:
        template.check_title(title)
    except template.TemplateError as error:
        raise click.BadParameter(str(error), param_hint="--title") from None
    target = directory / f"{slug}.yaml"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        schema, schema_found = template.schema_reference(directory)
        # Atomic, and never over an existing file, even one created while we were writing.
        write_atomic(target, template.render(slug, title, schema=schema), overwrite=False)
    except FileExistsError:
        _fail_line(target, "already exists; nothing was written (choose another SLUG or --dir)")
    except OSError as error:
        _fail_line(target, f"cannot write: {describe_os_error(error)}")
    shown = one_line(str(target))
    click.echo(f"Created {shown}")
    click.echo(f"Next: edit it, then run `brief validate {shown}` and `brief lint {shown}`.")
    if not schema_found:
        click.echo(
            f"Tip: `brief schema -o {one_line(str(directory / template.SCHEMA_NAME))}` lets "
            "your editor check the brief as you type (see docs/authoring.md)."
        )


def _fail_line(path: Path, message: str) -> NoReturn:
    print_problems([Problem(one_line(str(path)), 0, 0, message)])
    sys.exit(EXIT_PROBLEMS)


# --- brief lint ---------------------------------------------------------------------------------


def _ignore_option(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> list[str]:
    from brief.lint import UnknownRuleError, check_rule_ids

    try:
        return check_rule_ids(part for value in values for part in value.split(","))
    except UnknownRuleError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from None


@click.command(
    "lint",
    epilog="Example: brief lint briefs/ --ignore unused-actor,tag-typo",
)
@PATHS_ARGUMENT
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULE,...",
    callback=_ignore_option,
    help="Skip these rules (comma-separated, repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json gives CI and editors a machine-readable list.",
)
@click.option("--list-rules", is_flag=True, help="List the rules with their fix hints and exit.")
def lint_cmd(paths: tuple[str, ...], ignore: list[str], fmt: str, list_rules: bool) -> None:
    """Check briefs for quality problems beyond validity.

    PATHS are brief files or directories (default: the briefs found, as `brief list` finds
    them). Findings print as `path:line:col: message [rule]`. A brief can silence rules with a
    top-level `lint: {ignore: [RULE, ...]}`. Exits 0 when clean, 1 when there are findings or
    a file does not load, 2 on a usage error.
    """
    from brief.library import discover
    from brief.lint import lint_file

    if list_rules:
        _print_rules(fmt)
        return
    findings: list[Finding] = []
    problems: list[Problem] = []
    files = discover(paths)
    for path in files:
        file_findings, file_problems = lint_file(path, ignore=ignore)
        findings += file_findings
        problems += file_problems
    if fmt == "json":
        click.echo(_lint_json(findings, problems))
    else:
        _print_lint_text(findings, problems, len(files))
    sys.exit(EXIT_PROBLEMS if findings or problems else EXIT_OK)


def _print_rules(fmt: str) -> None:
    from brief.lint import RULES

    if fmt == "json":
        data = [{"id": r.id, "explanation": r.explanation, "hint": r.hint} for r in RULES.values()]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("rule", style="cyan", no_wrap=True)
    table.add_column("checks")
    table.add_column("fix")
    for rule in RULES.values():
        table.add_row(rule.id, rule.explanation, rule.hint)
    stdout_console().print(table)


def _lint_json(findings: Sequence[Finding], problems: Sequence[Problem]) -> str:
    data = {
        "findings": [f.as_dict() for f in findings],
        "problems": [p.as_dict() for p in problems],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _print_lint_text(
    findings: Sequence[Finding], problems: Sequence[Problem], n_files: int
) -> None:
    """Findings on stdout, one line each; load problems, the tally and the fix hints of the
    rules that fired on stderr, so stdout stays one finding per line for tools."""
    from brief.lint import RULES

    print_problems(problems)
    out = stdout_console()
    for finding in findings:
        line = Text()
        line.append(f"{finding.path}:{finding.line}:{finding.col}:", style="bold")
        line.append(f" {finding.message} ")
        line.append(f"[{finding.rule}]", style="cyan")
        out.print(line, soft_wrap=True)
    err = stderr_console()
    if not findings and not problems:
        err.print(Text(f"{_plural(n_files, 'file')} checked: no findings.", style="green"))
        return
    if findings:
        fired = Counter(f.rule for f in findings)
        noun = _plural(len(findings), "finding")
        err.print(Text(f"{noun} in {_plural(n_files, 'file')}.", style="bold"))
        for rule_id in fired:
            hint = Text(f"  {rule_id}: ", style="cyan")
            hint.append(RULES[rule_id].hint, style="")
            err.print(hint, soft_wrap=True)
    if problems:
        broken = len({p.path for p in problems if p.severity == "error"})
        err.print(Text(f"{_plural(broken, 'file')} could not be loaded.", style="red"))


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# --- brief diff ---------------------------------------------------------------------------------


@click.command(
    "diff",
    epilog=(
        "Examples: brief diff old.yaml briefs/pakistan-bangladesh.yaml\n\n"
        "brief diff --git HEAD~1 briefs/pakistan-bangladesh.yaml --format md"
    ),
)
@click.argument(
    "paths",
    nargs=-1,
    metavar="OLD NEW",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option("--git", "rev", metavar="REV", help="Compare PATH with its version at git REV.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "md"]),
    default="table",
    show_default=True,
)
def diff_cmd(paths: tuple[Path, ...], rev: str | None, fmt: str) -> None:
    """Show what changed between two versions of a brief: OLD NEW, or --git REV PATH.

    Events, points, figures and actors are matched by id where the author gave one, otherwise
    by date and title (or label, or text). Exits 0 when there are no differences, 1 when there
    are, and 2 on trouble (a usage error, a file that does not load, an unknown git revision),
    as `diff` does.
    """
    from brief.diff import diff_briefs

    if rev is not None and (rev.startswith("-") or not rev.strip()):
        # A REV like `--output=x` would otherwise reach git as an option.
        raise click.BadParameter(f"{rev!r} is not a git revision", param_hint="--git")
    if rev is None and len(paths) != 2:
        raise click.UsageError("give two files, OLD and NEW (or one file with --git REV)")
    if rev is not None and len(paths) != 1:
        raise click.UsageError("with --git REV, give the one file to compare")
    # Labels are named as the loader names files: control characters made visible.
    if rev is not None:
        path = paths[0]
        old_label, new_label = one_line(f"{path}@{rev}"), one_line(str(path))
        old = _load_or_exit(lambda: _load_git(path, rev), old_label)
    else:
        old_label, new_label = one_line(str(paths[0])), one_line(str(paths[1]))
        old = _load_or_exit(lambda: _load(paths[0]), old_label)
        path = paths[1]
    new = _load_or_exit(lambda: _load(path), new_label)
    result = diff_briefs(old, new)
    if fmt == "json":
        data = {"old": old_label, "new": new_label, **result.as_dict()}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif fmt == "md":
        click.echo(diff_markdown(result, old_label, new_label), nl=False)
    else:
        _print_diff_table(result, old_label, new_label)
    sys.exit(EXIT_PROBLEMS if result else EXIT_OK)


def _load(path: Path) -> Brief:
    from brief.load import load_brief

    return load_brief(path)


def _load_or_exit(load: Callable[[], Brief], label: str) -> Brief:
    # diff's own convention: 1 means "different", so trouble is 2.
    try:
        return load()
    except BriefError as error:
        print_problems(error.problems)
        _say(f"brief diff: {label} could not be loaded.", style="red")
        sys.exit(EXIT_USAGE)


class GitError(BriefError):
    """`git show` could not produce the old version."""


def _load_git(path: Path, rev: str) -> Brief:
    from brief.load import load_bytes

    return load_bytes(git_show(path, rev), one_line(f"{path}@{rev}"))


def git_show(path: Path, rev: str) -> bytes:
    """The bytes of `path` at git revision `rev`, read in the file's own repository."""
    name = one_line(str(path))
    git = shutil.which("git")
    if git is None:
        raise GitError(Problem(name, 0, 0, "--git needs git, which is not installed"))
    folder = path.resolve().parent

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        # LC_ALL=C keeps git's messages in English for the one line we pass on.
        env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
        return subprocess.run([git, "-C", str(folder), *args], capture_output=True, env=env)

    if run("rev-parse", "--is-inside-work-tree").returncode != 0:
        raise GitError(Problem(name, 0, 0, f"not in a git repository ({one_line(str(folder))})"))
    # `./name` is relative to -C's folder; --end-of-options keeps an odd REV from being an option.
    shown = run("show", "--end-of-options", f"{rev}:./{path.name}")
    if shown.returncode != 0:
        reason = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        message = sanitize(reason[0].removeprefix("fatal: ")) if reason else "git show failed"
        raise GitError(Problem(name, 0, 0, f"cannot read it at {rev!r}: {message}"))
    return shown.stdout


# Rendering a diff. Brief text is untrusted: Rich gets Text objects (never markup) and
# Markdown gets escaped text.

_CHANGE_STYLE = {"added": "green", "removed": "red", "changed": "yellow"}


def value_text(value: Any) -> str:
    """A field's value as one readable string: lists joined, absent as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value) or "[]"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def _tally(result: BriefDiff) -> str:
    counts = result.counts()
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "no differences"


def _print_diff_table(result: BriefDiff, old_label: str, new_label: str) -> None:
    console = stdout_console()
    heading = Text(f"{old_label} → {new_label}: ", style="bold")
    heading.append(_tally(result))
    console.print(heading, soft_wrap=True)
    if not result:
        return
    table = Table(show_lines=False, header_style="bold", expand=False)
    for name in ("change", "item", "name", "field", "before", "after"):
        table.add_column(name, overflow="fold", no_wrap=name in ("change", "item"))
    for change in result:
        for n, row in enumerate(_rows(change)):
            first = n == 0
            table.add_row(
                Text(change.kind if first else "", style=_CHANGE_STYLE[change.kind]),
                Text(change.item if first else ""),
                Text(change.label if first else ""),
                *(Text(cell) for cell in row),
                end_section=False,
            )
    console.print(table)


def _rows(change: Change) -> Iterable[tuple[str, str, str]]:
    if change.kind != "changed":
        yield ("", "", "")
        return
    for field in change.fields:
        yield (field.field, value_text(field.old), value_text(field.new))


_MD_HEADINGS: dict[ItemKind, str] = {
    "brief": "Brief",
    "section": "Sections",
    "point": "Points",
    "event": "Timeline",
    "figure": "Figures",
    "actor": "Actors",
    "source": "Sources",
}


def diff_markdown(result: BriefDiff, old_label: str, new_label: str) -> str:
    lines = [f"# Changes: {md_escape(old_label)} → {md_escape(new_label)}", ""]
    lines += [f"{_tally(result).capitalize()}.", ""]
    for item, heading in _MD_HEADINGS.items():
        changes = result.of(item)
        if not changes:
            continue
        lines += [f"## {heading}", ""]
        for change in changes:
            lines.append(f"- **{change.kind}** {md_escape(change.label)}")
            for field in change.fields:
                old, new = md_escape(value_text(field.old)), md_escape(value_text(field.new))
                lines.append(f"  - `{field.field}`: {old} → {new}")
        lines.append("")
    return "\n".join(lines)
