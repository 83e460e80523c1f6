"""Snapshots of every tab at 80×24 and 120×40, the picker and the help screen.

Synchronous on purpose: `snap_compare` fails inside an `async def` test. Regenerate after a
deliberate change with `make snapshots`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.tui.app import BriefApp
from tests.helpers import BUNDLED

TABS = ["1", "2", "3", "4", "5", "6", "7"]  # Overview, five sections, Timeline
SIZES = [(80, 24), (120, 40)]


def app() -> BriefApp:
    return BriefApp([str(BUNDLED)], watch=False, history=False)


async def settle(pilot) -> None:
    await pilot.pause(0.1)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("tab", TABS)
def test_tab(snap_compare, tab: str, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, press=[tab], run_before=settle)


def test_timeline_query(snap_compare) -> None:
    keys = ["t", "slash", *"dhaka", "enter"]
    assert snap_compare(app(), terminal_size=(120, 40), press=keys, run_before=settle)


def test_help_screen(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=(120, 40), press=["question_mark"], run_before=settle)


def test_picker(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A relative name: the broken file's path is part of the picture.
    monkeypatch.chdir(tmp_path)
    Path("broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    paths = [str(BUNDLED), "broken.yaml"]
    assert snap_compare(
        BriefApp(paths, watch=False, history=False), terminal_size=(100, 30), run_before=settle
    )
