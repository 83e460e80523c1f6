"""Loading: our loader against libyaml's raw event parse, and msgspec against pydantic v2.

Issue 2's target: loading and validating a library takes at most 2× libyaml's raw event-parse
time (`for _ in yaml.parse(f, Loader=yaml.CSafeLoader)`) on the same files, measured side by side
in one run. The library is generated (benchmarks/generate.py): 10 briefs of 2,500 events, about
12 MB (BENCH_QUICK: 2 briefs of 500 events).

The second row is the evidence behind the schema library: the same plain data validated into the
same model by msgspec (ours) and by pydantic v2 (the reference), the fastest of several runs each.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml

from benchmarks.common import DATA, QUICK, Row
from benchmarks.generate import write_library

BRIEFS, EVENTS = (2, 500) if QUICK else (10, 2500)
REPEAT = 3 if QUICK else 5


def library_dir() -> Path:
    """The generated library, written once and reused (the generator is deterministic)."""
    directory = DATA / f"load-{BRIEFS}x{EVENTS}"
    if len(list(directory.glob("*.yaml"))) != BRIEFS:
        write_library(directory, BRIEFS, EVENTS)
    return directory


def side_by_side(
    ours: Callable[[], object], reference: Callable[[], object]
) -> tuple[float, float]:
    """Fastest of REPEAT alternating runs of each, so both see the same machine load."""
    best = [float("inf"), float("inf")]
    for _ in range(REPEAT):
        for i, fn in enumerate((ours, reference)):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best[0], best[1]


def bench_load(directory: Path) -> Row:
    from brief.library import load_library

    paths = sorted(directory.glob("*.yaml"))
    size = sum(p.stat().st_size for p in paths) / 1e6

    def raw_parse() -> None:
        for path in paths:
            for _ in yaml.parse(path.read_bytes(), Loader=yaml.CSafeLoader):
                pass

    def ours() -> None:
        # Time the loader itself, not the warm-start cache (bench_search measures that).
        os.environ["BRIEF_NO_CACHE"] = "1"
        try:
            library = load_library([str(directory)])
        finally:
            del os.environ["BRIEF_NO_CACHE"]
        assert len(library.briefs) == len(paths), library.broken

    mine, reference = side_by_side(ours, raw_parse)
    return Row(
        f"load_library vs raw libyaml parse, {BRIEFS * EVENTS:,} events ({size:.0f} MB)",
        mine,
        reference,
        "s",
        "≤ 2×",
    )


_PYDANTIC_DATES: dict[str, Any] = {}  # emptied before each run, like the loader's per-file cache


def _pydantic_brief() -> Any:
    """The format v1 model, written for pydantic v2: the same fields and constraints."""
    from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

    from brief.dates import PartialDate
    from brief.model import SLUG_PATTERN, ActorKind

    cache = _PYDANTIC_DATES

    def to_date(value: Any) -> PartialDate:
        if isinstance(value, str):
            date = cache.get(value)
            if date is None:
                date = cache[value] = PartialDate.parse(value)
            return date
        raise ValueError("expected a date")

    # pydantic's regex engine (Rust) has no look-ahead, and its `$` is the end of the text
    # already: the model's `(?!\n)` guard is Python's alone.
    Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN.removesuffix(r"(?!\n)"))]
    Text = Annotated[str, StringConstraints(min_length=1)]
    Date = Annotated[Any, BeforeValidator(to_date)]

    class Model(BaseModel):
        model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    class Source(Model):
        id: Slug
        title: Text
        author: str | None = None
        published: Date | None = None
        publisher: str | None = None
        url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s\"'<>]+$")] | None = None
        note: str | None = None

    class Actor(Model):
        id: Slug
        name: Text
        kind: ActorKind = "other"
        role: str | None = None
        country: str | None = None
        aliases: list[Text] = Field(default_factory=list)

    class Point(Model):
        id: Slug | None = None
        date: Date | None = None
        end: Date | None = None
        approx: bool = False
        expected: bool = False
        text: Text
        actors: list[Slug] = Field(default_factory=list)
        tags: list[Slug] = Field(default_factory=list)
        sources: list[Slug] = Field(default_factory=list)

    class Section(Model):
        id: Slug
        title: Text
        summary: str = ""
        points: list[Point] = Field(default_factory=list)

    class Figure(Model):
        id: Slug | None = None
        label: Text
        value: float
        unit: str | None = None
        change: str | None = None
        period: str | None = None
        note: str | None = None
        approx: bool = False
        section: Slug | None = None
        actors: list[Slug] = Field(default_factory=list)
        tags: list[Slug] = Field(default_factory=list)
        sources: list[Slug] = Field(default_factory=list)

    class Event(Model):
        id: Slug | None = None
        date: Date
        end: Date | None = None
        approx: bool = False
        expected: bool = False
        title: Text
        text: str = ""
        section: Slug | None = None
        actors: list[Slug] = Field(default_factory=list)
        tags: list[Slug] = Field(default_factory=list)
        sources: list[Slug] = Field(default_factory=list)

    class Brief(Model):
        format: Literal[1]
        id: Slug
        title: Text
        as_of: Date
        sources: Annotated[list[Source], Field(min_length=1)]
        subtitle: str | None = None
        summary: str = ""
        actors: list[Actor] = Field(default_factory=list)
        sections: list[Section] = Field(default_factory=list)
        figures: list[Figure] = Field(default_factory=list)
        timeline: list[Event] = Field(default_factory=list)

    return Brief


def bench_validation(directory: Path) -> Row | None:
    """msgspec (ours) against pydantic v2 on the same plain trees; None without pydantic."""
    try:
        brief_model = _pydantic_brief()
    except ImportError:
        return None
    import msgspec

    from brief.load import _build_plain, _date_hook
    from brief.model import Brief

    trees = [
        _build_plain(yaml.CSafeLoader(p.read_bytes())) for p in sorted(directory.glob("*.yaml"))
    ]
    for tree in trees:
        tree["format"] = int(tree["format"])  # pydantic's lax mode does not read "1" as Literal[1]

    def with_msgspec() -> None:
        for tree in trees:
            msgspec.convert(tree, Brief, strict=False, dec_hook=_date_hook({}))

    def with_pydantic() -> None:
        for tree in trees:
            _PYDANTIC_DATES.clear()
            brief_model.model_validate(tree)

    mine, reference = side_by_side(with_msgspec, with_pydantic)
    return Row(
        f"validate {BRIEFS * EVENTS:,} events: msgspec vs pydantic v2",
        mine,
        reference,
        "s",
        "msgspec ≤ pydantic: the evidence for the schema library",
    )


def run() -> list[Row]:
    directory = library_dir()
    rows = [bench_load(directory)]
    validation = bench_validation(directory)
    if validation is not None:
        rows.append(validation)
    return rows


if __name__ == "__main__":
    for row in run():
        print(
            f"{row.name}: ours {row.ours:.3f} {row.unit}, reference {row.reference:.3f} "
            f"{row.unit}, ratio {row.ratio:.2f}× (target {row.target})"
        )
