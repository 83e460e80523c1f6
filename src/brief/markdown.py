"""Brief text made literal in Markdown: the one escaper of `export --format md` and
`diff --format md`.

Markdown renderers turn far more than syntax characters into markup: GFM and linkify (VS Code's
preview, GitHub, markdown-it with `linkify`) make links of bare `https://…`, `www.…`, bare
domains (`evil-login.com/login`), e-mail addresses and `@mentions`. Each is broken with a
backslash escape, which renders as the character itself but splits the text the link finder
sees. tests/test_markdown.py renders every case with markdown-it-py, linkify on.
"""

from __future__ import annotations

import re

from brief.text import sanitize

_INLINE = re.compile(r"([\\`*_{}\[\]<>|~$@#]|&(?=#?\w+;))")
# Starts of a line that would make a heading, list, quote, rule, code block or table row.
_LINE_START = re.compile(r"^(\s*\d+)([.)])|^(\s*)([-+=:>])")
# What link finders key on: the `:` of `scheme://`, the second `/` of `//` (linkify takes
# `//host.x` as a protocol-relative link, whatever the top-level domain), the `.` of `www.`, and
# the dot before a top-level domain (two letters or more, so "e.g." and "3.5" are left alone).
_AUTOLINK = re.compile(
    r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=/)(/)|(?<=\bwww)(\.)"
    r"|(?<=[a-z0-9-])(\.)(?=[a-z][a-z0-9-]+\b)"
)


def md_escape(text: str | None, *, line_start: bool = False) -> str:
    """Everything in `text` that could be syntax or a link escaped, on one line (it goes into
    list items and table cells). `line_start`: the text begins a line (a paragraph, a list
    item), where "-", "+", "1." or ">" would be syntax."""
    flat = " ".join(sanitize(text or "").split())
    escaped = _INLINE.sub(r"\\\1", flat)
    escaped = _AUTOLINK.sub(lambda m: "\\" + next(g for g in m.groups() if g), escaped)
    if line_start:
        # Before the punctuation: "1\." (a backslash before a digit would be shown as is).
        escaped = _LINE_START.sub(
            lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", escaped
        )
    return escaped
