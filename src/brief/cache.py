"""The warm-start cache: loaded briefs and the built search index, in the user cache dir.

- Each brief file's verdict (the Brief, or None, and its problems) is cached under a key of the
  file's resolved path, size, mtime_ns and SHA-256 content hash, plus a fingerprint of the
  loader's own code. The verdict is stored with the key it was made for, so a cache can never
  make a broken brief look valid: changed bytes are a different key, and are re-validated.
- A cached Brief is decoded when it is first used, not when the library opens (`load_file`):
  opening a library of a thousand briefs reads their verdicts, ids and item counts, and a
  checksum of each Brief's bytes is checked then, so a damaged record is still caught at once.
- The search index is cached as a serialised SQLite database, keyed by the content of every
  brief in it, and reopened without decoding the briefs (`load_library_index`).
- A changed file is reloaded alone; the other files' entries are untouched. The index is
  updated brief by brief: a changed brief's rows are deleted (with its previous version, kept
  as `*.prev` until then) and its new rows added.
- A corrupt or foreign cache file is moved aside (renamed `*.bad`) and rebuilt, never trusted.
- Files are written atomically (temp file, then os.replace). There is no fsync: a cache that a
  crash truncates is caught as corrupt and rebuilt, and the cost of syncing a thousand files
  would undo the point of caching.

Set BRIEF_NO_CACHE=1 to bypass the cache entirely.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec

import brief
from brief.dates import PartialDate
from brief.errors import Problem
from brief.limits import MAX_FILE_BYTES
from brief.memory import gc_paused
from brief.model import Brief, dec_hook, enc_hook
from brief.text import sanitize

if TYPE_CHECKING:
    from types import ModuleType

    from brief.library import Library
    from brief.search import SearchIndex

CACHE_VERSION = 2
MAGIC = "brief-cache"
INDEX_MAGIC = b"brief-index\n"
ENV_DISABLE = "BRIEF_NO_CACHE"


def enabled() -> bool:
    return os.environ.get(ENV_DISABLE, "") in ("", "0")


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("brief", appauthor=False))


@cache
def code_fingerprint() -> str:
    """Verdicts depend on the loader's code: a new version, or an edited loader in a development
    tree, must not reuse them."""
    package = Path(brief.__file__).resolve().parent
    parts = [brief.__version__, str(CACHE_VERSION)]
    for name in ("load.py", "limits.py", "model.py", "text.py", "dates.py", "errors.py"):
        with contextlib.suppress(OSError):
            st = (package / name).stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()


def digest(data: bytes) -> str:
    # SHA-256 rather than BLAKE2b: CPUs of the last years compute it in hardware, about three
    # times as fast, and a warm start hashes every brief file.
    return hashlib.sha256(data).hexdigest()


# --- brief verdicts -------------------------------------------------------------------------


class _Problem(msgspec.Struct, array_like=True):
    line: int
    col: int
    message: str
    severity: Literal["error", "warning"]


# kw_only: fields with defaults may come before `brief`, which stays last in the record.
class _Record(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    magic: str
    version: int
    code: str
    path: str
    size: int
    mtime_ns: int
    digest: str
    problems: list[_Problem]
    # What listing and indexing need, without decoding the Brief: its id and item counts.
    brief_id: str | None
    shape: str | None
    # What the brief picker lists, also without decoding (absent from older records).
    title: str | None = None
    as_of: str | None = None
    checksum: int  # CRC-32 of `brief`'s bytes: damage is caught before the Brief is decoded
    brief: msgspec.Raw  # the Brief's msgpack (nil for a broken file), decoded when first used


_DATES: dict[str, PartialDate] = {}  # PartialDate is immutable: one object per written date


def _dec_hook(type_: type, obj: object) -> object:
    if type_ is PartialDate and isinstance(obj, str):
        date = _DATES.get(obj)
        if date is None:
            date = _DATES[obj] = PartialDate.parse(obj)
        return date
    return dec_hook(type_, obj)


_encoder = msgspec.msgpack.Encoder(enc_hook=enc_hook)
_decoder = msgspec.msgpack.Decoder(_Record)
_brief_decoder: msgspec.msgpack.Decoder[Brief] = msgspec.msgpack.Decoder(Brief, dec_hook=_dec_hook)
_NIL = b"\xc0"  # msgpack's nil


class _Corrupt(Exception):
    """A cache file that is not one of ours, or not whole."""


def _entry_path(root: Path, resolved: str) -> Path:
    name = hashlib.blake2b(resolved.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return root / "briefs" / f"{name}.msgpack"


class CachedBrief:
    """A valid brief's record, read from the cache but not yet decoded into a Brief."""

    __slots__ = ("checksum", "data", "path", "record_path")

    def __init__(self, data: msgspec.Raw, checksum: int, path: str, record_path: Path) -> None:
        self.data, self.checksum, self.path, self.record_path = data, checksum, path, record_path

    def decode(self) -> Brief | None:
        """The Brief. Its bytes passed their checksum, so this is not expected to fail; if it
        does, the record is moved aside and the file loaded again, never trusted."""
        try:
            with gc_paused():  # a brief is a tree of many small objects and no cycles
                return _brief_decoder.decode(self.data)
        except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
            _move_aside(self.record_path)
        brief_: Brief | None
        brief_, _ = _loader().check_file(self.path)
        return brief_


@dataclass
class Verdict:
    """A file's verdict as `load_file` gives it: the Brief now (`brief`) or on first use
    (`cached`), with what is known of it without decoding."""

    brief: Brief | None
    problems: list[Problem]
    digest: str | None = None  # the file's content hash, when it could be read
    resolved: str | None = None  # the resolved path the cache files it under, then
    brief_id: str | None = None
    shape: str | None = None  # item counts (brief.search.brief_shape)
    cached: CachedBrief | None = field(default=None, repr=False)
    title: str | None = None  # the brief's title and as-of date (ISO), for listing it
    as_of: str | None = None

    @property
    def valid(self) -> bool:
        return self.brief is not None or self.cached is not None


def check_file(
    path: str | os.PathLike[str], *, root: Path | None = None
) -> tuple[Brief | None, list[Problem]]:
    """`brief.load.check_file`, through the cache. Same answer, same problems, every time."""
    verdict, _ = check_file_keyed(path, root=root)
    return verdict


def check_file_keyed(
    path: str | os.PathLike[str], *, root: Path | None = None
) -> tuple[tuple[Brief | None, list[Problem]], str | None]:
    """The verdict on a file and its content hash (None when the file could not be hashed)."""
    verdict = load_file(path, root=root)
    brief_ = verdict.cached.decode() if verdict.cached is not None else verdict.brief
    return (brief_, verdict.problems), verdict.digest


def load_file(
    path: str | os.PathLike[str], *, root: Path | None = None, resolved: Path | None = None
) -> Verdict:
    """The verdict on a file, through the cache; a cached Brief is decoded on first use.
    `resolved`: the file's resolved path, if the caller has it already."""
    if not enabled():
        return _fresh(*_loader().check_file(path))
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
            return _fresh(*_loader().check_file(path))  # the loader words these problems itself
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        real = str(resolved or Path(path).resolve())
    except OSError:
        return _fresh(*_loader().check_file(path))
    root = root or cache_dir()
    key = (real, len(data), st.st_mtime_ns, digest(data))
    name = sanitize(str(path))
    record_path = _entry_path(root, real)
    cached = _read_record(record_path, key)
    if cached is not None:
        problems = [_problem(name, p) for p in cached.problems]
        if bytes(cached.brief) == _NIL:
            return Verdict(None, problems, key[3], real)
        lazy = CachedBrief(cached.brief, cached.checksum, str(path), record_path)
        return Verdict(
            None,
            problems,
            key[3],
            real,
            cached.brief_id,
            cached.shape,
            lazy,
            cached.title,
            cached.as_of,
        )
    brief_, problems = _loader().check_bytes(data, name)
    _write_record(record_path, key, brief_, problems)
    verdict = _fresh(brief_, problems)
    verdict.digest, verdict.resolved = key[3], real
    return verdict


def _loader() -> ModuleType:
    """`brief.load`, imported on a cache miss only: with its YAML parser it is a fifth of a warm
    start's imports."""
    from brief import load

    return load


def _fresh(brief_: Brief | None, problems: list[Problem]) -> Verdict:
    from brief.search import brief_shape

    if brief_ is None:
        return Verdict(None, problems)
    return Verdict(brief_, problems, None, None, brief_.id, brief_shape(brief_))


def _problem(path: str, p: _Problem) -> Problem:
    return Problem(path, p.line, p.col, p.message, p.severity)


def _read_record(record_path: Path, key: tuple[str, int, int, str]) -> _Record | None:
    try:
        data = record_path.read_bytes()
    except OSError:
        return None
    try:
        record = _decode_record(data)
    except _Corrupt:
        _move_aside(record_path)
        return None
    if (record.path, record.size, record.mtime_ns, record.digest) != key:
        return None  # the file changed: a stale entry, not a corrupt one; it is rewritten
    if record.code != code_fingerprint():
        return None  # made by another version of the loader
    return record


def _decode_record(data: bytes) -> _Record:
    try:
        record = _decoder.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError) as error:
        raise _Corrupt(str(error)) from None
    if record.magic != MAGIC or record.version != CACHE_VERSION:
        raise _Corrupt("a cache of another program or version")
    if zlib.crc32(record.brief) != record.checksum:
        raise _Corrupt("a damaged brief")
    has_errors = any(p.severity == "error" for p in record.problems)
    # The verdict must be coherent: a brief exactly when there are no errors.
    is_nil = bytes(record.brief) == _NIL
    if (
        is_nil != has_errors
        or is_nil != (record.brief_id is None)
        or is_nil != (record.shape is None)
    ):
        raise _Corrupt("an incoherent verdict")
    return record


def _write_record(
    record_path: Path,
    key: tuple[str, int, int, str],
    brief_: Brief | None,
    problems: list[Problem],
) -> None:
    from brief.search import brief_shape

    if brief_ is None and not any(p.severity == "error" for p in problems):
        return  # not a verdict we could check on reading; never expected from the loader
    payload = _encoder.encode(brief_)
    record = _Record(
        magic=MAGIC,
        version=CACHE_VERSION,
        code=code_fingerprint(),
        path=key[0],
        size=key[1],
        mtime_ns=key[2],
        digest=key[3],
        problems=[_Problem(p.line, p.col, p.message, p.severity) for p in problems],
        brief_id=None if brief_ is None else brief_.id,
        shape=None if brief_ is None else brief_shape(brief_),
        checksum=zlib.crc32(payload),
        brief=msgspec.Raw(payload),
        title=None if brief_ is None else brief_.title,
        as_of=None if brief_ is None else str(brief_.as_of),
    )
    _keep_previous(record_path, key[3])
    _write(record_path, _encoder.encode(record))


def _keep_previous(record_path: Path, new_digest: str) -> None:
    """Before a changed file's record is replaced, keep the old one as `*.prev`: the cached
    index still holds that version's rows, and deleting them from a contentless FTS5 table
    takes the text they were indexed with. `load_library_index` removes it when done."""
    try:
        data = record_path.read_bytes()
        old = _decoder.decode(data)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
        return
    if old.digest != new_digest and bytes(old.brief) != _NIL:
        with contextlib.suppress(OSError):
            os.replace(record_path, _prev_path(record_path))


def _prev_path(record_path: Path) -> Path:
    return record_path.with_name(record_path.name + ".prev")


def _read_previous(path: str, digest_: str, root: Path) -> Brief | None:
    """The Brief of `path` as it was when its content hash was `digest_`, if still cached."""
    record_path = _entry_path(root, path)
    for candidate in (_prev_path(record_path), record_path):
        try:
            record = _decode_record(candidate.read_bytes())
        except (OSError, _Corrupt):
            continue
        if record.path == path and record.digest == digest_ and bytes(record.brief) != _NIL:
            try:
                return _brief_decoder.decode(record.brief)
            except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
                return None
    return None


def _move_aside(path: Path) -> None:
    """Keep a corrupt cache file for inspection as `*.bad`, out of the way of the rebuild."""
    with contextlib.suppress(OSError):
        os.replace(path, path.with_name(path.name + ".bad"))


def _write(path: Path, data: bytes, *more: bytes) -> None:
    """Atomic: a reader sees the old file or the new one. Failures are ignored: a cache that
    cannot be written only costs speed. `more`: further pieces, written after `data`."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as handle:
            for piece in (data, *more):
                handle.write(piece)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()


# --- the search index -----------------------------------------------------------------------


def index_key(digests: Iterable[tuple[str, str]]) -> bytes:
    """A key for an index over briefs, from (brief id, content hash) pairs."""
    h = hashlib.blake2b(digest_size=32)
    h.update(f"{CACHE_VERSION}|{code_fingerprint()}".encode())
    for brief_id, content in sorted(digests):
        h.update(f"|{brief_id}={content}".encode())
    return h.digest()


def brief_digest(brief_: Brief) -> str:
    """A content hash of a Brief already in memory (when no file hash is at hand)."""
    return digest(_encoder.encode(brief_))


def load_index(
    briefs: Sequence[Brief], digests: Sequence[str] | None = None, *, root: Path | None = None
) -> SearchIndex:
    """A SearchIndex over `briefs`: the cached one if it was built from exactly these briefs,
    else a new one, which is then cached. `digests`: the briefs' file hashes, if known
    (`check_file_keyed` gives them); otherwise the briefs are hashed.

    `load_library_index` does the same for a library without decoding its briefs first."""
    from brief.search import SearchIndex, brief_shape

    if not enabled():
        return SearchIndex(briefs)
    if digests is None:
        digests = [brief_digest(b) for b in briefs]
    given = {b.id: _Given(b, brief_shape(b), d, None) for b, d in zip(briefs, digests, strict=True)}
    return _load_index(given, root or cache_dir())


def load_library_index(library: Library, *, root: Path | None = None) -> SearchIndex:
    """A SearchIndex over the library's valid briefs, from the cache when it can be.

    Briefs are decoded only when a result needs them. When some files changed since the index
    was cached, only their rows are replaced; when the index cannot be reused at all, it is
    rebuilt (which decodes every brief)."""
    from brief.search import SearchIndex, brief_shape

    entries = [e for e in library.entries if e.ok]
    if not enabled():
        return SearchIndex([e.brief for e in entries if e.brief is not None])
    given: dict[str, _Given] = {}
    for entry in entries:
        brief_id, shape = entry.brief_id, entry.shape
        if brief_id is None or shape is None:  # not from the cache: it is decoded already
            assert entry.brief is not None
            brief_id, shape = entry.brief.id, brief_shape(entry.brief)
        content = entry.digest or brief_digest(entry.brief)  # type: ignore[arg-type]
        given[brief_id] = _Given(entry.brief_source(), shape, content, entry.resolved)
    return _load_index(given, root or cache_dir())


@dataclass
class _Given:
    """A brief to index: the Brief or a function that decodes it, its shape and content hash,
    and the resolved path its cached verdict is filed under (None: not from a file)."""

    source: Brief | Callable[[], Brief | None]
    shape: str
    digest: str
    path: str | None

    def brief(self) -> Brief:
        source = self.source
        if isinstance(source, Brief):
            return source
        decoded = source()
        if decoded is None:
            raise ValueError("a cached brief could not be decoded")
        self.source = decoded
        return decoded


# When more than this share of the briefs changed, rebuilding beats updating row by row.
_UPDATE_SHARE = 0.25


def _load_index(given: dict[str, _Given], root: Path) -> SearchIndex:
    from brief.search import SCHEMA_VERSION, SearchIndex

    key = index_key((i, g.digest) for i, g in given.items())
    header = INDEX_MAGIC + SCHEMA_VERSION.to_bytes(4, "big") + key
    path = root / "index.sqlite"
    found = _read_index(path)
    if found is not None and found[0] == header:
        with contextlib.suppress(ValueError):
            return SearchIndex._reopen(found[1], {i: (g.source, g.shape) for i, g in given.items()})
        _move_aside(path)
        found = None
    index, used = _update(found[1], given, root) if found is not None else (None, [])
    if index is None:
        # Previous versions are kept for updates; a rebuild needs none of them.
        index, used = SearchIndex(), list((root / "briefs").glob("*.prev"))
        new = list(given.values())
        index._add(
            [(g.brief(), g.source) for g in new], [g.digest for g in new], [g.path for g in new]
        )
    del found
    _write_index(path, header, index)
    for old in used:  # the previous versions the update deleted: no longer needed
        with contextlib.suppress(OSError):
            old.unlink()
    return index


# The index file: the SQLite database, then a trailer of INDEX_MAGIC, the schema version, the
# key, and a SHA-256 of all that came before. A trailer, so the database can be written by
# SQLite's backup API straight to the file, never held in memory a second time.
_TRAILER = len(INDEX_MAGIC) + 4 + 32 + 32


def _write_index(path: Path, header: bytes, index: SearchIndex) -> None:
    """Atomically, like `_write`; failures only cost speed."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.unlink(missing_ok=True)
        index._save(temp)
        checksum = hashlib.sha256()
        with open(temp, "r+b") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                checksum.update(block)
            checksum.update(header)
            handle.write(header + checksum.digest())
        os.replace(temp, path)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            temp.unlink()


def _read_index(path: Path) -> tuple[bytes, memoryview] | None:
    """(header, database) of a whole, checksummed index file; None when there is none or it is
    another version's. A file that is not one, or is damaged, is moved aside."""
    from brief.search import SCHEMA_VERSION

    try:
        data = path.read_bytes()
    except OSError:
        return None
    view = memoryview(data)
    trailer = view[-_TRAILER:]
    if len(data) <= _TRAILER or bytes(trailer[: len(INDEX_MAGIC)]) != INDEX_MAGIC:
        _move_aside(path)
        return None
    header, checksum = bytes(trailer[:-32]), bytes(trailer[-32:])
    if int.from_bytes(header[len(INDEX_MAGIC) : len(INDEX_MAGIC) + 4], "big") != SCHEMA_VERSION:
        return None  # another version's: rebuilt and replaced
    if hashlib.sha256(view[:-32]).digest() != checksum:
        _move_aside(path)
        return None
    return header, view[:-_TRAILER]


def _update(
    payload: memoryview, given: dict[str, _Given], root: Path
) -> tuple[SearchIndex | None, list[Path]]:
    """The cached index of other versions of these briefs, brought up to date brief by brief;
    None when that is not possible or not worth it. Also the `*.prev` records it used."""
    from brief.search import SearchIndex

    try:
        index = SearchIndex._deserialize(payload)
        stored = index._stored()
    except ValueError:
        return None, []
    changed = [i for i, g in given.items() if i not in stored or stored[i][2] != g.digest]
    gone = [i for i, (_, _, d, _) in stored.items() if i not in given or given[i].digest != d]
    if len(set(changed) | set(gone)) > max(1, _UPDATE_SHARE * len(given)):
        return None, []
    used: list[Path] = []
    try:
        for brief_id in gone:
            bno, _, old_digest, old_path = stored[brief_id]
            old = _read_previous(old_path, old_digest, root) if old_path and old_digest else None
            if old is None:
                return None, []  # its rows cannot be deleted without the text they hold
            index._delete(bno, old)
            used.append(_prev_path(_entry_path(root, old_path)))  # type: ignore[arg-type]
        index._reattach({i: (g.source, g.shape) for i, g in given.items() if i not in changed})
        new = [given[i] for i in changed]
        index._add(
            [(g.brief(), g.source) for g in new], [g.digest for g in new], [g.path for g in new]
        )
    except (ValueError, sqlite3.Error):
        return None, []
    return index, used
