"""Property tests (issue 6, requirement 5), bounded in time for CI. The loader's own fuzzing
(random bytes, almost-brief YAML) is tests/test_load_fuzz.py; this adds the query parser, the
sanitiser's round trip to the screen, and random text through every export.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from textual.content import Content

from brief.export import FORMATS, export
from brief.load import load_bytes
from brief.query import parse
from brief.search import SearchIndex
from brief.text import UNSAFE, is_safe, sanitize
from tests.security.payloads import TERMINAL, brief_yaml
from tests.security.terminal import Capture, violations

FUZZ = settings(
    max_examples=150, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow]
)
SGR_ONLY = {f"CSI {';'.join('#' * n)}m" for n in range(1, 12)} | {"CSI m"}
# Text biased towards what matters: controls, C1, bidi, zero-width, markup and query syntax.
NASTY = st.sampled_from(
    ["\x1b", "\x1b]", "\x1b[", "\x07", "\x9b", "\x9d", "\x00", "\x7f", "\u202e", "\u2066",
     "\u200b", "\ufeff", "\U000e0041", "\ud800", "[", "]", "[/]", "@click=", "$", '"', ":",
     "-", "OR", "(", ")", "*", "\\", "\n", "\t", "actor:", "tag:", "from:", "to:"]
)  # fmt: skip
TEXT = st.lists(st.one_of(NASTY, st.text(max_size=8)), max_size=12).map("".join)


@FUZZ
@given(TEXT, st.booleans())
def test_the_query_parser_never_raises(text: str, typing: bool) -> None:
    query = parse(text, typing=typing)
    assert isinstance(query.warnings, list | tuple)
    for warning in query.warnings:
        assert isinstance(warning, str)


def _terminal_output(renderable: object) -> str:
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor", width=60).print(renderable)
    return out.getvalue()


@FUZZ
@given(TEXT)
def test_sanitised_text_reaches_the_terminal_inert(text: str) -> None:
    clean = sanitize(text)
    assert is_safe(clean) and sanitize(clean) == clean
    # Rich, colour forced: only SGR, no stray character.
    assert violations(Capture.of(_terminal_output(Text(clean)).encode()), SGR_ONLY) == []
    # Textual's Content, rendered to segments the way a widget draws them: no control left.
    for segment in Content(clean).render_segments():
        assert UNSAFE.search(segment.text) is None


@FUZZ
@given(st.sampled_from(list(TERMINAL.values())), TEXT)
def test_an_unsanitised_payload_does_reach_the_terminal(payload: str, text: str) -> None:
    # The counterpart that keeps the test above honest: without `sanitize`, it fails.
    import yaml

    raw = yaml.safe_load(f'"{payload}"') + text
    output = _terminal_output(Text(raw)).encode("utf-8", "surrogatepass")
    with contextlib.suppress(UnicodeDecodeError):  # a lone surrogate: not even UTF-8
        assert violations(Capture.of(output), SGR_ONLY)


def _yaml_escaped(text: str) -> str:
    """`text` as the inside of a YAML double-quoted scalar, every non-ASCII or control
    character as an escape."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)


@settings(max_examples=25, deadline=timedelta(seconds=5), suppress_health_check=list(HealthCheck))
@given(TEXT)
def test_random_text_in_every_field_exports_inert(text: str) -> None:
    # Through YAML escapes (so any character can be written), the loader, then every format.
    assume(not any(0xD800 <= ord(c) <= 0xDFFF for c in text))  # refused at load: hostile/
    brief = load_bytes(brief_yaml(_yaml_escaped(text), escaped=True).encode(), "fuzz.yaml")
    for fmt in FORMATS:
        out = export(brief, fmt)
        out.encode("utf-8")
        if fmt == "ansi":
            assert violations(Capture.of(out.encode()), SGR_ONLY) == []
        else:
            assert "\x1b" not in out and UNSAFE.search(out) is None, fmt
        if fmt == "html":
            assert "<script" not in out.lower()
        if fmt == "json":
            json.loads(out)


@settings(max_examples=60, deadline=timedelta(seconds=2), suppress_health_check=list(HealthCheck))
@given(TEXT)
def test_search_never_raises_on_any_query(text: str) -> None:
    results = _INDEX.search(text)
    assert all(isinstance(w, str) for w in results.warnings)


_INDEX = SearchIndex([load_bytes(brief_yaml("search me").encode(), "fuzz.yaml")])
