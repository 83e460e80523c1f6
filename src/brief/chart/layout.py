"""A window laid out at a width: per-cell bins stacked into rows, lane by lane."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby, pairwise
from operator import itemgetter

from brief.chart.axis import axis_lines, fit_text, legend
from brief.chart.model import (
    AS_OF_MARK,
    BODY,
    DEPTH,
    HEAD,
    MAX_LABEL,
    ROLE,
    ChartData,
    Kind,
    Lane,
    Line,
    kind_of,
)
from brief.chart.window import Window, bounds, column_of, fit


@dataclass(frozen=True, slots=True)
class More:
    """Events a lane has no row for in cells `first`..`last` (a run of collisions, and the
    empty cells its "+N" runs on into): `hidden` of them."""

    first: int
    last: int
    hidden: int


@dataclass(slots=True)
class LaneGrid:
    """One lane's rows of cells: a glyph and a role per cell (" " and None when empty), and
    where events collided beyond the rows."""

    glyphs: list[list[str]]
    roles: list[list[str | None]]
    more: list[More] = field(default_factory=list)

    def more_at(self, column: int) -> More | None:
        """The collision drawn at `column`, if any."""
        return next((m for m in self.more if m.first <= column <= m.last), None)


@dataclass(slots=True)
class Layout:
    """A window laid out at a width: lanes of rows, the axis below, the legend."""

    data: ChartData
    window: Window
    width: int
    label_width: int
    edges: list[int]
    counts: list[LaneCounts]
    axis: list[Line]
    legend: Line
    as_of_col: int | None
    row_lanes: list[tuple[int, int]] = field(default_factory=list)  # per row: (lane, row in it)
    _grids: dict[int, LaneGrid] = field(default_factory=dict)

    def grid(self, lane: int) -> LaneGrid:
        """Lane `lane`'s cells, made when first drawn: a terminal shows a few of many lanes."""
        grid = self._grids.get(lane)
        if grid is None:
            grid = self._grids[lane] = _lane_grid(self.counts[lane], self.as_of_col)
        return grid

    @property
    def plot_width(self) -> int:
        return len(self.edges) - 1

    @property
    def rows(self) -> int:
        return len(self.row_lanes)

    def lane_row(self, lane: int) -> int:
        """The first row of `lane`."""
        return next(n for n, (ln, r) in enumerate(self.row_lanes) if ln == lane and r == 0)

    def line(self, row: int, cursor: tuple[int, int] | None = None) -> Line:
        """Row `row` of the lanes, its label at the left; `cursor` (lane, event index) draws
        that event over the lane's first row in the cursor role."""
        lane_no, sub = self.row_lanes[row]
        grid = self.grid(lane_no)
        label = self.data.lanes[lane_no].label if sub == 0 else ""
        glyphs, roles = grid.glyphs[sub], grid.roles[sub]
        if cursor is not None and cursor[0] == lane_no and sub == 0:
            glyphs, roles = list(glyphs), list(roles)
            first, last = self.data.span(cursor[1])
            kind = kind_of(self.data.events[cursor[1]])
            lo, hi = max(column_of(first, self.edges), 0), column_of(last, self.edges)
            for c in range(lo, min(hi, self.plot_width - 1) + 1):
                glyphs[c] = HEAD[kind] if c == lo and first >= self.edges[0] else BODY[kind]
                roles[c] = "cursor"
        head: Line = [(fit_text(label, self.label_width), "label"), ("│", "axis")]
        return head + runs(glyphs, roles)


def runs(glyphs: Sequence[str], roles: Sequence[str | None]) -> Line:
    """Cells merged into runs of one role."""
    return [
        ("".join(glyph for _, glyph in run), role)
        for role, run in groupby(zip(roles, glyphs, strict=True), key=itemgetter(0))
    ]


def layout(data: ChartData, window: Window | None, width: int, depth: int = DEPTH) -> Layout:
    """Lay the chart out `width` cells wide (label column included); None fits everything."""
    label_width = min(max((len(lane.label) for lane in data.lanes), default=4), MAX_LABEL)
    label_width = max(4, min(label_width, width // 4))
    plot_width = max(width - label_width - 1, 1)
    window = window or fit(data, plot_width)
    edges = bounds(window, plot_width)
    as_of = data.as_of
    as_of_col = (
        column_of(as_of, edges) if as_of is not None and edges[0] <= as_of < edges[-1] else None
    )
    counts = [LaneCounts.of(lane, edges, depth) for lane in data.lanes]
    row_lanes = [(n, r) for n, lane in enumerate(counts) for r in range(lane.rows)]
    return Layout(
        data=data,
        window=window,
        width=width,
        label_width=label_width,
        edges=edges,
        counts=counts,
        axis=axis_lines(edges, label_width, as_of_col),
        legend=legend(data),
        as_of_col=as_of_col,
        row_lanes=row_lanes,
    )


def cell_counts(lane: Lane, edges: Sequence[int]) -> dict[Kind, tuple[list[int], list[int]]]:
    """Per kind, per cell: how many of the lane's events touch the cell, and how many start in
    it. Events touching cell c are those starting before its end, less those ending before its
    start (an event that ends before the cell starts before it too)."""
    counts: dict[Kind, tuple[list[int], list[int]]] = {}
    for kind, (firsts, lasts) in lane.kinds.items():
        # map over a partial: a third faster than a comprehension, with the same C search.
        started = list(map(partial(bisect_left, firsts), edges))
        ended = list(map(partial(bisect_left, lasts), edges))
        touching = [s - e for s, e in zip(started[1:], ended, strict=False)]
        heads = [b - a for a, b in pairwise(started)]
        counts[kind] = (touching, heads)
    return counts


@dataclass(frozen=True, slots=True)
class LaneCounts:
    """One lane's bins in a window: per kind, events touching and starting in each cell; the
    total per cell; and how many rows the lane takes (the most that collide, up to the depth)."""

    kinds: list[tuple[Kind, tuple[list[int], list[int]]]]
    totals: list[int]
    rows: int

    @classmethod
    def of(cls, lane: Lane, edges: Sequence[int], depth: int) -> LaneCounts:
        kinds = sorted(cell_counts(lane, edges).items())
        columns = zip(*(touching for _, (touching, _) in kinds), strict=True)
        totals = [sum(column) for column in columns] or [0] * (len(edges) - 1)
        return cls(kinds, totals, max(1, min(depth, max(totals, default=0))))


def _lane_grid(lane: LaneCounts, as_of_col: int | None) -> LaneGrid:
    counts, totals, rows = lane.kinds, lane.totals, lane.rows
    width = len(totals)
    glyphs = [[" "] * width for _ in range(rows)]
    roles: list[list[str | None]] = [[None] * width for _ in range(rows)]
    overflow: list[int] = []
    for c, total in enumerate(totals):
        if not total:
            continue
        # Beyond `rows`, the last row still shows what runs through; "+N" is written over the
        # first cells of the collision.
        shown = min(total, rows)
        row = 0
        # Bodies first, in kind order, then heads: a bar keeps its row while it lasts.
        for heads_pass in (False, True):
            for kind, (touching, heads) in counts:
                n = heads[c] if heads_pass else touching[c] - heads[c]
                if not n:
                    continue
                glyph, role = (HEAD if heads_pass else BODY)[kind], ROLE[kind]
                while n and row < shown:
                    glyphs[row][c], roles[row][c] = glyph, role
                    row, n = row + 1, n - 1
                if row == shown:
                    break
            if row == shown:
                break
        if total > rows:
            overflow.append(c)
    more = []
    for start, end in _spans(overflow):
        hidden = _touching(counts, start, end) - (rows - 1)
        first, last = _label_run(glyphs[-1], roles[-1], start, end, f"+{hidden}")
        more.append(More(first, last, hidden))
    if as_of_col is not None:
        for r in range(rows):
            if roles[r][as_of_col] is None:
                glyphs[r][as_of_col], roles[r][as_of_col] = AS_OF_MARK, "as-of"
    return LaneGrid(glyphs, roles, more)


def _spans(cells: list[int]) -> Iterator[tuple[int, int]]:
    """Runs of consecutive cells as (first, last)."""
    start = prev = None
    for c in cells:
        if start is None or prev is None or c != prev + 1:
            if start is not None and prev is not None:
                yield start, prev
            start = c
        prev = c
    if start is not None and prev is not None:
        yield start, prev


def _touching(counts: Iterable[tuple[Kind, tuple[list[int], list[int]]]], a: int, b: int) -> int:
    """Events touching any of cells a..b: those touching a, and those starting in a+1..b."""
    return sum(touching[a] + sum(heads[a + 1 : b + 1]) for _, (touching, heads) in counts)


def _label_run(
    glyphs: list[str], roles: list[str | None], a: int, b: int, label: str
) -> tuple[int, int]:
    """Write "+N" over cells a..b, running on into empty cells (after, else before) if the
    run is shorter; where it still has no room, a bare "+" (never a cut number: "+1" of
    "+12" would lie). The cells the collision takes, label included."""
    start, end = a, b
    while end - start + 1 < len(label) and end + 1 < len(glyphs) and roles[end + 1] is None:
        end += 1
    while end - start + 1 < len(label) and start > 0 and roles[start - 1] is None:
        start -= 1
    if end - start + 1 < len(label):
        start, end, label = a, b, "+"
    for n, char in enumerate(label):
        glyphs[start + n], roles[start + n] = char, "more"
    return start, end
