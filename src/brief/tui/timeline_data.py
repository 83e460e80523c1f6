"""The timeline's data: every event in date order, labelled once, and queries through the search
engine. The list's rows (`EventRow`) are made only when drawn (`TimelineRows`): making 100,000 of
them up front took half a second.

Built off the UI thread for a large brief (sorting and labelling 100,000 events takes longer than
a frame), and queries always run in a worker thread.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, overload

from brief.dates import date_label
from brief.model import Brief, Event

if TYPE_CHECKING:
    from brief.search import SearchIndex


Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event as the list shows it, with the search engine's match spans per field."""

    key: str
    event: Event
    date: str
    section: str
    actors: str
    title_spans: Spans = ()
    actor_spans: Spans = ()
    text_spans: Spans = field(default=(), compare=False)

    @property
    def title(self) -> str:
        return self.event.title


def list_date(event: Event) -> str:
    """The list's compact date: the start at its precision, an arrow for a range ("2024 →")."""
    label = date_label(event.date, approx=event.approx, expected=event.expected)
    return f"{label} →" if event.end is not None else label


# Sorts of at most this many items at a time: a single sort of 100,000 events is one C call that
# holds the GIL for about 0.1 s, freezing the UI thread meanwhile.
SORT_STEP = 8_192


def in_order(events: Sequence[Event]) -> list[Event]:
    """`brief.events_in_order()`, the same stable order, sorted in steps short enough that the
    UI thread gets the GIL between them: runs of `SORT_STEP` are sorted, then merged in pairs
    (a sort of two sorted runs is one merge)."""
    keys = [event.sort_key() for event in events]
    order = list(range(len(events)))
    width = SORT_STEP
    for start in range(0, len(order), width):
        order[start : start + width] = sorted(order[start : start + width], key=keys.__getitem__)
    while width < len(order):
        for start in range(0, len(order), 2 * width):
            run = order[start : start + 2 * width]
            order[start : start + 2 * width] = sorted(run, key=keys.__getitem__)
        width *= 2
    return [events[n] for n in order]


class TimelineRows(Sequence[EventRow]):
    """Some of the timeline's events, by position in date order, each made into an `EventRow`
    when asked for. What sizing the columns and the histogram need (the longest date and section
    labels, the count per year) is worked out here, in the worker that made the rows."""

    def __init__(
        self, data: TimelineData, positions: Sequence[int], spans: Sequence[Spans] = ()
    ) -> None:
        self._data = data
        self._positions = positions
        self._spans = spans  # title match spans, one per position, or none at all
        self.date_len = max(map(len, {data.dates[p] for p in positions}), default=4)
        self.section_len = max(map(len, {data.sections[p] for p in positions}), default=0)
        self.years = Counter(data.years[p] for p in positions)

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> EventRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[EventRow]: ...
    def __getitem__(self, index: int | slice) -> EventRow | list[EventRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        spans = self._spans[index] if self._spans else ()
        return self._data.row(self._positions[index], spans)

    @property
    def events(self) -> list[Event]:
        """The events themselves, in the rows' order (no rows made): the lanes chart's input."""
        events = self._data.events
        return [events[p] for p in self._positions]

    def find(self, key: str) -> int | None:
        """The index of event `key` among these rows, if it is one of them."""
        position = self._data.by_key.get(key)
        if position is None:
            return None
        try:
            return self._positions.index(position)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The rows matching one query, and what the query parser warned about."""

    query: str
    rows: TimelineRows
    warnings: tuple[str, ...] = ()


class TimelineData:
    """One brief's events and its search index (built on first use, off the UI thread)."""

    def __init__(self, brief: Brief) -> None:
        from brief.memory import gc_paused

        self.brief = brief
        # Hundreds of thousands of short-lived keys and labels, and no cycles: full collections
        # they set off (50 ms each with a large brief in memory) would stop the UI thread too.
        with gc_paused():
            self._build(brief)
        self.everything = TimelineRows(self, range(len(self.events)))
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def _build(self, brief: Brief) -> None:
        self.events = in_order(brief.timeline)
        self.by_key = {event.id or "": n for n, event in enumerate(self.events)}
        # Each event's labels, by position. Many events share a date and a set of actors: each
        # label is made once and shared.
        section_titles = {s.id: s.title for s in brief.sections}
        actor_names = {a.id: a.name for a in brief.actors}
        date_labels: dict[tuple[object, ...], str] = {}
        name_labels: dict[tuple[str, ...], str] = {}
        self.dates: list[str] = []
        self.sections: list[str] = []
        self.actors: list[str] = []
        self.years: list[int] = []
        for event in self.events:
            when = (event.date, event.end, event.approx, event.expected)
            date = date_labels.get(when)
            if date is None:
                date = date_labels[when] = list_date(event)
            who = tuple(event.actors)
            names = name_labels.get(who)
            if names is None:
                names = name_labels[who] = ", ".join(actor_names.get(a, a) for a in who)
            section = event.section or ""
            self.dates.append(date)
            self.sections.append(section_titles.get(section, section))
            self.actors.append(names)
            self.years.append(event.date.year)

    def row(self, position: int, title_spans: Spans = ()) -> EventRow:
        event = self.events[position]
        return EventRow(
            event.id or "",
            event,
            self.dates[position],
            self.sections[position],
            self.actors[position],
            title_spans,
        )

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
            return Outcome(query, self.everything)
        # One search at a time: the index is one SQLite connection, and a worker for an older
        # query may still be finishing when the next starts.
        with self._lock:
            # As written, as the CLI runs it: the box searches once typing stops (debounced).
            found = self._index_locked().timeline(self.brief.id, query)
        positions: list[int] = []
        spans: list[Spans] = []
        for result in found.results:
            position = self.by_key.get(result.id)
            if position is not None:
                positions.append(position)
                spans.append(tuple(result.title_spans))
        return Outcome(query, TimelineRows(self, positions, spans), tuple(found.warnings))
