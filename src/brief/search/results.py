"""What a search returns: `Result`s with their highlights as data (spans), `SearchResults`, and
`highlight`, which draws spans as a Rich Text for the clients that want one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from brief.dates import PartialDate, date_label
from brief.query import Kind, Query

if TYPE_CHECKING:
    from rich.text import Text as RichText

Span = tuple[int, int]


class Result(NamedTuple):
    """One matching item. Highlights are data (`title_spans`, `snippet_spans`: [start, end)
    offsets into `title` and `snippet`), never markup: every client draws them itself.

    NamedTuples, not dataclasses, here: see brief.errors.Problem."""

    brief: str
    kind: Kind
    id: str
    section: str | None
    section_title: str | None
    date: PartialDate | None
    end: PartialDate | None
    approx: bool  # the item's date is inferred (written `approx: true`)
    expected: bool
    title: str
    snippet: str
    title_spans: tuple[Span, ...]
    snippet_spans: tuple[Span, ...]
    actors: tuple[str, ...]  # actor ids
    actor_names: tuple[str, ...]
    tags: tuple[str, ...]
    # The item matched a date qualifier only through its coarser date (a year-only event for
    # `on:2025-03`), so the app shows it as approximate.
    approx_match: bool = False
    score: float = 0.0  # BM25, lower is better; 0 without words to rank by

    @property
    def date_label(self) -> str:
        """'c. Jan 2025', '▷ 2026', '23 Aug 2025'; '' when undated."""
        if self.date is None:
            return ""
        approx = self.approx or self.approx_match
        return date_label(self.date, self.end, approx=approx, expected=self.expected)

    def highlighted_title(self, style: str = "bold reverse") -> RichText:
        return highlight(self.title, self.title_spans, style)

    def highlighted_snippet(self, style: str = "bold reverse") -> RichText:
        return highlight(self.snippet, self.snippet_spans, style)

    def to_json(self) -> dict[str, Any]:
        """The `--json` object: dates as written (or null), spans as [start, end] pairs."""
        return {
            "brief": self.brief,
            "kind": self.kind,
            "id": self.id,
            "section": self.section,
            "date": str(self.date) if self.date else None,
            "end": str(self.end) if self.end else None,
            "date_label": self.date_label,
            "approx": self.approx,
            "approx_match": self.approx_match,
            "expected": self.expected,
            "title": self.title,
            "actors": list(self.actors),
            "tags": list(self.tags),
            "snippet": self.snippet,
            "spans": {
                "title": [list(s) for s in self.title_spans],
                "snippet": [list(s) for s in self.snippet_spans],
            },
        }


class SearchResults:
    """A page of results, the query's warnings and how many matched in all."""

    __slots__ = ("query", "results", "total", "warnings")

    def __init__(
        self, results: list[Result], warnings: tuple[str, ...], total: int, query: Query
    ) -> None:
        self.results, self.warnings = results, warnings
        self.total = total  # every match, before the limit
        self.query = query

    def __repr__(self) -> str:
        return f"SearchResults({len(self.results)} of {self.total}, query={self.query.text!r})"

    def __iter__(self) -> Iterator[Result]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


def highlight(text: str, spans: Iterable[Span], style: str = "bold reverse") -> RichText:
    """A Rich Text of `text` (never parsed as markup) with `style` over each span."""
    from rich.text import Text as RichText

    rich = RichText(text)
    for start, end in spans:
        rich.stylize(style, start, end)
    return rich
