"""The search engine: an in-memory SQLite FTS5 index over every searchable item of many briefs.

Items are timeline events, section points, figures, actors and sources. Each is one row of
`items` (kind, position, dates, flags: what filters and ordering need) and one document of the
contentless FTS5 table `fts`. The text itself stays in the Brief objects the index was built
from, so it is not held twice; results, highlights and snippets are built from those objects.

FTS5 columns:
- `title`, `body`: what a result shows; BM25 weighs the title above the body.
- `meta`: the names of the item's actors and the words of its tags, so `dar` also finds what
  Ishaq Dar did where the text says "the foreign minister". Weighed low.
- `facets`: one token per tag, source, section and actor id of the item: `tagǂvisas`,
  `actorǂishaqǂdar` (`ǂ` is a letter to the tokenizer, so a value stays one token). Field filters
  are phrases on this column: exact, and as fast as a word. It has no weight in the ranking.

`actor:` and `section:` accept names too: the `names` table first maps each folded id, name, alias
and name word to ids. A query is then one SQL statement: one FTS5 MATCH expression (every term
quoted: raw text in MATCH raises), plus kind, flag and date-overlap conditions on `items`.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from brief.dates import PartialDate, date_label
from brief.query import WORD, Clause, DateRange, Field, Query, Text, fold, parse

if TYPE_CHECKING:
    from rich.text import Text as RichText

    from brief.model import Brief

Kind = Literal["event", "point", "figure", "actor", "source"]
Order = Literal["relevance", "time"]
Span = tuple[int, int]

KINDS: tuple[Kind, ...] = ("event", "point", "figure", "actor", "source")
SCHEMA_VERSION = 4  # bump when the tables or the facet encoding change (cached indexes)
TOKENIZER = "unicode61 remove_diacritics 2"
SEP = "ǂ"  # joins a facet's field and value into one token
NOTHING = f"{SEP}nothing"  # a token no row has: a filter whose names matched nothing
RANKING = "bm25(fts, 4.0, 1.0, 0.5, 0.0)"  # title, body, meta, facets
SNIPPET_TOKENS = 24
_UNDATED = 1 << 62  # timeline key of undated items: after every dated one
_PREC = {"year": 0, "month": 1, "day": 2}
_RANK_BITS = 20  # a brief's items sharing a date are ordered by title within these bits

_SCHEMA = f"""
CREATE TABLE briefs(
    bno INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    first INTEGER NOT NULL, shape TEXT NOT NULL  -- first rowid; item counts, to check a cache
);
CREATE TABLE items(
    rowid INTEGER PRIMARY KEY,
    bno INTEGER NOT NULL, kind INTEGER NOT NULL,  -- index into KINDS
    sec INTEGER NOT NULL, pos INTEGER NOT NULL,   -- where the item is in its brief
    lo INTEGER, hi INTEGER,   -- day ordinals of its first and last day; NULL when undated
    tkey INTEGER NOT NULL,    -- timeline order (see _Rows.timeline_keys)
    approx INTEGER NOT NULL, expected INTEGER NOT NULL
);
CREATE VIRTUAL TABLE fts USING fts5(title, body, meta, facets, content='', tokenize='{TOKENIZER}');
-- Folded names for actor: and section: ("ishaq dar", "dar", "ishaq dar" from ishaq-dar -> id).
CREATE TABLE names(field TEXT, form TEXT, id TEXT, UNIQUE(field, form, id));
CREATE TABLE info(key TEXT PRIMARY KEY, value);
INSERT INTO info VALUES ('max_span', 0);
PRAGMA user_version = {SCHEMA_VERSION};
"""
# Built after the bulk insert, which is faster than keeping them up to date row by row.
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS items_brief ON items(bno, kind, tkey)",
    "CREATE INDEX IF NOT EXISTS items_tkey ON items(tkey)",
    "CREATE INDEX IF NOT EXISTS items_kind ON items(kind, tkey)",
)


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
    item: Any = None  # the model object itself (Event, Point, …), for the TUI's detail view

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
    """`tag`, `Visa-Free` -> `tagǂvisaǂfree`: one case- and accent-folded token per value."""
    return name + SEP + SEP.join(WORD.findall(fold(value)))


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
    """Every searchable item of a brief, in a fixed order (rowids follow it)."""
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


def _count(brief: Brief) -> int:
    points = sum(len(s.points) for s in brief.sections)
    return (
        len(brief.timeline) + points + len(brief.figures) + len(brief.actors) + len(brief.sources)
    )


def _lookup(brief: Brief, kind: Kind, sec: int, pos: int) -> Any:
    if kind == "event":
        return brief.timeline[pos]
    if kind == "point":
        return brief.sections[sec].points[pos]
    if kind == "figure":
        return brief.figures[pos]
    return (brief.actors if kind == "actor" else brief.sources)[pos]


def _item_id(kind: Kind, obj: Any, sec: int, pos: int, brief: Brief) -> str:
    # Items without an id get the loader's scheme (e<n>, <section>-p<n>, f<n>, in file order).
    if obj.id:
        return obj.id
    if kind == "point":
        return f"{brief.sections[sec].id}-p{pos + 1}"
    return f"{'e' if kind == 'event' else 'f'}{pos + 1}"


def _dates(kind: Kind, obj: Any) -> tuple[PartialDate | None, PartialDate | None]:
    if kind in ("event", "point"):
        return obj.date, obj.end
    if kind == "source":
        return obj.published, None
    return None, None


def _shape(brief: Brief) -> str:
    """Item counts, to check that a cached index belongs to the briefs it is opened with."""
    points = ",".join(str(len(s.points)) for s in brief.sections)
    return f"{len(brief.timeline)}/{points}/{len(brief.figures)}/{len(brief.actors)}/" + str(
        len(brief.sources)
    )


class _Tokens(dict[str, str]):
    """value -> facet token of one field, made on first use (a C-speed lookup after that)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def __missing__(self, value: str) -> str:
        token = self[value] = facet_token(self.name, value)
        return token


class _Rows:
    """Turns briefs into rows for `items`, `fts` and `names`. Hot: a library has 100k+ items."""

    def __init__(self) -> None:
        self.max_span = 0
        self.tokens = {name: _Tokens(name) for name in ("actor", "tag", "source", "section")}

    def fts_rows(self, brief: Brief, first: int) -> Iterator[tuple[int, str, str, str, str]]:
        """(rowid, title, body, meta, facets) for each item: the same on insert and delete."""
        actor_t, tag_t, source_t, section_t = (self.tokens[n] for n in
                                               ("actor", "tag", "source", "section"))  # fmt: skip
        actor_names = {a.id: a.name for a in brief.actors}
        for rowid, (kind, _, _, obj, section) in enumerate(_walk(brief), first):
            title, body = item_text(kind, obj)
            if kind == "actor":
                yield rowid, title, body, "", actor_t[obj.id]
                continue
            if kind == "source":
                yield rowid, title, body, "", source_t[obj.id]
                continue
            facets = [actor_t[a] for a in obj.actors]
            facets += [tag_t[t] for t in obj.tags]
            facets += [source_t[s] for s in obj.sources]
            if section:
                facets.append(section_t[section])
            meta = " ".join([actor_names.get(a, a) for a in obj.actors])
            if obj.tags:
                meta += " " + " ".join(obj.tags).replace("-", " ")
            yield rowid, title, body, meta, " ".join(facets)

    def item_rows(self, brief: Brief, bno: int, first: int) -> list[tuple[Any, ...]]:
        rows = []
        dated = []
        for rowid, (kind, sec, pos, obj, _) in enumerate(_walk(brief), first):
            date, end = _dates(kind, obj)
            flags = int(getattr(obj, "approx", False)), int(getattr(obj, "expected", False))
            row = [rowid, bno, KINDS.index(kind), sec, pos, None, None, _UNDATED + rowid, *flags]
            if date is not None:
                lo, hi = date.start.toordinal(), (end or date).end.toordinal()
                self.max_span = max(self.max_span, hi - lo)
                precision = _PREC[date.precision]
                row[5:7] = lo, hi
                dated.append((lo * 4 + precision, item_text(kind, obj)[0], row))
            rows.append(row)
        # tkey: the first day and the precision (year before month before day) in the high bits,
        # then the item's rank by title within its brief: Event.sort_key's order as one integer.
        dated.sort(key=lambda d: d[:2])
        for rank, (day_key, _, row) in enumerate(dated):
            row[7] = (day_key << _RANK_BITS) | rank
        return [tuple(row) for row in rows]

    def name_rows(self, brief: Brief) -> Iterator[tuple[str, str, str]]:
        for section in brief.sections:
            for form in name_forms(section.id, section.title):
                yield "section", form, section.id
        for actor in brief.actors:
            for form in name_forms(*actor.names()):
                yield "actor", form, actor.id


# --- the index ------------------------------------------------------------------------------


class SearchIndex:
    """An in-memory FTS5 index over briefs. Build once, query many times.

    The index keeps the Brief objects it was built from: results are made from them. It uses
    one SQLite connection, so use it from one thread at a time.
    """

    def __init__(self, briefs: Iterable[Brief] = ()) -> None:
        self._conn = self._connect()
        self._conn.executescript(_SCHEMA)
        self._briefs: dict[int, Brief] = {}
        self._bno: dict[str, int] = {}
        self.add(briefs)

    @staticmethod
    def _connect() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode = OFF")
        return conn

    # Building and updating.

    def add(self, briefs: Iterable[Brief]) -> None:
        """Index briefs (ids must be new): rows go in with executemany, in one transaction."""
        conn = self._conn
        rows = _Rows()
        (next_rowid,) = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM items").fetchone()
        (next_bno,) = conn.execute("SELECT coalesce(max(bno), 0) + 1 FROM briefs").fetchone()
        new: list[tuple[int, Brief, int]] = []
        for brief in briefs:
            if brief.id in self._bno or any(b.id == brief.id for _, b, _ in new):
                raise ValueError(f"brief {brief.id!r} is indexed already")
            new.append((next_bno, brief, next_rowid))
            next_bno += 1
            next_rowid += _count(brief)
        conn.execute("BEGIN")
        try:
            conn.executemany(
                "INSERT INTO briefs VALUES (?, ?, ?, ?)",
                [(bno, brief.id, first, _shape(brief)) for bno, brief, first in new],
            )
            for bno, brief, first in new:
                conn.executemany(
                    "INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows.item_rows(brief, bno, first),
                )
            conn.executemany(
                "INSERT INTO fts(rowid, title, body, meta, facets) VALUES (?, ?, ?, ?, ?)",
                (row for _, brief, first in new for row in rows.fts_rows(brief, first)),
            )
            conn.executemany(
                "INSERT OR IGNORE INTO names VALUES (?, ?, ?)",
                (row for _, brief, _ in new for row in rows.name_rows(brief)),
            )
            conn.execute(
                "UPDATE info SET value = max(value, ?) WHERE key = 'max_span'", (rows.max_span,)
            )
            for statement in _INDEXES:
                conn.execute(statement)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        for bno, brief, _ in new:
            self._briefs[bno] = brief
            self._bno[brief.id] = bno

    def remove(self, brief_id: str) -> None:
        """Drop a brief (before re-adding a changed one). Its names stay: they resolve to ids
        that no item carries any more, which match nothing."""
        bno = self._bno.pop(brief_id, None)
        if bno is None:
            return
        brief = self._briefs.pop(bno)
        conn = self._conn
        (first,) = conn.execute("SELECT first FROM briefs WHERE bno = ?", (bno,)).fetchone()
        conn.execute("BEGIN")
        # A contentless FTS5 table forgets a row when given the values it was indexed with.
        conn.executemany(
            "INSERT INTO fts(fts, rowid, title, body, meta, facets) "
            "VALUES ('delete', ?, ?, ?, ?, ?)",
            _Rows().fts_rows(brief, first),
        )
        conn.execute("DELETE FROM items WHERE bno = ?", (bno,))
        conn.execute("DELETE FROM briefs WHERE bno = ?", (bno,))
        conn.execute("COMMIT")

    def replace(self, brief: Brief) -> None:
        """Re-index one brief that changed on disk; the others stay as they are."""
        self.remove(brief.id)
        self.add([brief])

    def brief_ids(self) -> list[str]:
        return sorted(self._bno)

    def __len__(self) -> int:
        return self._conn.execute("SELECT count(*) FROM items").fetchone()[0]

    # Persistence, for the warm-start cache.

    def to_bytes(self) -> bytes:
        return self._conn.serialize()

    @classmethod
    def from_bytes(cls, data: bytes, briefs: Iterable[Brief]) -> SearchIndex:
        """Reopen a serialised index over the same briefs it was built from.

        Raises ValueError when `data` is not an index of this version or does not fit `briefs`
        (the cache keys it by the briefs' content; this is the last line of defence).
        """
        conn = cls._connect()
        try:
            conn.deserialize(data)
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version != SCHEMA_VERSION:
                raise ValueError("a search index of another version")
            stored = {i: (bno, shape) for bno, i, shape in conn.execute(
                "SELECT bno, id, shape FROM briefs")}  # fmt: skip
        except sqlite3.Error as error:
            raise ValueError(f"not a search index: {error}") from None
        given = {brief.id: brief for brief in briefs}
        if set(given) != set(stored) or any(_shape(b) != stored[i][1] for i, b in given.items()):
            raise ValueError("the search index does not match these briefs")
        index = cls.__new__(cls)
        index._conn = conn
        index._briefs = {stored[i][0]: b for i, b in given.items()}
        index._bno = {i: stored[i][0] for i in given}
        return index

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
        plan = _Plan(self._conn, query)
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
        marker = _Highlighter(plan.query)
        results = []
        for _, bno, kind_no, sec, pos, score in ranked:
            brief = self._briefs[bno]
            kind = KINDS[kind_no]
            obj = _lookup(brief, kind, sec, pos)
            approx = bool(plan.dates) and _approx_match(_dates(kind, obj), plan)
            results.append(_result(brief, kind, sec, pos, obj, score, approx, marker))
        return results


def _result(
    brief: Brief, kind: Kind, sec: int, pos: int, obj: Any, score: float, approx_match: bool,
    marker: _Highlighter,
) -> Result:  # fmt: skip
    title, body = item_text(kind, obj)
    snippet, snippet_spans = marker.snippet(body)
    date, end = _dates(kind, obj)
    section = brief.sections[sec].id if kind == "point" else getattr(obj, "section", None)
    section_title = None
    if section is not None:
        found = next((s for s in brief.sections if s.id == section), None)
        section_title = found.title if found else None
    actors: tuple[str, ...] = tuple(getattr(obj, "actors", ()))
    names = {a.id: a.name for a in brief.actors} if actors else {}
    return Result(
        brief=brief.id,
        kind=kind,
        id=_item_id(kind, obj, sec, pos, brief),
        section=section,
        section_title=section_title,
        date=date,
        end=end,
        approx=bool(getattr(obj, "approx", False)),
        expected=bool(getattr(obj, "expected", False)),
        title=title,
        snippet=snippet,
        title_spans=marker.spans(title),
        snippet_spans=snippet_spans,
        actors=actors,
        actor_names=tuple(names.get(a, a) for a in actors),
        tags=tuple(getattr(obj, "tags", ())),
        approx_match=approx_match,
        score=score,
        item=obj,
    )


# --- highlights -----------------------------------------------------------------------------


class _Highlighter:
    """Finds the query's words and phrases in result text, folded as the tokenizer folds them.

    FTS5 decides what matches; this only marks where, so every client can draw it."""

    def __init__(self, query: Query) -> None:
        self.terms: list[tuple[list[str], bool]] = []  # (folded tokens, last one is a prefix)
        patterns = []
        for clause in query.clauses:
            for atom in clause.atoms:
                if isinstance(atom, Text) and not atom.negated:
                    tokens = [fold(t) for t in WORD.findall(atom.text)]
                    if tokens:
                        self.terms.append((tokens, atom.prefix))
                        tail = r"[^\W_]*" if atom.prefix else r"(?![^\W_])"
                        body = r"[\W_]+".join(re.escape(t) for t in tokens)
                        patterns.append(rf"(?<![^\W_]){body}{tail}")
        # ASCII text (most of it) needs no folding beyond case: one regex finds every term.
        self.pattern = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None

    def spans(self, text: str) -> tuple[Span, ...]:
        if self.pattern is None or not text:
            return ()
        if text.isascii():
            return _merge([m.span() for m in self.pattern.finditer(text)])
        tokens = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]
        found = []
        for words, prefix in self.terms:
            n = len(words)
            for i in range(len(tokens) - n + 1):
                last = tokens[i + n - 1][2]
                if all(tokens[i + k][2] == words[k] for k in range(n - 1)) and (
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


def _in_match(negated: bool) -> str:
    return f"i.rowid {'NOT ' if negated else ''}IN (SELECT rowid FROM fts WHERE fts MATCH ?)"


class _Plan:
    """One query as SQL: a MATCH expression for words and facets, conditions for the rest.

    `match_title` is the same expression with words sought in titles only: relevance order
    lists those matches first (a title match outranks a text match), and ranking that smaller
    set alone keeps common words fast.
    """

    def __init__(self, conn: sqlite3.Connection, query: Query) -> None:
        self.conn = conn
        self.query = query
        self.warnings = list(query.warnings)
        self.where: list[str] = []
        self.params: list[Any] = []
        self.dates: list[tuple[DateRange, ...]] = []  # positive date clauses, for approx_match
        self.ranked = False  # are there words for BM25 to rank by?
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
        if len(atoms) == 1 and words and words[0].negated and not _is_column(words[0]):
            negative.append(self._fragment(words[0], _TEXT))
            return
        if len(words) == len(atoms) and not any(a.negated or _is_column(a) for a in words):
            positive.append(
                (_or([self._fragment(a, _TEXT) for a in words]),
                 _or([self._fragment(a, _TITLE) for a in words]))
            )  # fmt: skip
            self.ranked = self.ranked or any(isinstance(a, Text) for a in words)
            return
        # Dates, kinds, flags, and ORs that mix them with words, are conditions on `items`.
        self.where.append("(" + " OR ".join(self._condition(a) for a in atoms) + ")")
        if all(isinstance(a, DateRange) and not a.negated for a in atoms):
            self.dates.append(atoms)  # type: ignore[arg-type]

    def _fragment(self, atom: Text | Field, columns: str) -> str:
        """The MATCH fragment of a word, phrase or facet."""
        if isinstance(atom, Text):
            return f"{columns} : {_phrase(atom.text, atom.prefix)}"
        tokens: list[str] = []
        for value in atom.values:
            if atom.name in ("actor", "section"):
                tokens.extend(self._resolve(atom, value))
            else:
                tokens.append(_phrase(facet_token(atom.name, value), atom.prefix))
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

    def _condition(self, atom: Text | Field | DateRange) -> str:
        if isinstance(atom, DateRange):
            sql, params = _date_sql(atom)
            self.params.extend(params)
            return sql
        if _is_column(atom):
            assert isinstance(atom, Field)
            if atom.name == "kind":
                condition = f"i.kind IN ({', '.join('?' * len(atom.values))})"
                self.params.extend(KINDS.index(v) for v in atom.values)  # type: ignore[arg-type]
            else:  # approx, expected: the parser lets nothing else through
                condition = " OR ".join(f"i.{flag} = 1" for flag in atom.values)
            return f"NOT ({condition})" if atom.negated else f"({condition})"
        self.params.append(self._fragment(atom, _TEXT))
        return _in_match(atom.negated)

    # Running.

    def run(self, order: Order, limit: int | None) -> tuple[list[tuple[Any, ...]], int]:
        """The page of (rowid, score), and the number of all matches."""
        if self.match is None or order == "time" or not self.ranked:
            return self._page(self.match, "time", limit), self._count(limit)
        assert self.match_title is not None
        page = self._page(self.match_title, "relevance", limit)
        if limit is None or len(page) < limit:
            rest = None if limit is None else limit - len(page)
            others = f"({self.match}) NOT ({self.match_title})"
            page += self._page(others, "relevance", rest)
        return page, self._count(limit, page)

    def _sql(self, match: str | None) -> tuple[str, list[Any]]:
        where, params = list(self.where), list(self.params)
        if match is None:
            return f"FROM items i WHERE {' AND '.join(where) or '1'}", params
        if not where:  # FTS5 alone: no join to pay for on every match
            return "FROM fts WHERE fts MATCH ?", [match]
        where.insert(0, "fts MATCH ?")
        return f"FROM fts JOIN items i ON i.rowid = fts.rowid WHERE {' AND '.join(where)}", [
            match,
            *params,
        ]

    def _page(self, match: str | None, order: Order, limit: int | None) -> list[tuple[Any, ...]]:
        """(rowid, score) of the page, best first."""
        body, params = self._sql(match)
        joined = match is None or self.where
        if order == "relevance":
            # Ties keep timeline order when the rows are at hand, else index order.
            ties = "i.tkey" if joined else "fts.rowid"
            sql = f"SELECT fts.rowid, {RANKING} AS score {body} ORDER BY score, {ties}"
        else:  # timeline order needs each match's row
            if not joined:
                body = "FROM fts JOIN items i ON i.rowid = fts.rowid WHERE fts MATCH ?"
            sql = f"SELECT i.rowid, 0.0 {body} ORDER BY i.tkey"
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        return self.conn.execute(sql, params).fetchall()

    def _count(self, limit: int | None, page: list[Any] | None = None) -> int:
        if page is not None and (limit is None or len(page) < limit):
            return len(page)
        body, params = self._sql(self.match)
        return self.conn.execute(f"SELECT count(*) {body}", params).fetchone()[0]

    def locate(self, page: list[tuple[int, float]]) -> list[tuple[Any, ...]]:
        """(rowid, bno, kind, sec, pos, score) for each row of the page, in its order."""
        where: dict[int, tuple[Any, ...]] = {}
        ids = [rowid for rowid, _ in page]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = "SELECT rowid, bno, kind, sec, pos FROM items WHERE rowid IN "
            sql += f"({', '.join('?' * len(chunk))})"
            for row in self.conn.execute(sql, chunk):
                where[row[0]] = row
        return [(*where[rowid], score) for rowid, score in page if rowid in where]


def _is_column(atom: Text | Field) -> bool:
    """kind: and is: filter on `items` columns, not on the text index."""
    return isinstance(atom, Field) and atom.name in ("kind", "is")


def _date_sql(atom: DateRange) -> tuple[str, list[Any]]:
    """Overlap of the item's [lo, hi] with the qualifier's range. NULL (undated) never matches.

    The `tkey` bounds let SQLite walk only a slice of the timeline index: an item that
    overlaps starts no later than the range's last day, and no earlier than its first day
    minus the longest span of any item.
    """
    conditions: list[str] = []
    params: list[Any] = []
    if atom.last is not None:
        last = atom.last.toordinal()
        conditions += ["i.tkey < ?", "i.lo <= ?"]
        params += [(last * 4 + 4) << _RANK_BITS, last]
    if atom.first is not None:
        first = atom.first.toordinal()
        conditions += [
            f"i.tkey >= ((? - (SELECT value FROM info WHERE key = 'max_span')) * 4) "
            f"<< {_RANK_BITS}",
            "i.hi >= ?",
        ]
        params += [first, first]
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
