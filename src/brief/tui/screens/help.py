"""The help screen: every binding, by where it works, with the keys in effect (keymap applied)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from brief.tui.keys import APP_BINDINGS
from brief.tui.widgets.reading import READING_BINDINGS


def binding_groups() -> list[tuple[str, list[Binding]]]:
    # Imported here: help is opened rarely and these modules are already loaded by then.
    from brief.tui.screens.brief import BriefScreen
    from brief.tui.widgets.event_list import EventList
    from brief.tui.widgets.lanes import LanesView
    from brief.tui.widgets.timeline import QueryInput, TimelinePane

    def bindings(items: Iterable[BindingType]) -> list[Binding]:
        return [b for b in items if isinstance(b, Binding)]

    return [
        ("Everywhere", [*bindings(APP_BINDINGS), _PALETTE, _FOCUS, _FOCUS_BACK]),
        ("Reading a brief", bindings(BriefScreen.BINDINGS)),
        ("Overview, sections, event detail", bindings(READING_BINDINGS)),
        ("Timeline", bindings(TimelinePane.BINDINGS) + bindings(QueryInput.BINDINGS)),
        ("Timeline results", bindings(EventList.BINDINGS)),
        ("Timeline lanes (v)", bindings(LanesView.BINDINGS)),
    ]


# Textual's own bindings, listed so the help is complete.
_PALETTE = Binding("ctrl+p", "command_palette", "Command palette: briefs, sections, events, theme")
_FOCUS = Binding("tab", "focus_next", "Next control")
_FOCUS_BACK = Binding("shift+tab", "focus_previous", "Previous control")


def keys_label(binding: Binding, keymap: dict[str, str]) -> str:
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return " ".join(_pretty(k) for k in keys.split(","))


def _pretty(key: str) -> str:
    names = {"slash": "/", "question_mark": "?", "space": "space", "escape": "esc"}
    return names.get(key.strip(), key.strip())


def help_table(keymap: dict[str, str]) -> Table:
    table = Table(box=box.SIMPLE, show_header=True, expand=True, pad_edge=False)
    table.add_column("Keys", style="bold", no_wrap=True)
    table.add_column("Does")
    table.add_column("Binding id (for keymap.toml)", style="dim", no_wrap=True)
    for title, group in binding_groups():
        table.add_row(Text(title, style="bold underline"), Text(""), Text(""))
        seen: set[tuple[str, str]] = set()
        for binding in group:
            label = keys_label(binding, keymap)
            if (binding.description, label) in seen:
                continue
            seen.add((binding.description, label))
            table.add_row(Text(label), Text(binding.description), Text(binding.id or ""))
        table.add_row(Text(""), Text(""), Text(""))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll(1)", "Scroll", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Scroll", show=False, id="help.up"),
    ]

    def compose(self) -> ComposeResult:
        from brief.tui.settings import KEYMAP_FILE, config_dir

        keymap = getattr(self.app, "keymap", {})
        with VerticalScroll(id="dialog", classes="help-dialog"):
            yield Static("Keys", classes="dialog-title", markup=False)
            yield Static(help_table(keymap))
            note = (
                f"Remap any key by its id in {config_dir() / KEYMAP_FILE}, "
                'for example:  "tab.timeline" = "t,ctrl+t"'
            )
            yield Static(Text(note, style="dim"))
        yield Footer()

    def action_scroll(self, delta: int) -> None:
        self.query_one("#dialog").scroll_relative(y=delta * 3, animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
