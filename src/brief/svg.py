"""An SVG picture of console output, written as it is drawn: the document Rich's
`Console.export_svg` makes, byte for byte, without holding it whole.

`export_svg` keeps every segment a console recorded, then builds the document as one string:
206 MB at peak for a 21,000-event brief. Here each line is turned into its SVG text runs and
background rectangles as it comes, and those go to two temporary files. What must come first
in the document (the CSS classes of the styles met, the clip path of every line, the height)
is known once the last line is in, and is written before the two files are copied out.

The drawing is a transcription of Rich 15's `export_svg` (its attribute order, number
formats, class numbering and the blank last line without a clip path);
tests/test_svg.py checks the result against `export_svg` itself.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from html import escape
from math import ceil
from typing import IO

from rich.cells import cell_len
from rich.color import blend_rgb
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme

# Rich's geometry: a 20px font with Fira Code's aspect ratio, and the window's margins.
CHAR_HEIGHT = 20
CHAR_WIDTH = CHAR_HEIGHT * 0.61
LINE_HEIGHT = CHAR_HEIGHT * 1.22
MARGIN = 1
PADDING_TOP, PADDING_SIDE = 40, 8
_NULL = Style()


def _number(value: int | float) -> str:
    # `make_tag`'s number format: floats as "g", the rest as str.
    return format(value, "g") if isinstance(value, float) else str(value)


def _escape_text(text: str) -> str:
    return escape(text).replace(" ", "&#160;")


class SvgPicture:
    """Lines of segments in, one SVG document out (`write`). `add` takes what
    `console.render(renderable)` gives: what `Console.print` records, for any renderable but a
    bare `Text` (print joins those into a new `Text`, which wraps even when they would not)."""

    def __init__(
        self, *, width: int, title: str, theme: TerminalTheme, code_format: str, unique_id: str
    ) -> None:
        self.width = width
        self.title = title
        self.theme = theme
        self.code_format = code_format
        self.unique_id = unique_id
        self.lines = 0
        self._css: dict[Style, str] = {}
        self._classes: dict[str, int] = {}
        self._x: dict[int, str] = {}  # a number of cells -> its attribute text
        self._drawn: dict[Style | None, tuple[int, str | None]] = {}  # see _drawn_style
        # Closed by `close` (the picture is a context manager).
        self._backgrounds: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._matrix: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def close(self) -> None:
        self._backgrounds.close()
        self._matrix.close()

    def __enter__(self) -> SvgPicture:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _style_css(self, style: Style) -> str:
        css = self._css.get(style)
        if css is not None:
            return css
        theme = self.theme
        color = (
            theme.foreground_color
            if style.color is None or style.color.is_default
            else style.color.get_truecolor(theme)
        )
        bgcolor = (
            theme.background_color
            if style.bgcolor is None or style.bgcolor.is_default
            else style.bgcolor.get_truecolor(theme)
        )
        if style.reverse:
            color, bgcolor = bgcolor, color
        if style.dim:
            color = blend_rgb(color, bgcolor, 0.4)
        rules = [f"fill: {color.hex}"]
        if style.bold:
            rules.append("font-weight: bold")
        if style.italic:
            rules.append("font-style: italic;")
        if style.underline:
            rules.append("text-decoration: underline;")
        if style.strike:
            rules.append("text-decoration: line-through;")
        css = self._css[style] = ";".join(rules)
        return css

    def _cells_attribute(self, cells: int) -> str:
        """`cells` character widths in pixels: an x offset, a width or a text length."""
        found = self._x.get(cells)
        if found is None:
            found = self._x[cells] = _number(cells * CHAR_WIDTH)
        return found

    def _drawn_style(self, segment_style: Style | None) -> tuple[int, str | None]:
        """A segment style's CSS class number and its background colour (None: no
        rectangle), remembered: the same few styles draw every line."""
        style = segment_style or _NULL
        rules = self._style_css(style)
        number = self._classes.setdefault(rules, len(self._classes) + 1)
        theme = self.theme
        background: str | None = None
        if style.reverse:
            background = (
                theme.foreground_color.hex
                if style.color is None
                else style.color.get_truecolor(theme).hex
            )
        elif style.bgcolor is not None and not style.bgcolor.is_default:
            background = style.bgcolor.get_truecolor(theme).hex
        self._drawn[segment_style] = (number, background)
        return number, background

    def add(self, segments: Iterable[Segment]) -> None:
        """Draw the lines of `segments` (newlines end them) below those added so far."""
        self.add_lines(Segment.split_and_crop_lines(Segment.filter_control(segments), self.width))

    def add_lines(self, lines: Iterable[list[Segment]]) -> None:
        """Draw `lines` below those added so far, each as `add` splits them: no wider than
        the picture, no control segment, and no newline but as a segment that ends it."""
        uid = self.unique_id
        rect_height = _number(LINE_HEIGHT + 0.25)
        write_background, write_text = self._backgrounds.write, self._matrix.write
        drawn, cells_attribute = self._drawn, self._cells_attribute
        for line in lines:
            y = self.lines
            self.lines += 1
            rect_y = _number(y * LINE_HEIGHT + 1.5)
            text_y = _number(y * LINE_HEIGHT + CHAR_HEIGHT)
            x = 0
            for text, segment_style, _control in line:
                found = drawn.get(segment_style)
                number, background = found or self._drawn_style(segment_style)
                cells = cell_len(text)
                if background is not None:
                    write_background(
                        f'<rect fill="{background}" x="{cells_attribute(x)}" y="{rect_y}" '
                        f'width="{cells_attribute(cells)}" height="{rect_height}" '
                        'shape-rendering="crispEdges"/>'
                    )
                if text != " " * len(text):
                    write_text(
                        f'<text class="{uid}-r{number}" x="{cells_attribute(x)}" '
                        f'y="{text_y}" textLength="{cells_attribute(len(text))}" '
                        f'clip-path="url(#{uid}-line-{y})">{_escape_text(text)}</text>'
                    )
                x += cells

    def write(self, out: IO[str]) -> None:
        """Write the whole document to `out`."""
        uid, width, theme = self.unique_id, self.width, self.theme
        last = max(self.lines - 1, 0)  # Rich's `y`: the index of the last line
        terminal_width = ceil(width * CHAR_WIDTH + 2 * PADDING_SIDE)
        terminal_height = (last + 1) * LINE_HEIGHT + (PADDING_TOP + PADDING_SIDE)
        chrome = (
            f'<rect fill="{theme.background_color.hex}" stroke="rgba(255,255,255,0.35)" '
            f'stroke-width="1" x="{MARGIN}" y="{MARGIN}" width="{terminal_width}" '
            f'height="{_number(terminal_height)}" rx="8"/>'
        )
        if self.title:
            chrome += (
                f'<text class="{uid}-title" fill="{theme.foreground_color.hex}" '
                f'text-anchor="middle" x="{terminal_width // 2}" '
                f'y="{MARGIN + CHAR_HEIGHT + 6}">{_escape_text(self.title)}</text>'
            )
        chrome += """
            <g transform="translate(26,22)">
            <circle cx="0" cy="0" r="7" fill="#ff5f57"/>
            <circle cx="22" cy="0" r="7" fill="#febc2e"/>
            <circle cx="44" cy="0" r="7" fill="#28c840"/>
            </g>
        """
        fields = {
            "unique_id": uid,
            "char_width": CHAR_WIDTH,
            "char_height": CHAR_HEIGHT,
            "line_height": LINE_HEIGHT,
            "terminal_width": CHAR_WIDTH * width - 1,
            "terminal_height": (last + 1) * LINE_HEIGHT - 1,
            "width": terminal_width + 2 * MARGIN,
            "height": terminal_height + 2 * MARGIN,
            "terminal_x": MARGIN + PADDING_SIDE,
            "terminal_y": MARGIN + PADDING_TOP,
            "styles": "\n".join(f".{uid}-r{n} {{ {css} }}" for css, n in self._classes.items()),
            "chrome": chrome,
        }
        # The template in the pieces around what is streamed; each piece is a format string.
        head, rest = self.code_format.split("{lines}")
        middle, rest = rest.split("{backgrounds}")
        between, tail = rest.split("{matrix}")
        out.write(head.format(**fields))
        rect = (
            f'<rect x="0" y="{{}}" width="{_number(CHAR_WIDTH * width)}" '
            f'height="{_number(LINE_HEIGHT + 0.25)}"/>'
        )
        for n in range(last):  # no clip path for the last line, as in Rich
            if n:
                out.write("\n")
            out.write(
                f"""<clipPath id="{uid}-line-{n}">
    {rect.format(_number(n * LINE_HEIGHT + 1.5))}
            </clipPath>"""
            )
        out.write(middle.format(**fields))
        for part in (self._backgrounds, self._matrix):
            part.flush()
            part.seek(0)
        shutil.copyfileobj(self._backgrounds, out)
        out.write(between.format(**fields))
        shutil.copyfileobj(self._matrix, out)
        out.write(tail.format(**fields))
