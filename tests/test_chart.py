"""brief.chart: the bins against a brute-force oracle, stacking, lanes, windows and the axis."""

from __future__ import annotations

import datetime as dt
import io
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from brief.chart import (
    BODY,
    DEPTH,
    HEAD,
    MAX_LANES,
    Chart,
    ChartData,
    Kind,
    Window,
    bounds,
    cell_counts,
    days_of,
    fit,
    kind_of,
    layout,
    pan,
    ticks,
    zoom,
)
from brief.dates import PartialDate
from brief.load import load_brief
from brief.model import Actor, Brief, Event, Section, Source
from tests.helpers import BUNDLED

SECTIONS = ("alpha", "beta", "gamma")
ACTORS = ("ann", "bob", "cyd")


def make_brief(events: list[Event], as_of: str = "2025-06-30") -> Brief:
    return Brief(
        format=1,
        id="generated",
        title="Generated",
        as_of=PartialDate.parse(as_of),
        sources=[Source(id="s", title="Source")],
        sections=[Section(id=s, title=s.title()) for s in SECTIONS],
        actors=[Actor(id=a, name=a.upper()) for a in ACTORS],
        timeline=events,
    )


@st.composite
def partial_dates(draw, low: int = 2020, high: int = 2026) -> PartialDate:
    year = draw(st.integers(low, high))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate(year, month)
    return PartialDate(year, month, draw(st.integers(1, 28)))


@st.composite
def events(draw) -> Event:
    start = draw(partial_dates())
    end = draw(st.none() | partial_dates())
    if end is not None and end.end < start.start:
        start, end = end, start
    return Event(
        date=start,
        end=end,
        approx=draw(st.booleans()),
        expected=draw(st.booleans()),
        title=draw(st.text("abc xyz", min_size=1, max_size=8)),
        section=draw(st.none() | st.sampled_from(SECTIONS)),
        actors=draw(st.lists(st.sampled_from(ACTORS), unique=True, max_size=3)),
    )


def ordered(items: list[Event]) -> list[Event]:
    return sorted(items, key=Event.sort_key)


@st.composite
def windows(draw) -> tuple[Window, int]:
    width = draw(st.integers(5, 150))
    start = dt.date(2019, 1, 1).toordinal() + draw(st.integers(0, 2000))
    days = draw(st.floats(width, 4000))
    return Window(float(start), days), width


@settings(max_examples=150, deadline=None)
@given(st.lists(events(), max_size=40), windows(), st.sampled_from(["section", "actor", "tag"]))
def test_every_event_lands_in_the_cells_its_interval_covers(items, window_width, by) -> None:
    window, width = window_width
    items = ordered(items)
    data = ChartData.build(make_brief(items), items, by)
    edges = bounds(window, width)
    assert all(b > a for a, b in pairwise(edges)), "a cell is a day or more"
    for lane_no, lane in enumerate(data.lanes):
        members = [n for n in range(len(items)) if lane_no in data.lanes_of(n)]
        assert lane.members == members
        counts = cell_counts(lane, edges)
        for c in range(width):
            lo, hi = edges[c], edges[c + 1] - 1
            for kind in Kind:
                mine = [items[n] for n in members if kind_of(items[n]) == kind]
                touching = sum(1 for e in mine if days_of(e)[0] <= hi and days_of(e)[1] >= lo)
                starting = sum(1 for e in mine if lo <= days_of(e)[0] <= hi)
                got = counts.get(kind, ([0] * width, [0] * width))
                assert (got[0][c], got[1][c]) == (touching, starting), (kind, c)


@settings(max_examples=80, deadline=None)
@given(st.lists(events(), min_size=1, max_size=40), st.integers(24, 160))
def test_stacked_rows_show_min_of_count_and_depth(items, width) -> None:
    items = ordered(items)
    data = ChartData.build(make_brief(items), items, "section")
    laid = layout(data, None, width)
    for n, lane in enumerate(data.lanes):
        grid = laid.grid(n)
        counts = cell_counts(lane, laid.edges)
        depth = len(grid.glyphs)
        assert 1 <= depth <= DEPTH
        for c in range(laid.plot_width):
            total = sum(touching[c] for touching, _ in counts.values())
            marked = sum(1 for row in grid.roles if row[c] not in (None, "as-of", "more"))
            more = grid.roles[-1][c] == "more"
            if total > depth:
                assert marked + more == depth  # "+N" written over the last row
            else:
                assert marked == total  # "+N" may only run on into an empty cell
                assert not more or total < depth
        for more in grid.more:  # the whole count, or a bare "+": never a cut number
            span = range(more.first, more.last + 1)
            label = "".join(grid.glyphs[-1][c] for c in span if grid.roles[-1][c] == "more")
            assert more.hidden >= 1 and label in (f"+{more.hidden}", "+")
    for row in range(laid.rows):
        assert sum(len(text) for text, _ in laid.line(row)) == width
    assert all(sum(len(t) for t, _ in line) == width for line in laid.axis)


def test_marks_read_without_colour() -> None:
    """Each kind has its own glyph: NO_COLOR and pipes lose the styles, not the meaning."""
    assert len(set(HEAD.values())) == len(HEAD)
    items = ordered(
        [
            Event(date=PartialDate(2024, 3, 1), title="day", section="alpha"),
            Event(date=PartialDate(2024, 6), title="month", section="beta"),
            Event(
                date=PartialDate(2024, 1, 5), end=PartialDate(2024, 9), title="p", section="gamma"
            ),
        ]
    )
    chart = Chart(ChartData.build(make_brief(items), items), window=None, show_legend=False)
    out = io.StringIO()
    Console(file=out, width=60, color_system=None).print(chart)
    text = out.getvalue()
    assert HEAD[Kind.EXACT] in text and HEAD[Kind.COARSE] in text and BODY[Kind.COARSE] in text
    assert HEAD[Kind.PERIOD] + BODY[Kind.PERIOD] in text
    assert "\x1b" not in text


def test_a_year_only_event_spans_its_year() -> None:
    items = [Event(date=PartialDate(2024), title="the year", section="alpha")]
    data = ChartData.build(make_brief(items, as_of="2024"), items)
    window = Window(dt.date(2023, 1, 1).toordinal(), 3 * 365.25)
    laid = layout(data, window, 3 * 12 + 10)  # about a month per cell
    row = laid.grid(0).glyphs[0]
    marked = [c for c, g in enumerate(row) if g != " " and laid.grid(0).roles[0][c] != "as-of"]
    edges = laid.edges
    assert edges[marked[0]] <= dt.date(2024, 1, 1).toordinal() < edges[marked[0] + 1]
    assert edges[marked[-1]] <= dt.date(2024, 12, 31).toordinal() < edges[marked[-1] + 1]
    assert row[marked[0]] == HEAD[Kind.COARSE]
    assert all(row[c] == BODY[Kind.COARSE] for c in marked[1:])


def test_collisions_stack_then_count() -> None:
    items = [
        Event(date=PartialDate(2025, 5, 1 + n), title=f"e{n}", section="alpha") for n in range(9)
    ]
    data = ChartData.build(make_brief(items), items)
    may = dt.date(2025, 5, 1).toordinal()
    laid = layout(data, Window(may, 1000), 40)  # a month per cell, the first from 1 May
    rows = ["".join(r) for r in laid.grid(0).glyphs]
    assert len(rows) == DEPTH
    assert rows[-1].strip().startswith("+7")  # nine events, two shown above the count
    # Zoomed in to a day per cell, they separate: one row, nine marks.
    window = Window(dt.date(2025, 4, 28).toordinal(), 20)
    zoomed = layout(data, window, 20 + 5)
    assert ["".join(r).count("●") for r in zoomed.grid(0).glyphs] == [9]


def test_a_count_with_no_room_is_a_bare_plus_not_a_cut_number() -> None:
    # Full cells either side (three events each), twelve on the day between: "+10" has no room,
    # nor in the second crowd, with one empty cell beside it ("+1" would lie).
    days = [1] * 3 + [2] * 12 + [3] * 3 + [10] * 3 + [11] * 12 + [13] * 3
    items = [
        Event(date=PartialDate(2025, 5, day), title=f"e{n}", section="alpha")
        for n, day in enumerate(days)
    ]
    data = ChartData.build(make_brief(items), items)
    laid = layout(data, Window(dt.date(2025, 5, 1).toordinal(), 20), 20 + 6)  # a day per cell
    grid = laid.grid(0)
    assert "".join(grid.glyphs[-1]).rstrip() == "●+●      ●+ ●"
    assert [(m.first, m.last, m.hidden) for m in grid.more] == [(1, 1, 10), (10, 10, 10)]
    assert grid.more_at(1) == grid.more[0] and grid.more_at(0) is None


def test_lanes_by_actor_repeat_an_event_and_cap_the_count() -> None:
    shared = Event(date=PartialDate(2025, 1, 1), title="both", actors=["ann", "bob"])
    data = ChartData.build(make_brief([shared]), [shared], "actor")
    assert [lane.label for lane in data.lanes] == ["ANN", "BOB"]
    assert all(lane.members == [0] for lane in data.lanes)
    many = [
        Event(date=PartialDate(2025, 1, 1), title="t", tags=[f"tag-{n}", "common"])
        for n in range(MAX_LANES + 5)
    ]
    data = ChartData.build(make_brief(many), many, "tag")
    assert len(data.lanes) == MAX_LANES
    assert data.lanes[0].label == "#common"
    assert data.lanes[-1].label.startswith("Other (")
    assert len(data.lanes[-1].members) == len(set(data.lanes[-1].members))


def test_sections_keep_the_brief_order_and_unknown_come_last() -> None:
    items = ordered(
        [
            Event(date=PartialDate(2025), title="g", section="gamma"),
            Event(date=PartialDate(2024), title="a", section="alpha"),
            Event(date=PartialDate(2023), title="none"),
        ]
    )
    data = ChartData.build(make_brief(items), items)
    assert [lane.label for lane in data.lanes] == ["Alpha", "Gamma", "(no section)"]


def test_lane_labels_are_sanitised() -> None:
    brief = make_brief([])
    brief.sections[0].title = "Evil\x1b[31m title"
    items = [Event(date=PartialDate(2025), title="x", section="alpha")]
    data = ChartData.build(brief, items)
    assert "\x1b" not in data.lanes[0].label


def test_windows_zoom_around_an_anchor_pan_and_fit() -> None:
    items = ordered(
        [
            Event(date=PartialDate(2020, 1, 1), title="a"),
            Event(date=PartialDate(2024, 12, 31), title="b"),
        ]
    )
    data = ChartData.build(make_brief(items, as_of="2024-12-31"), items)
    window = fit(data, 100)
    assert window.start <= dt.date(2020, 1, 1).toordinal()
    assert window.end >= dt.date(2025, 1, 1).toordinal()
    anchor = dt.date(2022, 6, 1).toordinal()
    closer = zoom(window, 2, anchor, 100)
    assert closer.days == window.days / 2
    before = (anchor - window.start) / window.days
    assert abs((anchor - closer.start) / closer.days - before) < 1e-9
    assert zoom(window, 1e9, anchor, 100).days == 100  # a cell is at least a day
    moved = pan(window, 0.25, 100)
    assert moved.start == window.start + window.days / 4 and moved.days == window.days


def test_the_axis_suits_the_zoom() -> None:
    def labels(first: str, days: int, width: int) -> list[str]:
        start = dt.date.fromisoformat(first).toordinal()
        return [label for _, label in ticks(start, start + days, days / width)[1]]

    assert labels("1900-01-01", 100 * 365, 80)[:2] == ["1900s", "1910s"]
    assert labels("2020-01-01", 5 * 365, 40)[:3] == ["2020", "2021", "2022"]
    assert labels("2020-01-01", 5 * 365, 80)[:3] == ["2020", "Jul", "2021"]
    assert labels("2024-11-01", 365, 100)[:3] == ["Nov", "Dec", "2025"]
    assert labels("2025-03-01", 20, 100)[:3] == ["Mar", "2", "3"]


def test_the_bundled_brief_charts_in_every_lane_kind() -> None:
    brief = load_brief(BUNDLED)
    for by in ("section", "actor", "tag"):
        out = io.StringIO()
        Console(file=out, width=80, color_system=None).print(
            Chart(ChartData.build(brief, brief.events_in_order(), by))  # type: ignore[arg-type]
        )
        lines = out.getvalue().splitlines()
        assert max(len(line) for line in lines) <= 80
        assert "as of 23 Oct 2025" in "".join(lines[-2:])  # the legend wraps
