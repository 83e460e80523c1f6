"""Each export format: its structure, its scope (sections, query) and its independence from the
user's terminal settings."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import msgspec
import pytest
from markdown_it import MarkdownIt
from rich.cells import cell_len

from brief.errors import ExportError
from brief.export import FORMATS, export, format_for_path, subset
from brief.load import load_brief, load_bytes
from brief.model import Brief, to_builtins
from brief.view import select
from tests.golden import NOW, SAMPLE


@pytest.fixture(scope="module")
def sample() -> Brief:
    return load_brief(SAMPLE)


def visible(fmt: str, out: str) -> str:
    """What a reader sees: SVG spaces are no-break spaces inside <text> elements."""
    if fmt != "svg":
        return out
    root = ET.fromstring(out)
    return "".join(e.text or "" for e in root.iter() if e.tag.endswith("text")).replace("\xa0", " ")


def test_text_is_plain_and_wrapped_to_the_width(sample: Brief) -> None:
    for width in (60, 100):
        text = export(sample, "text", width=width, now=NOW)
        assert "\x1b" not in text
        assert max(cell_len(line) for line in text.splitlines()) <= width
        assert all(line == line.rstrip() for line in text.splitlines())  # no padding noise


def test_ansi_is_the_text_with_256_colour_codes(sample: Brief) -> None:
    ansi = export(sample, "ansi", now=NOW)
    codes = re.findall(r"\x1b\[([0-9;]*)m", ansi)
    assert any("38;5;" in code for code in codes)
    assert not any("38;2;" in code for code in codes)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", ansi)
    assert [line.rstrip() for line in plain.splitlines()] == export(
        sample, "text", now=NOW
    ).splitlines()


def test_html_is_one_self_contained_page(sample: Brief) -> None:
    page = export(sample, "html", now=NOW)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>Pakistan–Bangladesh Relations (sample)</title>" in page
    assert "default-src 'none'" in page  # CSP: no script, no request leaves the page
    assert "prefers-color-scheme: dark" in page  # follows the reader's light or dark mode
    assert not re.search(r"(src|href)=\"(?!https://example\.org/articles)", page)
    assert "<script" not in page and "@import" not in page and "url(" not in page
    assert "style=" in page  # Rich's inline styles


def test_svg_is_valid_xml_and_makes_no_requests(sample: Brief) -> None:
    svg = export(sample, "svg", now=NOW)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "cdnjs" not in svg and "url(http" not in svg
    assert "Pakistan–Bangladesh Relations (sample)" in visible("svg", svg)


def test_markdown_has_headings_tables_and_lists(sample: Brief) -> None:
    md = export(sample, "md", now=NOW)
    tokens = {t.type for t in MarkdownIt("commonmark").enable("table").parse(md)}
    assert {"heading_open", "table_open", "bullet_list_open"} <= tokens
    assert "# Pakistan–Bangladesh Relations (sample)" in md
    assert "## Economy \\& Culture" not in md  # "&" alone is not an entity: left readable
    assert "## Economy & Culture" in md
    assert "| Bilateral trade [1] | 865 USD million | +20% | FY2024-25 |" in md
    assert "- **Jul 2025** — Interior Minister Mohsin Naqvi" in md


def test_json_is_the_normalised_brief_in_a_stable_order(sample: Brief) -> None:
    text = export(sample, "json", now=NOW)
    normalised = msgspec.structs.replace(sample, timeline=sample.events_in_order())
    assert text == json.dumps(to_builtins(normalised), indent=2, ensure_ascii=False) + "\n"
    data = json.loads(text)
    assert list(data)[:4] == ["format", "id", "title", "as_of"]
    # Dates keep the precision they were written with.
    dates = {e["title"]: e["date"] for e in data["timeline"]}
    assert dates["General elections in Bangladesh"] == "2026"
    assert dates["Mohsin Naqvi visits Dhaka"] == "2025-07"
    assert dates["Ishaq Dar visits Dhaka"] == "2025-08-23"
    assert export(sample, "json", now=NOW) == text  # the time stamp does not leak in


def test_filtered_json_is_a_valid_brief_whose_references_resolve(sample: Brief) -> None:
    text = export(sample, "json", query="trade")
    # JSON is YAML: the loader takes the export back, checking every reference on the way.
    again = load_bytes(text.encode("utf-8"), "filtered.json")
    assert [e.title for e in again.timeline] == ["Direct trade resumes"]
    assert [f.label for f in again.figures] == ["Bilateral trade"]
    sections = {s.id for s in again.sections}
    actors = {a.id for a in again.actors}
    sources = {s.id for s in again.sources}
    for item in (*again.timeline, *again.figures, *(p for _, p in again.points())):
        assert set(item.actors) <= actors and set(item.sources) <= sources
        assert getattr(item, "section", None) in (None, *sections)


def test_json_streams_timeline_events_identically(sample: Brief) -> None:
    view = select(sample, sections=["diplomacy"])
    expected = json.dumps(to_builtins(subset(view)), indent=2, ensure_ascii=False) + "\n"
    assert export(sample, "json", sections=["diplomacy"]) == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_section_scope_in_every_format(sample: Brief, fmt: str) -> None:
    out = visible(fmt, export(sample, fmt, sections=["economy-culture"], now=NOW))
    assert "Direct trade resumes" in out
    assert "Mohsin Naqvi visits Dhaka" not in out


@pytest.mark.parametrize("fmt", ["text", "html", "md", "svg"])
def test_query_is_named_in_the_footer(sample: Brief, fmt: str) -> None:
    out = visible(fmt, export(sample, fmt, query="actor:mohsin-naqvi", now=NOW))
    assert "Mohsin Naqvi visits Dhaka" in out
    assert "Ishaq Dar visits Dhaka" not in out
    assert "actor:mohsin-naqvi" in out
    assert "24 Oct 2025 09:30 UTC" in out


def test_environment_does_not_leak_into_files(
    sample: Brief, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = {fmt: export(sample, fmt, now=NOW) for fmt in ("text", "ansi", "html")}
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "37")
    monkeypatch.setenv("TERM", "dumb")
    for fmt, text in expected.items():
        assert export(sample, fmt, now=NOW) == text


def test_bad_format_width_and_section_are_export_errors(sample: Brief) -> None:
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        export(sample, "pdf")  # type: ignore[arg-type]
    with pytest.raises(ExportError, match="width 10 is out of range"):
        export(sample, "text", width=10)
    with pytest.raises(
        ExportError, match=r"has no section 'defense'; choose from: diplomacy, economy-culture"
    ):
        export(sample, "text", sections=["defense"])


def test_format_from_file_name() -> None:
    assert format_for_path("x/brief.HTML") == "html"
    assert format_for_path("brief.htm") == "html"
    assert format_for_path("brief.markdown") == "md"
    assert format_for_path("brief.ans") == "ansi"
    assert format_for_path("brief.pdf") is None
    assert format_for_path("brief") is None
