"""Golden files for the exports: every format of the bundled brief at width 100, its one-page
summary and a fixture's (without key events) in every format, plus a few filtered and fixture
cases, made with a fixed time stamp so they are stable.

    python -m tests.golden            # check: list what differs, exit 1 if anything does
    python -m tests.golden --update   # regenerate after a deliberate change (`make snapshots`)

`tests/test_export_golden.py` runs the same comparison under pytest.
"""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from brief.export import FORMATS, Format, export, export_format
from brief.load import load_brief

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
BRIEFS = GOLDEN / "briefs"
BUNDLED = ROOT / "briefs" / "pakistan-bangladesh.yaml"
SAMPLE = BRIEFS / "sample.yaml"
# Other sections, four sources and no event marked key: the summary's fallback.
TRAMWAY = BRIEFS / "tramway.yaml"
NOW = dt.datetime(2025, 10, 24, 9, 30, tzinfo=dt.UTC)
WIDTH = 100


@dataclass(frozen=True)
class Case:
    name: str  # the golden file's name, without extension
    brief: Path
    fmt: Format
    sections: tuple[str, ...] = ()
    query: str | None = None
    width: int = WIDTH
    summary: bool = False
    options: dict[str, object] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return GOLDEN / f"{self.name}{export_format(self.fmt).extension}"

    def render(self) -> str:
        return export(
            load_brief(self.brief),
            self.fmt,
            width=self.width,
            sections=list(self.sections) or None,
            query=self.query,
            now=NOW,
            summary=self.summary,
        )


CASES: list[Case] = [
    *(Case("pakistan-bangladesh", BUNDLED, fmt) for fmt in FORMATS),
    Case("pakistan-bangladesh-defence", BUNDLED, "text", sections=("defence",)),
    Case("pakistan-bangladesh-query", BUNDLED, "md", query="visit from:2025"),
    Case("pakistan-bangladesh-query", BUNDLED, "json", query="visit from:2025"),
    *(Case("sample", SAMPLE, fmt) for fmt in FORMATS),
    Case("sample-narrow", SAMPLE, "text", width=60),
    *(Case("pakistan-bangladesh-summary", BUNDLED, fmt, summary=True) for fmt in FORMATS),
    *(Case("tramway-summary", TRAMWAY, fmt, summary=True) for fmt in FORMATS),
    Case(
        "pakistan-bangladesh-summary-defence-visit",
        BUNDLED,
        "text",
        sections=("defence",),
        query="visit",
        summary=True,
    ),
]


# The README's picture of the summary is this golden file, copied.
README_IMAGE = ROOT / "docs" / "brief-summary.svg"
README_CASE = "pakistan-bangladesh-summary"


def readme_image_case() -> Case:
    return next(c for c in CASES if c.name == README_CASE and c.fmt == "svg")


def diff(case: Case) -> str:
    """An empty string when the golden file matches, else a short unified diff."""
    want = case.path.read_text(encoding="utf-8") if case.path.exists() else ""
    got = case.render()
    if got == want:
        return ""
    lines = difflib.unified_diff(
        want.splitlines(), got.splitlines(), str(case.path), "now", lineterm="", n=1
    )
    return "\n".join(list(lines)[:40]) or f"{case.path}: differs"


def main(argv: list[str]) -> int:
    update = "--update" in argv
    failed = 0
    for case in CASES:
        if update:
            case.path.write_text(case.render(), encoding="utf-8", newline="")
            print(f"wrote {case.path.relative_to(ROOT)}")
        elif problem := diff(case):
            failed += 1
            print(problem)
    image = readme_image_case().path.read_bytes()
    if update:
        README_IMAGE.write_bytes(image)
        print(f"wrote {README_IMAGE.relative_to(ROOT)}")
    elif README_IMAGE.read_bytes() != image:
        failed += 1
        print(f"{README_IMAGE} is not {readme_image_case().path}")
    if failed:
        print(f"{failed} golden file(s) differ; regenerate with: python -m tests.golden --update")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
