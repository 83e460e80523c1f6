"""Nothing from a brief reaches the terminal as a control sequence (issue 6, requirement 2).

The TUI and `brief show`/`validate`/`list` run in a real pty (TERM=xterm-256color, 100×30) over
briefs that carry every terminal payload in every string field, with colour forced, with
NO_COLOR, and piped. The bytes they write are taken apart (tests/security/terminal.py): no OSC,
DCS, SOS, PM or APC, no `ESC c`, no C1, bidi or zero-width character, and no CSI that the same
program does not emit for a payload-free brief (the baseline). The baseline itself must stay
within what Textual 8 is known to emit, so a Textual upgrade that adds a sequence is noticed.
"""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rich.console import Console
from rich.text import Text

from tests.security.payloads import ALL_TERMINAL, TERMINAL, write_brief
from tests.security.terminal import Capture, Pty, brief_argv, terminal_env, violations

# Every sequence shape Textual 8.2.8 emits for its own drawing, checked against a payload-free
# run: SGR colours, cursor positioning, the kitty keyboard protocol push/pop, DECRQM queries
# for synchronised output (2026) and in-band resize (2048), the modes it sets and resets (mouse
# 1000/1003/1006/1015, focus 1004, alt screen 1049, bracketed paste 2004, cursor 25, wrap 7)
# and the kitty pointer shape (OSC 22) it resets to `default`.
TEXTUAL_SHAPES = {
    "CSI #H", "CSI #;#H",
    *(f"CSI {';'.join('#' * n)}m" for n in range(1, 12)), "CSI m",
    "CSI >#u", "CSI <u", "CSI ?2026$p", "CSI ?2048$p",
    *(f"CSI ?{mode}{end}" for mode in (1000, 1003, 1004, 1006, 1015, 1049, 2004, 25, 7)
      for end in "hl"),
    "OSC ']22;default\\x07'",
}  # fmt: skip
SGR_ONLY = {f"CSI {';'.join('#' * n)}m" for n in range(1, 12)} | {"CSI m"}
# Keys that visit every tab, the help, the picker, the export dialog, the palette and search.
TUI_KEYS = [b"2", b"3", b"t", b"?", b"\x1b", b"b", b"\x1b", b"e", b"\x1b", b"\x10", b"go"]
TUI_KEYS += [b"\x1b", b"o", b"/", b"TITLE", b"\x1b"]


def _decoded(escape_text: str) -> str:
    """What YAML makes of a double-quoted escape text: the real control characters."""
    return yaml.safe_load(f'"{escape_text}"')


@pytest.mark.parametrize("name", TERMINAL)
def test_each_payload_really_is_a_control_sequence(name: str) -> None:
    # Not vacuous: printed raw by Rich to a terminal, every payload gets through as a control
    # sequence or a forbidden character, which `violations` sees.
    raw = _decoded(TERMINAL[name])
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor").print(Text(raw))
    assert violations(Capture.of(out.getvalue().encode()), SGR_ONLY), name


def test_a_raw_c1_byte_is_caught() -> None:
    with pytest.raises(UnicodeDecodeError):
        Capture.of(b"ok \x9b31m")  # an 8-bit CSI as a raw byte is not UTF-8


@pytest.fixture(scope="module")
def hostile_names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory whose only file is broken and has a control sequence in its name: problems
    name their file, so the name is shown by `validate`, the picker and the Overview."""
    directory = tmp_path_factory.mktemp("names")
    (directory / "\x1b]0;pwned\x07\u202e.yaml").write_text(
        'format: 1\nid: x\ntitle: T\nas_of: 2025\n"\\e]0;key\\a": 1\n',
        encoding="utf-8",
    )
    return directory


def _drive_tui(brief: Path, extra: Path) -> Capture:
    pty = Pty.spawn(brief_argv("open", str(brief), str(extra), "--no-watch"), terminal_env())
    pty.until(lambda text: "Overview" in text and "Timeline" in text)
    for keys in TUI_KEYS:
        pty.send(keys)
        pty.settle(0.2)
    pty.send(b"q")
    assert pty.finish() == 0
    return Capture.of(bytes(pty.output))


def test_the_tui_writes_no_brief_controls(tmp_path: Path, hostile_names: Path) -> None:
    baseline = _drive_tui(write_brief(tmp_path / "plain", "plain"), hostile_names)
    assert baseline.shapes() <= TEXTUAL_SHAPES, baseline.shapes() - TEXTUAL_SHAPES
    assert "TITLE plain" in baseline.text

    hostile = write_brief(tmp_path / "hostile", ALL_TERMINAL, escaped=True)
    payload = _drive_tui(hostile, hostile_names)
    assert violations(payload, baseline.shapes()) == []
    # Modes are set and reset as often as for a plain brief: `?1049l` or `?25h` from a brief
    # would be extra ones. Likewise the pointer-shape OSC.
    counted = ("CSI ?", "OSC")
    shapes = [s.shape() for s in payload.sequences if s.shape().startswith(counted)]
    base = [s.shape() for s in baseline.sequences if s.shape().startswith(counted)]
    assert Counter(shapes) <= Counter(base) + Counter(base), (Counter(shapes), Counter(base))
    assert payload.of_kind("ESC") == []
    # The payloads were on screen, as visible placeholders.
    assert "TITLE ␛]0;pwned␇␛]52;c;cHduZWQ=␇" in payload.text
    assert "⟨U+202E⟩evil" in payload.text


@pytest.mark.parametrize("name", TERMINAL)
def test_show_in_a_terminal_with_colour_forced(tmp_path: Path, name: str) -> None:
    path = write_brief(tmp_path, TERMINAL[name], escaped=True)
    pty = Pty.spawn(brief_argv("show", str(path)), terminal_env(FORCE_COLOR="1"))
    assert pty.finish() == 0
    capture = Capture.of(bytes(pty.output))
    assert capture.of_kind("CSI"), "colour was forced: SGR expected"
    assert violations(capture, SGR_ONLY) == []
    assert "TITLE " in capture.text


@pytest.mark.parametrize(
    "env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["no-color", "dumb-terminal"]
)
def test_show_in_a_terminal_without_colour(tmp_path: Path, env: dict[str, str]) -> None:
    path = write_brief(tmp_path, ALL_TERMINAL, escaped=True)
    pty = Pty.spawn(brief_argv("show", str(path)), terminal_env(**env))
    assert pty.finish() == 0
    capture = Capture.of(bytes(pty.output))
    assert violations(capture, SGR_ONLY) == []
    assert "␛]52;c;cHduZWQ=␇" in capture.text


@pytest.mark.parametrize("force", ["1", ""], ids=["forced", "plain"])
@pytest.mark.parametrize("command", ["show", "export"])
def test_piped_output(tmp_path: Path, force: str, command: str) -> None:
    path = write_brief(tmp_path, ALL_TERMINAL, escaped=True)
    args = ["show", str(path)] if command == "show" else ["export", str(path), "-o", "-"]
    env = terminal_env(FORCE_COLOR=force) if force else terminal_env()
    result = subprocess.run(brief_argv(*args), env=env, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    capture = Capture.of(result.stdout)
    assert violations(capture, SGR_ONLY) == []
    assert "␛]0;pwned␇" in capture.text
    assert violations(Capture.of(result.stderr), SGR_ONLY) == []


@pytest.mark.parametrize("command", ["validate", "list"])
def test_problems_and_listings_in_a_terminal(hostile_names: Path, command: str) -> None:
    # The file name and an unknown key carry ESC, BEL and U+202E; the problem lines quote both.
    pty = Pty.spawn(brief_argv(command, str(hostile_names)), terminal_env(FORCE_COLOR="1"))
    pty.finish()
    capture = Capture.of(bytes(pty.output))
    assert violations(capture, SGR_ONLY) == []
    assert "␛]0;pwned␇⟨U+202E⟩.yaml" in capture.text
    if command == "validate":
        assert "unknown key `␛]0;key␇`" in capture.text
