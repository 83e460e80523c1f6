"""Lint: quality checks on a brief that is already valid.

`brief validate` answers "can this file be loaded?"; lint answers "is this brief well made?".
Each rule has an id, a one-line explanation and a fix hint. Findings are located at the
line and column of the item they are about, found by re-reading the file's YAML node tree
(`Positions`), so rules work on the typed model and only pay for positions when they report.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from brief.dates import Interval, PartialDate
from brief.errors import Problem
from brief.load import Marks, check_file, file_marks
from brief.model import Brief, Event, Figure, Point
from brief.text import one_line

# The Overview shows the summary above the key figures; past about 1,200 characters (roughly
# 200 words, four short paragraphs) it pushes them below the fold of an 80x24 terminal.
SUMMARY_LIMIT = 1200
# difflib ratios. Tags are short slugs, where one slip costs a lot of ratio: 0.8 catches
# "visti"/"visit", "visa"/"visas" and "defence"/"defense". Titles are sentences, and two events
# on one date with titles 85% alike are almost always the same event entered twice.
TAG_TYPO_RATIO = 0.8
TITLE_DUPLICATE_RATIO = 0.85
# A brief with more events than this needs some marked `key` to make a good summary.
KEY_EVENTS_FROM = 20
# Bounds that keep lint near-linear on hostile briefs (issue 15). An event is compared with at
# most SAME_DATE_COMPARED earlier events of its date, on the first TITLE_COMPARED characters of
# the titles, and at most TITLE_RATIOS full difflib ratios (~0.3 ms each for 52 letters) are
# worked out for a brief: 2,600 events on one date, titles of the same letters shuffled, took
# minutes. A tag used once is checked against at most TAG_CANDIDATES tags one edit away
# (comparing it with every tag took 72 s for 4,000 tags).
SAME_DATE_COMPARED = 10
TITLE_COMPARED = 200
TITLE_RATIOS = 2_000
# Findings of one rule listed one by one in a file, then one line for the rest (a brief of
# 21,000 events gave 3 MB of findings), as the loader caps its problems.
MAX_FINDINGS = 100
TAG_CANDIDATES = 20


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    explanation: str
    hint: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "missing-source",
            "A point, event or figure cites no source.",
            "Add `sources: [ID]` naming an entry of the top-level `sources` list.",
        ),
        Rule(
            "unused-actor",
            "An actor is defined but no point, event or figure refers to it.",
            "Refer to it in an item's `actors: [...]`, or delete the actor.",
        ),
        Rule(
            "tag-typo",
            "A tag is used only once and looks like a misspelling of another tag.",
            "Use the suggested tag, or keep it and add it to `lint: {ignore: [tag-typo]}`.",
        ),
        Rule(
            "future-not-expected",
            "An item is dated after the brief's `as_of` date but not marked `expected`.",
            "Add `expected: true` if it is anticipated, or correct the date or `as_of`.",
        ),
        Rule(
            "expected-in-past",
            "An item marked `expected: true` is dated before the brief's `as_of` date.",
            "Remove `expected: true` if it has happened, or correct the date.",
        ),
        Rule(
            "empty-section",
            "A section has no points.",
            "Add points to the section, or remove the section.",
        ),
        Rule(
            "duplicate-event",
            "Two timeline events share a date and have near-identical titles.",
            "Merge the two events, or make their titles say how they differ.",
        ),
        Rule(
            "empty-summary",
            "The brief has no top-level summary for the Overview.",
            "Add `summary:` with the brief's thesis and outlook in a few sentences.",
        ),
        Rule(
            "long-summary",
            f"The top-level summary is longer than the Overview shows well "
            f"({SUMMARY_LIMIT:,} characters).",
            "Shorten it to a few sentences; move detail into section summaries or points.",
        ),
        Rule(
            "key-events",
            f"More than {KEY_EVENTS_FROM} timeline events and none marked `key`: the one-page "
            "summary falls back to the latest ones.",
            "Mark the few events the brief turns on with `key: true`.",
        ),
        Rule(
            "unknown-rule",
            "The brief's `lint: {ignore: [...]}` names a rule that does not exist.",
            "Correct the rule id; `brief lint --list-rules` lists them.",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint result, located 1-based in `path` (0 when the position is unknown)."""

    rule: str
    path: str
    line: int
    col: int
    message: str

    @property
    def hint(self) -> str:
        return RULES[self.rule].hint

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message} [{self.rule}]"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "rule": self.rule,
            "message": self.message,
            "hint": self.hint,
        }


class UnknownRuleError(ValueError):
    """A rule id that is not in RULES; the message suggests the closest one."""


def check_rule_ids(ids: Iterable[str]) -> list[str]:
    """Return the ids, stripped and de-duplicated; raise UnknownRuleError on the first unknown."""
    known: list[str] = []
    for rule_id in (i.strip() for i in ids):
        if not rule_id:
            continue
        if rule_id not in RULES:
            raise UnknownRuleError(f"unknown lint rule {rule_id!r}{_did_you_mean(rule_id)}")
        if rule_id not in known:
            known.append(rule_id)
    return known


def _did_you_mean(word: str) -> str:
    close = difflib.get_close_matches(word, RULES, n=1)
    return f"; did you mean {close[0]!r}?" if close else "; see `brief lint --list-rules`"


# --- positions --------------------------------------------------------------------------------

KeyPath = tuple[str | int, ...]


class Positions:
    """1-based (line, col) of keys and list items in a brief file, by key path.

    Rules run on the model, which has no positions: the loader records every key path's mark
    while it builds the file (`brief.load.Marks`), looked up once per finding. A key is marked
    where the key is written, which is where an author looks; an item where it starts.
    """

    def __init__(self, marks: Marks) -> None:
        self._marks = marks

    @classmethod
    def of_file(cls, path: str | Path) -> Positions:
        """A file that changed since it loaded and no longer parses has no marks: its findings
        go at 0:0."""
        return cls(file_marks(path))

    def locate(self, key_path: KeyPath) -> tuple[int, int]:
        """The position of `key_path`, or of its nearest ancestor that is in the file (a
        missing `sources` key is reported at the item that lacks it)."""
        keys, values = self._marks.keys, self._marks.values
        for n in range(len(key_path), -1, -1):
            prefix = key_path[:n]
            mark = keys.get(prefix) or values.get(prefix)
            if mark is not None:
                return mark
        return (0, 0)


# --- the rules --------------------------------------------------------------------------------

# Each check yields (rule id, key path of the item, message). Key paths index the file's YAML
# (`("timeline", 3)`), which works because the model keeps every list in file order.

Hit = tuple[str, KeyPath, str]


def _sourced_items(brief: Brief) -> Iterator[tuple[KeyPath, str, Point | Event | Figure]]:
    for s, section in enumerate(brief.sections):
        for p, point in enumerate(section.points):
            yield ("sections", s, "points", p), f"point {_quote(point.text)}", point
    for i, event in enumerate(brief.timeline):
        yield ("timeline", i), f"event {_quote(event.title)}", event
    for i, figure in enumerate(brief.figures):
        yield ("figures", i), f"figure {_quote(figure.label)}", figure


def _dated_items(brief: Brief) -> Iterator[tuple[KeyPath, str, Point | Event]]:
    for s, section in enumerate(brief.sections):
        for p, point in enumerate(section.points):
            if point.date is not None:
                yield ("sections", s, "points", p), f"point {_quote(point.text)}", point
    for i, event in enumerate(brief.timeline):
        yield ("timeline", i), f"event {_quote(event.title)}", event


def check_missing_source(brief: Brief) -> Iterator[Hit]:
    for path, what, item in _sourced_items(brief):
        if not item.sources:
            yield "missing-source", path, f"{what} cites no source"


def check_unused_actor(brief: Brief) -> Iterator[Hit]:
    used = {a for _, _, item in _sourced_items(brief) for a in item.actors}
    for i, actor in enumerate(brief.actors):
        if actor.id not in used:
            yield "unused-actor", ("actors", i), f"actor {actor.id!r} is never referred to"


def check_tag_typo(brief: Brief) -> Iterator[Hit]:
    # Tag occurrences in file order, so that of two tags used once each only the later one is
    # reported (as a typo of the earlier), not both.
    occurrences: list[tuple[str, KeyPath]] = [
        (tag, (*path, "tags", t))
        for path, _, item in _sourced_items(brief)
        for t, tag in enumerate(item.tags)
    ]
    counts = Counter(tag for tag, _ in occurrences)
    first_seen = {tag: n for n, (tag, _) in reversed(list(enumerate(occurrences)))}
    # A typo is one edit away: a letter added, dropped, changed, or two swapped. Two such tags
    # share the tag itself or a one-letter deletion of it, so an index of those finds the
    # candidates without comparing every pair of tags.
    near: dict[str, list[str]] = {}
    for tag in counts:
        for key in _deletions(tag):
            near.setdefault(key, []).append(tag)
    for tag, path in occurrences:
        if counts[tag] != 1:
            continue
        others = {
            t
            for key in _deletions(tag)
            for t in near[key]
            if t != tag and (counts[t] > 1 or first_seen[t] < first_seen[tag])
        }
        # The most used first: a typo is most likely of a tag used often.
        ranked = sorted(others, key=lambda t: (-counts[t], first_seen[t]))[:TAG_CANDIDATES]
        best = next((t for t in ranked if _alike(tag, t, TAG_TYPO_RATIO)), None)
        if best is not None:
            yield (
                "tag-typo",
                path,
                f"tag {tag!r} is used once; did you mean {best!r} (used {counts[best]}x)?",
            )


def _deletions(tag: str) -> set[str]:
    """The tag and each string made by dropping one of its characters."""
    return {tag, *(tag[:i] + tag[i + 1 :] for i in range(len(tag)))}


def check_dates_vs_as_of(brief: Brief) -> Iterator[Hit]:
    # Dates are intervals at their precision ("2025-07" is all of July), so "after as_of" means
    # the item starts after the last day as_of covers, and "before" that it ends before the
    # first. An item that overlaps as_of (an event in "2025" for as_of 2025-10-23) is neither.
    as_of = Interval.of(brief.as_of)
    assert as_of.first is not None and as_of.last is not None
    for path, what, item in _dated_items(brief):
        assert item.date is not None
        span = Interval.of(item.date, item.end)
        assert span.first is not None and span.last is not None
        when = _date_text(item.date, item.end)
        if not item.expected and span.first > as_of.last:
            yield (
                "future-not-expected",
                path,
                f"{what} ({when}) is after as_of {brief.as_of} but not marked expected",
            )
        elif item.expected and span.last < as_of.first:
            yield (
                "expected-in-past",
                path,
                f"{what} ({when}) is marked expected but ends before as_of {brief.as_of}",
            )


def _date_text(start: PartialDate, end: PartialDate | None) -> str:
    return f"{start}..{end}" if end is not None and end != start else str(start)


def check_empty_section(brief: Brief) -> Iterator[Hit]:
    for s, section in enumerate(brief.sections):
        if not section.points:
            yield "empty-section", ("sections", s), f"section {section.id!r} has no points"


def check_duplicate_event(brief: Brief) -> Iterator[Hit]:
    seen: dict[PartialDate, list[tuple[int, str, Counter[str], Event]]] = {}
    budget = TITLE_RATIOS
    cutoff = TITLE_DUPLICATE_RATIO
    for i, event in enumerate(brief.timeline):
        title = event.title[:TITLE_COMPARED].casefold()
        letters = Counter(title)
        earlier = seen.setdefault(event.date, [])
        for j, other_title, other_letters, other in earlier[-SAME_DATE_COMPARED:]:
            # difflib's quick_ratio (shared letters), with each title's letters counted once.
            total = len(title) + len(other_title)
            if not total or 2 * (letters & other_letters).total() < cutoff * total:
                continue
            if budget <= 0:
                break
            budget -= 1
            if difflib.SequenceMatcher(None, title, other_title).ratio() >= cutoff:
                yield (
                    "duplicate-event",
                    ("timeline", i),
                    f"event {_quote(event.title)} repeats event {j + 1} of the timeline "
                    f"({_quote(other.title)}, same date {event.date})",
                )
                break
        earlier.append((i, title, letters, event))


def _alike(a: str, b: str, cutoff: float) -> bool:
    matcher = difflib.SequenceMatcher(None, a.casefold(), b.casefold())
    # The cheap upper bounds first: most titles on a date are nothing alike.
    return (
        matcher.real_quick_ratio() >= cutoff
        and matcher.quick_ratio() >= cutoff
        and matcher.ratio() >= cutoff
    )


def check_summary(brief: Brief) -> Iterator[Hit]:
    text = brief.summary.strip()
    if not text:
        yield "empty-summary", ("summary",), "the brief has no summary"
    elif len(text) > SUMMARY_LIMIT:
        yield (
            "long-summary",
            ("summary",),
            f"the summary is {len(text):,} characters; the Overview shows up to "
            f"{SUMMARY_LIMIT:,} well",
        )


def check_key_events(brief: Brief) -> Iterator[Hit]:
    events = brief.timeline
    if len(events) > KEY_EVENTS_FROM and not any(e.key for e in events):
        yield (
            "key-events",
            ("timeline",),
            f"{len(events)} events and none marked key; the summary will list the latest",
        )


def check_lint_config(brief: Brief) -> Iterator[Hit]:
    if brief.lint is None:
        return
    for i, rule_id in enumerate(brief.lint.ignore):
        if rule_id not in RULES:
            yield (
                "unknown-rule",
                ("lint", "ignore", i),
                f"lint.ignore names unknown rule {rule_id!r}{_did_you_mean(rule_id)}",
            )


CHECKS: tuple[Callable[[Brief], Iterable[Hit]], ...] = (
    check_lint_config,
    check_summary,
    check_empty_section,
    check_missing_source,
    check_unused_actor,
    check_tag_typo,
    check_dates_vs_as_of,
    check_duplicate_event,
    check_key_events,
)


def _quote(text: str, limit: int = 48) -> str:
    """A short, single-line quotation of brief text for a message."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"“{flat}”"


# --- running ----------------------------------------------------------------------------------


def lint_brief(
    brief: Brief,
    path: str | Path = "<brief>",
    *,
    ignore: Iterable[str] = (),
    positions: Positions | None = None,
) -> list[Finding]:
    """Every finding for `brief`, in file order, minus the rules in `ignore` and in the brief's
    own `lint.ignore`. Without `positions` findings are reported at 0:0."""
    return _locate(_hits(brief, ignore), one_line(str(path)), positions)


def lint_file(
    path: str | Path, *, ignore: Iterable[str] = ()
) -> tuple[list[Finding], list[Problem]]:
    """Load and lint a brief file: its findings, located in one pass with the load (a 21,000-event
    brief was read a second time for them, 0.8 s), or the loader's problems if it does not load."""
    found = Marks({}, {}, set())
    brief, problems = check_file(path, found)
    if brief is None:
        return [], problems
    # The path is named as the loader names it: a file name can carry control characters too.
    return _locate(_hits(brief, ignore), one_line(str(path)), Positions(found)), []


def _hits(brief: Brief, ignore: Iterable[str]) -> list[Hit]:
    skipped = set(ignore) | set(brief.lint.ignore if brief.lint else ())
    return [hit for check in CHECKS for hit in check(brief) if hit[0] not in skipped]


def _locate(hits: list[Hit], path: str, positions: Positions | None) -> list[Finding]:
    findings = []
    for rule_id, key_path, message in hits:
        line, col = positions.locate(key_path) if positions is not None else (0, 0)
        findings.append(Finding(rule_id, path, line, col, message))
    findings.sort(key=lambda f: (f.line, f.col))
    return _capped(findings)


def _capped(findings: list[Finding]) -> list[Finding]:
    """The first MAX_FINDINGS findings of each rule, then one for the rest of that rule."""
    listed: Counter[str] = Counter()
    left: dict[str, list[Finding]] = {}
    kept = []
    for finding in findings:
        listed[finding.rule] += 1
        if listed[finding.rule] <= MAX_FINDINGS:
            kept.append(finding)
        else:
            left.setdefault(finding.rule, []).append(finding)
    for rule_id, rest in left.items():
        first = rest[0]
        message = (
            f"{len(rest):,} more {rule_id} findings from here on; only the first "
            f"{MAX_FINDINGS} of each rule are listed"
        )
        kept.append(Finding(rule_id, first.path, first.line, first.col, message))
    return kept
