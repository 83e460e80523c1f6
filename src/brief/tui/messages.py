"""What the brief screen and the command palette ask of the app, as messages (a screen's
messages bubble to the app), what the palette asks of the brief screen, and the typed search
state the app keeps between `/` and `n`/`N`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class SearchHit:
    brief_id: str
    kind: str
    item_id: str


@dataclass
class SearchHits:
    """The last global search: its query, its hits, and the one shown (`n`/`N` move it)."""

    query: str = ""
    hits: list[SearchHit] = field(default_factory=list)
    index: int = -1

    @property
    def current(self) -> SearchHit | None:
        return self.hits[self.index] if 0 <= self.index < len(self.hits) else None

    def step(self, delta: int) -> SearchHit | None:
        if not self.hits:
            return None
        self.index = (self.index + delta) % len(self.hits)
        return self.current


class OpenSearch(Message):
    """Open global search (`/` outside the timeline)."""


@dataclass
class StepHit(Message):
    """Show the next (1) or previous (-1) search hit."""

    step: int


class OpenExport(Message):
    """Open the export dialog for the brief shown."""


class OpenBriefs(Message):
    """Open the brief picker."""


@dataclass
class OpenBrief(Message):
    """Show the brief read from `path` (nothing happens if it is shown already or broken)."""

    path: Path


class Reload(Message):
    """Read the brief files again from disk."""


class OpenHelp(Message):
    """Open the help screen."""


@dataclass
class GoTo(Message, bubble=False):  # the brief screen's own business, not the app's
    """Posted to a brief screen: show its item `kind` (`section`, `event`, …) `item_id`."""

    kind: str
    item_id: str


@dataclass
class ScreenReady(Message):
    """A brief screen is built and restored: a pending reload may replace it now, and what's
    new may be worked out."""

    screen: Screen[Any]  # a BriefScreen: messages sit below the screens that send them


@dataclass
class ScreenResumed(Message):
    """A brief screen is on top again (a dialog closed): show a reload that waited."""

    screen: Screen[Any]  # a BriefScreen: messages sit below the screens that send them
