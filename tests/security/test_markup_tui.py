"""No markup anywhere in the TUI (issue 6, requirement 3).

One brief carries markup and action payloads in every string field (tests/security/payloads.py).
Pilot shows it on every surface: each tab, the picker, the help, the command palette, a
notification, the export dialog, the facet picker, global search and the event detail. On each,
the payload text must be on screen as typed, no cell under it may carry an `@click` action, and
clicking every payload on screen must run nothing: `app.quit`, `app.bell` and `open_url` are
replaced by recorders. A self-check shows the same clicks do run an action in a naive widget.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.errors import NoWidget
from textual.notifications import Notification
from textual.widgets import Static

from brief.tui.app import BriefApp
from brief.tui.screens.brief import BriefScreen
from brief.tui.widgets.timeline import TimelinePane
from tests.helpers import settled, until
from tests.security.payloads import ALL_MARKUP, MARKUP, write_brief

SIZE = (160, 45)
# Fragments that survive any truncation of a long line and mark where to click.
CLICK_TARGETS = (
    "[@click=app.quit]click me[/]",
    "[$accent @click=app.quit]x[/]",
    "[ @click=app.bell]",
)


def screen_lines(app: App) -> list[str]:
    """The text of every line of the screen, as composited (what the user sees)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def occurrences(app: App, needle: str) -> Iterator[tuple[int, int]]:
    """Screen (x, y) of the middle of each occurrence of `needle`."""
    for y, line in enumerate(screen_lines(app)):
        start = line.find(needle)
        while start != -1:
            yield cell_len(line[:start]) + cell_len(needle) // 2, y
            start = line.find(needle, start + 1)


class Recorder:
    """Stands in for the actions a payload could name; records every call."""

    def __init__(self, app: App) -> None:
        self.calls: list[str] = []

        async def quit_() -> None:
            self.calls.append("quit")

        async def bell() -> None:
            self.calls.append("bell")

        app.action_quit = quit_  # type: ignore[method-assign]
        app.action_bell = bell  # type: ignore[method-assign]
        app.open_url = lambda url, **_: self.calls.append(f"open {url}")  # type: ignore[method-assign]


async def check_surface(pilot, recorder: Recorder, surface: str, expect: tuple[str, ...]) -> None:
    """The payloads in `expect` are on screen literally; nothing on screen has an action; a
    click on every payload on screen runs nothing."""
    app = pilot.app

    def shown() -> bool:
        return all(fragment in "\n".join(screen_lines(app)) for fragment in expect)

    await until(pilot, shown, f"{surface} shows its payloads")
    await settled(pilot)  # what is shown is final: no worker still to change it
    text = "\n".join(screen_lines(app))
    for fragment in expect:
        assert fragment in text, f"{surface}: {fragment!r} not shown literally:\n{text}"
    # No cell of a payload carries an action or a link in its style.
    compositor = app.screen._compositor
    for needle in (*CLICK_TARGETS, "[link=file:///etc/passwd]x[/link]"):
        for x, y in occurrences(app, needle):
            for cx in range(
                x - cell_len(needle) // 2, x + cell_len(needle) - cell_len(needle) // 2
            ):
                style = compositor.get_style_at(cx, y)
                assert "@click" not in style.meta and not style.link, (surface, cx, y)
    # Click a payload in each widget showing one (a tab title, a list row, a paragraph…).
    clicked: set[int] = set()
    for needle in CLICK_TARGETS:
        for x, y in occurrences(app, needle):
            try:
                widget, _ = compositor.get_widget_at(x, y)
            except NoWidget:  # the dimmed screen behind a modal: a click there reaches nothing
                continue
            if id(widget) not in clicked:
                clicked.add(id(widget))
                await pilot.click(offset=(x, y))
    assert recorder.calls == [], (surface, recorder.calls)
    assert app.is_running, surface


def reload_failed(app: App) -> list[Notification]:
    return [n for n in app._notifications if n.title == "Reload failed"]


def test_markup_is_literal_and_inert_on_every_surface(tmp_path: Path) -> None:
    path = write_brief(tmp_path / "briefs", ALL_MARKUP, name="markup")
    other = write_brief(tmp_path / "briefs", "plain", name="plain")
    app = BriefApp([str(path), str(other)], str(path), watch=False)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            recorder = Recorder(app)

            async def at(surface: str, *keys: str, expect: tuple[str, ...] = ()) -> None:
                # Start from the brief screen: a click may have switched tabs or opened a row.
                while not isinstance(app.screen, BriefScreen):
                    app.pop_screen()
                for timeline in app.screen.query(TimelinePane):  # built once first shown
                    if timeline.populated:
                        timeline.set_query("")  # a facet clicked on the last surface sets one
                app.screen.set_focus(None)
                await pilot.pause()
                for key in keys:
                    await pilot.press(key)
                await check_surface(pilot, recorder, surface, expect)

            title = f"TITLE {MARKUP[0]} {MARKUP[1]}"
            overview = (title, "SUMMARY [bold]x[/]", "FIGURELABEL", "UNIT [bold]x[/]",
                        "SOURCETITLE [bold]x[/]", "ACTORNAME [bold]x[/]",
                        "SECTIONONE [bold]x[/]")  # fmt: skip
            await at("overview", expect=overview)
            await at("section one", "1", expect=("POINTTEXT " + ALL_MARKUP[:60], "EVENTTITLE"))
            await at("section two", "2", expect=("POINTTWO [bold]x[/] [/] [/bold]",))
            await at("timeline", "t", expect=("EVENTTITLE [bold]x[/]", "EVENTTEXT [bold]x[/]"))
            await at("facet picker", "t", "ctrl+f", expect=("ACTORNAME [bold]x[/]",))
            await at("timeline query", "t", "slash", *"click", expect=("EVENTTITLE",))
            dialog = ("Export  TITLE [bold]x[/]", "This section: SECTIONONE [bold]x[/]")
            await at("export dialog", "1", "e", expect=dialog)
            await at("global search", "o", "slash", *"pointtext",
                     expect=("POINTTEXT [bold]x[/]",))  # fmt: skip
            await at("picker", "b", expect=(title,))
            await at("help", "question_mark")
            await at("palette", "ctrl+p", *"event",
                     expect=("EVENTTITLE [bold]x[/]",))  # fmt: skip
            await at("palette sections", "ctrl+p", *"section",
                     expect=("SECTIONONE [bold]x[/]",))  # fmt: skip
            # A notification quoting brief text: the file breaks on reload with a payload key.
            broken = path.read_text(encoding="utf-8") + f"{MARKUP[3]!r}: 1\n"
            path.write_text(broken.replace("'", '"'), encoding="utf-8")
            await at("reload", "r")
            await until(pilot, lambda: reload_failed(app), "the reload fails")
            await settled(pilot)
            failed = reload_failed(app)
            # The toast shows the message as typed: markup off (a Toast parses it otherwise).
            assert f"unknown key `{MARKUP[3]}`" in failed[0].message
            assert failed[0].markup is False
            await at("overview problems", "o", expect=(f"unknown key `{MARKUP[3]}`",))
            assert recorder.calls == []
            assert app.is_running

    asyncio.run(main())


class _Naive(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("[@click=app.bell]click me[/] here")  # markup parsed: a naive widget


def test_the_click_check_catches_a_naive_widget() -> None:
    async def main() -> list[str]:
        app = _Naive()
        async with app.run_test(size=(40, 5)) as pilot:
            recorder = Recorder(app)
            await pilot.pause()
            (x, y), *_ = occurrences(app, "click me")
            await pilot.click(offset=(x, y))
            await pilot.pause()
            assert "@click" in app.screen._compositor.get_style_at(x, y).meta
            return recorder.calls

    assert asyncio.run(main()) == ["bell"]
