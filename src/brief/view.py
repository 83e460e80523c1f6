"""What the reader chose to see: a `View` of a brief, made by `select` from sections, a query and
the level of detail (the whole brief or its one-page summary).

Every surface that shows part of a brief (`brief show`, the exports, the TUI's export dialog)
selects here and hands the `View` to a renderer, which only draws. A query is matched by the
search engine (`search_matcher`), or by any `Matcher` a caller plugs in.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from brief.errors import ExportError
from brief.model import Actor, Brief, Event, Figure, Point, Section, Source, default_id

if TYPE_CHECKING:
    from brief.search import SearchIndex, SearchResults

# Without events marked `key`, a summary shows this many of the latest events (and every
# expected one).
RECENT_EVENTS = 5


@dataclass(frozen=True, slots=True)
class Match:
    """What a query matched in one brief, by position (items need not have ids)."""

    points: frozenset[tuple[int, int]] = frozenset()  # (section index, point index)
    events: frozenset[int] = frozenset()  # index into brief.timeline
    figures: frozenset[int] = frozenset()  # index into brief.figures
    actors: frozenset[str] = frozenset()  # ids of actors matched directly
    sources: frozenset[str] = frozenset()  # ids of sources matched directly
    warnings: tuple[str, ...] = ()


# A matcher turns a query string into a Match for a brief. The export and the TUI plug in the
# search engine's; tests may plug in their own.
Matcher = Callable[[Brief, str], Match]


@dataclass(slots=True)
class View:
    """The part of a brief the reader chose, ready to render or export."""

    brief: Brief
    sections: list[tuple[Section, list[Point]]]
    events: list[Event]
    figures: list[Figure]
    actors: list[Actor]
    sources: list[Source]
    section_ids: tuple[str, ...] = ()
    query: str | None = None
    warnings: tuple[str, ...] = ()
    numbers: dict[str, int] = field(default_factory=dict)
    # The one-page summary: sections without their points, and only the key events.
    summary: bool = False

    @property
    def scoped(self) -> bool:
        """True when the view is less than the whole brief (or the summary of less)."""
        return bool(self.section_ids or self.query)


def check_sections(brief: Brief, section_ids: Sequence[str]) -> None:
    """Raise ExportError for a section id the brief does not have, suggesting the closest."""
    known = [s.id for s in brief.sections]
    for sid in section_ids:
        if sid not in known:
            close = difflib.get_close_matches(sid, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"choose from: {', '.join(known)}"
            raise ExportError(f"{brief.id} has no section {sid!r}; {hint}")


def select(
    brief: Brief,
    *,
    sections: Sequence[str] | None = None,
    query: str | None = None,
    matcher: Matcher | None = None,
    summary: bool = False,
) -> View:
    """The view of `brief` for the chosen sections and query (None: everything).

    A query filters the points and the timeline; figures and actors are kept when they match
    or are referenced by what matched. Sections narrow everything to those sections. `summary`
    then keeps the sections without their points and only the key events (`key_events`).
    """
    section_ids = tuple(dict.fromkeys(sections or ()))
    check_sections(brief, section_ids)
    query = query.strip() if query and query.strip() else None
    match = (matcher or search_matcher)(brief, query) if query else None
    chosen = set(section_ids)

    def in_scope(section_id: str | None) -> bool:
        return not chosen or section_id in chosen

    kept_sections: list[tuple[Section, list[Point]]] = []
    for si, section in enumerate(brief.sections):
        if not in_scope(section.id):
            continue
        points = [
            p for pi, p in enumerate(section.points) if match is None or (si, pi) in match.points
        ]
        if match is None or points:
            kept_sections.append((section, points))
    events = [
        e
        for ei, e in enumerate(brief.timeline)
        if in_scope(e.section) and (match is None or ei in match.events)
    ]
    events.sort(key=Event.sort_key)
    figures = [
        f
        for fi, f in enumerate(brief.figures)
        if in_scope(f.section) and (match is None or fi in match.figures)
    ]
    if summary:
        kept_sections = [(section, []) for section, _ in kept_sections]
        events = key_events(events)
    items = [p for _, ps in kept_sections for p in ps] + events + figures
    if section_ids or match is not None or summary:
        referenced = {a for item in items for a in item.actors}
        if match is not None:
            referenced |= match.actors
        actors = [a for a in brief.actors if a.id in referenced]
        cited = {s for item in items for s in item.sources}
        if match is not None:
            cited |= match.sources
        sources = [s for s in brief.sources if s.id in cited]
    else:
        actors, sources = list(brief.actors), list(brief.sources)
    return View(
        brief=brief,
        sections=kept_sections,
        events=events,
        figures=figures,
        actors=actors,
        sources=sources,
        section_ids=section_ids,
        query=query,
        warnings=match.warnings if match else (),
        numbers=brief.source_numbers(),
        summary=summary,
    )


def key_events(events: Sequence[Event]) -> list[Event]:
    """The events a summary shows, in date order: those the author marked `key`; when none is
    marked, the RECENT_EVENTS latest that have happened, and every expected one."""
    ordered = sorted(events, key=Event.sort_key)
    marked = [e for e in ordered if e.key]
    if marked:
        return marked
    recent = {id(e) for e in [e for e in ordered if not e.expected][-RECENT_EVENTS:]}
    return [e for e in ordered if e.expected or id(e) in recent]


def search_matcher(brief: Brief, query: str) -> Match:
    """Match with the search engine (brief.search), so `--query` speaks the same language as
    `brief search` and the TUI's timeline box. Builds a throwaway index of this brief."""
    from brief.search import SearchIndex

    return index_matcher(SearchIndex([brief]))(brief, query)


def index_matcher(index: SearchIndex) -> Matcher:
    """A matcher over an index that already holds the brief (the TUI's), to avoid building one
    per export. The index is not thread-safe: call it from the thread that owns it."""

    def match(brief: Brief, query: str) -> Match:
        results = index.search(query, brief=brief.id, limit=None, order="time")
        return _match_from(brief, results)

    return match


def _match_from(brief: Brief, results: SearchResults) -> Match:
    found = {(r.kind, r.id) for r in results.results}
    # Items written without an id are addressed the way the loader and the index name them.
    points = frozenset(
        (si, pi)
        for si, s in enumerate(brief.sections)
        for pi, p in enumerate(s.points)
        if ("point", p.id or default_id("point", pi + 1, s.id)) in found
    )
    events = frozenset(
        ei
        for ei, e in enumerate(brief.timeline)
        if ("event", e.id or default_id("event", ei + 1)) in found
    )
    figures = frozenset(
        fi
        for fi, f in enumerate(brief.figures)
        if ("figure", f.id or default_id("figure", fi + 1)) in found
    )
    return Match(
        points=points,
        events=events,
        figures=figures,
        actors=frozenset(i for kind, i in found if kind == "actor"),
        sources=frozenset(i for kind, i in found if kind == "source"),
        warnings=results.warnings,
    )
