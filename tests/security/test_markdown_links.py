"""No brief text becomes a link or markup in Markdown output (`export --format md` and
`diff --format md`, one escaper: brief.markdown), rendered as a linkify renderer (VS Code's
preview, GitHub) would: markdown-it-py with linkify on."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from brief.cli import cli
from brief.markdown import md_escape
from tests.security.attacks import HEAD

LINKIFY = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])

LINK_BAIT = [
    "https://evil.example/login",
    "HTTP://EVIL.EXAMPLE",
    "www.evil-login.com",
    "evil-login.com/login",
    "pay at secure.bank.co.uk now",
    "mail user@evil.com",
    "mailto:user@evil.com",
    "ftp://files.evil.org/x",
    "ping @octocat and @org/team",
    "<https://evil.example>",
    "[click](https://evil.example)",
    "![img](https://evil.example/x.png)",
    "xn--80ak6aa92e.com",
    "//a.a",  # protocol-relative: linkify takes any top-level domain after `//`
    "see //intranet.x/login",
]


def rendered_text(markdown: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", LINKIFY.render(markdown))).strip()


@pytest.mark.parametrize("bait", LINK_BAIT)
def test_link_bait_is_literal(bait: str) -> None:
    out = LINKIFY.render(md_escape(bait))
    assert "<a " not in out and "<img" not in out, out
    assert rendered_text(md_escape(bait)) == bait


def test_the_renderer_does_link_unescaped_bait() -> None:
    # Not vacuous: the renderer used here links each of these when written as is.
    for bait in ("https://evil.example/login", "www.evil-login.com", "evil-login.com/login"):
        assert "<a " in LINKIFY.render(bait)


@settings(max_examples=300, deadline=None)
@example(["//", "a", ".", "a"])  # found by hypothesis: a link before the fix
@given(
    st.lists(
        st.sampled_from([*LINK_BAIT, " ", ".", "@", "a", "1", "com", "-", ":", "//", "*", "_"])
    )
)
def test_any_mix_of_bait_stays_literal(parts: list[str]) -> None:
    text = "".join(parts)
    escaped = md_escape(text, line_start=True)  # a paragraph of its own
    out = LINKIFY.render(escaped)
    assert "<a " not in out and "<img" not in out
    assert rendered_text(escaped) == " ".join(text.split())


def _brief(tmp_path: Path, name: str, title: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    events = "".join(f"  - {{date: 2025, title: {bait!r}, sources: [s]}}\n" for bait in LINK_BAIT)
    path.write_text(HEAD.replace("title: T", f"title: {title!r}", 1) + "timeline:\n" + events)
    return path


def test_export_and_diff_markdown_have_no_links_from_brief_text(tmp_path: Path) -> None:
    old = _brief(tmp_path, "old", "www.old-title.com")
    new = _brief(tmp_path, "new", "evil-login.com/login @someone")
    new.write_text(new.read_text().replace("2025, title: 'h", "2024, title: 'h"))
    runner = CliRunner()
    export = runner.invoke(cli, ["export", str(new), "--format", "md", "-o", "-"])
    diff = runner.invoke(cli, ["diff", str(old), str(new), "--format", "md"])
    assert export.exit_code == 0 and diff.exit_code == 1, diff.output
    assert "evil-login" in diff.output and "https" in diff.output
    for output in (export.output, diff.output):
        assert "<a " not in LINKIFY.render(output), output
