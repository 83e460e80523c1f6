"""The sanitiser: unsafe characters become visible placeholders, and the table is complete."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from brief.text import _UNSAFE_RANGES, is_safe, placeholder, replacement_message, sanitize

KEPT = {"\t", "\n", "\u00ad"}


def test_unsafe_ranges_cover_every_control_format_surrogate_and_separator() -> None:
    expected = {
        cp
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) in {"Cc", "Cf", "Cs", "Zl", "Zp"} and chr(cp) not in KEPT
    }
    covered = {cp for low, high in _UNSAFE_RANGES for cp in range(low, high + 1)}
    assert expected - covered == set(), "text._UNSAFE_RANGES misses code points"
    assert covered - expected == set(), "text._UNSAFE_RANGES has safe code points"


def test_kept_characters_are_safe() -> None:
    assert is_safe("tab\tnew\nline soft\u00adhyphen – ’ é 日本 🙂")


def test_placeholders() -> None:
    assert placeholder("\x1b") == "␛"
    assert placeholder("\x00") == "␀"
    assert placeholder("\x7f") == "␡"
    assert placeholder("\u202e") == "⟨U+202E⟩"
    assert placeholder("\x9b") == "⟨U+009B⟩"
    assert placeholder("\U000e0041") == "⟨U+E0041⟩"


def test_sanitize_replaces_each_unsafe_character() -> None:
    assert sanitize("a\x1b]52;c;x\x07b") == "a␛]52;c;x␇b"
    assert sanitize("invoice \u202egpj.exe") == "invoice ⟨U+202E⟩gpj.exe"
    assert sanitize("pay\u200bpal") == "pay⟨U+200B⟩pal"
    assert sanitize("\ud800") == "⟨U+D800⟩"
    clean = "nothing to do"
    assert sanitize(clean) is clean


def test_replacement_message_names_the_character_and_its_placeholder() -> None:
    assert replacement_message("\u202e") == "U+202E (right-to-left override) replaced by ⟨U+202E⟩"
    assert replacement_message("\x1b") == "U+001B (control character) replaced by ␛"


_PLACEHOLDER = re.compile(r"⟨U\+([0-9A-F]{4,6})⟩|[\u2400-\u2421]")


def unsanitize(text: str) -> str:
    """The inverse of `sanitize`, for text that had no placeholder-like characters."""

    def back(match: re.Match[str]) -> str:
        if match.group(1):
            return chr(int(match.group(1), 16))
        return "\x7f" if match.group() == "\u2421" else chr(ord(match.group()) - 0x2400)

    return _PLACEHOLDER.sub(back, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_sanitized_text_is_safe_and_round_trips(text: str) -> None:
    cleaned = sanitize(text)
    assert is_safe(cleaned)
    assert sanitize(cleaned) == cleaned  # idempotent
    assume(_PLACEHOLDER.search(text) is None)
    assert unsanitize(cleaned) == text  # each placeholder names exactly the character it hides
