"""The timeline's data: every event as an `EventRow`, and queries through the search engine.

Runs in a worker thread (never on the UI thread): building the index and answering a query over a
large library take longer than a frame.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from brief.model import Brief
from brief.tui.content import item_date
from brief.tui.widgets.event_list import EventRow

if TYPE_CHECKING:
    from brief.search import SearchIndex


@dataclass(frozen=True, slots=True)
class Outcome:
    """The rows matching one query, and what the query parser warned about."""

    query: str
    rows: list[EventRow]
    warnings: tuple[str, ...] = ()


def build_rows(brief: Brief) -> list[EventRow]:
    """Every event, in date order, as the list shows it."""
    sections = {s.id: s.title for s in brief.sections}
    actors = {a.id: a.name for a in brief.actors}
    # Many events share a date and a set of actors: label each once (a third of the time for
    # 100k events went to formatting the same labels again).
    dates: dict[tuple[object, ...], str] = {}
    names: dict[tuple[str, ...], str] = {}
    rows: list[EventRow] = []
    for event in brief.events_in_order():
        when = (event.date, event.end, event.approx, event.expected)
        date = dates.get(when)
        if date is None:
            date = dates[when] = item_date(event)
        who = tuple(event.actors)
        actor_names = names.get(who)
        if actor_names is None:
            actor_names = names[who] = ", ".join(actors.get(a, a) for a in who)
        section = event.section or ""
        rows.append(
            EventRow(event.id or "", event, date, sections.get(section, section), actor_names)
        )
    return rows


class TimelineData:
    """One brief's events and its search index (built on first use, off the UI thread)."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.rows = build_rows(brief)
        self.by_key = {row.key: row for row in self.rows}
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def index(self) -> SearchIndex:
        with self._lock:
            return self._index_locked()

    def _index_locked(self) -> SearchIndex:
        if self._index is None:
            from brief.search import SearchIndex  # Heavy-ish: built when first searched.

            self._index = SearchIndex([self.brief])
        return self._index

    def search(self, query: str) -> Outcome:
        """Events matching `query`, in timeline order, with the title's match spans."""
        if not query.strip():
            return Outcome(query, self.rows)
        # One search at a time: the index is one SQLite connection, and a worker for an older
        # query may still be finishing when the next starts.
        with self._lock:
            found = self._index_locked().timeline(self.brief.id, query, prefix_last=True)
        rows: list[EventRow] = []
        for result in found.results:
            row = self.by_key.get(result.id)
            if row is None:
                continue
            if result.title_spans:
                row = replace(row, title_spans=tuple(result.title_spans))
            rows.append(row)
        return Outcome(query, rows, tuple(found.warnings))
