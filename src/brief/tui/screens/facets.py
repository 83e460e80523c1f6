"""Pick a section, actor or tag; the Timeline adds its qualifier (`actor:yunus`) to the query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from brief.model import Brief
from brief.tui.content import MUTED, highlight, text
from brief.tui.widgets.footer import KeyBar


@dataclass(frozen=True, slots=True)
class Facet:
    kind: str
    value: str  # the id the query language takes
    label: str  # what the reader sees

    @property
    def qualifier(self) -> str:
        return f"{self.kind}:{self.value}"


def facets(brief: Brief) -> list[Facet]:
    found = [Facet("section", s.id, s.title) for s in brief.sections]
    found += [Facet("actor", a.id, a.name) for a in brief.actors]
    tags = sorted({t for e in brief.timeline for t in e.tags})
    found += [Facet("tag", t, f"#{t}") for t in tags]
    return found


class FacetPicker(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="facets.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="facets.down"),
        Binding("up", "move(-1)", "Up", show=False, id="facets.up"),
    ]

    def __init__(self, brief: Brief, kind: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.kind = kind
        self.all = [f for f in facets(brief) if kind is None or f.kind == kind]
        self._fuzzy = FuzzySearch()

    def compose(self) -> ComposeResult:
        title = f"Filter the timeline by {self.kind or 'section, actor or tag'}"
        with Vertical(id="dialog", classes="facet-dialog"):
            yield Static(title, classes="dialog-title", markup=False)
            yield Input(placeholder="Type to narrow", id="facet-filter")
            yield OptionList(id="facet-options")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill("")

    @on(Input.Changed, "#facet-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, needle: str) -> None:
        options: list[Option] = []
        for facet in self.all:
            spans: list[tuple[int, int]] = []
            if needle:
                score, offsets = self._fuzzy.match(needle, facet.label)
                if not score:
                    continue
                spans = [(o, o + 1) for o in offsets]
            prompt = Content.assemble(
                text(f"{facet.kind:<8}", MUTED), highlight(facet.label, spans, "bold $text-accent")
            )
            options.append(Option(prompt, id=facet.qualifier))
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        if options:
            option_list.highlighted = 0

    def action_move(self, delta: int) -> None:
        option_list = self.query_one(OptionList)
        option_list.action_cursor_down() if delta > 0 else option_list.action_cursor_up()

    @on(Input.Submitted, "#facet-filter")
    def _submit(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self.dismiss(option_list.get_option_at_index(option_list.highlighted).id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
