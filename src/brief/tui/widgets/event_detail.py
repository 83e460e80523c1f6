"""An event in full: date, title, text, actors, tags, sources and the approximate/expected note."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from brief.model import Brief, Event
from brief.text import prose
from brief.tui.content import CHIP_ACTOR, CHIP_TAG, DATE, MUTED, item_date, join, text
from brief.tui.widgets.overview import citation
from brief.tui.widgets.reading import READING_BINDINGS


def event_detail(brief: Brief, event: Event) -> Content:
    lines: list[Content] = [text(item_date(event), DATE), text(event.title, "bold")]
    notes = []
    if event.approx:
        notes.append("The date is approximate (c.): inferred, not reported exactly.")
    if event.expected:
        notes.append("Expected (▷): this had not happened by the brief's as-of date.")
    lines.extend(text(n, "italic $text-warning") for n in notes)
    if event.text:
        lines += [Content(""), text(prose(event.text))]
    sections = brief.section_map()
    if event.section:
        section = sections.get(event.section)
        lines += [
            Content(""),
            join([text("Section", MUTED), text(section.title if section else event.section)]),
        ]
    actors = brief.actor_map()
    if event.actors:
        lines += [Content(""), text("Actors", MUTED)]
        for actor_id in event.actors:
            actor = actors.get(actor_id)
            name = text(actor.name if actor else actor_id, CHIP_ACTOR)
            role = text(f"— {actor.role}", MUTED) if actor and actor.role else Content("")
            lines.append(join([Content(" "), name, role]))
    if event.tags:
        lines += [
            Content(""),
            join([text("Tags", MUTED), *(text(f"#{t}", CHIP_TAG) for t in event.tags)]),
        ]
    if event.sources:
        lines += [Content(""), text("Sources", MUTED)]
        numbers, sources = brief.source_numbers(), brief.source_map()
        lines.extend(
            citation(numbers[s], sources[s]) if s in sources else text(f"[{s}]")
            for s in event.sources
        )
    return Content("\n").join(lines)


class EventDetail(VerticalScroll, can_focus=True):
    """The side panel beside the timeline list on wide terminals. Esc goes back to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *READING_BINDINGS,
        Binding("escape", "back", "Back to the list", id="detail.back"),
    ]

    class Back(Message):
        """Esc in the panel: the timeline gives the focus back to its list."""

    def compose(self) -> ComposeResult:
        yield Static(text("Select an event to read it here.", MUTED), id="detail-body")

    def show(self, brief: Brief | None, event: Event | None, note: str = "") -> None:
        """Show `event`; `note`, if given, in italics above it (why it shows)."""
        body = self.query_one("#detail-body", Static)
        if brief is None or event is None:
            body.update(text("No event selected.", MUTED))
        else:
            detail = event_detail(brief, event)
            if note:
                detail = Content("\n").join([text(note, "italic $text-warning"), detail])
            body.update(detail)
        self.scroll_home(animate=False)

    def action_back(self) -> None:
        self.post_message(self.Back())
