"""`brief search` and `brief timeline` without click, and their output without Rich's console
where it can (JSON, or search results on a pipe: `brief.cli.output`).

A whole `brief search` process is what a reader compares with `grep`, and importing click and
Rich costs more than the search itself. So `brief.cli.main` hands these two commands here first.
Only the plain forms are read: anything else (help, another option, a query that looks like an
option, a bad number) returns None and click takes the command, so every message and exit code
stays click's. Results are printed by the same functions as the click commands print them
(`brief.cli.output`), and so are problems and warnings (importing Rich then).

The search and timeline themselves are here too (`find`, `timeline`), for both paths.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from brief.cli.pipe import closed_pipe_ends_quietly

if TYPE_CHECKING:
    from brief.model import Brief
    from brief.search import Result, SearchResults

EXIT_OK, EXIT_NO_MATCH = 0, 1  # as brief.cli.common and search_cmds have them (grep's)
_ORDERS = ("relevance", "time")


def json_text(results: Sequence[Result]) -> str:
    """The `--json` array, as both paths print it."""
    import json  # only here: text output needs none

    return json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2)


def find(query: str, paths: Sequence[str], limit: int | None, order: str) -> SearchResults:
    """`brief search`: every brief found is searched; a broken one is named on stderr."""
    from brief.index_store import load_indexed_library

    # Results are drawn from the index: no brief decoded. A cold start builds it as files load.
    library, index = load_indexed_library(paths)
    if library.broken:
        from brief.cli.common import print_problems

        for entry in library.broken:  # a broken brief is named, and the others are searched
            print_problems(entry.errors[:1] or entry.problems[:1])
    return index.search(query, limit=limit, order=order)  # type: ignore[arg-type]


def timeline(name: str, query: str) -> tuple[Brief, SearchResults]:
    """`brief timeline`: the brief (an id or a path) and its events matching `query`. Exits 1
    with the problems when there is no such brief. A name that can only be a file is read
    alone: the library is not loaded for it."""
    from brief.errors import BriefError
    from brief.library import Library, load_library
    from brief.search import SearchIndex

    try:
        found = (Library() if names_a_file(name) else load_library()).get(name)
    except BriefError as error:
        from brief.cli.common import fail

        fail(error)
    return found, SearchIndex([found]).timeline(found.id, query)


def names_a_file(name: str) -> bool:
    """Can `name` only be a path: has it a `/` or a .yaml/.yml suffix, which no id has?"""
    from brief.library import BRIEF_SUFFIXES

    return os.sep in name or os.path.splitext(name)[1] in BRIEF_SUFFIXES


def _warn(results: SearchResults) -> None:
    if results.warnings:
        from brief.cli.common import print_warnings

        print_warnings(results)


def main(argv: Sequence[str]) -> int | None:
    """Run `search`/`timeline` if argv is one of their plain forms; else None."""
    if not argv or argv[0] not in ("search", "timeline"):
        return None
    words: list[str] = []
    options: dict[str, str] = {}
    as_json = False
    rest = iter(argv[1:])
    for arg in rest:
        if arg == "--json":
            as_json = True
        elif argv[0] == "search" and arg in ("--limit", "-n", "--order"):
            value = next(rest, None)
            if value is None:
                return None
            options["limit" if arg in ("--limit", "-n") else "order"] = value
        elif arg.startswith("-") and arg != "-":
            return None  # help, another option, or a query click must judge
        else:
            words.append(arg)
    from brief.memory import gc_paused

    # One query per process, and it makes next to no garbage: the cycle collector would run some
    # 40 times and find a few hundred objects, for about a tenth of a warm search.
    with gc_paused():
        if argv[0] == "search":
            return _search(words, options, as_json)
        return _timeline(words, as_json)


def _search(words: list[str], options: dict[str, str], as_json: bool) -> int | None:
    limit_text, order = options.get("limit", "20"), options.get("order", "relevance")
    if not words or not limit_text.isdigit() or int(limit_text) < 1 or order not in _ORDERS:
        return None  # click words the usage error
    results = find(words[0], words[1:], int(limit_text), order)
    _warn(results)
    with closed_pipe_ends_quietly():
        if as_json:
            _print(json_text(results.results))
        else:
            from brief.cli.output import print_search

            print_search(results)
    return EXIT_OK if results.results else EXIT_NO_MATCH


def _timeline(words: list[str], as_json: bool) -> int | None:
    if not 1 <= len(words) <= 2:
        return None
    query = words[1] if len(words) == 2 else ""
    found, results = timeline(words[0], query)
    _warn(results)
    with closed_pipe_ends_quietly():
        if as_json:
            _print(json_text(results.results))
        else:
            from brief.cli.output import print_timeline

            print_timeline(results, len(found.timeline))
    return EXIT_NO_MATCH if query.strip() and not results.results else EXIT_OK


def _print(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
