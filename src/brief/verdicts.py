"""The verdict store: each brief file's verdict (the Brief, or None, and its problems), kept in one
SQLite database in the user cache dir, so a warm start parses no YAML and reads no brief file.

- An entry is trusted by the file's stat, as git trusts its index: the same size, mtime_ns,
  inode and ctime_ns as when its content was last checked, and last changed well before that
  check (`brief.cache.trusted`: an edit in the same timestamp tick leaves the stat as it was, so
  a file that was that fresh is hashed again). Otherwise the file is read and hashed (SHA-256):
  the same content keeps its verdict (and its new stat is noted), other content is validated.
- Each entry's record (problems, id, item counts, title, date; JSON, so a warm start imports
  no msgspec) is checksummed with its path and content hash, and checked before it is used;
  the Brief's own bytes carry their own checksum, checked when it is decoded (on first use, not
  when the library opens). An incoherent verdict (a brief and errors, or neither) is never
  trusted. A damaged entry is dropped and the file
  validated again; a store that is not one of ours is moved aside (`*.bad`); one written by
  another version, or for another version of the loader's code, is emptied and rebuilt.
- A cache that cannot be opened or written only costs speed.

Set BRIEF_NO_CACHE=1 to bypass the cache entirely.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import stat
import sys
import threading
import time
import zlib
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

from brief.cache import (
    StatKey,
    cache_dir,
    code_fingerprint,
    digest,
    enabled,
    move_aside,
    stat_key,
    trusted,
)
from brief.dates import PartialDate
from brief.errors import Problem
from brief.limits import MAX_FILE_BYTES
from brief.memory import gc_paused
from brief.text import sanitize

if TYPE_CHECKING:
    from types import ModuleType

    from brief._msgspec import msgspec
    from brief.model import Brief

STORE_NAME = "verdicts.sqlite"
APPLICATION_ID = 0x62726676  # "brfv": PRAGMA application_id of a verdict store
STORE_VERSION = 3  # bump when the tables or the record change

_SCHEMA = f"""
CREATE TABLE verdicts(
    path TEXT PRIMARY KEY,                  -- the file's resolved path
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL, ctime_ns INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,            -- when its content was last read (time.time_ns)
    digest TEXT NOT NULL,                   -- SHA-256 of that content
    record BLOB NOT NULL,                   -- JSON of _Record
    checksum INTEGER NOT NULL               -- CRC-32 of path, digest and record
) WITHOUT ROWID;
-- Apart from the verdicts: a warm start reads each file's verdict and none of these, and with
-- them in its rows it read 1,000 verdicts in 6.7 ms instead of 4.7 (ten times the pages).
CREATE TABLE briefs(
    path TEXT PRIMARY KEY,                  -- as in verdicts
    brief BLOB NOT NULL                     -- the Brief's msgpack; nil for a broken file
);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = {STORE_VERSION};
"""


class _Problem(NamedTuple):
    line: int
    col: int
    message: str
    severity: Literal["error", "warning"]


class _Record(NamedTuple):
    """What listing and indexing need without decoding the Brief. Stored as JSON, not msgpack:
    a warm start then imports no msgspec (a tenth of a warm search) and no brief.model."""

    problems: list[_Problem]
    brief_id: str | None
    shape: str | None  # item counts (brief_shape)
    title: str | None
    as_of: str | None  # ISO, as written
    brief_checksum: int  # CRC-32 of the Brief's msgpack


def _records(data: list[bytes]) -> list[_Record | None]:
    """Records as `_encode` wrote them, each checked to be one (None where it is not). Parsed
    with one `json.loads` (for records that passed their checksum, so each is one JSON value):
    one call each costs seven times as much (1,000 records: 3.5 ms against 0.5). When that
    fails, one by one."""
    try:
        parsed = json.loads(b"[" + b",".join(data) + b"]")
    except ValueError:
        parsed = None
    if not isinstance(parsed, list) or len(parsed) != len(data):
        parsed = [_parsed(one) for one in data]
    return [_record(items) for items in parsed]


def _parsed(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return None


_SEVERITIES = ("error", "warning")


def _record(items: Any) -> _Record | None:
    """`_Record` of a parsed record, if it is one. Plain loops: as generator expressions they
    cost twice as much (1,000 records: 2.0 ms against 1.2)."""
    try:
        problems, brief_id, shape, title, as_of, checksum = items
        record = _Record([_Problem(*p) for p in problems], brief_id, shape, title, as_of, checksum)
    except (TypeError, ValueError):
        return None
    if type(checksum) is not int:
        return None
    for text in (brief_id, shape, title, as_of):
        if text is not None and type(text) is not str:
            return None
    for p in record.problems:
        if type(p.line) is not int or type(p.col) is not int or type(p.message) is not str:
            return None
        if p.severity not in _SEVERITIES:
            return None
    return record


_DATES: dict[str, PartialDate] = {}  # PartialDate is immutable: one object per written date


def _dec_hook(type_: type, obj: object) -> object:
    if type_ is PartialDate and isinstance(obj, str):
        date = _DATES.get(obj)
        if date is None:
            date = _DATES[obj] = PartialDate.parse(obj)
        return date
    from brief.model import dec_hook

    return dec_hook(type_, obj)


# The Briefs' msgpack: made only where a Brief is encoded or decoded, not on a warm search.


@functools.cache
def _encoder() -> msgspec.msgpack.Encoder:
    from brief._msgspec import msgspec
    from brief.model import enc_hook

    return msgspec.msgpack.Encoder(enc_hook=enc_hook)


@functools.cache
def _brief_decoder() -> msgspec.msgpack.Decoder[Brief]:
    from brief._msgspec import msgspec
    from brief.model import Brief

    return msgspec.msgpack.Decoder(Brief, dec_hook=_dec_hook)


# msgspec's DecodeError and ValidationError are ValueErrors.
_DECODE_ERRORS = (ValueError, TypeError)


def brief_shape(brief: Brief) -> str:
    """Item counts: what `Entry.counts` lists without decoding the Brief."""
    points = ",".join(str(len(s.points)) for s in brief.sections)
    return f"{len(brief.timeline)}/{points}/{len(brief.figures)}/{len(brief.actors)}/" + str(
        len(brief.sources)
    )


def _checksum(path: str, content: str, record: bytes) -> int:
    return zlib.crc32(record, zlib.crc32(f"{path}\0{content}\0".encode("utf-8", "surrogatepass")))


class _Found(NamedTuple):
    """A store entry whose record passed its checksum and is coherent."""

    stat: StatKey
    checked_ns: int
    digest: str
    record: _Record


class VerdictStore:
    """One verdict store (one SQLite file), shared by the threads of a process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn = self._open()

    def _open(self) -> sqlite3.Connection | None:
        for _ in range(2):
            try:
                return self._connect()
            except (OSError, sqlite3.OperationalError):
                return None  # no cache dir, or the store is locked too long: no cache this time
            except sqlite3.DatabaseError:  # not a database (or a damaged one): not trusted
                move_aside(self.path)
        return None

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            self.path, timeout=2.0, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA synchronous = OFF")  # a cache: a torn write is caught, rebuilt
            ours = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables and not ours:
                raise sqlite3.DatabaseError("a database of another program")
            if not ours or version != STORE_VERSION:  # new, or another version's: start afresh
                import shutil  # only here: not on a warm start's path

                # Version 0.1's cache kept one file per brief: no longer read.
                shutil.rmtree(self.path.parent / "briefs", ignore_errors=True)
                old = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                drops = "".join(f'DROP TABLE "{name}";\n' for (name,) in old.fetchall())
                conn.executescript(f"BEGIN IMMEDIATE;\n{drops}{_SCHEMA}\nCOMMIT;")
            conn.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
            code = conn.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
            if code is None or code[0] != code_fingerprint():
                # Made by another version of the loader: no verdict of it is good any more.
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("DELETE FROM verdicts")
                conn.execute("DELETE FROM briefs")
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('code', ?)", (code_fingerprint(),)
                )
                conn.execute("COMMIT")
        except BaseException:
            conn.close()
            raise
        return conn

    def _run(self, sql: str, params: Sequence[object]) -> list[tuple[object, ...]] | None:
        """One statement; None when the store failed (locked too long, damaged, gone)."""
        if self._conn is None:
            return None
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.OperationalError:  # locked too long, a full disk: no cache this time
                return None
            except sqlite3.DatabaseError:  # damaged inside: moved aside, and a new one begun
                self._conn.close()
                move_aside(self.path)
                self._conn = self._open()
                return None
            except sqlite3.Error:  # closed (close_stores) while in use
                return None

    def find(self, real: str) -> _Found | None:
        rows = self._run(f"SELECT {_FIND} FROM verdicts WHERE path = ?", (real,))
        return self._found(rows)[0] if rows else None

    def find_many(self, reals: Sequence[str]) -> dict[str, _Found]:
        """`find` for many files, a few statements in all (a library of 10,000 files)."""
        found: dict[str, _Found] = {}
        for start in range(0, len(reals), 500):
            chunk = reals[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._run(f"SELECT {_FIND} FROM verdicts WHERE path IN ({marks})", chunk)
            for row, entry in zip(rows or (), self._found(rows or []), strict=True):
                if entry is not None:
                    found[row[0]] = entry  # type: ignore[index]
        return found

    def _found(self, rows: list[tuple[Any, ...]]) -> list[_Found | None]:
        """The entries of rows of `_FIND`; None for one that is damaged or incoherent (it is
        dropped: the file is validated again)."""
        whole = [n for n, row in enumerate(rows) if _whole(row)]
        records: list[_Record | None] = [None] * len(rows)
        for n, record in zip(whole, _records([rows[n][7] for n in whole]), strict=True):
            records[n] = record
        found: list[_Found | None] = []
        for row, record in zip(rows, records, strict=True):
            real, size, mtime_ns, ino, ctime_ns, checked_ns, content, _, _ = row
            if record is None or not _coherent(record):
                self.drop(real)
                found.append(None)
            else:
                found.append(_Found((size, mtime_ns, ino, ctime_ns), checked_ns, content, record))
        return found

    def brief_bytes(self, real: str, content: str) -> bytes | None:
        rows = self._run(
            "SELECT brief FROM briefs JOIN verdicts USING (path) WHERE path = ? AND digest = ?",
            (real, content),
        )
        return rows[0][0] if rows else None  # type: ignore[return-value]

    def touch(self, real: str, st: os.stat_result, checked_ns: int) -> None:
        """The file's content was read and is what the entry was made from: note its stat."""
        self._run(
            "UPDATE verdicts SET size = ?, mtime_ns = ?, ino = ?, ctime_ns = ?, checked_ns = ? "
            "WHERE path = ?",
            (*stat_key(st), checked_ns, real),
        )

    def put(
        self,
        real: str,
        st: os.stat_result,
        checked_ns: int,
        content: str,
        brief_: Brief | None,
        problems: list[Problem],
    ) -> None:
        encoded = _encode(brief_, problems)
        if encoded is not None:
            self.put_encoded(real, stat_key(st), checked_ns, content, *encoded)

    def put_encoded(
        self, real: str, key: StatKey, checked_ns: int, content: str, record: bytes, payload: bytes
    ) -> bool:
        """Store an encoded verdict; False when the store could not take it."""
        return self.put_many([(real, key, checked_ns, content, record, payload)])

    def put_many(self, verdicts: Sequence[_Encoded]) -> bool:
        """Store encoded verdicts in one transaction (a pool's chunk of files); False when the
        store could not take them."""
        rows = [
            (real, *key, checked, content, record, _checksum(real, content, record))
            for real, key, checked, content, record, _ in verdicts
        ]
        briefs = [(real, payload) for real, *_, payload in verdicts]
        if self._conn is None:
            return False
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany(
                    "INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
                )
                self._conn.executemany("INSERT OR REPLACE INTO briefs VALUES (?, ?)", briefs)
                self._conn.execute("COMMIT")
            except sqlite3.Error:  # locked too long, full, damaged: their Briefs stay in memory
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                return False
        return True

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def drop(self, real: str) -> None:
        self._run("DELETE FROM verdicts WHERE path = ?", (real,))
        self._run("DELETE FROM briefs WHERE path = ?", (real,))


def _encode(brief_: Brief | None, problems: list[Problem]) -> tuple[bytes, bytes] | None:
    """(record, the Brief's msgpack); None for a verdict the store could not check on reading
    (no brief and no error: never expected from the loader)."""
    if brief_ is None and not any(p.severity == "error" for p in problems):
        return None
    payload = _encoder().encode(brief_)
    record = _Record(
        problems=[_Problem(p.line, p.col, p.message, p.severity) for p in problems],
        brief_id=None if brief_ is None else brief_.id,
        shape=None if brief_ is None else brief_shape(brief_),
        title=None if brief_ is None else brief_.title,
        as_of=None if brief_ is None else str(brief_.as_of),
        brief_checksum=zlib.crc32(payload),
    )
    return json.dumps(record, separators=(",", ":")).encode("ascii"), payload


_FIND = "path, size, mtime_ns, ino, ctime_ns, checked_ns, digest, record, checksum"
# A verdict ready to store: (resolved path, stat, checked_ns, content hash, record, the Brief's
# msgpack).
_Encoded = tuple[str, StatKey, int, str, bytes, bytes]


def _whole(row: tuple[Any, ...]) -> bool:
    """Does a row of `_FIND` pass its checksum?"""
    real, content, record, checksum = row[0], row[6], row[7], row[8]
    try:
        return bool(_checksum(real, content, record) == checksum)
    except (TypeError, ValueError):  # not the types written: damaged
        return False


def _coherent(record: _Record) -> bool:
    """A brief exactly when there are no errors, with its id and counts: anything else is not a
    verdict the loader gives, so it is not trusted."""
    has_errors = any(p.severity == "error" for p in record.problems)
    return has_errors == (record.brief_id is None) == (record.shape is None)


_open_stores: dict[Path, VerdictStore] = {}


def open_store(root: Path | None = None) -> VerdictStore:
    """The process's store under `root` (default: the user cache dir), opened once. One is kept
    open: opening another (tests do) closes it."""
    path = (root or cache_dir()) / STORE_NAME
    store = _open_stores.get(path)
    if store is None:
        close_stores()
        store = _open_stores[path] = VerdictStore(path)
    return store


def close_stores() -> None:
    """Close the open store: the next use opens it again, as a new process would."""
    for store in _open_stores.values():
        store.close()
    _open_stores.clear()


class CachedBrief:
    """A valid brief's entry, read from the store (or made by a loader process: then its bytes
    are at hand, `data`) but not yet decoded into a Brief."""

    __slots__ = ("checksum", "content", "data", "path", "real", "store")

    def __init__(
        self,
        store: VerdictStore | None,
        real: str,
        content: str,
        checksum: int,
        path: str,
        data: bytes | None = None,
    ) -> None:
        self.store, self.real, self.content = store, real, content
        self.checksum, self.path, self.data = checksum, path, data

    def decode(self) -> Brief | None:
        """The Brief. If its bytes are gone or damaged, the entry is dropped and the file
        validated again: never trusted."""
        data, self.data = self.data, None
        if data is None and self.store is not None:
            data = self.store.brief_bytes(self.real, self.content)
        if data is not None and zlib.crc32(data) == self.checksum:
            with contextlib.suppress(*_DECODE_ERRORS), gc_paused():  # many objects, no cycles
                return _brief_decoder().decode(data)
        if self.store is not None:
            self.store.drop(self.real)
        brief_: Brief | None
        brief_, _ = _loader().check_file(self.path)
        return brief_


class Verdict:
    """A file's verdict as `load_file` gives it: the Brief now (`brief`) or on first use
    (`cached`), with what is known of it without decoding. (A plain class: see Problem on
    dataclasses.)"""

    __slots__ = ("as_of", "brief", "brief_id", "cached", "digest", "problems", "resolved",
                 "shape", "title")  # fmt: skip

    def __init__(
        self,
        brief: Brief | None,
        problems: list[Problem],
        digest: str | None = None,  # the file's content hash, when it could be read
        resolved: str | None = None,  # the resolved path the store files it under, then
        brief_id: str | None = None,
        shape: str | None = None,  # item counts (brief_shape)
        cached: CachedBrief | None = None,
        title: str | None = None,  # the brief's title and as-of date (ISO), for listing it
        as_of: str | None = None,
    ) -> None:
        self.brief, self.problems, self.digest, self.resolved = brief, problems, digest, resolved
        self.brief_id, self.shape, self.cached = brief_id, shape, cached
        self.title, self.as_of = title, as_of

    def __repr__(self) -> str:
        return f"Verdict(brief_id={self.brief_id!r}, problems={self.problems!r})"

    @property
    def valid(self) -> bool:
        return self.brief is not None or self.cached is not None


def check_file(
    path: str | os.PathLike[str], *, root: Path | None = None
) -> tuple[Brief | None, list[Problem]]:
    """`brief.load.check_file`, through the cache. Same answer, same problems, every time."""
    verdict = load_file(path, root=root)
    brief_ = verdict.cached.decode() if verdict.cached is not None else verdict.brief
    return brief_, verdict.problems


def load_file(
    path: str | os.PathLike[str],
    *,
    root: Path | None = None,
    resolved: str | None = None,
    store: VerdictStore | None = None,
) -> Verdict:
    """The verdict on a file, through the store; a cached Brief is decoded on first use.
    `resolved`: the file's resolved path, if the caller has it already."""
    if not enabled():
        return _fresh(*_loader().check_file(path))
    verdict = _load_file(path, root, resolved, store, parse=True)
    assert verdict is not None
    return verdict


def _load_file(
    path: str | os.PathLike[str],
    root: Path | None,
    resolved: str | None,
    store: VerdictStore | None,
    parse: bool,
    known: dict[str, _Found] | None = None,
) -> Verdict | None:
    """`load_file`; with `parse` False, None when the file must be parsed (for a pool).
    `known`: the store's entries for these files, when they were looked up together. The cache
    is on: the caller asked, once rather than for each file."""
    checked_ns = time.time_ns()  # before the file is looked at: see brief.cache.trusted
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return _fresh(*_loader().check_file(path))  # the loader words these problems itself
        real = resolved or str(Path(path).resolve())
    except OSError:
        return _fresh(*_loader().check_file(path))
    store = store or open_store(root)
    found = store.find(real) if known is None else known.get(real)
    if found is not None and trusted(st, found.stat, found.checked_ns):
        return _cached(store, real, found, str(path))
    if found is None and not parse:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return _fresh(*_loader().check_file(path))
    content = digest(data)
    if found is not None and found.digest == content:
        store.touch(real, st, checked_ns)  # the same bytes: trusted by this stat from now on
        return _cached(store, real, found, str(path))
    if not parse:
        return None
    brief_, problems = _loader().check_bytes(data, sanitize(str(path)))
    store.put(real, st, checked_ns, content, brief_, problems)
    verdict = _fresh(brief_, problems)
    verdict.digest, verdict.resolved = content, real
    return verdict


def _cached(
    store: VerdictStore | None, real: str, found: _Found, path: str, data: bytes | None = None
) -> Verdict:
    record = found.record
    problems = []
    if record.problems:  # the path is made safe to print only when there is a problem to print
        name = sanitize(path)
        problems = [Problem(name, p.line, p.col, p.message, p.severity) for p in record.problems]
    if record.brief_id is None:
        return Verdict(None, problems, found.digest, real)
    lazy = CachedBrief(store, real, found.digest, record.brief_checksum, path, data)
    return Verdict(
        None,
        problems,
        found.digest,
        real,
        record.brief_id,
        record.shape,
        lazy,
        record.title,
        record.as_of,
    )


def _loader() -> ModuleType:
    """`brief.load`, imported on a cache miss only: with its YAML parser it is a fifth of a warm
    start's imports."""
    from brief import load

    return load


def _fresh(brief_: Brief | None, problems: list[Problem]) -> Verdict:
    if brief_ is None:
        return Verdict(None, problems)
    return Verdict(brief_, problems, None, None, brief_.id, brief_shape(brief_))


def brief_digest(brief_: Brief) -> str:
    """A content hash of a Brief already in memory (when no file hash is at hand)."""
    return digest(_encoder().encode(brief_))


# --- many files at once, across cores -------------------------------------------------------

# Fewer files than this are parsed in this process: starting a pool costs about what parsing
# ten briefs does.
PARALLEL_MIN = 16
# On a cold search this process, which inserts the index rows, is slower than the pool: the
# loader processes run at a lower priority (NICE), so that it is never the one waiting for a
# core, and each has AHEAD chunks queued (up to 768 files, about 67 MB of results at 1,000
# files of 41 KB), so that they go on parsing while it inserts a batch. 1,000 files, same
# run: 7.60 -> 6.43 s (median of 4); 12 or 48 chunks did no better.
AHEAD = 24
NICE = 10


class RowSink(Protocol):
    """What builds the search index while files load (brief.index_store)."""

    def start(self, parse: int, total: int) -> bool:
        """Told how many of the files must be parsed: True to be given each file's verdict,
        with the rows a loader process made for the index."""

    def put(self, verdict: Verdict, rows: bytes | None) -> None:
        """A file's verdict, in the order of the files, with its rows (brief.search.rows'
        msgpack) when a loader process made them."""


def load_files(
    files: Sequence[tuple[Path, str]],
    progress: Callable[[int, int], None] | None = None,
    sink: RowSink | None = None,
) -> list[Verdict]:
    """The verdicts on many files ((path, resolved path) pairs), in order: `load_file` for each,
    with the files the store cannot answer for parsed in a pool of processes, one per CPU.
    `progress(files, events)`: called as verdicts come in, with the counts so far. `sink`: given
    the verdicts as they come in, if it wants them."""
    store = open_store() if enabled() else None
    found = _from_store(files, store)
    done = events = 0

    def report(verdict: Verdict) -> None:
        nonlocal done, events
        done += 1
        if verdict.shape is not None:
            events += int(verdict.shape.split("/", 1)[0])
        if progress is not None:
            progress(done, events)

    for verdict in found:
        if verdict is not None:
            report(verdict)
    missing = [files[n] for n, verdict in enumerate(found) if verdict is None]
    rows = sink is not None and sink.start(len(missing), len(files))
    # Closed at once if `progress` raises: a pool stops taking files then.
    with contextlib.closing(_parse_all(missing, store, rows)) as parsed:
        for n, verdict in enumerate(found):
            data = None
            if verdict is None:
                verdict, data = next(parsed)
                found[n] = verdict
                report(verdict)
            if rows:
                sink.put(verdict, data)  # type: ignore[union-attr]  # rows: there is a sink
    return found  # type: ignore[return-value]  # every None was filled in


def cached_verdicts(files: Sequence[tuple[Path, str]]) -> list[Verdict | None]:
    """Each file's verdict as far as the store answers for it, parsing none: None for a file
    that must be parsed (every file when the cache is off)."""
    return _from_store(files, open_store() if enabled() else None)


def _from_store(
    files: Sequence[tuple[Path, str]], store: VerdictStore | None
) -> list[Verdict | None]:
    """Each file's verdict from the store, looked up together; None where it must be parsed."""
    if store is None:
        return [None] * len(files)
    known = store.find_many([real for _, real in files])
    return [_load_file(path, None, real, store, parse=False, known=known) for path, real in files]


def _workers(count: int) -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return min(cpus, count // (PARALLEL_MIN // 2))


def _parse_all(
    files: list[tuple[Path, str]], store: VerdictStore | None, rows: bool
) -> Generator[tuple[Verdict, bytes | None], None, None]:
    """Verdicts on files that must be parsed, in order, each with its index rows when `rows`
    and a loader process made them: in a pool when there are enough of them and more than one
    CPU, else here. A pool that fails leaves the rest to this process."""
    workers = _workers(len(files))
    done = 0
    if workers > 1:
        from concurrent.futures.process import BrokenProcessPool  # a cold start only

        try:
            for parsed in _pooled(files, store, workers, rows):
                done += 1
                yield parsed
        except (OSError, RuntimeError, BrokenProcessPool):
            pass
    for path, real in files[done:]:
        yield load_file(path, resolved=real, store=store), None


def _pooled(
    files: list[tuple[Path, str]], store: VerdictStore | None, workers: int, rows: bool
) -> Iterator[tuple[Verdict, bytes | None]]:
    import collections
    import functools
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Fork when this process has one thread (the CLI): the quickest start, and the program's
    # main module is not run again. A forked child of a threaded process (the TUI loads from a
    # worker thread) may hang on a lock another thread held, so there a fresh interpreter starts
    # each worker, which imports the main module again: guard it with `if __name__ == ...`.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
        _start_resource_tracker()
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_lower_priority) as pool:
        size = max(1, min(16, len(files) // (workers * 4)))
        chunks = [files[n : n + size] for n in range(0, len(files), size)]
        check = functools.partial(check_chunk, rows=rows)
        # AHEAD chunks ahead of this process, not all: when it is the slower (it inserts the
        # index rows), results would pile up here (a GB at a million events).
        first = chunks[: workers * AHEAD]
        ahead = collections.deque(
            pool.submit(check, [str(path) for path, _ in chunk]) for chunk in first
        )
        try:
            for n, chunk in enumerate(chunks):
                results = ahead.popleft().result()
                if n + len(ahead) + 1 < len(chunks):
                    later = chunks[n + len(ahead) + 1]
                    ahead.append(pool.submit(check, [str(path) for path, _ in later]))
                yield from _from_worker(chunk, results, store)
        except BaseException:
            # Stopped (a progress callback raised: the TUI quit while loading): the files not
            # yet begun are dropped, not parsed before the pool closes.
            pool.shutdown(cancel_futures=True)
            raise


def _lower_priority() -> None:
    """In a loader process: yield the CPU to the process that builds the index (see _pooled)."""
    with contextlib.suppress(OSError):
        os.nice(NICE)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (which a pool that does not fork needs) with the
    real stderr: it hands the tracker `sys.stderr`'s descriptor, and a running Textual app's
    stand-in for stderr has -1, which fails the pool ("bad value(s) in fds_to_keep")."""
    from multiprocessing import resource_tracker

    with contextlib.redirect_stderr(sys.__stderr__):
        resource_tracker.ensure_running()


def check_chunk(paths: list[str], rows: bool) -> list[bytes | None]:
    """In a loader process: `check_encoded` for each file of a chunk."""
    return [check_encoded(path, rows) for path in paths]


def check_encoded(path: str, rows: bool = False) -> bytes | None:
    """In a loader process: the verdict on a file, as msgpack of (stat, checked_ns, content
    hash, record, the Brief's msgpack, its index rows when `rows` and it is valid); None when
    the file is one `load_file` should see to (unreadable, not a regular file, too big: the
    loader words those problems)."""
    checked_ns = time.time_ns()
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return None
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    content = digest(data)
    brief_, problems = _loader().check_bytes(data, sanitize(path))
    encoded = _encode(brief_, problems)
    if encoded is None:
        return None
    index_rows = None
    if rows and brief_ is not None:
        from brief.search.rows import encode_rows  # only where the index is built meanwhile

        index_rows = encode_rows(brief_)
    return _encoder().encode((stat_key(st), checked_ns, content, *encoded, index_rows))


# What `check_encoded` gives: (stat, checked_ns, content hash, record, the Brief's msgpack, rows).
_WorkerResult = tuple[tuple[int, int, int, int], int, str, bytes, bytes, bytes | None]


@functools.cache
def _worker_result() -> msgspec.msgpack.Decoder[_WorkerResult]:
    from brief._msgspec import msgspec

    return msgspec.msgpack.Decoder(_WorkerResult)


def _from_worker(
    files: list[tuple[Path, str]], results: list[bytes | None], store: VerdictStore | None
) -> Iterator[tuple[Verdict, bytes | None]]:
    """A chunk's verdicts from a loader process, stored together (a transaction each cost 7%
    of a cold start), each with its rows."""
    decoded = [None if data is None else _worker_result().decode(data) for data in results]
    verdicts = [(real, *d[:5]) for (_, real), d in zip(files, decoded, strict=True) if d]
    # Stored, the Brief is read back when it is used: a library of 10,000 briefs does not hold
    # 400 MB of them meanwhile.
    stored = store is not None and store.put_many(verdicts)
    records = iter(_records([d[3] for d in decoded if d]))
    for (path, real), parsed in zip(files, decoded, strict=True):
        record = None if parsed is None else next(records)
        if parsed is None or record is None:  # one for `load_file` to word
            yield load_file(path, resolved=real, store=store), None
            continue
        key, checked_ns, content, _, payload, rows = parsed
        found = _Found(key, checked_ns, content, record)
        yield _cached(store, real, found, str(path), None if stored else payload), rows
