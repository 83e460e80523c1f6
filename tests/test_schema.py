"""The JSON Schema: generated from the model, kept up to date, and agreeing with the loader.

Editors see YAML 1.2 (yaml-language-server): `2025-10-23` is a string there, not a date, so the
briefs are read for jsonschema with a loader that does not turn timestamps into dates.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import msgspec
import pytest
import yaml

from brief.cli.library_cmds import schema_text
from brief.errors import LoadError
from brief.load import load_bytes
from brief.model import to_builtins
from tests.helpers import BUNDLED, ROOT, run_cli
from tests.test_load import VALID

SCHEMA_FILE = ROOT / "briefs" / "brief.schema.json"


class _EditorLoader(yaml.SafeLoader):
    """Like yaml-language-server: dates stay strings."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_editor_sees(text: str) -> object:
    return yaml.load(text, Loader=_EditorLoader)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(run_cli("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schema_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "briefs/brief.schema.json is stale: run `brief schema -o briefs/brief.schema.json`"
    )


def test_the_schema_accepts_the_bundled_brief(validator) -> None:
    instance = as_editor_sees(BUNDLED.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(instance)) == []


def test_the_schema_accepts_the_fixture_brief(validator) -> None:
    assert list(validator.iter_errors(as_editor_sees(VALID))) == []


BROKEN = pytest.mark.parametrize(
    ("break_it", "where"),
    [
        (lambda b: b.pop("title"), ()),
        (lambda b: b.update(titel="x"), ()),
        (lambda b: b.update(format=2), ("format",)),
        (lambda b: b["timeline"][0].update(date="23 August 2025"), ("timeline", 0, "date")),
        (lambda b: b["timeline"][0].update(approx="maybe"), ("timeline", 0, "approx")),
        (lambda b: b["actors"][0].update(kind="human"), ("actors", 0, "kind")),
        (lambda b: b["sources"][0].update(url="javascript:alert(1)"), ("sources", 0, "url")),
        (lambda b: b.update(id="Not A Slug"), ("id",)),
    ],
)


@BROKEN
def test_the_schema_rejects_a_broken_copy(validator, break_it, where: tuple) -> None:
    brief = as_editor_sees(BUNDLED.read_text(encoding="utf-8"))
    broken = copy.deepcopy(brief)
    break_it(broken)
    errors = list(validator.iter_errors(broken))
    assert errors
    assert tuple(errors[0].absolute_path) == where


def test_the_loader_agrees_with_the_schema_on_the_bundled_brief(validator) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    assert list(validator.iter_errors(as_editor_sees(text))) == []
    brief = load_bytes(text.encode("utf-8"), str(BUNDLED))
    # What the loader made of it, written back as JSON (`brief export --format json`), is valid too.
    assert list(validator.iter_errors(json.loads(msgspec.json.encode(to_builtins(brief))))) == []


@BROKEN
def test_the_loader_rejects_each_broken_copy_the_schema_rejects(validator, break_it, where) -> None:
    broken = as_editor_sees(BUNDLED.read_text(encoding="utf-8"))
    break_it(broken)
    assert list(validator.iter_errors(broken))
    with pytest.raises(LoadError):
        load_bytes(yaml.safe_dump(broken, allow_unicode=True).encode("utf-8"), "broken.yaml")


def test_schema_file_carries_no_local_paths() -> None:
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    assert str(Path.home()) not in text and str(ROOT) not in text
