"""The one summary renderer: Rich renderables built from the model.

`brief show`, every export format and the TUI's Overview and section tabs all render through this
module, so a brief looks the same wherever it is read. Each piece (title block, summary, figures,
a section, the timeline, actors, references, footer) is exposed on its own for the TUI's tabs;
`render_brief` puts them together.

Brief text is untrusted. It only ever enters Rich as `Text(...)` objects, never as markup strings,
and is passed through `brief.text.sanitize` once more here: the loader already did that, but a
brief built in code (a test, a plugin) must not be able to smuggle a control sequence into a
terminal or an SVG either.

What to show is decided by `brief.view.select` (sections chosen and/or a query), which gives a
`View`; the renderers only draw what they are handed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Span, Text

from brief.dates import date_label
from brief.limits import REFERENCE_LIMIT
from brief.model import (
    ACTOR_KIND_HEADINGS,
    ACTOR_KINDS,
    Actor,
    Brief,
    Event,
    Figure,
    Point,
    Section,
    Source,
)
from brief.tables import FastTable, Indented, Rows
from brief.text import clip, flat, paragraphs, prose, sanitize
from brief.view import Matcher, View, select

# --- Palette -------------------------------------------------------------------------------------
# Mid-tone colours whose luminance sits between a white and a near-black page (WCAG contrast of
# about 4:1 against both), so the same styles read well in a dark or light terminal and in an HTML
# export that follows the reader's colour scheme. Body text has no colour at all: it inherits the
# terminal's or the page's own foreground. No `dim`: exports would bake it into one fixed grey.
ACCENT = "#4f7fc0"
TEAL = "#2a8c82"
AMBER = "#a8791f"
MUTED = "#6e7781"
RISE = "#3d8f5a"
FALL = "#c0504d"

S_TITLE = Style(bold=True)
S_SUBTITLE = Style(italic=True)
S_HEADING = Style(color=ACCENT, bold=True)
S_RULE = Style(color=ACCENT)
S_META = Style(color=MUTED)
S_LABEL = Style(color=MUTED, bold=True)
S_DATE = Style(color=TEAL)
S_MARKER = Style(color=ACCENT)
S_ACTOR = Style(color=AMBER)
S_CHIP = Style(color="#dbe4ee", bgcolor="#33404f")
S_EVENT_TITLE = Style(bold=True)
S_VALUE = Style(bold=True)
S_HEADER = Style(color=MUTED, bold=True)
S_BORDER = Style(color=MUTED)


# Timeline rows are drawn in tables of this many rows with fixed column widths, so a long filtered
# timeline can be streamed table by table (see brief.export) and still line up as one table.
TIMELINE_CHUNK = 200
# Widest date column for points: "c. 23 Aug 2025"; wider ranges break after their dash.
POINT_DATE_WIDTH = 14
# Narrower than this, the timeline's date, section and actor columns are narrower too: at 80
# columns the events' column had 22 of them, and most of its lines were two or three words.
NARROW_TIMELINE = 100
_NARROWEST = 5  # the narrowest a section or actors column gets
_NARROWEST_DATE = 10  # and a date column: "23 Aug 2025" breaks before its year


# --- Small pieces --------------------------------------------------------------------------------


def plain(text: str | None, style: Style | str = "") -> Text:
    """Brief text as a literal `Text`: sanitised again, never parsed as markup."""
    return Text(sanitize(text or ""), style=style)


def item_date(item: Point | Event) -> str:
    """The date label of a dated point or event ("c. Jan 2025", "▷ 2026"), or ""."""
    if item.date is None:
        return ""
    return date_label(item.date, item.end, approx=item.approx, expected=item.expected)


def date_cell(label: str, width: int) -> Text:
    """A date label for a narrow column: a range too wide for it breaks after its dash, so
    "23 Aug 2025 –" and "24 Aug 2025" stand on lines of their own instead of breaking anywhere."""
    if len(label) > width and " – " in label:
        label = label.replace(" – ", " –\n")
    return plain(label, S_DATE)


def source_markers(
    brief: Brief, source_ids: Iterable[str], numbers: dict[str, int] | None = None
) -> Text:
    """Numbered markers "[1][3]" for the sources an item cites, in reference-list order."""
    numbers = numbers if numbers is not None else brief.source_numbers()
    return Text(_markers(source_ids, numbers), style=S_MARKER)


def _markers(source_ids: Iterable[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted({numbers[s] for s in source_ids if s in numbers}))


class _Spans:
    """A `Text` made in one go from (sanitised) strings and their styles: the text and spans
    that `Text.append` of each would make, without a `Text` per part. Building the cells of
    a 21,000-event timeline with Text.append and Text.join was half of making its tables."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.length = 0

    def add(self, text: str, style: Style | None = None) -> None:
        if text:
            if style:
                self.spans.append(Span(self.length, self.length + len(text), style))
            self.parts.append(text)
            self.length += len(text)

    def add_chips(self, tags: Iterable[str]) -> None:
        for n, tag in enumerate(tags):
            if n:
                self.add(" ")
            self.add(f"#{sanitize(tag)}", S_CHIP)

    def text(self) -> Text:
        return Text("".join(self.parts), spans=self.spans)


def tag_chips(tags: Iterable[str]) -> Text:
    """Tags as small chips: "#visas" on a slate background, separated by single spaces."""
    chips = _Spans()
    chips.add_chips(tags)
    return chips.text()


def actor_names(
    brief: Brief, actor_ids: Iterable[str], actors: dict[str, Actor] | None = None
) -> str:
    """Display names for actor ids, joined with " · "; an unknown id is shown as written."""
    actors = actors if actors is not None else brief.actor_map()
    names = (actors[a].name if a in actors else a for a in actor_ids)
    return " · ".join(clip(name, REFERENCE_LIMIT) for name in names)


def section_titles(brief: Brief) -> dict[str, str]:
    """Section titles by id, cut to REFERENCE_LIMIT, for cells that repeat them per item."""
    return {s.id: clip(s.title, REFERENCE_LIMIT) for s in brief.sections}


def join_parts(*parts: Text, sep: str = " ") -> Text:
    """Join non-empty `Text` parts with a separator."""
    return Text(sep).join(p for p in parts if p.plain)


def heading(title: str | Text) -> Rule:
    """A section heading: the title in the accent colour, then a quiet rule to the margin."""
    label = title if isinstance(title, Text) else plain(title)
    label.stylize(S_HEADING)
    return Rule(label, align="left", style=S_RULE, characters="─")


def _block(renderable: RenderableType) -> Padding:
    # One blank line above each block and a one-cell left margin for the body, so headings
    # (at the margin) stand out from what they introduce.
    return Padding(renderable, (1, 0, 0, 1))


# --- The pieces ----------------------------------------------------------------------------------


def citation(source: Source, *, full: bool = True) -> Text:
    """Author, “Title”. Publisher, 23 Oct 2025. Note. `full=False` leaves out the note, for the
    one-line source in the title block."""
    text = Text()
    if source.author:
        text.append(plain(source.author))
        text.append(", ")
    text.append("“")
    text.append(plain(source.title, S_SUBTITLE))
    text.append("”")
    tail = [p for p in (source.publisher, source.published and source.published.display()) if p]
    if tail:
        text.append(". " + sanitize(", ".join(tail)))
    text.append(".")
    if full and source.note:
        text.append(" ")
        text.append(plain(source.note, S_META))
    return text


def render_title_block(view_or_brief: View | Brief) -> RenderableType:
    """Title, subtitle, as-of date and the source line, over a heavy rule."""
    view = view_or_brief if isinstance(view_or_brief, View) else select(view_or_brief)
    brief = view.brief
    lines: list[RenderableType] = [plain(brief.title, S_TITLE)]
    if brief.subtitle:
        lines.append(plain(brief.subtitle, S_SUBTITLE))
    meta = Text.assemble(("As of ", S_META), (brief.as_of.display(), S_DATE))
    scope = _scope_text(view)
    if scope.plain:
        meta.append("  ·  ", S_META)
        meta.append(scope)
    lines.append(meta)
    lines.append(_source_line(brief, view.numbers))
    return Group(*lines, Rule(style=S_RULE, characters="━"))


def _scope_text(view: View) -> Text:
    if not view.section_ids:
        return Text()
    titles = {s.id: s.title for s in view.brief.sections}
    label = "Section " if len(view.section_ids) == 1 else "Sections "
    return join_parts(
        Text(label, S_META), plain(", ".join(titles[s] for s in view.section_ids)), sep=""
    )


def _source_line(brief: Brief, numbers: dict[str, int]) -> Text:
    if len(brief.sources) == 1:
        source = brief.sources[0]
        text = Text("Source: ", S_META)
        text.append(citation(source, full=False))
        text.append(" ")
        text.append(source_markers(brief, [source.id], numbers))
        return text
    return Text(f"Based on {len(brief.sources)} sources, listed under References.", S_META)


def render_summary(summary: str) -> RenderableType:
    """Plain-text paragraphs, reflowed, with a blank line between them."""
    parts: list[RenderableType] = []
    for n, para in enumerate(paragraphs(summary)):
        if n:
            parts.append(Text())
        parts.append(plain(para))
    return Group(*parts)


def render_figures(
    brief: Brief, figures: Sequence[Figure] | None = None, *, notes: bool = True
) -> RenderableType:
    """The key-figures table: label (with note and sources), value with unit, change, period.
    `notes=False` leaves the notes out: one line per figure, for the one-page summary."""
    figures = brief.figures if figures is None else figures
    numbers = brief.source_numbers()
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        expand=True,
        header_style=S_HEADER,
        border_style=S_BORDER,
        # A blank line between rows once notes make rows run to several lines.
        leading=1 if notes and any(f.note for f in figures) else 0,
    )
    table.add_column(Text("Figure"), ratio=1)
    table.add_column(Text("Value"), justify="right", max_width=28)
    table.add_column(Text("Change"), justify="right", max_width=16)
    table.add_column(Text("Period"), max_width=20)
    for figure in figures:
        label = join_parts(plain(figure.label), source_markers(brief, figure.sources, numbers))
        if notes and figure.note:
            label.append("\n")
            label.append(plain(figure.note, S_META))
        value = plain(("c. " if figure.approx else "") + figure.value_text(), S_VALUE)
        table.add_row(label, value, _change_text(figure.change), plain(figure.period, S_META))
    return table


def _change_text(change: str | None) -> Text:
    change = sanitize(change or "")
    if change.startswith("+"):
        return Text(change, Style(color=RISE))
    if change.startswith(("-", "−")):
        return Text(change, Style(color=FALL))
    return Text(change)


def render_point(
    brief: Brief,
    point: Point,
    *,
    numbers: dict[str, int] | None = None,
    actors: dict[str, Actor] | None = None,
) -> Text:
    """A point's text with its source markers, then a quiet line of actors and tag chips."""
    body = join_parts(plain(prose(point.text)), source_markers(brief, point.sources, numbers))
    meta = join_parts(
        plain(actor_names(brief, point.actors, actors), S_ACTOR), tag_chips(point.tags), sep="  "
    )
    if meta.plain:
        body.append("\n")
        body.append(meta)
    return body


def render_points(brief: Brief, points: Sequence[Point]) -> RenderableType:
    """Points as a list: bullet, date (at its written precision), then the text, wrapped with a
    hanging indent so dates and bullets make a clean left edge."""
    numbers, actors = brief.source_numbers(), brief.actor_map()
    dates = [item_date(p) for p in points]
    # One width for every section's list, so dates line up down the whole document.
    date_width = POINT_DATE_WIDTH if any(dates) else 0
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(width=date_width, style=S_DATE)
    grid.add_column(ratio=1)
    for n, (point, date) in enumerate(zip(points, dates, strict=True)):
        if n:
            grid.add_row(Text(), Text(), Text())  # a blank line between points, for air
        grid.add_row(
            Text("•", S_MARKER),
            date_cell(date, date_width),
            render_point(brief, point, numbers=numbers, actors=actors),
        )
    return grid


def render_section(
    brief: Brief,
    section: Section,
    points: Sequence[Point] | None = None,
    *,
    show_heading: bool = True,
) -> RenderableType:
    """A section: heading, summary, and its points (all of them unless a subset is given)."""
    points = section.points if points is None else points
    body: list[RenderableType] = []
    if section.summary:
        body.append(render_summary(section.summary))
    if points:
        if body:
            body.append(Text())
        body.append(render_points(brief, points))
    parts: list[RenderableType] = [heading(section.title)] if show_heading else []
    parts.append(_block(Group(*body)) if show_heading else Group(*body))
    return Group(*parts)


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    """Fixed column widths, so the timeline can be drawn in chunks that line up as one table."""

    date: int
    section: int
    actors: int

    @classmethod
    def for_events(
        cls, brief: Brief, events: Sequence[Event], width: int | None = None
    ) -> TimelineLayout:
        """The widths for `events` in a document `width` columns wide (if known): below
        NARROW_TIMELINE, the date, section and actor columns give way to the events', which
        keep at least 40% of the room. (Rich gives the events' column what the others leave:
        at 60 columns that was nothing, and the events were left out.)"""
        titles = section_titles(brief)
        longest_date = max((len(item_date(e)) for e in events), default=4)
        longest_section = max((len(titles.get(e.section or "", "")) for e in events), default=7)
        if width is None or width >= NARROW_TIMELINE:
            return cls(min(max(longest_date, 4), 16), min(max(longest_section, 7), 14), 20)
        date, section, actors = min(max(longest_date, 4), POINT_DATE_WIDTH), 12, 16
        section = min(max(longest_section, 7), section)
        # The room: the width less the document's margin and each column's padding.
        excess = date + section + actors - (width - 9) * 3 // 5
        while excess > 0:  # the widest of actors and section gives a column, then the date
            if max(section, actors) > _NARROWEST:
                if actors >= section:
                    actors -= 1
                else:
                    section -= 1
            elif date > _NARROWEST_DATE:
                date -= 1
            else:
                break
            excess -= 1
        return cls(date, section, actors)


def event_cell(event: Event, numbers: dict[str, int]) -> Text:
    """A timeline row's event: its title with its source markers, then its text and its tag
    chips on lines of their own."""
    cell = _Spans()
    cell.add(sanitize(event.title), S_EVENT_TITLE)
    if markers := _markers(event.sources, numbers):
        cell.add(" " if cell.length else "")
        cell.add(markers, S_MARKER)
    if event.text:
        cell.add("\n")
        cell.add(sanitize(flat(event.text)))
    if event.tags:
        cell.add("\n")
        cell.add_chips(event.tags)
    return cell.text()


def timeline_table(
    brief: Brief,
    events: Sequence[Event],
    layout: TimelineLayout,
    *,
    show_header: bool = True,
    drawn: OrderedDict[Hashable, Rows] | None = None,
) -> Table:
    """One table of timeline rows (date, section, event with its text and sources, actors)."""
    titles = section_titles(brief)
    numbers, actors = brief.source_numbers(), brief.actor_map()
    table = FastTable(
        drawn=drawn,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        expand=True,
        show_header=show_header,
        header_style=S_HEADER,
        border_style=S_BORDER,
    )
    table.add_column(Text("Date"), width=layout.date, style=S_DATE)
    table.add_column(Text("Section"), width=layout.section, style=S_META)
    table.add_column(Text("Event"), ratio=1, overflow="fold")  # a long word keeps its letters
    table.add_column(Text("Actors"), width=layout.actors, style=S_ACTOR)
    # Dates, sections and actor lists repeat down a timeline: each distinct one is one Text,
    # shared by its rows, which are only read (21,000 events: 0.84 -> 0.50 s CPU to build).
    dates: dict[str, Text] = {}
    sections: dict[str | None, Text] = {}
    names: dict[tuple[str, ...], Text] = {}
    for event in events:
        cell = event_cell(event, numbers)
        label = item_date(event)
        if (date := dates.get(label)) is None:
            date = dates[label] = date_cell(label, layout.date)
        if (section := sections.get(event.section)) is None:
            section = sections[event.section] = plain(titles.get(event.section or "", ""))
        if (who := names.get(key := tuple(event.actors))) is None:
            who = names[key] = plain(actor_names(brief, key, actors).replace(" · ", "\n"))
        table.add_row(date, section, cell, who)
    return table


def iter_timeline(
    brief: Brief,
    events: Sequence[Event] | None = None,
    *,
    chunk: int = TIMELINE_CHUNK,
    width: int | None = None,
) -> Iterator[Table]:
    """The timeline (sorted) as tables of at most `chunk` rows; the first carries the header.
    `width`: the document's, if known (see TimelineLayout.for_events)."""
    events = brief.events_in_order() if events is None else events
    layout = TimelineLayout.for_events(brief, events, width)
    # Dates, sections and actors repeat from chunk to chunk: each is drawn once.
    drawn: OrderedDict[Hashable, Rows] = OrderedDict()
    for start in range(0, max(len(events), 1), chunk):
        part = events[start : start + chunk]
        yield timeline_table(brief, part, layout, show_header=not start, drawn=drawn)


def render_timeline(brief: Brief, events: Sequence[Event] | None = None) -> RenderableType:
    """The timeline table, sorted by date (or the given events, in the given order)."""
    return Group(*iter_timeline(brief, events))


def render_actors(brief: Brief, actors: Sequence[Actor] | None = None) -> RenderableType:
    """Actors grouped by kind, each with name, role, country and other names."""
    actors = brief.actors if actors is None else actors
    parts: list[RenderableType] = []
    for kind in ACTOR_KINDS:
        group = [a for a in actors if a.kind == kind]
        if not group:
            continue
        if parts:
            parts.append(Text())
        parts.append(Text(ACTOR_KIND_HEADINGS[kind], S_LABEL))
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(max_width=28, style=S_ACTOR)
        grid.add_column(ratio=1)
        for actor in group:
            grid.add_row(plain(actor.name, S_ACTOR), _actor_detail(actor))
        parts.append(Padding(grid, (0, 0, 0, 2)))
    return Group(*parts)


def _actor_detail(actor: Actor) -> Text:
    detail = join_parts(plain(actor.role), plain(actor.country, S_META), sep=" · ")
    if actor.aliases:
        detail.append(("  " if detail.plain else "") + "also ", S_META)
        detail.append(plain(", ".join(actor.aliases), S_META))
    return detail


def render_references(
    brief: Brief, sources: Sequence[Source] | None = None, *, links: bool = False
) -> RenderableType:
    """Numbered references with full citations. `links` makes each http(s) URL a hyperlink: only
    the HTML export asks for that (a terminal would get OSC 8 sequences, which we never send)."""
    sources = brief.sources if sources is None else sources
    numbers = brief.source_numbers()
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(justify="right", no_wrap=True, style=S_MARKER)
    grid.add_column(ratio=1)
    for source in sources:
        text = citation(source)
        if source.url:
            text.append("\n")
            text.append(_url_text(source.url, links=links))
        grid.add_row(Text(f"[{numbers[source.id]}]", S_MARKER), text)
    return grid


# A source URL must look like this to become a link; the schema checks the same at load. Repeated
# here because a Brief can be built without the loader, and an href is where a stray quote hurts.
SAFE_URL = re.compile(r"https?://[^\s\"'<>`\\]+")


def _url_text(url: str, *, links: bool) -> Text:
    url = sanitize(url)
    linked = links and SAFE_URL.fullmatch(url) is not None
    return Text(url, Style(color=ACCENT, underline=True, link=url if linked else None))


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def made_stamp(now: dt.datetime | None = None) -> str:
    """When a document was made: "24 Oct 2025 09:30 UTC" (the zone named only when it is UTC)."""
    now = now or dt.datetime.now(dt.UTC)
    utc = now.utcoffset() == dt.timedelta(0)
    return f"{now.day} {now:%b %Y %H:%M}" + (" UTC" if utc else "")


def render_footer(view: View, *, now: dt.datetime | None = None) -> RenderableType:
    """Names the query (when filtered) and when the document was made."""
    from brief import __version__

    text = Text()
    if view.query:
        text.append("Filtered by query ", S_META)
        text.append(plain(view.query, S_ACTOR))
        points = sum(len(p) for _, p in view.sections)
        counts = f"{plural(len(view.events), 'event')}, {plural(points, 'point')}"
        text.append(f"  ·  {counts}\n", S_META)
    text.append(f"Made {made_stamp(now)} with brief {__version__}", S_META)
    return Group(Rule(style=S_BORDER), text)


def iter_blocks(
    view: View,
    *,
    now: dt.datetime | None = None,
    footer: bool = True,
    links: bool = False,
    chart: bool = False,
    width: int | None = None,
) -> Iterator[RenderableType]:
    """The whole document as a sequence of blocks, in reading order. Long timelines come as
    several tables, so an exporter can write block by block and keep memory bounded. `chart`
    adds the timeline's lanes chart after its table; `width`: the document's, if known (the
    timeline's columns are laid out for it)."""
    brief = view.brief
    yield render_title_block(view)
    if not view.scoped and brief.summary:
        yield _block(render_summary(brief.summary))
    if view.figures:
        yield Group(Text(), heading("Key figures"))
        yield _block(render_figures(brief, view.figures))
    for section, points in view.sections:
        yield Group(Text(), render_section(brief, section, points))
    if view.events:
        yield Group(Text(), heading("Timeline"))
        for n, table in enumerate(iter_timeline(brief, view.events, width=width)):
            yield Indented(table, top=0 if n else 1, left=1)
        if chart:
            yield timeline_chart_block(view)
    if view.actors:
        yield Group(Text(), heading("Actors"))
        yield _block(render_actors(brief, view.actors))
    if view.sources:
        yield Group(Text(), heading("References"))
        yield _block(render_references(brief, view.sources, links=links))
    if footer:
        yield Group(Text(), render_footer(view, now=now))


def timeline_chart_block(view: View) -> RenderableType:
    """The lanes chart of the view's events, by section (`brief.chart`)."""
    from brief.chart import chart_for

    return Padding(chart_for(view.brief, view.events), (1, 0, 0, 1))


def render_view(
    view: View, *, now: dt.datetime | None = None, footer: bool = True, links: bool = False
) -> RenderableType:
    return Group(*iter_blocks(view, now=now, footer=footer, links=links))


def render_brief(
    brief: Brief,
    *,
    sections: list[str] | None = None,
    query: str | None = None,
    now: dt.datetime | None = None,
    footer: bool = False,
    links: bool = False,
    matcher: Matcher | None = None,
) -> RenderableType:
    """The whole brief (or the chosen sections / query matches) as one renderable.

    `footer` adds the query and time stamp line that exports carry; `now` fixes that time.
    """
    view = select(brief, sections=sections, query=query, matcher=matcher)
    return render_view(view, now=now, footer=footer or bool(view.query), links=links)
