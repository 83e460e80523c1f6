"""Exports are inert (issue 6, requirements 3 and 4), through the CLI as a user runs it.

tests/test_export_hostile.py checks the formats in depth on one hostile brief through the API;
this runs `brief export -o -` on the markup brief (tests/security/payloads.py) and on every
hostile-corpus file that loads, in every format: UTF-8, no control character, no `<script`,
no link but the validated source URL (escaped for its attribute), SVG that parses as XML, and
the markup text literal.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from brief.export import FORMATS, export
from brief.load import check_file, load_brief
from brief.text import UNSAFE
from tests.helpers import ROOT, run_cli
from tests.security.payloads import ALL_MARKUP, MARKUP, write_brief

SOURCE_URL = "https://example.org/a?x=1&y=2"
LOADABLE = [p for p in sorted((ROOT / "tests" / "hostile").glob("*.yaml")) if check_file(p)[0]]


def export_cli(path: Path, fmt: str) -> str:
    result = run_cli("export", str(path), "--format", fmt, "-o", "-")
    assert result.returncode == 0, result.stderr
    return result.stdout  # decoded strictly: every format is UTF-8


def check_inert(fmt: str, out: str) -> None:
    body = re.sub(r"\x1b\[[0-9;]*m", "", out) if fmt == "ansi" else out
    assert "\x1b" not in body and UNSAFE.search(body) is None, fmt
    assert "<script" not in out.lower()
    if fmt == "html":
        hrefs = re.findall(r"href=\"([^\"]*)\"", out)
        assert set(hrefs) <= {html.escape(SOURCE_URL, quote=True)}, hrefs
        assert "href='" not in out and "javascript:" not in "".join(hrefs)
    if fmt == "svg":
        root = ET.fromstring(out)
        assert not any(e.tag.endswith(("}a", "}script", "}foreignObject")) for e in root.iter())
    if fmt == "md":
        targets = re.findall(r"\]\(([^)]*)\)|<(https?://[^>]*)>", out)
        assert {a or b for a, b in targets} <= {SOURCE_URL}, targets


@pytest.fixture(scope="module")
def markup_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_brief(tmp_path_factory.mktemp("markup"), ALL_MARKUP, name="markup")


@pytest.mark.parametrize("fmt", FORMATS)
def test_markup_brief_exports_literally(markup_brief: Path, fmt: str) -> None:
    out = export_cli(markup_brief, fmt)
    check_inert(fmt, out)
    if fmt in ("text", "json"):
        shown = out if fmt == "text" else out.encode().decode("unicode_escape", "ignore")
        for payload in MARKUP:
            assert payload in shown, payload
    if fmt == "html":
        assert html.escape(MARKUP[3], quote=False) in out
    if fmt == "svg":
        text = "".join(e.text or "" for e in ET.fromstring(out).iter()).replace("\xa0", " ")
        assert "[link=file:///etc/passwd]x[/link]" in text


@pytest.mark.parametrize("path", LOADABLE, ids=[p.stem for p in LOADABLE])
def test_every_loadable_hostile_file_exports_inert(path: Path) -> None:
    # Through the API: the CLI's own path is covered above, and 72 processes would be slow.
    brief = load_brief(path)
    for fmt in FORMATS:
        out = export(brief, fmt)
        out.encode("utf-8")
        check_inert(fmt, out)
