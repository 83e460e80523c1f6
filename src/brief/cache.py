"""The warm-start cache: loaded briefs and the built search index, in the user cache dir.

- Each brief file's verdict (the Brief, or None, and its problems) is cached under a key of the
  file's resolved path, size, mtime_ns and BLAKE2b content hash, plus a fingerprint of the
  loader's own code. The verdict is stored with the key it was made for, so a cache can never
  make a broken brief look valid: changed bytes are a different key, and are re-validated.
- The search index is cached as a serialised SQLite database, keyed by the content of every
  brief in it.
- A changed file is reloaded alone; the other files' entries are untouched.
- A corrupt or foreign cache file is moved aside (renamed `*.bad`) and rebuilt, never trusted.
- Files are written atomically (temp file, then os.replace). There is no fsync: a cache that a
  crash truncates is caught as corrupt and rebuilt, and the cost of syncing a thousand files
  would undo the point of caching.

Set BRIEF_NO_CACHE=1 to bypass the cache entirely.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec

import brief
from brief import load
from brief.dates import PartialDate
from brief.errors import Problem
from brief.model import Brief, dec_hook, enc_hook
from brief.text import sanitize

if TYPE_CHECKING:
    from brief.search import SearchIndex

CACHE_VERSION = 1
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
    for name in ("load.py", "model.py", "text.py", "dates.py", "errors.py"):
        with contextlib.suppress(OSError):
            st = (package / name).stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=32).hexdigest()


# --- brief verdicts -------------------------------------------------------------------------


class _Problem(msgspec.Struct, array_like=True):
    line: int
    col: int
    message: str
    severity: Literal["error", "warning"]


class _Record(msgspec.Struct, forbid_unknown_fields=True):
    magic: str
    version: int
    code: str
    path: str
    size: int
    mtime_ns: int
    digest: str
    brief: Brief | None
    problems: list[_Problem]


_DATES: dict[str, PartialDate] = {}  # PartialDate is immutable: one object per written date


def _dec_hook(type_: type, obj: object) -> object:
    if type_ is PartialDate and isinstance(obj, str):
        date = _DATES.get(obj)
        if date is None:
            date = _DATES[obj] = PartialDate.parse(obj)
        return date
    return dec_hook(type_, obj)


_encoder = msgspec.msgpack.Encoder(enc_hook=enc_hook)
_decoder = msgspec.msgpack.Decoder(_Record, dec_hook=_dec_hook)


class _Corrupt(Exception):
    """A cache file that is not one of ours, or not whole."""


def _entry_path(root: Path, resolved: str) -> Path:
    name = hashlib.blake2b(resolved.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return root / "briefs" / f"{name}.msgpack"


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
    if not enabled():
        return load.check_file(path), None
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > load.MAX_FILE_BYTES:
            return load.check_file(path), None  # the loader words these problems itself
        with open(path, "rb") as handle:
            data = handle.read(load.MAX_FILE_BYTES + 1)
        resolved = str(Path(path).resolve())
    except OSError:
        return load.check_file(path), None
    root = root or cache_dir()
    key = (resolved, len(data), st.st_mtime_ns, digest(data))
    name = sanitize(str(path))
    record_path = _entry_path(root, resolved)
    cached = _read_record(record_path, key)
    if cached is not None:
        return (cached.brief, [_problem(name, p) for p in cached.problems]), key[3]
    brief_, problems = load.check_bytes(data, name)
    _write_record(record_path, key, brief_, problems)
    return (brief_, problems), key[3]


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
        with _gc_paused():  # a brief is a tree of many small objects and no cycles
            record = _decoder.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError) as error:
        raise _Corrupt(str(error)) from None
    if record.magic != MAGIC or record.version != CACHE_VERSION:
        raise _Corrupt("a cache of another program or version")
    has_errors = any(p.severity == "error" for p in record.problems)
    # The verdict must be coherent: a brief exactly when there are no errors.
    if (record.brief is None) != has_errors:
        raise _Corrupt("an incoherent verdict")
    return record


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write_record(
    record_path: Path,
    key: tuple[str, int, int, str],
    brief_: Brief | None,
    problems: list[Problem],
) -> None:
    if brief_ is None and not any(p.severity == "error" for p in problems):
        return  # not a verdict we could check on reading; never expected from the loader
    record = _Record(
        magic=MAGIC,
        version=CACHE_VERSION,
        code=code_fingerprint(),
        path=key[0],
        size=key[1],
        mtime_ns=key[2],
        digest=key[3],
        brief=brief_,
        problems=[_Problem(p.line, p.col, p.message, p.severity) for p in problems],
    )
    _write(record_path, _encoder.encode(record))


def _move_aside(path: Path) -> None:
    """Keep a corrupt cache file for inspection as `*.bad`, out of the way of the rebuild."""
    with contextlib.suppress(OSError):
        os.replace(path, path.with_name(path.name + ".bad"))


def _write(path: Path, data: bytes) -> None:
    """Atomic: a reader sees the old file or the new one. Failures are ignored: a cache that
    cannot be written only costs speed."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
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
    (`check_file_keyed` gives them); otherwise the briefs are hashed."""
    from brief.search import SCHEMA_VERSION, SearchIndex

    if not enabled():
        return SearchIndex(briefs)
    if digests is None:
        digests = [brief_digest(b) for b in briefs]
    key = index_key(zip((b.id for b in briefs), digests, strict=True))
    header = INDEX_MAGIC + SCHEMA_VERSION.to_bytes(4, "big") + key
    path = (root or cache_dir()) / "index.sqlite"
    index = _read_index(path, header, briefs)
    if index is None:
        index = SearchIndex(briefs)
        payload = index.to_bytes()
        _write(path, header + hashlib.blake2b(payload, digest_size=32).digest() + payload)
    return index


def _read_index(path: Path, header: bytes, briefs: Sequence[Brief]) -> SearchIndex | None:
    from brief.search import SearchIndex

    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(INDEX_MAGIC):
        _move_aside(path)
        return None
    if not data.startswith(header):
        return None  # an index of other briefs: rebuilt and replaced
    checksum, payload = data[len(header) : len(header) + 32], data[len(header) + 32 :]
    if hashlib.blake2b(payload, digest_size=32).digest() != checksum:
        _move_aside(path)
        return None
    try:
        return SearchIndex.from_bytes(payload, briefs)
    except ValueError:
        _move_aside(path)
        return None
