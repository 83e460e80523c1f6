"""`brief.tables.FastTable` draws exactly what Rich's `Table` draws, and `Indented` what
Rich's `Padding` draws around it, segment for segment (text, style, and where one segment
ends), for the tables brief makes and for generated ones: wide characters, emoji, combining
marks, long words, several lines per cell, styled spans, every width from 10 to 200. The
oracle is Rich's own Table with the same columns and rows."""

from __future__ import annotations

import io

import msgspec
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Span, Text

from brief import render
from brief.dates import PartialDate
from brief.load import load_brief
from brief.measure import cell_measure
from brief.model import Brief, Event
from brief.tables import FastTable, Indented, print_block
from brief.text import paragraphs
from tests.golden import SAMPLE

SAMPLE_BRIEF = load_brief(SAMPLE)

WORDS = st.sampled_from(
    ["Pakistan", "talks", "a", "visa-free", "漢字の会談", "🎉", "e\u0301te\u0301", "ÅÅÅ",
     "x" * 45, "Dhaka–Islamabad", "[1]", "#tag", "  ", "—", "ﾊﾝｶｸ", "👩‍👩‍👧"]
)  # fmt: skip
STYLES = st.sampled_from([Style(bold=True), Style(color="#4f7fc0"), Style(italic=True), None])


@st.composite
def texts(draw: st.DrawFn) -> Text:
    text = Text(style=draw(st.sampled_from(["", Style(color="#6e7781"), "cyan"])))
    for n in range(draw(st.integers(0, 8))):
        if n:
            text.append(draw(st.sampled_from([" ", " ", "\n"])))
        text.append(draw(WORDS), style=draw(STYLES))
    return text


def segments(table: Table, width: int) -> list[Segment]:
    console = Console(
        width=width, force_terminal=True, color_system="truecolor", legacy_windows=False
    )
    return list(console.render(table))


@settings(max_examples=500, deadline=None)
@given(
    text=texts(),
    left=st.integers(0, 3),
    right=st.integers(0, 3),
    width=st.integers(-1, 60),
)
def test_a_cell_measures_as_rich_measures_a_padded_text(
    text: Text, left: int, right: int, width: int
) -> None:
    console = Console(width=max(width, 1), legacy_windows=False)
    options = console.options.update(width=width)
    rich = Measurement.get(console, options, Padding(text, (0, right, 0, left)))
    assert cell_measure(text.plain, left, right, width) == tuple(rich)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(texts(), min_size=4, max_size=4), max_size=12),
    width=st.integers(10, 200),
    boxed=st.booleans(),
    header=st.booleans(),
    expand=st.booleans(),
    pad_edge=st.booleans(),
    fixed=st.lists(st.one_of(st.none(), st.integers(1, 20)), min_size=4, max_size=4),
    no_wrap=st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_generated_tables_draw_as_rich_draws_them(
    rows: list[list[Text]],
    width: int,
    boxed: bool,
    header: bool,
    expand: bool,
    pad_edge: bool,
    fixed: list[int | None],
    no_wrap: list[bool],
) -> None:
    drawn, tables = [], []
    for kind in (Table, FastTable):
        table = kind(
            box=box.SIMPLE_HEAD if boxed else None,
            show_edge=False,
            show_header=header,
            expand=expand,
            pad_edge=pad_edge,
            header_style=Style(bold=True),
            border_style=Style(color="#6e7781"),
        )
        for n in range(4):
            table.add_column(
                Text(f"Column {n}") if n % 2 else f"col {n}",
                width=fixed[n],
                ratio=None if fixed[n] else n % 2 + 1,
                min_width=3 if n == 2 else None,
                max_width=18 if n == 1 else None,
                no_wrap=no_wrap[n],
                style=Style(color="#a8791f") if n == 3 else "",
            )
        for row in rows:
            table.add_row(*(cell.copy() for cell in row))
        drawn.append(segments(table, width))
        tables.append(table)
    assert drawn[0] == drawn[1]
    # With a margin: as Padding draws Rich's table.
    assert segments(Indented(tables[1], 1, 2), width) == segments(
        Padding(tables[0], (1, 0, 0, 2)), width
    )


DATES = st.builds(
    lambda y, m, d, precision: PartialDate(y, *((m, d) if precision == 2 else (m,) if precision
                                                else ())),
    st.integers(1990, 2030), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2),
)  # fmt: skip


@st.composite
def events(draw: st.DrawFn) -> Event:
    base = SAMPLE_BRIEF.timeline[0]
    start = draw(DATES)
    end = draw(st.one_of(st.none(), DATES.filter(lambda d: d > start)))
    return msgspec.structs.replace(
        base,
        id=None,
        date=start,
        end=end,
        approx=draw(st.booleans()),
        expected=draw(st.booleans()),
        title=draw(st.lists(WORDS, max_size=10).map(" ".join)),
        text=draw(st.lists(WORDS, max_size=20).map(" ".join)),
        section=draw(st.sampled_from([None, *(s.id for s in SAMPLE_BRIEF.sections)])),
        actors=draw(st.lists(st.sampled_from([a.id for a in SAMPLE_BRIEF.actors]), max_size=3)),
        tags=draw(st.lists(st.sampled_from(["visas", "trade", "漢字", "a\x1bb"]), max_size=3)),
        sources=draw(st.lists(st.sampled_from([s.id for s in SAMPLE_BRIEF.sources]), max_size=3)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timeline=st.lists(events(), min_size=1, max_size=15), width=st.integers(40, 200))
def test_the_timeline_draws_as_rich_draws_it(timeline: list[Event], width: int) -> None:
    brief: Brief = msgspec.structs.replace(SAMPLE_BRIEF, timeline=timeline)
    layout = render.TimelineLayout.for_events(brief, timeline, width)
    fast = render.timeline_table(brief, timeline, layout)
    rich = Table(box=fast.box, show_edge=False, pad_edge=False, expand=True,
                 header_style=fast.header_style, border_style=fast.border_style)  # fmt: skip
    for column in fast.columns:
        rich.add_column(column.header, width=column.width, ratio=column.ratio, style=column.style,
                        overflow=column.overflow)  # fmt: skip
    for row in zip(*(column.cells for column in fast.columns), strict=True):
        rich.add_row(*row)
    assert isinstance(fast, FastTable)
    assert segments(fast, width) == segments(rich, width)
    assert segments(Indented(fast, 1, 1), width) == segments(Padding(rich, (1, 0, 0, 1)), width)
    # Printed without cropping, it writes what console.print writes: in colour, plain, as HTML.
    for colors in ("truecolor", None):
        written = []
        for print_it in (Console.print, print_block):
            console = Console(width=width, file=io.StringIO(), record=True, color_system=colors,
                              force_terminal=colors is not None, legacy_windows=False)  # fmt: skip
            for top in (1, 0):
                print_it(console, Indented(fast, top, 1))
            file = console.file
            assert isinstance(file, io.StringIO)
            written.append((file.getvalue(), console.export_html(inline_styles=True)))
        assert written[0] == written[1]


@settings(max_examples=200, deadline=None)
@given(event=events())
def test_an_event_cell_is_what_appending_its_parts_makes(event: Event) -> None:
    # The oracle: the cell made part by part with Rich's Text.join and Text.append.
    numbers = SAMPLE_BRIEF.source_numbers()
    expected = render.join_parts(
        render.plain(event.title, render.S_EVENT_TITLE),
        render.source_markers(SAMPLE_BRIEF, event.sources, numbers),
    )
    if event.text:
        expected.append("\n")
        expected.append(render.plain(" ".join(paragraphs(event.text))))
    if event.tags:
        expected.append("\n")
        for n, tag in enumerate(event.tags):
            expected.append(" " if n else "")
            expected.append(f"#{render.sanitize(tag)}", style=render.S_CHIP)
    cell = render.event_cell(event, numbers)
    assert (cell.plain, cell.spans) == (expected.plain, expected.spans)
    assert (cell.style, cell.justify, cell.overflow, cell.no_wrap, cell.end, cell.tab_size) == (
        expected.style, expected.justify, expected.overflow, expected.no_wrap, expected.end,
        expected.tab_size,
    )  # fmt: skip


# Mostly styles FastTable draws itself; names and links it leaves to Rich.
LAYER_STYLES = st.sampled_from(
    [Style(bold=True), Style(color="#4f7fc0", bgcolor="#33404f"), Style(), Style(italic=False),
     Style(bold=False, underline=True), "italic", Style(link="https://example.org")]
)  # fmt: skip


@st.composite
def layered_texts(draw: st.DrawFn) -> Text:
    """Texts as a caller may make them: spans laid over one another in any order, empty ones,
    named styles and links, a style of their own, no end, blank lines."""
    words = draw(st.lists(st.one_of(WORDS, st.just("\n"), st.just("")), max_size=8))
    text = Text(
        "".join(words),
        style=draw(
            st.sampled_from(["", Style(color="#6e7781"), Style(), "bold", "cyan on red", "no such"])
        ),
        end=draw(st.sampled_from(["\n", ""])),
    )
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(text.plain) + 2))
        text.stylize(draw(LAYER_STYLES), start, start + draw(st.integers(0, 12)))
    # Spans made directly, as stylize would not: empty ones (Rich fails on some past the end).
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(text.plain)))
        end = draw(st.integers(start, len(text.plain)))
        text.spans.append(Span(start, end, draw(LAYER_STYLES)))
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(  # a span ending inside an emoji sequence: its pieces are wider than it is
    rows=[[Text("Pakistana👩\u200d👩\u200d👧", spans=[Span(0, 11, Style(bold=True))]), Text()]],
    width=31,
    column_style="",
)
@example(  # a named style of its own, as `brief list` draws ids: looked up, not drawn by Rich
    rows=[[Text("pakistan-bangladesh", "cyan"), Text("no such style", "no such")]],
    width=60,
    column_style=Style(color="#a8791f"),
)
@given(
    rows=st.lists(st.lists(layered_texts(), min_size=2, max_size=2), min_size=1, max_size=6),
    width=st.integers(10, 120),
    column_style=st.sampled_from(["", Style(color="#a8791f"), Style(link="https://a.example")]),
)
def test_cells_with_layered_spans_draw_as_rich_draws_them(
    rows: list[list[Text]], width: int, column_style: str | Style
) -> None:
    drawn = []
    for kind in (Table, FastTable):
        table = kind(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
        table.add_column("a", ratio=1)
        table.add_column(Text("b"), width=12, style=column_style)
        for row in rows:
            table.add_row(*(cell.copy() for cell in row))
        drawn.append(segments(table, width))
    assert drawn[0] == drawn[1]  # (a link's id is not compared: Rich makes a new one per copy)


def test_tables_drawn_in_chunks_share_what_they_drew() -> None:
    # The same date, section and actors in every chunk: each drawn once.
    event = SAMPLE_BRIEF.timeline[0]
    timeline = [msgspec.structs.replace(event, title=f"Event {n}") for n in range(30)]
    brief = msgspec.structs.replace(SAMPLE_BRIEF, timeline=timeline)
    chunks = list(render.iter_timeline(brief, timeline, chunk=10))
    console = Console(width=100)
    for chunk in chunks:
        list(console.render(chunk))
    assert all(isinstance(c, FastTable) for c in chunks)
    assert chunks[0].drawn is chunks[2].drawn
    # 30 event cells, 4 headers, and one date, one section and one actors cell.
    assert len(chunks[0].drawn) == 30 + 4 + 3
