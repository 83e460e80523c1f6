"""`brief list`, `brief validate` and `brief schema`, run as a user would (`run_cli`)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from rich.table import Table

from brief.cli import library_cmds
from tests.helpers import BUNDLED, run_cli
from tests.test_load import VALID

ESC = "\x1b"


def make_library(directory: Path) -> Path:
    directory.mkdir()
    (directory / "good.yaml").write_text(VALID)
    (directory / "warn.yaml").write_text(
        VALID.replace("id: demo", "id: warned").replace("Demo brief", '"Demo\\e[2Jbrief"')
    )
    (directory / "bad.yaml").write_text(
        VALID.replace("id: demo", "id: bad").replace("kind: person", "kind: persn")
    )
    return directory


def test_list_shows_briefs_then_broken_files(tmp_path: Path) -> None:
    library = make_library(tmp_path / "lib")
    result = run_cli("list", str(library))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "title", "as", "of", "sections", "points", "events", "actors"]
    assert lines[1].split() == ["demo", "Demo", "brief", "2025-10", "1", "2", "1", "1"]
    assert lines[2].split()[0] == "warned"
    assert "1 file with problems:" in result.stdout
    assert f"{library / 'bad.yaml'}:11:11: error: `kind` must be one of" in result.stdout
    assert ESC not in result.stdout  # piped: plain text, and the ESC in a title is a placeholder


def test_list_bundled_from_any_directory(tmp_path: Path) -> None:
    result = run_cli("list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "pakistan-bangladesh" in result.stdout


def test_list_with_forced_colour_and_no_color(tmp_path: Path) -> None:
    library = make_library(tmp_path / "lib")
    coloured = run_cli("list", str(library), env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})
    assert ESC + "[" in coloured.stdout
    plain = run_cli("list", str(library), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert ESC + "[3" not in plain.stdout  # no colour codes
    assert ESC + "[2J" not in coloured.stdout + plain.stdout


@pytest.mark.parametrize("columns", ["40", "100", "10000"])
def test_list_draws_as_richs_table_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """`brief list` draws with FastTable (fast over 10,000 briefs); the oracle is the same
    command drawn by Rich's own Table: titles that wrap, fold, are wide or empty of spaces."""
    rng = random.Random(int(columns))
    words = ["alpha", "βeta", "東京", "x" * 45, "🎉", "[bold]no[/]", "a"]
    library = tmp_path / "lib"
    library.mkdir()
    for n in range(30):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        text = VALID.replace("id: demo", f"id: b{n:02d}").replace("Demo brief", f'"{title}"')
        (library / f"b{n:02d}.yaml").write_text(text, encoding="utf-8")
    env = {"COLUMNS": columns, "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}
    fast = run_cli("list", str(library), env=env)
    assert fast.returncode == 0, fast.stderr
    monkeypatch.setattr(library_cmds, "FastTable", Table)
    assert fast.stdout == run_cli("list", str(library), env=env).stdout


def test_validate_text(tmp_path: Path) -> None:
    library = make_library(tmp_path / "lib")
    result = run_cli("validate", str(library))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{library / 'bad.yaml'}: 1 error",
        f"{library / 'good.yaml'}: ok",
        f"{library / 'warn.yaml'}: ok (1 warning)",
        "3 files checked: 1 with errors",
    ]
    assert result.stderr.splitlines() == [
        f"{library / 'bad.yaml'}:11:11: error: `kind` must be one of person, party, government, "
        "country, organisation, agreement, event, other, not `persn`; did you mean `person`?",
        f"{library / 'warn.yaml'}:3:13: warning: U+001B (control character) replaced by ␛",
    ]


def test_validate_passes_on_good_files(tmp_path: Path) -> None:
    library = make_library(tmp_path / "lib")
    result = run_cli("validate", str(library / "good.yaml"), str(library / "warn.yaml"))
    assert result.returncode == 0
    assert result.stdout.endswith("2 files checked: all valid\n")


def test_validate_json(tmp_path: Path) -> None:
    library = make_library(tmp_path / "lib")
    result = run_cli("validate", "--format", "json", str(library))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name["good.yaml"] == {
        "path": str(library / "good.yaml"), "id": "demo", "ok": True, "errors": 0,
        "warnings": 0, "problems": [],
    }  # fmt: skip
    assert by_name["bad.yaml"]["problems"][0] | {"message": ""} == {
        "path": str(library / "bad.yaml"), "line": 11, "col": 11, "severity": "error",
        "message": "",
    }  # fmt: skip
    assert by_name["warn.yaml"]["ok"] is True and by_name["warn.yaml"]["warnings"] == 1


def test_validate_the_bundled_briefs() -> None:
    result = run_cli("validate", str(BUNDLED.parent))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_validate_a_missing_file_and_a_usage_error(tmp_path: Path) -> None:
    missing = run_cli("validate", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1
    assert f"{tmp_path / 'nope.yaml'}: error: no such file" in missing.stderr
    usage = run_cli("validate", "--format", "xml")
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_schema_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    printed = run_cli("schema")
    assert printed.returncode == 0
    schema = json.loads(printed.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    target = tmp_path / "brief.schema.json"
    target.write_text("old")
    written = run_cli("schema", "-o", str(target))
    assert written.returncode == 0
    assert target.read_text() == printed.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["brief.schema.json"]  # no temp file left


def test_schema_to_an_impossible_place(tmp_path: Path) -> None:
    result = run_cli("schema", "-o", str(tmp_path / "no-such-dir" / "s.json"))
    assert result.returncode == 1
    assert "cannot write the schema" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_command_has_help_with_an_example() -> None:
    for command in ("list", "validate", "schema"):
        result = run_cli(command, "--help")
        assert result.returncode == 0
        assert "Example: brief " + command in result.stdout
