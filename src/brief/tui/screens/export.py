"""The export dialog (`e`): format, file and what to export (the whole brief, the current
section, the current timeline filter or the one-page summary). It starts on what the reader is
looking at, keeps the file's extension in step with the format, shows the folder it will write
to, says where it wrote, asks before overwriting, and shows errors in the dialog."""

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

from brief.export import EXPORT_FORMATS, default_filename, format_for_path, with_format_extension
from brief.tui.content import MUTED, text
from brief.tui.widgets.overview import problem_line

if TYPE_CHECKING:
    from brief.tui.screens.brief import BriefScreen

DEFAULT_FORMAT = "html"
# Radio button ids of the scopes, in the order the dialog lists them.
WHOLE, SECTION, TIMELINE = "scope-brief", "scope-section", "scope-timeline"
SUMMARY = "scope-summary"


class ExportDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="export.close"),
        Binding("ctrl+s", "export", "Export", id="export.run"),
    ]

    def __init__(self, screen: BriefScreen) -> None:
        super().__init__(classes="dialog-screen")
        from brief.tui.screens.brief import TIMELINE as TIMELINE_TAB
        from brief.tui.screens.brief import section_tab

        self.brief = screen.brief
        tab = screen.active_tab
        self.section = next((s for s in self.brief.sections if section_tab(s.id) == tab), None)
        self.timeline_query = screen.view_state().query.strip() if tab == TIMELINE_TAB else ""
        # What the reader is looking at is what they most likely want to export.
        self.scope = SECTION if self.section else TIMELINE if self.timeline_query else WHOLE
        self._confirm_overwrite: Path | None = None
        self._auto_path = ""

    def compose(self) -> ComposeResult:
        self._auto_path = self._suggested_path(DEFAULT_FORMAT)
        with Vertical(id="dialog", classes="export-dialog"):
            yield Static(
                Content.assemble(("Export  ", "bold"), text(self.brief.title)),
                classes="dialog-title",
            )
            yield Label("Format")
            yield Select(
                [(f.label, f.name) for f in EXPORT_FORMATS],
                value=DEFAULT_FORMAT,
                allow_blank=False,
                compact=True,
                id="export-format",
            )
            yield Label("File")
            yield Input(self._auto_path, id="export-path", compact=True)
            yield Static(self._folder_line(self._auto_path), id="export-folder")
            yield Label("What to export")
            with RadioSet(id="export-scope", compact=True):
                yield RadioButton("The whole brief", value=self.scope == WHOLE, id=WHOLE)
                if self.section is not None:
                    label = Content.assemble("This section: ", text(self.section.title, "bold"))
                    yield RadioButton(label, value=self.scope == SECTION, id=SECTION)
                if self.timeline_query:
                    label = Content.assemble(
                        "The filtered timeline: ", text(self.timeline_query, "bold")
                    )
                    yield RadioButton(label, value=self.scope == TIMELINE, id=TIMELINE)
                yield RadioButton("Summary (one page)", id=SUMMARY)
            yield Static("", id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button("Cancel", id="export-cancel", compact=True)
                yield Button("Export", variant="primary", id="export-run", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        # RadioSet's cursor starts on its first button: move it to the pressed one, so Enter
        # there keeps the scope the dialog chose.
        radios = self.query_one(RadioSet)
        for _ in range(radios.pressed_index):
            radios.action_next_button()

    def _suggested_path(self, fmt: str) -> str:
        """`<id>-<as_of>[-<part>].<ext>`: the part names the scope, so exports of several
        parts of one brief do not overwrite each other."""
        part = {
            SECTION: self.section.id if self.section else "",
            TIMELINE: "timeline",
            SUMMARY: "summary",
        }.get(self.scope, "")
        return default_filename(self.brief, fmt, part)

    def _folder_line(self, raw: str) -> Content:
        """Where the file will go, before anything is written."""
        folder = Path(raw.strip() or ".").expanduser().absolute().parent
        line = Content.assemble(text("Folder: ", MUTED), text(str(folder)))
        if not folder.is_dir():
            line = Content.assemble(line, text("  (does not exist)", "$text-error"))
        return line

    def _set_path(self, value: str) -> None:
        self.query_one("#export-path", Input).value = value

    @property
    def fmt(self) -> str:
        return str(self.query_one("#export-format", Select).value)

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        self._confirm_overwrite = None
        if path == self._auto_path:
            # Still our suggestion: suggest again for the new format.
            self._auto_path = self._suggested_path(str(event.value))
            self._set_path(self._auto_path)
        else:
            # The reader's own name keeps its stem and takes the format's extension, so a
            # file called `.txt` never holds HTML.
            self._set_path(with_format_extension(path, str(event.value)))

    @on(RadioSet.Changed, "#export-scope")
    def _scope_changed(self, event: RadioSet.Changed) -> None:
        self.scope = event.pressed.id or WHOLE
        self._confirm_overwrite = None
        if self.query_one("#export-path", Input).value.strip() == self._auto_path:
            self._auto_path = self._suggested_path(self.fmt)
            self._set_path(self._auto_path)

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._confirm_overwrite = None
        self.query_one("#export-folder", Static).update(self._folder_line(event.value))
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
        sections = [self.section.id] if self.scope == SECTION and self.section else None
        query = self.timeline_query if self.scope == TIMELINE else None
        self._say(text("Exporting…", MUTED))
        self._write(self.fmt, path, force, sections, query, self.scope == SUMMARY)

    @work(thread=True, exclusive=True, group="export")
    def _write(
        self,
        fmt: str,
        path: Path,
        force: bool,
        sections: list[str] | None,
        query: str | None,
        summary: bool,
    ) -> None:
        from brief.errors import BriefError
        from brief.export import export_file

        try:
            export_file(
                self.brief,
                fmt,
                path,
                force=force,
                sections=sections,
                query=query,
                summary=summary,
            )
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
