"""The header: the brief's title, its as-of date and its source line. No clock, so snapshots are
stable and the screen is calm."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from brief.model import Brief
from brief.tui.content import plural, text


def source_line(brief: Brief) -> str:
    """ "3 sources: Dawn, The Daily Star, Reuters" — publishers where known, else titles."""
    names: list[str] = []
    for source in brief.sources:
        name = source.publisher or source.title
        if name not in names:
            names.append(name)
    return f"{plural(len(brief.sources), 'source')}: {', '.join(names)}"


class BriefHeader(Widget):
    """Two calm lines: the title and as-of date, then the source line; each cut with an
    ellipsis when it is wider than the terminal."""

    DEFAULT_CSS = """
    BriefHeader { height: 2; background: $panel; padding: 0 1; }
    BriefHeader Horizontal { height: 1; }
    BriefHeader Static { text-wrap: nowrap; text-overflow: ellipsis; }
    BriefHeader #title { width: 1fr; text-style: bold; color: $text; }
    BriefHeader #as-of { width: auto; margin-left: 2; color: $text-secondary; text-style: bold; }
    BriefHeader #sources { color: $text-muted; }
    """

    def __init__(self, brief: Brief) -> None:
        super().__init__()
        self.brief = brief

    def compose(self) -> ComposeResult:
        brief = self.brief
        with Horizontal():
            yield Static(text(brief.title), id="title")
            yield Static(f"as of {brief.as_of.display()}", id="as-of", markup=False)
        yield Static(text(source_line(brief)), id="sources")
