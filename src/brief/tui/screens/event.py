"""An event in full, as a modal: the timeline's detail on terminals too narrow for its side
panel."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from brief.model import Brief, Event
from brief.tui.content import text
from brief.tui.widgets.event_detail import event_detail
from brief.tui.widgets.footer import KeyBar


class EventDetailScreen(ModalScreen[None]):
    """The same detail as a modal, for terminals too narrow for the side panel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "dismiss", "Close", id="detail.close"),
        Binding("j,down", "scroll(1)", "Scroll", show=False, id="detail.down"),
        Binding("k,up", "scroll(-1)", "Scroll", show=False, id="detail.up"),
    ]

    def __init__(self, brief: Brief, event: Event, note: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.brief = brief
        self.event = event
        self.note = note  # why it shows, if not opened from the list

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="event-detail-dialog"):
            if self.note:
                yield Static(text(self.note, "italic $text-warning"))
            yield Static(event_detail(self.brief, self.event))
        yield KeyBar()

    def action_scroll(self, delta: int) -> None:
        self.query_one("#dialog").scroll_relative(y=delta, animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
