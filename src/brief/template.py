"""The starter brief that `brief new` writes.

It validates as written, and every full-line comment after `format: 1` is an example an author
can uncomment as it stands (tests/test_new.py uncomments them all and loads the result), so the
examples cannot drift from the format.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from brief.model import SLUG_PATTERN

SCHEMA_NAME = "brief.schema.json"
STANDARD_SECTIONS: tuple[tuple[str, str], ...] = (
    ("diplomacy", "Diplomacy"),
    ("defence", "Defence"),
    ("economy-culture", "Economy & Culture"),
    ("challenges", "Challenges"),
)

_SLUG_RE = re.compile(SLUG_PATTERN)


class TemplateError(ValueError):
    """A slug or title `brief new` cannot use; the message says how to fix it."""


def check_slug(slug: str) -> str:
    if _SLUG_RE.fullmatch(slug):
        return slug
    suggestion = slugify(slug)
    hint = f"; try {suggestion!r}" if suggestion and suggestion != slug else ""
    raise TemplateError(
        f"{slug!r} is not a valid brief id: use lower-case letters, digits and single "
        f"hyphens, like 'india-china'{hint}"
    )


def check_title(title: str) -> str:
    if not title.strip():
        raise TemplateError("the title is empty; give one with --title")
    return title


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def default_title(slug: str) -> str:
    """ "india-china" -> "India China": a placeholder the author will rewrite."""
    return " ".join(word.capitalize() for word in slug.split("-"))


def schema_reference(directory: Path) -> tuple[str, bool]:
    """The modeline's schema path, relative to the new file, and whether that file exists.

    The nearest `brief.schema.json` in the directory or above it wins (the repo keeps one in
    `briefs/`); without one the modeline names `./brief.schema.json`, which `brief schema -o`
    can create. The `./` matches the bundled briefs' modeline; the path works either way.
    """
    directory = directory.resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / SCHEMA_NAME
        if candidate.is_file():
            relative = Path(os.path.relpath(candidate, directory)).as_posix()
            return relative if relative.startswith("../") else f"./{relative}", True
    return f"./{SCHEMA_NAME}", False


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, so any title survives intact,
    # including one that looks like a number, a date or `no`.
    return json.dumps(text, ensure_ascii=False)


def render(slug: str, title: str, *, schema: str, today: dt.date | None = None) -> str:
    """The starter brief's YAML text."""
    check_slug(slug)
    check_title(title)
    today = today or dt.date.today()
    sections = "".join(
        _section(i, sid, stitle) for i, (sid, stitle) in enumerate(STANDARD_SECTIONS)
    )
    return _TEMPLATE.format(
        schema=schema,
        slug=slug,
        title=_quoted(title),
        as_of=today.isoformat(),
        next_year=today.year + 1,
        sections=sections,
    )


def _section(index: int, section_id: str, title: str) -> str:
    text = f'  - id: {section_id}\n    title: {title}\n    summary: ""\n'
    # One example of a point is enough; it goes in the first section.
    return text + (_POINT_EXAMPLE if index == 0 else "")


_POINT_EXAMPLE = """\
    # points:
    #   - text: What happened or what it means, in your own words.
    #     date: 2025-08
    #     actors: [jane-doe]
    #     tags: [visit]
    #     sources: [first-source]
"""

_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A new brief. Replace the TODOs, uncomment the examples (delete the `# `) and edit them.
# `brief validate` checks the format; `brief lint` lists what is still missing.
# Dates are YYYY, YYYY-MM or YYYY-MM-DD, written at the precision you know.
format: 1
id: {slug}
title: {title}
subtitle: "TODO: one line under the title"
as_of: {as_of}  # the date the brief reflects
summary: |  # the thesis and outlook in a few sentences; the Overview shows it first
  TODO: summarise the brief.

sources:  # at least one; points, events and figures cite them by id
  - id: first-source
    title: "TODO: the title of your first source"
    # author: Jane Doe
    # published: 2025-10-23
    # publisher: The Daily Example
    # url: https://example.org/article
    # note: the author's affiliation

# actors:
#   - id: jane-doe
#     name: Jane Doe
#     kind: person  # person, party, government, country, organisation, agreement, event, other
#     role: Foreign Minister
#     country: Examplia
#     aliases: [Doe]

sections:  # in order; each becomes a tab in the app
{sections}
# figures:
#   - label: Bilateral trade
#     value: 865
#     unit: USD million
#     change: "+20%"
#     period: FY2024-25
#     section: economy-culture
#     sources: [first-source]

# timeline:
#   - date: 2025-08-23
#     end: 2025-08-24  # optional, for a period
#     title: Foreign minister visits
#     key: true  # one of the few events the brief turns on: `--summary` shows these
#     text: What happened, in a sentence or two.
#     section: diplomacy
#     actors: [jane-doe]
#     tags: [visit]
#     sources: [first-source]
#   - date: {next_year}
#     expected: true  # anticipated, not yet happened
#     approx: true  # the date is inferred; say why in the text
#     title: Next elections
#     sources: [first-source]
"""
