"""Generated hostile briefs of issue 15 (amplification, quadratic paths, floods), too big to
store in tests/hostile/. Each function returns the file's text; the tests and
benchmarks/bench_limits.py run brief commands over them."""

from __future__ import annotations

import random

HEAD = "format: 1\nid: big\ntitle: T\nas_of: 2025\nsources:\n  - id: s\n    title: S\n"


def _head(*, sources: str = "  - id: s\n    title: S\n") -> str:
    return f"format: 1\nid: big\ntitle: T\nas_of: 2025\nsources:\n{sources}"


def repeated_actor(repeats: int = 5_000, name_chars: int = 50_000) -> str:
    """65 KB, valid before issue 15: one actor with a 50 KB name named `repeats` times by one
    event. Every surface printed the name once per repeat (gigabytes)."""
    refs = ", ".join(["x"] * repeats)
    return (
        _head()
        + f"actors:\n  - id: x\n    name: {'N' * name_chars}\n"
        + f"timeline:\n  - date: 2025-01-01\n    title: E\n    sources: [s]\n    actors: [{refs}]\n"
    )


def repeated_source(repeats: int = 5_000, title_chars: int = 50_000) -> str:
    """One source with a 50 KB title cited `repeats` times by one event."""
    refs = ", ".join(["s"] * repeats)
    return (
        _head(sources=f"  - id: s\n    title: {'S' * title_chars}\n")
        + f"timeline:\n  - date: 2025-01-01\n    title: E\n    sources: [{refs}]\n"
    )


def alias_flood(lines: int = 400_000) -> str:
    """1.6 MB of `*a` aliases: one error each, 400,000 lines before issue 15."""
    return HEAD + "junk: [\n" + "*a,\n" * lines + "]\n"


def tag_flood(lines: int = 200_000) -> str:
    """`!x a` scalars: one refused tag each."""
    return HEAD + "junk:\n" + "- !x a\n" * lines


def type_flood(events: int = 40_000) -> str:
    """Events whose `approx` is not a boolean: one schema error each."""
    return HEAD + "timeline:\n" + "- {date: 2025, title: t, approx: q}\n" * events


def unknown_keys(keys: int = 50_000) -> str:
    """730 KB of unknown top-level keys: one error each, each with a did-you-mean."""
    return HEAD + "".join(f"k{i:06d}: v\n" for i in range(keys))


def unknown_actor_refs(actors: int = 1_000, refs: int = 8_000) -> str:
    """Unknown actor references against many actors: difflib for every pair was quadratic."""
    defined = "".join(f"  - {{id: actor-{i:05d}, name: A}}\n" for i in range(actors))
    events = "".join(
        f"  - {{date: 2025, title: t, actors: [ghost-{i:05d}]}}\n" for i in range(refs)
    )
    return _head() + "actors:\n" + defined + "timeline:\n" + events


def many_events(events: int = 21_000) -> str:
    """A valid 1.8 MB brief: many events, each sourced, tagged and with an actor."""
    actors = "".join(f"  - {{id: actor-{i}, name: Actor {i}}}\n" for i in range(50))
    lines = "".join(
        f"  - {{date: {2000 + i % 25}-{i % 12 + 1:02d}-{i % 28 + 1:02d}, title: Event {i},"
        f" actors: [actor-{i % 50}], tags: [tag-{i % 40}], sources: [s]}}\n"
        for i in range(events)
    )
    return _head() + "actors:\n" + actors + "timeline:\n" + lines


def tags_used_once(tags: int = 4_000) -> str:
    """Every tag used once: lint's tag-typo compared each with every other (72 s)."""
    events = "".join(
        f"  - {{date: 2025, title: t{i}, sources: [s], tags: [tag-{i:05d}x]}}\n"
        for i in range(tags)
    )
    return _head() + "timeline:\n" + events


def similar_events(events: int = 2_600) -> str:
    """Events on one date whose titles are shuffles of the same letters: each pair passes
    difflib's quick bounds, so lint's duplicate-event computed the full ratio of every pair
    (and found nothing)."""
    rng = random.Random(15)
    letters = list("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz")
    lines = []
    for _ in range(events):
        rng.shuffle(letters)
        lines.append(f"  - {{date: 2025-01-01, title: {''.join(letters)}, sources: [s]}}\n")
    return _head() + "timeline:\n" + "".join(lines)


def unmatched_events(events: int = 2_500, salt: str = "a") -> str:
    """Events without ids whose titles differ between two versions: diff's _match compared
    every old event with every new one."""
    lines = "".join(
        f"  - {{date: 2025-01-{i % 28 + 1:02d}, title: Meeting {salt} number {i} about trade,"
        f" sources: [s]}}\n"
        for i in range(events)
    )
    return _head() + "timeline:\n" + lines


def long_changes(figures: int = 3_000, change_chars: int = 200_000) -> str:
    """Key figures, one with a very long `change`: the table padded every row to it."""
    rows = "".join(
        f"  - {{label: F{i}, value: {i}, change: up, period: 2025}}\n" for i in range(figures)
    )
    return (
        _head()
        + "figures:\n"
        + rows
        + f"  - {{label: Long, value: 1, change: {'c' * change_chars}}}\n"
    )


def star_query(terms: int = 30_000) -> str:
    """A 90 KB query of `a*` terms."""
    return " ".join(["a*"] * terms)


def long_names_referenced(events: int = 15_000, chars: int = 250_000) -> str:
    """An actor, a section and a source with 250 KB names, each named once by every one of
    `events` events: valid, with no repeats, yet every surface printing a name per event
    printed gigabytes."""
    refs = "".join(
        "  - {date: 2025, title: e, section: z, actors: [x], sources: [s]}\n" for _ in range(events)
    )
    return (
        _head(sources=f"  - id: s\n    title: {'S' * chars}\n")
        + f"actors:\n  - id: x\n    name: {'N' * chars}\n"
        + f"sections:\n  - id: z\n    title: {'Z' * chars}\n"
        + "timeline:\n"
        + refs
    )


def diff_pair(events: int = 200, same_key: int = 3_000) -> tuple[str, str]:
    """Two versions for `brief diff`: `events` events on one date whose titles are shuffles of
    the same letters (every pair passes difflib's quick bounds, so the similarity pass computed
    40,000 full ratios), and `same_key` events of one date and title with different ids on
    each side (the exact-key pass scanned the whole bucket for each)."""
    rng = random.Random(15)
    letters = list("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxy")

    def version(side: str) -> str:
        lines = []
        for _ in range(events):
            rng.shuffle(letters)
            lines.append(f"  - {{date: 2025-01-01, title: {''.join(letters)}, sources: [s]}}\n")
        lines += [
            f"  - {{id: {side}-{i}, date: 2025-02-01, title: Same, sources: [s]}}\n"
            for i in range(same_key)
        ]
        return _head() + "timeline:\n" + "".join(lines)

    return version("a"), version("b")


# Timeline items for `mixed_flood`, each with the kinds of the errors it causes in file order
# (a missing key is reported at the item, before its keys).
FLOOD_ITEMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "valid": ("{date: 2025, title: t}", ()),
    "type": ("{date: 2025, title: t, approx: q}", ("schema",)),
    "date": ("{date: 20x5, title: t}", ("schema",)),
    "unknown key": ("{date: 2025, title: t, zz: 1}", ("unknown key",)),
    "missing key": ("{date: 2025}", ("missing key",)),
    "empty": ("{date: 2025, title: }", ("schema",)),
    "not a list": ("{date: 2025, title: t, tags: 5}", ("schema",)),
    "bad id in a list": ("{date: 2025, title: t, tags: [Bad Tag]}", ("schema",)),
    "not a mapping": ("5", ("schema",)),
    "unknown actor": ("{date: 2025, title: t, actors: [ghost]}", ("unknown reference",)),
    "end before date": ("{date: 2025, end: 2024, title: t}", ("end date",)),
    "alias": ("{date: 2025, title: *a}", ("alias",)),
    "two": ("{date: 2025, title: t, approx: q, zz: 1}", ("schema", "unknown key")),
    "missing and type": ("{date: 2025, expected: x}", ("missing key", "schema")),
    "three": ("{date: 2025-13, title: t, key: maybe, sources: s}", ("schema",) * 3),
}


def mixed_flood(items: list[str]) -> tuple[str, list[str]]:
    """A brief whose timeline holds the named FLOOD_ITEMS, one per line, and the kinds of all
    its errors in file order: an oracle for the loader's problem cap."""
    text = HEAD + "timeline:\n" + "".join(f"- {FLOOD_ITEMS[item][0]}\n" for item in items)
    return text, [kind for item in items for kind in FLOOD_ITEMS[item][1]]
