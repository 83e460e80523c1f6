"""A brief whose every text field carries markup, HTML, Markdown, terminal escapes and
`javascript:` links, exported in every format: the text comes out literally and inert.

tests/golden/briefs/hostile.yaml holds the payloads; the loader has replaced its control
characters with visible placeholders (␛, ␇, ⟨U+009B⟩…), which must appear as such.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote

import msgspec
import pytest
from markdown_it import MarkdownIt

from brief.export import FORMATS, export
from brief.load import load_brief
from brief.model import Brief, dec_hook
from brief.text import UNSAFE
from tests.golden import BRIEFS, NOW

HOSTILE = BRIEFS / "hostile.yaml"
SOURCE_URLS = {"https://example.org/a?x=1&y=2(3)[4]{5}", "https://example.org/ok?a=1&b=2"}

# Fragments without spaces (so wrapping cannot split them) from every kind of field.
LITERALS = [
    "[bold red]T[/]",  # title
    "[@click=app.quit]Q[/]",
    "<script>alert('t')</script>",
    "␛]0;owned␇",
    "[x](javascript:alert(1))",  # subtitle
    "⟨U+009B⟩31m",
    "**not",  # summary
    "${x}",
    "⟨U+202E⟩⟨U+200B⟩␛]52;c;aGk=␇",
    "[link=javascript:alert(1)]L[/link]",  # source title
    "<![CDATA[x]]>",
    "[@click=app.bell]P[/]",  # publisher
    "␛]8;;https://evil.example␛\\link␛]8;;␛\\",  # note
    "[b]Actor[/b]",  # actor name
    "␛[31mred␛[0m",  # role
    "⟨U+202E⟩evil",  # country
    "[@click=app.quit]Section[/]",  # section title
    "![i](https://evil.example/i.png)",  # section summary
    "[bold]point[/bold]",  # point text
    "[i]Figure[/i]",  # figure label
    "<u>units</u>",
    "+[red]1[/red]",
    "␛[5mblink",
    "[@click=app.quit]Event[/]",  # event title
    "</pre><a",  # event text
    "␛]52;c;eA==␇",
]


@pytest.fixture(scope="module")
def brief() -> Brief:
    return load_brief(HOSTILE)


@pytest.fixture(scope="module")
def outputs(brief: Brief) -> dict[str, str]:
    return {fmt: export(brief, fmt, now=NOW) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_encodes_as_utf8_without_control_characters(
    outputs: dict[str, str], fmt: str
) -> None:
    text = outputs[fmt]
    text.encode("utf-8")  # no lone surrogate or other unencodable character
    if fmt == "ansi":
        text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # the only escapes an ANSI export may hold
    assert UNSAFE.search(text) is None, repr(UNSAFE.search(text))


def test_text_is_literal_and_plain(outputs: dict[str, str]) -> None:
    text = outputs["text"]
    assert "\x1b" not in text
    for literal in LITERALS:
        assert literal in text, literal


def test_ansi_holds_only_colour_codes_and_the_literal_text(outputs: dict[str, str]) -> None:
    ansi = outputs["ansi"]
    escapes = set(re.findall(r"\x1b.", ansi))
    assert escapes == {"\x1b["}
    assert re.sub(r"\x1b\[[0-9;]*m", "", ansi).count("\x1b") == 0
    plain = re.sub(r"\x1b\[[0-9;]*m", "", ansi)
    for literal in LITERALS:
        assert literal in plain, literal


class _Page(HTMLParser):
    """Collects tags, attributes and the text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(document: str) -> _Page:
    page = _Page()
    page.feed(document)
    page.close()
    return page


def test_html_is_inert_and_literal(outputs: dict[str, str]) -> None:
    document = outputs["html"]
    assert "<script" not in document.lower()
    page = _page(document)
    allowed = {"html", "head", "meta", "title", "style", "body", "main", "pre", "code", "span", "a"}
    assert {tag for tag, _ in page.tags} <= allowed
    hrefs = [attrs.get("href") for tag, attrs in page.tags if "href" in attrs]
    assert hrefs and set(hrefs) <= SOURCE_URLS  # the only links: validated source URLs
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "src" not in attrs
        if tag == "span":
            assert set(attrs) == {"style"}
    # The URL's "&" is escaped in the attribute, as HTML wants.
    assert 'href="https://example.org/a?x=1&amp;y=2(3)[4]{5}"' in document
    text = "".join(page.text)
    for literal in LITERALS:
        assert literal in text, literal


def test_html_title_is_escaped(outputs: dict[str, str]) -> None:
    title = re.search(r"<title>(.*)</title>", outputs["html"])
    assert title is not None
    assert "<" not in title.group(1)
    assert "[@click=app.quit]Q[/]" in html.unescape(title.group(1))


def test_svg_is_valid_xml_with_no_links_or_scripts(outputs: dict[str, str]) -> None:
    svg = outputs["svg"]
    root = ET.fromstring(svg)
    names = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert not names & {"script", "a", "foreignObject", "image", "use"}
    for element in root.iter():
        assert not any(name.rsplit("}", 1)[-1] == "href" for name in element.attrib)
    assert "url(http" not in svg and "@import" not in svg  # no web fonts: no requests
    text = "".join(element.text or "" for element in root.iter() if element.tag.endswith("text"))
    text = text.replace("\xa0", " ")
    for literal in LITERALS:
        assert literal in text, literal


def test_markdown_renders_literal_text_and_only_source_links(outputs: dict[str, str]) -> None:
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(outputs["md"])
    page = _page(rendered)
    allowed = {"h1", "h2", "h3", "p", "em", "strong", "code", "ul", "li", "table", "thead",
               "tbody", "tr", "th", "td", "a", "hr", "br"}  # fmt: skip
    assert {tag for tag, _ in page.tags} <= allowed, {tag for tag, _ in page.tags} - allowed
    hrefs = {unquote(attrs["href"] or "") for tag, attrs in page.tags if tag == "a"}
    assert hrefs == {"https://example.org/a?x=1&y=2(3)[4]{5}", "https://example.org/ok?a=1&b=2"}
    text = "".join(page.text)
    for literal in LITERALS:
        assert literal in text, literal
    # Line starts that would be syntax stay text.
    for literal in ("# not a heading", "- not a list", "1. not a list", "> not a quote"):
        assert literal in text
    # Bare addresses in brief text are not turned into links (GFM autolinks them otherwise).
    assert "https\\:/\\/evil\\.example/x" in outputs["md"]
    assert "www\\.evil\\.example" in outputs["md"]
    assert "mail\\@evil\\.example" in outputs["md"]


def test_json_round_trips_the_sanitised_strings(brief: Brief, outputs: dict[str, str]) -> None:
    data = json.loads(outputs["json"])
    assert data["title"] == brief.title
    assert "␛]0;owned␇" in data["title"]
    again = msgspec.convert(data, Brief, strict=False, dec_hook=dec_hook)
    assert again.title == brief.title and again.timeline[0].text == brief.timeline[0].text


def test_a_url_that_skipped_the_schema_never_becomes_a_link(brief: Brief) -> None:
    # A brief built in code, not loaded: the renderer checks again before making an href.
    bad = msgspec.structs.replace(
        brief.sources[1], url='https://example.org/"onmouseover="alert(1)'
    )
    evil = msgspec.structs.replace(brief, sources=[brief.sources[0], bad])
    document = export(evil, "html", now=NOW)
    assert 'onmouseover="' not in document
    hrefs = re.findall(r'href="([^"]*)"', document)
    assert hrefs == ["https://example.org/a?x=1&amp;y=2(3)[4]{5}"]
    md = export(evil, "md", now=NOW)
    assert '<https://example.org/"onmouseover' not in md
