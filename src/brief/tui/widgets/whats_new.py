"""The Overview's "What's new since you last opened it": one line per change, the newest
version's wording, every part literal text. Marks in the timeline use the same glyphs and colours,
so the legend there and this list read the same."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from brief.tui.content import MUTED, plural, text

if TYPE_CHECKING:
    from brief.diff import BriefDiff, Change

# change kind -> (glyph, style). Shapes differ as well as colours, so NO_COLOR still tells them
# apart.
MARKS = {
    "added": ("●", "bold $text-success"),
    "changed": ("◆", "bold $text-warning"),
    "removed": ("✕", "bold $text-error"),
}
WORDS = {"added": "new", "changed": "changed", "removed": "removed"}
SHOWN = 12  # changes listed; the rest are counted


def mark(kind: str) -> Content:
    glyph, style = MARKS[kind]
    return Content.styled(glyph, style)


def tally(changes: BriefDiff) -> str:
    counts = changes.counts()
    return ", ".join(f"{n} {WORDS[k]}" for k, n in counts.items() if n)


def change_line(change: Change) -> Content:
    fields = ""
    if change.kind == "changed" and change.fields:
        fields = " (" + ", ".join(f.field for f in change.fields) + ")"
    return Content.assemble(
        mark(change.kind),
        " ",
        text(f"{WORDS[change.kind]} {change.item}".ljust(16), MUTED),
        text(change.label),
        text(fields, MUTED),
    )


def whats_new_content(changes: BriefDiff) -> Content:
    lines = [text(tally(changes), MUTED)]
    lines += [change_line(c) for c in list(changes)[:SHOWN]]
    if len(changes) > SHOWN:
        lines.append(text(f"… and {plural(len(changes) - SHOWN, 'more change')}", MUTED))
    return Content("\n").join(lines)


def legend(marks: dict[str, str]) -> Content:
    """ "● 2 new  ◆ 1 changed" for the timeline's marks (empty when there are none)."""
    parts: list[Content] = []
    for kind in ("added", "changed"):
        count = sum(1 for k in marks.values() if k == kind)
        if count:
            parts.append(Content.assemble(mark(kind), f" {count} {WORDS[kind]}"))
    return Content("  ").join(parts)
