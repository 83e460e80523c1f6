"""The reading panes' scrolling keys (Overview, sections, event detail), and marking a search
hit in them."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.widget import Widget

READING_BINDINGS: list[BindingType] = [
    Binding("j", "scroll_down", "Scroll down", show=False, id="read.down"),
    Binding("k", "scroll_up", "Scroll up", show=False, id="read.up"),
    Binding("g", "scroll_home", "Top", show=False, id="read.top"),
    Binding("G", "scroll_end", "Bottom", show=False, id="read.bottom"),
    Binding("space", "page_down", "Page down", show=False, id="read.page"),
]


def mark_hit(pane: ScrollableContainer, widget: Widget, tries: int = 20) -> None:
    """Mark `widget` as the search hit (the only one on screen) and scroll `pane` to put it at
    the top. The pane may not be laid out yet (its tab is being shown): then it tries again
    after the next refreshes."""
    for old in pane.screen.query(".-hit"):
        old.remove_class("-hit")
    widget.add_class("-hit")

    def bring(tries: int) -> None:
        if pane.size.height and widget.region:
            pane.scroll_to_widget(widget, animate=False, top=True, immediate=True)
        elif tries:
            pane.call_after_refresh(bring, tries - 1)

    pane.call_after_refresh(bring, tries)
