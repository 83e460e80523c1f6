"""The export dialog, driven through Pilot: it starts on what the reader is looking at, offers
the one-page summary, keeps the file's extension in step with the format and shows the folder
before writing."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Input, RadioSet, Select, Static

from brief.tui.app import BriefApp
from brief.tui.screens.brief import section_tab
from brief.tui.screens.export import SECTION, SUMMARY, TIMELINE, WHOLE, ExportDialog
from tests.helpers import until
from tests.tui.conftest import drive

SIZE = (120, 40)


def app_for(path: Path) -> BriefApp:
    return BriefApp([str(path)], None, watch=False, history=False)


def shown(dialog: ExportDialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


async def open_dialog(pilot) -> ExportDialog:
    await pilot.press("e")
    await pilot.app.workers.wait_for_complete()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


def pressed(dialog: ExportDialog) -> str | None:
    button = dialog.query_one(RadioSet).pressed_button
    return button.id if button is not None else None


async def export_and_wait(pilot, dialog: ExportDialog) -> None:
    await pilot.click("#export-run")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_on_the_overview_the_whole_brief_and_the_summary_on_offer(
    brief_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)

    async def steps(pilot) -> None:
        dialog = await open_dialog(pilot)
        assert pressed(dialog) == WHOLE
        labels = [str(b.label) for b in dialog.query("RadioButton")]
        assert labels == ["The whole brief", "Summary (one page)"]
        path = dialog.query_one("#export-path", Input)
        assert path.value == "pakistan-bangladesh-2025-10-23.html"
        assert shown(dialog, "#export-folder") == f"Folder: {tmp_path}"
        dialog.query_one(RadioSet).focus()
        await pilot.press("down", "enter")  # the reader picks the summary
        assert pressed(dialog) == SUMMARY
        assert path.value == "pakistan-bangladesh-2025-10-23-summary.html"
        await export_and_wait(pilot, dialog)
        written = tmp_path / "pakistan-bangladesh-2025-10-23-summary.html"
        page = written.read_text(encoding="utf-8")
        assert "Key events" in page and "<title>Pakistan and Bangladesh — summary</title>" in page
        assert "Wrote" in shown(dialog, "#export-message")

    drive(app_for(brief_dir), SIZE, steps)


def test_on_a_section_tab_this_section_is_the_default(brief_dir: Path, tmp_path: Path) -> None:
    async def steps(pilot) -> None:
        screen = pilot.app.screen
        section = screen.brief.sections[1]
        await pilot.press("2")  # the second section's tab key
        await until(pilot, lambda: screen.active_tab == section_tab(section.id), "section shown")
        dialog = await open_dialog(pilot)
        assert pressed(dialog) == SECTION
        path = dialog.query_one("#export-path", Input)
        assert path.value == f"pakistan-bangladesh-2025-10-23-{section.id}.html"
        # The cursor starts on the chosen scope: one step down is the summary, and back.
        dialog.query_one(RadioSet).focus()
        await pilot.press("down", "enter")
        assert pressed(dialog) == SUMMARY
        assert path.value == "pakistan-bangladesh-2025-10-23-summary.html"
        await pilot.press("up", "enter")
        assert pressed(dialog) == SECTION
        assert path.value == f"pakistan-bangladesh-2025-10-23-{section.id}.html"
        path.value = str(tmp_path / "section.md")
        await pilot.pause()
        assert dialog.query_one("#export-format", Select).value == "md"
        await export_and_wait(pilot, dialog)
        written = (tmp_path / "section.md").read_text(encoding="utf-8")
        assert f"**Sections** {section.title}" in written
        assert f"## {screen.brief.sections[0].title}" not in written

    drive(app_for(brief_dir), SIZE, steps)


def test_on_a_filtered_timeline_the_filter_is_the_default(brief_dir: Path, tmp_path: Path) -> None:
    async def steps(pilot) -> None:
        await pilot.press("t", "slash", *"dhaka", "enter")
        await pilot.app.workers.wait_for_complete()
        dialog = await open_dialog(pilot)
        assert pressed(dialog) == TIMELINE
        label = str(dialog.query_one(f"#{TIMELINE}").label)
        assert label == "The filtered timeline: dhaka"
        path = dialog.query_one("#export-path", Input)
        assert path.value.endswith("-timeline.html")
        path.value = str(tmp_path / "dhaka.txt")
        await pilot.pause()
        await export_and_wait(pilot, dialog)
        written = (tmp_path / "dhaka.txt").read_text(encoding="utf-8")
        assert "Filtered by query dhaka" in written

    drive(app_for(brief_dir), SIZE, steps)


def test_the_extension_follows_the_format(brief_dir: Path, tmp_path: Path) -> None:
    async def steps(pilot) -> None:
        dialog = await open_dialog(pilot)
        path = dialog.query_one("#export-path", Input)
        select = dialog.query_one("#export-format", Select)
        path.value = str(tmp_path / "notes.txt")
        await pilot.pause()
        assert select.value == "text"
        select.value = "svg"  # the reader picks another format
        await pilot.pause()
        assert path.value == str(tmp_path / "notes.svg")
        select.value = "json"
        await pilot.pause()
        assert path.value == str(tmp_path / "notes.json")
        path.value = str(tmp_path / "notes")  # no extension: the format adds it
        await pilot.pause()
        select.value = "md"
        await pilot.pause()
        assert path.value == str(tmp_path / "notes.md")
        await export_and_wait(pilot, dialog)
        assert (tmp_path / "notes.md").read_text(encoding="utf-8").startswith("# ")
        assert sorted(os.listdir(tmp_path)) == ["briefs", "notes.md"]

    drive(app_for(brief_dir), SIZE, steps)


def test_a_missing_folder_shows_before_writing_and_has_no_position(
    brief_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "brief.svg"

    async def steps(pilot) -> None:
        dialog = await open_dialog(pilot)
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.pause()
        assert shown(dialog, "#export-folder") == (f"Folder: {target.parent}  (does not exist)")
        await export_and_wait(pilot, dialog)
        message = shown(dialog, "#export-message")
        assert message == f"{target}: error: directory does not exist"
        assert ":0:0" not in message
        assert not target.parent.exists()

    drive(app_for(brief_dir), SIZE, steps)
