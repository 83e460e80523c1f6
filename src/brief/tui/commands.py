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
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.message import Message

from brief.tui import messages
from brief.tui.content import MUTED, highlight, text

if TYPE_CHECKING:
    from brief.library import Library
    from brief.tui.screens.brief import BriefScreen

# Go-to-event entries are fuzzy-matched one by one; beyond this many the palette would lag.
MAX_EVENTS = 5000
# Only this much of a candidate is matched (and highlighted): a palette line shows no more.
MAX_MATCHED = 200

Command = tuple[str, str, str, Callable[[], object]]  # prefix, label (brief text), help, callback


@runtime_checkable
class PaletteHost(Protocol):
    """What the palette reads of the app (`BriefApp`) to list its commands. It only reads:
    each command is a message, to the app or to the brief screen."""

    @property
    def library(self) -> Library | None: ...

    @property
    def brief_screen(self) -> BriefScreen | None: ...


class BriefCommands(Provider):
    def _commands(self) -> Iterator[Command]:
        app = self.app

        def ask(message: Message) -> Callable[[], object]:
            return partial(app.post_message, message)

        yield ("", "Search…", "Search this brief or all briefs (/)", ask(messages.OpenSearch()))
        yield ("", "Briefs…", "Pick another brief (b)", ask(messages.OpenBriefs()))
        yield (
            "",
            "Export…",
            "Export the brief, a section or the timeline (e)",
            ask(messages.OpenExport()),
        )
        yield ("", "Reload", "Read the brief files again from disk (r)", ask(messages.Reload()))
        yield ("", "Help", "Every key binding (?)", ask(messages.OpenHelp()))
        if not isinstance(app, PaletteHost):
            return
        if app.library is not None:
            for entry in app.library.entries:
                # The cached title and date: listing a library decodes none of its briefs.
                if entry.ok and entry.title is not None and entry.as_of is not None:
                    yield (
                        "Open brief: ",
                        entry.title,
                        f"as of {entry.as_of.display()}",
                        ask(messages.OpenBrief(Path(entry.path))),
                    )
        screen = app.brief_screen
        if screen is None:
            return
        for section in screen.brief.sections:
            go_to = messages.GoTo("section", section.id)
            yield ("Go to section: ", section.title, "", partial(screen.post_message, go_to))
        for event in screen.brief.events_in_order()[:MAX_EVENTS]:
            if event.id:
                go_to = messages.GoTo("event", event.id)
                yield ("Go to event: ", event.title, "", partial(screen.post_message, go_to))

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
