"""Shown when no brief could be opened: says why, lists each problem, and how to fix it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from brief.errors import Problem
from brief.tui.content import MUTED, text
from brief.tui.widgets.footer import KeyBar
from brief.tui.widgets.overview import problem_line


class NoBriefScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "app.reload", "Try again", id="nobrief.reload")
    ]

    def __init__(self, problems: Sequence[Problem], searched: Sequence[str] = ()) -> None:
        super().__init__()
        self.problems = list(problems)
        self.searched = list(searched)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="nobrief", classes="reading"):
            yield Static("No brief to open", classes="dialog-title", markup=False)
            if self.problems:
                yield Static(
                    text("These files were found but could not be loaded:", MUTED),
                    classes="summary",
                )
                yield Static(Content("\n").join(problem_line(p) for p in self.problems))
            else:
                where = ", ".join(self.searched) or "the paths given"
                yield Static(text(f"No brief files were found in {where}."), classes="summary")
            yield Static(
                text(
                    "How to fix it:\n"
                    "  • Fix the file at the line and column shown, then press r to try again.\n"
                    "  • Run `brief validate PATH` for every problem in a file.\n"
                    "  • Start a new brief with `brief new SLUG`, or open a file with `brief PATH`."
                ),
                classes="summary",
            )
        yield KeyBar()
