"""Shown while the first library loads from scratch (nothing cached yet): how many files and
events have loaded so far, from `Progress` messages the loading worker posts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from brief.tui.content import text
from brief.tui.widgets.footer import KeyBar


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


class LoadingScreen(Screen[None]):
    DEFAULT_CSS = """
    LoadingScreen {
        align: center middle;
    }
    LoadingScreen > #loading {
        width: auto;
        height: auto;
        padding: 1 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.quit", "Quit", id="loading.quit")
    ]

    @dataclass
    class Progress(Message):
        """Posted (from the loading thread) with the counts loaded so far."""

        files: int
        events: int

    files: reactive[int] = reactive(0)
    events: reactive[int] = reactive(0)

    def compose(self) -> ComposeResult:
        yield Static(text(self._line()), id="loading")
        yield KeyBar()

    def _line(self) -> str:
        return f"Loading briefs… {_count(self.files, 'file')}, {_count(self.events, 'event')}"

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        self.files, self.events = message.files, message.events

    def watch_files(self) -> None:
        self._show()

    def watch_events(self) -> None:
        self._show()

    def _show(self) -> None:
        if self.is_mounted:
            self.query_one("#loading", Static).update(text(self._line()))
