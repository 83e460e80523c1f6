"""The brief: format v1 as typed structures. This module is the contract for every other one.

The same Structs validate the YAML (through `brief.load`), generate the JSON Schema (`brief schema`)
and serve as the in-memory model for search, rendering and export. Key names are fixed by format v1;
see docs/format.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from brief._msgspec import msgspec
from brief.dates import Interval, PartialDate

FORMAT_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$(?!\n)"  # `(?!\n)`: see Url
Slug = Annotated[
    str,
    msgspec.Meta(pattern=SLUG_PATTERN, description="lower-case letters, digits and single hyphens"),
]
Text = Annotated[str, msgspec.Meta(min_length=1)]
# `(?!\n)`: Python's `$` (msgspec checks with `re.search`) also matches before a final newline.
Url = Annotated[
    str, msgspec.Meta(pattern=r"^https?://[^\s\"'<>]+$(?!\n)", description="an http(s) address")
]
ActorKind = Literal[
    "person", "party", "government", "country", "organisation", "agreement", "event", "other"
]
ACTOR_KINDS: tuple[str, ...] = ActorKind.__args__  # type: ignore[attr-defined]
# Headings for actors grouped by kind, in the order every surface shows them.
ACTOR_KIND_HEADINGS: dict[str, str] = {
    "person": "People",
    "party": "Parties",
    "government": "Governments",
    "country": "Countries",
    "organisation": "Organisations",
    "agreement": "Agreements",
    "event": "Events",
    "other": "Other",
}

DATE_DESCRIPTION = "YYYY, YYYY-MM or YYYY-MM-DD; the precision written is kept"


class _Struct(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """Base: unknown keys are errors; defaults are left out when encoding. `gc=False`: a brief
    is a tree (no struct refers back to its parents), so the cycle collector need not track
    its hundreds of thousands of objects, which makes loading and collections faster.

    Each subclass repeats `kw_only=True` (msgspec does not inherit it), so required and optional
    fields can stand in a natural reading order.
    """


class Source(_Struct, kw_only=True):
    id: Slug
    title: Text
    author: str | None = None
    published: PartialDate | None = None
    publisher: str | None = None
    url: Url | None = None
    note: str | None = None


class Actor(_Struct, kw_only=True):
    id: Slug
    name: Text
    kind: ActorKind = "other"
    role: str | None = None
    country: str | None = None
    aliases: list[Text] = msgspec.field(default_factory=list)

    def names(self) -> list[str]:
        """Every name the actor answers to, for `actor:` queries."""
        return [self.id, self.name, *self.aliases]


class Point(_Struct, kw_only=True):
    id: Slug | None = None
    date: PartialDate | None = None
    end: PartialDate | None = None
    approx: bool = False
    expected: bool = False
    text: Text
    actors: list[Slug] = msgspec.field(default_factory=list)
    tags: list[Slug] = msgspec.field(default_factory=list)
    sources: list[Slug] = msgspec.field(default_factory=list)

    def interval(self) -> Interval | None:
        return Interval.of(self.date, self.end) if self.date else None


class Section(_Struct, kw_only=True):
    id: Slug
    title: Text
    summary: str = ""
    points: list[Point] = msgspec.field(default_factory=list)


class Figure(_Struct, kw_only=True):
    id: Slug | None = None
    label: Text
    value: float
    unit: str | None = None
    change: str | None = None
    period: str | None = None
    note: str | None = None
    approx: bool = False
    section: Slug | None = None
    actors: list[Slug] = msgspec.field(default_factory=list)
    tags: list[Slug] = msgspec.field(default_factory=list)
    sources: list[Slug] = msgspec.field(default_factory=list)

    def value_text(self) -> str:
        """865 -> "865", 4.5 -> "4.5", with the unit when there is one. A calendar year reads
        as one ("1960", not "1,960 year"); other numbers of "year" take the plural ("5 years")."""
        whole = self.value == int(self.value)
        if self.unit == "year" and whole and 1000 <= self.value <= 9999:
            return str(int(self.value))
        number = f"{self.value:,.0f}" if whole else f"{self.value:,}"
        if self.unit == "year" and self.value != 1:
            return f"{number} years"
        return f"{number} {self.unit}" if self.unit else number


class Event(_Struct, kw_only=True):
    id: Slug | None = None
    date: PartialDate
    end: PartialDate | None = None
    approx: bool = False
    expected: bool = False
    key: Annotated[
        bool,
        msgspec.Meta(description="one of the few events the brief turns on; summaries show these"),
    ] = False
    title: Text
    text: str = ""
    section: Slug | None = None
    actors: list[Slug] = msgspec.field(default_factory=list)
    tags: list[Slug] = msgspec.field(default_factory=list)
    sources: list[Slug] = msgspec.field(default_factory=list)

    def interval(self) -> Interval:
        return Interval.of(self.date, self.end)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.date.start, self.date._key(), self.title)


def default_id(kind: str, n: int, section: str = "") -> str:
    """The id of the n-th (from 1, in file order) point of `section`, figure or event written
    without one: `<section>-p<n>`, `f<n>`, `e<n>`. The loader gives items these ids; search and
    selection name items of briefs built in code the same way."""
    if kind == "point":
        return f"{section}-p{n}"
    if kind in ("figure", "event"):
        return f"{kind[0]}{n}"
    raise ValueError(f"a {kind} always has an id")


class LintConfig(_Struct, kw_only=True):
    ignore: list[str] = msgspec.field(default_factory=list)


class Brief(_Struct, kw_only=True):
    format: Literal[1]
    id: Slug
    title: Text
    as_of: PartialDate
    sources: Annotated[list[Source], msgspec.Meta(min_length=1)]
    subtitle: str | None = None
    summary: str = ""
    actors: list[Actor] = msgspec.field(default_factory=list)
    sections: list[Section] = msgspec.field(default_factory=list)
    figures: list[Figure] = msgspec.field(default_factory=list)
    timeline: list[Event] = msgspec.field(default_factory=list)
    lint: LintConfig | None = None

    # Lookups. Briefs are small enough that building these dicts on demand is cheap; callers that
    # loop should hold on to the dict.
    def actor_map(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    def source_map(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    def section_map(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    def events_in_order(self) -> list[Event]:
        """The timeline sorted by date; the order in the file does not matter."""
        return sorted(self.timeline, key=Event.sort_key)

    def points(self) -> Iterator[tuple[Section, Point]]:
        for section in self.sections:
            for point in section.points:
                yield section, point

    def counts(self) -> dict[str, int]:
        return {
            "sections": len(self.sections),
            "points": sum(len(s.points) for s in self.sections),
            "events": len(self.timeline),
            "figures": len(self.figures),
            "actors": len(self.actors),
            "sources": len(self.sources),
        }

    def source_numbers(self) -> dict[str, int]:
        """Reference numbers [1], [2]… in the order sources are listed."""
        return {s.id: n for n, s in enumerate(self.sources, 1)}


def dec_hook(type_: type, obj: Any) -> Any:
    """msgspec hook: YAML scalars arrive as strings; dates become PartialDate."""
    if type_ is PartialDate:
        if isinstance(obj, PartialDate):
            return obj
        if isinstance(obj, str):
            return PartialDate.parse(obj)
        raise TypeError(f"expected a date, got {type(obj).__name__}")
    raise NotImplementedError(f"no conversion to {type_!r}")


def enc_hook(obj: Any) -> Any:
    """msgspec hook: dates encode as written, keeping their precision."""
    if isinstance(obj, PartialDate):
        return str(obj)
    raise NotImplementedError(f"cannot encode {type(obj).__name__}")


def schema_hook(type_: type) -> dict[str, Any]:
    if type_ is PartialDate:
        # Editors read an unquoted `date: 2026` as an integer (YAML 1.2); brief itself reads every
        # scalar as text, so both spellings of a year are the same date.
        return {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ],
            "description": DATE_DESCRIPTION,
        }
    raise NotImplementedError


def to_builtins(obj: Any) -> Any:
    """The normalised brief (or part of it) as plain JSON-ready data, keys in a stable order."""
    return msgspec.to_builtins(obj, enc_hook=enc_hook)


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of format v1, generated from the model."""
    schema = msgspec.json.schema(Brief, schema_hook=schema_hook)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://brief.invalid/schema/brief-v1.json",
        "title": "brief format v1",
        **schema,
    }
