"""`brief new`: the starter brief, and the command run as a user runs it (`run_cli`)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from brief import template
from brief.load import check_bytes, load_brief, load_bytes
from tests.helpers import run_cli

TODAY = dt.date(2025, 10, 23)


def uncomment_examples(text: str) -> str:
    """Every full-line comment after `format: 1` is an example; uncomment them all."""
    head, body = text.split("format: 1\n", 1)
    lines = [re.sub(r"^(\s*)# ", r"\1", line) for line in body.splitlines()]
    return head + "format: 1\n" + "\n".join(lines) + "\n"


def test_the_starter_validates_as_written() -> None:
    text = template.render("india-china", "India–China", schema="brief.schema.json", today=TODAY)
    brief, problems = check_bytes(text.encode(), "new.yaml")
    assert problems == [] and brief is not None
    assert brief.id == "india-china" and brief.title == "India–China"
    assert str(brief.as_of) == "2025-10-23"
    assert [s.title for s in brief.sections] == [
        "Diplomacy",
        "Defence",
        "Economy & Culture",
        "Challenges",
    ]
    assert text.startswith("# yaml-language-server: $schema=brief.schema.json\n")


def test_every_commented_example_is_valid_once_uncommented() -> None:
    text = template.render("india-china", "India–China", schema="brief.schema.json", today=TODAY)
    brief = load_bytes(uncomment_examples(text).encode(), "uncommented.yaml")
    # One example of every kind of item.
    counts = brief.counts()
    assert counts["points"] >= 1 and counts["events"] >= 1 and counts["figures"] >= 1
    assert counts["actors"] >= 1 and counts["sources"] >= 1
    source = brief.sources[0]
    assert source.author and source.published and source.url and source.publisher
    # The expected example lies ahead of as_of, whatever the date today.
    assert any(e.expected and e.date.start > TODAY for e in brief.timeline)


@pytest.mark.parametrize("title", ["1974", "no", 'Say "hi": #1', "  leading", "Ünïcode – dash"])
def test_any_title_stays_the_text_written(title: str) -> None:
    text = template.render("x", title, schema="s.json", today=TODAY)
    assert load_bytes(text.encode(), "t.yaml").title == title


@pytest.mark.parametrize("slug", ["India", "a_b", "-a", "a--b", "", "a b", "é"])
def test_bad_slugs_are_refused(slug: str) -> None:
    with pytest.raises(template.TemplateError, match="not a valid brief id"):
        template.check_slug(slug)


def test_schema_reference_is_relative_to_the_new_file(tmp_path: Path) -> None:
    (tmp_path / "briefs" / "drafts").mkdir(parents=True)
    assert template.schema_reference(tmp_path / "briefs") == ("./brief.schema.json", False)
    (tmp_path / "briefs" / "brief.schema.json").write_text("{}")
    assert template.schema_reference(tmp_path / "briefs") == ("./brief.schema.json", True)
    assert template.schema_reference(tmp_path / "briefs" / "drafts") == (
        "../brief.schema.json",
        True,
    )


# --- the command ---------------------------------------------------------------------------------


def test_new_writes_briefs_slug_yaml_that_validates(tmp_path: Path) -> None:
    result = run_cli("new", "india-china", "--title", "India and China", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "briefs" / "india-china.yaml"
    assert f"Created {Path('briefs') / 'india-china.yaml'}" in result.stdout
    assert "brief schema -o" in result.stdout  # no schema nearby: say how to make one
    assert load_brief(path).title == "India and China"
    validate = run_cli("validate", str(path), cwd=tmp_path)
    assert validate.returncode == 0, validate.stdout + validate.stderr


def test_new_points_the_modeline_at_a_schema_beside_it(tmp_path: Path) -> None:
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "brief.schema.json").write_text("{}")
    result = run_cli("new", "x", "--dir", "briefs", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first = (tmp_path / "briefs" / "x.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=./brief.schema.json"
    assert "brief schema -o" not in result.stdout


def test_new_creates_a_missing_dir(tmp_path: Path) -> None:
    result = run_cli("new", "x", "--dir", "a/b/c", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert load_brief(tmp_path / "a/b/c/x.yaml").title == "X"


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "briefs").mkdir()
    existing = tmp_path / "briefs" / "x.yaml"
    existing.write_text("my work\n")
    result = run_cli("new", "x", cwd=tmp_path)
    assert result.returncode == 1
    assert existing.read_text() == "my work\n"
    assert "already exists" in result.stderr and "x.yaml" in result.stderr
    assert [p.name for p in (tmp_path / "briefs").iterdir()] == ["x.yaml"]  # no temp file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "India_China"], "try 'india-china'"),
        (["new", "x", "--title", "  "], "title is empty"),
        (["new"], "Missing argument"),
    ],
)
def test_new_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "briefs").exists()


def test_new_reports_an_unwritable_dir(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    result = run_cli("new", "x", "--dir", "file/sub", cwd=tmp_path)
    assert result.returncode == 1
    assert "file/sub" in result.stderr and "Traceback" not in result.stderr


def _as_an_editor_reads_it(text: str) -> object:
    """YAML as yaml-language-server types it (YAML 1.2: a date is a string, 865 a number)."""
    import yaml

    def fix(value: object) -> object:
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    return fix(yaml.safe_load(text))


def _schema_errors(text: str) -> list[str]:
    jsonschema = pytest.importorskip("jsonschema")
    from brief.model import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    return [e.message for e in validator.iter_errors(_as_an_editor_reads_it(text))]


def test_the_editor_schema_accepts_the_starter() -> None:
    assert _schema_errors(template.render("x", "X", schema="s", today=TODAY)) == []


def test_the_editor_schema_accepts_every_example() -> None:
    text = template.render("x", "X", schema="s", today=TODAY)
    assert _schema_errors(uncomment_examples(text)) == []
