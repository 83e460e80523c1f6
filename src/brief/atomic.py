"""Atomic file writes, shared by exports and the config, state and cache writers.

A reader (or a crash, or SIGKILL) sees either the old file or the complete new one, never a
partial file: the data goes to a temp file in the target's own directory (so the final rename
stays on one filesystem), is flushed and fsynced, and only then renamed over the target.
Existing files are never replaced unless the caller says so, and only a regular file (or a
missing one) is ever replaced: renaming over a FIFO or a device (as root, `/dev/null`) would
turn it into a regular file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

TEMP_SUFFIX = ".tmp"
_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class NotARegularFileError(OSError):
    """The target exists and is neither a regular file nor a directory."""


def special_file(path: str | os.PathLike[str]) -> str | None:
    """What `path` is if it exists and is not a regular file or a directory ("a FIFO"), else
    None. Symlinks are followed: a link to a device is a device."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _refuse_special(target: Path) -> None:
    kind = special_file(target)
    if kind is not None:
        raise NotARegularFileError(errno.EINVAL, f"is {kind}, not a regular file", str(target))


def temp_path_for(path: Path) -> Path:
    """A fresh hidden name next to `path`: `.name.1a2b3c4d.tmp`."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    binary: bool = False,
    encoding: str = "utf-8",
) -> Iterator[IO[Any]]:
    """Open a temp file beside `path` for writing; on a clean exit, publish it at `path`.

    Raises FileExistsError if `path` exists and `overwrite` is false (checked before any work
    and again, race-free, at the moment of publishing), IsADirectoryError if it is a directory,
    and the OSError of whatever else goes wrong (missing directory, permissions, disk full). If
    the block raises, the temp file is removed and `path` is untouched.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
    if not overwrite and target.exists():
        raise FileExistsError(errno.EEXIST, "already exists", str(target))
    _refuse_special(target)
    temp = temp_path_for(target)
    # 0o666 through the umask, like any new file: mkstemp would force 0o600.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with (
            os.fdopen(fd, "wb") if binary else open(fd, "w", encoding=encoding, newline="")
        ) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            _refuse_special(target)  # again: it may have been made while we wrote
            _keep_mode(target, temp)
            os.replace(temp, target)
        else:
            _publish_new(temp, target)
        _fsync_dir(target.parent)
    except BaseException:
        # BaseException too: Ctrl-C mid-write must not leave the temp file behind.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def write_atomic(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    overwrite: bool = False,
    encoding: str = "utf-8",
) -> None:
    """Write `data` to `path` atomically (see `atomic_writer`)."""
    with atomic_writer(
        path, overwrite=overwrite, binary=isinstance(data, bytes), encoding=encoding
    ) as handle:
        handle.write(data)


def _publish_new(temp: Path, target: Path) -> None:
    """Move `temp` to `target` only if `target` still does not exist.

    A hard link fails if the target appeared meanwhile, so a file created by someone else after
    our first check is not clobbered. Filesystems without hard links fall back to a re-check
    and a rename, which leaves only a tiny window.
    """
    try:
        os.link(temp, target)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "already exists", str(target)) from None
    except OSError:
        if target.exists():
            raise FileExistsError(errno.EEXIST, "already exists", str(target)) from None
        os.replace(temp, target)
        return
    os.unlink(temp)


def _keep_mode(target: Path, temp: Path) -> None:
    """An overwritten file keeps its permission bits."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(temp, target.stat().st_mode & 0o7777)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable. Best effort: not every platform can open a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def describe_os_error(error: OSError) -> str:
    """A short, lower-case reason for a failed write, without the path: "directory does not
    exist", "permission denied"…"""
    if isinstance(error, FileExistsError):
        return "already exists"
    if isinstance(error, NotARegularFileError):
        return (
            f"{error.strerror}; only a regular file is ever replaced (write to stdout with `-o -`)"
        )
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    if isinstance(error, FileNotFoundError):
        return "directory does not exist"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, NotADirectoryError):
        return "a parent of this path is not a directory"
    if error.errno == errno.ENOSPC:
        return "no space left on the device"
    if error.errno == errno.EROFS:
        return "the filesystem is read-only"
    return (error.strerror or str(error)).lower()
