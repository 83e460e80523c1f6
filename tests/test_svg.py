"""`brief.svg.SvgPicture` writes what Rich's `Console.export_svg` writes, byte for byte, for
the same console output: styles of every kind (backgrounds, reverse, dim, bold, italic,
underline, strike), wide and combining characters, characters to escape, lines cut at the
width, several blocks, a title or none, and no output at all; and, from `add_lines`, for the
lines of timeline tables as they come."""

from __future__ import annotations

import io

import pytest
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from brief.export import SVG_THEME, _svg_template
from brief.load import load_brief
from brief.render import iter_timeline
from brief.svg import SvgPicture
from brief.tables import Indented
from tests.golden import SAMPLE

STYLES = [
    Style(color="#dbe4ee", bgcolor="#33404f"),
    Style(reverse=True, bold=True),
    Style(reverse=True, color="#4f7fc0"),
    Style(dim=True, italic=True),
    Style(underline=True, strike=True),
    Style(color="red", bgcolor="default"),
    Style(),
]


def _text(n: int) -> Text:
    text = Text()
    for i, style in enumerate(STYLES):
        text.append(f"<{n}&{i}> 漢字 e\u0301 ", style)
    text.append("x" * (n * 7))  # longer than some widths: wrapped or cut
    return text


BLOCKS: list[RenderableType] = [
    _text(1),
    Padding(Group(_text(2), Text("  ")), (1, 0, 0, 2)),
    # In a Group: `Console.print` re-joins a bare Text, and loses its no_wrap.
    Group(Text("no wrap " * 20, no_wrap=True, overflow="crop")),
    Text(""),
]


def _table() -> Table:
    table = Table(title="t")
    table.add_column("a", style=STYLES[0])
    table.add_column("b")
    table.add_row(_text(3), "🎉 wide")
    return table


def _console(width: int, record: bool) -> Console:
    return Console(
        width=width,
        record=record,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        _environ={},
    )


@pytest.mark.parametrize("width", [12, 40, 100])
@pytest.mark.parametrize("title", ["A <title> & more", ""])
@pytest.mark.parametrize("blocks", [[*BLOCKS, _table()], []], ids=["blocks", "empty"])
def test_the_picture_is_richs_export_svg(
    width: int, title: str, blocks: list[RenderableType]
) -> None:
    rich = _console(width, record=True)
    for block in blocks:
        rich.print(block)
    expected = rich.export_svg(
        title=title, theme=SVG_THEME, code_format=_svg_template(), unique_id="brief"
    )
    console, out = _console(width, record=False), io.StringIO()
    with SvgPicture(
        width=width, title=title, theme=SVG_THEME, code_format=_svg_template(), unique_id="brief"
    ) as picture:
        for block in blocks:
            picture.add(console.render(block))
        picture.write(out)
    assert out.getvalue() == expected


@pytest.mark.parametrize("width", [40, 100, 160])
def test_whole_lines_of_a_timeline_draw_the_same_picture(width: int) -> None:
    # `add_lines` takes an Indented table's lines as they come, without splitting them again.
    brief = load_brief(SAMPLE)
    tables = iter_timeline(brief, chunk=2)  # a header and a blank line above the first only
    blocks = [Indented(t, top=1 - min(n, 1), left=1) for n, t in enumerate(tables)]
    rich = _console(width, record=True)
    for block in blocks:
        rich.print(block)
    expected = rich.export_svg(
        title="t", theme=SVG_THEME, code_format=_svg_template(), unique_id="brief"
    )
    console, out = _console(width, record=False), io.StringIO()
    with SvgPicture(
        width=width, title="t", theme=SVG_THEME, code_format=_svg_template(), unique_id="brief"
    ) as picture:
        for block in blocks:
            lines = block.lines(console, console.options)
            assert lines is not None
            picture.add_lines(lines)
        picture.write(out)
    assert out.getvalue() == expected
