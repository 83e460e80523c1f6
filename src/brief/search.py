"""The search engine: an in-memory SQLite FTS5 index over every searchable item of many briefs.

Items are timeline events, section points, figures, actors and sources. Each is one row of
`items` and one document of the FTS5 table `fts`, which reads its text from `items` (external
content: the text is stored once). The FTS5 columns:

- `title`, `body`: what a result shows; BM25 weighs the title above the body.
- `meta`: the names of the item's actors and the words of its tags, so `dar` also finds what
  Ishaq Dar did where the text says "the foreign minister". Weighed low.
- `facets`: one token per tag, source, section and actor id of the item: `tagǂvisas`,
  `actorǂishaqǂdar` (`ǂ` is a letter to the tokenizer, so a value stays one token). Field filters
  are phrases on this column: exact, and as fast as a word. It has no weight in the ranking.

`actor:` and `section:` accept names too: the `names` table maps each folded id, name, alias and
name word to ids first. A query then becomes one SQL statement: one FTS5 MATCH expression (every
term quoted: raw text in MATCH raises), plus kind, flag and date-overlap conditions on `items`.
"""

from __future__ import annotations

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

SCHEMA_VERSION = 2  # bump when the tables or the facet encoding change (cached indexes)
TOKENIZER = "unicode61 remove_diacritics 2"
SEP = "ǂ"  # joins a facet's field and value into one token
NOTHING = f"{SEP}nothing"  # a token no row has: a filter whose names matched nothing
TITLE_WEIGHT, BODY_WEIGHT, META_WEIGHT = 4.0, 1.0, 0.5
SNIPPET_TOKENS = 24
_START, _STOP = "\x01", "\x02"  # highlight markers; loading replaces C0 controls in brief text
_UNDATED = 1 << 40  # timeline key of undated items: after every dated one
_LIST_SEP = "\x1f"
_PREC = {"year": 0, "month": 1, "day": 2}

_SCHEMA = f"""
CREATE TABLE items(
    rowid INTEGER PRIMARY KEY,
    brief TEXT NOT NULL, kind TEXT NOT NULL, item TEXT NOT NULL, section TEXT,
    date TEXT, "end" TEXT,    -- as written, e.g. "2025-07"
    lo INTEGER, hi INTEGER,   -- day ordinals of the first and last day; NULL when undated
    prec INTEGER,             -- the coarser precision of date and end: 0 year, 1 month, 2 day
    tkey INTEGER NOT NULL,    -- timeline order: lo * 4 + precision of date; undated last
    approx INTEGER NOT NULL, expected INTEGER NOT NULL,
    actors TEXT NOT NULL, tags TEXT NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, meta TEXT NOT NULL, facets TEXT NOT NULL
);
CREATE VIRTUAL TABLE fts USING fts5(
    title, body, meta, facets, content='items', content_rowid='rowid', tokenize='{TOKENIZER}'
);
INSERT INTO fts(fts, rank) VALUES('rank', 'bm25({TITLE_WEIGHT}, {BODY_WEIGHT}, {META_WEIGHT}, 0)');
-- Folded names for actor: and section: filters ("ishaq dar", "dar", "ishaq-dar" -> ishaq-dar).
CREATE TABLE names(field TEXT NOT NULL, form TEXT NOT NULL, id TEXT NOT NULL, brief TEXT NOT NULL);
-- Display names of actors and sections, for results.
CREATE TABLE labels(brief TEXT NOT NULL, field TEXT NOT NULL, id TEXT NOT NULL, label TEXT);
CREATE TABLE info(key TEXT PRIMARY KEY, value);
INSERT INTO info VALUES ('max_span', 0);
PRAGMA user_version = {SCHEMA_VERSION};
"""
# Built after the bulk insert, which is faster than maintaining them row by row.
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS items_brief ON items(brief, kind, tkey)",
    "CREATE INDEX IF NOT EXISTS items_tkey ON items(tkey)",
    "CREATE INDEX IF NOT EXISTS items_kind ON items(kind, tkey)",
    "CREATE INDEX IF NOT EXISTS names_form ON names(field, form)",
    "CREATE INDEX IF NOT EXISTS names_brief ON names(brief)",
    "CREATE INDEX IF NOT EXISTS labels_id ON labels(brief, field, id)",
)
_ITEM_COLUMNS = (
    'brief, kind, item, section, date, "end", lo, hi, prec, tkey, approx, expected, actors, '
    "tags, title, body, meta, facets"
)
_FTS_COLUMNS = "title, body, meta, facets"


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


def _unmark(marked: str) -> tuple[str, tuple[Span, ...]]:
    """Strip FTS5's highlight markers, returning the plain text and the marked spans."""
    if _START not in marked:
        return marked, ()
    pieces = marked.replace(_STOP, _START).split(_START)
    spans: list[Span] = []
    offset = 0
    for index, piece in enumerate(pieces):
        if index % 2:
            spans.append((offset, offset + len(piece)))
        offset += len(piece)
    return "".join(pieces), tuple(spans)


def _shorten(text: str, words: int = SNIPPET_TOKENS) -> str:
    """The opening of a text, as FTS5's snippet() gives it when there is no match to centre on."""
    parts = text.split(maxsplit=words)
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# --- indexing -------------------------------------------------------------------------------


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


def _clean(text: str) -> str:
    # Loaded text is sanitised already; this guards Briefs built in code, so a stray marker
    # character can never forge a highlight.
    if _START in text or _STOP in text:
        return text.replace(_START, "\ufffd").replace(_STOP, "\ufffd")
    return text


def _join(parts: Iterable[str | None], sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


class _Rows:
    """Turns briefs into rows of `items`, `names` and `labels`. Hot: 100k events per second
    matter here, so tokens are cached and each kind has its own straight-line loop."""

    def __init__(self, seq: Iterator[int]) -> None:
        self.seq = seq
        self.items: list[tuple[Any, ...]] = []
        self.names: list[tuple[str, str, str, str]] = []
        self.labels: list[tuple[str, str, str, str]] = []
        self.max_span = 0
        self._tokens: dict[tuple[str, str], str] = {}

    def token(self, name: str, value: str) -> str:
        key = (name, value)
        token = self._tokens.get(key)
        if token is None:
            token = self._tokens[key] = facet_token(name, value)
        return token

    def dates(self, date: PartialDate | None, end: PartialDate | None) -> tuple[Any, ...]:
        """(date, end, lo, hi, prec, tkey) columns."""
        if date is None:
            return (None, None, None, None, None, _UNDATED + next(self.seq))
        lo = date.start.toordinal()
        hi = (end or date).end.toordinal()
        self.max_span = max(self.max_span, hi - lo)
        precision = _PREC[date.precision]
        prec = min(precision, _PREC[end.precision]) if end else precision
        # Same first day: year before month before day, as Event.sort_key orders them.
        return (str(date), str(end) if end else None, lo, hi, prec, lo * 4 + precision)

    def add(self, brief: Brief) -> None:
        bid = brief.id
        token = self.token
        actor_names = {a.id: a.name for a in brief.actors}
        section_tokens = {s.id: token("section", s.id) for s in brief.sections}

        def refs(section: str | None, actors: list[str], tags: list[str], sources: list[str]):
            """(actors, tags, meta, facets) columns."""
            names = [actor_names.get(a, a) for a in actors]
            facets = [token("actor", a) for a in actors]
            facets += [token("tag", t) for t in tags]
            facets += [token("source", s) for s in sources]
            if section:
                facets.append(section_tokens.get(section) or token("section", section))
            meta = " ".join(names) + " " + " ".join(tags).replace("-", " ")
            return _LIST_SEP.join(actors), _LIST_SEP.join(tags), meta, " ".join(facets)

        append = self.items.append
        # Items without an id get the loader's scheme (e<n>, <section>-p<n>, f<n>, file order).
        for n, e in enumerate(brief.timeline, 1):
            actors, tags, meta, facets = refs(e.section, e.actors, e.tags, e.sources)
            append((bid, "event", e.id or f"e{n}", e.section, *self.dates(e.date, e.end),
                    int(e.approx), int(e.expected), actors, tags, _clean(e.title),
                    _clean(e.text), meta, facets))  # fmt: skip
        for section in brief.sections:
            self.labels.append((bid, "section", section.id, section.title))
            for form in name_forms(section.id, section.title):
                self.names.append(("section", form, section.id, bid))
            for n, p in enumerate(section.points, 1):
                # A point has no title: its text is what a result shows, and what it is about.
                actors, tags, meta, facets = refs(section.id, p.actors, p.tags, p.sources)
                append((bid, "point", p.id or f"{section.id}-p{n}", section.id,
                        *self.dates(p.date, p.end), int(p.approx), int(p.expected), actors,
                        tags, _clean(p.text), "", meta, facets))  # fmt: skip
        for n, f in enumerate(brief.figures, 1):
            actors, tags, meta, facets = refs(f.section, f.actors, f.tags, f.sources)
            body = _join([f.value_text(), f.change, f.period, f.note])
            append((bid, "figure", f.id or f"f{n}", f.section, *self.dates(None, None),
                    int(f.approx), 0, actors, tags, _clean(f.label), _clean(body), meta,
                    facets))  # fmt: skip
        for a in brief.actors:
            self.labels.append((bid, "actor", a.id, a.name))
            for form in name_forms(*a.names()):
                self.names.append(("actor", form, a.id, bid))
            aliases = f"also {', '.join(a.aliases)}" if a.aliases else None
            body = _join([a.role, a.country, a.kind, aliases])
            append((bid, "actor", a.id, None, *self.dates(None, None), 0, 0, a.id, "",
                    _clean(a.name), _clean(body), "", token("actor", a.id)))  # fmt: skip
        for s in brief.sources:
            body = _join([s.author, s.publisher, s.note, s.url])
            append((bid, "source", s.id, None, *self.dates(s.published, None), 0, 0, "", "",
                    _clean(s.title), _clean(body), "", token("source", s.id)))  # fmt: skip


# --- the index ------------------------------------------------------------------------------


class SearchIndex:
    """An in-memory FTS5 index over briefs. Build once, query many times.

    One connection, so use an index from one thread at a time (the TUI builds it in a worker
    thread, then queries it from the app's thread).
    """

    def __init__(self, briefs: Iterable[Brief] = (), *, _conn: sqlite3.Connection | None = None):
        self._conn = _conn or self._connect()
        if _conn is None:
            self._conn.executescript(_SCHEMA)
            self.add(briefs)
        seq_start = self._conn.execute("SELECT count(*) FROM items").fetchone()[0]
        self._seq = iter(range(seq_start + 1, 1 << 39))

    @staticmethod
    def _connect() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode = OFF")
        return conn

    # Building and updating.

    def add(self, briefs: Iterable[Brief]) -> None:
        """Index briefs: rows go in with executemany, in one transaction, and FTS5 reads the new
        rows in one pass."""
        conn = self._conn
        rows = _Rows(getattr(self, "_seq", iter(range(1, 1 << 39))))
        for brief in briefs:
            rows.add(brief)
        before = conn.execute("SELECT coalesce(max(rowid), 0) FROM items").fetchone()[0]
        conn.execute("BEGIN")
        try:
            marks = ", ".join("?" * 18)
            conn.executemany(f"INSERT INTO items({_ITEM_COLUMNS}) VALUES ({marks})", rows.items)
            conn.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", rows.names)
            conn.executemany("INSERT INTO labels VALUES (?, ?, ?, ?)", rows.labels)
            if before == 0:
                conn.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
            else:
                conn.execute(
                    f"INSERT INTO fts(rowid, {_FTS_COLUMNS}) "
                    f"SELECT rowid, {_FTS_COLUMNS} FROM items WHERE rowid > ?",
                    (before,),
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

    def remove(self, brief_id: str) -> None:
        """Drop a brief's items (before re-adding a changed brief)."""
        conn = self._conn
        conn.execute("BEGIN")
        conn.execute(
            f"INSERT INTO fts(fts, rowid, {_FTS_COLUMNS}) "
            f"SELECT 'delete', rowid, {_FTS_COLUMNS} FROM items WHERE brief = ?",
            (brief_id,),
        )
        for table in ("items", "names", "labels"):
            conn.execute(f"DELETE FROM {table} WHERE brief = ?", (brief_id,))
        conn.execute("COMMIT")

    def replace(self, brief: Brief) -> None:
        """Re-index one brief that changed on disk; the others stay as they are."""
        self.remove(brief.id)
        self.add([brief])

    def brief_ids(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT DISTINCT brief FROM items ORDER BY 1")]

    def __len__(self) -> int:
        return self._conn.execute("SELECT count(*) FROM items").fetchone()[0]

    # Persistence, for the warm-start cache.

    def to_bytes(self) -> bytes:
        return self._conn.serialize()

    @classmethod
    def from_bytes(cls, data: bytes) -> SearchIndex:
        """Reopen a serialised index. Raises ValueError when `data` is not one of ours."""
        conn = cls._connect()
        try:
            conn.deserialize(data)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        except sqlite3.Error as error:
            raise ValueError(f"not a search index: {error}") from None
        if version != SCHEMA_VERSION or not {"items", "fts", "names", "labels"} <= tables:
            raise ValueError("not a search index of this version")
        return cls(_conn=conn)

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
        - `order`: "relevance" (BM25, titles above text; timeline order for a query without
          words) or "time" (timeline order, undated items last).
        - `limit`: at most this many results (None: all); `total` counts them all anyway.
        - `prefix_last`: parse as the user types (the last word also matches as a prefix).
        """
        if not isinstance(query, Query):
            query = parse(query, typing=prefix_last)
        plan = _Plan(self._conn, query)
        if brief is not None:
            plan.restrict("i.brief", [brief] if isinstance(brief, str) else list(brief))
        if kinds is not None:
            plan.restrict("i.kind", sorted(kinds))
        try:
            ids, total = plan.run(order, limit)
            results = self._fetch(ids, plan)
        except sqlite3.Error as error:  # defensive: plans quote every term, so never expected
            return SearchResults([], (*plan.warnings, f"search failed: {error}"), 0, query)
        return SearchResults(results, tuple(plan.warnings), total, query)

    def timeline(self, brief_id: str, query: str | Query = "", **options: Any) -> SearchResults:
        """A brief's timeline events in date order, filtered by `query`; all of them by default."""
        options.setdefault("limit", None)
        return self.search(query, brief=brief_id, kinds={"event"}, order="time", **options)

    def _fetch(self, ranked: list[tuple[int, float]], plan: _Plan) -> list[Result]:
        """Build results for the chosen rows only: highlight() and snippet() cost, so they run
        on the page of results, not on every match."""
        if not ranked:
            return []
        conn = self._conn
        ids = [rowid for rowid, _ in ranked]
        cols = (
            'i.rowid, i.brief, i.kind, i.item, i.section, i.date, i."end", i.lo, i.hi, i.prec, '
            "i.approx, i.expected, i.actors, i.tags"
        )
        rows: dict[int, tuple[Any, ...]] = {}
        for chunk in _chunks(ids, 500):
            marks = ", ".join("?" * len(chunk))
            if plan.match is not None:
                sql = (
                    f"SELECT {cols}, highlight(fts, 0, '{_START}', '{_STOP}'), "
                    f"snippet(fts, 1, '{_START}', '{_STOP}', '…', {SNIPPET_TOKENS}), 1 "
                    f"FROM fts JOIN items i ON i.rowid = fts.rowid "
                    f"WHERE fts MATCH ? AND fts.rowid IN ({marks})"
                )
                params: list[Any] = [plan.match, *chunk]
            else:
                sql = f"SELECT {cols}, i.title, i.body, 0 FROM items i WHERE i.rowid IN ({marks})"
                params = list(chunk)
            for row in conn.execute(sql, params):
                rows[row[0]] = row
        labels = self._labels({rows[i][1] for i in ids if i in rows})
        return [_result(rows[i], score, plan.dates, labels) for i, score in ranked if i in rows]

    def _labels(self, briefs: set[str]) -> dict[tuple[str, str, str], str]:
        out: dict[tuple[str, str, str], str] = {}
        for chunk in _chunks(sorted(briefs), 500):
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT brief, field, id, label FROM labels WHERE brief IN ({marks})"
            for brief, field, item, label in self._conn.execute(sql, chunk):
                out[brief, field, item] = label
        return out


def _chunks(values: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- planning a query -----------------------------------------------------------------------

_TEXT_COLUMNS = "{title body meta}"


def _phrase(text: str, prefix: bool = False) -> str:
    """A quoted FTS5 string: raw user text inside MATCH would raise (`foo"`, `AND`, `a:b`)."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _match_sql(negated: bool) -> str:
    return f"i.rowid {'NOT ' if negated else ''}IN (SELECT rowid FROM fts WHERE fts MATCH ?)"


class _Plan:
    """One query as SQL: a MATCH expression for words and facets, conditions for the rest."""

    def __init__(self, conn: sqlite3.Connection, query: Query) -> None:
        self.conn = conn
        self.warnings = list(query.warnings)
        self.where: list[str] = []
        self.params: list[Any] = []
        self.dates: list[tuple[DateRange, ...]] = []  # positive date clauses, for approx_match
        self.ranked = False  # are there words for BM25 to rank by?
        positive: list[str] = []
        negative: list[str] = []
        for clause in query.clauses:
            self._clause(clause, positive, negative)
        self.match: str | None = None
        if positive:
            self.match = " AND ".join(positive)
            if negative:
                self.match = f"({self.match}) NOT ({' OR '.join(negative)})"
        elif negative:
            # FTS5's NOT needs a left side: exclude through a subquery instead.
            self.where.append(_match_sql(negated=True))
            self.params.append(" OR ".join(negative))

    def restrict(self, column: str, values: list[str]) -> None:
        self.where.append(f"{column} IN ({', '.join('?' * len(values))})")
        self.params.extend(values)

    # Clauses.

    def _clause(self, clause: Clause, positive: list[str], negative: list[str]) -> None:
        atoms = clause.atoms
        if len(atoms) == 1 and isinstance(atoms[0], Text | Field) and atoms[0].negated:
            fragment = self._fragment(atoms[0])
            if fragment is not None:
                negative.append(fragment)
                return
        if all(isinstance(a, Text | Field) and not a.negated for a in atoms):
            fragments = [self._fragment(a) for a in atoms]  # type: ignore[arg-type]
            if all(f is not None for f in fragments):
                positive.append(_or(fragments))  # type: ignore[arg-type]
                self.ranked = self.ranked or any(isinstance(a, Text) for a in atoms)
                return
        # Anything else (dates, kinds, flags, ORs that mix them with words) is a condition.
        conditions: list[str] = []
        for atom in atoms:
            conditions.append(self._condition(atom))
        self.where.append("(" + " OR ".join(conditions) + ")")
        if all(isinstance(a, DateRange) and not a.negated for a in atoms):
            self.dates.append(atoms)  # type: ignore[arg-type]

    def _fragment(self, atom: Text | Field) -> str | None:
        """The MATCH fragment of a word, phrase or facet; None for kind: and is: (columns)."""
        if isinstance(atom, Text):
            return f"{_TEXT_COLUMNS} : {_phrase(atom.text, atom.prefix)}"
        if atom.name in ("kind", "is"):
            return None
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
        if not ids and not atom.prefix:
            self.warnings.append(f"{atom.name}:{value}: no {atom.name} by that name")
        return [_phrase(facet_token(atom.name, i)) for i in ids]

    def _condition(self, atom: Text | Field | DateRange) -> str:
        if isinstance(atom, DateRange):
            sql, params = _date_sql(atom)
            self.params.extend(params)
            return sql
        if isinstance(atom, Field) and atom.name in ("kind", "is"):
            if atom.name == "kind":
                condition = f"i.kind IN ({', '.join('?' * len(atom.values))})"
                self.params.extend(atom.values)
            else:  # approx, expected: the parser lets nothing else through
                condition = " OR ".join(f"i.{flag} = 1" for flag in atom.values)
            return f"NOT ({condition})" if atom.negated else f"({condition})"
        fragment = self._fragment(atom)
        assert fragment is not None
        self.params.append(fragment)
        return _match_sql(atom.negated)

    # Running.

    def run(self, order: Order, limit: int | None) -> tuple[list[tuple[int, float]], int]:
        """The ranked (rowid, score) page, and the number of all matches."""
        params = list(self.params)
        if self.match is not None:
            source = "fts JOIN items i ON i.rowid = fts.rowid"
            where = ["fts MATCH ?", *self.where]
            params.insert(0, self.match)
            if order == "relevance" and self.ranked:
                select, ranking = "i.rowid, fts.rank", "fts.rank, i.tkey, i.title"
            else:
                select, ranking = "i.rowid, 0.0", "i.tkey, i.title"
        else:
            source, where = "items i", list(self.where)
            select, ranking = "i.rowid, 0.0", "i.tkey, i.title"
        condition = " AND ".join(where) or "1"
        sql = f"SELECT {select} FROM {source} WHERE {condition} ORDER BY {ranking}"
        if limit is not None:
            sql += f" LIMIT {max(0, int(limit))}"
        rows = self.conn.execute(sql, params).fetchall()
        if limit is None or len(rows) < limit:
            return rows, len(rows)
        total = self.conn.execute(f"SELECT count(*) FROM {source} WHERE {condition}", params)
        return rows, total.fetchone()[0]


def _or(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _date_sql(atom: DateRange) -> tuple[str, list[Any]]:
    """Overlap of the item's [lo, hi] with the qualifier's range. NULL (undated) never matches.

    `tkey` bounds come first so SQLite walks only that slice of the timeline index: an item
    that overlaps starts no earlier than the range's first day minus the longest item span.
    """
    conditions: list[str] = []
    params: list[Any] = []
    if atom.last is not None:
        conditions += ["i.tkey <= ?", "i.lo <= ?"]
        params += [atom.last.toordinal() * 4 + 3, atom.last.toordinal()]
    if atom.first is not None:
        conditions += [
            "i.tkey >= (? - (SELECT value FROM info WHERE key = 'max_span')) * 4",
            "i.hi >= ?",
        ]
        params += [atom.first.toordinal(), atom.first.toordinal()]
    overlap = " AND ".join(conditions) or "i.lo IS NOT NULL"
    if atom.negated:
        return f"(i.lo IS NOT NULL AND NOT ({overlap}))", params
    return f"({overlap})", params


def _approx_match(lo: int, hi: int, prec: int, dates: list[tuple[DateRange, ...]]) -> bool:
    """Did some date clause match this item only through the item's coarser date?"""
    for clause in dates:
        exact = False
        for atom in clause:
            first = atom.first.toordinal() if atom.first else None
            last = atom.last.toordinal() if atom.last else None
            if (last is not None and lo > last) or (first is not None and hi < first):
                continue  # not the atom that matched
            inside = (first is None or lo >= first) and (last is None or hi <= last)
            if inside or prec >= atom.precision:
                exact = True
                break
        if not exact:
            return True
    return False


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split(_LIST_SEP)) if value else ()


def _result(
    row: tuple[Any, ...],
    score: float,
    dates: list[tuple[DateRange, ...]],
    labels: dict[tuple[str, str, str], str],
) -> Result:
    (_, brief, kind, item, section, date, end, lo, hi, prec, approx, expected, actors, tags,
     title, snippet, matched) = row  # fmt: skip
    title, title_spans = _unmark(title)
    snippet, snippet_spans = _unmark(snippet) if matched else (_shorten(snippet), ())
    actor_ids = _split(actors)
    return Result(
        brief=brief,
        kind=kind,
        id=item,
        section=section,
        section_title=labels.get((brief, "section", section)) if section else None,
        date=PartialDate.parse(date) if date else None,
        end=PartialDate.parse(end) if end else None,
        approx=bool(approx),
        expected=bool(expected),
        title=title,
        snippet=snippet,
        title_spans=title_spans,
        snippet_spans=snippet_spans,
        actors=actor_ids,
        actor_names=tuple(labels.get((brief, "actor", a), a) for a in actor_ids),
        tags=_split(tags),
        approx_match=bool(dates) and lo is not None and _approx_match(lo, hi, prec, dates),
        score=score,
    )


def search(briefs: Iterable[Brief], query: str | Query, **options: Any) -> SearchResults:
    """A one-off search over briefs (builds a throwaway index)."""
    return SearchIndex(briefs).search(query, **options)
