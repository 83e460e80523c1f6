"""Rows into tables: `Batch` numbers briefs' rows (`BriefRows`) and inserts them, and `IndexFile`
builds a whole index into a file in batches, so that a library of a million items is never held
in memory at once.

A batch numbers its briefs and their items exactly as one batch of all of them would: briefs
in the order given, each item's rowid the next free one with its day key. So an index built in
batches has the same rows as one built at once.
"""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from brief.search.rows import BriefRows
from brief.search.schema import INDEXES, SCHEMA, SEQ_BITS

# FTS5 buffers this many bytes of new postings before it writes a segment: fewer, larger
# segments make a bulk build faster (the default is 1 MB).
FTS_HASHSIZE = 16 * 1024 * 1024
# Items per batch of `IndexFile`: the rows of a batch are held in memory (about 1 KB an item)
# and FTS5 writes at least one segment per batch. On a cold start the batches are inserted while
# the loader processes parse the next files, except the last, which waits for the last file: so
# once fewer items are to come than a batch holds, a batch is cut when it holds as many as are
# still to come (halving towards the end), down to TAIL_ITEMS.
BATCH_ITEMS = 40_000
TAIL_ITEMS = 4_000
_rowid = operator.itemgetter(0)  # every row starts with its rowid


def create(conn: sqlite3.Connection, *, automerge: int = 4) -> None:
    """Make the index's tables in an empty database. `automerge`: FTS5's; 0 while a bulk
    build writes its few large segments (merging them as they come cost it 0.1 of 4.6 s CPU
    at 100k items)."""
    conn.executescript(SCHEMA)
    _configure(conn, "hashsize", FTS_HASHSIZE)
    _configure(conn, "automerge", automerge)


def _configure(conn: sqlite3.Connection, option: str, value: int) -> None:
    """Set an FTS5 option of both text tables (it is kept in the file)."""
    for table in ("fts", "exact"):
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", (option, value))


def first_rowid(key: int) -> int:
    """The first rowid of a day key, in an index that has none of its items yet."""
    return key << SEQ_BITS


class Batch:
    """Briefs' rows, numbered, waiting to be inserted together."""

    def __init__(
        self, next_bno: int, next_sno: int, rowids: dict[int, int], first: Callable[[int], int]
    ) -> None:
        """`next_bno`, `next_sno`: the numbers of the first brief and of the first `shown` row;
        `rowids`: day key -> the next free rowid with that key, filled in by `first(day key)`
        and kept up to date (share it between batches of one build)."""
        self.next_bno, self.next_sno = next_bno, next_sno
        self.rowids, self.first = rowids, first
        self.numbered: list[tuple[int, str, str | None]] = []  # (bno, brief id, content hash)
        # One tuple an item, all its columns (`_ITEM`, `_FTS`, `_SHOWN` pick each table's):
        # one list to fill and sort, not three.
        self.items: list[tuple[Any, ...]] = []
        self.labels: list[tuple[int, str, str, str]] = []
        self.names: set[tuple[str, str, str]] = set()
        self.max_span = 0

    def add(self, brief_id: str, content: str | None, rows: BriefRows) -> None:
        """Number a brief and its rows. `content`: the hash a cache knows it by, if any."""
        bno = self.next_bno
        self.next_bno += 1
        self.numbered.append((bno, brief_id, content))
        add = self.items.append
        rowids, number, first = self.rowids, self.rowids.get, self.first
        sno = self.next_sno
        for (key, title, kind, sec, pos, lo, hi, approx, expected, body, meta, facets,
             item_id, section, date, end, actors, tags) in rows.items:  # fmt: skip
            rowid = number(key)
            if rowid is None:
                rowid = first(key)
            rowids[key] = rowid + 1
            add((rowid, bno, kind, sec, pos, lo, hi, approx, expected, sno, title, body, meta,
                 facets, item_id, section, date, end, actors, tags))  # fmt: skip
            sno += 1
        self.next_sno = sno
        self.labels.extend((bno, kind, label_id, name) for kind, label_id, name in rows.labels)
        self.names.update(rows.names)
        self.max_span = max(self.max_span, rows.span)

    def __len__(self) -> int:
        return len(self.items)

    def insert(self, conn: sqlite3.Connection, *, indexes: bool = True) -> None:
        """Insert the rows in one transaction, and empty the batch: the text tables' in rowid
        order (FTS5 writes a segment whenever a rowid goes backwards), `shown`'s in the order
        added (its numbers only grow, so its B-tree is only appended to). `indexes`: make (or
        keep) the secondary indexes now; a build in batches makes them once, at the end.

        Raises ValueError (and inserts nothing) when a day key has run out of rowids."""
        if any((n - 1) >> SEQ_BITS != key for key, n in self.rowids.items()):
            raise ValueError("too many items share one date to index them")
        items, self.items = self.items, []
        conn.execute("BEGIN")
        try:
            conn.executemany("INSERT INTO briefs VALUES (?, ?, ?)", self.numbered)
            conn.executemany(
                'INSERT INTO shown(rowid, title, body, meta, facets, id, section, date, "end", '
                "actors, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                map(_SHOWN, items),
            )
            items.sort(key=_rowid)  # each brief's rows are in order: this merges them
            conn.executemany(
                "INSERT INTO items VALUES (?, ?, ?, ?, ?, nullif(?, -1), nullif(?, -1), ?, ?, ?)",
                map(_ITEM, items),
            )
            conn.executemany(
                "INSERT INTO fts(rowid, title, body, meta, facets) VALUES (?, ?, ?, ?, ?)",
                map(_FTS, items),
            )
            conn.executemany(
                "INSERT INTO exact(rowid, title, body, meta) VALUES (?, ?, ?, ?)",
                map(_EXACT, items),
            )
            del items
            conn.executemany("INSERT INTO labels VALUES (?, ?, ?, ?)", self.labels)
            conn.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, ?)", sorted(self.names))
            conn.execute(
                "UPDATE info SET value = max(value, ?) WHERE key = 'max_span'", (self.max_span,)
            )
            if indexes:
                for statement in INDEXES:
                    conn.execute(statement)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        self.numbered, self.labels, self.names = [], [], set()


# The columns of a batch's item tuple that each table takes.
_ITEM = operator.itemgetter(*range(10))
_FTS = operator.itemgetter(0, 10, 11, 12, 13)
_EXACT = operator.itemgetter(0, 10, 11, 12)
_SHOWN = operator.itemgetter(9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)


class IndexFile:
    """An index built into a new file, batch by batch: `add` each brief's rows, then `finish`.

    The file is written without a journal or syncs: it is a cache, made under a temporary name
    and renamed into place only when whole (`brief.index_store`); a build that stops part way
    leaves a file that is deleted, never used."""

    def __init__(self, path: Path, batch_items: int = BATCH_ITEMS) -> None:
        self.path = path
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            self._conn.execute("PRAGMA journal_mode = OFF")
            self._conn.execute("PRAGMA synchronous = OFF")
            # The B-trees of `items` and `shown` take each batch's rows at places all over
            # them: a larger page cache rewrites fewer pages.
            self._conn.execute("PRAGMA cache_size = -65536")
            create(self._conn, automerge=0)
        except BaseException:
            self._conn.close()
            raise
        self._batch_items = batch_items
        self._batch = Batch(1, 1, {}, first_rowid)
        self._ids: set[str] = set()
        self._items = 0  # added so far

    def add(self, brief_id: str, content: str | None, rows: BriefRows, left: int = -1) -> None:
        """Index a brief (its id must be new). `left`: how many briefs may still come, if
        known. Raises sqlite3.Error or ValueError when the file cannot take it: the build is
        then abandoned."""
        if brief_id in self._ids:
            raise ValueError(f"brief {brief_id!r} is indexed already")
        self._ids.add(brief_id)
        self._batch.add(brief_id, content, rows)
        self._items += len(rows.items)
        limit = self._batch_items
        if left >= 0:  # as many as are still to come, at the items per brief so far
            limit = min(limit, max(TAIL_ITEMS, left * self._items // len(self._ids)))
        if len(self._batch) >= limit:
            self._flush()

    def _flush(self) -> None:
        batch = self._batch
        batch.insert(self._conn, indexes=False)
        self._batch = Batch(batch.next_bno, batch.next_sno, batch.rowids, first_rowid)

    def finish(self) -> None:
        """Insert what is left, make the secondary indexes and close the file."""
        if self._batch.numbered:
            self._flush()
        for statement in INDEXES:
            self._conn.execute(statement)
        _configure(self._conn, "automerge", 4)  # updates merge segments as they come, as by default
        self._conn.close()

    def close(self) -> None:
        """Close the file, whole or not (again after `finish`: nothing to do)."""
        self._conn.close()
