"""Brief text as Textual `Content`: literal text, styled by us, never parsed as markup.

Every string that comes from a brief file reaches the screen through these helpers (or through
`Content(...)` directly), so `[bold]`, `[/]` or `[@click=app.quit]` in a brief shows as typed.
Styles name theme variables, so the text follows the theme and NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.content import Content

from brief.dates import date_label
from brief.model import Actor, Brief, Event, Point

# Named styles, in one place, so every surface marks the same things the same way.
DATE = "bold $text-secondary"
CHIP_ACTOR = "$text-accent"
CHIP_TAG = "$text-success"
SOURCE_MARK = "$text-primary"
MUTED = "$text-muted"
HIT = "bold reverse"
HEADING = "bold $text-primary"


def text(value: str, style: str = "") -> Content:
    """Literal brief text (never markup)."""
    return Content.styled(value, style) if style else Content(value)


def join(parts: Iterable[Content | str], separator: str = " ") -> Content:
    return Content(separator).join(p if isinstance(p, Content) else Content(p) for p in parts if p)


def item_date(item: Event | Point) -> str:
    """The date label at the written precision ("c." approximate, "▷" expected); "" if undated."""
    if item.date is None:
        return ""
    return date_label(item.date, item.end, approx=item.approx, expected=item.expected)


def chips(brief: Brief, item: Event | Point, actors: dict[str, Actor] | None = None) -> Content:
    """Actor chips then tag chips: "Muhammad Yunus · #trade"."""
    actor_map = actors if actors is not None else brief.actor_map()
    parts: list[Content] = []
    for actor_id in item.actors:
        actor = actor_map.get(actor_id)
        parts.append(text(actor.name if actor else actor_id, CHIP_ACTOR))
    parts.extend(text(f"#{tag}", CHIP_TAG) for tag in item.tags)
    return join(parts, " · ")


def source_marks(numbers: dict[str, int], source_ids: Sequence[str]) -> Content:
    """Reference markers "[1][3]" in the order of the brief's source list."""
    marks = [f"[{numbers[s]}]" if s in numbers else f"[{s}]" for s in source_ids]
    return text("".join(marks), SOURCE_MARK) if marks else Content("")


def highlight(value: str, spans: Iterable[tuple[int, int]], style: str = HIT) -> Content:
    """`value` with each (start, end) span styled: matches from the search engine or the fuzzy
    matcher. Spans outside the string are clipped rather than trusted."""
    content = Content(value)
    size = len(value)
    for start, end in spans:
        start, end = max(0, start), min(size, end)
        if start < end:
            content = content.stylize(style, start, end)
    return content


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
