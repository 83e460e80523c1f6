"""An event in full: date, title, text, actors, tags, sources and the approximate/expected note."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from brief.model import Brief, Event
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
        lines += [Content(""), text(event.text.strip())]
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
    """The side panel beside the timeline list on wide terminals."""

    BINDINGS = READING_BINDINGS

    def compose(self) -> ComposeResult:
        yield Static(text("Select an event to read it here.", MUTED), id="detail-body")

    def show(self, brief: Brief | None, event: Event | None) -> None:
        body = self.query_one("#detail-body", Static)
        if brief is None or event is None:
            body.update(text("No event selected.", MUTED))
        else:
            body.update(event_detail(brief, event))
        self.scroll_home(animate=False)


class EventDetailScreen(ModalScreen[None]):
    """The same detail as a modal, for terminals too narrow for the side panel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "dismiss", "Close", id="detail.close"),
        Binding("j,down", "scroll(1)", "Scroll", show=False, id="detail.down"),
        Binding("k,up", "scroll(-1)", "Scroll", show=False, id="detail.up"),
    ]

    def __init__(self, brief: Brief, event: Event) -> None:
        super().__init__(classes="dialog-screen")
        self.brief = brief
        self.event = event

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="event-detail-dialog"):
            yield Static(event_detail(self.brief, self.event))
        yield Footer()

    def action_scroll(self, delta: int) -> None:
        self.query_one("#dialog").scroll_relative(y=delta, animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
