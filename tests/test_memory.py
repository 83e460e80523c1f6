"""`brief.memory`: what `keep` freezes is out of the collector's reach until `renew`."""

from __future__ import annotations

import gc
import weakref

from brief.memory import keep, renew


class _Node:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_kept_cycles_are_collected_by_renew() -> None:
    node = _Node()
    alive = weakref.ref(node)
    keep()
    del node
    gc.collect()
    assert alive() is not None  # frozen: full collections don't walk it
    renew()
    assert alive() is None
    assert gc.get_freeze_count() > 0  # what lives on is frozen again
