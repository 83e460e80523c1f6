"""msgspec is imported without typing_extensions (`brief._msgspec`): a command that loads a brief
imports neither typing_extensions nor inspect, and checks, converts and describes briefs exactly
as when typing_extensions was imported first (as in the TUI, through Textual)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.search_fixtures import BRIEF_YAML

# `brief ARGS`, typing_extensions imported first or not; then what the process had imported.
_RUN = """
import sys
if sys.argv.pop(1) == "first":
    import typing_extensions
from brief.cli import main
try:
    main()  # reads sys.argv[1:]
finally:
    print("imported:", "typing_extensions" in sys.modules, "inspect" in sys.modules,
          file=sys.stderr)
"""


def _brief(first: bool, *args: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "first" if first else "not", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "BRIEF_NO_CACHE": "1", "COLUMNS": "100"},
    )
    *stderr, imported = done.stderr.splitlines()
    return done.returncode, done.stdout + "\n".join(stderr), imported


def test_a_timeline_imports_neither_typing_extensions_nor_inspect(tmp_path: Path) -> None:
    path = tmp_path / "test-brief.yaml"
    path.write_text(BRIEF_YAML, encoding="utf-8")
    code, out, imported = _brief(False, "timeline", str(path), "from:2025")
    assert code == 0
    assert "Ishaq Dar" in out
    assert imported == "imported: False False"


# Wrong types, a bad id and an unknown key: msgspec's messages, through brief.load's wording.
_BROKEN = BRIEF_YAML.replace("title: Test brief\n", "title: [not, text]\nsummry: x\n", 1).replace(
    "approx: true", "approx: maybe"
)


@pytest.mark.parametrize(
    "args",
    [
        ("schema",),
        ("validate", "{good}"),
        ("validate", "{broken}"),
        ("export", "{good}", "--format", "json", "--output", "-"),
        ("show", "{good}"),
    ],
)
def test_the_same_answers_with_typing_extensions_or_without(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    good, broken = tmp_path / "good.yaml", tmp_path / "broken.yaml"
    good.write_text(BRIEF_YAML, encoding="utf-8")
    broken.write_text(_BROKEN, encoding="utf-8")
    argv = [a.format(good=good, broken=broken) for a in args]
    without = _brief(False, *argv)
    first = _brief(True, *argv)
    assert without[2].startswith("imported: False")  # not typing_extensions
    assert first[:2] == without[:2]
    assert first[1].strip()
