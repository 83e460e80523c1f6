"""The Overview tab: summary, key figures, actors by kind, sources, counts and problems."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from brief.errors import Problem
from brief.model import ACTOR_KIND_HEADINGS, ACTOR_KINDS, Brief, Figure, Source, default_id
from brief.text import prose
from brief.tui.content import HEADING, MUTED, join, plural, text
from brief.tui.widgets.reading import READING_BINDINGS, mark_hit

if TYPE_CHECKING:
    from brief.diff import BriefDiff


def _wrap(value: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(value, width) or [""]


def grid(
    rows: list[list[tuple[str, str]]], widths: list[int], header: Sequence[str] = ()
) -> Content:
    """A table drawn as Content: each cell (text, style) wrapped in its column. Cheap to lay out,
    unlike a Rich Table, which is measured again on every layout pass (slow first paint)."""
    lines: list[Content] = []
    if header:
        cells = [
            Content.styled(h.ljust(w), "bold $text-muted")
            for h, w in zip(header, widths, strict=True)
        ]
        lines.append(Content("  ").join(cells))
    for row in rows:
        wrapped = [_wrap(value, width) for (value, _), width in zip(row, widths, strict=True)]
        for n in range(max(len(w) for w in wrapped)):
            cells = [
                Content.styled((w[n] if n < len(w) else "").ljust(width), style)
                for w, width, (_, style) in zip(wrapped, widths, row, strict=True)
            ]
            lines.append(Content("  ").join(cells).rstrip())
    return Content("\n").join(lines)


def figures_table(brief: Brief) -> list[Content]:
    """Key figures: the header, then one line block per figure (label, value with unit,
    change, period), in shared columns. Every cell literal."""
    rows = [
        [
            (figure.label, ""),
            (("c. " if figure.approx else "") + figure.value_text(), "bold"),
            (figure.change or "", "$text-success"),
            (figure.period or "", "$text-muted"),
        ]
        for figure in brief.figures
    ]
    # Capped: longer cells wrap. Padding every row to the longest `change` (200,000 characters)
    # took 13.8 s and 2 GB to first paint (issue 15).
    value_w = min(24, max(5, *(len(r[1][0]) for r in rows)))
    change_w = min(24, max(6, *(len(r[2][0]) for r in rows)))
    period_w = min(24, max(6, *(len(r[3][0]) for r in rows)))
    label_w = max(20, min(40, 90 - value_w - change_w - period_w))
    widths = [label_w, value_w, change_w, period_w]
    header = grid([], widths, ["Figure", "Value", "Change", "Period"])
    return [header, *(grid([row], widths) for row in rows)]


def item_key(kind: str, item_id: str) -> str:
    """The class that marks an Overview item, from a search hit's kind and id (any text)."""
    return f"-{kind}-{item_id.encode().hex()}"


def figure_id(figure: Figure, position: int) -> str:
    """The figure's id, or the loader's for one written without (f1, f2, … in file order)."""
    return figure.id or default_id("figure", position + 1)


def citation(number: int, source: Source) -> Content:
    """ "[1] Author, Title. Publisher, Jul 2025. https://…" — every part literal."""
    parts = [text(f"[{number}]", "$text-primary")]
    body = ", ".join(p for p in (source.author, source.title) if p)
    tail = ", ".join(
        p for p in (source.publisher, source.published and source.published.display()) if p
    )
    parts.append(text(body + ("." if tail or source.url else "")))
    if tail:
        parts.append(text(tail + "."))
    if source.url:
        parts.append(text(source.url, "underline $text-muted"))
    if source.note:
        parts.append(text(f"({source.note})", MUTED))
    return join(parts)


def counts_line(brief: Brief) -> Content:
    return text(" · ".join(plural(n, k.rstrip("s")) for k, n in brief.counts().items()), MUTED)


def problem_line(problem: Problem) -> Content:
    where = f"{problem.where}:"
    style = "$text-warning" if problem.severity == "warning" else "$text-error"
    # As the CLI prints it: `path:line:col: error: message`.
    return Content.assemble(
        (where, "bold"), " ", (f"{problem.severity}:", style), " ", problem.message
    )


class Overview(VerticalScroll, can_focus=True):
    """Scrolls with the keys (j/k, arrows, g/G, page keys) through the whole overview."""

    BINDINGS = READING_BINDINGS

    def __init__(
        self,
        brief: Brief,
        problems: Sequence[Problem] = (),
        changes: BriefDiff | None = None,
        *,
        defer: bool = False,
        id: str | None = None,
    ):
        """`defer`: build the parts below the first screenful after the first paint."""
        super().__init__(id=id, classes="reading")
        self.brief = brief
        self.defer = defer
        self.problems = list(problems)
        # What changed since the reader last opened the brief (None: nothing to compare with).
        self.changes = changes
        self._shown_changes: BriefDiff | None = None
        self._below_mounted = False  # actors and sources (see `defer`)

    def compose(self) -> ComposeResult:
        brief = self.brief
        if self.problems:
            yield Static(text("Problems with this file", HEADING), classes="heading problems")
            yield Static(
                Content("\n").join(problem_line(p) for p in self.problems), classes="problems"
            )
        yield from self._changes_widgets()
        if brief.subtitle:
            yield Static(text(brief.subtitle, "italic"), classes="counts")
        yield Static(counts_line(brief), classes="counts")
        if brief.summary:
            yield Static(text(prose(brief.summary)), classes="summary")
        if brief.figures:
            yield Static(text("Key figures", HEADING), classes="heading")
            header, *rows = figures_table(brief)
            yield Static(header, classes="figures")
            for n, (figure, row) in enumerate(zip(brief.figures, rows, strict=True)):
                key = item_key("figure", figure_id(figure, n))
                yield Static(row, classes=f"figures row {key}")
        if not self.defer:
            self._below_mounted = True
            yield from self._below_the_fold()

    def on_mount(self) -> None:
        if self.defer:
            # After the first paint: that frame shows the summary and figures at most.
            self.call_after_refresh(self.call_after_refresh, self._mount_below_the_fold)

    async def _mount_below_the_fold(self) -> None:
        if not self._below_mounted:
            self._below_mounted = True
            await self.mount_all(self._below_the_fold())

    def _below_the_fold(self) -> list[Static]:
        """Actors and sources: below the first screenful, and the costliest parts to build.
        One widget per item, so that a search hit can be scrolled to and highlighted."""
        brief = self.brief
        widgets: list[Static] = []
        if brief.actors:
            widgets.append(Static(text("Actors", HEADING), classes="heading"))
            widgets.extend(self._actors())
        widgets.append(Static(text("Sources", HEADING), classes="heading"))
        widgets.extend(
            Static(citation(n, source), classes=f"sources row {item_key('source', source.id)}")
            for n, source in enumerate(brief.sources, 1)
        )
        return widgets

    async def flash(self, kind: str, item_id: str) -> bool:
        """Highlight the figure, actor or source `item_id` and scroll it to the top."""
        await self._mount_below_the_fold()
        found = self.query(f".{item_key(kind, item_id)}")
        if not found:
            return False
        mark_hit(self, found.first())
        return True

    def _changes_widgets(self) -> list[Static]:
        self._shown_changes = self.changes
        if not self.changes:
            return []  # never opened before (None), or nothing changed: nothing to say
        from brief.tui.widgets.whats_new import whats_new_content

        return [
            Static(text("What's new since you last opened it", HEADING), classes="heading new"),
            Static(whats_new_content(self.changes), classes="whats-new new"),
        ]

    def show_changes(self, changes: BriefDiff | None) -> None:
        self.changes = changes
        # Later, not now: this may be called between compose and mount.
        self.call_later(self._sync_changes)

    async def _sync_changes(self) -> None:
        if self._shown_changes is self.changes:
            return
        await self.query(".new").remove()
        widgets = self._changes_widgets()
        if widgets:
            after = self.query(".problems")
            if after:
                await self.mount_all(widgets, after=after.last())
            else:
                await self.mount_all(widgets, before=0)

    def _actors(self) -> list[Static]:
        """Actors grouped by kind: the name, then the role wrapped beside it."""
        widgets: list[Static] = []
        name_w = min(26, max((len(a.name) for a in self.brief.actors), default=10))
        for kind in ACTOR_KINDS:
            actors = [a for a in self.brief.actors if a.kind == kind]
            if not actors:
                continue
            title = Content.styled(ACTOR_KIND_HEADINGS[kind], "bold $text-secondary")
            # A blank line between kinds, as between paragraphs.
            widgets.append(Static(title, classes="actors kind" + (" spaced" if widgets else "")))
            widgets.extend(
                Static(
                    grid([[(a.name, "$text-accent"), (a.role or "", "")]], [name_w, 90 - name_w]),
                    classes=f"actors row {item_key('actor', a.id)}",
                )
                for a in actors
            )
        return widgets
