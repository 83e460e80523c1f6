"""The app's settings and the user's keymap, in the user config dir.

`settings.json`: `{"theme": "nord", "history": true}`. `history: false` stops the app recording
which version of each brief was last opened (and so showing what's new), like `--no-history`.

Settings are written atomically (temp file, fsync, rename), so a crash never leaves half a file.
A file that cannot be read is moved aside to `*.bad` and reported, never deleted, never a crash.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from brief.atomic import write_atomic
from brief.errors import Problem

SETTINGS_FILE = "settings.json"
KEYMAP_FILE = "keymap.toml"


def config_dir() -> Path:
    return platformdirs.user_config_path("brief", appauthor=False)


@dataclass
class Settings:
    theme: str | None = None
    history: bool = True
    problems: list[Problem] = field(default_factory=list)


def _move_aside(path: Path, line: int, col: int, why: str) -> Problem:
    bad = path.with_name(path.name + ".bad")
    try:
        os.replace(path, bad)
        where = f"moved to {bad.name}"
    except OSError as error:
        where = f"could not move it aside ({error.strerror})"
    return Problem(str(path), line, col, f"{why}; {where}, using defaults", "warning")


def load_settings(directory: Path | None = None) -> Settings:
    path = (directory or config_dir()) / SETTINGS_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        return Settings(problems=[Problem(str(path), 0, 0, f"cannot read: {error.strerror}")])
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        theme = data.get("theme")
        if theme is not None and not isinstance(theme, str):
            raise ValueError('"theme" must be a string')
        history = data.get("history", True)
        if not isinstance(history, bool):
            raise ValueError('"history" must be true or false')
    except json.JSONDecodeError as error:
        return Settings(problems=[_move_aside(path, error.lineno, error.colno, error.msg)])
    except (ValueError, UnicodeDecodeError) as error:
        return Settings(problems=[_move_aside(path, 1, 1, str(error))])
    return Settings(theme=theme, history=history)


def save_settings(settings: Settings, directory: Path | None = None) -> None:
    path = (directory or config_dir()) / SETTINGS_FILE
    data = json.dumps({"theme": settings.theme, "history": settings.history}, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    # The one atomic writer (brief.atomic): fsynced, mode kept, never over a FIFO or device.
    write_atomic(path, data, overwrite=True)


def load_keymap(directory: Path | None = None) -> tuple[dict[str, str], list[Problem]]:
    """`keymap.toml`: `binding-id = "keys"` lines, e.g. `"tab.timeline" = "t,ctrl+t"`."""
    path = (directory or config_dir()) / KEYMAP_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        return {}, [Problem(str(path), 0, 0, f"cannot read: {error.strerror}")]
    import tomllib  # Only when there is a keymap: not on every start-up.

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as error:
        line, col = _toml_position(str(error))
        return {}, [_move_aside(path, line, col, f"not valid TOML ({error})")]
    except UnicodeDecodeError:
        return {}, [_move_aside(path, 1, 1, "not UTF-8")]
    keymap: dict[str, str] = {}
    problems: list[Problem] = []
    for binding_id, keys in data.items():
        if isinstance(keys, str) and keys.strip():
            keymap[binding_id] = keys
        else:
            message = f'"{binding_id}": keys must be a string such as "ctrl+t"; ignored'
            problems.append(Problem(str(path), 0, 0, message, "warning"))
    return keymap, problems


def _toml_position(message: str) -> tuple[int, int]:
    # tomllib says "... (at line 3, column 7)"; it has no attributes for the position.
    import re

    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match[1]), int(match[2])) if match else (1, 1)
