"""Hostile payloads shared by the security tests, and briefs that carry them in every field.

Terminal payloads are written as YAML double-quoted escapes, so the file itself is valid YAML and
the loader really does produce ESC, BEL, C1 and bidi characters (which it must then replace).
Markup payloads are plain text that Rich or Textual would interpret if anything parsed them.
"""

from __future__ import annotations

import json
from pathlib import Path

# name -> YAML double-quoted escape text. Every class the issue lists, and a few more.
TERMINAL: dict[str, str] = {
    "osc_title": r"\e]0;pwned\a",  # window title
    "osc52_clipboard": r"\e]52;c;cHduZWQ=\a",  # clipboard write
    "osc8_link": r"\e]8;;http://x\e\\link\e]8;;\e\\",  # hyperlink
    "c1_csi_osc": r"\x9b31m\x9d0;t\x9c\x90q\x9c",  # 8-bit CSI, OSC, ST, DCS
    "bidi": r"\u202eevil\u2066x\u2069",
    "zero_width": r"a\u200bb\u2060c\ufeffd",
    "reset": r"\ec",
    "dcs": r"\eP1$qm\e\\",
    "apc": r"\e_Gf=100;AAAA\e\\",
    "pm": r"\e^privacy\e\\",
    "sos": r"\eXstring\e\\",
    "csi_clear": r"\e[2J\e[H\e[?1049l",
    "del_nul_nel": r"\x7f\0\N\L\P",
}
ALL_TERMINAL = "".join(TERMINAL.values())

# Markup and action payloads (Rich and Textual markup; escape() does not neutralise the last
# three, and malformed closing tags raise MarkupError in a widget that parses them).
MARKUP: list[str] = [
    "[bold]x[/]",
    "[/]",
    "[/bold]",
    "[@click=app.quit]click me[/]",
    "[$accent @click=app.quit]x[/]",
    "[ @click=app.bell]",
    "[link=file:///etc/passwd]x[/link]",
]
ALL_MARKUP = " ".join(MARKUP)


def q(text: str) -> str:
    """A YAML double-quoted scalar for text that holds no escapes (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def brief_yaml(payload: str, *, escaped: bool = False, brief_id: str = "payload") -> str:
    """A brief whose every string field is `<field> <payload>`; three sections, two events.

    `escaped`: `payload` is YAML escape text (TERMINAL), put between double quotes as is.
    Tags, ids and URLs are slugs or checked addresses, so no payload can go there: the schema
    refuses it (tests/hostile covers those refusals).
    """

    def s(field: str) -> str:
        return f'"{field} {payload}"' if escaped else q(f"{field} {payload}")

    return f"""\
format: 1
id: {brief_id}
title: {s("TITLE")}
subtitle: {s("SUBTITLE")}
as_of: 2025-10
summary: {s("SUMMARY")}
sources:
  - id: s1
    title: {s("SOURCETITLE")}
    author: {s("AUTHOR")}
    publisher: {s("PUBLISHER")}
    note: {s("NOTE")}
    url: "https://example.org/a?x=1&y=2"
actors:
  - id: a1
    name: {s("ACTORNAME")}
    kind: person
    role: {s("ROLE")}
    country: {s("COUNTRY")}
    aliases: [{s("ALIAS")}]
sections:
  - id: one
    title: {s("SECTIONONE")}
    summary: {s("SECTIONSUMMARY")}
    points:
      - text: {s("POINTTEXT")}
        date: 2025-08
        actors: [a1]
        tags: [visit]
        sources: [s1]
  - id: two
    title: {s("SECTIONTWO")}
    points:
      - text: {s("POINTTWO")}
figures:
  - label: {s("FIGURELABEL")}
    value: 1.5
    unit: {s("UNIT")}
    change: {s("CHANGE")}
    period: {s("PERIOD")}
    note: {s("FIGURENOTE")}
    section: one
    sources: [s1]
timeline:
  - date: 2025-08-23
    title: {s("EVENTTITLE")}
    text: {s("EVENTTEXT")}
    section: one
    actors: [a1]
    tags: [visit]
    sources: [s1]
  - date: 2025-09
    title: {s("EVENTTWO")}
    section: two
"""


def write_brief(directory: Path, payload: str, *, escaped: bool = False, name: str = "payload"):
    """Write `brief_yaml(...)` to DIRECTORY/NAME.yaml and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.yaml"
    path.write_text(brief_yaml(payload, escaped=escaped, brief_id=name), encoding="utf-8")
    return path
