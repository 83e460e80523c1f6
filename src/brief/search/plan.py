"""A query as SQL: `Plan` turns a parsed `Query` into one FTS5 MATCH expression plus conditions
on `items` (kinds, flags, date overlaps and the rowid slice they imply), and runs it."""

from __future__ import annotations

import sqlite3
from typing import Any, Literal, NamedTuple

from brief.dates import PartialDate
from brief.query import KINDS, WORD, Clause, DateRange, Field, Query, Text, fold
from brief.search.schema import NOTHING, SEP, SEQ_BITS, facet_token

Order = Literal["relevance", "time"]
RANKING = "bm25(fts, 4.0, 1.0, 0.5, 0.0)"  # title, body, meta, facets

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


class Hit(NamedTuple):
    """One item of a page: where it is, its flags, what its result shows, and its score."""

    rowid: int
    bno: int  # the brief's number in the index
    kind: int  # index into KINDS
    approx: int
    expected: int
    id: str
    title: str
    body: str
    section: str | None
    date: str | None  # as written
    end: str | None
    actors: str  # space-separated ids
    tags: str
    score: float  # BM25, lower is better; 0.0 without words to rank by


class Plan:
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
        self.dates: list[tuple[DateRange, ...]] = []  # positive date clauses, for coarse_match
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

    def locate(self, page: list[tuple[int, float]]) -> list[Hit]:
        """The page's rows with what their results show, in the page's order."""
        where: dict[int, tuple[Any, ...]] = {}
        ids = [rowid for rowid, _ in page]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = (
                "SELECT i.rowid, i.bno, i.kind, i.approx, i.expected, s.id, s.title, s.body, "
                's.section, s.date, s."end", s.actors, s.tags '
                "FROM items i JOIN shown s ON s.rowid = i.sno WHERE i.rowid IN "
            )
            sql += f"({', '.join('?' * len(chunk))})"
            for row in self.conn.execute(sql, chunk):
                where[row[0]] = row  # by its rowid
        return [Hit._make((*where[rowid], score)) for rowid, score in page if rowid in where]


def _is_column(atom: Text | Field) -> bool:
    """kind: and is: filter on `items` columns, not on the text index."""
    return isinstance(atom, Field) and atom.name in ("kind", "is")


def _day_key(day: int) -> int:
    """The smallest rowid of an item whose first day is `day`."""
    return max(0, day * 4) << SEQ_BITS


def _date_sql(atom: DateRange) -> tuple[str, list[Any]]:
    """Overlap of the item's [lo, hi] with the qualifier's range. NULL (undated) never matches.
    (`Plan._bound` adds the rowid range that lets SQLite look at a slice of the timeline.)"""
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


def coarse_match(obj_dates: tuple[PartialDate | None, PartialDate | None], plan: Plan) -> bool:
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
