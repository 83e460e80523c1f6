"""TUI test helpers: the app on a given library, driven by Pilot in a plain `asyncio.run`.

Snapshot tests (pytest-textual-snapshot) must be synchronous; the Pilot tests use `asyncio.run`
too, so no async plugin is needed. Config dirs are already isolated by tests/conftest.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from brief.tui.screens.loading import LoadingScreen
from tests.helpers import BUNDLED, folder_with, until

HOSTILE_TITLE = "[bold]Alert[/] [@click=app.quit]click[/]"


def run(coro: Awaitable[object]) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


def drive(app, size: tuple[int, int], steps: Callable[[object], Awaitable[None]]) -> None:
    """Run `steps` once the app shows what it loaded: a cold cache (each test has its own)
    shows the loading screen first, and keys pressed there only quit."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await until(pilot, lambda: not isinstance(pilot.app.screen, LoadingScreen), "loading")
            await pilot.pause()
            await steps(pilot)

    run(main())


@pytest.fixture(autouse=True)
def own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each TUI test its own config dir: a theme one test picks (and the app remembers) must
    not show in another test's pictures."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    return config


@pytest.fixture
def brief_dir(tmp_path: Path) -> Path:
    """A directory holding a copy of the bundled brief (tests may edit or break it)."""
    return folder_with(tmp_path / "briefs", BUNDLED)


HOSTILE_YAML = """\
format: 1
id: hostile
title: "[bold]Alert[/] [@click=app.quit]click[/]"
as_of: 2025-01
sources:
  - id: s1
    title: "[/] source [link=file:///etc/passwd]x[/link]"
actors:
  - id: a1
    name: "[@click=app.quit]Actor[/]"
    kind: person
sections:
  - id: sec
    title: "[/bold] Section [@click=app.quit]"
    summary: "[red]summary[/]"
    points:
      - text: "[@click=app.quit]point[/]"
        actors: [a1]
        sources: [s1]
figures:
  - label: "[/] figure"
    value: 1
timeline:
  - date: 2025-01-02
    title: "[@click=app.quit]event[/] [/]"
    actors: [a1]
    section: sec
    sources: [s1]
"""


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "hostile"
    directory.mkdir()
    (directory / "hostile.yaml").write_text(HOSTILE_YAML, encoding="utf-8")
    return directory
