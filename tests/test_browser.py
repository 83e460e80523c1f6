"""The HTML export in a real browser: headless Chromium reads every section title and every
timeline row from the page, and a screenshot of it is not blank.

Skipped with a reason when Chromium is not installed, except in CI (CI=true), where a missing
browser is a failure: `.ci/run` installs Debian's `chromium` package.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from brief.export import export_file
from brief.load import load_brief
from tests.golden import BUNDLED, NOW

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is required in CI (CI=true): install Debian's chromium package")
    pytest.skip("Chromium is not installed (apt-get install chromium); the real-browser test")
    raise AssertionError  # unreachable: skip raises


def run_browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    profile = tmp_path / "profile"  # a fresh profile for every run
    return subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        timeout=120,
        check=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "brief.html"
    export_file(load_brief(BUNDLED), "html", path, now=NOW)
    return path


class _PreText(HTMLParser):
    """The text inside <pre>, as the browser's DOM holds it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.depth += tag == "pre"

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "pre"

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def column_text(lines: list[str], header: str, start_word: str, next_word: str) -> str:
    """The text of one table column: each line's slice between two header words, joined, so
    a title wrapped over several lines of its cell reads as one phrase again."""
    at = next(i for i, line in enumerate(lines) if start_word in line and next_word in line)
    first, last = lines[at].index(start_word), lines[at].index(next_word)
    body: list[str] = []
    for line in lines[at + 2 :]:
        if line.startswith(header):  # the next heading ends the table
            break
        body.append(line[first:last])
    return " ".join(" ".join(body).split())


def test_dump_dom_has_every_section_title_and_timeline_row(tmp_path: Path, page: Path) -> None:
    brief = load_brief(BUNDLED)
    dom = run_browser(tmp_path, "--dump-dom", page.as_uri()).stdout.decode("utf-8")
    parser = _PreText()
    parser.feed(dom)
    text = "".join(parser.parts)
    lines = text.splitlines()
    for section in brief.sections:
        assert f"{section.title} ─" in text, section.title
    events = column_text(lines, "Actors ─", "Event", "Actors")
    for event in brief.timeline:
        assert " ".join(event.title.split()) in events, event.title
    assert brief.title in text


def test_screenshot_is_not_blank(tmp_path: Path, page: Path) -> None:
    shot = tmp_path / "shot.png"
    run_browser(tmp_path, f"--screenshot={shot}", "--window-size=900,700", page.as_uri())
    width, height, pixels = decode_png(shot.read_bytes())
    assert (width, height) == (900, 700)
    counts = Counter(pixels)
    _, most = counts.most_common(1)[0]
    assert len(counts) > 20, "the page shows almost no distinct colours"
    assert 1 - most / len(pixels) > 0.02, "fewer than 2% of pixels differ from the background"


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB(A) pixels of an 8-bit PNG, with only the standard library."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
    width, height, depth, color_type = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and color_type in (2, 6), "expected 8-bit RGB or RGBA"
    channels = 3 if color_type == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        _unfilter(kind, line, previous, channels)
        rows.append(line)
        previous = line
    pixels = [bytes(row[x : x + channels]) for row in rows for x in range(0, stride, channels)]
    return width, height, pixels


def _unfilter(kind: int, line: bytearray, previous: bytearray, bpp: int) -> None:
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = previous[i]
        corner = previous[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            line[i] = (line[i] + pred) & 0xFF
