"""Each export format matches its golden file (regenerate: `python -m tests.golden --update`)."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from brief.export import export
from brief.load import load_brief
from tests.golden import CASES, Case, diff
from tests.helpers import ROOT


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.path.name)
def test_matches_golden_file(case: Case) -> None:
    assert case.path.exists(), f"missing {case.path}; run: python -m tests.golden --update"
    problem = diff(case)
    assert not problem, f"{problem}\nIf the change is deliberate: python -m tests.golden --update"


def test_the_readme_shows_the_summary_golden_file() -> None:
    from tests.golden import README_IMAGE, ROOT, readme_image_case

    assert README_IMAGE.read_bytes() == readme_image_case().path.read_bytes()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "brief export pakistan-bangladesh --summary -o brief-summary.svg" in readme
    assert "](docs/brief-summary.svg)" in readme


SVG_CASES = [c for c in CASES if c.fmt == "svg"]


@pytest.mark.parametrize("case", SVG_CASES, ids=lambda c: c.path.name)
def test_each_svg_is_well_formed_xml(case: Case) -> None:
    # A golden file can match and still be broken XML (U+FFFE once passed the sanitiser).
    ElementTree.fromstring(case.path.read_text(encoding="utf-8"))
    ElementTree.fromstring(case.render())


@pytest.mark.parametrize("name", ["noncharacters", "hidden_selectors_fillers", "markup"])
def test_an_svg_of_a_hostile_brief_is_well_formed_xml(name: str) -> None:
    brief = load_brief(ROOT / "tests" / "hostile" / f"{name}.yaml")
    root = ElementTree.fromstring(export(brief, "svg"))
    assert "\ufffe" not in "".join(root.itertext())
