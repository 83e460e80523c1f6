"""The one-page summary: what a reader hands a colleague instead of the whole brief.

A title block with the sources on one line, the brief's summary, the key figures (without their
notes), each section's title and lede (its summary, or the first sentence of a long one; never
its points), the key events, and a footer naming the brief and the command that prints it
whole. At width 100 the bundled brief's summary fits in 60 lines (tests/test_summary.py).

`brief.view.select(..., summary=True)` chooses what goes in (the key events among them); this
module only draws it, from the same pieces as `brief.render`, so both look alike.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from brief import __version__
from brief.model import Source
from brief.render import (
    S_BORDER,
    S_DATE,
    S_EVENT_TITLE,
    S_HEADING,
    S_META,
    S_RULE,
    S_SUBTITLE,
    S_TITLE,
    citation,
    date_cell,
    heading,
    item_date,
    iter_blocks,
    join_parts,
    made_stamp,
    plain,
    render_figures,
    render_summary,
    source_markers,
)
from brief.text import flat
from brief.view import View

# A sentence ends at ".", "!" or "?" (maybe closed by a quote or bracket) before a space and a
# capital, digit or opening quote: "in 13 years. The author" ends one, "c. 2 million" does not.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# Abbreviations a sentence does not end on.
_ABBREVIATION = re.compile(r"(?:\b(?:c|ca|e\.g|i\.e|etc|vs|Mr|Ms|Mrs|Dr|St|No|Gen|Col|Lt)\.)$")
# The events' date column: "c. 23 Aug 2025"; longer ranges break after their dash.
EVENT_DATE_WIDTH = 16
# Below this width the events leave out their section column.
SECTION_COLUMN_FROM = 72
# A section summary up to this long is shown whole: two lines at the default width.
LEDE_LIMIT = 190


def lede(text: str) -> str:
    """A section's gist in a line or two: its summary when that is short, else the first
    sentence, with "…" to say more follows."""
    line = flat(text)
    if len(line) <= LEDE_LIMIT:
        return line
    for match in _SENTENCE_END.finditer(line):
        head = line[: match.start()]
        if not _ABBREVIATION.search(head):
            return line[: match.start() + len(match.group(0).rstrip())].rstrip() + " …"
    return line


def full_command(view: View, fmt: str | None = None) -> str:
    """The command that makes the whole version of this view: `brief show ID` for the
    terminal, `brief export ID --format FMT` for an export, with the same sections and query."""
    words = ["brief", "export" if fmt else "show", view.brief.id]
    for section_id in view.section_ids:
        words += ["--section", section_id]
    if view.query:
        words += ["--query", view.query]
    if fmt:
        words += ["--format", fmt]
    return shlex.join(words)


def iter_document(
    view: View,
    *,
    now: dt.datetime | None = None,
    footer: bool = True,
    links: bool = False,
    fmt: str | None = None,
    chart: bool = False,
    width: int | None = None,
) -> Iterator[RenderableType]:
    """The view's blocks: the summary's when it is a summary view, else the whole document's
    (`chart` adds the lanes chart after its timeline)."""
    if view.summary:
        return iter_summary_blocks(view, now=now, stamp=footer, command=full_command(view, fmt))
    return iter_blocks(view, now=now, footer=footer, links=links, chart=chart, width=width)


def iter_summary_blocks(
    view: View, *, now: dt.datetime | None = None, stamp: bool = True, command: str = ""
) -> Iterator[RenderableType]:
    """The summary as blocks in reading order. `stamp` adds when and with what it was made (the
    exports' last line); `command` is the one the footer gives for the whole brief."""
    brief = view.brief
    yield summary_title_block(view)
    if not view.scoped and brief.summary:
        yield Padding(render_summary(brief.summary), (1, 0, 0, 1))
    if view.figures:
        yield Group(Text(), heading("Key figures"))
        yield _block(render_figures(brief, view.figures, notes=False))
    if view.sections:
        yield Group(Text(), heading("Sections"))
        yield _block(summary_sections(view))
    if view.events:
        marked = any(e.key for e in view.events)
        yield Group(Text(), heading("Key events" if marked else "Latest and expected events"))
        yield _block(summary_events(view))
    yield Group(Text(), summary_footer(view, now=now, stamp=stamp, command=command))


def _block(renderable: RenderableType) -> Padding:
    # Unlike the whole document, no blank line under each heading: the page has none to spare.
    return Padding(renderable, (0, 0, 0, 1))


def summary_title_block(view: View) -> RenderableType:
    """Title, subtitle, then the as-of date, the sections and query it covers and every source
    on one line, over a heavy rule."""
    brief = view.brief
    lines: list[RenderableType] = [plain(brief.title, S_TITLE)]
    if brief.subtitle:
        lines.append(plain(brief.subtitle, S_SUBTITLE))
    meta = Text.assemble(("As of ", S_META), (brief.as_of.display(), S_DATE))
    if view.section_ids:
        titles = {s.id: s.title for s in brief.sections}
        label = "Section " if len(view.section_ids) == 1 else "Sections "
        meta.append(f"  ·  {label}", S_META)
        meta.append(plain(", ".join(titles[s] for s in view.section_ids)))
    if view.query:
        meta.append("  ·  Query ", S_META)
        meta.append(plain(view.query))
    meta.append("  ·  ", S_META)
    meta.append(summary_sources(view))
    lines.append(meta)
    return Group(*lines, Rule(style=S_RULE, characters="━"))


def summary_sources(view: View) -> Text:
    """ "Source: Author, “Title”. Publisher, date. [1]": every source the summary cites (every
    source when it cites none), so each marker on the page is resolved on the page."""
    sources = summary_source_list(view)
    text = Text("Source: " if len(sources) == 1 else "Sources: ", S_META)
    for n, source in enumerate(sources):
        if n:
            text.append("; ", S_META)
        text.append(citation(source, full=False))
        text.append(" ")
        text.append(source_markers(view.brief, [source.id], view.numbers))
    return text


def summary_source_list(view: View) -> list[Source]:
    return view.sources or view.brief.sources


def summary_sections(view: View) -> RenderableType:
    """Each section as a run-in heading (its title) and the lede of its summary."""
    lines = []
    for section, _points in view.sections:
        line = Text()  # not plain(title, style): that style would cover the whole line
        line.append(plain(section.title, S_HEADING))
        if section.summary:
            line.append(" — ", S_META)
            line.append(plain(lede(section.summary)))
        lines.append(line)
    return Group(*lines)


def summary_events(view: View) -> RenderableType:
    """One line per event: date, title with its sources and, where there is room, section."""
    return _EventLines(view)


class _EventLines:
    """The events' grid, laid out for the width it is drawn at: narrow pages drop the section
    column, and a long date range breaks after its dash, so titles keep their room."""

    def __init__(self, view: View) -> None:
        self.view = view

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        view = self.view
        titles = {s.id: s.title for s in view.brief.sections}
        dates = [item_date(e) for e in view.events]
        date_width = min(max(map(cell_len, dates)), EVENT_DATE_WIDTH)
        with_section = options.max_width >= SECTION_COLUMN_FROM
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(width=date_width)
        grid.add_column(ratio=1)
        if with_section:
            grid.add_column(max_width=24, style=S_META)
        for event, date in zip(view.events, dates, strict=True):
            title = join_parts(
                plain(event.title, S_EVENT_TITLE),
                source_markers(view.brief, event.sources, view.numbers),
            )
            section = plain(titles.get(event.section or "", ""))
            cells = (date_cell(date, date_width), title, section)
            grid.add_row(*(cells if with_section else cells[:2]))
        yield grid


def summary_footer(
    view: View, *, now: dt.datetime | None = None, stamp: bool = True, command: str = ""
) -> RenderableType:
    """Names the brief and the command for its whole version; when it was made, for exports."""
    text = Text(f"Summary of {view.brief.id}", S_META)
    if command:
        text.append("  ·  the whole brief: ", S_META)
        text.append(plain(command))
    if stamp:
        text.append(f"\nMade {made_stamp(now)} with brief {__version__}", S_META)
    return Group(Rule(style=S_BORDER), text)
