"""Command palette (ctrl+p): open a brief, go to a section or an event, export, reload.

Brief text never goes through `Matcher.highlight` (it parses markup): prompts are built as
`Content` and the fuzzy match offsets are applied as spans (`content.highlight`).

Matching is ours (`fuzzy_match`), linear in the candidate: Textual's `FuzzySearch` tries every
alignment of the query, which is exponential in the candidate's length (an event title of 400
characters froze the app at 5.9 GB; 200 characters took 4 s for one candidate).
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
# Only this much of a candidate is matched (and highlighted): a palette line shows no more.
MAX_MATCHED = 200

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
        for prefix, label, help_text, callback in self._commands():
            # Match prefix and label together, so "section dip" finds "Go to section: Diplomacy".
            candidate = prefix + label
            score, offsets = fuzzy_match(query, candidate)
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


_SCORER = FuzzySearch()


def fuzzy_match(query: str, candidate: str) -> tuple[float, list[int]]:
    """(score, offsets) of `query` in `candidate`, (0, []) if it does not match.

    Each word of the query is found in turn after the previous one: as a whole where it can
    be (the usual case, and contiguous offsets score higher), else letter by letter. Linear in
    the candidate, whose first MAX_MATCHED characters are matched; scored by Textual's scorer
    (first letters of words and few groups count), so the ranking reads like Textual's own.
    """
    target = candidate[:MAX_MATCHED].lower()
    words = query.lower().split()
    if not words or len(target) != len(candidate[:MAX_MATCHED]):
        return 0.0, []  # `lower` changed the length (rare letters): offsets would not fit
    offsets: list[int] = []
    position = 0
    for word in words:
        at = target.find(word, position)
        if at != -1:
            offsets += range(at, at + len(word))
            position = at + len(word)
            continue
        for letter in word:
            at = target.find(letter, position)
            if at == -1:
                return 0.0, []
            offsets.append(at)
            position = at + 1
    score = _SCORER.score(target, offsets)
    return (score * 1.5 if query.lower() in target else score), offsets
