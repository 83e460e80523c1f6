"""Sanitising untrusted text: brief strings never carry terminal controls or invisible characters.

The loader runs every string through `sanitize`, so no consumer (TUI, CLI, export) can ever send a
control sequence, a bidi override or a zero-width character to a terminal or a file. Each such
character becomes a visible placeholder, and the loader reports it as a warning at its position.
"""

from __future__ import annotations

import re

# Every code point in Unicode categories Cc, Cf, Cs, Zl and Zp, except tab, newline and the soft
# hyphen (U+00AD, harmless). Precomputed from `unicodedata` (Unicode 14, CPython 3.11) because
# scanning all code points at import would cost ~150 ms of start-up; tests/test_text.py checks it.
_UNSAFE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0000, 0x0008), (0x000B, 0x001F), (0x007F, 0x009F), (0x0600, 0x0605), (0x061C, 0x061C),
    (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
    (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xD800, 0xDFFF),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)  # fmt: skip
# Characters of other categories that are invisible or not characters at all: the combining
# grapheme joiner, Hangul fillers, variation selectors (they hide text from a reader, and reach
# the JSON export), and every noncharacter (U+FFFE and U+FFFF make an SVG export ill-formed XML).
_HIDDEN_RANGES: tuple[tuple[int, int], ...] = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x3164, 0x3164), (0xFFA0, 0xFFA0),
    (0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0xFDD0, 0xFDEF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
)  # fmt: skip


def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    def esc(cp: int) -> str:
        return f"\\U{cp:08x}"

    return "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in ranges)


UNSAFE = re.compile(f"[{_char_class(_UNSAFE_RANGES + _HIDDEN_RANGES)}]")


def placeholder(char: str) -> str:
    """A visible stand-in: control pictures for C0 and DEL (␛, ␀, ␡), else ⟨U+XXXX⟩."""
    cp = ord(char)
    if cp < 0x20:
        return chr(0x2400 + cp)
    if cp == 0x7F:
        return "\u2421"
    return f"⟨U+{cp:04X}⟩"


def replacement_message(char: str) -> str:
    """The warning for one replaced character: "U+202E (right-to-left override) replaced by …"."""
    return f"U+{ord(char):04X} ({char_name(char)}) replaced by {placeholder(char)}"


def char_name(char: str) -> str:
    """A short human name for an unsafe character, for warnings."""
    import unicodedata

    cp = ord(char)
    if cp < 0x20 or 0x7F <= cp <= 0x9F:
        return "control character"
    if 0xD800 <= cp <= 0xDFFF:
        return "lone surrogate"
    if 0xFDD0 <= cp <= 0xFDEF or cp & 0xFFFE == 0xFFFE:
        return "noncharacter"
    return unicodedata.name(char, "invisible formatting character").lower()


def is_safe(text: str) -> bool:
    return UNSAFE.search(text) is None


def sanitize(text: str) -> str:
    """Return `text` with every unsafe character replaced by its visible placeholder."""
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(lambda m: placeholder(m.group()), text)


_LINE_CONTROLS = str.maketrans({"\n": "\u240a", "\t": "\u2409"})


def one_line(name: str) -> str:
    """A file name (or any label) for a one-line message: sanitised, and its newlines and tabs
    made visible too (␊, ␉), so that a name like `a\nfake.yaml:9:9: error: …` cannot forge a
    line of its own."""
    return sanitize(name).translate(_LINE_CONTROLS)


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, the last an ellipsis when anything was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def paragraphs(text: str) -> list[str]:
    """Split on blank lines and reflow single line breaks, so text wraps at the render width
    rather than where the author happened to break lines in the YAML."""
    parts = (_LINE_BREAK.sub(" ", p).strip() for p in _PARAGRAPH_BREAK.split(text.strip()))
    return [p for p in parts if p]


def prose(text: str) -> str:
    """Text as it reads: its `paragraphs` with a blank line between them. A YAML block (`|`)
    keeps the author's line breaks and a final newline, which would otherwise show as ragged
    lines and put what follows the text on a line of its own."""
    return "\n\n".join(paragraphs(text))


def flat(text: str) -> str:
    """Text on one line: its `paragraphs` joined by a space (for a table cell, a title)."""
    return " ".join(paragraphs(text))
