"""The script that takes the README's pictures of the app still gets each to its state."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

import pytest

from tests.screenshots import PICTURES, take

# Text each picture must show: the query's matches in the panel; the lanes' zoom keys.
SHOWS = {"screenshot.svg": "Pakistan recognises Bangladesh", "lanes.svg": "Zoom in"}


@pytest.mark.parametrize(("name", "size", "steps"), PICTURES, ids=[p[0] for p in PICTURES])
def test_a_readme_picture_is_taken(name, size, steps, tmp_path: Path) -> None:
    picture = asyncio.run(take(name, size, steps, tmp_path))
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", picture.read_text(encoding="utf-8"))
    shown = "".join(html.unescape(t).replace("\xa0", " ") for t in texts)
    assert SHOWS[name] in shown
