"""Keeping the cycle collector's work small: paused while building large acyclic structures,
and kept off long-lived data once it is built.

Loading a brief, decoding a cached one, building search rows or timeline rows each make hundreds
of thousands of small objects and no reference cycles. Collections triggered by them cost a tenth
of a load, and a full collection over a large heap holds the GIL for 40-60 ms, long enough to
stall the TUI's frames while a worker builds.

Once built, that data lives as long as the brief is shown, and every full collection would walk
it again: with 100k events one took 65-110 ms, on any key (issue 14). `keep` freezes everything
tracked (`gc.freeze`), so full collections walk only what is newer. Frozen objects that become
unreachable are still freed by reference counting, but cyclic garbage (a replaced screen's
widgets) is not collected while frozen; so whoever replaces a frozen screen calls `renew` once
it is gone.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (process-wide), restoring its previous state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def keep() -> None:
    """Freeze every object tracked now out of the collector's reach (see the module's doc)."""
    gc.freeze()


def renew() -> None:
    """After frozen objects with cycles were dropped (a replaced screen): unfreeze, collect them,
    and freeze what lives on. A full collection: a one-off pause when a brief is replaced."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
