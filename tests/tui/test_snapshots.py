"""Snapshots of every tab at 80×24 and 120×40, the picker and the help screen.

Synchronous on purpose: `snap_compare` fails inside an `async def` test. Regenerate after a
deliberate change with `make snapshots`. Keys are pressed in `run_before`, each followed by a
wait for the state it leads to, so that the picture is of a settled screen even under load.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from brief.tui.app import BriefApp
from brief.tui.screens.brief import BriefScreen
from brief.tui.screens.picker import BriefPicker
from brief.tui.widgets.timeline import TimelinePane
from tests.helpers import BUNDLED, settled, until

TABS = ["o", "1", "2", "3", "4", "5", "t"]  # Overview, five sections, Timeline
SIZES = [(80, 24), (120, 40)]


def still(brief_app: BriefApp) -> BriefApp:
    brief_app.animation_level = "none"  # the tab underline slides: a picture mid-slide differs
    return brief_app


def app() -> BriefApp:
    return still(BriefApp([str(BUNDLED)], watch=False, history=False))


def first_screen_built(brief_app: BriefApp) -> bool:
    """The brief screen, the Overview's lower part included; or the picker, filled."""
    screen = brief_app.screen
    if isinstance(screen, BriefPicker):
        return screen.query_one(OptionList).option_count > 0
    return isinstance(screen, BriefScreen) and screen.ready and bool(screen.query(".sources"))


def settle_after(*keys: str, ready=lambda app: True):
    """A `run_before` that waits for the first screen, presses `keys`, then waits until every
    worker is done, the timeline shows its query's rows, `ready(app)` holds, and the screen is
    idle."""

    async def run_before(pilot) -> None:
        await until(pilot, lambda: first_screen_built(pilot.app), "the first screen")
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)
        for pane in pilot.app.screen.query(TimelinePane):
            if pane.populated:
                await until(
                    pilot,
                    lambda p=pane: p.outcome is not None and p.outcome.query == p.query_text,
                    "the timeline's rows",
                )
        await until(pilot, lambda: ready(pilot.app), "the screen to be ready")
        await settled(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("tab", TABS)
def test_tab(snap_compare, tab: str, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, run_before=settle_after(tab))


def test_timeline_query(snap_compare) -> None:
    keys = ["t", "slash", *"dhaka", "enter"]
    assert snap_compare(app(), terminal_size=(120, 40), run_before=settle_after(*keys))


def help_laid_out(brief_app: BriefApp) -> bool:
    """The help is longer than the dialog at these sizes: laid out when it can scroll."""
    dialogs = brief_app.screen.query("#dialog")
    if not dialogs:
        return False
    dialog = dialogs.first()
    return dialog.max_scroll_y > 0 and dialog.vertical_scrollbar.window_size > 0


def test_help_screen(snap_compare) -> None:
    run_before = settle_after("question_mark", ready=help_laid_out)
    assert snap_compare(app(), terminal_size=(120, 40), run_before=run_before)


def test_help_screen_at_80_columns(snap_compare) -> None:
    run_before = settle_after("question_mark", ready=help_laid_out)
    assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)


def test_picker(snap_compare, tmp_path: Path, monkeypatch) -> None:
    # Relative paths inside the test's own directory: the paths shown are part of the picture.
    shutil.copy(BUNDLED, tmp_path / BUNDLED.name)
    (tmp_path / "broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    picker_app = still(BriefApp([BUNDLED.name, "broken.yaml"], watch=False, history=False))
    assert snap_compare(picker_app, terminal_size=(100, 30), run_before=settle_after())
