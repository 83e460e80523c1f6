"""The warm-start cache: same verdicts as the loader, changed files reloaded alone, a corrupt or
foreign cache moved aside and rebuilt, and never a broken brief made to look valid."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import brief.cache as cache
import brief.load as load
from brief.library import load_library
from tests.search_fixtures import BRIEF_YAML, renamed, write_brief


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(cache.ENV_DISABLE, raising=False)
    return tmp_path / "cache" / "brief"


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


def library_dir(tmp_path: Path, count: int = 3) -> Path:
    directory = tmp_path / "briefs"
    directory.mkdir()
    for n in range(count):
        write_brief(directory, f"b{n}", renamed(f"brief-{n}"))
    return directory


def records(cache_home: Path, suffix: str = ".msgpack") -> list[Path]:
    return sorted((cache_home / "briefs").glob(f"*{suffix}"))


def test_second_load_comes_from_the_cache(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path)
    first = load_library([directory])
    assert parses == ["b0.yaml", "b1.yaml", "b2.yaml"]
    second = load_library([directory])
    assert parses == ["b0.yaml", "b1.yaml", "b2.yaml"]  # nothing parsed again
    assert [b.id for b in second.briefs] == [b.id for b in first.briefs]
    assert second.briefs[0] == first.briefs[0]
    assert len(records(cache_home)) == 3


def test_an_edited_brief_is_reloaded_alone(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path)
    load_library([directory])
    parses.clear()
    path = directory / "b1.yaml"
    path.write_text(renamed("brief-1").replace("Visa regime relaxed", "Quota regime relaxed"))
    library = load_library([directory])
    assert parses == ["b1.yaml"]
    changed = next(b for b in library.briefs if b.id == "brief-1")
    assert any(e.title == "Quota regime relaxed" for e in changed.timeline)


def test_same_size_and_mtime_but_other_bytes_is_reloaded(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path, 1)
    path = directory / "b0.yaml"
    load_library([directory])
    stat = path.stat()
    text = path.read_text().replace("Trade grows", "Trade slows")
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    parses.clear()
    (loaded,) = load_library([directory]).briefs
    assert parses == ["b0.yaml"]
    assert any(e.title == "Trade slows" for e in loaded.timeline)


def test_a_corrupt_cache_file_is_moved_aside_and_rebuilt(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path, 1)
    load_library([directory])
    (record,) = records(cache_home)
    record.write_bytes(b"\x93garbage, not msgpack of ours")
    parses.clear()
    (loaded,) = load_library([directory]).briefs
    assert loaded.id == "brief-0"
    assert parses == ["b0.yaml"]
    assert [p.name for p in records(cache_home, ".bad")] == [record.name + ".bad"]
    assert records(cache_home) == [record]  # rebuilt
    parses.clear()
    load_library([directory])
    assert parses == []


def test_a_foreign_cache_file_is_not_trusted(tmp_path, cache_home, parses) -> None:
    directory = library_dir(tmp_path, 1)
    load_library([directory])
    (record,) = records(cache_home)
    import msgspec

    data = msgspec.msgpack.decode(record.read_bytes())
    data["magic"] = "someone-else"
    record.write_bytes(msgspec.msgpack.encode(data))
    parses.clear()
    load_library([directory])
    assert parses == ["b0.yaml"]
    assert records(cache_home, ".bad")


def test_a_cache_never_makes_a_broken_brief_valid(tmp_path, cache_home) -> None:
    directory = tmp_path / "briefs"
    directory.mkdir()
    good = write_brief(directory, "good", renamed("good-brief"))
    bad = write_brief(directory, "bad", BRIEF_YAML.replace("title: Test brief\n", ""))
    library = load_library([directory])
    assert [e.path.name for e in library.broken] == ["bad.yaml"]
    problems = [str(p) for p in library.broken[0].problems]
    # Plant the good file's valid verdict where the broken file's verdict lives.
    good_record = cache._entry_path(cache_home, str(good.resolve()))
    bad_record = cache._entry_path(cache_home, str(bad.resolve()))
    bad_record.write_bytes(good_record.read_bytes())
    again = load_library([directory])
    assert [e.path.name for e in again.broken] == ["bad.yaml"]
    assert [str(p) for p in again.broken[0].problems] == problems
    # And a verdict that says "valid" while listing errors is incoherent: moved aside.
    import msgspec

    data = msgspec.msgpack.decode(bad_record.read_bytes())
    assert data["brief"] is None
    data["problems"] = []
    bad_record.write_bytes(msgspec.msgpack.encode(data))
    third = load_library([directory])
    assert [e.path.name for e in third.broken] == ["bad.yaml"]
    assert records(cache_home, ".bad")


def test_broken_verdicts_are_cached_with_their_problems(tmp_path, cache_home, parses) -> None:
    directory = tmp_path / "briefs"
    directory.mkdir()
    write_brief(directory, "bad", BRIEF_YAML.replace("title: Test brief\n", ""))
    first = [str(p) for p in load_library([directory]).broken[0].problems]
    parses.clear()
    second = [str(p) for p in load_library([directory]).broken[0].problems]
    assert parses == []
    assert second == first


def test_brief_no_cache_bypasses_it(tmp_path, cache_home, parses, monkeypatch) -> None:
    monkeypatch.setenv(cache.ENV_DISABLE, "1")
    directory = library_dir(tmp_path, 2)
    load_library([directory])
    load_library([directory])
    assert parses == ["b0.yaml", "b1.yaml"] * 2
    assert not (cache_home / "briefs").exists()


def test_the_index_is_cached_and_a_corrupt_one_rebuilt(tmp_path, cache_home, monkeypatch) -> None:
    from brief.search import SearchIndex

    briefs = load_library([library_dir(tmp_path, 2)]).briefs
    first = cache.load_index(briefs)
    path = cache_home / "index.sqlite"
    assert path.exists()
    built: list[int] = []
    real_add = SearchIndex.add
    monkeypatch.setattr(SearchIndex, "add", lambda self, b: built.append(1) or real_add(self, b))
    second = cache.load_index(briefs)
    assert built == []  # reopened, not rebuilt
    assert [r.id for r in second.search("visa")] == [r.id for r in first.search("visa")]
    # A flipped byte in the payload fails the checksum: moved aside, rebuilt.
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))
    third = cache.load_index(briefs)
    assert built == [1]
    assert (cache_home / "index.sqlite.bad").exists()
    assert third.search("regime").total == 2


def test_the_index_of_other_briefs_is_rebuilt(tmp_path, cache_home) -> None:
    briefs = load_library([library_dir(tmp_path, 2)]).briefs
    cache.load_index(briefs)
    index = cache.load_index(briefs[:1])
    assert index.brief_ids() == [briefs[0].id]


def test_an_unwritable_cache_only_costs_speed(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    directory = library_dir(tmp_path, 1)
    assert [b.id for b in load_library([directory]).briefs] == ["brief-0"]


# --- opening a library lazily, and updating the cached index brief by brief -----------------


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose cached Brief was decoded, in order."""
    seen: list[str] = []
    real = cache.CachedBrief.decode

    def counting(self: cache.CachedBrief):
        seen.append(Path(self.path).name)
        return real(self)

    monkeypatch.setattr(cache.CachedBrief, "decode", counting)
    return seen


def test_a_warm_library_and_index_open_without_decoding_briefs(
    tmp_path, cache_home, decoded
) -> None:
    directory = library_dir(tmp_path)
    cache.load_library_index(load_library([directory]))  # fills the cache
    decoded.clear()
    library = load_library([directory])
    assert [e.brief_id for e in library.entries if e.ok] == ["brief-0", "brief-1", "brief-2"]
    index = cache.load_library_index(library)
    assert decoded == []
    results = index.search("visa", brief="brief-1")
    assert {r.brief for r in results} == {"brief-1"}
    assert decoded == ["b1.yaml"]  # only the brief the results come from
    assert library.entry_for("brief-1").brief is index._brief(index._bno["brief-1"])


def test_an_edited_brief_updates_the_cached_index_alone(tmp_path, cache_home, monkeypatch) -> None:
    from brief.search import SearchIndex

    directory = library_dir(tmp_path)
    cache.load_library_index(load_library([directory]))
    path = directory / "b1.yaml"
    path.write_text(renamed("brief-1").replace("Visa regime relaxed", "Quota regime relaxed"))
    added: list[list[str]] = []
    real_add = SearchIndex._add

    def counting(self, new, *args):
        added.append([brief.id for brief, _ in new])
        return real_add(self, new, *args)

    monkeypatch.setattr(SearchIndex, "_add", counting)
    index = cache.load_library_index(load_library([directory]))
    assert added == [["brief-1"]]  # the others' rows were kept
    assert {r.brief for r in index.search("quota")} == {"brief-1"}
    assert {r.brief for r in index.search('"visa regime"')} == {"brief-0", "brief-2"}
    assert not list((cache_home / "briefs").glob("*.prev"))  # used, then removed
    added.clear()
    again = cache.load_library_index(load_library([directory]))
    assert added == []  # the updated index was cached
    assert {r.brief for r in again.search("quota")} == {"brief-1"}


def test_a_removed_brief_is_deleted_from_the_cached_index(tmp_path, cache_home) -> None:
    directory = library_dir(tmp_path)
    cache.load_library_index(load_library([directory]))
    (directory / "b0.yaml").unlink()
    index = cache.load_library_index(load_library([directory]))
    assert index.brief_ids() == ["brief-1", "brief-2"]
    assert {r.brief for r in index.search("regime")} == {"brief-1", "brief-2"}


def test_a_damaged_brief_in_a_record_is_caught_when_the_library_opens(
    tmp_path, cache_home, parses
) -> None:
    directory = library_dir(tmp_path, 1)
    load_library([directory])
    (record,) = records(cache_home)
    data = bytearray(record.read_bytes())
    data[-20] ^= 0x01  # a byte of the Brief's own bytes, which are checksummed
    record.write_bytes(bytes(data))
    parses.clear()
    (loaded,) = load_library([directory]).briefs
    assert parses == ["b0.yaml"]
    assert loaded.id == "brief-0"
    assert records(cache_home, ".bad")
