"""The wheel is what `pip install .` and `pipx install .` give users: it must carry the bundled
briefs and the TUI's styles, so an installed `brief` works from any directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.helpers import ROOT


def test_the_wheel_ships_the_bundled_briefs_and_runs_from_anywhere(tmp_path: Path) -> None:
    # Build from a copy: setuptools leaves a build/ directory beside the sources.
    source = tmp_path / "source"
    for name in ("src", "briefs"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("brief-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT / "src").as_posix() for p in (ROOT / "src").rglob("*.py")}
    assert modules <= names, f"not in the wheel: {sorted(modules - names)}"
    assert "brief/bundled/pakistan-bangladesh.yaml" in names
    assert "brief/bundled/brief.schema.json" in names
    assert any(name.startswith("brief/tui/") and name.endswith(".tcss") for name in names)

    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    listed = subprocess.run(
        [sys.executable, "-m", "brief", "list"],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(unpacked), "BRIEF_NO_CACHE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert "pakistan-bangladesh" in listed.stdout
    imported = subprocess.run(
        [sys.executable, "-c", "import brief; print(brief.__file__)"],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(unpacked)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert imported.stdout.strip().startswith(str(unpacked)), "the test must run the wheel's code"
