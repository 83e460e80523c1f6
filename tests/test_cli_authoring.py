"""`brief lint` and `brief diff` run as a user runs them (`run_cli`), with every exit code checked.

(`brief new` is in tests/test_new.py.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from brief.lint import RULES
from tests.helpers import BUNDLED, run_cli

SMALL = """\
format: 1
id: small
title: Small
as_of: 2025-10-23
summary: A short summary.
sources:
  - id: src
    title: A source
actors:
  - id: dar
    name: Ishaq Dar
sections:
  - id: diplomacy
    title: Diplomacy
    points:
      - text: A point.
        actors: [dar]
        sources: [src]
timeline:
  - date: 2025-08-23
    title: Dar visits Dhaka
    sources: [src]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- brief lint ----------------------------------------------------------------------------------


def test_the_bundled_brief_is_lint_clean() -> None:
    result = run_cli("lint", str(BUNDLED))
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
    assert "no findings" in result.stderr


def test_lint_with_no_paths_lints_the_briefs_found(tmp_path: Path) -> None:
    # From an empty directory the library is the bundled briefs, which are clean.
    result = run_cli("lint", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_lint_clean_file_exits_0(tmp_path: Path) -> None:
    result = run_cli("lint", str(write(tmp_path, "small.yaml", SMALL)))
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_lint_findings_exit_1_one_line_each_at_line_col(tmp_path: Path) -> None:
    text = SMALL.replace("summary: A short summary.\n", "") + "  - date: 2026\n    title: Vote\n"
    path = write(tmp_path, "small.yaml", text)
    result = run_cli("lint", str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    # The summary is missing (reported at the top of the file); the new event cites no source
    # and lies after as_of.
    assert lines == [
        f"{path}:1:1: the brief has no summary [empty-summary]",
        f"{path}:22:5: event “Vote” cites no source [missing-source]",
        f"{path}:22:5: event “Vote” (2026) is after as_of 2025-10-23 but not marked "
        "expected [future-not-expected]",
    ]
    assert "3 findings in 1 file" in result.stderr
    assert RULES["missing-source"].hint in result.stderr  # each rule's fix hint, once


def test_lint_json(tmp_path: Path) -> None:
    text = SMALL.replace(
        "title: Dar visits Dhaka\n    sources: [src]\n", "title: Dar visits Dhaka\n"
    )
    path = write(tmp_path, "small.yaml", text)
    result = run_cli("lint", str(path), "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["problems"] == []
    assert data["findings"] == [
        {
            "path": str(path),
            "line": 20,
            "col": 5,
            "rule": "missing-source",
            "message": "event “Dar visits Dhaka” cites no source",
            "hint": RULES["missing-source"].hint,
        }
    ]
    clean = run_cli("lint", str(BUNDLED), "--format", "json")
    assert clean.returncode == 0 and json.loads(clean.stdout) == {"findings": [], "problems": []}


def test_lint_ignore_option_and_in_file_ignore(tmp_path: Path) -> None:
    path = write(tmp_path, "small.yaml", SMALL.replace("summary: A short summary.\n", ""))
    assert run_cli("lint", str(path)).returncode == 1
    result = run_cli("lint", str(path), "--ignore", "tag-typo,empty-summary")
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
    write(
        tmp_path,
        "small.yaml",
        SMALL.replace("summary: A short summary.\n", "lint:\n  ignore: [empty-summary]\n"),
    )
    assert run_cli("lint", str(path)).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ignore", "missing-sources"], "did you mean 'missing-source'"),
        (["--ignore", "tag-typo,nope"], "unknown lint rule 'nope'"),
        (["--format", "xml"], "'xml' is not one of"),
    ],
)
def test_lint_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli("lint", str(write(tmp_path, "small.yaml", SMALL)), *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_lint_reports_files_that_do_not_load_and_exits_1(tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", SMALL)
    bad = write(tmp_path, "bad.yaml", SMALL.replace("title: Small", "title: [unclosed"))
    result = run_cli("lint", str(good), str(bad))
    assert result.returncode == 1
    assert result.stdout == ""  # the good one is clean
    assert f"{bad}:4:6: error: YAML syntax" in result.stderr  # the loader's verdict, as is
    assert "1 file could not be loaded" in result.stderr
    assert "Traceback" not in result.stderr


def test_lint_list_rules() -> None:
    result = run_cli("lint", "--list-rules")
    assert result.returncode == 0
    for rule_id in RULES:
        assert rule_id in result.stdout
    data = json.loads(run_cli("lint", "--list-rules", "--format", "json").stdout)
    assert [r["id"] for r in data] == list(RULES)


# --- brief diff ----------------------------------------------------------------------------------


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """The bundled brief and an edited copy: one event added, one figure changed."""
    old = tmp_path / "old.yaml"
    shutil.copy(BUNDLED, old)
    text = old.read_text(encoding="utf-8")
    source = text.split("sources:\n  - id: ", 1)[1].split("\n", 1)[0]
    text = text.replace(
        "\ntimeline:\n",
        "\ntimeline:\n  - date: 2025-10-30\n    title: '[bold red]Talks[/] resume'\n"
        f"    sources: [{source}]\n",
        1,
    )
    text = text.replace("    value: 865\n", "    value: 900\n", 1)
    assert text.count("value: 900") == 1
    return old, write(tmp_path, "new.yaml", text)


def test_diff_identical_exits_0(tmp_path: Path) -> None:
    result = run_cli("diff", str(BUNDLED), str(BUNDLED))
    assert result.returncode == 0, result.stderr
    assert "no differences" in result.stdout


def test_diff_table_exits_1_and_shows_brief_text_literally(pair: tuple[Path, Path]) -> None:
    result = run_cli("diff", *map(str, pair), env={"COLUMNS": "200"})
    assert result.returncode == 1, result.stderr
    assert "1 added, 1 changed" in result.stdout
    assert "[bold red]Talks[/] resume" in result.stdout  # never read as markup
    assert "\x1b" not in result.stdout  # plain when piped
    assert "865" in result.stdout and "900" in result.stdout


def test_diff_json(pair: tuple[Path, Path]) -> None:
    result = run_cli("diff", *map(str, pair), "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["old"] == str(pair[0]) and data["new"] == str(pair[1])
    assert data["counts"] == {"added": 1, "removed": 0, "changed": 1}
    figure = next(c for c in data["changes"] if c["item"] == "figure")
    assert figure["fields"] == [{"field": "value", "old": 865.0, "new": 900.0}]


def test_diff_markdown_escapes_brief_text(pair: tuple[Path, Path]) -> None:
    result = run_cli("diff", *map(str, pair), "--format", "md")
    assert result.returncode == 1
    assert "## Timeline" in result.stdout and "## Figures" in result.stdout
    assert r"\[bold red\]Talks\[/\] resume" in result.stdout
    assert "  - `value`: 865 → 900" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["diff"],
        ["diff", "ONE"],
        ["diff", "ONE", "ONE", "ONE"],
        ["diff", "ONE", "missing.yaml"],
        ["diff", "--git", "HEAD", "ONE", "ONE"],
        ["diff", "--git", "--output=x", "ONE"],
        ["diff", "ONE", "ONE", "--format", "html"],
    ],
)
def test_diff_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    one = str(write(tmp_path, "one.yaml", SMALL))
    result = run_cli(*[one if a == "ONE" else a for a in args], cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Error" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()


def test_diff_of_a_broken_file_exits_2_with_its_problems(tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", SMALL)
    bad = write(tmp_path, "bad.yaml", SMALL.replace("as_of: 2025-10-23", "as_of: 2025-02-30"))
    result = run_cli("diff", str(good), str(bad))
    assert result.returncode == 2
    assert f"{bad}:4:" in result.stderr and "could not be loaded" in result.stderr


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_git_compares_a_file_with_a_revision(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    path = write(tmp_path, "small.yaml", SMALL)
    git(tmp_path, "add", "small.yaml")
    git(tmp_path, "commit", "-q", "-m", "first")
    same = run_cli("diff", "--git", "HEAD", str(path))
    assert same.returncode == 0, same.stderr
    write(
        tmp_path,
        "small.yaml",
        SMALL.replace("title: Dar visits Dhaka", "title: Dar visits Dhaka, at last"),
    )
    # From another directory: git runs in the file's own repository.
    changed = run_cli("diff", "--git", "HEAD", str(path), "--format", "json", cwd=tmp_path.parent)
    assert changed.returncode == 1, changed.stderr
    data = json.loads(changed.stdout)
    assert data["old"] == f"{path}@HEAD"
    assert data["changes"][0]["fields"] == [
        {"field": "title", "old": "Dar visits Dhaka", "new": "Dar visits Dhaka, at last"}
    ]
    unknown = run_cli("diff", "--git", "no-such-rev", str(path))
    assert unknown.returncode == 2
    assert "no-such-rev" in unknown.stderr and "Traceback" not in unknown.stderr
    untracked = write(tmp_path, "untracked.yaml", SMALL)
    missing = run_cli("diff", "--git", "HEAD", str(untracked))
    assert missing.returncode == 2 and "untracked.yaml" in missing.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_git_outside_a_repository_exits_2(tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    path = write(outside, "small.yaml", SMALL)
    result = run_cli(
        "diff", "--git", "HEAD", str(path), env={"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    )
    assert result.returncode == 2
    assert "not in a git repository" in result.stderr


# --- docs and hooks stay true ---------------------------------------------------------------------


def test_docs_list_every_lint_rule() -> None:
    from tests.helpers import ROOT

    docs = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for rule_id in RULES:
        assert f"| `{rule_id}` |" in docs


def test_pre_commit_hooks_run_brief_commands_on_briefs() -> None:
    import re

    import yaml

    from brief.cli import COMMANDS
    from tests.helpers import ROOT

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["brief-validate", "brief-lint"]
    for hook in hooks:
        program, command = hook["entry"].split()
        assert program == "brief" and command in COMMANDS
        assert hook["language"] == "python"
        files = re.compile(hook["files"])
        assert files.search("briefs/pakistan-bangladesh.yaml")
        assert files.search("docs/briefs/x.yml")
        assert not files.search("src/brief/x.yaml")
        assert not files.search("briefs/brief.schema.json")
