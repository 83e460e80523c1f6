"""The key bar: the keys that matter here, drawn as one line by one widget, on every screen.

Textual's Footer is a container with a widget per key (ten here), and recomposes them on each
bindings update: a quarter of our start-up went to making and styling them. This draws the same
keys, in the same styles, as one line, redrawn only when the keys it shows change. Clicking a key
presses it, as with the stock Footer.

When the keys don't fit, the least important go first (the last in the list); Help and Quit are
never dropped. While a text box has the focus, keys that would be typed (`/`, `q`) are not
offered, and Quit is offered as ctrl+q.
"""

from __future__ import annotations

import sys
from typing import ClassVar, NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

# Actions that are always in the bar, at its end.
ESSENTIAL = ("help", "quit")
QUIT = Binding("ctrl+q", "quit", "Quit")


class _Key(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str
    essential: bool = False


class KeyBar(Widget, can_focus=False):
    """The active bindings that have `show`, then the command palette's key at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1; text-wrap: nowrap; text-overflow: clip;
        color: $footer-foreground; background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground; background: $footer-key-background; text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground; background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys: tuple[list[_Key], _Key | None] = ([], None)
        # Cell ranges of the keys as last drawn, for clicks and hover: (start, end, key).
        self._spans: list[tuple[int, int, _Key]] = []
        self._hover: _Key | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._keys = self._collect()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _collect(self) -> tuple[list[_Key], _Key | None]:
        app = self.app
        shown: list[_Key] = []
        palette: _Key | None = None
        seen: set[str] = set()
        typing = takes_text(self.screen.focused)
        for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items():
            essential = binding.action in ESSENTIAL
            if typing and _typed(key):
                continue  # the text box takes this key
            if app.ENABLE_COMMAND_PALETTE and key == app.COMMAND_PALETTE_BINDING:
                palette = self._key(binding, enabled, binding.tooltip or binding.description)
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)  # one entry per action, as the stock Footer shows
                shown.append(self._key(binding, enabled, tooltip, essential))
        if not any(k.essential and k.description == "Quit" for k in shown):
            # While typing, and in dialogs (where the app's `q` is not active), ctrl+q quits:
            # Textual binds it with priority everywhere, but shows it nowhere.
            shown.append(self._key(QUIT, True, "", essential=True))
        # Help and Quit last, so the keys dropped when space runs out are the others.
        shown.sort(key=lambda k: k.essential)
        return shown, palette

    def _key(self, binding: Binding, enabled: bool, tooltip: str, essential: bool = False) -> _Key:
        display = self.app.get_key_display(binding)
        return _Key(binding.key, display, binding.description, enabled, tooltip, essential)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen and self.is_attached:
            keys = self._collect()
            if keys != self._keys:
                self._keys = keys
                self.refresh()

    def render(self) -> Content:
        key_style = self.get_visual_style("key-bar--key")
        description_style = self.get_visual_style("key-bar--description")
        keys, palette = self._keys
        width = self.size.width
        parts: list[Content] = []
        spans: list[tuple[int, int, _Key]] = []
        at = 0

        def item(key: _Key) -> Content:
            # Key and description as Content, never markup: descriptions may come from a keymap.
            piece = Content.assemble(
                Content(f" {key.display} ").stylize(key_style),
                Content(f"{key.description} " if key.description else "").stylize(
                    description_style
                ),
            )
            if not key.enabled:
                piece = piece.stylize("dim")
            if key == self._hover:
                piece = piece.stylize("on $block-hover-background")
            return piece

        pieces = [(key, item(key)) for key in keys]
        right = Content("")
        if palette is not None:
            right = Content.assemble(Content("▏").stylize("$foreground 20%"), item(palette), " ")
        # Drop the least important keys (the last that are not essential) until all fits; the
        # palette's key at the right edge goes only if Help and Quit would not fit beside it.
        while sum(p.cell_length for _, p in pieces) + right.cell_length > width:
            droppable = [n for n, (key, _) in enumerate(pieces) if not key.essential]
            if droppable:
                del pieces[droppable[-1]]
            elif palette is not None:
                palette, right = None, Content("")
            else:
                break
        for key, piece in pieces:
            spans.append((at, at + piece.cell_length, key))
            parts.append(piece)
            at += piece.cell_length
        line = Content("").join(parts)
        if palette is not None:
            start = max(at, width - right.cell_length)
            line = line.pad_right(start - at).append(right)
            spans.append((start + 1, start + right.cell_length - 1, palette))
        self._spans = spans
        return line

    def _key_at(self, x: int) -> _Key | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        if key != self._hover:
            self._hover = key
            self.tooltip = (key.tooltip or key.description) if key else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


def takes_text(widget: Widget | None) -> bool:
    """Is `widget` a text box? A TextArea can exist only once its module is loaded, and
    importing it (with tree-sitter) just to ask would add about 7 ms to start-up."""
    if isinstance(widget, Input):
        return True
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


def _typed(key: str) -> bool:
    """Would a text box take this key as text?"""
    # Textual names "/" "slash" but `key_to_character` knows it only as "solidus".
    character = key_to_character(_KEY_NAMES.get(key, key))
    return character is not None and character.isprintable()


_KEY_NAMES = {"slash": "solidus", "backslash": "reverse_solidus"}
