"""What the two warm-start caches share: where they live, whether they are on, and when an entry
made for one version of the code is still good.

- `brief.verdicts`, below the library: each brief file's verdict, trusted by the file's stat.
- `brief.index_store`, above search: the search index, reopened instead of rebuilt.

Set BRIEF_NO_CACHE=1 to bypass both.
"""

from __future__ import annotations

import contextlib
import os
import sys
from functools import cache
from pathlib import Path

import brief

ENV_DISABLE = "BRIEF_NO_CACHE"
# A file whose mtime or ctime is this close to (or after) the moment its entry was checked may
# have changed again within the same timestamp tick without its stat changing (git's "racy"
# case): its content is hashed again. 2 s covers the coarsest clocks (FAT) with room to spare.
RACY_NS = 2_000_000_000


def enabled() -> bool:
    return os.environ.get(ENV_DISABLE, "") in ("", "0")


def cache_dir() -> Path:
    """platformdirs' user cache dir for brief. On plain Linux it is worked out here, as every
    platformdirs 4 works it out there: importing platformdirs costs a twentieth of a warm
    search (3.5 ms of 70). Anything less plain (a relative $XDG_CACHE_HOME or $HOME, Android,
    another system) is left to platformdirs."""
    xdg, home = os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", "")
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        if os.path.isabs(xdg):
            return Path(xdg, "brief")
        if not xdg and os.path.isabs(home):
            return Path(home, ".cache", "brief")
    import platformdirs

    return Path(platformdirs.user_cache_dir("brief", appauthor=False))


@cache
def code_fingerprint() -> str:
    """Verdicts depend on the loader's code: a new version, or an edited loader in a development
    tree, must not reuse them. The parts themselves, not a hash of them: a warm start that
    hashes no file then needs no hashlib (importing it, OpenSSL's, is 3 ms of a 100 ms
    search)."""
    package = Path(brief.__file__).resolve().parent
    parts = [brief.__version__]
    for name in ("load.py", "limits.py", "model.py", "text.py", "dates.py", "errors.py"):
        with contextlib.suppress(OSError):
            st = (package / name).stat()
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def digest(data: bytes) -> str:
    # SHA-256 rather than BLAKE2b: CPUs of the last years compute it in hardware, about three
    # times as fast. A warm start hashes only the files whose stat changed.
    import hashlib  # see code_fingerprint

    return hashlib.sha256(data).hexdigest()


StatKey = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def trusted(st: os.stat_result, known: StatKey, checked_ns: int) -> bool:
    """May a file be taken to hold what it held when it was checked at `checked_ns`, without
    reading it? Only when its stat is the same and it was last changed well before then."""
    return stat_key(st) == known and max(st.st_mtime_ns, st.st_ctime_ns) + RACY_NS < checked_ns


def move_aside(path: Path) -> None:
    """Keep a corrupt cache file for inspection as `*.bad`, out of the way of the rebuild."""
    with contextlib.suppress(OSError):
        os.replace(path, path.with_name(path.name + ".bad"))


def write(path: Path, data: bytes) -> None:
    """Atomic: a reader sees the old file or the new one. Failures are ignored: a cache that
    cannot be written only costs speed. No fsync: a file a crash truncates is caught as corrupt
    and rebuilt."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
