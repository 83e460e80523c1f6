"""Textual's Footer, rebuilt only when the keys it shows change.

The stock Footer recomposes (every key widget removed, made and styled again) on each bindings
update, and opening a brief sends several (the screen mounts, a tab activates, a pane takes
focus) while the keys shown stay the same: that was a sixth of our start-up. This one compares
what it would show with what it shows, and rebuilds at most once per refresh when they differ.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class BriefFooter(Footer):
    _rebuild_pending = False
    _shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """What `compose` would show: each shown binding's key, label, state and tooltip."""
        keys = [
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        ]
        return (*keys, self.compact, self.show_command_palette)

    def compose(self):  # type: ignore[no-untyped-def]
        # The stock Footer shows nothing until the first bindings update, then rebuilds; the
        # screen's bindings are known when it composes, so show them in the first frame.
        self._bindings_ready = True
        self._shown = self._keys()
        return super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._keys() != self._shown:  # not if its screen has gone
            await self.recompose()
