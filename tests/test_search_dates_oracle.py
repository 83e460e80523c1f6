"""Date qualifiers against a brute-force oracle.

Hypothesis writes briefs (events, points and sources dated at year, month or day precision, with
and without `end`, approx, expected, and undated items) and queries (`on:`, `from:`, `to:`,
`date:a..b`, open ranges, ORed and negated date clauses, mixed with words). The oracle below is
written from docs/search.md alone, with `datetime` and `calendar`: an item matches a date
qualifier when its interval at its written precision overlaps the qualifier's. It shares no code
with the engine (not even brief.dates), so a wrong rowid bound or overlap test cannot hide.

Each example runs against a fresh index, one serialised and reopened, and one updated in place
(`replace`) from an earlier version of the brief whose dates were all to the day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from brief.load import load_bytes
from brief.model import Brief
from brief.search import SearchIndex

BRIEF_ID = "gen"
# Words that no stemmer folds together, so the oracle can compare whole words.
VOCAB = ("alpha", "bravo", "delta", "kilo", "lima", "oscar", "tango", "zulu")
YEARS = (2019, 2020, 2021, 2022)

# --- the oracle -----------------------------------------------------------------------------

Interval = tuple[dt.date, dt.date]


def interval(text: str) -> Interval:
    """`2021` -> 1 Jan..31 Dec 2021; `2021-02` -> 1..28 Feb; `2021-02-03` -> that day."""
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = parts[1]
    if len(parts) == 2:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    day = dt.date(year, month, parts[2])
    return day, day


@dataclass(frozen=True)
class Item:
    kind: str
    id: str
    words: frozenset[str]
    date: str | None = None
    end: str | None = None

    def span(self) -> Interval | None:
        if self.date is None:
            return None
        return interval(self.date)[0], interval(self.end or self.date)[1]


@dataclass(frozen=True)
class DateAtom:
    name: str  # on, date, from, to
    first: str | None
    last: str | None  # date:a..b only
    negated: bool = False

    def text(self) -> str:
        value = self.first if self.name != "date" else f"{self.first or ''}..{self.last or ''}"
        return f"{'-' if self.negated else ''}{self.name}:{value}"

    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        if self.name == "on":
            assert self.first is not None
            return interval(self.first)
        if self.name == "from":
            assert self.first is not None
            return interval(self.first)[0], None
        if self.name == "to":
            assert self.first is not None
            return None, interval(self.first)[1]
        first = interval(self.first)[0] if self.first else None
        last = interval(self.last)[1] if self.last else None
        if first and last and last < first:  # a backwards range is turned round
            first, last = interval(self.last)[0], interval(self.first)[1]  # type: ignore[arg-type]
        return first, last

    def matches(self, item: Item) -> bool:
        span = item.span()
        if span is None:  # undated items never match a date, not even an excluded one
            return False
        first, last = self.bounds()
        overlaps = (first is None or span[1] >= first) and (last is None or span[0] <= last)
        return overlaps != self.negated

    @property
    def group(self) -> str:
        return "date" if self.name in ("on", "date") else self.name


@dataclass(frozen=True)
class WordAtom:
    word: str
    negated: bool = False

    def text(self) -> str:
        return f"{'-' if self.negated else ''}{self.word}"

    def matches(self, item: Item) -> bool:
        return (self.word in item.words) != self.negated


Atom = DateAtom | WordAtom


def query_text(clauses: list[list[Atom]]) -> str:
    return " ".join(" OR ".join(a.text() for a in clause) for clause in clauses)


def oracle(items: list[Item], clauses: list[list[Atom]]) -> set[tuple[str, str]]:
    """The items the query should find. docs/search.md: clauses are ANDed, OR joins atoms, and
    the same date qualifier repeated (`on:`/`date:`, `from:`, `to:`) is one ORed clause."""
    merged: list[list[Atom]] = []
    groups: dict[str, list[Atom]] = {}
    for clause in clauses:
        atom = clause[0]
        if len(clause) == 1 and isinstance(atom, DateAtom) and not atom.negated:
            if atom.group in groups:
                groups[atom.group].append(atom)
                continue
            groups[atom.group] = clause = list(clause)
        merged.append(clause)
    return {
        (item.kind, item.id)
        for item in items
        if all(any(atom.matches(item) for atom in clause) for clause in merged)
    }


# --- generated briefs -----------------------------------------------------------------------


@st.composite
def dates(draw: st.DrawFn, precision: str | None = None) -> str:
    precision = precision or draw(st.sampled_from(["year", "month", "day"]))
    year = draw(st.sampled_from(YEARS))
    if precision == "year":
        return str(year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return f"{year}-{month:02d}"
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return f"{year}-{month:02d}-{day:02d}"


@st.composite
def dated(draw: st.DrawFn, undated: bool, precision: str | None) -> tuple[str | None, str | None]:
    """(date, end): maybe none, maybe a period whose end does not fall before its date."""
    if undated and draw(st.booleans()):
        return None, None
    date = draw(dates(precision))
    if precision is None and draw(st.integers(0, 3)) == 0:
        end = draw(dates())
        if interval(end)[1] >= interval(date)[0]:
            return date, end
    return date, None


def words(draw: st.DrawFn) -> frozenset[str]:
    return frozenset(draw(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3)))


@st.composite
def briefs(draw: st.DrawFn, precision: str | None = None) -> tuple[str, list[Item]]:
    """YAML of a brief, and its items as the oracle sees them. `precision`: every date at it,
    without `end` (an earlier version of a brief, before an edit)."""
    items: list[Item] = []
    lines = ["format: 1", f"id: {BRIEF_ID}", "title: Generated", "as_of: 2021-06-01"]
    lines.append("sources:")
    for n in range(draw(st.integers(1, 3))):
        title = words(draw)
        published, _ = draw(dated(undated=True, precision=precision))
        lines += [f"  - id: s{n}", f"    title: {' '.join(sorted(title))}"]
        if published:
            lines.append(f'    published: "{published}"')
        items.append(Item("source", f"s{n}", title, published))
    lines += ["sections:", "  - id: main", "    title: Main", "    points:"]
    for n in range(draw(st.integers(0, 4))):
        text = words(draw)
        date, end = draw(dated(undated=True, precision=precision))
        lines.append(f"      - text: {' '.join(sorted(text))}")
        lines += [f'        date: "{date}"'] if date else []
        lines += [f'        end: "{end}"'] if end else []
        items.append(Item("point", f"main-p{n + 1}", text, date, end))
    lines += ["figures:", "  - label: zulu count", "    value: 1"]
    items.append(Item("figure", "f1", frozenset({"zulu", "count"})))
    lines.append("timeline:")
    for n in range(draw(st.integers(1, 12))):
        title = words(draw)
        date, end = draw(dated(undated=False, precision=precision))
        lines += [f"  - id: e{n}", f'    date: "{date}"', f"    title: {' '.join(sorted(title))}"]
        lines += [f'    end: "{end}"'] if end else []
        lines += ["    approx: true"] if draw(st.booleans()) else []
        lines += ["    expected: true"] if draw(st.integers(0, 4)) == 0 else []
        items.append(Item("event", f"e{n}", title, date, end))
    return "\n".join(lines) + "\n", items


@st.composite
def date_atoms(draw: st.DrawFn) -> DateAtom:
    name = draw(st.sampled_from(["on", "from", "to", "date", "date"]))
    negated = draw(st.integers(0, 4)) == 0
    if name != "date":
        return DateAtom(name, draw(dates()), None, negated)
    first = draw(st.none() | dates())
    last = draw(dates()) if first is None else draw(st.none() | dates())
    return DateAtom(name, first, last, negated)


word_atoms = st.builds(WordAtom, st.sampled_from(VOCAB), st.booleans())
clauses = st.one_of(
    date_atoms().map(lambda a: [a]),
    date_atoms().map(lambda a: [a]),
    word_atoms.map(lambda a: [a]),
    st.lists(st.one_of(date_atoms(), word_atoms), min_size=2, max_size=3),
)
queries = st.lists(clauses, min_size=1, max_size=3)


# --- the three ways to get an index ---------------------------------------------------------


def load(text: str) -> Brief:
    return load_bytes(text.encode(), f"{BRIEF_ID}.yaml")


def indexes(brief: Brief, earlier: Brief) -> dict[str, SearchIndex]:
    reopened = SearchIndex.from_bytes(SearchIndex([brief]).to_bytes(), [brief])
    updated = SearchIndex([earlier])
    updated.replace(brief)
    # The cache's path: an index reopened from bytes, then one brief replaced.
    cached = SearchIndex.from_bytes(SearchIndex([earlier]).to_bytes(), [earlier])
    cached.replace(brief)
    return {"fresh": SearchIndex([brief]), "reopened": reopened, "updated": updated,
            "reopened+updated": cached}  # fmt: skip


def found(index: SearchIndex, query: str) -> set[tuple[str, str]]:
    return {(r.kind, r.id) for r in index.search(query, limit=None, order="time")}


def check(brief_yaml: str, items: list[Item], earlier_yaml: str, query: list[list[Atom]]) -> None:
    text = query_text(query)
    expected = oracle(items, query)
    for how, index in indexes(load(brief_yaml), load(earlier_yaml)).items():
        assert found(index, text) == expected, f"{how} index, query {text!r}"


# The example that found the bug: a year-only event, no `end` anywhere, `on:` a month of it.
BUG_BRIEF = """\
format: 1
id: gen
title: Generated
as_of: 2021-06-01
sources:
  - id: s0
    title: alpha
figures:
  - label: zulu count
    value: 1
timeline:
  - id: e0
    date: "2019"
    title: alpha
"""
BUG_ITEMS = [
    Item("source", "s0", frozenset({"alpha"})),
    Item("figure", "f1", frozenset({"zulu", "count"})),
    Item("event", "e0", frozenset({"alpha"}), "2019"),
]
BUG_EARLIER = BUG_BRIEF.replace('"2019"', '"2019-01-01"')


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples on every run: no flakes under load, no database
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example(
    brief=(BUG_BRIEF, BUG_ITEMS),
    earlier=(BUG_EARLIER, []),
    query=[[DateAtom("on", "2019-03", None)]],
)
@given(brief=briefs(), earlier=briefs(precision="day"), query=queries)
def test_date_qualifiers_match_the_oracle(
    brief: tuple[str, list[Item]], earlier: tuple[str, list[Item]], query: list[list[Atom]]
) -> None:
    check(brief[0], brief[1], earlier[0], query)


# --- the repro, explicitly ----------------------------------------------------------

COARSE = """\
format: 1
id: gen
title: Coarse dates, and no end anywhere
as_of: 2025-10-01
sources:
  - id: s0
    title: a source
timeline:
  - id: y2025
    date: "2025"
    title: alpha
  - id: y2016
    date: "2016"
    title: bravo
  - id: m2022
    date: 2022-07
    title: delta
  - id: d2025
    date: 2025-01-15
    title: kilo
  - id: d2022
    date: 2022-07-30
    title: lima
"""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("on:2025-03", {"y2025"}),
        ("on:2016-05", {"y2016"}),
        ("from:2016-06", {"y2016", "m2022", "d2022", "y2025", "d2025"}),
        ("date:2016-12-31..2017", {"y2016"}),
        ("on:2022-07-04", {"m2022"}),
        ("on:2022-07", {"m2022", "d2022"}),
        ("on:2025-03 OR on:2016-05", {"y2016", "y2025"}),
        ("alpha on:2025-12-31", {"y2025"}),
    ],
)
def test_coarse_dates_without_any_end(query: str, expected: set[str]) -> None:
    brief = load(COARSE)
    earlier = load(COARSE.replace('"2025"', "2025-01-01").replace('"2016"', "2016-01-01"))
    for how, index in indexes(brief, earlier).items():
        assert {r.id for r in index.timeline(BRIEF_ID, query)} == expected, how
