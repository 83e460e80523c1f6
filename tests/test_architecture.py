"""The core does not import Textual: the TUI is one client of it, not a dependency."""

from __future__ import annotations

import subprocess
import sys

CORE = ["brief.model", "brief.load", "brief.library", "brief.text", "brief.dates", "brief.errors"]
LATER = [
    "brief.query",
    "brief.search",
    "brief.view",
    "brief.render",
    "brief.summary",
    "brief.export",
]


def test_core_does_not_import_textual() -> None:
    code = f"""
import importlib, importlib.util, sys
for name in {CORE!r}:
    importlib.import_module(name)
for name in {LATER!r}:
    if importlib.util.find_spec(name) is not None:
        importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_cli_library_commands_do_not_import_textual() -> None:
    code = (
        "import sys, brief.cli.library_cmds\n"
        "print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr
