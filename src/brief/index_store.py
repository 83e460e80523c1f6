"""The persisted search index: a library's `SearchIndex`, saved in the user cache dir and reopened
on the next run instead of rebuilt.

- The index holds each brief with its content hash (`SearchIndex.stored`). When the library's
  briefs have exactly those hashes, the saved file is searched where it lies
  (`SearchIndex.open`): a search reads only the pages it needs, and decodes no brief.
- When a few briefs changed, were added or removed, the index is brought up to date brief by
  brief (`SearchIndex.update`) and saved again; when many did, it is rebuilt.
- The file is checked against a SHA-256 kept beside it (`index.trust`), with the file's stat:
  as with brief files (`brief.cache.trusted`), the hash is computed again only when the stat
  changed or the file was changed too recently to tell. A new file's mtime is dated back as it
  is installed, so the next run trusts it at once, and any write to it after that is told by
  its mtime (`_trusted`). A file that fails is moved aside (`*.bad`) and rebuilt; one of
  another version is rebuilt.
- A cold start (most files to parse) builds the index while the files load
  (`load_indexed_library`): the loader processes make each brief's rows beside its verdict,
  and this process numbers and inserts them, in batches, into a new file; memory stays bounded
  however large the library.
- Files are written whole and renamed into place: a process that has the old one open keeps
  reading the old one, and a build that stops part way leaves nothing in place.

Set BRIEF_NO_CACHE=1 to bypass it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brief.cache import (
    RACY_NS,
    StatKey,
    cache_dir,
    enabled,
    move_aside,
    stat_key,
    write,
)
from brief.memory import gc_paused
from brief.search import SCHEMA_VERSION, SearchIndex
from brief.verdicts import PARALLEL_MIN, Verdict, brief_digest

if TYPE_CHECKING:
    from brief.library import Library
    from brief.model import Brief
    from brief.search.build import IndexFile
    from brief.search.rows import Rows

INDEX_NAME = "index.sqlite"
TRUST_NAME = "index.trust"
MAGIC = "brief-index"
# When more than this share of the briefs changed, rebuilding beats updating brief by brief.
UPDATE_SHARE = 0.25


# A brief to index: its content hash, and the Brief or a function that decodes it.
_Source = tuple[str, "Brief | Callable[[], Brief | None]"]


def load_index(
    briefs: Sequence[Brief], digests: Sequence[str] | None = None, *, root: Path | None = None
) -> SearchIndex:
    """A SearchIndex over `briefs`, reopened when it was saved over exactly these briefs.
    `digests`: the briefs' file hashes, if known; otherwise the briefs are hashed."""
    if not enabled():
        return SearchIndex(briefs)
    if digests is None:
        digests = [brief_digest(b) for b in briefs]
    given: dict[str, _Source] = {b.id: (d, b) for b, d in zip(briefs, digests, strict=True)}
    return _load(given, root or cache_dir())


def load_library_index(library: Library, *, root: Path | None = None) -> SearchIndex:
    """A SearchIndex over the library's valid briefs. A warm start decodes none of them; an
    update decodes the changed ones."""
    if not enabled():
        return SearchIndex([e.brief for e in library.entries if e.ok and e.brief is not None])
    return _load(_given(library), root or cache_dir())


def _given(library: Library) -> dict[str, _Source]:
    """The library's valid briefs: id -> (content hash, the Brief or what decodes it)."""
    given: dict[str, _Source] = {}
    for entry in library.entries:
        if not entry.ok:
            continue
        source = entry.brief_source()
        brief_id = entry.brief_id or entry.brief.id  # type: ignore[union-attr]
        content = entry.digest
        if content is None:  # not read through the cache: hashed from the Brief
            brief_ = entry.brief
            assert brief_ is not None
            content = brief_digest(brief_)
        given[brief_id] = (content, source)
    return given


def load_indexed_library(
    paths: Sequence[str | os.PathLike[str]] = (),
    progress: Callable[[int, int], None] | None = None,
    *,
    root: Path | None = None,
) -> tuple[Library, SearchIndex]:
    """`load_library`, then `load_library_index`; but when most files must be parsed (a cold
    start), the index is built while they arrive, from rows the loader processes make beside
    each verdict, into the index file directly (`_Builder`): memory stays bounded however
    large the library, and this process only inserts."""
    from brief.library import load_library

    if not enabled():
        library = load_library(paths, progress)
        return library, load_library_index(library)
    root = root or cache_dir()
    builder = _Builder(root)
    try:
        library = load_library(paths, progress, builder)
        index = builder.finish(library)
    finally:
        builder.discard()
    return library, index if index is not None else load_library_index(library, root=root)


class _Builder:
    """Builds the index while the library loads (a `brief.verdicts.RowSink`), into a temporary
    file renamed into place when whole. A brief whose id an earlier file took is left out, as
    the library leaves it. Anything that fails abandons the build: `load_library_index` then
    builds the index as it would have."""

    def __init__(self, root: Path) -> None:
        self.path = root / INDEX_NAME
        self.trust_path = root / TRUST_NAME
        self.temp: Path | None = None  # the file being built, once begun
        self.file: IndexFile | None = None
        self.ids: set[str] = set()
        self.rows: Rows | None = None  # for briefs decoded here (read from the verdict store)
        self.left = -1  # verdicts still to come

    def start(self, parse: int, total: int) -> bool:
        """Build now only when most files are parsed: a few are cheaper to update."""
        if parse < PARALLEL_MIN or parse <= UPDATE_SHARE * total:
            return False
        self.left = total
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.temp = _temp(self.path)
            self.temp.unlink(missing_ok=True)
            from brief.search.build import IndexFile  # a cold start only

            self.file = IndexFile(self.temp)
        except (OSError, sqlite3.Error):
            self.discard()
            return False
        return True

    def put(self, verdict: Verdict, rows: bytes | None) -> None:
        self.left -= 1
        if self.file is None or not verdict.valid or verdict.brief_id in self.ids:
            return
        assert verdict.brief_id is not None
        from brief.search.rows import Rows, decode_rows  # a cold start only

        try:
            content, brief_rows = verdict.digest, None if rows is None else decode_rows(rows)
            if content is None or brief_rows is None:  # not from a loader process: made here
                brief_ = verdict.brief or _decoded(verdict.cached.decode)  # type: ignore[union-attr]
                content = content or brief_digest(brief_)
                self.rows = self.rows or Rows()
                brief_rows = brief_rows or self.rows.brief_rows(brief_)
            self.file.add(verdict.brief_id, content, brief_rows, self.left)
        except (OSError, sqlite3.Error, ValueError):
            self.discard()
            return
        self.ids.add(verdict.brief_id)

    def finish(self, library: Library) -> SearchIndex | None:
        """The index built, in place and open; None when there is none, or it does not hold
        exactly the library's valid briefs."""
        if self.file is None or self.temp is None:
            return None
        try:
            self.file.finish()
        except (OSError, sqlite3.Error):
            return None
        self.file = None
        index = _installed(self.temp, self.path, self.trust_path)
        try:
            stored = None if index is None else index.stored()
        except ValueError:
            return None
        wanted = {brief_id: content for brief_id, (content, _) in _given(library).items()}
        return index if stored == wanted else None

    def discard(self) -> None:
        """Close and delete an unfinished build (after `finish`, nothing to do)."""
        if self.file is not None:
            self.file.close()
            self.file = None
        if self.temp is not None:
            with contextlib.suppress(OSError):
                self.temp.unlink(missing_ok=True)


def _decoded(source: Brief | Callable[[], Brief | None]) -> Brief:
    from brief.model import Brief  # only to build: a warm search imports no brief.model

    brief_ = source if isinstance(source, Brief) else source()
    if brief_ is None:
        raise ValueError("a cached brief could not be decoded")
    return brief_


def _load(given: dict[str, _Source], root: Path) -> SearchIndex:
    path, trust_path = root / INDEX_NAME, root / TRUST_NAME
    wanted = {brief_id: content for brief_id, (content, _) in given.items()}
    index = _open(path, trust_path)
    if index is not None:
        try:
            stored = index.stored()
        except ValueError:
            stored, index = {}, None
            move_aside(path)
        if index is not None and stored == wanted:
            return index
    if index is not None:
        changed = [i for i, content in wanted.items() if stored.get(i) != content]
        gone = [i for i, content in stored.items() if wanted.get(i) != content]
        index.close()  # a copy of it is updated, or a new one built
        if len(set(changed) | set(gone)) <= max(1, UPDATE_SHARE * len(wanted)):
            updated = _update(path, trust_path, [given[i][1] for i in changed], gone, wanted)
            if updated is not None:
                return updated
    return _rebuild(given, path, trust_path)


def _update(
    path: Path,
    trust_path: Path,
    changed: list[Brief | Callable[[], Brief | None]],
    gone: list[str],
    wanted: dict[str, str],
) -> SearchIndex | None:
    """The saved index with `gone` removed and `changed` (re-)added, changed in a copy of the
    file and installed: never held in memory whole. None when that failed."""
    import shutil  # only here: not on a warm start's path

    temp = _temp(path)
    try:
        shutil.copyfile(path, temp)
        index = SearchIndex.open_writable(temp)
        try:
            index.update((_decoded(source) for source in changed), gone, wanted)
        finally:
            index.close()
    except (OSError, ValueError, sqlite3.Error):
        with contextlib.suppress(OSError):
            temp.unlink()
        return None
    return _installed(temp, path, trust_path)


def _rebuild(given: dict[str, _Source], path: Path, trust_path: Path) -> SearchIndex:
    """A new index over `given`, built into a new file batch by batch and installed; in memory
    when no file can be written. Raises ValueError when a brief cannot be indexed."""
    from brief.search.build import IndexFile
    from brief.search.rows import Rows

    temp = _temp(path)
    index = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.unlink(missing_ok=True)
        built = IndexFile(temp)
        try:
            rows = Rows()
            with gc_paused():  # many small acyclic objects (see SearchIndex.add)
                for brief_id, (content, source) in given.items():
                    built.add(brief_id, content, rows.brief_rows(_decoded(source)))
            built.finish()
        finally:
            built.close()
        index = _installed(temp, path, trust_path)
    except (OSError, sqlite3.Error):
        pass  # no cache dir, a full disk: built in memory below
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)  # what is left of a build that stopped
    if index is None:  # no cache to write in: only this run has the index
        index = SearchIndex()
        wanted = {brief_id: content for brief_id, (content, _) in given.items()}
        index.add((_decoded(source) for _, source in given.values()), wanted)
    return index


def _installed(temp: Path, path: Path, trust_path: Path) -> SearchIndex | None:
    """`_install` a new index file, and open it there; None when that failed."""
    if not _install(temp, path, trust_path):
        return None
    try:
        return SearchIndex.open(path)
    except ValueError:
        return None


def _open(path: Path, trust_path: Path) -> SearchIndex | None:
    """The saved index, if it is whole and of this version; None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    trust = _read_trust(trust_path)
    if trust is None:
        return None  # nothing to check the file against: rebuilt and replaced
    known, checked_ns, sha256 = trust
    if not _trusted(st, known, checked_ns):
        checked_ns = time.time_ns()
        if _sha256(path) != sha256:
            move_aside(path)
            return None
        _write_trust(trust_path, path, sha256, checked_ns)
    try:
        return SearchIndex.open(path)
    except ValueError:
        move_aside(path)
        return None


def _trusted(st: os.stat_result, known: StatKey, checked_ns: int) -> bool:
    """`brief.cache.trusted` for the index file, but its mtime alone must be older than the
    check: `_install` dates the mtime back, and every write to the file moves it to the time of
    the write, while the rename into place made its ctime fresh. So a just-built index is
    trusted by its stat, and an edit in place, even within the same timestamp tick, is not."""
    return stat_key(st) == known and st.st_mtime_ns + RACY_NS < checked_ns


def _sha256(path: Path) -> str | None:
    import hashlib  # only here: a warm search that trusts the file by its stat needs none

    checksum = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                checksum.update(block)
    except OSError:
        return None
    return checksum.hexdigest()


def _read_trust(trust_path: Path) -> tuple[StatKey, int, str] | None:
    """The index file's trust record: its stat when it was last checked, when that was, and
    the SHA-256 it must have. None when there is none, of this version. One line of text,
    read without msgspec: a warm search imports none (importing it is a tenth of the search)."""
    try:
        # Bytes decoded, not read as text: a text file's codec lookup imports a module.
        magic, version, *numbers, sha256 = trust_path.read_bytes().decode("ascii").split()
        size, mtime_ns, ino, ctime_ns, checked_ns = map(int, numbers)
    except (OSError, ValueError):  # ValueError: also not ASCII, or a field too few or many
        return None
    if magic != MAGIC or version != str(SCHEMA_VERSION) or len(sha256) != 64:
        return None
    return (size, mtime_ns, ino, ctime_ns), checked_ns, sha256


def _write_trust(trust_path: Path, path: Path, sha256: str, checked_ns: int) -> None:
    with contextlib.suppress(OSError):
        fields = (MAGIC, SCHEMA_VERSION, *stat_key(os.stat(path)), checked_ns, sha256)
        write(trust_path, " ".join(map(str, fields)).encode("ascii") + b"\n")


def _temp(path: Path) -> Path:
    """Where a new index file is written before it is renamed into place. What a killed
    process left there is deleted first (`_sweep`): at a million events it is a GB."""
    _sweep(path)
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _sweep(path: Path) -> None:
    """Delete the temporary index files of processes that are gone."""
    with contextlib.suppress(OSError):
        for temp in path.parent.glob(f".{path.name}.*.tmp"):
            pid = temp.name.removeprefix(f".{path.name}.").removesuffix(".tmp")
            if pid.isdigit() and not _alive(int(pid)):
                temp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's: alive
        return True
    return True


def _install(temp: Path, path: Path, trust_path: Path) -> bool:
    """Hash a new index file and rename it into place; failures only cost speed (False). The
    trust record is written after the rename: a crash between the two leaves a record that
    does not match, and the index is rebuilt.

    The file's mtime is first dated back past the racy window, so the next run trusts it by
    its stat instead of hashing it again (100 MB at 100,000 events: 2 s of runs did). A write
    after that, even during the hashing, moves the mtime to within the racy window of
    `checked_ns`, so the file is hashed again (`_trusted`)."""
    try:
        checked_ns = time.time_ns()
        os.utime(temp, ns=(checked_ns, checked_ns - 2 * RACY_NS))
        sha256 = _sha256(temp)
        if sha256 is None:
            raise OSError("the index just written could not be read")
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        return False
    _write_trust(trust_path, path, sha256, checked_ns)
    return True
