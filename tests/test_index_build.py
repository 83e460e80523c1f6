"""An index built in batches, and one built while a cold library loads: the same rows and the
same results as an index built at once (the oracle), and never a half-written index in place."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import brief.cache as cache
import brief.index_store as index_store
import brief.search.build as build
import brief.verdicts as verdicts
from benchmarks.generate import VOCABULARY, brief_text, write_library
from brief.library import load_library
from brief.load import load_brief
from brief.search import SearchIndex
from brief.search.build import IndexFile
from brief.search.rows import Rows, decode_rows, encode_rows

# Every table a result or an update reads, in a fixed order (the FTS5 tables are contentless:
# they are compared through searches). A brief's content hash is what its cache gave, if any.
TABLES = [
    "SELECT bno, id FROM briefs ORDER BY bno",
    "SELECT * FROM items ORDER BY rowid",
    "SELECT * FROM shown ORDER BY rowid",
    "SELECT * FROM labels ORDER BY bno, kind, id",
    "SELECT * FROM names ORDER BY field, form, id",
    "SELECT * FROM info ORDER BY key",
]
# Words of every frequency, field filters, a date range, a quoted word, a negation.
QUERIES = [
    *VOCABULARY[40:46],
    *VOCABULARY[1500:1504],
    f"{VOCABULARY[41]} {VOCABULARY[42]}",
    f'"{VOCABULARY[43]}"',
    f"{VOCABULARY[44]} -{VOCABULARY[45]}",
    "from:1990 to:1999",
    "kind:actor",
    "kind:source from:2000",
    "",
]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    monkeypatch.setattr(verdicts, "_workers", lambda count: 2)  # a pool even on one CPU
    yield tmp_path / "cache" / "brief"
    verdicts.close_stores()


def tables(index: Path | SearchIndex) -> list[list[tuple]]:
    conn = index._conn if isinstance(index, SearchIndex) else sqlite3.connect(index)
    return [conn.execute(sql).fetchall() for sql in TABLES]


def results(index: SearchIndex) -> list[list[dict]]:
    found = []
    for query in QUERIES:
        for order in ("relevance", "time"):
            page = index.search(query, order=order, limit=None)
            found.append([{**r.to_json(), "score": r.score} for r in page])
    return found


def matches(index: SearchIndex) -> list[list[tuple[str, str, str]]]:
    """What each query finds, in no order: an updated index numbers a changed brief's items
    after the others', so ties may come in another order than in a new index."""
    return [sorted((r.brief, r.kind, r.id) for r in index.search(q, limit=None)) for q in QUERIES]


def generated(directory: Path, count: int, events: int = 30) -> list[Path]:
    # Generated briefs share many dates: items of several briefs share a day key, so the order
    # the briefs are numbered in shows in the rowids.
    return write_library(directory, count, events)


def test_an_index_built_in_batches_has_the_rows_of_one_built_at_once(tmp_path) -> None:
    briefs = [load_brief(p) for p in generated(tmp_path / "briefs", 12)]
    oracle = SearchIndex(briefs)
    path = tmp_path / "index.sqlite"
    built = IndexFile(path, batch_items=37)  # many batches, each ending mid-brief's dates
    rows = Rows()
    for n, brief_ in enumerate(briefs):
        # Rows as a loader process hands them over, and as this process makes them.
        made = decode_rows(encode_rows(brief_)) if n % 2 else rows.brief_rows(brief_)
        built.add(brief_.id, None, made)
    built.finish()
    assert tables(path) == tables(oracle)
    reopened = SearchIndex.open(path)
    assert results(reopened) == results(oracle)
    assert any(results(oracle))  # the queries find something


def test_a_brief_is_indexed_once(tmp_path) -> None:
    brief_ = load_brief(generated(tmp_path / "briefs", 1)[0])
    built = IndexFile(tmp_path / "index.sqlite")
    built.add(brief_.id, None, Rows().brief_rows(brief_))
    with pytest.raises(ValueError, match="indexed already"):
        built.add(brief_.id, None, Rows().brief_rows(brief_))
    built.close()


def cold_library(directory: Path) -> list[str]:
    """More files than a pool takes: some broken, one a second file with a taken id. The ids
    of the valid briefs, in order."""
    paths = generated(directory, verdicts.PARALLEL_MIN + 8)
    paths[3].write_text("format: 1\nid: broken\n", encoding="utf-8")
    paths[9].write_text(brief_text(4, 30), encoding="utf-8")
    return [load_brief(p).id for n, p in enumerate(paths) if n not in (3, 9)]


def test_a_cold_start_builds_the_index_as_files_load(tmp_path, cache_home, monkeypatch) -> None:
    directory = tmp_path / "briefs"
    ids = cold_library(directory)
    added: list[int] = []
    real = SearchIndex.add
    monkeypatch.setattr(SearchIndex, "add", lambda *args: added.append(1))  # never built so
    library, index = index_store.load_indexed_library([directory])
    monkeypatch.setattr(SearchIndex, "add", real)
    assert added == []  # built by the loader's processes' rows, while the files loaded
    assert [e.brief_id for e in library.entries if e.ok] == ids
    assert sorted(index.brief_ids()) == sorted(ids)
    oracle = SearchIndex(library.briefs)
    assert tables(index) == tables(oracle)
    assert results(index) == results(oracle)
    # It is the saved index: the next start reopens it as it is.
    verdicts.close_stores()
    monkeypatch.setattr(SearchIndex, "add", lambda *args: added.append(1))
    again = index_store.load_library_index(load_library([directory]))
    assert added == []
    assert results(again) == results(oracle)


def test_a_cold_start_with_the_index_built_meanwhile_matches_one_built_after(
    tmp_path, cache_home
) -> None:
    directory = tmp_path / "briefs"
    cold_library(directory)
    _, streamed = index_store.load_indexed_library([directory])
    expected = results(streamed)
    verdicts.close_stores()
    (cache_home / index_store.INDEX_NAME).unlink()
    # The verdicts are in the store now: the index is built after the load, from them.
    _, index = index_store.load_indexed_library([directory])
    assert results(index) == expected
    assert tables(index) == tables(streamed)


class Stop(Exception):
    pass


def test_an_interrupted_cold_start_leaves_no_index(tmp_path, cache_home) -> None:
    directory = tmp_path / "briefs"
    ids = cold_library(directory)

    def progress(files: int, events: int) -> None:
        if files == len(ids) // 2:
            raise Stop

    with pytest.raises(Stop):
        index_store.load_indexed_library([directory], progress)
    leftovers = [p.name for p in cache_home.iterdir() if "index" in p.name]
    assert leftovers == []  # no index, no trust record, no half-written temp file
    verdicts.close_stores()
    library, index = index_store.load_indexed_library([directory])
    assert results(index) == results(SearchIndex(library.briefs))


def test_a_failing_build_leaves_the_index_to_the_usual_path(
    tmp_path, cache_home, monkeypatch
) -> None:
    directory = tmp_path / "briefs"
    cold_library(directory)

    def full_disk(self, brief_id, content, rows, left=-1) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(IndexFile, "add", full_disk)
    library, index = index_store.load_indexed_library([directory])
    assert results(index) == results(SearchIndex(library.briefs))
    assert not [p for p in cache_home.iterdir() if p.name.endswith(".tmp")]


def test_an_update_is_made_in_a_copy_of_the_saved_index(tmp_path, cache_home, monkeypatch) -> None:
    directory = tmp_path / "briefs"
    paths = generated(directory, 8)
    index_store.load_library_index(load_library([directory]))
    saved = cache_home / index_store.INDEX_NAME
    before = saved.stat().st_ino
    paths[2].write_text(brief_text(2, 30, seed=1), encoding="utf-8")
    verdicts.close_stores()
    # The copy is changed and renamed into place: a process reading the old file keeps it.
    library = load_library([directory])
    index = index_store.load_library_index(library)
    assert saved.stat().st_ino != before
    assert matches(index) == matches(SearchIndex(library.briefs))
    assert not [p for p in cache_home.iterdir() if p.name.endswith(".tmp")]
    # An update that fails leaves the index to be rebuilt, whole.
    paths[5].write_text(brief_text(5, 30, seed=1), encoding="utf-8")
    verdicts.close_stores()

    def failing(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(SearchIndex, "update", failing)
    library = load_library([directory])
    index = index_store.load_library_index(library)
    assert matches(index) == matches(SearchIndex(library.briefs))
    assert not [p for p in cache_home.iterdir() if p.name.endswith(".tmp")]


def test_a_build_deletes_what_a_killed_build_left(tmp_path, cache_home) -> None:
    directory = tmp_path / "briefs"
    cold_library(directory)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process that is no more: its half-built index is garbage
    cache_home.mkdir(parents=True)
    left = cache_home / f".{index_store.INDEX_NAME}.{gone.pid}.tmp"
    left.write_bytes(b"half an index")
    running = cache_home / f".{index_store.INDEX_NAME}.{os.getppid()}.tmp"
    running.write_bytes(b"another process's build, still going")
    index_store.load_indexed_library([directory])
    assert not left.exists()
    assert running.exists()


def test_a_bulk_build_leaves_fts5_merging_updates_as_by_default(tmp_path) -> None:
    # The build writes its segments with automerge off; an update then merges as usual.
    path = tmp_path / "index.sqlite"
    built = IndexFile(path, batch_items=50)
    for brief_ in (load_brief(p) for p in generated(tmp_path / "briefs", 6)):
        built.add(brief_.id, None, Rows().brief_rows(brief_))
    built.finish()
    conn = sqlite3.connect(path)
    for table in ("fts", "exact"):
        config = dict(conn.execute(f"SELECT k, v FROM {table}_config").fetchall())
        assert config["automerge"] == 4


def test_batches_shrink_towards_the_end_so_the_last_is_small(tmp_path, monkeypatch) -> None:
    """On a cold start the last batch waits for the last file: told how many briefs may still
    come (`left`), the build cuts a batch when it holds about as many items as are to come."""
    monkeypatch.setattr(build, "TAIL_ITEMS", 100)
    sizes: list[int] = []
    insert = build.Batch.insert

    def counted(self: build.Batch, *args: object, **kwargs: object) -> None:
        sizes.append(len(self))
        insert(self, *args, **kwargs)

    monkeypatch.setattr(build.Batch, "insert", counted)
    briefs = [load_brief(p) for p in generated(tmp_path / "briefs", 12, events=30)]
    path = tmp_path / "index.sqlite"
    built = IndexFile(path, batch_items=10_000)  # one batch, were it not cut
    for n, brief_ in enumerate(briefs):
        built.add(brief_.id, None, Rows().brief_rows(brief_), len(briefs) - n - 1)
    built.finish()
    counts = [len(Rows().brief_rows(b).items) for b in briefs]
    assert sum(sizes) == sum(counts)
    assert len(sizes) >= 3 and sizes == sorted(sizes, reverse=True)
    assert 0 < sizes[-1] < 100 + max(counts)  # (a batch is cut after a whole brief)
    assert tables(path) == tables(SearchIndex(briefs))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), min_size=1, max_size=8))
def test_an_updated_index_finds_what_a_new_one_does(steps: list[tuple[int, int]]) -> None:
    """Oracle: after any sequence of briefs replaced (by new text) in place, the updated index
    shows the same rows as one built from the briefs as they now are."""
    with TemporaryDirectory() as home:
        directory = Path(home)
        paths = generated(directory, 6, events=12)
        current = {p: load_brief(p) for p in paths}
        index = SearchIndex(current.values())
        for which, seed in steps:
            path = paths[which]
            path.write_text(brief_text(which, 12 + seed, seed=seed + 1), encoding="utf-8")
            new = load_brief(path)
            index.update([new], [current[path].id])
            current[path] = new
        fresh = SearchIndex(current.values())
        assert matches(index) == matches(fresh)
        # Every item with its own `shown` row, and none left over (numbers aside).
        for conn in (index._conn, fresh._conn):
            assert conn.execute("SELECT count(*) FROM shown").fetchone() == (
                conn.execute("SELECT count(DISTINCT sno) FROM items").fetchone()
            )
        assert sorted(index._conn.execute(ITEMS)) == sorted(fresh._conn.execute(ITEMS))


# An item and what it shows, without the numbers an update gives otherwise than a new index.
ITEMS = (
    "SELECT b.id, i.kind, i.sec, i.pos, i.lo, i.hi, s.id, s.title, s.body, s.meta, s.facets, "
    's.section, s.date, s."end", s.actors, s.tags '
    "FROM items i JOIN shown s ON s.rowid = i.sno JOIN briefs b ON b.bno = i.bno"
)
