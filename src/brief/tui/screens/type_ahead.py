"""Type-ahead for a dialog with a text box: the characters typed right after the key that
opened it (before the box had the focus), or while its list has the focus, go into the box.

Keys a terminal sends in one read are routed before a plain binding's action runs, so the
key that opens a dialog is bound with priority (it then runs at once, and a focused text box
still takes it as a character); what follows reaches the new dialog before its box has the
focus, and this puts it there."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.screen import Screen
from textual.widgets import Input


class TypeAhead:
    """Mix into a Screen: `TYPE_AHEAD_BOX` selects its text box."""

    TYPE_AHEAD_BOX: ClassVar[str]

    def on_key(self, event: events.Key) -> None:
        assert isinstance(self, Screen)
        box = self.query_one(self.TYPE_AHEAD_BOX, Input)
        if event.is_printable and event.character and self.focused is not box:
            box.insert_text_at_cursor(event.character)
            self.set_focus(box)
            event.stop()
