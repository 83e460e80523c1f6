"""Exports: the brief (or the part the reader chose) as text, ANSI, HTML, SVG, Markdown or JSON.

Every format but Markdown and JSON is the one renderer (`brief.render`) drawn by a Rich console.
Output is written block by block (title, figures, each section, the timeline in chunks…), so a
long filtered timeline streams to its file instead of being built in memory first; only SVG,
whose size is needed before its first line, is drawn whole.

Safety: brief text is literal in every format. Rich escapes HTML text and SVG text; hyperlinks
come only from sources' http(s) URLs, which are checked again and escaped for the attribute here
(Rich writes `href` unescaped); Markdown escapes every character that could start syntax; the HTML
page carries a Content-Security-Policy that forbids scripts and any request off the page.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from rich.color import ColorSystem
from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme

from brief import __version__
from brief._msgspec import msgspec
from brief.atomic import atomic_writer, describe_os_error
from brief.errors import ExportError, Problem
from brief.markdown import md_escape
from brief.model import ACTOR_KIND_HEADINGS, Brief, Event, Point, Section, Source, to_builtins
from brief.render import (
    SAFE_URL,
    actor_names,
    item_date,
    made_stamp,
    section_titles,
)
from brief.summary import full_command, iter_document, lede, summary_source_list
from brief.svg import SvgPicture
from brief.tables import Indented, print_block
from brief.text import paragraphs, sanitize
from brief.view import Matcher, View, select

# A format's name, as `--format` takes it: one of FORMATS.
Format = str
Writer = Callable[[IO[str], View, int, dt.datetime], None]
DEFAULT_WIDTH = 100
MIN_WIDTH, MAX_WIDTH = 40, 400


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: all the CLI, the TUI's dialog and the file-name checks know of it.
    Adding a format is one more entry in EXPORT_FORMATS (at the end of this module)."""

    name: Format
    label: str  # for people, in the TUI's dialog
    extensions: tuple[str, ...]  # the file suffixes that ask for it; the first is the one written
    write: Writer

    @property
    def extension(self) -> str:
        return self.extensions[0]


def export_format(name: Format) -> ExportFormat:
    """The format called `name`; ExportError names the choices when there is none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ExportError(
            f"unknown export format {name!r}; choose from {', '.join(FORMATS)}"
        ) from None


def format_for_path(path: str | os.PathLike[str]) -> Format | None:
    """The format a file name asks for, or None when its suffix says nothing clear."""
    found = _BY_SUFFIX.get(Path(path).suffix.lower())
    return found.name if found else None


def output_format(path: str | os.PathLike[str] | None, fmt: Format | None) -> Format:
    """The format to write to `path` (None: stdout) when `fmt` was asked for (None: not): `fmt`,
    else the one the file's suffix names, else text for a name without a suffix.

    Raises ExportError naming the path when the suffix is one no format writes and no format
    was asked for (`-o brief.docx` must not quietly get plain text), or when it names another
    format than the one asked for.
    """
    if path is None:
        return fmt or "text"
    suffix = Path(path).suffix.lower()
    named = format_for_path(path)
    if fmt is None and named is None and suffix:
        known = ", ".join(e for f in EXPORT_FORMATS for e in f.extensions)
        raise ExportError(
            Problem(
                str(path),
                0,
                0,
                f"no export format writes {suffix!r} files; name one with --format "
                f"({', '.join(FORMATS)}) or use a known extension ({known})",
            )
        )
    if fmt is not None and named is not None and named != fmt:
        raise ExportError(
            Problem(
                str(path),
                0,
                0,
                f"the extension {suffix!r} is for {named}, not {fmt}; "
                f"change the file name or --format",
            )
        )
    return fmt or named or "text"


def default_filename(brief: Brief, fmt: Format, part: str = "") -> str:
    """`<brief-id>-<as_of>[-<part>].<ext>`, e.g. `pakistan-bangladesh-2025-10-23.html`, or
    `…-2025-10-23-summary.svg` for a part of the brief."""
    tail = f"-{part}" if part else ""
    return f"{brief.id}-{brief.as_of}{tail}{export_format(fmt).extension}"


def with_format_extension(path: str, fmt: Format) -> str:
    """`path` renamed to end in `fmt`'s extension: a suffix of another format is replaced
    (`brief.txt` -> `brief.html`), any other suffix is kept and the extension added."""
    extension = export_format(fmt).extension
    if not path or format_for_path(path) == fmt:
        return path
    if format_for_path(path) is not None:
        return path[: -len(Path(path).suffix)] + extension
    return path + extension


# --- Public API ----------------------------------------------------------------------------------


def export(
    brief: Brief,
    fmt: Format,
    *,
    width: int = DEFAULT_WIDTH,
    sections: Sequence[str] | None = None,
    query: str | None = None,
    now: dt.datetime | None = None,
    matcher: Matcher | None = None,
    summary: bool = False,
) -> str:
    """The export as a string. Raises ExportError for an unknown format or section."""
    buffer = io.StringIO()
    write_export(
        buffer,
        brief,
        fmt,
        width=width,
        sections=sections,
        query=query,
        now=now,
        matcher=matcher,
        summary=summary,
    )
    return buffer.getvalue()


def write_export(
    out: IO[str],
    brief: Brief,
    fmt: Format,
    *,
    width: int = DEFAULT_WIDTH,
    sections: Sequence[str] | None = None,
    query: str | None = None,
    now: dt.datetime | None = None,
    matcher: Matcher | None = None,
    summary: bool = False,
) -> View:
    """Stream the export to `out`, block by block. Returns the view that was exported.
    `summary`: the one-page summary (brief.summary) of the chosen part instead of all of it."""
    writer = export_format(fmt).write
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ExportError(f"width {width} is out of range; use {MIN_WIDTH} to {MAX_WIDTH}")
    view = select(brief, sections=sections, query=query, matcher=matcher, summary=summary)
    writer(out, view, width, now or dt.datetime.now(dt.UTC))
    return view


def export_file(
    brief: Brief,
    fmt: Format,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    width: int = DEFAULT_WIDTH,
    sections: Sequence[str] | None = None,
    query: str | None = None,
    now: dt.datetime | None = None,
    matcher: Matcher | None = None,
    summary: bool = False,
) -> View:
    """Write the export to `path` atomically: a reader (or a crash) sees the old file or the
    complete new one. Never replaces an existing file unless `force`.

    Raises ExportError, with one problem naming the path, when the file exists, the directory
    is missing, or the path cannot be written; the existing file is then left untouched.
    """
    target = Path(path)
    try:
        with atomic_writer(target, overwrite=force) as handle:
            return write_export(
                handle,
                brief,
                fmt,
                width=width,
                sections=sections,
                query=query,
                now=now,
                matcher=matcher,
                summary=summary,
            )
    except FileExistsError:
        raise ExportError(
            Problem(str(target), 0, 0, "already exists; use --force to replace it")
        ) from None
    except OSError as error:
        raise ExportError(Problem(str(target), 0, 0, describe_os_error(error))) from None


# --- Rich formats: text, ansi, html, svg ---------------------------------------------------------


class _Discard(io.StringIO):
    """Where a recording console prints: the record is what we keep."""

    def write(self, s: str) -> int:
        return len(s)


class StripTrailing(io.TextIOBase):
    """Passes text through with trailing spaces removed from each line: Rich pads table rows
    to the full width, which is noise in a plain-text email."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.pending = ""

    def write(self, s: str) -> int:
        *lines, self.pending = (self.pending + s).split("\n")
        for line in lines:
            self.out.write(line.rstrip(" ") + "\n")
        return len(s)

    def flush(self) -> None:
        if self.pending:
            self.out.write(self.pending.rstrip(" "))
            self.pending = ""


def _console(
    width: int,
    *,
    file: IO[str],
    colors: Literal["truecolor", "256"] | None,
    record: bool = False,
) -> Console:
    # `_environ={}`: exports are files, not terminals. NO_COLOR, FORCE_COLOR, COLUMNS and TERM
    # in the user's environment must not change what lands in them.
    return Console(
        file=file,
        width=width,
        record=record,
        force_terminal=colors is not None,
        color_system=colors,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
        _environ={},
    )


def _blocks(
    view: View,
    now: dt.datetime,
    fmt: Format,
    width: int,
    *,
    links: bool = False,
    chart: bool = False,
) -> Iterator[RenderableType]:
    return iter_document(view, now=now, footer=True, links=links, fmt=fmt, chart=chart, width=width)


def _write_text(out: IO[str], view: View, width: int, now: dt.datetime) -> None:
    stripped = StripTrailing(out)
    console = _console(width, file=stripped, colors=None)  # type: ignore[arg-type]
    for block in _blocks(view, now, "text", width):
        print_block(console, block)
    stripped.flush()


def _write_ansi(out: IO[str], view: View, width: int, now: dt.datetime) -> None:
    """Colours as SGR sequences and nothing else (no hyperlinks: they would be OSC 8).

    256 colours: `less -R` and every terminal people paste into understand them; not all do
    24-bit colour. The codes are made here rather than by `Style.render`, because Rich caches a
    style's codes for the first colour system it meets: after a truecolor render in the same
    process (the TUI, a test), a "256-colour" console would still write 24-bit codes.
    """
    console = _console(width, file=_Discard(), colors="256")
    codes: dict[Style, str] = {}
    for block in _blocks(view, now, "ansi", width):
        for text, style, control in console.render(block):
            if control:
                continue
            sgr = codes.get(style) if style else ""
            if sgr is None and style:
                sgr = codes[style] = _sgr(style, ColorSystem.EIGHT_BIT)
            out.write(f"\x1b[{sgr}m{text}\x1b[0m" if sgr else text)


_SGR_ATTRIBUTES = (("bold", "1"), ("dim", "2"), ("italic", "3"), ("underline", "4"),
                   ("reverse", "7"), ("strike", "9"))  # fmt: skip


def _sgr(style: Style, system: ColorSystem) -> str:
    """The SGR parameters for `style` in `system`: "1;38;5;67"."""
    params = [code for name, code in _SGR_ATTRIBUTES if getattr(style, name)]
    if style.color is not None:
        params.extend(style.color.downgrade(system).get_ansi_codes())
    if style.bgcolor is not None:
        params.extend(style.bgcolor.downgrade(system).get_ansi_codes(foreground=False))
    return ";".join(params)


# The page around Rich's inline-styled HTML: our own template, because Rich's has no <title>,
# no language and fixed colours. Body text has no colour in the renderer, so it follows the
# page, which follows the reader's light or dark preference; accents are mid-tones that read
# on both. The CSP forbids scripts, and any request off the page (fonts, images, frames).
HTML_HEAD = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="brief {version}">
<title>{title}</title>
<style>
:root {{ color-scheme: light dark; --fg: #1f2328; --bg: #fdfdfc; }}
@media (prefers-color-scheme: dark) {{ :root {{ --fg: #d8dde3; --bg: #16191d; }} }}
html {{ background: var(--bg); color: var(--fg); }}
body {{ margin: 0; padding: 2rem 1rem; }}
main {{ width: fit-content; max-width: 100%; margin: 0 auto; overflow-x: auto; }}
pre {{ margin: 0; font-size: 14px; line-height: 1.4;
  font-family: "JetBrains Mono", "Fira Code", Menlo, "DejaVu Sans Mono", Consolas, monospace; }}
a {{ color: inherit; text-underline-offset: 2px; }}
</style>
</head>
<body>
<main>
<pre><code>"""
HTML_TAIL = """</code></pre>
</main>
</body>
</html>
"""

# Rich writes `<a href="{link}">` without escaping the URL.
_ANCHOR = re.compile(r'<a href="([^"]*)">')


def _safe_anchor(match: re.Match[str]) -> str:
    url = match.group(1)
    if SAFE_URL.fullmatch(url) is None:
        return "<a>"  # cannot happen for links the renderer makes; never emit a bad href
    return f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer nofollow">'


def _document_title(view: View) -> str:
    titles = {s.id: s.title for s in view.brief.sections}
    parts = [view.brief.title, *(titles[s] for s in view.section_ids)]
    if view.query:
        parts.append(f"“{view.query}”")
    if view.summary:
        parts.append("summary")
    return sanitize(" — ".join(parts))


def _write_html(out: IO[str], view: View, width: int, now: dt.datetime) -> None:
    out.write(HTML_HEAD.format(version=__version__, title=html.escape(_document_title(view))))
    console = _console(width, file=_Discard(), colors="truecolor", record=True)
    for block in _blocks(view, now, "html", width, links=True, chart=True):
        print_block(console, block)
        fragment = console.export_html(inline_styles=True, code_format="{code}", clear=True)
        out.write(_ANCHOR.sub(_safe_anchor, fragment))
    out.write(HTML_TAIL)


# A calm dark terminal for the SVG picture; the ANSI palettes matter little (the renderer uses
# its own colours) but Rich needs them.
SVG_THEME = TerminalTheme(
    (30, 34, 39),
    (216, 221, 227),
    [(75, 78, 85), (204, 85, 90), (152, 168, 75), (208, 179, 68),
     (96, 138, 177), (152, 114, 159), (104, 160, 179), (197, 200, 198)],
    [(154, 155, 153), (255, 38, 39), (0, 130, 61), (208, 132, 66),
     (25, 132, 233), (255, 44, 122), (57, 130, 128), (253, 253, 197)],
)  # fmt: skip


def _svg_template() -> str:
    """Rich's SVG template without its web fonts: opening the file makes no request (local
    monospace fonts instead; Rich sets every text run's length, so metrics barely matter)."""
    from rich._export_format import CONSOLE_SVG_FORMAT

    start = CONSOLE_SVG_FORMAT.index("    @font-face")
    end = CONSOLE_SVG_FORMAT.index("    .{unique_id}-matrix")
    template = CONSOLE_SVG_FORMAT[:start] + CONSOLE_SVG_FORMAT[end:]
    return template.replace(
        "font-family: Fira Code, monospace;",
        'font-family: "Fira Code", "JetBrains Mono", Menlo, "DejaVu Sans Mono", Consolas, '
        "monospace;",
    )


def _write_svg(out: IO[str], view: View, width: int, now: dt.datetime) -> None:
    # Drawn block by block (brief.svg): Rich's export_svg would hold every segment, then the
    # whole document (206 MB for a 21,000-event brief), for the same bytes.
    console = _console(width, file=_Discard(), colors="truecolor")
    with SvgPicture(
        width=width,
        title=_document_title(view),
        theme=SVG_THEME,
        code_format=_svg_template(),
        unique_id="brief",  # stable output: golden files and diffs
    ) as picture:
        for block in _blocks(view, now, "svg", width, chart=True):
            lines = block.lines(console, console.options) if isinstance(block, Indented) else None
            if lines is None:
                picture.add(console.render(block))
            else:  # a timeline table's lines come whole: no need to split and crop them again
                picture.add_lines(lines)
        # Rich draws no clip path for the last line; a blank last line keeps real text off it.
        picture.add([Segment.line()])
        picture.write(out)


# --- Markdown ------------------------------------------------------------------------------------


# Characters that can start Markdown (CommonMark + GFM) syntax anywhere in a line: emphasis,
# code, links and images, raw HTML, entities, tables, strikethrough, math, autolinked emails.
def md_paragraphs(text: str) -> str:
    return "\n\n".join(md_escape(p, line_start=True) for p in paragraphs(text))


def _md_markers(view: View, ids: Iterable[str]) -> str:
    # "[1]" is not a link in CommonMark without a "[1]: …" definition, and brief text cannot
    # produce one (its "[" are escaped).
    found = sorted({view.numbers[s] for s in ids if s in view.numbers})
    return "".join(f"[{n}]" for n in found)


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_tags(tags: Iterable[str]) -> str:
    return " ".join(f"`#{t}`" if re.fullmatch(r"[a-z0-9-]+", t) else md_escape(t) for t in tags)


def _md_join(*parts: str, sep: str = " ") -> str:
    return sep.join(p for p in parts if p)


def _md_heading(view: View) -> tuple[str, list[str]]:
    """The title and subtitle, and the parts of the line under them: the as-of date and the
    sections shown (each document adds its own parts)."""
    brief = view.brief
    heading = f"# {md_escape(brief.title)}\n\n"
    if brief.subtitle:
        heading += f"*{md_escape(brief.subtitle)}*\n\n"
    meta = [f"**As of** {brief.as_of.display()}"]
    titles = {s.id: s.title for s in brief.sections}
    if view.section_ids:
        meta.append("**Sections** " + md_escape(", ".join(titles[s] for s in view.section_ids)))
    return heading, meta


def _iter_md(view: View, now: dt.datetime) -> Iterator[str]:
    brief = view.brief
    heading, meta = _md_heading(view)
    yield heading
    yield " · ".join(meta) + "\n\n"
    if not view.scoped and brief.summary:
        yield md_paragraphs(brief.summary) + "\n\n"
    if view.figures:
        yield from _md_figures(view)
    for section, points in view.sections:
        yield from _md_section(view, section, points)
    if view.events:
        yield from _md_timeline(view, view.events)
    if view.actors:
        yield "## Actors\n\n"
        for kind, heading in ACTOR_KIND_HEADINGS.items():
            group = [a for a in view.actors if a.kind == kind]
            if not group:
                continue
            yield f"### {heading}\n\n"
            for a in group:
                detail = _md_join(md_escape(a.role), md_escape(a.country), sep=", ")
                aliases = f"also {md_escape(', '.join(a.aliases))}" if a.aliases else ""
                line = _md_join(
                    f"- **{md_escape(a.name)}**",
                    detail and f"— {detail}",
                    aliases and f"({aliases})",
                )
                yield line + "\n"
            yield "\n"
    if view.sources:
        yield "## References\n\n"
        for s in view.sources:
            yield f"- [{view.numbers[s.id]}] {_md_citation(s)}\n"
        yield "\n"
    yield "---\n\n"
    if view.query:
        yield f"*Filtered by query* `{_md_code(view.query)}`  \n"
    yield f"*Made {made_stamp(now)} with brief {__version__}*\n"


def _md_figures(view: View, *, notes: bool = True) -> Iterator[str]:
    yield "## Key figures\n\n"
    yield _md_row(["Figure", "Value", "Change", "Period"]) + "\n"
    yield "| --- | ---: | ---: | --- |\n"
    for f in view.figures:
        label = _md_join(md_escape(f.label), _md_markers(view, f.sources))
        if notes and f.note:
            label += f" — *{md_escape(f.note)}*"
        value = ("c. " if f.approx else "") + md_escape(f.value_text())
        yield _md_row([label, value, md_escape(f.change), md_escape(f.period)]) + "\n"
    yield "\n"


def _iter_md_summary(view: View, now: dt.datetime) -> Iterator[str]:
    """The one-page summary (brief.summary has the layout and its reasons) in Markdown."""
    brief = view.brief
    titles = section_titles(brief)  # cut: each event's row repeats its section's title
    heading, meta = _md_heading(view)
    yield heading
    if view.query:
        meta.append(f"**Query** `{_md_code(view.query)}`")
    sources = summary_source_list(view)
    cited = "; ".join(f"{_md_citation(s)} [{view.numbers[s.id]}]" for s in sources)
    meta.append(("**Source** " if len(sources) == 1 else "**Sources** ") + cited)
    yield " · ".join(meta) + "\n\n"
    if not view.scoped and brief.summary:
        yield md_paragraphs(brief.summary) + "\n\n"
    if view.figures:
        yield from _md_figures(view, notes=False)
    if view.sections:
        yield "## Sections\n\n"
        for section, _points in view.sections:
            gist = f" — {md_escape(lede(section.summary))}" if section.summary else ""
            yield f"- **{md_escape(section.title)}**{gist}\n"
        yield "\n"
    if view.events:
        marked = any(e.key for e in view.events)
        yield "## Key events\n\n" if marked else "## Latest and expected events\n\n"
        yield _md_row(["Date", "Event", "Section"]) + "\n"
        yield "| --- | --- | --- |\n"
        for e in view.events:
            event = _md_join(f"**{md_escape(e.title)}**", _md_markers(view, e.sources))
            where = md_escape(titles.get(e.section or "", ""))
            yield _md_row([md_escape(item_date(e)), event, where]) + "\n"
        yield "\n"
    yield "---\n\n"
    yield f"*Summary of {brief.id} · the whole brief:* `{_md_code(full_command(view, 'md'))}`  \n"
    yield f"*Made {made_stamp(now)} with brief {__version__}*\n"


def _md_code(text: str) -> str:
    """Text for an inline code span: backticks cannot close it if we fence with none inside."""
    return sanitize(text).replace("`", "ʼ").replace("\n", " ")


def _md_citation(source: Source) -> str:
    parts = []
    if source.author:
        parts.append(md_escape(source.author) + ",")
    parts.append(f"*{md_escape(source.title)}*.")
    tail = [md_escape(source.publisher)] if source.publisher else []
    if source.published:
        tail.append(source.published.display())
    if tail:
        parts.append(", ".join(tail) + ".")
    if source.note:
        parts.append(md_escape(source.note) + ".")
    url = source.url
    if url and SAFE_URL.fullmatch(url):
        # The only link in the document: an autolink, which cannot carry other syntax.
        parts.append(f"<{url}>")
    return " ".join(parts)


def _md_section(view: View, section: Section, points: Sequence[Point]) -> Iterator[str]:
    actors = view.brief.actor_map()
    yield f"## {md_escape(section.title)}\n\n"
    if section.summary:
        yield md_paragraphs(section.summary) + "\n\n"
    for p in points:
        date = item_date(p)
        head = f"**{md_escape(date)}** — " if date else ""
        body = _md_join(md_escape(p.text, line_start=not date), _md_markers(view, p.sources))
        names = md_escape(actor_names(view.brief, p.actors, actors))
        meta = _md_join(f"*{names}*" if names else "", _md_tags(p.tags))
        yield f"- {head}{body}" + (f"  \n  {meta}" if meta else "") + "\n"
    if points:
        yield "\n"


def _md_timeline(view: View, events: Sequence[Event]) -> Iterator[str]:
    titles = section_titles(view.brief)
    actors = view.brief.actor_map()
    yield "## Timeline\n\n"
    yield _md_row(["Date", "Section", "Event", "Actors"]) + "\n"
    yield "| --- | --- | --- | --- |\n"
    for e in events:
        event = _md_join(f"**{md_escape(e.title)}**", _md_markers(view, e.sources))
        if e.text:
            event += " — " + md_escape(e.text)
        if e.tags:
            event += " " + _md_tags(e.tags)
        yield _md_row([
            md_escape(item_date(e)),
            md_escape(titles.get(e.section or "", "")),
            event,
            md_escape(actor_names(view.brief, e.actors, actors)),
        ]) + "\n"  # fmt: skip
    yield "\n"


def _write_md(out: IO[str], view: View, width: int, now: dt.datetime) -> None:
    for chunk in (_iter_md_summary if view.summary else _iter_md)(view, now):
        out.write(chunk)


# --- JSON ----------------------------------------------------------------------------------------


def subset(view: View) -> Brief:
    """The view as a brief of its own, timeline in date order: what was chosen, plus the
    sections its events and figures point to, so every reference still resolves and the result
    loads as a brief."""
    brief = view.brief
    if not (view.scoped or view.summary):
        # Normalised: the timeline in date order, as every other surface shows it.
        return msgspec.structs.replace(brief, timeline=list(view.events))
    kept = {s.id: points for s, points in view.sections}
    referenced = {e.section for e in view.events if e.section}
    referenced.update(f.section for f in view.figures if f.section)
    sections = [
        msgspec.structs.replace(s, points=list(kept.get(s.id, [])))
        for s in brief.sections
        if s.id in kept or s.id in referenced
    ]
    return msgspec.structs.replace(
        brief,
        sections=sections,
        timeline=list(view.events),
        figures=list(view.figures),
        actors=list(view.actors),
        sources=list(view.sources) or list(brief.sources),
    )


def _write_json(out: IO[str], view: View, width: int, now: dt.datetime) -> None:
    """The normalised brief (or subset), keys in the model's order, dates as written (their
    precision is the form: "2025", "2025-07", "2025-07-23"). Timeline events stream one by one;
    the text is byte-for-byte what `json.dumps(to_builtins(brief), indent=2)` would give."""
    brief = subset(view)
    head = to_builtins(msgspec.structs.replace(brief, timeline=[]))
    keys = [k for k in brief.__struct_fields__ if k in head or (k == "timeline" and brief.timeline)]
    out.write("{")
    for n, key in enumerate(keys):
        out.write(("," if n else "") + f"\n  {json.dumps(key)}: ")
        if key == "timeline":
            _write_json_list(out, brief.timeline)
        else:
            out.write(_indent(json.dumps(head[key], indent=2, ensure_ascii=False), 2))
    out.write("\n}\n")


def _write_json_list(out: IO[str], items: Sequence[msgspec.Struct]) -> None:
    out.write("[")
    for n, item in enumerate(items):
        text = json.dumps(to_builtins(item), indent=2, ensure_ascii=False)
        out.write(("," if n else "") + "\n    " + _indent(text, 4))
    out.write("\n  ]" if items else "]")


def _indent(text: str, spaces: int) -> str:
    return text.replace("\n", "\n" + " " * spaces)


# The one list of formats: the CLI's --format choices, the extension checks and the TUI's
# dialog are all made from it, in this order.
EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("text", "Plain text", (".txt", ".text"), _write_text),
    ExportFormat("ansi", "ANSI (coloured text)", (".ans", ".ansi"), _write_ansi),
    ExportFormat("html", "HTML page", (".html", ".htm"), _write_html),
    ExportFormat("svg", "SVG image", (".svg",), _write_svg),
    ExportFormat("md", "Markdown", (".md", ".markdown"), _write_md),
    ExportFormat("json", "JSON", (".json",), _write_json),
)
FORMATS: tuple[Format, ...] = tuple(f.name for f in EXPORT_FORMATS)
_BY_NAME = {f.name: f for f in EXPORT_FORMATS}
_BY_SUFFIX = {suffix: f for f in EXPORT_FORMATS for suffix in f.extensions}
