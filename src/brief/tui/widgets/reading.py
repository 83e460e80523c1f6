"""Key scrolling shared by the reading panes (Overview, sections, event detail)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

READING_BINDINGS: list[BindingType] = [
    Binding("j", "scroll_down", "Scroll down", show=False, id="read.down"),
    Binding("k", "scroll_up", "Scroll up", show=False, id="read.up"),
    Binding("g", "scroll_home", "Top", show=False, id="read.top"),
    Binding("G", "scroll_end", "Bottom", show=False, id="read.bottom"),
    Binding("space", "page_down", "Page down", show=False, id="read.page"),
]
