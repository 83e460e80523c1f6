"""A Rich `Table` that draws long tables fast and exactly as Rich would.

Rich's `Table` renders every cell through the whole console pipeline (a `Padding` around the
cell, options copied per cell, lines split and cropped twice, then aligned and shaped): about a
millisecond a row, so a 21,000-event timeline took 15–25 s to show or export (issue 15). This
table draws each `Text` cell with the calls that pipeline ends in (`Text.wrap`, `Text.render`
of the joined lines, split at the width), skips the layers between, and remembers cells it has
drawn: dates, sections and actors repeat down a long timeline. A cell whose lines all fit is
drawn without those calls either: its segments are cut from each line at its spans, as
`Text.render` cuts them.

Column widths are Rich's own (`Table._calculate_column_widths`), with each distinct `Text`
measured once. This overrides two private methods of Rich 15's `Table` (`_render` and
`_measure_column`): a Rich upgrade that changes them shows up as a failing equality test, not
as a silent difference. Anything outside what brief's tables use (a cell that is not `Text`,
padding above or below it, row styles, a footer, lines between rows, vertical alignment other
than top) is drawn by Rich itself, so the output is the same segment for segment;
tests/test_tables.py checks that against Rich's `Table` on generated tables and timelines.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator, Sequence
from itertools import chain, pairwise
from typing import Any

from rich.cells import cell_len
from rich.console import (
    Console,
    ConsoleOptions,
    RenderableType,
    RenderResult,
)
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Column, Table
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Text

from brief.measure import cell_measure

Rows = list[list[Segment]]
# Cells remembered at most: a long timeline's distinct dates, sections and actor lists fit.
DRAWN_LIMIT = 1024
_NEW_LINE = Segment.line()
_NONE = Style.parse("none")  # a Padding's default style, as console.get_style gives it


class FastTable(Table):
    """A drop-in `Table` for many rows of `Text` cells (see the module's docstring). Tables
    drawn in chunks can share `drawn`, the cells drawn so far."""

    def __init__(
        self,
        *headers: Column | str,
        drawn: OrderedDict[Hashable, Rows] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*headers, **kwargs)
        self.drawn: OrderedDict[Hashable, Rows] = OrderedDict() if drawn is None else drawn
        self._unmeasured = False  # while widths are worked out without the flexible columns

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        if not self._simple():
            yield from super()._render(console, options, widths)
            return
        for line in self._lines(console, options, widths):
            yield from line

    def _lines(
        self, console: Console, options: ConsoleOptions, widths: list[int]
    ) -> Iterator[list[Segment]]:
        """The lines `_render` draws, each ending in a newline (only when `_simple`)."""
        border_style = console.get_style(self.style or "") + console.get_style(
            self.border_style or ""
        )
        box = self.box.substitute(options, safe=self.safe_box if self.safe_box is not None
                                  else console.safe_box) if self.box else None  # fmt: skip
        if box and not self.show_header:
            box = box.get_plain_headed_box()
        # The column divider: whitespace in every box brief uses, styled like Rich styles it
        # (the row style's background, which is null here, plus the border style).
        divider = Segment(box.head_vertical, border_style) if box else None
        drawn = self.drawn
        made: dict[Hashable, Style] = {}  # styles of pieces of lines: see _piece_style
        get_style = console.get_style
        # What Table._get_cells gives each cell: its column's style and its side padding.
        columns = [
            (column, widths[n], *self._side_padding(n), get_style(column.style or ""))
            for n, column in enumerate(self.columns)
        ]
        rows: Iterator[Sequence[RenderableType]] = zip(
            *(column.cells for column in self.columns), strict=True
        )
        if self.show_header:
            rows = chain([[column.header for column in self.columns]], rows)
        header_styles = [
            get_style(self.header_style or "") + get_style(column.header_style)
            for column in self.columns
        ]
        for index, row in enumerate(rows):
            header = index == 0 and self.show_header
            styles = header_styles if header else [c[4] for c in columns]
            rendered = [
                _cell_lines(console, options, cell, column, width, left, right, style, drawn, made)
                for cell, (column, width, left, right, _), style in zip(
                    row, columns, styles, strict=True
                )
            ]
            row_height = max(len(lines) for lines in rendered)
            height = max(row_height, 1)
            for n, lines in enumerate(rendered):
                if len(lines) < row_height:
                    blank = [[Segment(" " * widths[n], styles[n])]]
                    blank *= row_height - len(lines)
                    # Rich aligns the header to the bottom of its row, other cells to the top.
                    lines = rendered[n] = blank + lines if header else lines + blank
                if len(lines) < height:  # an empty row still takes a line (Segment.set_shape)
                    rendered[n] = lines + [[Segment(" " * widths[n])]] * (height - len(lines))
            for line_no in range(height):
                line: list[Segment] = []
                for n, lines in enumerate(rendered):
                    if n and divider is not None:
                        line.append(divider)
                    line += lines[line_no]
                line.append(_NEW_LINE)
                yield line
            if header and box:
                rule = Segment(box.get_row(widths, "head", edge=self.show_edge), border_style)
                yield [rule, _NEW_LINE]

    def _calculate_column_widths(self, console: Console, options: ConsoleOptions) -> list[int]:
        # With `expand`, one ratio column gets what the others leave, whatever it measures;
        # Rich measures it anyway, every cell (0.3 s of a 21,000-event timeline). It is left
        # out when the others leave it at least its minimum: then Rich does not go on to
        # shrink columns by their measures.
        flexible = [column for column in self.columns if column.flexible]
        if self.expand and len(flexible) == 1 and flexible[0].ratio and self._simple():
            (column,) = flexible
            others = sum(
                self._measure_column(console, options, other).maximum
                for other in self.columns
                if other is not column
            )
            least = (column.width or 1) + self._get_padding_width(column._index)
            if others + least <= options.max_width:
                self._unmeasured = True
                try:
                    return super()._calculate_column_widths(console, options)
                finally:
                    self._unmeasured = False
        return super()._calculate_column_widths(console, options)

    def _measure_column(
        self, console: Console, options: ConsoleOptions, column: Column
    ) -> Measurement:
        if self._unmeasured and column.flexible:
            return Measurement(1, 1)  # not used: see _calculate_column_widths
        # Rich's own, with each distinct Text measured once: a Text's measure is its plain
        # string's (its longest line, its longest word).
        max_width = options.max_width
        if column.width is not None or max_width < 1 or not self._simple():
            return super()._measure_column(console, options, column)
        left, right = self._side_padding(column._index)
        cells = [column.header, *column.cells] if self.show_header else list(column.cells)
        measured: dict[str, Measurement] = {}
        lows, highs = [], []
        for cell in cells:
            found: Measurement | None
            if not isinstance(cell, Text):
                found = Measurement.get(console, options, Padding(cell, (0, right, 0, left)))
            elif (found := measured.get(cell.plain)) is None:
                # From the plain string, as Rich measures a padded Text (a third of listing
                # 10,000 briefs went to Rich measuring them).
                found = measured[cell.plain] = Measurement(
                    *cell_measure(cell.plain, left, right, max_width)
                )
            lows.append(found.minimum)
            highs.append(found.maximum)
        extra = left + right
        measurement = Measurement(
            max(lows) if lows else 1, max(highs) if highs else max_width
        ).with_maximum(max_width)
        return measurement.clamp(
            None if column.min_width is None else column.min_width + extra,
            None if column.max_width is None else column.max_width + extra,
        )

    def filling_widths(self, console: Console, options: ConsoleOptions) -> list[int] | None:
        """The column widths at `options` when each line drawn there is exactly its width,
        ending in a newline (Table.__rich_console__ then yields only `_lines`); else None."""
        if not (
            self.expand
            and self.width is None
            and self.columns
            and not (self.title or self.caption)
            and self._simple()
        ):
            return None
        extra = self._extra_width
        widths = self._calculate_column_widths(
            console, options.update_width(options.max_width - extra)
        )
        return widths if sum(widths) + extra == options.max_width else None

    def _side_padding(self, index: int) -> tuple[int, int]:
        """The left and right padding of column `index`'s cells (as Table._get_cells has it,
        without collapse_padding: see _simple)."""
        _, right, _, left = self.padding
        if not self.pad_edge:
            left = 0 if index == 0 else left
            right = 0 if index == len(self.columns) - 1 else right
        return left, right

    def _simple(self) -> bool:
        """Whether every feature in use is one `_render` draws itself."""
        # Edges, lines between rows and leading are drawn only with a box.
        boxed = self.box is not None
        return (
            not (boxed and (self.show_edge or self.show_lines or self.leading))
            and not self.show_footer
            and not self.row_styles
            and not self.collapse_padding
            and all(row.style is None and not row.end_section for row in self.rows)
            and self.padding[0] == self.padding[2] == 0
            and all(column.vertical == "top" for column in self.columns)
            # (A Text has no vertical alignment: not asking it saves raising AttributeError
            # for each cell, 4 times per table.)
            and not any(
                not isinstance(c, Text) and getattr(c, "vertical", None)
                for col in self.columns
                for c in col.cells
            )
            and (
                self.box is None
                or self.box.head_vertical == self.box.mid_vertical == self.box.foot_vertical == " "
            )
        )


class Indented:
    """`Padding(table, (top, 0, 0, left))` for a `FastTable`, drawn without measuring the
    table's lines again: when its columns fill the width (`FastTable.filling_widths`), its
    lines come whole, each exactly that width and ending in a newline, so the margin goes
    before each. (Padding splits, crops and pads every line: a quarter of a long timeline's
    drawing.) Anything else is handed to `Padding`."""

    def __init__(self, table: Table, top: int, left: int) -> None:
        self.table = table
        self.top = top
        self.left = left

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self._table_lines(console, options)
        if lines is None:
            yield Padding(self.table, (self.top, 0, 0, self.left))
            return
        # What Padding yields above: its style is "none", which is the null style.
        yield from [Segment(" " * options.max_width + "\n", _NONE)] * self.top
        for line in lines:
            yield from line

    def lines(self, console: Console, options: ConsoleOptions) -> Iterator[list[Segment]] | None:
        """Its lines, when its table fills the width: each is then exactly
        `options.max_width` wide and ends in a newline, a segment of its own. Else None."""
        lines = self._table_lines(console, options)
        if lines is None:
            return None
        blank = [Segment(" " * options.max_width, _NONE), _NEW_LINE]
        return chain([blank] * self.top, lines)

    def _table_lines(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[list[Segment]] | None:
        table, width = self.table, options.max_width
        if not isinstance(table, FastTable) or width <= self.left:
            return None
        inner = options.update_width(width - self.left)
        widths = table.filling_widths(console, inner)
        if widths is None:
            return None
        # The options Table.__rich_console__ hands its _render.
        drawing = inner.update(width=width - self.left, highlight=table.highlight, height=None)
        margin = Segment(" " * self.left, _NONE)
        return ([margin, *line] for line in table._lines(console, drawing, widths))


def print_block(console: Console, renderable: RenderableType) -> None:
    """`console.print(renderable)`, but an `Indented` table whose lines are exactly the
    console's width is not cropped again, line by line, which changes nothing in what is
    written (tests/test_tables.py): 0.35 s of CPU less to print a 21,000-event timeline."""
    whole = isinstance(renderable, Indented) and renderable.lines(console, console.options)
    console.print(renderable, crop=not whole)


def _cell_lines(
    console: Console,
    options: ConsoleOptions,
    cell: RenderableType,
    column: Column,
    width: int,
    left: int,
    right: int,
    style: Style,
    drawn: OrderedDict[Hashable, Rows],
    styles: dict[Hashable, Style],
) -> Rows:
    """The lines Rich's Table draws for `cell`: `console.render_lines(Padding(cell, (0, right,
    0, left)), ...)`, remembered by what decides them."""
    if not isinstance(cell, Text) or width - left - right < 1:
        return console.render_lines(
            Padding(cell, (0, right, 0, left)),
            options.update(
                width=width,
                justify=column.justify,
                no_wrap=column.no_wrap,
                overflow=column.overflow,
                height=None,
                highlight=column.highlight,
            ),
            style=style,
        )
    key = (
        cell.plain,
        tuple(cell.spans),
        cell.style,
        cell.justify,
        cell.overflow,
        cell.no_wrap,
        cell.end,
        cell.tab_size,
        left,
        right,
        width,
        column.justify,
        column.overflow,
        column.no_wrap,
        style,
    )
    found = drawn.get(key)
    if found is None:
        found = drawn[key] = _draw(console, cell, column, width, left, right, style, styles)
        if len(drawn) > DRAWN_LIMIT:
            drawn.popitem(last=False)
    else:
        drawn.move_to_end(key)
    return found


def _draw(
    console: Console,
    text: Text,
    column: Column,
    width: int,
    left: int,
    right: int,
    style: Style,
    styles: dict[Hashable, Style],
) -> Rows:
    # Text.__rich_console__ inside Padding.__rich_console__ inside console.render_lines.
    inner = width - left - right
    justify = text.justify or column.justify or DEFAULT_JUSTIFY
    overflow = text.overflow or column.overflow or DEFAULT_OVERFLOW
    lines = (
        _fitting_lines(text.plain, inner) if justify == "left" and overflow != "ignore" else None
    )
    if lines is not None:
        found = _draw_fitting(console, text, lines, inner, left, right, style, styles)
        if found is not None:
            return found
    wrapped = text.wrap(
        console,
        inner,
        justify=justify,
        overflow=overflow,
        tab_size=(console.tab_size if text.tab_size is None else text.tab_size) or 8,
        no_wrap=text.no_wrap if text.no_wrap is not None else column.no_wrap,
    )
    segments = Text("\n").join(wrapped).render(console, end=text.end)
    lines_drawn = Segment.split_and_crop_lines(
        segments, inner, pad=True, style=_NONE, include_new_lines=False
    )
    # The Padding's own style is "none": nothing to apply to the cell's segments.
    before = Segment(" " * left, _NONE) if left else None
    after = Segment(" " * right, _NONE) if right else None
    rows = []
    for line in lines_drawn:
        if before:
            line.insert(0, before)
        if after:
            line.append(after)
        if style:
            line = list(Segment.apply_style(line, style))
        rows.append(Segment.adjust_line_length(line, width, style=style))
    return rows


def _fitting_lines(plain: str, width: int) -> list[tuple[str, int]] | None:
    """The lines of `plain` with their widths in cells, when each fits in `width` (which
    `Text.wrap` would then leave whole); else None."""
    if "\t" in plain:
        return None
    lines = []
    for line in plain.split("\n"):
        if len(line) > width:  # no character is narrower than one cell
            return None
        cells = cell_len(line)
        if cells > width:
            return None
        lines.append((line, cells))
    return lines


def _draw_fitting(
    console: Console,
    text: Text,
    lines: list[tuple[str, int]],
    inner: int,
    left: int,
    right: int,
    style: Style,
    styles: dict[Hashable, Style],
) -> Rows | None:
    """What Rich draws for a `text` whose `lines` each fit in `inner` cells, without making
    the `Text` objects that draw it: Text.split, Text.truncate (padding each line), the join
    of the lines, Text.render, Segment.split_lines, then Padding's margins and the column's
    style (Segment.apply_style), as one pass over each line's spans. (Drawing the tables of
    a 21,000-event timeline, whose event cells are all different: 2.8 -> 1.4 s CPU.)
    `styles` remembers the styles made, by the spans over a piece. None when a style is one
    Rich would copy for each segment (a link) or a span's has still to look up (a name), or
    for an end other than a newline: Rich draws those."""
    base = text.style
    spans = text.spans
    if text.end not in ("\n", "") or (style and style.link):
        return None
    if isinstance(base, str) and base:
        # A named style (`Text(id, "cyan")`: `brief list`'s 10,000 ids) is looked up as
        # Text.render looks it up.
        base = console.get_style(base, default=Style.null())
    plain = text.plain
    length = len(plain)
    # A line's width is the sum of its pieces' widths, but for a joiner or a variation
    # selector (an emoji sequence), which a span boundary may cut: then Rich pads the pieces.
    if spans and ("\u200d" in plain or "\ufe0f" in plain):
        return None
    # Spans that are empty or run past the text are kept or cut depending on whether the
    # text has a line break; each of those ways is Rich's own.
    styled: list[tuple[int, int, Style]] = []
    for start, stop, span_style in spans:
        if not (0 <= start < stop <= length and isinstance(span_style, Style)):
            return None
        styled.append((start, stop, span_style))
    # Each line's spans, cut to the line and counted from its start (Text.divide).
    cut: list[list[tuple[int, int, Style]]] = []
    offset = 0
    for line, _ in lines:
        end = offset + len(line)
        here = [
            (max(start, offset) - offset, min(stop, end) - offset, span_style)
            for start, stop, span_style in styled
            if min(stop, end) > max(start, offset)
        ]
        cut.append(here)
        offset = end + 1
    # Text.render yields unstyled text when the joined lines have no span at all.
    plain_text = not text.style and not any(cut)
    before = Segment(" " * left, style + _NONE if style else _NONE) if left else None
    after = Segment(" " * right, style + _NONE if style else _NONE) if right else None
    rows: Rows = []
    for (line, cells), here in zip(lines, cut, strict=True):
        padded = line + " " * (inner - cells) if cells < inner else line
        row = [before] if before else []
        if plain_text:
            row.append(Segment(padded, style or None))
        else:
            for a, b, over in _pieces(here, len(padded)):
                key = (base, over, style)
                found = styles.get(key)
                if found is None:
                    found = _piece_style(console, styles, key)
                    if found is None:
                        return None
                row.append(Segment(padded[a:b], found))
        if after:
            row.append(after)
        rows.append(row)
    return rows


def _pieces(
    spans: list[tuple[int, int, Style]], length: int
) -> list[tuple[int, int, tuple[Style, ...]]]:
    """Where Text.render cuts a line of `length` characters under `spans` (cut to the line,
    none empty), with the spans over each piece in their order."""
    # Spans one after another (as Text.append makes them): one walk along them.
    pieces: list[tuple[int, int, tuple[Style, ...]]] = []
    end = 0
    for start, stop, style in spans:
        if start < end:
            break
        if start > end:
            pieces.append((end, start, ()))
        pieces.append((start, stop, (style,)))
        end = stop
    else:
        if end < length:
            pieces.append((end, length, ()))
        return pieces
    # Spans over one another: a piece between each two places where one starts or stops.
    cuts = sorted({0, length, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    return [
        (a, b, tuple(s for start, stop, s in spans if start <= a < stop)) for a, b in pairwise(cuts)
    ]


def _piece_style(
    console: Console,
    styles: dict[Hashable, Style],
    key: tuple[str | Style, tuple[Style, ...], Style],
) -> Style | None:
    """The style of a piece of a cell's line, by `key`: the line's style, the spans over the
    piece and the column's style. That is Text.render's combination of the joined text's own
    style (none), the line's style and the spans, in their order, then the column's style
    added (Segment.apply_style). None for a link: Rich copies it each time."""
    base, over, column = key
    found = Style.combine([console.get_style(""), *((base,) if base else ()), *over])
    if column:
        found = column + found
    if found.link:
        return None
    styles[key] = found
    return found
