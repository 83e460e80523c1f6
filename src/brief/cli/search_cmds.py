"""`brief search` and `brief timeline`: the query language from the shell.

Exit codes follow grep: 0 when something matched, 1 when nothing did, 2 for a usage error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

from brief.cli.arguments import PATHS_ARGUMENT
from brief.cli.common import EXIT_OK, EXIT_PROBLEMS, print_warnings, stdout_console
from brief.cli.lean import find, json_text, names_a_file, timeline
from brief.cli.output import print_search, print_timeline
from brief.search import Result

EXIT_NO_MATCH = EXIT_PROBLEMS  # like grep: 1 when nothing matched

SYNTAX_HELP = (
    'Query syntax (docs/search.md): words (all must match), "a phrase", -exclude, a OR b, '
    "actor:dar, tag:visas, section:defence, source:ID, kind:event|point|figure|actor|source, "
    "is:approx, is:expected, from:2025-07, to:2025-08, on:2024, date:2024..2025-06."
)


def _json(results: Sequence[Result]) -> None:
    click.echo(json_text(results))


class QueryCommand(click.Command):
    """A command whose QUERY may hold words that start with a dash: `brief search -exercise`.

    A word that starts with one dash and is not one of the command's options is a query term,
    wherever it stands: it joins the QUERY argument (the first plain argument in QUERY's place,
    if any). When a term stands in QUERY's place, the plain words after it join it too, up to
    the first that names a path. A mistyped long option (`--limt`) is still an error, with
    click's did-you-mean, and after `--` everything is an argument, as usual.
    """

    query_param = "query"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options, plain, terms, order = self._split(ctx, args)
        if terms:
            args = [*options, "--", *self._positionals(plain, terms, order)]
        return super().parse_args(ctx, args)

    def _split(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[list[str], list[str], list[str], list[bool]]:
        """(option tokens with their values, plain arguments, dash terms, and for each
        argument in order: is it a dash term?)"""
        known = {
            name: param
            for param in self.get_params(ctx)
            if isinstance(param, click.Option)
            for name in (*param.opts, *param.secondary_opts)
        }
        options: list[str] = []
        plain: list[str] = []
        terms: list[str] = []
        order: list[bool] = []
        tokens = iter(args)
        for token in tokens:
            if token == "--":
                rest = list(tokens)
                plain.extend(rest)
                order.extend([False] * len(rest))
                break
            if token.startswith("--") or self._is_short_option(ctx, token, known):
                options.append(token)  # an option, or a mistyped one for click to report
                option = known.get(token)
                if option is not None and not (option.is_flag or option.count):
                    value = next(tokens, None)  # `--limit 5`: its value, whatever it looks like
                    if value is not None:
                        options.append(value)
                continue
            is_term = token.startswith("-") and token != "-"
            (terms if is_term else plain).append(token)
            order.append(is_term)
        return options, plain, terms, order

    @staticmethod
    def _is_short_option(ctx: click.Context, token: str, known: dict[str, click.Option]) -> bool:
        """`-n` and `-n5` are options; `-naqvi` is a query term (its "aqvi" is no number)."""
        option = known.get(token[:2]) if token.startswith("-") else None
        if option is None:
            return False
        if len(token) == 2:
            return True
        if option.is_flag or option.count:
            return False
        try:
            option.type.convert(token[2:], option, ctx)
        except click.BadParameter:
            return False
        return True

    def _positionals(self, plain: list[str], terms: list[str], order: list[bool]) -> list[str]:
        """The arguments in their places, with the dash terms joined to QUERY."""
        arguments = [p for p in self.params if isinstance(p, click.Argument)]
        before = next(n for n, p in enumerate(arguments) if p.name == self.query_param)
        # QUERY's place: the first argument after those that come before it. A plain word
        # there starts the query; a dash term there starts it too.
        seen_plain = 0
        starts_with_term = True
        for is_term in order:
            if seen_plain < before:
                seen_plain += not is_term
                continue
            starts_with_term = is_term
            break
        head, rest = plain[:before], plain[before:]
        if not starts_with_term:
            return [*head, " ".join([rest.pop(0), *terms]), *rest]
        # `brief search -exercise visa`: the plain words after a leading dash term are words of
        # the query too, up to the first that names a path (`brief search -tag:visas briefs/`).
        words = list(terms)
        while rest and not _names_a_path(rest[0]):
            words.append(rest.pop(0))
        return [*head, " ".join(words), *rest]


def _names_a_path(word: str) -> bool:
    """A file or directory that exists, or a word that can only be a path (see `names_a_file`)."""
    return names_a_file(word) or os.path.exists(word)


# --- brief search ---------------------------------------------------------------------------


@click.command(
    "search",
    cls=QueryCommand,
    epilog="\b\nExamples:\n"
    "  brief search visa\n"
    "  brief search '\"cargo ship\" OR shipping'\n"
    "  brief search 'actor:dar from:2025-07 -tag:visas'\n"
    "  brief search 'section:defence date:2025-07..2025-08 -exercise' --json\n\n" + SYNTAX_HELP,
)
@click.argument("query")
@PATHS_ARGUMENT
@click.option("--limit", "-n", default=20, show_default=True, type=click.IntRange(min=1),
              help="Show at most this many results.")  # fmt: skip
@click.option("--order", type=click.Choice(["relevance", "time"]), default="relevance",
              show_default=True, help="Rank by relevance, or list in timeline order.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of results.")
def search_cmd(query: str, paths: tuple[str, ...], limit: int, order: str, as_json: bool) -> None:
    """Search every brief found for QUERY; results are ranked, best first.

    PATHS are brief files or directories (default: $BRIEF_PATH, ./briefs, the bundled
    briefs). A word that starts with a dash and is not an option joins QUERY wherever it
    stands (brief search -tag:visas), and so do the plain words after a leading one, up to a
    path (brief search -exercise visa). Exits 0 when something matched, 1 when nothing did.
    """
    results = find(query, paths, limit, order)
    print_warnings(results)
    if as_json:
        _json(results.results)
    else:
        print_search(results)
    sys.exit(EXIT_OK if results.results else EXIT_NO_MATCH)


# --- brief timeline -------------------------------------------------------------------------


@click.command(
    "timeline",
    cls=QueryCommand,
    epilog="\b\nExamples:\n"
    "  brief timeline pakistan-bangladesh\n"
    "  brief timeline pakistan-bangladesh 'from:2025-07 to:2025-08 section:defence'\n"
    "  brief timeline briefs/pakistan-bangladesh.yaml 'actor:dar' --json\n"
    "  brief timeline pakistan-bangladesh --chart --lanes actor --width 100\n\n" + SYNTAX_HELP,
)
@click.argument("brief")
@click.argument("query", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of events.")
@click.option("--chart", is_flag=True, help="Draw the events in lanes on a time axis.")
@click.option(
    "--width", type=click.IntRange(20, 400), help="The chart's width (default: the terminal's)."
)
@click.option(
    "--lanes",
    "lanes_by",
    type=click.Choice(["section", "actor", "tag"]),
    default="section",
    show_default=True,
    help="Lanes by section, actor or tag.",
)
def timeline_cmd(
    brief: str, query: str, as_json: bool, chart: bool, width: int | None, lanes_by: str
) -> None:
    """Show BRIEF's timeline in date order, filtered by QUERY.

    BRIEF is an id or a path. A word that starts with a dash and is not an option joins QUERY
    (brief timeline BRIEF -exercise). "c." marks an approximate date, "▷" an expected event.
    Exits 1 when a QUERY matched nothing.
    """
    if as_json and chart:
        raise click.UsageError("--json and --chart do not go together")
    found, results = timeline(brief, query)
    print_warnings(results)
    if as_json:
        _json(results.results)
    elif chart:
        from brief.chart import chart_of_results

        stdout_console(width).print(chart_of_results(found, results, lanes_by))  # type: ignore[arg-type]
    else:
        print_timeline(results, len(found.timeline))
    sys.exit(EXIT_NO_MATCH if query.strip() and not results.results else EXIT_OK)
