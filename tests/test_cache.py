"""The warm-start caches: the verdict store (same verdicts as the loader, trusted by a file's stat
only when that is safe, a damaged or foreign store never trusted) and the persisted search index
(reopened, updated brief by brief, rebuilt when damaged)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import brief.cache as cache
import brief.index_store as index_store
import brief.load as load
import brief.verdicts as verdicts
from brief.library import load_library
from brief.search import SearchIndex
from brief.search.build import IndexFile
from tests.search_fixtures import BRIEF_YAML, renamed, write_brief


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    yield tmp_path / "cache" / "brief"
    verdicts.close_stores()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the loader really parsed (cache misses), in order."""
    seen: list[str] = []
    real = load.check_bytes

    def counting(data: bytes, path: str = "<bytes>"):
        seen.append(Path(path).name)
        return real(data, path)

    monkeypatch.setattr(load, "check_bytes", counting)
    return seen


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the files whose content the verdict store hashed."""
    seen: list[int] = []
    real = verdicts.digest

    def counting(data: bytes) -> str:
        seen.append(len(data))
        return real(data)

    monkeypatch.setattr(verdicts, "digest", counting)
    return seen


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are seconds old at most, so every one is in the racy window and
    hashed again; without the window, what the stat alone decides is seen."""
    monkeypatch.setattr(cache, "RACY_NS", 0)


def library_dir(tmp_path: Path, count: int = 3) -> Path:
    directory = tmp_path / "briefs"
    directory.mkdir()
    for n in range(count):
        write_brief(directory, f"b{n}", renamed(f"brief-{n}"))
    return directory


def store_sql(cache_home: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple]:
    """Run SQL on the store as another process would (the test's own connection is closed)."""
    verdicts.close_stores()
    conn = sqlite3.connect(cache_home / verdicts.STORE_NAME, isolation_level=None)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def next_run() -> None:
    """What a new process sees: the store opened afresh."""
    verdicts.close_stores()


# --- the verdict store ----------------------------------------------------------------------


def test_second_load_comes_from_the_cache(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path)
    first = load_library([directory])
    assert parses == ["b0.yaml", "b1.yaml", "b2.yaml"]
    next_run()
    second = load_library([directory])
    assert parses == ["b0.yaml", "b1.yaml", "b2.yaml"]  # nothing parsed again
    assert [b.id for b in second.briefs] == [b.id for b in first.briefs]
    assert second.briefs[0] == first.briefs[0]
    assert (cache_home / verdicts.STORE_NAME).exists()
    assert len(store_sql(cache_home, "SELECT path FROM verdicts")) == 3


def test_an_unchanged_file_is_trusted_by_its_stat_alone(
    tmp_path, cache_home, parses, hashes, no_racy_window
) -> None:
    directory = library_dir(tmp_path)
    load_library([directory])
    hashes.clear()
    next_run()
    library = load_library([directory])
    assert hashes == []  # no file read: the stat said it is the file that was checked
    assert parses == ["b0.yaml", "b1.yaml", "b2.yaml"]
    assert [b.id for b in library.briefs] == ["brief-0", "brief-1", "brief-2"]


def test_a_file_changed_in_the_racy_window_is_hashed_again(
    tmp_path, cache_home, parses, hashes
) -> None:
    directory = library_dir(tmp_path, 1)
    load_library([directory])
    hashes.clear()
    next_run()
    load_library([directory])
    assert len(hashes) == 1  # just written: its stat cannot vouch for it yet
    assert parses == ["b0.yaml"]  # but the bytes are the same: not parsed again


def test_a_same_size_edit_in_the_same_timestamp_tick_is_reloaded(
    tmp_path, cache_home, parses
) -> None:
    directory = library_dir(tmp_path, 1)
    path = directory / "b0.yaml"
    load_library([directory])
    before = path.stat()
    text = renamed("brief-0").replace("Trade grows", "Trade slows")
    assert len(text.encode()) == before.st_size
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same size and mtime
    parses.clear()
    next_run()
    (loaded,) = load_library([directory]).briefs
    assert parses == ["b0.yaml"]
    assert any(e.title == "Trade slows" for e in loaded.timeline)


def _stat(size: int, mtime: int, ino: int, ctime: int) -> os.stat_result:
    return os.stat_result((0o100644, ino, 0, 1, 0, 0, size, 0, 0, 0, 0, 0, 0, 0, mtime, ctime))


@pytest.mark.parametrize(
    ("stat", "trusted"),
    [
        ((100, 10, 7, 10), True),  # unchanged, and changed long before the check
        ((101, 10, 7, 10), False),  # size
        ((100, 11, 7, 10), False),  # mtime
        ((100, 10, 8, 10), False),  # inode: replaced by another file (mv)
        ((100, 10, 7, 11), False),  # ctime
    ],
)
def test_trust_by_stat(stat, trusted) -> None:
    checked = 10 + cache.RACY_NS + 1
    assert cache.trusted(_stat(*stat), (100, 10, 7, 10), checked) is trusted


@pytest.mark.parametrize(
    ("xdg", "home"),
    [
        (None, "/home/reader"),
        ("", "/home/reader/"),
        ("/var/cache/x", "/home/reader"),
        ("/var/cache/x/", None),
        ("relative/cache", "/home/reader"),  # left to platformdirs
        ("  ", "/home/reader"),
        (None, "relative-home"),
    ],
)
def test_the_cache_dir_is_platformdirs_own(xdg, home, monkeypatch) -> None:
    # cache_dir works out the plain cases without importing platformdirs: the same answer.
    import platformdirs

    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("brief", appauthor=False))


@pytest.mark.parametrize("late", ["mtime", "ctime"])
def test_trust_by_stat_not_in_the_racy_window(late) -> None:
    # Changed within the window before the check: an edit in the same tick could follow
    # unseen, so the stat cannot vouch for the content.
    checked = 10 + cache.RACY_NS
    stat = (100, checked - 1, 7, 10) if late == "mtime" else (100, 10, 7, checked - 1)
    assert not cache.trusted(_stat(*stat), stat, checked)


def test_a_file_replaced_by_mv_is_reloaded(tmp_path, cache_home, parses, no_racy_window) -> None:
    directory = library_dir(tmp_path, 1)
    path = directory / "b0.yaml"
    load_library([directory])
    before = path.stat()
    other = tmp_path / "other.yaml"
    other.write_text(renamed("brief-0").replace("Trade grows", "Trade slows"))
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, path)  # mv: the same name, size and mtime; another inode
    parses.clear()
    next_run()
    (loaded,) = load_library([directory]).briefs
    assert parses == ["b0.yaml"]
    assert any(e.title == "Trade slows" for e in loaded.timeline)


def test_a_deleted_file_leaves_the_library_and_the_index(tmp_path, cache_home) -> None:
    directory = library_dir(tmp_path)
    index_store.load_library_index(load_library([directory]))
    (directory / "b0.yaml").unlink()
    next_run()
    library = load_library([directory])
    assert [e.brief_id for e in library.entries] == ["brief-1", "brief-2"]
    index = index_store.load_library_index(library)
    assert index.brief_ids() == ["brief-1", "brief-2"]
    assert {r.brief for r in index.search("regime")} == {"brief-1", "brief-2"}


@pytest.mark.parametrize(
    "record",
    [
        b"not JSON",
        b"[]",
        b'[[], "brief-1", "1/0/0/0/0", "T", "2025", "not a checksum"]',
        b'[[[1, 1, "m", "fatal"]], null, null, null, null, 0]',  # not a severity
        b'[[[1, 1, "m", "error"]], "brief-1", "1/0/0/0/0", "T", "2025", 0]',  # incoherent
    ],
)
def test_a_record_that_passes_its_checksum_is_still_checked(
    tmp_path, cache_home, parses, record
) -> None:
    """Records are read together (one JSON parse); one that is not a verdict's record is not
    trusted, and the others still are."""
    directory = library_dir(tmp_path, 3)
    load_library([directory])
    ((real, content),) = store_sql(
        cache_home, "SELECT path, digest FROM verdicts WHERE path LIKE '%b1.yaml'"
    )
    checksum = verdicts._checksum(real, content, record)
    store_sql(
        cache_home,
        "UPDATE verdicts SET record = ?, checksum = ? WHERE path = ?",
        (record, checksum, real),
    )
    parses.clear()
    next_run()
    library = load_library([directory])
    assert parses == ["b1.yaml"]
    assert [b.id for b in library.briefs] == ["brief-0", "brief-1", "brief-2"]


def test_a_store_of_an_older_version_is_rebuilt(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path, 2)
    # What version 0.1 left: one record per brief, and an index with a trailer.
    (cache_home / "briefs").mkdir(parents=True)
    (cache_home / "briefs" / "0123.msgpack").write_bytes(b"\x80")
    (cache_home / "index.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    load_library([directory])
    assert not (cache_home / "briefs").exists()
    store_sql(cache_home, f"PRAGMA user_version = {verdicts.STORE_VERSION + 1}")
    parses.clear()
    next_run()
    library = load_library([directory])
    assert parses == ["b0.yaml", "b1.yaml"]  # another version's verdicts: not used, rebuilt
    assert [b.id for b in library.briefs] == ["brief-0", "brief-1"]
    assert store_sql(cache_home, "PRAGMA user_version") == [(verdicts.STORE_VERSION,)]
    index = index_store.load_library_index(library)
    assert index.search("regime").total == 2


def test_verdicts_of_another_loader_are_dropped(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path, 2)
    load_library([directory])
    store_sql(cache_home, "UPDATE meta SET value = 'another loader' WHERE key = 'code'")
    parses.clear()
    next_run()
    load_library([directory])
    assert parses == ["b0.yaml", "b1.yaml"]


def test_a_corrupt_store_is_moved_aside_and_rebuilt(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path, 1)
    load_library([directory])
    next_run()
    store = cache_home / verdicts.STORE_NAME
    for extra in ("-wal", "-shm"):
        Path(f"{store}{extra}").unlink(missing_ok=True)
    store.write_bytes(b"\x93garbage, not a database of ours" * 100)
    parses.clear()
    (loaded,) = load_library([directory]).briefs
    assert loaded.id == "brief-0"
    assert parses == ["b0.yaml"]
    assert (cache_home / (verdicts.STORE_NAME + ".bad")).exists()
    parses.clear()
    next_run()
    load_library([directory])
    assert parses == []  # the rebuilt store serves the next run


def test_a_database_of_another_program_is_not_trusted(tmp_path, cache_home, parses) -> None:
    cache_home.mkdir(parents=True)
    conn = sqlite3.connect(cache_home / verdicts.STORE_NAME)
    conn.execute("CREATE TABLE verdicts(path TEXT)")
    conn.commit()
    conn.close()
    directory = library_dir(tmp_path, 1)
    assert [b.id for b in load_library([directory]).briefs] == ["brief-0"]
    assert (cache_home / (verdicts.STORE_NAME + ".bad")).exists()


@pytest.mark.parametrize("column", ["record", "digest", "path"])
def test_a_damaged_record_is_never_trusted(tmp_path, cache_home, parses, column) -> None:
    directory = tmp_path / "briefs"
    directory.mkdir()
    write_brief(directory, "bad", BRIEF_YAML.replace("title: Test brief\n", ""))
    (entry,) = load_library([directory]).broken
    problems = [str(p) for p in entry.problems]
    if column == "record":  # the problems a broken brief is cached with, edited away
        (record,) = store_sql(cache_home, "SELECT record FROM verdicts")[0]
        damaged = bytes(record).replace(b"error", b"errox")
        store_sql(cache_home, "UPDATE verdicts SET record = ?", (damaged,))
    elif column == "digest":
        store_sql(cache_home, "UPDATE verdicts SET digest = 'f' || substr(digest, 2)")
    else:
        store_sql(cache_home, "UPDATE verdicts SET path = path || '.other'")
    parses.clear()
    next_run()
    (again,) = load_library([directory]).broken
    assert parses == ["bad.yaml"]
    assert [str(p) for p in again.problems] == problems


def test_a_valid_verdict_planted_for_a_broken_file_is_not_trusted(tmp_path, cache_home) -> None:
    directory = tmp_path / "briefs"
    directory.mkdir()
    good = write_brief(directory, "good", renamed("good-brief"))
    bad = write_brief(directory, "bad", BRIEF_YAML.replace("title: Test brief\n", ""))
    library = load_library([directory])
    problems = [str(p) for p in library.broken[0].problems]
    # The good file's row, filed under the broken file's path (its checksum covers the path).
    for table, columns in (("verdicts", "record, checksum"), ("briefs", "brief")):
        store_sql(
            cache_home,
            f"UPDATE {table} SET ({columns}) = (SELECT {columns} FROM {table} WHERE path = ?) "
            "WHERE path = ?",
            (str(good.resolve()), str(bad.resolve())),
        )
    next_run()
    again = load_library([directory])
    assert [e.path.name for e in again.broken] == ["bad.yaml"]
    assert [str(p) for p in again.broken[0].problems] == problems


def test_a_damaged_brief_is_caught_when_it_is_decoded(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path, 1)
    load_library([directory])
    (payload,) = store_sql(cache_home, "SELECT brief FROM briefs")[0]
    damaged = bytearray(payload)
    damaged[-20] ^= 0x01
    store_sql(cache_home, "UPDATE briefs SET brief = ?", (bytes(damaged),))
    parses.clear()
    next_run()
    library = load_library([directory])
    assert parses == []  # opening the library reads no Brief
    assert library.briefs[0].id == "brief-0"  # decoding it fails its checksum: parsed again
    assert parses == ["b0.yaml"]


def test_broken_verdicts_are_cached_with_their_problems(tmp_path, cache_home, parses) -> None:
    directory = tmp_path / "briefs"
    directory.mkdir()
    write_brief(directory, "bad", BRIEF_YAML.replace("title: Test brief\n", ""))
    first = [str(p) for p in load_library([directory]).broken[0].problems]
    parses.clear()
    next_run()
    second = [str(p) for p in load_library([directory]).broken[0].problems]
    assert parses == []
    assert second == first


def test_brief_no_cache_bypasses_it(tmp_path, cache_home, parses, monkeypatch) -> None:
    monkeypatch.setenv(cache.ENV_DISABLE, "1")
    directory = library_dir(tmp_path, 2)
    load_library([directory])
    index_store.load_library_index(load_library([directory]))
    assert parses == ["b0.yaml", "b1.yaml"] * 2
    assert not cache_home.exists()


def test_an_unwritable_cache_only_costs_speed(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    directory = library_dir(tmp_path, 1)
    library = load_library([directory])
    assert [b.id for b in library.briefs] == ["brief-0"]
    assert index_store.load_library_index(library).search("regime").total == 1
    verdicts.close_stores()


# --- the persisted index --------------------------------------------------------------------


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The briefs each SearchIndex.add (an update) or each IndexFile (a build) indexed."""
    seen: list[list[str]] = []
    real, real_add, real_finish = SearchIndex.add, IndexFile.add, IndexFile.finish

    def counting(self, briefs, digests=None):
        briefs = list(briefs)
        if briefs:
            seen.append([b.id for b in briefs])
        return real(self, briefs, digests)

    def adding(self, brief_id, content, rows):
        self.added = [*getattr(self, "added", []), brief_id]
        return real_add(self, brief_id, content, rows)

    def finishing(self):
        seen.append(self.added)
        return real_finish(self)

    monkeypatch.setattr(SearchIndex, "add", counting)
    monkeypatch.setattr(IndexFile, "add", adding)
    monkeypatch.setattr(IndexFile, "finish", finishing)
    return seen


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose cached Brief was decoded, in order."""
    seen: list[str] = []
    real = verdicts.CachedBrief.decode

    def counting(self: verdicts.CachedBrief):
        seen.append(Path(self.path).name)
        return real(self)

    monkeypatch.setattr(verdicts.CachedBrief, "decode", counting)
    return seen


def test_a_warm_library_is_searched_without_decoding_a_brief(
    tmp_path, cache_home, decoded, builds
) -> None:
    directory = library_dir(tmp_path)
    cold = index_store.load_library_index(load_library([directory]))
    expected = [r.to_json() for r in cold.search("visa", limit=None)]
    decoded.clear()
    builds.clear()
    next_run()
    library = load_library([directory])
    assert [e.brief_id for e in library.entries if e.ok] == ["brief-0", "brief-1", "brief-2"]
    index = index_store.load_library_index(library)
    results = index.search("visa", limit=None)
    assert decoded == [] and builds == []  # reopened, and results drawn from it alone
    assert [r.to_json() for r in results] == expected


def test_the_index_is_cached_and_a_corrupt_one_rebuilt(tmp_path, cache_home, builds) -> None:
    briefs = load_library([library_dir(tmp_path, 2)]).briefs
    first = index_store.load_index(briefs)
    path = cache_home / index_store.INDEX_NAME
    assert path.exists() and builds == [["brief-0", "brief-1"]]
    second = index_store.load_index(briefs)
    assert builds == [["brief-0", "brief-1"]]  # reopened, not rebuilt
    assert [r.id for r in second.search("visa")] == [r.id for r in first.search("visa")]
    # A flipped byte in the file fails its checksum: moved aside, rebuilt.
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))
    third = index_store.load_index(briefs)
    assert len(builds) == 2
    assert (cache_home / (index_store.INDEX_NAME + ".bad")).exists()
    assert third.search("regime").total == 2


@pytest.fixture
def index_hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The index files hashed (SHA-256 of the whole file), by name, in order."""
    seen: list[str] = []
    real = index_store._sha256

    def counting(path: Path) -> str | None:
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(index_store, "_sha256", counting)
    return seen


def flip_in_place(path: Path) -> None:
    """Change one byte of a file without truncating it: the same size, the same inode."""
    with open(path, "r+b") as handle:
        handle.seek(-100, os.SEEK_END)
        byte = handle.read(1)[0]
        handle.seek(-100, os.SEEK_END)
        handle.write(bytes([byte ^ 0xFF]))


def test_a_just_built_index_is_trusted_unhashed_but_an_edit_in_place_is_caught(
    tmp_path, cache_home, builds, index_hashes
) -> None:
    briefs = load_library([library_dir(tmp_path, 2)]).briefs
    index_store.load_index(briefs)
    assert len(index_hashes) == 1  # as it was installed
    for _ in range(2):  # at once: well within the racy window of its writing
        assert index_store.load_index(briefs).search("regime").total == 2
    assert len(index_hashes) == 1 and len(builds) == 1  # trusted by its stat alone
    # The same size, in place, at once: hashed, failed, moved aside and rebuilt (and hashed).
    flip_in_place(cache_home / index_store.INDEX_NAME)
    assert index_store.load_index(briefs).search("regime").total == 2
    assert len(index_hashes) == 3 and len(builds) == 2
    assert (cache_home / (index_store.INDEX_NAME + ".bad")).exists()


def test_an_index_edited_as_it_was_installed_is_hashed_again(
    tmp_path, cache_home, builds, monkeypatch
) -> None:
    """An edit after the new file was hashed, before its trust record was written (so in the
    same timestamp tick, maybe): the stat recorded is the edited file's, so only the racy
    rule can tell. The next run hashes it, and it fails."""
    real = index_store._sha256
    hashed: list[str] = []

    def hash_then_edit(path: Path) -> str | None:
        sha256 = real(path)
        if not hashed:
            flip_in_place(path)
        hashed.append(path.name)
        return sha256

    monkeypatch.setattr(index_store, "_sha256", hash_then_edit)
    briefs = load_library([library_dir(tmp_path, 2)]).briefs
    index_store.load_index(briefs)
    assert index_store.load_index(briefs).search("regime").total == 2
    assert len(hashed) == 3 and len(builds) == 2  # hashed again, failed, rebuilt
    assert (cache_home / (index_store.INDEX_NAME + ".bad")).exists()


def test_the_index_of_other_briefs_is_not_reused(tmp_path, cache_home) -> None:
    briefs = load_library([library_dir(tmp_path, 2)]).briefs
    index_store.load_index(briefs)
    index = index_store.load_index(briefs[:1])
    assert index.brief_ids() == [briefs[0].id]
    assert {r.brief for r in index.search("regime")} == {briefs[0].id}


def test_an_edited_brief_updates_the_cached_index_alone(tmp_path, cache_home, builds) -> None:
    directory = library_dir(tmp_path)
    index_store.load_library_index(load_library([directory]))
    path = directory / "b1.yaml"
    path.write_text(renamed("brief-1").replace("Visa regime relaxed", "Quota regime relaxed"))
    builds.clear()
    next_run()
    index = index_store.load_library_index(load_library([directory]))
    assert builds == [["brief-1"]]  # the others' rows were kept
    assert {r.brief for r in index.search("quota")} == {"brief-1"}
    assert {r.brief for r in index.search('"visa regime"')} == {"brief-0", "brief-2"}
    builds.clear()
    next_run()
    again = index_store.load_library_index(load_library([directory]))
    assert builds == []  # the updated index was saved
    assert {r.brief for r in again.search("quota")} == {"brief-1"}


def test_an_index_without_its_trust_record_is_rebuilt(tmp_path, cache_home, builds) -> None:
    briefs = load_library([library_dir(tmp_path, 1)]).briefs
    index_store.load_index(briefs)
    (cache_home / index_store.TRUST_NAME).unlink()
    assert index_store.load_index(briefs).search("regime").total == 1
    assert len(builds) == 2


# --- a cold library, parsed across cores ----------------------------------------------------


def test_a_cold_library_is_parsed_in_a_pool_with_the_loaders_verdicts(
    tmp_path, cache_home, parses, monkeypatch
) -> None:
    monkeypatch.setattr(verdicts, "_workers", lambda count: 2)  # a pool even on one CPU
    directory = tmp_path / "briefs"
    directory.mkdir()
    count = verdicts.PARALLEL_MIN + 4
    for n in range(count):
        text = renamed(f"brief-{n}")
        if n % 5 == 0:  # some broken: a verdict with problems and no brief
            text = text.replace("title: Test brief\n", "")
        write_brief(directory, f"b{n:02d}", text)
    seen: list[tuple[int, int]] = []
    library = load_library([directory], progress=lambda files, events: seen.append((files, events)))
    assert parses == []  # every file was parsed by the pool's processes
    expected = [load.check_file(directory / f"b{n:02d}.yaml") for n in range(count)]
    assert [e.path.name for e in library.entries] == [f"b{n:02d}.yaml" for n in range(count)]
    for entry, (brief_, problems) in zip(library.entries, expected, strict=True):
        assert entry.brief == brief_
        assert [str(p) for p in entry.problems] == [str(p) for p in problems]
    events = sum(len(b.timeline) for b in library.briefs)
    assert [files for files, _ in seen] == list(range(1, count + 1))
    assert seen[-1] == (count, events)
    parses.clear()  # the loader's own verdicts above
    next_run()
    again = load_library([directory])
    assert parses == []  # the pool's verdicts were stored
    assert [e.brief for e in again.entries] == [e.brief for e in library.entries]


def test_without_the_cache_the_pool_gives_the_same_library(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(cache.ENV_DISABLE, "1")
    monkeypatch.setattr(verdicts, "_workers", lambda count: 2)
    directory = library_dir(tmp_path, verdicts.PARALLEL_MIN)
    library = load_library([directory])
    assert library.briefs == [load.load_brief(p) for p in sorted(directory.glob("*.yaml"))]


def test_a_store_damaged_inside_is_moved_aside_while_in_use(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path, 1)
    load_library([directory])
    store = cache_home / verdicts.STORE_NAME
    next_run()
    data = bytearray(store.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a page of the table, not the header
    store.write_bytes(bytes(data))
    Path(f"{store}-wal").unlink(missing_ok=True)
    parses.clear()
    assert [b.id for b in load_library([directory]).briefs] == ["brief-0"]
    assert parses == ["b0.yaml"]
    assert (cache_home / (verdicts.STORE_NAME + ".bad")).exists()
    parses.clear()
    next_run()
    load_library([directory])
    assert parses == []


def test_the_pool_yields_the_cpu_to_the_process_that_builds_the_index(
    tmp_path, monkeypatch
) -> None:
    """The loader processes run at a lower priority: when the cores are busy, the process that
    inserts the index rows (the slower) goes first, and the parse fills in around it."""
    monkeypatch.setenv(cache.ENV_DISABLE, "1")
    monkeypatch.setattr(verdicts, "_workers", lambda count: 2)
    directory = library_dir(tmp_path, verdicts.PARALLEL_MIN)
    seen = tmp_path / "niceness"
    seen.mkdir()
    check = verdicts.check_encoded

    def noted(path: str, rows: bool = False) -> bytes | None:
        (seen / str(os.getpid())).write_text(str(os.nice(0)))
        return check(path, rows)

    monkeypatch.setattr(verdicts, "check_encoded", noted)  # forked: the pool has it too
    library = load_library([directory])
    assert len(library.briefs) == verdicts.PARALLEL_MIN
    levels = {int(p.read_text()) for p in seen.iterdir() if p.name != str(os.getpid())}
    assert levels == {min(os.nice(0) + verdicts.NICE, 19)}  # (19: the lowest there is)
