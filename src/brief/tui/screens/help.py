"""The help screen: every binding, by where it works, with the keys in effect (keymap applied),
and the brief's tabs by name. Two columns at 80 columns; the binding ids (for keymap.toml) as a
third column when there is room."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from brief.tui.keys import APP_BINDINGS
from brief.tui.widgets.footer import KeyBar
from brief.tui.widgets.reading import READING_BINDINGS

if TYPE_CHECKING:
    from brief.tui.tabs import BriefTab

# The binding ids column shows from this table width up.
IDS_MIN_WIDTH = 90
KEYS_WIDTH, IDS_WIDTH = 14, 22


def binding_groups() -> list[tuple[str, list[Binding]]]:
    # Imported here: help is opened rarely and these modules are already loaded by then.
    from brief.tui.screens.brief import BriefScreen
    from brief.tui.widgets.event_detail import EventDetail
    from brief.tui.widgets.event_list import EventList
    from brief.tui.widgets.lanes import LanesView
    from brief.tui.widgets.timeline import QueryInput, TimelinePane

    def bindings(items: Iterable[Binding | tuple[str, ...]]) -> list[Binding]:
        return [b for b in items if isinstance(b, Binding)]

    reading = [b for b in bindings(BriefScreen.BINDINGS) if not (b.id or "").startswith("tab.")]
    return [
        ("Everywhere", [*bindings(APP_BINDINGS), _QUIT_TYPING, _PALETTE, _FOCUS, _FOCUS_BACK]),
        ("Reading a brief", reading),
        ("Overview, sections, event detail", bindings(READING_BINDINGS)),
        ("Timeline", bindings(TimelinePane.BINDINGS) + bindings(QueryInput.BINDINGS)),
        ("Timeline results", bindings(EventList.BINDINGS)),
        ("Timeline lanes (v)", bindings(LanesView.BINDINGS)),
        ("Event detail panel", [b for b in bindings(EventDetail.BINDINGS) if b.key == "escape"]),
    ]


# Textual's own bindings, listed so the help is complete.
_QUIT_TYPING = Binding("ctrl+q", "quit", "Quit, also while typing")
_PALETTE = Binding("ctrl+p", "command_palette", "Command palette: briefs, sections, events, theme")
_FOCUS = Binding("tab", "focus_next", "Next control")
_FOCUS_BACK = Binding("shift+tab", "focus_previous", "Previous control")


def keys_label(binding: Binding, keymap: dict[str, str]) -> str:
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return " ".join(_pretty(k) for k in keys.split(","))


def _pretty(key: str) -> str:
    names = {"slash": "/", "question_mark": "?", "space": "space", "escape": "esc"}
    return names.get(key.strip(), key.strip())


def tab_rows(tabs: Sequence[BriefTab], keymap: dict[str, str]) -> list[tuple[str, str, str]]:
    """(keys, tab title, binding id) for each tab that has a key."""
    rows = []
    for tab in tabs:
        if tab.key is None:
            continue
        binding_id = f"tab.{tab.name if tab.key in ('o', 't') else tab.key}"
        rows.append((keymap.get(binding_id, tab.key), tab.title, binding_id))
    return rows


def help_table(keymap: dict[str, str], tabs: Sequence[BriefTab] = (), width: int = 120) -> Group:
    """One table per group, titled, with the same column widths, so the keys line up."""
    ids = width >= IDS_MIN_WIDTH

    def table(title: str, rows: Iterable[tuple[str, str, str]]) -> Table:
        grid = Table(
            title=Text(title, style="bold underline"),
            title_justify="left",
            box=None,
            expand=True,
            pad_edge=False,
            padding=(0, 2, 0, 0),
        )
        grid.add_column(style="bold", no_wrap=True, width=KEYS_WIDTH)
        grid.add_column(ratio=1)
        if ids:
            grid.add_column(style="dim", no_wrap=True, width=IDS_WIDTH)
        seen: set[tuple[str, str]] = set()
        for keys, does, binding_id in rows:
            if (does, keys) not in seen:
                seen.add((does, keys))
                # Tab titles are brief text: a Text is shown literally.
                cells = (Text(keys), Text(does), Text(binding_id))
                grid.add_row(*(cells if ids else cells[:2]))
        return grid

    groups = binding_groups()
    tables = [table(*_rows(groups[0], keymap))]
    if tabs:
        tables.append(table("Tabs", tab_rows(tabs, keymap)))
    tables.extend(table(*_rows(entry, keymap)) for entry in groups[1:])
    parts: list[Table | Text] = []
    for grid in tables:
        parts += [grid, Text("")]
    if ids:
        parts.insert(0, Text("Binding ids (for keymap.toml) in the right column.", style="dim"))
    return Group(*parts)


def _rows(
    entry: tuple[str, list[Binding]], keymap: dict[str, str]
) -> tuple[str, list[tuple[str, str, str]]]:
    title, bindings = entry
    return title, [(keys_label(b, keymap), b.description, b.id or "") for b in bindings]


class HelpTable(Static):
    """The table, with the ids column when the width it gets has room for it. It is built for
    the terminal's width at once (one layout, not one to measure and one to fill), and built
    again only if a resize crosses `IDS_MIN_WIDTH`."""

    def __init__(self, keymap: dict[str, str], tabs: Sequence[BriefTab], width: int) -> None:
        self.keymap = keymap
        self.tabs = tabs
        self.width = width
        super().__init__(help_table(keymap, tabs, width))

    def on_resize(self, event: events.Resize) -> None:
        if (event.size.width >= IDS_MIN_WIDTH) != (self.width >= IDS_MIN_WIDTH):
            self.width = event.size.width
            self.update(help_table(self.keymap, self.tabs, self.width))


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll(1)", "Scroll", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Scroll", show=False, id="help.up"),
    ]

    def __init__(self, keymap: dict[str, str], tabs: Sequence[BriefTab] = ()) -> None:
        super().__init__(classes="dialog-screen")
        self.keymap = keymap
        self.tabs = tabs

    def compose(self) -> ComposeResult:
        from brief.tui.settings import KEYMAP_FILE, config_dir

        with VerticalScroll(id="dialog", classes="help-dialog"):
            yield Static("Keys", classes="dialog-title", markup=False)
            # The dialog is at most 100 wide and 96% of the terminal, less border and padding.
            width = min(100, int(self.app.size.width * 0.96)) - 6
            yield HelpTable(self.keymap, self.tabs, width)
            note = (
                f"Remap any key by its id in {config_dir() / KEYMAP_FILE}, "
                'for example:  "tab.timeline" = "t,ctrl+t"'
            )
            yield Static(Text(note, style="dim"))
        yield KeyBar()

    def action_scroll(self, delta: int) -> None:
        self.query_one("#dialog").scroll_relative(y=delta * 3, animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
