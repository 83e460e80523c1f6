"""Discovering and loading many briefs. A broken brief never stops the others.

Discovery order: the paths given; with none, `$BRIEF_PATH` (os.pathsep-separated), then
`./briefs`, then the bundled briefs. A path may be a brief file or a directory of `*.yaml` /
`*.yml` files. When two files use the same id, the first in that order wins and the later one is
reported, except a bundled brief, which a user's own copy silently shadows.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import brief
from brief.cache import check_file as cached_check_file
from brief.errors import LoadError, NotFoundError, Problem
from brief.load import locate
from brief.model import Brief
from brief.text import sanitize

BRIEF_SUFFIXES = (".yaml", ".yml")


@dataclass
class Entry:
    """One brief file and the loader's verdict on it."""

    path: Path
    brief: Brief | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """Loaded, with no errors (warnings are fine)."""
        return self.brief is not None and not self.errors


@dataclass
class Library:
    """The entries in discovery order; `briefs` are the ones that loaded."""

    entries: list[Entry] = field(default_factory=list)

    @property
    def briefs(self) -> list[Brief]:
        return [e.brief for e in self.entries if e.ok and e.brief is not None]

    @property
    def broken(self) -> list[Entry]:
        return [e for e in self.entries if not e.ok]

    def entry_for(self, brief_id: str) -> Entry | None:
        return next((e for e in self.entries if e.ok and e.brief and e.brief.id == brief_id), None)

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
        ids = [b.id for b in self.briefs]
        close = difflib.get_close_matches(name, ids, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        known = " (`brief list` shows the briefs found)" if ids else " (no briefs were found)"
        raise NotFoundError(Problem(name, 0, 0, f"no brief with this id or path{hint}{known}"))

    def _get_path(self, path: Path) -> Brief:
        resolved = path.resolve()
        entry = next((e for e in self.entries if e.path.resolve() == resolved), None)
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
    given = [Path(p) for p in paths]
    explicit = bool(given)
    found: list[Path] = []
    seen: set[Path] = set()
    for root in given or default_paths():
        if root.is_dir():
            candidates = sorted(
                p for p in root.iterdir() if p.suffix in BRIEF_SUFFIXES and p.is_file()
            )
        elif root.exists() or explicit:
            candidates = [root]
        else:
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _load_entry(path: Path) -> Entry:
    """Load one file. The single place a library loads a file, so a cache can wrap it."""
    brief_, problems = cached_check_file(path)  # brief.load.check_file, via the cache
    return Entry(path, brief_, problems)


def load_library(paths: Sequence[str | os.PathLike[str]] = ()) -> Library:
    """Discover and load every brief; see the module docstring for the order and id rules."""
    library = Library()
    bundled = bundled_dir().resolve()
    owners: dict[str, Entry] = {}
    for path in discover(paths):
        entry = _load_entry(path)
        if entry.ok and entry.brief is not None:
            first = owners.get(entry.brief.id)
            if first is not None:
                if path.resolve().parent == bundled:
                    continue  # the user's own copy of a bundled brief shadows it
                line, col = locate(path, ("id",))
                used_by = sanitize(str(first.path))
                entry.problems.append(
                    Problem(
                        sanitize(str(path)),
                        line,
                        col,
                        f"id `{entry.brief.id}` is already used by {used_by}; change one",
                    )
                )
            else:
                owners[entry.brief.id] = entry
        library.entries.append(entry)
    return library
