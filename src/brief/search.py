"""The search engine: an in-memory SQLite FTS5 index over every searchable item of many briefs.

Items are timeline events, section points, figures, actors and sources. Each is one row of
`items` (kind, position, dates, flags: what filters and ordering need) and one document of the
contentless FTS5 table `fts`. What a result shows (its text, id, section, dates, actors and
tags) is one row of `shown`, and the briefs' actor names and section titles are in `labels`:
results, highlights and snippets are built from the index alone, with no Brief decoded.

**Rowids are timeline order.** An item's rowid is its timeline key: its first day and date
precision in the high bits, then its number among the items with that key (a brief's items of
one date are numbered in title order; undated items come last). So "in timeline order" is
rowid order, which both tables yield without sorting: a time-ordered page stops after `limit`
rows, and a date range is a rowid range, which FTS5 seeks to directly.

FTS5 columns:
- `title`, `body`: what a result shows; BM25 weighs the title above the body.
- `meta`: the names of the item's actors and the words of its tags, so `dar` also finds what
  Ishaq Dar did where the text says "the foreign minister". Weighed low.
- `facets`: one token per tag, source, section and actor id of the item: `tagqxvisasqx`,
  `actorqxishaqqxdarqx` (`qx` joins and ends the words, and a `q` of a value is written `qq`,
  so a value stays one token and no two values share one; plain ASCII letters, which FTS5
  tokenizes on its fast path: `ǂ` did the same job at a tenth more build time). Field filters
  are phrases on this column: exact, and as fast as a word. It has no weight in the ranking.

`fts` stems its words (Porter: `visa` finds "visas"); the final `qx` keeps facet tokens whole,
as no Porter rule strips an `x`. The table `exact` holds `title`, `body` and `meta` again,
unstemmed and without positions: a quoted word must be there as written, and a match with the
query's words as written ranks above one with other forms of them.

`actor:` and `section:` accept names too: the `names` table first maps each folded id, name, alias
and name word to ids. A query is then one SQL statement: one FTS5 MATCH expression (every term
quoted: raw text in MATCH raises), plus kind, flag and date-overlap conditions on `items`.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from brief.dates import PartialDate, date_label
from brief.limits import REFERENCE_LIMIT
from brief.memory import gc_paused
from brief.model import default_id
from brief.query import KINDS, WORD, Clause, DateRange, Field, Kind, Query, Text, fold, parse
from brief.text import clip

if TYPE_CHECKING:
    from rich.text import Text as RichText

    from brief.model import Brief

Order = Literal["relevance", "time"]
Span = tuple[int, int]

SCHEMA_VERSION = 8  # bump when the tables or the facet encoding change (cached indexes)
# Words match every form that stems alike (visa, visas); `exact` keeps the forms as written.
EXACT_TOKENIZER = "unicode61 remove_diacritics 2"
TOKENIZER = f"porter {EXACT_TOKENIZER}"
# Joins a facet's field and value words into one token, and ends it; a `q` in a value is written
# `qq`, so every encoding is distinct. ASCII letters: FTS5 tokenizes ASCII faster (see the
# docstring). No Porter rule ends in `x`, so the stemmer leaves every facet token as it is.
SEP = "qx"
NOTHING = f"{SEP}nothing"  # a token no row has: a filter whose names matched nothing
RANKING = "bm25(fts, 4.0, 1.0, 0.5, 0.0)"  # title, body, meta, facets
SNIPPET_TOKENS = 24
_PREC = {"year": 0, "month": 1, "day": 2}
# The rowid: the day key (first day * 4 + precision) << _SEQ_BITS | the item's number among
# the items with that day key. Day ordinals of years 1-9999 take 22 bits, the key 24. FTS5
# stores rowids as deltas, so the fewer bits below the key, the smaller the index.
_SEQ_BITS = 24  # 16M items sharing one day key (undated items share one)
_UNDATED_DAY = (1 << 24) - 1  # the day key of undated items: after every dated one
# FTS5 buffers this many bytes of new postings before it writes a segment: fewer, larger
# segments make a bulk build faster (the default is 1 MB).
_FTS_HASHSIZE = 16 * 1024 * 1024

_SCHEMA = f"""
CREATE TABLE briefs(
    bno INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    digest TEXT           -- the content hash the cache knows the brief by, if any
);
CREATE TABLE items(
    rowid INTEGER PRIMARY KEY,  -- the timeline key (see the module docstring)
    bno INTEGER NOT NULL, kind INTEGER NOT NULL,  -- kind: index into KINDS
    sec INTEGER NOT NULL, pos INTEGER NOT NULL,   -- where the item is in its brief
    lo INTEGER, hi INTEGER,   -- day ordinals of its first and last day; NULL when undated
    approx INTEGER NOT NULL, expected INTEGER NOT NULL
);
-- What a result shows, so results need no Brief, and the text each row was indexed with, which
-- deleting it from the contentless `fts` takes. Lists are space-separated ids.
CREATE TABLE shown(
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, meta TEXT NOT NULL, facets TEXT NOT NULL,
    section TEXT, date TEXT, "end" TEXT, actors TEXT NOT NULL, tags TEXT NOT NULL
);
-- Each brief's actor names and section titles by id (kind: 'actor' or 'section').
CREATE TABLE labels(bno INTEGER, kind TEXT, id TEXT, name TEXT, PRIMARY KEY(bno, kind, id));
CREATE VIRTUAL TABLE fts USING fts5(title, body, meta, facets, content='', tokenize='{TOKENIZER}');
-- The same words unstemmed, for quoted words and to rank exact forms above other forms of a stem.
-- No positions (detail=none: they would double its build time and size), so a quoted phrase's
-- word order is checked in `fts`, its forms here; no sizes (columnsize=0): it is never ranked.
CREATE VIRTUAL TABLE exact USING fts5(
    title, body, meta, content='', detail=none, columnsize=0, tokenize='{EXACT_TOKENIZER}');
-- Folded names for actor: and section: ("ishaq dar", "dar", "ishaq dar" from ishaq-dar -> id).
CREATE TABLE names(
    field TEXT, form TEXT, id TEXT, PRIMARY KEY(field, form, id)
) WITHOUT ROWID;
CREATE TABLE info(key TEXT PRIMARY KEY, value);
INSERT INTO info VALUES ('max_span', 0);
PRAGMA user_version = {SCHEMA_VERSION};
"""
# Built after the bulk insert, which is faster than keeping it up to date row by row. It lists a
# brief's items of a kind in rowid (timeline) order: a brief's timeline is one range of it.
_INDEXES = ("CREATE INDEX IF NOT EXISTS items_brief ON items(bno, kind)",)


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Result:
    """One matching item. Highlights are data (`title_spans`, `snippet_spans`: [start, end)
    offsets into `title` and `snippet`), never markup: every client draws them itself."""

    brief: str
    kind: Kind
    id: str
    section: str | None
    section_title: str | None
    date: PartialDate | None
    end: PartialDate | None
    approx: bool  # the item's date is inferred (written `approx: true`)
    expected: bool
    title: str
    snippet: str
    title_spans: tuple[Span, ...]
    snippet_spans: tuple[Span, ...]
    actors: tuple[str, ...]  # actor ids
    actor_names: tuple[str, ...]
    tags: tuple[str, ...]
    # The item matched a date qualifier only through its coarser date (a year-only event for
    # `on:2025-03`), so the app shows it as approximate.
    approx_match: bool = False
    score: float = 0.0  # BM25, lower is better; 0 without words to rank by

    @property
    def date_label(self) -> str:
        """'c. Jan 2025', '▷ 2026', '23 Aug 2025'; '' when undated."""
        if self.date is None:
            return ""
        approx = self.approx or self.approx_match
        return date_label(self.date, self.end, approx=approx, expected=self.expected)

    def highlighted_title(self, style: str = "bold reverse") -> RichText:
        return highlight(self.title, self.title_spans, style)

    def highlighted_snippet(self, style: str = "bold reverse") -> RichText:
        return highlight(self.snippet, self.snippet_spans, style)

    def to_json(self) -> dict[str, Any]:
        """The `--json` object: dates as written (or null), spans as [start, end] pairs."""
        return {
            "brief": self.brief,
            "kind": self.kind,
            "id": self.id,
            "section": self.section,
            "date": str(self.date) if self.date else None,
            "end": str(self.end) if self.end else None,
            "date_label": self.date_label,
            "approx": self.approx,
            "approx_match": self.approx_match,
            "expected": self.expected,
            "title": self.title,
            "actors": list(self.actors),
            "tags": list(self.tags),
            "snippet": self.snippet,
            "spans": {
                "title": [list(s) for s in self.title_spans],
                "snippet": [list(s) for s in self.snippet_spans],
            },
        }


@dataclass(frozen=True, slots=True)
class SearchResults:
    results: list[Result]
    warnings: tuple[str, ...]
    total: int  # every match, before the limit
    query: Query

    def __iter__(self) -> Iterator[Result]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


def highlight(text: str, spans: Iterable[Span], style: str = "bold reverse") -> RichText:
    """A Rich Text of `text` (never parsed as markup) with `style` over each span."""
    from rich.text import Text as RichText

    rich = RichText(text)
    for start, end in spans:
        rich.stylize(style, start, end)
    return rich


# --- what each kind of item shows and indexes -----------------------------------------------


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


def facet_token(name: str, value: str) -> str:
    """`tag`, `Visa-Free` -> `tagqxvisaqxfreeqx`: one case- and accent-folded token per value."""
    return name + SEP + "".join(w.replace("q", "qq") + SEP for w in WORD.findall(fold(value)))


def name_forms(*names: str) -> set[str]:
    """Folded forms an actor or a section answers to: each name whole, and each of its words."""
    forms: set[str] = set()
    for name in names:
        words = WORD.findall(fold(name))
        forms.add(" ".join(words))
        forms.update(words)
    forms.discard("")
    return forms


# (kind, section index for points else -1, index in its list, the object, its section id)
_Item = tuple[Kind, int, int, Any, "str | None"]


def _walk(brief: Brief) -> Iterator[_Item]:
    """Every searchable item of a brief, in a fixed order."""
    for n, event in enumerate(brief.timeline):
        yield "event", -1, n, event, event.section
    for s, section in enumerate(brief.sections):
        for n, point in enumerate(section.points):
            yield "point", s, n, point, section.id
    for n, figure in enumerate(brief.figures):
        yield "figure", -1, n, figure, figure.section
    for n, actor in enumerate(brief.actors):
        yield "actor", -1, n, actor, None
    for n, source in enumerate(brief.sources):
        yield "source", -1, n, source, None


def _item_id(kind: Kind, obj: Any, sec: int, pos: int, brief: Brief) -> str:
    item_id: str | None = obj.id
    return item_id or default_id(kind, pos + 1, brief.sections[sec].id if kind == "point" else "")


def _dates(kind: Kind, obj: Any) -> tuple[PartialDate | None, PartialDate | None]:
    if kind in ("event", "point"):
        return obj.date, obj.end
    if kind == "source":
        return obj.published, None
    return None, None


def _about(brief: Brief) -> dict[tuple[int, int, int], tuple[Any, ...]]:
    """(kind number, sec, pos) -> what a result shows of the item besides its text: (id,
    section, date, end, actor ids, tags), dates as written and lists space-separated."""
    about = {}
    kind_no = {kind: n for n, kind in enumerate(KINDS)}
    for kind, sec, pos, obj, section in _walk(brief):
        date, end = _dates(kind, obj)
        about[kind_no[kind], sec, pos] = (
            _item_id(kind, obj, sec, pos, brief), section,
            None if date is None else str(date), None if end is None else str(end),
            " ".join(getattr(obj, "actors", ())), " ".join(getattr(obj, "tags", ())),
        )  # fmt: skip
    return about


def _labels(brief: Brief, bno: int) -> Iterator[tuple[int, str, str, str]]:
    """`labels` rows: the brief's actor names and section titles (the first of a repeated id)."""
    sections: dict[str, str] = {}
    for section in brief.sections:
        sections.setdefault(section.id, section.title)
    yield from ((bno, "section", i, title) for i, title in sections.items())
    yield from ((bno, "actor", i, name) for i, name in {a.id: a.name for a in brief.actors}.items())


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
# body, meta, facets). Sorted, the first two give its place in the brief's timeline; ties go on
# to the kind and position, which differ (so the texts after them are never compared). Flags
# are ints and an undated item's lo and hi are -1 (NULL in `items`): sqlite3 binds an int or a
# str directly, but looks a bool or None up in its adapter registry, which costs as much again.
_Pending = tuple[int, str, int, int, int, int, int, int, int, str, str, str]
ItemRow = tuple[int, int, int, int, int, int, int, int, int]
FtsRow = tuple[int, str, str, str, str]
_DAYS: dict[tuple[int, int | None, int | None], tuple[int, int, int]] = {}


def _days(date: PartialDate) -> tuple[int, int, int]:
    """(day key, first day, last day) of a date; remembered, as briefs repeat dates a lot."""
    value = (date.year, date.month, date.day)
    days = _DAYS.get(value)
    if days is None:
        if len(_DAYS) > 100_000:
            _DAYS.clear()
        lo = date.start.toordinal()
        days = _DAYS[value] = (lo * 4 + _PREC[date.precision], lo, date.end.toordinal())
    return days


_first = operator.itemgetter(0)
_exact = operator.itemgetter(0, 1, 2, 3)  # an `fts` row without its facets: an `exact` row


class _Rows:
    """Turns briefs into rows for `items`, `fts` and `names`. Hot: a library has 100k+ items,
    so each kind of item has its own plain loop, with no function call per item where a C
    builtin (map, str.join, dict.get) will do."""

    def __init__(self) -> None:
        self.max_span = 0
        self.tokens = {name: _Tokens(name) for name in ("actor", "tag", "source", "section")}
        self.tokens["section"][None] = ""  # an event without a section
        self.words = _Words()
        self.items: list[ItemRow] = []
        self.fts: list[FtsRow] = []
        self.shown: list[tuple[Any, ...]] = []

    def pending(self, brief: Brief) -> list[_Pending]:
        """Every item of the brief, in timeline order (Event.sort_key's: first day, coarser
        dates first, then title; undated items last)."""
        tokens = self.tokens
        actor_t, tag_t, source_t = (tokens[n].__getitem__ for n in ("actor", "tag", "source"))
        section_t = tokens["section"]
        words = self.words.__getitem__
        # name(id, id): an unknown id is itself. Cut: each event repeats its actors' names.
        name = {a.id: clip(a.name, REFERENCE_LIMIT) for a in brief.actors}.get
        pending: list[_Pending] = []
        add = pending.append
        undated = _UNDATED_DAY
        known, days = _DAYS.get, _days
        span = self.max_span
        d: PartialDate | None  # each item's date, then its end
        for n, e in enumerate(brief.timeline):
            d = e.date
            key, lo, hi = known((d.year, d.month, d.day)) or days(d)
            d = e.end
            if d is not None:
                hi = (known((d.year, d.month, d.day)) or days(d))[2]
            if hi - lo > span:  # a year-only date spans its year, with or without an end
                span = hi - lo
            actors, tags = e.actors, e.tags
            # +flag: the bool as an int
            add((key, e.title, 0, -1, n, lo, hi, +e.approx, +e.expected, e.text,
                 " ".join([*map(name, actors, actors), *map(words, tags)]),
                 " ".join([*map(actor_t, actors), *map(tag_t, tags), *map(source_t, e.sources),
                           section_t[e.section]])))  # fmt: skip
        for s, section in enumerate(brief.sections):
            section_token = section_t[section.id]
            for n, p in enumerate(section.points):
                actors, tags = p.actors, p.tags
                meta = " ".join([*map(name, actors, actors), *map(words, tags)])
                facets = " ".join([*map(actor_t, actors), *map(tag_t, tags),
                                   *map(source_t, p.sources), section_token])  # fmt: skip
                d = p.date
                if d is None:
                    add((undated, p.text, 1, s, n, -1, -1, +p.approx, +p.expected, "", meta,
                         facets))  # fmt: skip
                    continue
                key, lo, hi = known((d.year, d.month, d.day)) or days(d)
                d = p.end
                if d is not None:
                    hi = (known((d.year, d.month, d.day)) or days(d))[2]
                if hi - lo > span:
                    span = hi - lo
                add((key, p.text, 1, s, n, lo, hi, +p.approx, +p.expected, "", meta, facets))
        for n, f in enumerate(brief.figures):
            title, body = item_text("figure", f)
            actors, tags = f.actors, f.tags
            add((undated, title, 2, -1, n, -1, -1, +f.approx, 0, body,
                 " ".join([*map(name, actors, actors), *map(words, tags)]),
                 " ".join([*map(actor_t, actors), *map(tag_t, tags), *map(source_t, f.sources),
                           section_t[f.section]])))  # fmt: skip
        for n, a in enumerate(brief.actors):
            title, body = item_text("actor", a)
            add((undated, title, 3, -1, n, -1, -1, 0, 0, body, "", actor_t(a.id)))
        for n, src in enumerate(brief.sources):
            title, body = item_text("source", src)
            key, lo, hi = (undated, -1, -1) if src.published is None else days(src.published)
            if hi - lo > span:
                span = hi - lo
            add((key, title, 4, -1, n, lo, hi, 0, 0, body, "", source_t(src.id)))
        self.max_span = span
        pending.sort()
        return pending

    def add(
        self, brief: Brief, bno: int, rowids: dict[int, int], first: Callable[[int], int]
    ) -> None:
        """Make the rows of a new brief (into `self.items` and `self.fts`). `rowids`: day key ->
        the next free rowid with that key, filled in by `first(day key)`."""
        add_item, add_text, add_shown = self.items.append, self.fts.append, self.shown.append
        about = _about(brief)
        number = rowids.get
        for key, title, kind, sec, pos, lo, hi, approx, expected, body, meta, facets in (
            self.pending(brief)
        ):  # fmt: skip
            rowid = number(key)
            if rowid is None:
                rowid = first(key)
            rowids[key] = rowid + 1
            add_item((rowid, bno, kind, sec, pos, lo, hi, approx, expected))
            add_text((rowid, title, body, meta, facets))
            add_shown((rowid, title, body, meta, facets, *about[kind, sec, pos]))

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


# --- the index ------------------------------------------------------------------------------


class SearchIndex:
    """An FTS5 index over briefs. Build once, query many times.

    Results are drawn from the index alone (the `shown` table holds what a result shows), so it
    keeps no Brief. It is built in memory; `save` writes it to a file, which `open` searches
    where it lies. It uses one SQLite connection, so use it from one thread at a time.
    """

    def __init__(self, briefs: Iterable[Brief] = ()) -> None:
        self._conn = self._connect()
        self._conn.executescript(_SCHEMA)
        for table in ("fts", "exact"):
            self._conn.execute(
                f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", (_FTS_HASHSIZE,)
            )
        self._bno: dict[str, int] = {}  # brief id -> its number in the index
        self._ids: dict[int, str] = {}
        self._max_span = 0
        self._readonly = False  # opened over a file: copied into memory before a change
        self._stems = _Stems(self._conn)
        self.add(briefs)

    @staticmethod
    def _connect(target: str = ":memory:", uri: bool = False) -> sqlite3.Connection:
        conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None, uri=uri)
        if not uri:
            conn.execute("PRAGMA journal_mode = OFF")
        return conn

    # Building and updating.

    def add(self, briefs: Iterable[Brief], digests: Mapping[str, str] | None = None) -> None:
        """Index briefs (ids must be new): rows go in with executemany, in one transaction, in
        rowid order (FTS5 writes a segment whenever a rowid goes backwards). `digests`: brief
        id -> the content hash a cache knows it by, kept with it (`stored`)."""
        # The rows are many small tuples and no cycles, all freed by the end: with collections
        # allowed, a full one among them holds the GIL for tens of ms and stalls the TUI while a
        # worker builds the index.
        with gc_paused():
            self._build(briefs, digests or {})

    def _build(self, briefs: Iterable[Brief], digests: Mapping[str, str]) -> None:
        """Each brief is made into rows and let go before the next is asked for: `briefs` may
        decode them one by one."""
        conn = self._writable()
        rows = _Rows()
        (next_bno,) = conn.execute("SELECT coalesce(max(bno), 0) + 1 FROM briefs").fetchone()
        numbered: list[tuple[int, str]] = []  # (bno, brief id)
        labels: list[tuple[int, str, str, str]] = []
        names: set[tuple[str, str, str]] = set()
        seen: set[str] = set()
        rowids: dict[int, int] = {}  # day key -> the next free rowid with that key
        first = self._numbering()
        for brief in briefs:
            if brief.id in self._bno or brief.id in seen:
                raise ValueError(f"brief {brief.id!r} is indexed already")
            seen.add(brief.id)
            numbered.append((next_bno, brief.id))
            rows.add(brief, next_bno, rowids, first)
            labels.extend(_labels(brief, next_bno))
            names.update(rows.name_rows(brief))
            next_bno += 1
        if not numbered:
            return
        if any((n - 1) >> _SEQ_BITS != key for key, n in rowids.items()):
            raise ValueError("too many items share one date to index them")
        items, fts, shown = rows.items, rows.fts, rows.shown
        items.sort(key=_first)  # each brief's rows are in order: this merges them
        fts.sort(key=_first)
        shown.sort(key=_first)
        conn.execute("BEGIN")
        try:
            conn.executemany(
                "INSERT INTO briefs VALUES (?, ?, ?)",
                [(bno, brief_id, digests.get(brief_id)) for bno, brief_id in numbered],
            )
            conn.executemany(
                "INSERT INTO items VALUES (?, ?, ?, ?, ?, nullif(?, -1), nullif(?, -1), ?, ?)",
                items,
            )
            conn.executemany(
                "INSERT INTO fts(rowid, title, body, meta, facets) VALUES (?, ?, ?, ?, ?)", fts
            )
            conn.executemany(
                "INSERT INTO exact(rowid, title, body, meta) VALUES (?, ?, ?, ?)", map(_exact, fts)
            )
            conn.executemany(
                'INSERT INTO shown(rowid, title, body, meta, facets, id, section, date, "end", '
                "actors, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                shown,
            )
            del items, fts, shown, rows.items, rows.fts, rows.shown
            conn.executemany("INSERT INTO labels VALUES (?, ?, ?, ?)", labels)
            conn.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", sorted(names))
            conn.execute(
                "UPDATE info SET value = max(value, ?) WHERE key = 'max_span'", (rows.max_span,)
            )
            for statement in _INDEXES:
                conn.execute(statement)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        self._max_span = max(self._max_span, rows.max_span)
        for bno, brief_id in numbered:
            self._bno[brief_id] = bno
            self._ids[bno] = brief_id

    def remove(self, brief_id: str) -> None:
        """Drop a brief (before re-adding a changed one). Its names stay: they resolve to ids
        that no item carries any more, which match nothing."""
        bno = self._bno.get(brief_id)
        if bno is None:
            return
        self._delete(bno)
        del self._bno[brief_id], self._ids[bno]

    def update(
        self,
        added: Iterable[Brief] = (),
        removed: Iterable[str] = (),
        digests: Mapping[str, str] | None = None,
    ) -> None:
        """Remove briefs by id, then add briefs: a changed brief is in both. `digests` as for
        `add`."""
        for brief_id in removed:
            self.remove(brief_id)
        self.add(added, digests)

    def _numbering(self) -> Callable[[int], int]:
        """day key -> the first free rowid with that key: the first of the key's rowids, or
        in an update, the one after the items already there."""
        taken = self._conn.execute("SELECT 1 FROM items LIMIT 1").fetchone() is not None

        def first(key: int) -> int:
            n = key << _SEQ_BITS
            if taken:
                (top,) = self._conn.execute(
                    "SELECT max(rowid) FROM items WHERE rowid >= ? AND rowid < ?",
                    (n, (key + 1) << _SEQ_BITS),
                ).fetchone()
                n = n if top is None else top + 1
            return n

        return first

    def _delete(self, bno: int) -> None:
        conn = self._writable()
        # A contentless FTS5 table forgets a row when given the values it was indexed with,
        # which `shown` keeps.
        fts = conn.execute(
            "SELECT s.rowid, s.title, s.body, s.meta, s.facets FROM items i "
            "JOIN shown s ON s.rowid = i.rowid WHERE i.bno = ? ORDER BY s.rowid",
            (bno,),
        ).fetchall()
        conn.execute("BEGIN")
        try:
            conn.executemany(
                "INSERT INTO fts(fts, rowid, title, body, meta, facets) "
                "VALUES ('delete', ?, ?, ?, ?, ?)",
                fts,
            )
            conn.executemany(
                "INSERT INTO exact(exact, rowid, title, body, meta) VALUES ('delete', ?, ?, ?, ?)",
                map(_exact, fts),
            )
            conn.executemany("DELETE FROM shown WHERE rowid = ?", [(row[0],) for row in fts])
            conn.execute("DELETE FROM items WHERE bno = ?", (bno,))
            conn.execute("DELETE FROM labels WHERE bno = ?", (bno,))
            conn.execute("DELETE FROM briefs WHERE bno = ?", (bno,))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def replace(self, brief: Brief) -> None:
        """Re-index one brief that changed on disk; the others stay as they are."""
        self.update([brief], [brief.id])

    def brief_ids(self) -> list[str]:
        return sorted(self._bno)

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM items").fetchone()[0])

    # Persistence (brief.index_store keeps an index between runs).

    def save(self, path: Path) -> None:
        """Write the index to a new file `path`, page by page (not through one big bytes)."""
        target = sqlite3.connect(path)
        try:
            target.execute("PRAGMA journal_mode = OFF")
            self._conn.backup(target)
        finally:
            target.close()

    @classmethod
    def open(cls, path: Path) -> SearchIndex:
        """An index `save` wrote, searched where it lies: a query reads only the pages it needs.
        The file must not change while it is open (`save` a new file and rename it over the
        old one); a change to the index (`add`, `update`) first copies it into memory.

        Raises ValueError when the file is not an index of this version."""
        uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
        conn = cls._connect(uri, uri=True)
        # A query for two common words reads a few MB of postings: with SQLite's default 2 MB
        # page cache it reads some pages twice (60 ms; 38 ms with 16 MB, at 100k events).
        conn.execute("PRAGMA cache_size = -16384")
        return cls._reopen(conn, readonly=True)

    def to_bytes(self) -> bytes:
        return self._conn.serialize()

    @classmethod
    def from_bytes(cls, data: bytes, briefs: Iterable[Brief] | None = None) -> SearchIndex:
        """Reopen a serialised index. With `briefs`, it must hold exactly those ids.

        Raises ValueError when `data` is not an index of this version, or of other briefs."""
        conn = cls._connect()
        try:
            conn.deserialize(data)
        except sqlite3.Error as error:
            conn.close()
            raise ValueError(f"not a search index: {error}") from None
        index = cls._reopen(conn, readonly=False)
        if briefs is not None and {b.id for b in briefs} != set(index._bno):
            raise ValueError("the search index does not match these briefs")
        return index

    @classmethod
    def _reopen(cls, conn: sqlite3.Connection, readonly: bool) -> SearchIndex:
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version != SCHEMA_VERSION:
                raise ValueError("a search index of another version")
            (span,) = conn.execute("SELECT value FROM info WHERE key = 'max_span'").fetchone()
            ids = conn.execute("SELECT bno, id FROM briefs").fetchall()
        except (sqlite3.Error, ValueError) as error:
            conn.close()
            raise ValueError(f"not a search index: {error}") from None
        index = cls.__new__(cls)
        index._conn, index._readonly, index._max_span = conn, readonly, int(span)
        index._ids = dict(ids)
        index._bno = {brief_id: bno for bno, brief_id in ids}
        index._stems = _Stems(conn)
        return index

    def stored(self) -> dict[str, str | None]:
        """What is stored: brief id -> the content hash it was added with (None: none given)."""
        try:
            return dict(self._conn.execute("SELECT id, digest FROM briefs").fetchall())
        except sqlite3.Error as error:
            raise ValueError(f"not a search index: {error}") from None

    def _writable(self) -> sqlite3.Connection:
        """The connection to change: an index opened over a file is copied into memory first."""
        if self._readonly:
            memory = self._connect()
            self._conn.backup(memory)
            self._conn.close()
            self._conn, self._readonly = memory, False
            self._stems = _Stems(memory)
        return self._conn

    # Searching.

    def search(
        self,
        query: str | Query,
        *,
        brief: str | Collection[str] | None = None,
        kinds: Collection[str] | None = None,
        order: Order = "relevance",
        limit: int | None = 50,
        prefix_last: bool = False,
    ) -> SearchResults:
        """Search. Never raises for any query text.

        - `query`: text in the query language, or a parsed `Query`. An empty query matches
          every item, in timeline order: that is how the timeline box lists a whole brief.
        - `brief`: one brief id or several, to search only those.
        - `kinds`: e.g. {"event"} for a timeline.
        - `order`: "relevance" (title matches first, each tier by BM25; timeline order for a
          query without words) or "time" (timeline order, undated items last).
        - `limit`: at most this many results (None: all); `total` counts them all anyway.
        - `prefix_last`: parse as the user types (the last word also matches as a prefix).
        """
        if not isinstance(query, Query):
            query = parse(query, typing=prefix_last)
        plan = _Plan(self._conn, query, self._max_span)
        if brief is not None:
            ids = [brief] if isinstance(brief, str) else list(brief)
            plan.restrict("i.bno", [self._bno.get(i, 0) for i in ids])
        if kinds is not None:
            plan.restrict("i.kind", [KINDS.index(k) for k in KINDS if k in kinds])
        try:
            page, total = plan.run(order, limit)
            ranked = plan.locate(page)
        except sqlite3.Error as error:  # defensive: plans quote every term, so never expected
            return SearchResults([], (*plan.warnings, f"search failed: {error}"), 0, query)
        return SearchResults(self._results(ranked, plan), tuple(plan.warnings), total, query)

    def timeline(self, brief_id: str, query: str | Query = "", **options: Any) -> SearchResults:
        """A brief's timeline events in date order, filtered by `query`; all of them by default."""
        options.setdefault("limit", None)
        return self.search(query, brief=brief_id, kinds={"event"}, order="time", **options)

    def _results(self, ranked: list[tuple[Any, ...]], plan: _Plan) -> list[Result]:
        marker = _Highlighter(plan.query, self._stems)
        labels = self._labels({row[1] for row in ranked})
        dates: dict[str, PartialDate] = {}  # a page repeats dates a lot
        results = []
        for (_, bno, kind_no, approx, expected, item_id, title, body, section, date_text,
             end_text, actors_text, tags_text, score) in ranked:  # fmt: skip
            date, end = _parsed(date_text, dates), _parsed(end_text, dates)
            approx_match = bool(plan.dates) and _approx_match((date, end), plan)
            snippet, snippet_spans = marker.snippet(body)
            actors = tuple(actors_text.split())
            names = labels.get(bno, {})
            results.append(
                Result(
                    brief=self._ids[bno],
                    kind=KINDS[kind_no],
                    id=item_id,
                    section=section,
                    section_title=None if section is None else names.get(("section", section)),
                    date=date,
                    end=end,
                    approx=bool(approx),
                    expected=bool(expected),
                    title=title,
                    snippet=snippet,
                    title_spans=marker.spans(title),
                    snippet_spans=snippet_spans,
                    actors=actors,
                    actor_names=tuple(names.get(("actor", a), a) for a in actors),
                    tags=tuple(tags_text.split()),
                    approx_match=approx_match,
                    score=score,
                )
            )
        return results

    def _labels(self, bnos: Iterable[int]) -> dict[int, dict[tuple[str, str], str]]:
        """bno -> (kind, id) -> the actor's name or the section's title, for the page's briefs."""
        labels: dict[int, dict[tuple[str, str], str]] = {}
        for bno in bnos:
            rows = self._conn.execute("SELECT kind, id, name FROM labels WHERE bno = ?", (bno,))
            labels[bno] = {(kind, label_id): name for kind, label_id, name in rows}
        return labels


def _parsed(text: str | None, dates: dict[str, PartialDate]) -> PartialDate | None:
    if text is None:
        return None
    date = dates.get(text)
    if date is None:
        date = dates[text] = PartialDate.parse(text)
    return date


# --- highlights -----------------------------------------------------------------------------


class _Stems(dict[str, str]):
    """Folded word -> its stem, by the index's own tokenizer, so that highlights mark exactly
    the forms a search matched ("visas" for `visa`). New words are stemmed in one batch, by
    FTS5 itself in a scratch table (no second stemmer to disagree with it)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__()
        self.conn = conn

    def learn(self, words: Iterable[str]) -> None:
        new = list({w for w in words if w not in self})
        if not new:
            return
        if len(self) > 100_000:
            self.clear()
        conn = self.conn
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer USING fts5("
                     f"word, content='', tokenize='{TOKENIZER}')")  # fmt: skip
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.stems USING fts5vocab(temp, stemmer, instance)"
        )
        conn.executemany("INSERT INTO temp.stemmer(rowid, word) VALUES (?, ?)", enumerate(new))
        for doc, term in conn.execute("SELECT doc, term FROM temp.stems WHERE offset = 0"):
            self[new[doc]] = term
        conn.execute("INSERT INTO temp.stemmer(stemmer) VALUES ('delete-all')")
        for word in new:
            self.setdefault(word, word)  # not a word to the tokenizer: itself


class _Highlighter:
    """Finds the query's words and phrases in result text, folded and stemmed as the tokenizer
    does it: `visa` marks "Visas", and a quoted `"visa"` only "visa".

    FTS5 decides what matches; this only marks where, so every client can draw it."""

    def __init__(self, query: Query, stems: _Stems) -> None:
        # (folded words, or their stems unless quoted; the last one is a prefix; quoted)
        self.terms: list[tuple[list[str], bool, bool]] = []
        for clause in query.clauses:
            for atom in clause.atoms:
                if isinstance(atom, Text) and not atom.negated:
                    words = [fold(t) for t in WORD.findall(atom.text)]
                    if words:
                        self.terms.append((words, atom.prefix, atom.exact))
        stems.learn(w for words, _, exact in self.terms if not exact for w in words)
        self.terms = [(words if exact else [stems[w] for w in words], prefix, exact)
                      for words, prefix, exact in self.terms]  # fmt: skip
        self.stems = stems
        self.stemmed = not all(exact for _, _, exact in self.terms)

    def spans(self, text: str) -> tuple[Span, ...]:
        if not self.terms or not text:
            return ()
        tokens = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]
        folded = [t[2] for t in tokens]
        stemmed = folded
        if self.stemmed:
            stems = self.stems
            stems.learn(folded)
            stemmed = [stems[w] for w in folded]
        found = []
        for words, prefix, exact in self.terms:
            forms = folded if exact else stemmed
            n = len(words)
            for i in range(len(tokens) - n + 1):
                last = forms[i + n - 1]
                if all(forms[i + k] == words[k] for k in range(n - 1)) and (
                    last.startswith(words[-1]) if prefix else last == words[-1]
                ):
                    found.append((tokens[i][0], tokens[i + n - 1][1]))
        return _merge(found)

    def snippet(self, text: str) -> tuple[str, tuple[Span, ...]]:
        """Up to SNIPPET_TOKENS words of `text` around its first match, with `…` where cut."""
        starts = [m.start() for m in WORD.finditer(text)]
        spans = self.spans(text)
        if len(starts) <= SNIPPET_TOKENS:
            return text, spans
        first = bisect.bisect_right(starts, spans[0][0]) - 1 if spans else 0
        first = min(max(0, first - SNIPPET_TOKENS // 4), len(starts) - SNIPPET_TOKENS)
        start = starts[first] if first else 0
        stop = first + SNIPPET_TOKENS
        end = starts[stop] if stop < len(starts) else len(text)
        piece = text[start:end].rstrip()
        lead, tail = ("…" if start else ""), ("…" if stop < len(starts) else "")
        shift = len(lead) - start
        kept = [(a + shift, min(b, start + len(piece)) + shift) for a, b in spans
                if a >= start and a < start + len(piece)]  # fmt: skip
        return lead + piece + tail, tuple(kept)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


# --- planning a query -----------------------------------------------------------------------

_TEXT = "{title body meta}"
_TITLE = "{title}"


def _phrase(text: str, prefix: bool = False) -> str:
    """A quoted FTS5 string: raw user text inside MATCH would raise (`foo"`, `AND`, `a:b`)."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _or(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _in_match(negated: bool, table: str = "fts", rowid: str = "i.rowid") -> str:
    not_ = "NOT " if negated else ""
    return f"{rowid} {not_}IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)"


def _exact_words(atom: Text) -> str:
    """The MATCH expression of a word or phrase in `exact`: each of its words as written (no
    positions there, so no phrase; `fts` checks the order)."""
    words = WORD.findall(atom.text)
    return " AND ".join(
        _phrase(w, atom.prefix and n == len(words) - 1) for n, w in enumerate(words)
    )


class _Plan:
    """One query as SQL: a MATCH expression for words and facets, conditions for the rest.

    `match_title` is the same expression with words sought in titles only: relevance order
    lists those matches first (a title match outranks a text match), and ranking that smaller
    set alone keeps common words fast.
    """

    def __init__(self, conn: sqlite3.Connection, query: Query, max_span: int = 0) -> None:
        self.conn = conn
        self.query = query
        self.max_span = max_span
        # Rowid bounds implied by the date clauses: the slice of the timeline to look at.
        self.low: int | None = None
        self.high: int | None = None
        self.warnings = list(query.warnings)
        self.where: list[str] = []
        self.params: list[Any] = []
        # Conditions on `fts.rowid` alone (quoted words), which need no join with `items`.
        self.narrow: list[str] = []
        self.narrow_params: list[Any] = []
        self.dates: list[tuple[DateRange, ...]] = []  # positive date clauses, for approx_match
        self.ranked = False  # are there words for BM25 to rank by?
        # Unquoted words as written, in `exact`: a match with these forms ranks first.
        self.forms: list[str] = []
        positive: list[tuple[str, str]] = []  # (all columns, titles only)
        negative: list[str] = []
        for clause in query.clauses:
            self._clause(clause, positive, negative)
        self.match = self.match_title = None
        if positive:
            self.match = " AND ".join(p for p, _ in positive)
            self.match_title = " AND ".join(t for _, t in positive)
            if negative:
                exclude = " OR ".join(negative)
                self.match = f"({self.match}) NOT ({exclude})"
                self.match_title = f"({self.match_title}) NOT ({exclude})"
        elif negative:
            # FTS5's NOT needs a left side: exclude through a subquery instead.
            self.where.append(_in_match(negated=True))
            self.params.append(" OR ".join(negative))

    def restrict(self, column: str, values: list[int]) -> None:
        self.where.append(f"{column} IN ({', '.join('?' * len(values))})")
        self.params.extend(values)

    # Clauses.

    def _clause(self, clause: Clause, positive: list[tuple[str, str]], negative: list[str]) -> None:
        atoms = clause.atoms
        words = [a for a in atoms if isinstance(a, Text | Field)]
        exact = any(isinstance(a, Text) and a.exact for a in words)
        if (
            len(atoms) == 1
            and words
            and words[0].negated
            and not _is_column(words[0])
            and not exact
        ):
            negative.append(self._fragment(words[0], _TEXT))
            return
        if len(words) == len(atoms) and not any(a.negated or _is_column(a) for a in words):
            # A quoted word's stem finds a superset of its exact form: it drives the search and
            # ranks, and a condition on `exact` keeps the forms as written.
            positive.append(
                (_or([self._fragment(a, _TEXT) for a in words]),
                 _or([self._fragment(a, _TITLE) for a in words]))
            )  # fmt: skip
            self.ranked = self.ranked or any(isinstance(a, Text) for a in words)
            if exact:
                # On `fts.rowid`, so no join with `items` (a quoted word at 100k events: 45 ->
                # 5 ms p50); the `+` keeps SQLite from driving the query by the subquery and
                # re-running the MATCH for each of its rows (320 ms).
                start = len(self.params)
                conditions = [self._condition(a, rowid="+fts.rowid") for a in words]
                self.narrow.append("(" + " OR ".join(conditions) + ")")
                self.narrow_params.extend(self.params[start:])
                del self.params[start:]
            elif all(isinstance(a, Text) for a in words):
                self.forms.append(_or([_exact_words(a) for a in words]))  # type: ignore[arg-type]
            return
        # Dates, kinds, flags, and ORs that mix them with words, are conditions on `items`.
        self.where.append("(" + " OR ".join(self._condition(a) for a in atoms) + ")")
        if all(isinstance(a, DateRange) and not a.negated for a in atoms):
            self.dates.append(atoms)  # type: ignore[arg-type]
            self._bound(atoms)  # type: ignore[arg-type]

    def _bound(self, atoms: tuple[DateRange, ...]) -> None:
        """Narrow the rowid range to the items that can overlap these ranges (ORed): those
        starting no later than the last day, and no earlier than the first day minus the
        longest span of any item. Clauses are ANDed, so their bounds intersect."""
        lows = [_day_key(a.first.toordinal() - self.max_span) for a in atoms if a.first]
        highs = [_day_key(a.last.toordinal() + 1) for a in atoms if a.last]
        if len(lows) == len(atoms):  # a range open at the start bounds nothing
            low = min(lows)
            self.low = low if self.low is None else max(self.low, low)
        if len(highs) == len(atoms):
            high = max(highs)
            self.high = high if self.high is None else min(self.high, high)

    def _fragment(self, atom: Text | Field, columns: str) -> str:
        """The MATCH fragment of a word, phrase or facet."""
        if isinstance(atom, Text):
            return f"{columns} : {_phrase(atom.text, atom.prefix)}"
        tokens: list[str] = []
        for value in atom.values:
            if atom.name in ("actor", "section"):
                tokens.extend(self._resolve(atom, value))
            else:
                token = facet_token(atom.name, value)
                if atom.prefix:  # while typing, the value's last word may go on: no end mark
                    token = token.removesuffix(SEP)
                tokens.append(_phrase(token, atom.prefix))
        return "{facets} : " + _or(list(dict.fromkeys(tokens)) or [_phrase(NOTHING)])

    def _resolve(self, atom: Field, value: str) -> list[str]:
        """`actor:dar` -> the facet tokens of every actor whose id, name, alias or name word is
        "dar" (or starts with it, while typing)."""
        form = " ".join(WORD.findall(fold(value)))
        if atom.prefix:
            sql = "SELECT DISTINCT id FROM names WHERE field = ? AND form >= ? AND form < ?"
            params: tuple[str, ...] = (atom.name, form, form + "\U0010ffff")
        else:
            sql = "SELECT DISTINCT id FROM names WHERE field = ? AND form = ?"
            params = (atom.name, form)
        ids = [row[0] for row in self.conn.execute(sql, params)]
        warning = f"{atom.name}:{value}: no {atom.name} by that name"
        if not ids and not atom.prefix and warning not in self.warnings:
            self.warnings.append(warning)
        return [_phrase(facet_token(atom.name, i)) for i in ids]

    def _condition(self, atom: Text | Field | DateRange, rowid: str = "i.rowid") -> str:
        if isinstance(atom, DateRange):
            sql, params = _date_sql(atom)
            self.params.extend(params)
            return sql
        if _is_column(atom):
            assert isinstance(atom, Field)
            if atom.name == "kind":
                condition = f"i.kind IN ({', '.join('?' * len(atom.values))})"
                self.params.extend(KINDS.index(v) for v in atom.values)
            else:  # approx, expected: the parser lets nothing else through
                condition = " OR ".join(f"i.{flag} = 1" for flag in atom.values)
            return f"NOT ({condition})" if atom.negated else f"({condition})"
        if isinstance(atom, Text) and atom.exact:
            self.params.append(_exact_words(atom))
            return _in_match(atom.negated, "exact", rowid)
        self.params.append(self._fragment(atom, _TEXT))
        return _in_match(atom.negated, rowid=rowid)

    # Running.

    def run(self, order: Order, limit: int | None) -> tuple[list[tuple[Any, ...]], int]:
        """The page of (rowid, score), and the number of all matches."""
        if self.match is None or order == "time" or not self.ranked:
            page = self._page(self.match, "time", limit)
            return page, self._count(limit, page)
        assert self.match_title is not None
        page = self._page(self.match_title, "relevance", limit)
        if limit is None or len(page) < limit:
            rest = None if limit is None else limit - len(page)
            others = f"({self.match}) NOT ({self.match_title})"
            page += self._page(others, "relevance", rest)
        return page, self._count(limit, page)

    def _sql(self, match: str | None) -> tuple[str, list[Any], str]:
        """FROM and WHERE, their parameters, and the table whose rowid drives the query."""
        where, params = [*self.where, *self.narrow], [*self.params, *self.narrow_params]
        table = "i" if match is None else "fts"
        # The rowid range goes on the driving table: FTS5 and the rowid b-tree seek to it.
        if self.low is not None:
            where.append(f"{table}.rowid >= ?")
            params.append(self.low)
        if self.high is not None:
            where.append(f"{table}.rowid < ?")
            params.append(self.high)
        if match is None:
            return f"FROM items i WHERE {' AND '.join(where) or '1'}", params, table
        where.insert(0, "fts MATCH ?")
        params.insert(0, match)
        # FTS5 alone when no condition needs `items`: no join to pay for on every match. With a
        # join, CROSS JOIN keeps FTS5 the outer loop: left to choose, SQLite may walk a brief's
        # items and re-run the MATCH for each one, quadratic on a long timeline.
        join = " CROSS JOIN items i ON i.rowid = fts.rowid" if self.where else ""
        return f"FROM fts{join} WHERE {' AND '.join(where)}", params, table

    def _page(self, match: str | None, order: Order, limit: int | None) -> list[tuple[Any, ...]]:
        """(rowid, score) of the page, best first. Rowid order is timeline order: it breaks
        ties in relevance, and a page in timeline order stops after `limit` rows, unsorted."""
        body, params, table = self._sql(match)
        if order == "relevance" and self.forms:
            # Matches with every unquoted word as written ("visa") before other forms ("visas").
            exact = "fts.rowid IN (SELECT rowid FROM exact WHERE exact MATCH ?) DESC"
            sql = f"SELECT fts.rowid, {RANKING} AS score {body} ORDER BY {exact}, score, fts.rowid"
            params.append(" AND ".join(self.forms))
        elif order == "relevance":
            sql = f"SELECT fts.rowid, {RANKING} AS score {body} ORDER BY score, fts.rowid"
        else:
            sql = f"SELECT {table}.rowid, 0.0 {body} ORDER BY {table}.rowid"
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        return self.conn.execute(sql, params).fetchall()

    def _count(self, limit: int | None, page: list[Any] | None = None) -> int:
        if page is not None and (limit is None or len(page) < limit):
            return len(page)
        body, params, _ = self._sql(self.match)
        return int(self.conn.execute(f"SELECT count(*) {body}", params).fetchone()[0])

    def locate(self, page: list[tuple[int, float]]) -> list[tuple[Any, ...]]:
        """(rowid, bno, kind, approx, expected, then what the result shows: id, title, body,
        section, date, end, actors, tags; and score) for each row of the page, in its order."""
        where: dict[int, tuple[Any, ...]] = {}
        ids = [rowid for rowid, _ in page]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = (
                "SELECT i.rowid, i.bno, i.kind, i.approx, i.expected, s.id, s.title, s.body, "
                's.section, s.date, s."end", s.actors, s.tags '
                "FROM items i JOIN shown s ON s.rowid = i.rowid WHERE i.rowid IN "
            )
            sql += f"({', '.join('?' * len(chunk))})"
            for row in self.conn.execute(sql, chunk):
                where[row[0]] = row
        return [(*where[rowid], score) for rowid, score in page if rowid in where]


def _is_column(atom: Text | Field) -> bool:
    """kind: and is: filter on `items` columns, not on the text index."""
    return isinstance(atom, Field) and atom.name in ("kind", "is")


def _day_key(day: int) -> int:
    """The smallest rowid of an item whose first day is `day`."""
    return max(0, day * 4) << _SEQ_BITS


def _date_sql(atom: DateRange) -> tuple[str, list[Any]]:
    """Overlap of the item's [lo, hi] with the qualifier's range. NULL (undated) never matches.
    (`_Plan._bound` adds the rowid range that lets SQLite look at a slice of the timeline.)"""
    conditions: list[str] = []
    params: list[Any] = []
    if atom.last is not None:
        conditions.append("i.lo <= ?")
        params.append(atom.last.toordinal())
    if atom.first is not None:
        conditions.append("i.hi >= ?")
        params.append(atom.first.toordinal())
    overlap = " AND ".join(conditions) or "i.lo IS NOT NULL"
    if atom.negated:
        return f"(i.lo IS NOT NULL AND NOT ({overlap}))", params
    return f"({overlap})", params


def _approx_match(obj_dates: tuple[PartialDate | None, PartialDate | None], plan: _Plan) -> bool:
    """Did some date clause match this item only through its coarse date?

    A match is certain when the item lies wholly inside the qualifier's range, or when the
    range meets the days the item certainly covers: for a period, from the last day its start
    could be to the first day its end could be; for a single date, its day if it names one.
    A year-only event for `on:2025-03` is neither: it may not have happened in March.
    """
    date, end = obj_dates
    if date is None:
        return False
    lo, hi = date.start.toordinal(), (end or date).end.toordinal()
    if end is not None:
        core = (date.end.toordinal(), end.start.toordinal())
    elif date.precision == "day":
        core = (lo, lo)
    else:
        core = (1, 0)  # empty
    return any(not any(_certain(atom, lo, hi, core) for atom in clause) for clause in plan.dates)


def _certain(atom: DateRange, lo: int, hi: int, core: tuple[int, int]) -> bool:
    first = atom.first.toordinal() if atom.first else None
    last = atom.last.toordinal() if atom.last else None
    inside = (first is None or lo >= first) and (last is None or hi <= last)
    meets_core = (
        core[0] <= core[1]
        and (first is None or core[1] >= first)
        and (last is None or core[0] <= last)
    )
    return inside or meets_core


def search(briefs: Iterable[Brief], query: str | Query, **options: Any) -> SearchResults:
    """A one-off search over briefs (builds a throwaway index)."""
    return SearchIndex(briefs).search(query, **options)
