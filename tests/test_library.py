"""Discovery and the library: order, de-duplication, ids, broken files, `get` by id or path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from brief.errors import LoadError, NotFoundError
from brief.library import bundled_dir, discover, load_library
from tests.helpers import BUNDLED
from tests.test_load import VALID


def write(directory: Path, name: str, brief_id: str, text: str = VALID) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text.replace("id: demo", f"id: {brief_id}", 1), encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with no ./briefs and no $BRIEF_PATH."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEF_PATH", raising=False)
    return tmp_path


def test_discover_files_and_directories_in_order(home: Path) -> None:
    b = write(home / "lib", "b.yaml", "b")
    a = write(home / "lib", "a.yml", "a")
    (home / "lib" / "notes.txt").write_text("not a brief")
    (home / "lib" / "brief.schema.json").write_text("{}")
    single = write(home, "single.yaml", "single")
    assert discover([str(single), str(home / "lib")]) == [single, a, b]


def test_discover_dedupes_by_resolved_path(home: Path) -> None:
    path = write(home / "lib", "a.yaml", "a")
    assert discover([str(path), str(home / "lib"), str(home / "lib" / ".." / "lib")]) == [path]


def test_explicit_missing_paths_are_kept_to_be_reported(home: Path) -> None:
    assert discover(["missing.yaml"]) == [Path("missing.yaml")]
    library = load_library(["missing.yaml"])
    assert [p.message for p in library.broken[0].problems] == ["no such file"]


def test_default_order_brief_path_then_briefs_then_bundled(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_a = write(home / "env-a", "x.yaml", "x")
    env_b = write(home / "env-b", "y.yaml", "y")
    local = write(home / "briefs", "z.yaml", "z")
    monkeypatch.setenv("BRIEF_PATH", os.pathsep.join([str(env_a.parent), "", str(env_b)]))
    found = discover()
    assert found[:3] == [env_a, env_b, Path("briefs") / "z.yaml"]
    assert found[2].resolve() == local.resolve()
    assert BUNDLED.resolve() in [p.resolve() for p in found[3:]]


def test_bundled_dir_holds_the_bundled_brief() -> None:
    assert (bundled_dir() / BUNDLED.name).is_file()


def test_no_paths_finds_the_bundled_brief_from_anywhere(home: Path) -> None:
    library = load_library()
    assert "pakistan-bangladesh" in [b.id for b in library.briefs]


def test_a_broken_brief_does_not_stop_the_others(home: Path) -> None:
    write(home / "lib", "a.yaml", "a")
    write(home / "lib", "b.yaml", "b", VALID.replace("title: Demo brief", "titel: x"))
    write(home / "lib", "c.yaml", "c")
    library = load_library([str(home / "lib")])
    assert [b.id for b in library.briefs] == ["a", "c"]
    assert [e.path.name for e in library.broken] == ["b.yaml"]
    broken = library.broken[0]
    assert not broken.ok and broken.brief is None
    assert [f"{p.line}:{p.col}" for p in broken.errors] == ["1:1", "3:1"]


def test_warnings_do_not_make_an_entry_broken(home: Path) -> None:
    write(home / "lib", "a.yaml", "a", VALID.replace("Demo brief", '"Demo\\ebrief"'))
    entry = load_library([str(home / "lib")]).entries[0]
    assert entry.ok and len(entry.warnings) == 1 and entry.errors == []


def test_same_id_first_wins_and_the_later_is_a_problem(home: Path) -> None:
    first = write(home / "one", "a.yaml", "same")
    second = write(home / "two", "b.yaml", "same")
    library = load_library([str(first), str(second)])
    assert [e.path for e in library.entries if e.ok] == [first]
    (problem,) = library.broken[0].problems
    assert (problem.path, problem.line, problem.col) == (str(second), 2, 5)
    assert problem.message == f"id `same` is already used by {first}; change one"


def test_a_users_copy_shadows_the_bundled_brief(home: Path) -> None:
    (home / "briefs").mkdir()
    shutil.copy(BUNDLED, home / "briefs" / "mine.yaml")
    library = load_library()
    ids = [b.id for b in library.briefs]
    assert ids.count("pakistan-bangladesh") == 1
    assert library.entry_for("pakistan-bangladesh").path == Path("briefs") / "mine.yaml"
    assert library.broken == []


def test_get_by_id_and_by_path(home: Path) -> None:
    path = write(home / "lib", "a.yaml", "alpha")
    other = write(home, "elsewhere.yaml", "beta")
    library = load_library([str(home / "lib")])
    assert library.get("alpha").id == "alpha"
    assert library.get(str(path)).id == "alpha"
    assert library.get(str(other)).id == "beta"  # loaded on demand
    assert library.get("beta").id == "beta"  # and kept


def test_get_unknown_id_suggests_the_closest(home: Path) -> None:
    write(home / "lib", "a.yaml", "pakistan-bangladesh")
    library = load_library([str(home / "lib")])
    with pytest.raises(NotFoundError) as caught:
        library.get("pakistan-bangldesh")
    assert "did you mean `pakistan-bangladesh`?" in str(caught.value)


def test_get_a_broken_file_raises_its_problems(home: Path) -> None:
    bad = write(home / "lib", "broken.yaml", "x", VALID.replace("value: 865", "value: lots"))
    library = load_library([str(home / "lib")])
    for name in (str(bad), "broken"):
        with pytest.raises(LoadError) as caught:
            library.get(name)
        assert [f"{p.line}:{p.col}" for p in caught.value.problems] == ["21:12"]


def test_get_a_missing_path(home: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_library([]).get("nowhere/none.yaml")
    assert caught.value.problems[0].message == "no such file"
