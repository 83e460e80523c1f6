"""The brief picker (`b`, and at start when there are several briefs): typing filters it. Each
brief shows its title, id, as-of date, counts and path; broken files come after the valid ones,
with their problem, shown but not selectable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from brief.text import sanitize
from brief.tui.content import MUTED, plural, text
from brief.tui.screens.type_ahead import TypeAhead
from brief.tui.widgets.footer import KeyBar
from brief.tui.widgets.overview import problem_line

if TYPE_CHECKING:
    from brief.library import Entry


def shown_path(path: Path) -> str:
    """The path as the reader would type it: under the home directory as `~/…`."""
    home = str(Path.home())
    value = str(path)
    if value.startswith(home + "/"):
        value = "~" + value[len(home) :]
    return sanitize(value)


def entry_prompt(entry: Entry) -> Content:
    """From the entry's cached summary: listing a library decodes none of its briefs."""
    where = text(shown_path(Path(entry.path)), MUTED)
    if not entry.ok:
        problems = entry.errors or entry.problems
        first = problem_line(problems[0]) if problems else text("could not be loaded")
        if len(problems) > 1:
            first = Content.assemble(
                first, text(f"  (+{plural(len(problems) - 1, 'more problem')})", MUTED)
            )
        return Content("\n").join(
            [text(sanitize(Path(entry.path).name), "bold $text-error"), first]
        )
    counts = entry.counts() or {}
    as_of = entry.as_of
    details = " · ".join(
        [
            entry.brief_id or "",
            *([f"as of {as_of.display()}"] if as_of else []),
            *(plural(counts.get(k, 0), k.rstrip("s")) for k in ("sections", "events")),
        ]
    )
    return Content("\n").join([text(entry.title or "", "bold"), text(details, MUTED), where])


def entry_text(entry: Entry) -> str:
    """What typing matches: title, id and file name."""
    return " ".join(
        p for p in (entry.title if entry.ok else "", entry.brief_id, Path(entry.path).name) if p
    )


class BriefPicker(TypeAhead, ModalScreen[Path | None]):
    """Dismisses with the chosen file's path, or None (Esc: back to the brief under it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="picker.close"),
        Binding("down", "move(1)", "Down", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.up"),
    ]
    TYPE_AHEAD_BOX = "#picker-filter"

    def __init__(self, entries: list[Entry], current: Path | None = None):
        super().__init__(classes="dialog-screen")
        # Valid briefs first (in library order), then the broken files.
        self.entries = [e for e in entries if e.ok] + [e for e in entries if not e.ok]
        self.current = current
        self._fuzzy = FuzzySearch()

    def compose(self) -> ComposeResult:
        good = sum(1 for e in self.entries if e.ok)
        title = f"Briefs: {good} to open" + (
            f", {len(self.entries) - good} with problems" if good < len(self.entries) else ""
        )
        with Vertical(id="dialog", classes="picker-dialog"):
            yield Static(title, classes="dialog-title", markup=False)
            yield Input(placeholder="Type to filter by title, id or file", id="picker-filter")
            yield OptionList(id="picker-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill("")
        option_list = self.query_one(OptionList)
        for index, entry in enumerate(self.entries):
            if entry.ok and (self.current is None or entry.path == self.current):
                option_list.highlighted = index
                break

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, needle: str) -> None:
        options = [
            Option(entry_prompt(entry), id=str(n), disabled=not entry.ok)
            for n, entry in enumerate(self.entries)
            if not needle or self._fuzzy.match(needle, entry_text(entry))[0] > 0
        ]
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        option_list.highlighted = first

    def action_move(self, delta: int) -> None:
        option_list = self.query_one(OptionList)
        option_list.action_cursor_down() if delta > 0 else option_list.action_cursor_up()

    @on(Input.Submitted, "#picker-filter")
    def _submit(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            option = option_list.get_option_at_index(option_list.highlighted)
            if not option.disabled:
                self._choose(option)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option)

    def _choose(self, option: Option) -> None:
        self.dismiss(self.entries[int(option.id or 0)].path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StartPicker(BriefPicker):
    """The picker at start-up, with no brief under it: Esc quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Quit", id="picker.close"),
    ]

    def action_cancel(self) -> None:
        self.app.exit()
