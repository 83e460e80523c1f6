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
# Items per batch of `IndexFile`: the rows of a batch are held in memory (about 1 KB an item),
# FTS5 writes at least one segment per batch, and on a cold start the last batch is inserted
# after the last file is parsed. At 100k items, 20k, 50k and 200k cost the same CPU (±3%).
BATCH_ITEMS = 20_000
_rowid = operator.itemgetter(0)  # every row starts with its rowid


def create(conn: sqlite3.Connection) -> None:
    """Make the index's tables in an empty database."""
    conn.executescript(SCHEMA)
    for table in ("fts", "exact"):
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", (FTS_HASHSIZE,))


def first_rowid(key: int) -> int:
    """The first rowid of a day key, in an index that has none of its items yet."""
    return key << SEQ_BITS


class Batch:
    """Briefs' rows, numbered, waiting to be inserted together."""

    def __init__(self, next_bno: int, rowids: dict[int, int], first: Callable[[int], int]) -> None:
        """`next_bno`: the number of the first brief; `rowids`: day key -> the next free rowid
        with that key, filled in by `first(day key)` and kept up to date (share it between
        batches of one build)."""
        self.next_bno = next_bno
        self.rowids, self.first = rowids, first
        self.numbered: list[tuple[int, str, str | None]] = []  # (bno, brief id, content hash)
        self.items: list[tuple[int, ...]] = []
        self.fts: list[tuple[Any, ...]] = []
        self.shown: list[tuple[Any, ...]] = []
        self.labels: list[tuple[int, str, str, str]] = []
        self.names: set[tuple[str, str, str]] = set()
        self.max_span = 0

    def add(self, brief_id: str, content: str | None, rows: BriefRows) -> None:
        """Number a brief and its rows. `content`: the hash a cache knows it by, if any."""
        bno = self.next_bno
        self.next_bno += 1
        self.numbered.append((bno, brief_id, content))
        add_item, add_text, add_shown = self.items.append, self.fts.append, self.shown.append
        rowids, number, first = self.rowids, self.rowids.get, self.first
        for (key, title, kind, sec, pos, lo, hi, approx, expected, body, meta, facets,
             item_id, section, date, end, actors, tags) in rows.items:  # fmt: skip
            rowid = number(key)
            if rowid is None:
                rowid = first(key)
            rowids[key] = rowid + 1
            add_item((rowid, bno, kind, sec, pos, lo, hi, approx, expected))
            add_text((rowid, title, body, meta, facets))
            add_shown((rowid, title, body, meta, facets, item_id, section, date, end, actors,
                       tags))  # fmt: skip
        self.labels.extend((bno, kind, label_id, name) for kind, label_id, name in rows.labels)
        self.names.update(rows.names)
        self.max_span = max(self.max_span, rows.span)

    def __len__(self) -> int:
        return len(self.items)

    def insert(self, conn: sqlite3.Connection, *, indexes: bool = True) -> None:
        """Insert the rows in one transaction, in rowid order (FTS5 writes a segment whenever a
        rowid goes backwards), and empty the batch. `indexes`: make (or keep) the secondary
        indexes now; a build in batches makes them once, at the end.

        Raises ValueError (and inserts nothing) when a day key has run out of rowids."""
        if any((n - 1) >> SEQ_BITS != key for key, n in self.rowids.items()):
            raise ValueError("too many items share one date to index them")
        items, fts, shown = self.items, self.fts, self.shown
        self.items, self.fts, self.shown = [], [], []
        items.sort(key=_rowid)  # each brief's rows are in order: this merges them
        fts.sort(key=_rowid)
        shown.sort(key=_rowid)
        conn.execute("BEGIN")
        try:
            conn.executemany("INSERT INTO briefs VALUES (?, ?, ?)", self.numbered)
            conn.executemany(
                "INSERT INTO items VALUES (?, ?, ?, ?, ?, nullif(?, -1), nullif(?, -1), ?, ?)",
                items,
            )
            conn.executemany(
                "INSERT INTO fts(rowid, title, body, meta, facets) VALUES (?, ?, ?, ?, ?)", fts
            )
            conn.executemany(
                "INSERT INTO exact(rowid, title, body, meta) VALUES (?, ?, ?, ?)",
                map(_exact, fts),
            )
            del items, fts
            conn.executemany(
                'INSERT INTO shown(rowid, title, body, meta, facets, id, section, date, "end", '
                "actors, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                shown,
            )
            del shown
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


_exact = operator.itemgetter(0, 1, 2, 3)  # an `fts` row without its facets: an `exact` row


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
            create(self._conn)
        except BaseException:
            self._conn.close()
            raise
        self._batch_items = batch_items
        self._batch = Batch(1, {}, first_rowid)
        self._ids: set[str] = set()

    def add(self, brief_id: str, content: str | None, rows: BriefRows) -> None:
        """Index a brief (its id must be new). Raises sqlite3.Error or ValueError when the
        file cannot take it: the build is then abandoned."""
        if brief_id in self._ids:
            raise ValueError(f"brief {brief_id!r} is indexed already")
        self._ids.add(brief_id)
        self._batch.add(brief_id, content, rows)
        if len(self._batch) >= self._batch_items:
            self._flush()

    def _flush(self) -> None:
        batch = self._batch
        batch.insert(self._conn, indexes=False)
        self._batch = Batch(batch.next_bno, batch.rowids, first_rowid)

    def finish(self) -> None:
        """Insert what is left, make the secondary indexes and close the file."""
        self._flush()
        for statement in INDEXES:
            self._conn.execute(statement)
        self._conn.close()

    def close(self) -> None:
        """Close the file, whole or not (again after `finish`: nothing to do)."""
        self._conn.close()
