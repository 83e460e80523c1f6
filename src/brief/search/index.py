"""`SearchIndex`: the index itself. Builds it from briefs (and updates it brief by brief),
saves and reopens it, and answers queries with `Result`s drawn from its tables alone."""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brief.dates import PartialDate
from brief.memory import gc_paused
from brief.query import KINDS, Query, parse
from brief.search.highlight import Highlighter, Stems
from brief.search.plan import Hit, Order, Plan, coarse_match
from brief.search.results import Result, SearchResults
from brief.search.schema import SCHEMA_VERSION, SEQ_BITS

if TYPE_CHECKING:
    from brief.model import Brief

# A row of `_delete`'s (rowid, title, body, meta, facets, sno) as `fts` and as `exact` take it.
_fts = operator.itemgetter(0, 1, 2, 3, 4)
_exact = operator.itemgetter(0, 1, 2, 3)
# A result is drawn on a line of its own, wrapped, never with the line breaks of a YAML block
# (`|`): each becomes a space, one for one, so the match spans stay where they are.
_SPACES = str.maketrans("\n", " ")


class SearchIndex:
    """An FTS5 index over briefs. Build once, query many times.

    Results are drawn from the index alone (the `shown` table holds what a result shows), so it
    keeps no Brief. It is built in memory; `open` searches one built into a file
    (`brief.search.build.IndexFile`) where it lies. It uses one SQLite connection, so use it
    from one thread at a time.
    """

    def __init__(self, briefs: Iterable[Brief] = ()) -> None:
        # The row builder only where an index is built: a warm search opens a file (`open`).
        from brief.search.build import create

        self._conn = self._connect()
        create(self._conn)
        self._bno: dict[str, int] = {}  # brief id -> its number in the index
        self._ids: dict[int, str] = {}
        self._max_span = 0
        self._readonly = False  # opened over a file: copied into memory before a change
        self._stems = Stems(self._conn)
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
        from brief.search.build import Batch
        from brief.search.rows import Rows

        conn = self._writable()
        (next_bno, next_sno) = conn.execute(
            "SELECT (SELECT coalesce(max(bno), 0) + 1 FROM briefs), "
            "(SELECT coalesce(max(rowid), 0) + 1 FROM shown)"
        ).fetchone()
        batch = Batch(next_bno, next_sno, {}, self._numbering())
        rows = Rows()
        seen: set[str] = set()
        for brief in briefs:
            if brief.id in self._bno or brief.id in seen:
                raise ValueError(f"brief {brief.id!r} is indexed already")
            seen.add(brief.id)
            batch.add(brief.id, digests.get(brief.id), rows.brief_rows(brief))
        numbered = batch.numbered
        if not numbered:
            return
        batch.insert(conn)
        self._max_span = max(self._max_span, batch.max_span)
        for bno, brief_id, _ in numbered:
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
            n = key << SEQ_BITS
            if taken:
                (top,) = self._conn.execute(
                    "SELECT max(rowid) FROM items WHERE rowid >= ? AND rowid < ?",
                    (n, (key + 1) << SEQ_BITS),
                ).fetchone()
                n = n if top is None else top + 1
            return n

        return first

    def _delete(self, bno: int) -> None:
        conn = self._writable()
        # A contentless FTS5 table forgets a row when given the values it was indexed with,
        # which `shown` keeps.
        fts = conn.execute(
            "SELECT i.rowid, s.title, s.body, s.meta, s.facets, i.sno FROM items i "
            "JOIN shown s ON s.rowid = i.sno WHERE i.bno = ? ORDER BY i.rowid",
            (bno,),
        ).fetchall()
        conn.execute("BEGIN")
        try:
            conn.executemany(
                "INSERT INTO fts(fts, rowid, title, body, meta, facets) "
                "VALUES ('delete', ?, ?, ?, ?, ?)",
                map(_fts, fts),
            )
            conn.executemany(
                "INSERT INTO exact(exact, rowid, title, body, meta) VALUES ('delete', ?, ?, ?, ?)",
                map(_exact, fts),
            )
            conn.executemany("DELETE FROM shown WHERE rowid = ?", [(row[-1],) for row in fts])
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

    @classmethod
    def open(cls, path: Path) -> SearchIndex:
        """An index file (`brief.search.build.IndexFile`), searched where it lies: a query reads
        only the pages it needs. The file must not change while it is open (write a new file
        and rename it over the old one); a change to the index (`add`, `update`) first copies
        it into memory.

        Raises ValueError when the file is not an index of this version."""
        uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
        conn = cls._connect(uri, uri=True)
        # A query for two common words reads a few MB of postings: with SQLite's default 2 MB
        # page cache it reads some pages twice (60 ms; 38 ms with 16 MB, at 100k events).
        conn.execute("PRAGMA cache_size = -16384")
        return cls._reopen(conn, readonly=True)

    @classmethod
    def open_writable(cls, path: Path) -> SearchIndex:
        """An index file to change where it lies (`update`), as a cache's own copy: without
        a journal or syncs (a copy that stops part way is deleted, never used). `close` it.

        Raises ValueError when the file is not an index of this version."""
        conn = cls._connect(str(path))
        conn.execute("PRAGMA synchronous = OFF")
        return cls._reopen(conn, readonly=False)

    def close(self) -> None:
        self._conn.close()

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
        index._stems = Stems(conn)
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
            self._stems = Stems(memory)
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
        plan = Plan(self._conn, query, self._max_span)
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

    def _results(self, ranked: list[Hit], plan: Plan) -> list[Result]:
        marker = Highlighter(plan.query, self._stems)
        marker.prepare(text for hit in ranked for text in (hit.title, hit.body) if text)
        labels = self._labels({hit.bno for hit in ranked})
        dates: dict[str, PartialDate] = {}  # a page repeats dates a lot
        results = []
        for hit in ranked:
            date, end = _parsed(hit.date, dates), _parsed(hit.end, dates)
            approx_match = bool(plan.dates) and coarse_match((date, end), plan)
            snippet, snippet_spans = marker.snippet(hit.body)
            title = hit.title.translate(_SPACES).rstrip()
            actors = tuple(hit.actors.split())
            names = labels.get(hit.bno, {})
            results.append(
                Result(
                    brief=self._ids[hit.bno],
                    kind=KINDS[hit.kind],
                    id=hit.id,
                    section=hit.section,
                    section_title=None
                    if hit.section is None
                    else names.get(("section", hit.section)),
                    date=date,
                    end=end,
                    approx=bool(hit.approx),
                    expected=bool(hit.expected),
                    title=title,
                    snippet=snippet.translate(_SPACES).rstrip(),
                    title_spans=marker.spans(title),
                    snippet_spans=snippet_spans,
                    actors=actors,
                    actor_names=tuple(names.get(("actor", a), a) for a in actors),
                    tags=tuple(hit.tags.split()),
                    approx_match=approx_match,
                    score=hit.score,
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
