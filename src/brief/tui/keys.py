"""The app-wide key bindings, in a module of their own so that the help screen can list them
without importing the app (which imports the help screen)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP_BINDINGS: list[BindingType] = [
    # Priority: the picker opens as `b` arrives, so what is typed next filters it
    # (brief.tui.screens.type_ahead).
    Binding("b", "briefs", "Briefs", id="briefs", priority=True),
    Binding("r", "reload", "Reload", id="reload"),
    Binding("question_mark,f1", "help", "Help", id="help"),
    Binding("q", "quit", "Quit", id="quit"),
]
