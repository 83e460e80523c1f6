"""Discovering and loading many briefs. A broken brief never stops the others.

Discovery order: the paths given; with none, `$BRIEF_PATH` (os.pathsep-separated), then
`./briefs`, then the bundled briefs. A path may be a brief file or a directory of `*.yaml` /
`*.yml` files. When two files use the same id, the first in that order wins and the later one is
reported, except a bundled brief, which a user's own copy silently shadows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import brief
from brief.dates import PartialDate
from brief.errors import LoadError, NotFoundError, Problem
from brief.memory import gc_paused
from brief.text import one_line
from brief.verdicts import (
    CachedBrief,
    RowSink,
    Verdict,
    cached_verdicts,
    load_file,
    load_files,
)

if TYPE_CHECKING:
    from brief.model import Brief

BRIEF_SUFFIXES = (".yaml", ".yml")


class Entry:
    """One brief file and the loader's verdict on it.

    A brief read from the cache is decoded the first time `brief` is used: opening a large
    library, listing it or searching it does not build every Brief. `brief_id`, `shape` and
    `digest` are known without decoding.
    """

    def __init__(
        self,
        path: Path,
        brief: Brief | None,
        problems: list[Problem] | None = None,
        *,
        cached: CachedBrief | None = None,
        brief_id: str | None = None,
        shape: str | None = None,
        digest: str | None = None,
        resolved: str | None = None,
        title: str | None = None,
        as_of: str | None = None,
    ) -> None:
        self.path = path
        self._brief = brief
        self._cached = cached
        self.problems: list[Problem] = problems if problems is not None else []
        self.brief_id = brief_id if brief_id is not None else (brief.id if brief else None)
        self.shape = shape  # item counts (brief.verdicts.brief_shape), when the cache gave them
        self.digest = digest  # the file's content hash, when it was read through the cache
        self.resolved = resolved  # the resolved path the cache files it under, then
        self._title, self._as_of = title, as_of  # from the cache, when it gave them

    @property
    def title(self) -> str | None:
        """The brief's title, without decoding it when the cache knows it."""
        if self._title is None and self.loaded:
            return self.brief.title if self.brief is not None else None
        return self._title

    @property
    def as_of(self) -> PartialDate | None:
        """The brief's as-of date, without decoding it when the cache knows it."""
        if self._as_of is None and self.loaded:
            return self.brief.as_of if self.brief is not None else None
        return PartialDate.parse(self._as_of) if self._as_of is not None else None

    def counts(self) -> dict[str, int] | None:
        """`Brief.counts()`, from the cached shape when the brief is not decoded."""
        if self._cached is None or self.shape is None:
            return self._brief.counts() if self._brief is not None else None
        events, points, figures, actors, sources = self.shape.split("/")
        per_section = [int(n) for n in points.split(",") if n]
        return {
            "sections": len(per_section),
            "points": sum(per_section),
            "events": int(events),
            "figures": int(figures),
            "actors": int(actors),
            "sources": int(sources),
        }

    @property
    def brief(self) -> Brief | None:
        if self._cached is not None:
            self._brief, self._cached = self._cached.decode(), None
        return self._brief

    @brief.setter
    def brief(self, value: Brief | None) -> None:
        self._brief, self._cached = value, None
        self.brief_id = value.id if value is not None else None
        self._title = self._as_of = None

    def brief_source(self) -> Brief | Callable[[], Brief | None]:
        """The Brief if it is decoded, else a function that decodes it without keeping it: an
        index built over a large library then holds one Brief at a time."""
        if self._cached is None:
            assert self._brief is not None
            return self._brief
        return self._cached.decode

    @property
    def loaded(self) -> bool:
        """Is there a brief (decoded or not)?"""
        return self._cached is not None or self._brief is not None

    def __repr__(self) -> str:
        return f"Entry(path={self.path!r}, brief_id={self.brief_id!r}, problems={self.problems!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return (self.path, self.brief, self.problems) == (other.path, other.brief, other.problems)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """Loaded, with no errors (warnings are fine)."""
        return self.loaded and not self.errors


class Library:
    """The entries in discovery order; `briefs` are the ones that loaded. (A plain class: see
    brief.errors.Problem on dataclasses.)"""

    __slots__ = ("entries",)

    def __init__(self, entries: list[Entry] | None = None) -> None:
        self.entries: list[Entry] = [] if entries is None else entries

    def __repr__(self) -> str:
        return f"Library({self.entries!r})"

    @property
    def briefs(self) -> list[Brief]:
        # Decoding cached briefs makes many objects and no cycles: one collection afterwards,
        # not one after each brief.
        with gc_paused():
            return [e.brief for e in self.entries if e.ok and e.brief is not None]

    @property
    def broken(self) -> list[Entry]:
        return [e for e in self.entries if not e.ok]

    def entry_for(self, brief_id: str) -> Entry | None:
        return next((e for e in self.entries if e.ok and e.brief_id == brief_id), None)

    def get(self, name: str) -> Brief:
        """A brief by id, or by the path of a file (loaded now if it is not in the library).

        Raises `LoadError` with the file's problems if it is broken, `NotFoundError` (with a
        did-you-mean) if nothing has that name.
        """
        entry = self.entry_for(name)
        if entry is not None and entry.brief is not None:
            return entry.brief
        path = Path(name).expanduser()
        if path.suffix in BRIEF_SUFFIXES or os.sep in name or path.is_file():
            return self._get_path(path)
        # A broken file named after the id: its own errors say more than "not found".
        for entry in self.broken:
            if entry.path.stem == name and entry.errors:
                raise LoadError(entry.errors)
        import difflib  # only here: a search that finds its briefs needs none

        ids = [e.brief_id for e in self.entries if e.ok and e.brief_id]
        close = difflib.get_close_matches(name, ids, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        known = " (`brief list` shows the briefs found)" if ids else " (no briefs were found)"
        raise NotFoundError(Problem(name, 0, 0, f"no brief with this id or path{hint}{known}"))

    def _get_path(self, path: Path) -> Brief:
        resolved = _resolve(path)
        entry = next((e for e in self.entries if _resolve(e.path) == resolved), None)
        if entry is None:
            entry = _load_entry(path)
            self.entries.append(entry)
        if entry.brief is None or entry.errors:
            raise LoadError(entry.errors)
        return entry.brief


def bundled_dir() -> Path:
    """The briefs shipped with brief: inside the package when installed from a wheel, the
    repository's `briefs/` for an editable install."""
    package = Path(brief.__file__).resolve().parent
    inside = package / "bundled"
    return inside if inside.is_dir() else package.parent.parent / "briefs"


def default_paths() -> list[Path]:
    """Where briefs are looked for when no path is given, in order."""
    paths = [Path(p).expanduser() for p in os.environ.get("BRIEF_PATH", "").split(os.pathsep) if p]
    return [*paths, Path("briefs"), bundled_dir()]


def discover(paths: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """The brief files to load, in order, each once.

    Paths given explicitly are kept even if missing, so that loading reports them; the default
    places are skipped when absent.
    """
    return [path for path, _ in _discover(paths)]


def _discover(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, str]]:
    """`discover`, with each file's resolved path (a string: what the verdict store files it
    under)."""
    given = [Path(p) for p in paths]
    explicit = bool(given)
    found: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for root in given or default_paths():
        if root.is_dir():
            candidates = _directory(root)
        elif root.exists() or explicit:
            candidates = [(root, str(_resolve(root)))]
        else:
            continue
        for candidate, key in candidates:
            if key not in seen:
                seen.add(key)
                found.append((candidate, key))
    return found


def _resolve(path: Path) -> Path:
    """`path.resolve()`, or its absolute form for a symlink loop (Python 3.11 raises
    RuntimeError there): the loader then reports the loop as a one-line problem."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return Path(os.path.abspath(path))


def _directory(root: Path) -> list[tuple[Path, str]]:
    """A directory's brief files by name, with their resolved paths. The directory is resolved
    once and only symlinked files on their own: resolving each of a thousand files costs a
    tenth of a warm search. The resolved paths are joined as strings: a Path each cost 2 ms
    of a 120 ms warm search of 1,000 briefs, an `os.path.join` each 1 ms of 100."""
    real = str(_resolve(root))
    with os.scandir(root) as scan:
        # Sorted by name as strings: comparing Paths costs a tenth of a warm search of 10,000.
        names = sorted(
            (item.name, item.is_symlink())
            for item in scan
            if os.path.splitext(item.name)[1] in BRIEF_SUFFIXES and item.is_file()
        )
    prefix = os.path.join(real, "")  # with its trailing separator: each file's is a concatenation
    found = []
    for name, symlink in names:
        path = root / name
        found.append((path, str(_resolve(path)) if symlink else prefix + name))
    return found


def _load_entry(path: Path) -> Entry:
    """Load one file (brief.load.check_file, through the cache)."""
    return _entry(path, load_file(path))


def _entry(path: Path, verdict: Verdict) -> Entry:
    return Entry(
        path,
        verdict.brief,
        verdict.problems,
        cached=verdict.cached,
        brief_id=verdict.brief_id,
        shape=verdict.shape,
        digest=verdict.digest,
        resolved=verdict.resolved,
        title=verdict.title,
        as_of=verdict.as_of,
    )


def load_library(
    paths: Sequence[str | os.PathLike[str]] = (),
    progress: Callable[[int, int], None] | None = None,
    sink: RowSink | None = None,
) -> Library:
    """Discover and load every brief; see the module docstring for the order and id rules.
    Files the cache cannot answer for are parsed across cores; `progress(files, events)` is
    called with the counts so far as they load (an exception it raises stops the load).
    `sink`: what builds the search index meanwhile (brief.index_store.load_indexed_library)."""
    found = _discover(paths)
    return _assemble(found, load_files(found, progress, sink))


def load_cached_library(
    paths: Sequence[str | os.PathLike[str]] = (), *, parse_up_to: int = 0
) -> Library | None:
    """`load_library` when the cache answers for every file but at most `parse_up_to`, which
    are parsed here; None when more must be parsed (a caller that shows progress then loads in
    the background)."""
    found = _discover(paths)
    verdicts = cached_verdicts(found)
    missing = [n for n, verdict in enumerate(verdicts) if verdict is None]
    if len(missing) > parse_up_to:
        return None
    for n, verdict in zip(missing, load_files([found[n] for n in missing]), strict=True):
        verdicts[n] = verdict
    return _assemble(found, [v for v in verdicts if v is not None])


def _assemble(found: list[tuple[Path, str]], verdicts: list[Verdict]) -> Library:
    """The library of the files found, from their verdicts: the id rules applied."""
    library = Library()
    bundled = str(bundled_dir().resolve())
    owners: dict[str, Entry] = {}
    for (path, resolved), verdict in zip(found, verdicts, strict=True):
        entry = _entry(path, verdict)
        if entry.ok and entry.brief_id is not None:
            first = owners.get(entry.brief_id)
            if first is not None:
                if os.path.dirname(resolved) == bundled:
                    continue  # the user's own copy of a bundled brief shadows it
                from brief.load import locate  # only here: a warm start needs no loader

                line, col = locate(path, ("id",))
                used_by = one_line(str(first.path))
                entry.problems.append(
                    Problem(
                        one_line(str(path)),
                        line,
                        col,
                        f"id `{entry.brief_id}` is already used by {used_by}; change one",
                    )
                )
            else:
                owners[entry.brief_id] = entry
        library.entries.append(entry)
    return library
