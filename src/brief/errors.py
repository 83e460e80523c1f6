"""One exception family carrying user-facing problems, each at `path:line:col`."""

from __future__ import annotations

from typing import Literal, NamedTuple

from brief.text import one_line

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """Something wrong with a file, located 1-based at line and column (0 when unknown).

    A NamedTuple, not a dataclass: a warm `brief search` would import dataclasses (and inspect)
    for it, 10 ms of a 100 ms process."""

    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"
    # What sort of problem ("alias", "unknown key"): the per-file cap counts the unlisted ones
    # by kind. Not part of the verdict, so neither compared nor cached.
    kind: str = ""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self[:5] == other[:5]

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self[:5])

    @property
    def where(self) -> str:
        """`path:line:col`, or just `path` for a problem about a whole file (line 0). The path is
        on one line: a file name with a newline must not forge a second problem."""
        path = one_line(self.path)
        return f"{path}:{self.line}:{self.col}" if self.line else path

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.where}: {prefix}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }


class BriefError(Exception):
    """Base of every error the core raises for bad user input. Carries the problems found."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("<brief>", 0, 0, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class LoadError(BriefError):
    """A brief file could not be loaded; `problems` lists every error found in it."""


class NotFoundError(BriefError):
    """A brief named by id or path does not exist in the library."""


class ExportError(BriefError):
    """An export could not be written (exists, missing directory, not writable)."""
