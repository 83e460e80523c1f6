"""Test isolation: no test reads or writes the user's real config, cache or state dirs.

The XDG variables are set at import, before any test or subprocess starts, so the CLI (in
process or as a subprocess) and the TUI under Pilot all see a private, empty home.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_HOME = Path(tempfile.mkdtemp(prefix="brief-tests-home-"))
for _var, _sub in {
    "XDG_CONFIG_HOME": "config",
    "XDG_CACHE_HOME": "cache",
    "XDG_STATE_HOME": "state",
    "XDG_DATA_HOME": "data",
}.items():
    os.environ[_var] = str(_HOME / _sub)
os.environ.pop("BRIEF_PATH", None)
os.environ.pop("NO_COLOR", None)
os.environ.pop("FORCE_COLOR", None)


@pytest.fixture
def bundled_path() -> Path:
    from tests.helpers import BUNDLED

    return BUNDLED


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A directory of two small briefs (tests/search_fixtures.py): `test-brief` and
    `other-brief`, for the search and CLI tests."""
    from tests.search_fixtures import renamed, write_brief

    directory = tmp_path / "briefs"
    directory.mkdir()
    write_brief(directory, "test-brief")
    write_brief(directory, "other", renamed("other-brief"))
    return directory


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    """What a test's app froze (`brief.memory.keep`) is handed back to the collector after it,
    so no test keeps another's garbage alive (or sees it kept)."""
    import gc

    yield
    gc.unfreeze()
