"""Briefs into rows: `Rows.brief_rows` makes a brief's `BriefRows`, what `items`, `fts`, `exact`,
`shown`, `labels` and `names` get from it, before the index numbers them (`brief.search.build`).
A loader process makes them beside the brief and hands them over as msgpack (`encode_rows`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from brief._msgspec import msgspec
from brief.dates import PartialDate
from brief.limits import REFERENCE_LIMIT
from brief.model import default_id
from brief.query import WORD, Kind, fold
from brief.search.schema import PREC, SEP, UNDATED_DAY, facet_token
from brief.text import clip

if TYPE_CHECKING:
    from brief.model import Brief


def _join(parts: Iterable[str | None], sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def item_text(kind: Kind, item: Any) -> tuple[str, str]:
    """(title, body) of an item: what is indexed, and what a result shows."""
    if kind == "event":
        return item.title, item.text
    if kind == "point":  # a point has no title: its text is what it is about
        return item.text, ""
    if kind == "figure":
        return item.label, _join([item.value_text(), item.change, item.period, item.note])
    if kind == "actor":
        aliases = f"also {', '.join(item.aliases)}" if item.aliases else None
        return item.name, _join([item.role, item.country, item.kind, aliases])
    return item.title, _join([item.author, item.publisher, item.note, item.url])


def name_forms(*names: str) -> set[str]:
    """Folded forms an actor or a section answers to: each name whole, and each of its words."""
    forms: set[str] = set()
    for name in names:
        words = WORD.findall(fold(name))
        forms.add(" ".join(words))
        forms.update(words)
    forms.discard("")
    return forms


def labels(brief: Brief) -> Iterator[tuple[str, str, str]]:
    """`labels` rows but the brief's number: (kind, id, name) of its actors and sections (the
    first of a repeated id)."""
    sections: dict[str, str] = {}
    for section in brief.sections:
        sections.setdefault(section.id, section.title)
    yield from (("section", i, title) for i, title in sections.items())
    yield from (("actor", i, name) for i, name in {a.id: a.name for a in brief.actors}.items())


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class _Tokens(dict[str | None, str]):
    """value -> facet token of one field, made on first use (a C-speed lookup after that)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def __missing__(self, value: str) -> str:
        if _SLUG.fullmatch(value):  # ids and tags: already folded, words joined by hyphens
            token = self.name + SEP + value.replace("q", "qq").replace("-", SEP) + SEP
        else:
            token = facet_token(self.name, value)
        self[value] = token
        return token


class _Words(dict[str, str]):
    """tag -> its words, as `meta` holds them ("visa-free" -> "visa free")."""

    def __missing__(self, tag: str) -> str:
        words = self[tag] = tag.replace("-", " ")
        return words


# An item before its rowid is known: (day key, title, kind, sec, pos, lo, hi, approx, expected,
# body, meta, facets, then what a result shows of it besides its text: id, section, date, end,
# actor ids, tags; dates as written and lists space-separated). Sorted, the first two give its
# place in the brief's timeline; ties go on to the kind and position, which differ (so the
# texts after them are never compared). Flags are ints and an undated item's lo and hi are -1
# (NULL in `items`): sqlite3 binds an int or a str directly, but looks a bool or None up in its
# adapter registry, which costs as much again. A plain tuple, not a NamedTuple: making one costs
# 0.3-0.4 µs more (its __new__ is Python), which made this builder 3-16% slower at 148k items
# (the whole build ~1%). `brief.search.build` names the fields as it unpacks them, the one
# place they are read back.
Unnumbered = tuple[Any, ...]


class BriefRows(msgspec.Struct, array_like=True):
    """A brief's rows, before the index gives them rowids and the brief its number."""

    span: int  # the widest date span of its items, in days
    items: list[Unnumbered]  # in timeline order
    labels: list[tuple[str, str, str]]  # (kind, id, name)
    names: list[tuple[str, str, str]]  # (field, form, id)


_DAYS: dict[tuple[int, int | None, int | None], tuple[int, int, int, str]] = {}


def _days(date: PartialDate) -> tuple[int, int, int, str]:
    """(day key, first day, last day, ISO text as written) of a date; remembered, as briefs
    repeat dates a lot."""
    value = (date.year, date.month, date.day)
    days = _DAYS.get(value)
    if days is None:
        if len(_DAYS) > 100_000:
            _DAYS.clear()
        lo = date.start.toordinal()
        days = _DAYS[value] = (lo * 4 + PREC[date.precision], lo, date.end.toordinal(), str(date))
    return days


class Rows:
    """Turns briefs into rows (`brief_rows`). Hot: a library has 100k+ items,
    so each kind of item has its own plain loop, with no function call per item where a C
    builtin (map, str.join, dict.get) will do."""

    def __init__(self) -> None:
        self.max_span = 0
        self.tokens = {name: _Tokens(name) for name in ("actor", "tag", "source", "section")}
        self.tokens["section"][None] = ""  # an event without a section
        self.words = _Words()

    def items(self, brief: Brief) -> list[Unnumbered]:
        """Every item of the brief, in timeline order (Event.sort_key's: first day, coarser
        dates first, then title; undated items last), with what a result shows of it."""
        tokens = self.tokens
        actor_t, tag_t, source_t = (tokens[n].__getitem__ for n in ("actor", "tag", "source"))
        section_t = tokens["section"]
        words = self.words.__getitem__
        # name(id, id): an unknown id is itself. Cut: each event repeats its actors' names.
        name = {a.id: clip(a.name, REFERENCE_LIMIT) for a in brief.actors}.get
        items: list[Unnumbered] = []
        add = items.append
        undated = UNDATED_DAY
        known, days = _DAYS.get, _days
        span = self.max_span
        d: PartialDate | None  # each item's date, then its end
        end: str | None  # the end as written
        for n, e in enumerate(brief.timeline):
            d = e.date
            key, lo, hi, date = known((d.year, d.month, d.day)) or days(d)
            d, end = e.end, None
            if d is not None:
                _, _, hi, end = known((d.year, d.month, d.day)) or days(d)
            if hi - lo > span:  # a year-only date spans its year, with or without an end
                span = hi - lo
            actors, tags = e.actors, e.tags
            # +flag: the bool as an int
            add((key, e.title, 0, -1, n, lo, hi, +e.approx, +e.expected, e.text,
                 " ".join([*map(name, actors, actors), *map(words, tags)]),
                 " ".join([*map(actor_t, actors), *map(tag_t, tags), *map(source_t, e.sources),
                           section_t[e.section]]),
                 e.id or default_id("event", n + 1), e.section, date, end, " ".join(actors),
                 " ".join(tags)))  # fmt: skip
        for s, section in enumerate(brief.sections):
            section_id = section.id
            section_token = section_t[section_id]
            for n, p in enumerate(section.points):
                actors, tags = p.actors, p.tags
                meta = " ".join([*map(name, actors, actors), *map(words, tags)])
                facets = " ".join([*map(actor_t, actors), *map(tag_t, tags),
                                   *map(source_t, p.sources), section_token])  # fmt: skip
                shown = (p.id or default_id("point", n + 1, section_id), section_id)
                d, end = p.end, None
                if d is not None:
                    _, _, end_hi, end = known((d.year, d.month, d.day)) or days(d)
                d = p.date
                if d is None:
                    add((undated, p.text, 1, s, n, -1, -1, +p.approx, +p.expected, "", meta,
                         facets, *shown, None, end, " ".join(actors), " ".join(tags)))  # fmt: skip
                    continue
                key, lo, hi, date = known((d.year, d.month, d.day)) or days(d)
                if end is not None:
                    hi = end_hi
                if hi - lo > span:
                    span = hi - lo
                add((key, p.text, 1, s, n, lo, hi, +p.approx, +p.expected, "", meta, facets,
                     *shown, date, end, " ".join(actors), " ".join(tags)))  # fmt: skip
        for n, f in enumerate(brief.figures):
            title, body = item_text("figure", f)
            actors, tags = f.actors, f.tags
            add((undated, title, 2, -1, n, -1, -1, +f.approx, 0, body,
                 " ".join([*map(name, actors, actors), *map(words, tags)]),
                 " ".join([*map(actor_t, actors), *map(tag_t, tags), *map(source_t, f.sources),
                           section_t[f.section]]),
                 f.id or default_id("figure", n + 1), f.section, None, None, " ".join(actors),
                 " ".join(tags)))  # fmt: skip
        for n, a in enumerate(brief.actors):
            title, body = item_text("actor", a)
            add((undated, title, 3, -1, n, -1, -1, 0, 0, body, "", actor_t(a.id), a.id, None,
                 None, None, "", ""))  # fmt: skip
        for n, src in enumerate(brief.sources):
            title, body = item_text("source", src)
            published: str | None = None
            key, lo, hi = undated, -1, -1
            if src.published is not None:
                key, lo, hi, published = days(src.published)
            if hi - lo > span:
                span = hi - lo
            add((key, title, 4, -1, n, lo, hi, 0, 0, body, "", source_t(src.id), src.id, None,
                 published, None, "", ""))  # fmt: skip
        self.max_span = span
        items.sort()
        return items

    def brief_rows(self, brief: Brief) -> BriefRows:
        """The brief's rows, not yet numbered: its items in timeline order with what a result
        shows of each, the widest date span among them, its labels and its names."""
        self.max_span = 0
        items = self.items(brief)
        return BriefRows(
            self.max_span, items, list(labels(brief)), sorted(set(self.name_rows(brief)))
        )

    def name_rows(self, brief: Brief) -> Iterator[tuple[str, str, str]]:
        forms = self._forms
        for section in brief.sections:
            for name in (section.id, section.title):
                for form in forms[name]:
                    yield "section", form, section.id
        for actor in brief.actors:
            for name in actor.names():
                for form in forms[name]:
                    yield "actor", form, actor.id

    @functools.cached_property
    def _forms(self) -> dict[str, set[str]]:
        """name -> its folded forms: briefs of a library share many names and section titles."""

        class Forms(dict[str, set[str]]):
            def __missing__(self, name: str) -> set[str]:
                forms = self[name] = name_forms(name)
                return forms

        return Forms()


# --- rows across processes ------------------------------------------------------------------


_rows_encoder = msgspec.msgpack.Encoder()
_rows_decoder = msgspec.msgpack.Decoder(BriefRows)
_process_rows: list[Rows] = []  # a loader process's row maker, whose caches serve every brief


def encode_rows(brief: Brief) -> bytes:
    """The brief's rows as msgpack: what a loader process hands over with its verdict."""
    if not _process_rows:
        _process_rows.append(Rows())
    return _rows_encoder.encode(_process_rows[0].brief_rows(brief))


def decode_rows(data: bytes) -> BriefRows:
    """`encode_rows`'s rows. Raises msgspec.DecodeError (a ValueError) if they are damaged."""
    return _rows_decoder.decode(data)
