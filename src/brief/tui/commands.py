"""Command palette (ctrl+p): open a brief, go to a section or an event, export, reload.

Brief text never goes through `Matcher.highlight` (it parses markup): prompts are built as
`Content` and the fuzzy match offsets are applied as spans (`content.highlight`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

from brief.tui.content import MUTED, highlight, text

# Go-to-event entries are fuzzy-matched one by one; beyond this many the palette would lag.
MAX_EVENTS = 5000

Command = tuple[str, str, str, Callable[[], object]]  # prefix, label (brief text), help, callback


class BriefCommands(Provider):
    def _commands(self) -> Iterator[Command]:
        app = self.app
        screen = app.brief_screen  # type: ignore[attr-defined]
        yield ("", "Search…", "Search this brief or all briefs (/)", app.action_global_search)  # type: ignore[attr-defined]
        yield ("", "Briefs…", "Pick another brief (b)", app.action_briefs)  # type: ignore[attr-defined]
        yield ("", "Export…", "Export the brief, a section or the timeline (e)", app.action_export)  # type: ignore[attr-defined]
        yield ("", "Reload", "Read the brief files again from disk (r)", app.action_reload)  # type: ignore[attr-defined]
        yield ("", "Help", "Every key binding (?)", app.action_help)  # type: ignore[attr-defined]
        library = app.library  # type: ignore[attr-defined]
        if library is not None:
            for entry in library.entries:
                # The cached title and date: listing a library decodes none of its briefs.
                if entry.ok and entry.title is not None and entry.as_of is not None:
                    yield (
                        "Open brief: ",
                        entry.title,
                        f"as of {entry.as_of.display()}",
                        partial(app.open_path, Path(entry.path)),  # type: ignore[attr-defined]
                    )
        if screen is None:
            return
        from brief.tui.screens.brief import section_tab

        for section in screen.brief.sections:
            yield (
                "Go to section: ",
                section.title,
                "",
                partial(app.run_worker, partial(screen.show_tab, section_tab(section.id))),
            )
        for event in screen.brief.events_in_order()[:MAX_EVENTS]:
            if event.id:
                yield (
                    "Go to event: ",
                    event.title,
                    "",
                    partial(app.run_worker, partial(screen.jump_to, "event", event.id)),
                )

    def _prompt(self, prefix: str, label: str, spans: list[tuple[int, int]]) -> Content:
        style = "bold $text-accent"
        return Content.assemble(text(prefix, MUTED), highlight(label, spans, style))

    async def search(self, query: str) -> Hits:
        fuzzy = FuzzySearch()
        for prefix, label, help_text, callback in self._commands():
            # Match prefix and label together, so "section dip" finds "Go to section: Diplomacy".
            candidate = prefix + label
            score, offsets = fuzzy.match(query, candidate)
            if score <= 0:
                continue
            spans = [(o - len(prefix), o - len(prefix) + 1) for o in offsets if o >= len(prefix)]
            prefix_spans = [(o, o + 1) for o in offsets if o < len(prefix)]
            prompt = Content.assemble(
                highlight(prefix, prefix_spans, "bold").stylize_before(MUTED),
                highlight(label, spans, "bold $text-accent"),
            )
            # `help` is parsed as markup by the palette: only our own words go there.
            yield Hit(score, prompt, callback, text=candidate, help=help_text or None)

    async def discover(self) -> Hits:
        for prefix, label, help_text, callback in self._commands():
            if prefix == "Go to event: ":
                continue  # Too many to list; typing finds them.
            yield DiscoveryHit(
                self._prompt(prefix, label, []),
                callback,
                text=prefix + label,
                help=help_text or None,
            )
