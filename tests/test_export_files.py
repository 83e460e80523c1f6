"""Writing export files: atomic, never overwriting without force, clear errors, nothing left
behind, and old-or-new (never partial) even when the writer is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from brief.atomic import TEMP_SUFFIX, atomic_writer, write_atomic
from brief.errors import ExportError
from brief.export import export, export_file
from brief.load import load_brief
from brief.model import Brief
from tests.golden import NOW, SAMPLE

OLD = b"old contents\n\xe2\x9c\x93 keep me\n"


@pytest.fixture(scope="module")
def sample() -> Brief:
    return load_brief(SAMPLE)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(TEMP_SUFFIX))


def test_writes_a_new_file(sample: Brief, tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    export_file(sample, "md", target, now=NOW)
    assert target.read_text(encoding="utf-8") == export(sample, "md", now=NOW)
    assert leftovers(tmp_path) == []
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_never_overwrites_without_force(sample: Brief, tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.write_bytes(OLD)
    with pytest.raises(ExportError) as caught:
        export_file(sample, "html", target, now=NOW)
    [problem] = caught.value.problems
    assert problem.path == str(target)
    assert "already exists" in problem.message and "--force" in problem.message
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_force_replaces_and_keeps_the_permissions(sample: Brief, tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(OLD)
    target.chmod(0o640)
    export_file(sample, "text", target, force=True, now=NOW)
    assert target.read_text(encoding="utf-8") == export(sample, "text", now=NOW)
    assert target.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


def test_missing_directory_is_one_clear_problem(sample: Brief, tmp_path: Path) -> None:
    target = tmp_path / "nope" / "out.txt"
    with pytest.raises(ExportError) as caught:
        export_file(sample, "text", target)
    assert [str(p) for p in caught.value.problems] == [f"{target}: directory does not exist"]


def test_a_file_in_the_way_of_the_directory(sample: Brief, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="not a directory"):
        export_file(sample, "text", tmp_path / "file" / "out.txt")


def test_a_directory_as_the_target(sample: Brief, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a directory"):
        export_file(sample, "text", tmp_path, force=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only directory")
def test_unwritable_directory(sample: Brief, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    with pytest.raises(ExportError, match="permission denied"):
        export_file(sample, "text", locked / "out.txt")


def test_failed_rename_leaves_the_old_file_and_no_temp_file(
    sample: Brief, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(OLD)

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError, match="no space left on the device"):
        export_file(sample, "json", target, force=True)
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_error_while_writing_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write("half")
        raise RuntimeError("renderer crashed")
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_a_file_that_appears_meanwhile_is_not_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(FileExistsError), atomic_writer(target) as handle:
        handle.write("ours")
        target.write_bytes(OLD)  # someone else got there first
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_without_hard_links_the_new_file_still_lands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_atomic(tmp_path / "out.txt", "new")
    assert (tmp_path / "out.txt").read_text() == "new"
    assert leftovers(tmp_path) == []


# A child process writes through atomic_writer, says how far it got, and waits to be killed.
_CHILD = textwrap.dedent(
    """
    import sys, time
    from brief.atomic import atomic_writer
    target, stage = sys.argv[1], sys.argv[2]
    new = "new contents\\n" * 50000
    if stage == "mid-write":
        with atomic_writer(target, overwrite=True) as handle:
            handle.write(new[: len(new) // 2])
            handle.flush()
            print("ready", flush=True)
            time.sleep(60)
    else:
        with atomic_writer(target, overwrite=True) as handle:
            handle.write(new)
        print("ready", flush=True)
        time.sleep(60)
    """
)


@pytest.mark.parametrize("stage", ["mid-write", "after-publish"])
def test_sigkill_leaves_the_old_file_or_the_new_one(tmp_path: Path, stage: str) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(OLD)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(target), stage], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    content = target.read_bytes()
    if stage == "mid-write":
        assert content == OLD
    else:
        assert content == b"new contents\n" * 50000
    # Only the killed writer's hidden temp file may remain, never a partial target.
    assert all(name.startswith(".out.txt.") for name in leftovers(tmp_path))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
