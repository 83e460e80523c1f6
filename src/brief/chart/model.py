"""Lanes of events, indexed for the chart: per lane and kind of mark, sorted first and last
days, so that the events touching a cell are two binary searches away.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from itertools import chain
from typing import TYPE_CHECKING, Literal

from brief.dates import PartialDate

if TYPE_CHECKING:
    from brief.model import Brief, Event


LaneBy = Literal["section", "actor", "tag"]
LANE_BYS: tuple[LaneBy, ...] = ("section", "actor", "tag")
# Stack at most this many events per lane, the last row saying how many more collided.
DEPTH = 3
# Lanes beyond this many (the least used actors or tags) share one "Other" lane: a brief with
# hundreds of tags stays a chart, not a list.
MAX_LANES = 24
MAX_LABEL = 18
# The chart's smallest cell is a day; its widest window ends at the calendar's ends.
FIRST_DAY, LAST_DAY = dt.date(1, 1, 1).toordinal(), dt.date(9999, 12, 31).toordinal()

# A line: runs of text, each with the name of its role (None: unstyled).
Run = tuple[str, str | None]
Line = list[Run]


class Kind(IntEnum):
    """What an event's mark looks like; the order is the stacking order within a cell."""

    PERIOD = 0  # has an `end`: a bar
    COARSE = 1  # a month or year: across its interval, lighter
    APPROX = 2  # approximate: uncertain
    EXPECTED = 3  # expected, in the future
    EXACT = 4  # a day


HEAD = {Kind.PERIOD: "◆", Kind.COARSE: "◦", Kind.APPROX: "○", Kind.EXPECTED: "▷", Kind.EXACT: "●"}
BODY = {Kind.PERIOD: "━", Kind.COARSE: "┄", Kind.APPROX: "╌", Kind.EXPECTED: "┄", Kind.EXACT: "●"}
ROLE = {
    Kind.PERIOD: "period",
    Kind.COARSE: "coarse",
    Kind.APPROX: "approx",
    Kind.EXPECTED: "expected",
    Kind.EXACT: "exact",
}
ROLES = (*ROLE.values(), "more", "as-of", "axis", "label", "cursor")
AS_OF_MARK = "┆"


def kind_of(event: Event) -> Kind:
    if event.expected:
        return Kind.EXPECTED
    if event.approx:
        return Kind.APPROX
    if event.end is not None:
        return Kind.PERIOD
    return Kind.EXACT if event.date.day is not None else Kind.COARSE


def days_of(event: Event) -> tuple[int, int]:
    """The first and last day (ordinals) the event covers: a year-only date covers its year."""
    return event.date.start.toordinal(), (event.end or event.date).end.toordinal()


@dataclass(slots=True)
class Lane:
    """One lane's events (indices into `ChartData.events`, in date order) and, per kind, their
    first and last days, each list sorted: the bins' binary searches run on these."""

    label: str
    members: list[int] = field(default_factory=list)
    firsts: list[int] = field(default_factory=list)  # parallel to members, so sorted
    kinds: dict[Kind, tuple[list[int], list[int]]] = field(default_factory=dict)

    def seal(self) -> None:
        # Firsts arrive in date order; lasts (periods, coarse dates) need a sort.
        self.kinds = {kind: bins for kind, bins in self.kinds.items() if bins[0]}
        for _, lasts in self.kinds.values():
            lasts.sort()


class ChartData:
    """Events in date order, split into lanes. Build it once per result set (off the UI thread
    for a large one); every window is then laid out from it without looking at single events."""

    def __init__(
        self,
        events: Sequence[Event],
        lanes: list[Lane],
        by: LaneBy,
        as_of: PartialDate | None,
        lane_keys: list[tuple[int, ...]],
    ) -> None:
        self.events = events
        self.lanes = lanes
        self.by = by
        self.as_of = as_of.end.toordinal() if as_of is not None else None
        self.as_of_label = as_of.display() if as_of is not None else ""
        self._lane_keys = lane_keys  # per event, the lanes it is in (first one first)

    @classmethod
    def build(cls, brief: Brief, events: Sequence[Event], by: LaneBy = "section") -> ChartData:
        """Lanes of `events` (in date order) by section (the brief's order), actor or tag (the
        busiest first); an event with several actors or tags is in each of their lanes."""
        if by not in LANE_BYS:
            raise ValueError(f"lanes by {by!r}? choose from {', '.join(LANE_BYS)}")
        keys = list(map(_keys_function(by), events))
        counts = Counter(chain.from_iterable(keys))
        order = _lane_order(brief, by, counts)
        if len(order) > MAX_LANES:
            kept, rest = order[: MAX_LANES - 1], order[MAX_LANES - 1 :]
            other = f"Other ({len(rest)})"
            slot = {key: n for n, key in enumerate(kept)} | {key: len(kept) for key in rest}
            labels = [_lane_label(brief, by, key) for key in kept] + [other]
        else:
            slot = {key: n for n, key in enumerate(order)}
            labels = [_lane_label(brief, by, key) for key in order]
        lanes = [Lane(label, kinds={kind: ([], []) for kind in Kind}) for label in labels]
        # The loop below is the only per-event work (0.85 s -> 0.12 s for 100,000 events with
        # these local lookups and the spans cached by date object). It keeps no new object per
        # event (the lanes of an event are a tuple shared by every event with the same keys):
        # 100,000 new tuples made the garbage collector run a full pass, 100-200 ms with every
        # thread stopped, during most builds.
        members = [lane.members for lane in lanes]
        firsts = [lane.firsts for lane in lanes]
        bins = [lane.kinds for lane in lanes]
        lane_keys: list[tuple[int, ...]] = []
        days: dict[tuple[int, int], tuple[int, int]] = {}
        slots_of: dict[tuple[str, ...], tuple[int, ...]] = {}
        for index, (event, mine) in enumerate(zip(events, keys, strict=True)):
            when = (id(event.date), id(event.end))
            span = days.get(when)
            if span is None:
                span = days[when] = days_of(event)
            first, last = span
            kind = kind_of(event)
            named = tuple(mine)
            slots = slots_of.get(named)
            if slots is None:
                slots = slots_of[named] = tuple(dict.fromkeys(slot[k] for k in named))
            for n in slots:
                members[n].append(index)
                firsts[n].append(first)
                pair = bins[n][kind]
                pair[0].append(first)
                pair[1].append(last)
            lane_keys.append(slots)
        for lane in lanes:
            lane.seal()
        return cls(events, lanes, by, brief.as_of, lane_keys)

    def lanes_of(self, index: int) -> tuple[int, ...]:
        return self._lane_keys[index]

    def span(self, index: int) -> tuple[int, int]:
        return days_of(self.events[index])

    def extent(self) -> tuple[int, int] | None:
        """The first and last day any event covers, or None without events."""
        if not self.events:
            return None
        first = min(lane.firsts[0] for lane in self.lanes if lane.firsts)
        last = max(lasts[-1] for lane in self.lanes for _, lasts in lane.kinds.values())
        return first, last


def _keys_function(by: LaneBy) -> Callable[[Event], Sequence[str]]:
    """What names an event's lanes; "" when it has none."""
    if by == "section":
        sections: dict[str | None, tuple[str]] = {}  # one tuple per section, not per event
        return lambda event: (
            sections.get(event.section)
            or sections.setdefault(event.section, (event.section or "",))
        )
    if by == "actor":
        return lambda event: event.actors or ("",)
    return lambda event: event.tags or ("",)


def _lane_order(brief: Brief, by: LaneBy, counts: Counter[str]) -> list[str]:
    """Sections keep the brief's (the tabs') order; actors and tags go busiest first. Events
    with no section, actor or tag come last."""
    if by == "section":
        order = [s.id for s in brief.sections if s.id in counts]
        order += sorted(key for key in counts if key not in set(order) and key)
    else:
        order = sorted((key for key in counts if key), key=lambda k: (-counts[k], k))
    return order + ([""] if "" in counts else [])


def _lane_label(brief: Brief, by: LaneBy, key: str) -> str:
    from brief.text import sanitize

    if not key:
        return {"section": "(no section)", "actor": "(no actor)", "tag": "(no tag)"}[by]
    if by == "section":
        names = {s.id: s.title for s in brief.sections}
    elif by == "actor":
        names = {a.id: a.name for a in brief.actors}
    else:
        return sanitize("#" + key)
    return sanitize(names.get(key, key))
