"""Test isolation: no test reads or writes the user's real config, cache or state dirs.

The XDG variables are set at import, before any test or subprocess starts, so the CLI (in
process or as a subprocess) and the TUI under Pilot all see a private, empty home.
"""

from __future__ import annotations

import os
import tempfile
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
