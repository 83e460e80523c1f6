"""The export dialog (`e`): format, a prefilled path and the scope (the whole brief, the current
section or the current timeline filter). It says where it wrote, asks before overwriting, and
shows errors in the dialog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Select, Static

from brief.tui.content import MUTED, text
from brief.tui.widgets.overview import problem_line

if TYPE_CHECKING:
    from brief.tui.screens.brief import BriefScreen

FORMAT_LABELS = {
    "html": "HTML page",
    "md": "Markdown",
    "text": "Plain text",
    "ansi": "ANSI (coloured text)",
    "svg": "SVG image",
    "json": "JSON",
}


class ExportDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="export.close"),
        Binding("ctrl+s", "export", "Export", id="export.run"),
    ]

    def __init__(self, screen: BriefScreen) -> None:
        super().__init__(classes="dialog-screen")
        from brief.tui.screens.brief import TIMELINE, section_tab

        self.brief = screen.brief
        tab = screen.active_tab
        self.section = next((s for s in self.brief.sections if section_tab(s.id) == tab), None)
        self.timeline_query = screen.view_state().query if tab == TIMELINE else ""
        self._confirm_overwrite: Path | None = None
        self._auto_path = ""

    def compose(self) -> ComposeResult:
        from brief.export import default_filename

        self._auto_path = default_filename(self.brief, "html")
        with Vertical(id="dialog", classes="export-dialog"):
            yield Static(
                Content.assemble(("Export  ", "bold"), text(self.brief.title)),
                classes="dialog-title",
            )
            yield Label("Format")
            yield Select(
                [(label, fmt) for fmt, label in FORMAT_LABELS.items()],
                value="html",
                allow_blank=False,
                compact=True,
                id="export-format",
            )
            yield Label("File")
            yield Input(self._auto_path, id="export-path", compact=True)
            yield Label("What to export")
            with RadioSet(id="export-scope", compact=True):
                yield RadioButton("The whole brief", value=True, id="scope-brief")
                if self.section is not None:
                    label = Content.assemble("This section: ", text(self.section.title, "bold"))
                    yield RadioButton(label, id="scope-section")
                if self.timeline_query:
                    label = Content.assemble(
                        "The timeline matching ", text(self.timeline_query, "bold")
                    )
                    yield RadioButton(label, id="scope-timeline")
            yield Static("", id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button("Cancel", id="export-cancel", compact=True)
                yield Button("Export", variant="primary", id="export-run", compact=True)
        yield Footer()

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        from brief.export import default_filename, format_for_path

        path_input = self.query_one("#export-path", Input)
        if format_for_path(path_input.value.strip()) == event.value:
            return  # the path already says this format (the user typed its suffix)
        # Follow the format only while the path is still the one we suggested.
        if path_input.value == self._auto_path:
            self._auto_path = default_filename(self.brief, event.value)  # type: ignore[arg-type]
            path_input.value = self._auto_path
        self._confirm_overwrite = None

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        from brief.export import format_for_path

        self._confirm_overwrite = None
        # A typed suffix (".md") picks its format, so the file and its content agree.
        fmt = format_for_path(event.value.strip()) if event.value.strip() else None
        select = self.query_one("#export-format", Select)
        if fmt is not None and fmt != select.value:
            select.value = fmt

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#export-run")
    @on(Input.Submitted, "#export-path")
    def action_export(self) -> None:
        fmt = str(self.query_one("#export-format", Select).value)
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._say(text("Give a file name to write to.", "$text-error"))
            return
        path = Path(raw).expanduser()
        force = self._confirm_overwrite == path
        if path.exists() and not force:
            self._confirm_overwrite = path
            self._say(
                Content.assemble(
                    text(str(path), "bold"),
                    text(" already exists. Press Export again to replace it.", "$text-warning"),
                )
            )
            return
        pressed = self.query_one(RadioSet).pressed_button
        scope = pressed.id if pressed is not None else "scope-brief"
        sections = [self.section.id] if scope == "scope-section" and self.section else None
        query = self.timeline_query if scope == "scope-timeline" else None
        self._say(text("Exporting…", MUTED))
        self._write(fmt, path, force, sections, query)

    @work(thread=True, exclusive=True, group="export")
    def _write(
        self, fmt: str, path: Path, force: bool, sections: list[str] | None, query: str | None
    ) -> None:
        from brief.errors import BriefError
        from brief.export import export_file

        try:
            export_file(self.brief, fmt, path, force=force, sections=sections, query=query)  # type: ignore[arg-type]
        except BriefError as error:
            lines = Content("\n").join(problem_line(p) for p in error.problems)
            self.app.call_from_thread(self._say, lines)
            return
        done = Content.assemble(text("Wrote ", "$text-success"), text(str(path.resolve()), "bold"))
        self.app.call_from_thread(self._wrote, done)

    def _wrote(self, message: Content) -> None:
        self._confirm_overwrite = None
        self._say(message)
        self.query_one("#export-cancel", Button).label = "Close"

    def _say(self, message: Content) -> None:
        self.query_one("#export-message", Static).update(message)
