"""The brief picker (`b`): each brief with its title, as-of date and counts; broken files with
their problem, shown but not selectable."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from brief.text import sanitize
from brief.tui.content import MUTED, plural, text
from brief.tui.widgets.overview import problem_line


def entry_prompt(entry: Any) -> Content:
    """From the entry's cached summary: listing a library decodes none of its briefs."""
    if not entry.ok:
        problems = [p for p in entry.problems if p.severity == "error"] or entry.problems
        first = problem_line(problems[0]) if problems else text("could not be loaded")
        more = text(f"  (+{plural(len(problems) - 1, 'more problem')})", MUTED)
        return Content("\n").join(
            [
                text(sanitize(Path(entry.path).name), "bold $text-error"),
                Content.assemble(first, more),
            ]
            if len(problems) > 1
            else [text(sanitize(Path(entry.path).name), "bold $text-error"), first]
        )
    counts = entry.counts()
    line2 = (
        f"as of {entry.as_of.display()} · {plural(counts['sections'], 'section')} · "
        f"{plural(counts['events'], 'event')} · {plural(counts['points'], 'point')} · "
        f"{plural(counts['figures'], 'figure')}"
    )
    return Content("\n").join([text(entry.title, "bold"), text(line2, MUTED)])


class BriefPicker(ModalScreen[Path | None]):
    """Dismisses with the chosen file's path, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="picker.close"),
        Binding("j", "move(1)", "Down", show=False, id="picker.down"),
        Binding("k", "move(-1)", "Up", show=False, id="picker.up"),
    ]

    def __init__(self, entries: list[Any], current: Path | None = None, closable: bool = True):
        super().__init__(classes="dialog-screen")
        self.entries = entries
        self.current = current
        self.closable = closable

    def compose(self) -> ComposeResult:
        good = sum(1 for e in self.entries if e.ok)
        title = f"Briefs: {good} to open" + (
            f", {len(self.entries) - good} with problems" if good < len(self.entries) else ""
        )
        with Vertical(id="dialog", classes="picker-dialog"):
            yield Static(title, classes="dialog-title", markup=False)
            options = [
                Option(entry_prompt(e), id=str(i), disabled=not e.ok)
                for i, e in enumerate(self.entries)
            ]
            yield OptionList(*options, id="picker-list")
        yield Footer()

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        for index, entry in enumerate(self.entries):
            if entry.ok and (self.current is None or entry.path == self.current):
                option_list.highlighted = index
                break

    def action_move(self, delta: int) -> None:
        option_list = self.query_one(OptionList)
        option_list.action_cursor_down() if delta > 0 else option_list.action_cursor_up()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.entries[int(event.option.id or 0)].path)

    def action_cancel(self) -> None:
        if self.closable:
            self.dismiss(None)
