"""Snapshots of every tab at 80×24 and 120×40, the picker and the help screen.

Synchronous on purpose: `snap_compare` fails inside an `async def` test. Regenerate after a
deliberate change with `make snapshots`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brief.tui.app import BriefApp
from brief.tui.screens.brief import BriefScreen
from tests.helpers import BUNDLED
from tests.tui.conftest import settled, until

TABS = ["o", "1", "2", "3", "4", "5", "t"]  # Overview, five sections, Timeline
SIZES = [(80, 24), (120, 40)]


def app() -> BriefApp:
    return BriefApp([str(BUNDLED)], watch=False, history=False)


async def settle(pilot) -> None:
    """Until the first screen is built, the Overview's lower part included, and idle."""
    app = pilot.app

    def built() -> bool:
        screen = app.screen
        if not isinstance(screen, BriefScreen):
            return True
        return screen.ready and bool(screen.query(".sources"))

    await until(pilot, built, "the first screen")
    await settled(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("tab", TABS)
def test_tab(snap_compare, tab: str, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, press=[tab], run_before=settle)


def test_timeline_query(snap_compare) -> None:
    keys = ["t", "slash", *"dhaka", "enter"]
    assert snap_compare(app(), terminal_size=(120, 40), press=keys, run_before=settle)


def test_help_screen(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=(120, 40), press=["question_mark"], run_before=settle)


def test_help_screen_at_80_columns(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=(80, 24), press=["question_mark"], run_before=settle)


def test_picker(snap_compare, tmp_path: Path, monkeypatch) -> None:
    # Relative paths inside the test's own directory: the paths shown are part of the picture.
    shutil.copy(BUNDLED, tmp_path / BUNDLED.name)
    (tmp_path / "broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    paths = [BUNDLED.name, "broken.yaml"]
    assert snap_compare(
        BriefApp(paths, watch=False, history=False), terminal_size=(100, 30), run_before=settle
    )
