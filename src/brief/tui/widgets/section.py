"""A section tab: summary, points as readable paragraphs with chips, and its timeline events."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from brief.model import Actor, Brief, Event, Point, Section
from brief.text import prose
from brief.tui.content import DATE, HEADING, MUTED, chips, item_date, join, source_marks, text
from brief.tui.widgets.reading import READING_BINDINGS, mark_hit


def point_content(
    brief: Brief, point: Point, numbers: dict[str, int], actors: dict[str, Actor]
) -> Content:
    """Date and chips on the first line, then the paragraph with its source markers."""
    meta = join([text(item_date(point), DATE), chips(brief, point, actors)], "  ")
    body = join([text(prose(point.text)), source_marks(numbers, point.sources)])
    return Content("\n").join([meta, body]) if meta else body


def event_content(
    brief: Brief, event: Event, numbers: dict[str, int], actors: dict[str, Actor]
) -> Content:
    head = join([text(item_date(event), DATE), text(event.title, "bold")], "  ")
    lines = [head]
    if event.text:
        lines.append(text(prose(event.text)))
    tail = join([chips(brief, event, actors), source_marks(numbers, event.sources)], "  ")
    if tail:
        lines.append(tail)
    return Content("\n").join(lines)


def item_widget_id(kind: str, position: int) -> str:
    """DOM ids for jump targets, from positions ("point-3"): any brief id is safe."""
    return f"{kind}-{position}"


class SectionView(VerticalScroll, can_focus=True):
    """Built on first show (see `populate`): hidden tabs cost nothing at start-up."""

    BINDINGS = READING_BINDINGS

    def __init__(self, brief: Brief, section: Section, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="reading")
        self.brief = brief
        self.section = section
        self.populated = False

    async def populate(self) -> None:
        if self.populated:
            return
        self.populated = True
        await self.mount_all(list(self._widgets()))

    def _widgets(self) -> list[Static]:
        brief, section = self.brief, self.section
        numbers, actors = brief.source_numbers(), brief.actor_map()
        widgets: list[Static] = []
        if section.summary:
            widgets.append(Static(text(prose(section.summary)), classes="summary"))
        for n, point in enumerate(section.points):
            widgets.append(
                Static(
                    point_content(brief, point, numbers, actors),
                    id=item_widget_id("point", n),
                    classes="point item",
                )
            )
        events = [e for e in brief.events_in_order() if e.section == section.id]
        if events:
            widgets.append(Static(text("On the timeline", HEADING), classes="heading"))
            widgets.extend(
                Static(
                    event_content(brief, e, numbers, actors),
                    id=item_widget_id("event", n),
                    classes="event item",
                )
                for n, e in enumerate(events)
            )
        if not section.points and not events:
            widgets.append(Static(text("Nothing in this section yet.", MUTED)))
        return widgets

    def flash(self, kind: str, position: int) -> bool:
        """Highlight the item (`kind` "point" or "event", by position) and scroll it to the top."""
        found = self.query(f"#{item_widget_id(kind, position)}")
        if not found:
            return False
        mark_hit(self, found.first())
        return True
