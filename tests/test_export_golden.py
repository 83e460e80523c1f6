"""Each export format matches its golden file (regenerate: `python -m tests.golden --update`)."""

from __future__ import annotations

import pytest

from tests.golden import CASES, Case, diff


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
