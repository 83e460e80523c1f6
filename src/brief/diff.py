"""What changed between two versions of a brief: the core of `brief diff` and of the TUI's
"what's new" marks.

Items are matched by the id the author wrote. Ids the loader made up for items without one
(`e3`, `f2`, `diplomacy-p4`) are positions, not identities: inserting one event renumbers all the
later ones, so such items are matched by what they say instead (date and title, label and
period, text), from the strictest key to the loosest.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from brief._msgspec import msgspec
from brief.dates import display_range
from brief.model import (
    Actor,
    Brief,
    Event,
    Figure,
    Point,
    Section,
    Source,
    dec_hook,
    to_builtins,
)

ItemKind = Literal["brief", "section", "point", "event", "figure", "actor", "source"]
ChangeKind = Literal["added", "removed", "changed"]
ITEM_KINDS: tuple[ItemKind, ...] = (
    "brief", "section", "point", "event", "figure", "actor", "source",
)  # fmt: skip

# The brief-level fields a reader cares about; lists of items are diffed item by item.
BRIEF_FIELDS = ("id", "title", "subtitle", "as_of", "summary")
# Below this similarity two texts are different items, not one item edited.
SIMILAR = 0.6
# The most (old, new) pairs compared by similarity: the cheap bounds of difflib for each, and
# the full ratio (~0.3 ms for two 50-letter titles) for at most MAX_FULL_RATIOS of them. 40,000
# full ratios of titles made of the same letters took 12.7 s (issue 15); what is left unpaired
# is reported as removed and added, which is still true.
MAX_FUZZY_PAIRS = 40_000
MAX_FULL_RATIOS = 2_000


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one item: its value before and after, as JSON-ready data (None = absent)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Change:
    """An item added, removed or changed. `old_id`/`new_id` are the item's ids in each brief
    (generated ones included), so a client can find it; `label` names it for people."""

    kind: ChangeKind
    item: ItemKind
    label: str
    old_id: str | None = None
    new_id: str | None = None
    fields: tuple[FieldChange, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "change": self.kind,
            "item": self.item,
            "label": self.label,
            "old_id": self.old_id,
            "new_id": self.new_id,
            "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in self.fields],
        }


@dataclass(frozen=True, slots=True)
class BriefDiff:
    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def of(self, item: ItemKind) -> list[Change]:
        return [c for c in self.changes if c.item == item]

    def marks(self, item: ItemKind = "event") -> dict[str, ChangeKind]:
        """New-side id -> "added" or "changed": what the TUI marks on the new brief's items."""
        return {c.new_id: c.kind for c in self.of(item) if c.new_id is not None}

    def counts(self) -> dict[ChangeKind, int]:
        counts: dict[ChangeKind, int] = {"added": 0, "removed": 0, "changed": 0}
        for change in self.changes:
            counts[change.kind] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {"counts": self.counts(), "changes": [c.as_dict() for c in self.changes]}


def diff_briefs(old: Brief, new: Brief) -> BriefDiff:
    """Every difference between `old` and `new`, grouped by kind of item, in reading order."""
    changes: list[Change] = []
    brief_fields = _field_changes(_brief_fields(old), _brief_fields(new))
    if brief_fields:
        changes.append(Change("changed", "brief", new.title, old.id, new.id, brief_fields))
    changes += _diff_items("section", _sections(old), _sections(new), _SECTION_KIND)
    changes += _diff_items("point", _points(old), _points(new), _POINT_KIND)
    changes += _diff_items("event", _events(old), _events(new), _EVENT_KIND)
    changes += _diff_items("figure", _figures(old), _figures(new), _FIGURE_KIND)
    changes += _diff_items("actor", _by_id(old.actors), _by_id(new.actors), _ACTOR_KIND)
    changes += _diff_items("source", _by_id(old.sources), _by_id(new.sources), _SOURCE_KIND)
    return BriefDiff(tuple(changes))


# --- items --------------------------------------------------------------------------------------

T = TypeVar("T")


@dataclass(frozen=True, slots=True, eq=False)
class _Item(Generic[T]):
    """An item with what diffing needs: its id, whether the author wrote that id, and its
    fields as plain data (a point also carries its section's id, so a move shows as a change)."""

    obj: T
    id: str | None
    explicit: bool
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Kind(Generic[T]):
    """How to match and name one kind of item. `keys` run strictest first; `similar` is the
    last resort: the text of an item compared (`_Ratios`) between unmatched old and new items."""

    label: Callable[[T], str]
    keys: tuple[Callable[[T], Hashable], ...] = ()
    similar: Callable[[T], str] | None = None
    bucket: Callable[[T], Hashable] = lambda _: None


# The loader's ids for items written without one; `-<n>` is added when an author's id took the
# plain form already (see brief.load._assign_ids).
_GENERATED_EVENT = re.compile(r"e\d+(?:-\d+)?")
_GENERATED_FIGURE = re.compile(r"f\d+(?:-\d+)?")


def _item(obj: Any, extra: dict[str, Any] | None = None, *, generated: bool) -> _Item[Any]:
    data = to_builtins(obj)
    if generated:
        data.pop("id", None)  # a positional id changing is not a change anyone made
    item_id = getattr(obj, "id", None)
    return _Item(obj, item_id, item_id is not None and not generated, {**data, **(extra or {})})


def _by_id(objs: Sequence[Actor] | Sequence[Source]) -> list[_Item[Any]]:
    return [_item(o, generated=False) for o in objs]


def _sections(brief: Brief) -> list[_Item[Section]]:
    items = []
    for section in brief.sections:
        item = _item(section, generated=False)
        item.data.pop("points", None)  # points are diffed as items of their own
        items.append(item)
    return items


def _points(brief: Brief) -> list[_Item[Point]]:
    items = []
    for section in brief.sections:
        generated = re.compile(rf"{re.escape(section.id)}-p\d+(?:-\d+)?")
        for point in section.points:
            is_generated = point.id is None or generated.fullmatch(point.id) is not None
            items.append(_item(point, {"section": section.id}, generated=is_generated))
    return items


def _events(brief: Brief) -> list[_Item[Event]]:
    return [
        _item(e, generated=e.id is None or _GENERATED_EVENT.fullmatch(e.id) is not None)
        for e in brief.events_in_order()
    ]


def _figures(brief: Brief) -> list[_Item[Figure]]:
    return [
        _item(f, generated=f.id is None or _GENERATED_FIGURE.fullmatch(f.id) is not None)
        for f in brief.figures
    ]


def _brief_fields(brief: Brief) -> dict[str, Any]:
    data = to_builtins(brief)
    return {k: data.get(k) for k in BRIEF_FIELDS}


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class _Ratios:
    """difflib's ratio of two folded texts, 0.0 below SIMILAR; the full comparison is made at
    most MAX_FULL_RATIOS times, after the quick upper bounds that rule out most pairs."""

    def __init__(self) -> None:
        self.left = MAX_FULL_RATIOS

    def __call__(self, a: str, b: str) -> float:
        matcher = difflib.SequenceMatcher(None, a, b)
        if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
            return 0.0
        if self.left <= 0:
            return 0.0
        self.left -= 1
        return matcher.ratio()


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


_SECTION_KIND: _Kind[Section] = _Kind(label=lambda s: f"{s.title} ({s.id})")
_ACTOR_KIND: _Kind[Actor] = _Kind(label=lambda a: f"{a.name} ({a.id})")
_SOURCE_KIND: _Kind[Source] = _Kind(label=lambda s: f"{_short(s.title)} ({s.id})")
_EVENT_KIND: _Kind[Event] = _Kind(
    label=lambda e: f"{display_range(e.date, e.end)} · {_short(e.title)}",
    keys=(
        lambda e: (e.date, e.end, _fold(e.title)),
        lambda e: (e.date, _fold(e.title)),
        lambda e: _fold(e.title),
    ),
    similar=lambda e: e.title,
    # An edited title keeps its date; a corrected date keeps its title (caught by the keys).
    bucket=lambda e: e.date,
)
_POINT_KIND: _Kind[Point] = _Kind(
    label=lambda p: _short(p.text),
    keys=(lambda p: (p.date, _fold(p.text)), lambda p: _fold(p.text)),
    similar=lambda p: p.text,
)
_FIGURE_KIND: _Kind[Figure] = _Kind(
    label=lambda f: f"{f.label} ({f.period})" if f.period else f.label,
    keys=(lambda f: (_fold(f.label), f.period), lambda f: _fold(f.label)),
    similar=lambda f: f.label,
    bucket=lambda f: f.period,
)


# --- matching -----------------------------------------------------------------------------------


def _diff_items(
    item_kind: ItemKind, old: list[_Item[T]], new: list[_Item[T]], kind: _Kind[T]
) -> list[Change]:
    pairs = _match(old, new, kind)
    matched_old = {id(o) for o in pairs.values()}
    changes: list[Change] = []
    for item in new:
        before = pairs.get(id(item))
        if before is None:
            changes.append(Change("added", item_kind, kind.label(item.obj), None, item.id))
            continue
        fields = _field_changes(before.data, item.data)
        if fields:
            label = kind.label(item.obj)
            changes.append(Change("changed", item_kind, label, before.id, item.id, fields))
    for item in old:
        if id(item) not in matched_old:
            changes.append(Change("removed", item_kind, kind.label(item.obj), item.id, None))
    return changes


def _match(old: list[_Item[T]], new: list[_Item[T]], kind: _Kind[T]) -> dict[int, _Item[T]]:
    """Pair new items with old ones: `id(new item) -> old item`. Items are tracked by identity:
    two items with equal content are still two items."""
    pairs: dict[int, _Item[T]] = {}
    taken: set[int] = set()

    def pair(n: _Item[T], o: _Item[T]) -> None:
        pairs[id(n)] = o
        taken.add(id(o))

    def can_pair(n: _Item[T], o: _Item[T]) -> bool:
        # Two different ids written by the author are two different items, however alike.
        return id(n) not in pairs and id(o) not in taken and not (n.explicit and o.explicit)

    by_id = {o.id: o for o in old if o.explicit}
    for n in new:
        if n.explicit and n.id in by_id:
            pair(n, by_id[n.id])

    for key in kind.keys:
        # The first old item with the same key that can pair, in file order: any for a new
        # item without an id, one without an id for a new item with one. Queues, not a scan
        # of the bucket: thousands of items with one key and ids on both sides made it
        # quadratic.
        waiting: dict[Hashable, tuple[deque[_Item[T]], deque[_Item[T]]]] = {}
        for o in old:
            if id(o) not in taken:
                anyone, without_id = waiting.setdefault(key(o.obj), (deque(), deque()))
                anyone.append(o)
                if not o.explicit:
                    without_id.append(o)
        for n in new:
            queues = waiting.get(key(n.obj))
            if queues is None or id(n) in pairs:
                continue
            queue = queues[1] if n.explicit else queues[0]
            while queue and id(queue[0]) in taken:
                queue.popleft()
            if queue:
                pair(n, queue.popleft())

    if kind.similar is not None:
        _match_similar(
            [o for o in old if id(o) not in taken],
            [n for n in new if id(n) not in pairs],
            kind,
            pair,
            can_pair,
        )
    return pairs


def _match_similar(
    old: list[_Item[T]],
    new: list[_Item[T]],
    kind: _Kind[T],
    pair: Callable[[_Item[T], _Item[T]], None],
    can_pair: Callable[[_Item[T], _Item[T]], bool],
) -> None:
    """Pair what is left by similarity, best pairs first, comparing only items in the same
    bucket (an event's date: a retitled event keeps its date)."""
    assert kind.similar is not None
    buckets: dict[Hashable, tuple[list[_Item[T]], list[_Item[T]]]] = {}
    for o in old:
        buckets.setdefault(kind.bucket(o.obj), ([], []))[0].append(o)
    for n in new:
        buckets.setdefault(kind.bucket(n.obj), ([], []))[1].append(n)
    if sum(len(olds) * len(news) for olds, news in buckets.values()) > MAX_FUZZY_PAIRS:
        # A wholesale rewrite: comparing every pair would take seconds and mostly find
        # nothing. What is left is reported as removed and added, which is still true.
        return
    ratio, text = _Ratios(), kind.similar
    folded = {id(item): _fold(text(item.obj)) for item in (*old, *new)}
    scored = []
    for olds, news in buckets.values():
        for n in news:
            for o in olds:
                if not (n.explicit and o.explicit):
                    score = ratio(folded[id(o)], folded[id(n)])
                    if score >= SIMILAR:
                        scored.append((score, o, n))
    # Stable: among equal scores, the first in the file wins.
    scored.sort(key=lambda t: -t[0])
    for _, o, n in scored:
        if can_pair(n, o):
            pair(n, o)


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    names = list(old) + [k for k in new if k not in old]
    return tuple(
        FieldChange(name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    )


# --- what's new since the version last opened ---------------------------------------------------
# The TUI's Overview shows what changed since the reader last opened a brief. The record is the
# brief itself as JSON (a brief is tens of kilobytes), so "what's new" is an exact `diff_briefs`
# rather than a guess from hashes. One file per brief id in the user state dir.

SEEN_VERSION = 1


def seen_dir() -> Path:
    import platformdirs

    return platformdirs.user_state_path("brief", appauthor=False) / "seen"


def seen_path(brief_id: str, directory: Path | None = None) -> Path:
    # Brief ids are slugs, so they are safe as file names.
    return (directory or seen_dir()) / f"{brief_id}.json"


def load_seen(brief_id: str, directory: Path | None = None) -> Brief | None:
    """The version of the brief last recorded, or None (never opened, or an unreadable record:
    a lost record only costs the "what's new" note, so it is never an error)."""
    path = seen_path(brief_id, directory)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        envelope = msgspec.json.decode(data)
        if not isinstance(envelope, dict) or envelope.get("version") != SEEN_VERSION:
            raise ValueError("not a record of this version")
        return msgspec.convert(envelope["brief"], Brief, dec_hook=dec_hook)
    except (msgspec.MsgspecError, KeyError, ValueError, TypeError):
        # Kept as `*.bad` for inspection, never overwritten by the next save_seen.
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(path.name + ".bad"))
        return None


def save_seen(brief: Brief, directory: Path | None = None) -> None:
    """Record `brief` as the version the reader has now seen. Atomic: a crash leaves the old
    record or the new one. Raises OSError if the state dir cannot be written."""
    from brief.atomic import write_atomic

    path = seen_path(brief.id, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = msgspec.json.encode({"version": SEEN_VERSION, "brief": to_builtins(brief)})
    write_atomic(path, data, overwrite=True)


def whats_new(brief: Brief, directory: Path | None = None) -> BriefDiff | None:
    """What changed in `brief` since it was last recorded as seen; None if it never was."""
    seen = load_seen(brief.id, directory)
    return None if seen is None else diff_briefs(seen, brief)


__all__ = [
    "ITEM_KINDS",
    "BriefDiff",
    "Change",
    "ChangeKind",
    "FieldChange",
    "ItemKind",
    "diff_briefs",
    "load_seen",
    "save_seen",
    "whats_new",
]
