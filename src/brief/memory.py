"""Pausing the cycle collector while building large acyclic structures.

Loading a brief, decoding a cached one, building search rows or timeline rows each make hundreds
of thousands of small objects and no reference cycles. Collections triggered by them cost a tenth
of a load, and a full collection over a large heap holds the GIL for 40-60 ms, long enough to
stall the TUI's frames while a worker builds.
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
