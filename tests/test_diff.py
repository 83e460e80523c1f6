"""`brief.diff`: pairs made by editing a copy of the bundled brief, the way an author would."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from brief.diff import BriefDiff, Change, diff_briefs
from brief.load import load_brief, load_bytes
from brief.model import Brief
from tests.helpers import BUNDLED


@pytest.fixture(scope="module")
def original() -> str:
    return BUNDLED.read_text(encoding="utf-8")


def load_text(text: str) -> Brief:
    return load_bytes(text.encode("utf-8"), "edited.yaml")


def diff_texts(old: str, new: str) -> BriefDiff:
    return diff_briefs(load_text(old), load_text(new))


def only(result: BriefDiff) -> Change:
    assert len(result) == 1, [c.as_dict() for c in result]
    return result.changes[0]


# --- edits an author makes -----------------------------------------------------------------------

NEW_EVENT = """\
  - date: 2025-10-30
    title: Joint economic commission meets again
    text: A follow-up session in Islamabad.
    section: economy-culture
    sources: [{source}]
"""


def add_event(text: str, source: str) -> str:
    assert "\ntimeline:\n" in text
    return text.replace("\ntimeline:\n", "\ntimeline:\n" + NEW_EVENT.format(source=source), 1)


def remove_actor(text: str, actor_id: str) -> str:
    """Delete an actor's block and every reference to it in flow lists (`[a, b]`)."""
    block = re.compile(rf"^  - id: {re.escape(actor_id)}\n(?:    .*\n|\s*\n)*?(?=  - |\S)", re.M)
    text, n = block.subn("", text, count=1)
    assert n == 1
    text = re.sub(rf"(?<=[\[ ]){re.escape(actor_id)}, ", "", text)
    text = re.sub(rf", {re.escape(actor_id)}(?=\])", "", text)
    text = re.sub(rf"\[{re.escape(actor_id)}\]", "[]", text)
    assert not re.search(rf"\b{re.escape(actor_id)}\b", text)
    return text


def test_identical_briefs_have_no_differences(original: str) -> None:
    result = diff_texts(original, original)
    assert not result and len(result) == 0
    assert result.counts() == {"added": 0, "removed": 0, "changed": 0}


def test_an_added_event(original: str) -> None:
    brief = load_brief(BUNDLED)
    result = diff_texts(original, add_event(original, brief.sources[0].id))
    change = only(result)
    assert (change.kind, change.item) == ("added", "event")
    assert change.label == "30 Oct 2025 · Joint economic commission meets again"
    assert change.old_id is None and change.new_id is not None
    assert result.marks("event") == {change.new_id: "added"}


def test_a_changed_figure(original: str) -> None:
    brief = load_brief(BUNDLED)
    figure = brief.figures[0]
    value = f"{figure.value:g}"
    pattern = re.compile(rf"(label: {re.escape(figure.label)}\n(?:    .*\n)*?    value: ){value}\n")
    edited, n = pattern.subn(rf"\g<1>{value}1\n", original, count=1)
    assert n == 1
    change = only(diff_texts(original, edited))
    assert (change.kind, change.item, change.new_id) == ("changed", "figure", figure.id)
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("value", figure.value, float(f"{value}1"))
    ]


def test_a_removed_actor(original: str) -> None:
    brief = load_brief(BUNDLED)
    actor = brief.actors[-1]
    users = sum(
        actor.id in item.actors
        for item in (*(p for _, p in brief.points()), *brief.timeline, *brief.figures)
    )
    result = diff_texts(original, remove_actor(original, actor.id))
    removed = [c for c in result if c.kind == "removed"]
    assert [(c.item, c.old_id) for c in removed] == [("actor", actor.id)]
    # Every item that named the actor shows the `actors` field changing, and nothing else does.
    changed = [c for c in result if c.kind == "changed"]
    assert len(changed) == users
    for change in changed:
        (field,) = change.fields
        assert field.field == "actors"
        assert actor.id in field.old and actor.id not in (field.new or [])


def test_a_renamed_section_title(original: str) -> None:
    brief = load_brief(BUNDLED)
    section = brief.sections[0]
    edited = original.replace(
        f"  - id: {section.id}\n    title: {section.title}\n",
        f"  - id: {section.id}\n    title: {section.title} and Visits\n",
        1,
    )
    assert edited != original
    change = only(diff_texts(original, edited))
    assert (change.kind, change.item, change.new_id) == ("changed", "section", section.id)
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("title", section.title, f"{section.title} and Visits")
    ]


def test_summary_and_as_of_changes(original: str) -> None:
    brief = load_brief(BUNDLED)
    edited = original.replace(f"as_of: {brief.as_of}\n", "as_of: 2025-11-01\n", 1)
    edited = edited.replace("\nsummary: >-\n", "\nsummary: >-\n  Updated.\n", 1)
    change = only(diff_texts(original, edited))
    assert change.item == "brief"
    fields = {f.field: (f.old, f.new) for f in change.fields}
    assert fields["as_of"] == (str(brief.as_of), "2025-11-01")
    assert fields["summary"][1].startswith("Updated. ")
    assert set(fields) == {"as_of", "summary"}


# --- matching items without ids ------------------------------------------------------------------

BASE = """\
format: 1
id: t
title: T
as_of: 2025-10-23
sources:
  - id: s
    title: S
sections:
  - id: diplomacy
    title: Diplomacy
    points:
{points}
timeline:
{events}
"""


def brief_with(events: Sequence[str], points: Sequence[str] = ("Point one.",)) -> str:
    return BASE.format(
        events="\n".join(
            f"  - date: {e.split(' ', 1)[0]}\n    title: {e.split(' ', 1)[1]}" for e in events
        ),
        points="\n".join(f"      - text: {p}" for p in points),
    )


def test_events_without_ids_match_by_date_and_title_not_position() -> None:
    old = brief_with(["2025-01 First", "2025-02 Second"])
    new = brief_with(["2024-12 Inserted", "2025-01 First", "2025-02 Second"])
    change = only(diff_texts(old, new))
    assert (change.kind, change.label) == ("added", "Dec 2024 · Inserted")
    # Generated ids shifted (e1 -> e2 ...), which is not reported as a change.


def test_an_event_with_an_edited_title_or_a_corrected_date_is_changed_not_replaced() -> None:
    old = brief_with(["2025-01-10 Talks in Dhaka", "2025-02 Second"])
    retitled = brief_with(["2025-01-10 Talks held in Dhaka", "2025-02 Second"])
    change = only(diff_texts(old, retitled))
    assert change.kind == "changed"
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("title", "Talks in Dhaka", "Talks held in Dhaka")
    ]
    redated = brief_with(["2025-01-11 Talks in Dhaka", "2025-02 Second"])
    change = only(diff_texts(old, redated))
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("date", "2025-01-10", "2025-01-11")
    ]


def test_unrelated_events_are_added_and_removed() -> None:
    result = diff_texts(brief_with(["2025-01 Alpha"]), brief_with(["2025-01 Something else"]))
    assert sorted(c.kind for c in result) == ["added", "removed"]


def test_explicit_ids_win_over_titles() -> None:
    old = brief_with(["2025-01 Alpha"]).replace(
        "  - date: 2025-01\n", "  - id: a\n    date: 2025-01\n"
    )
    new = old.replace("title: Alpha", "title: Quite different now")
    change = only(diff_texts(old, new))
    assert (change.kind, change.old_id, change.new_id) == ("changed", "a", "a")


def test_points_match_by_text_and_moves_show_as_section_changes() -> None:
    old = brief_with(["2025-01 A"], points=["Point one.", "Point two."])
    new = brief_with(["2025-01 A"], points=["Point two.", "Point one, reworded."])
    change = only(diff_texts(old, new))
    assert change.item == "point" and change.kind == "changed"
    assert [f.field for f in change.fields] == ["text"]


def test_as_dict_is_json_ready() -> None:
    import json

    result = diff_texts(brief_with(["2025-01 A"]), brief_with(["2025-01 B", "2025-03 C"]))
    data = json.loads(json.dumps(result.as_dict()))
    assert data["counts"] == {"added": 2, "removed": 1, "changed": 0}
    assert [(c["change"], c["label"]) for c in data["changes"]] == [
        ("added", "Jan 2025 · B"),
        ("added", "Mar 2025 · C"),
        ("removed", "Jan 2025 · A"),
    ]


def test_diff_is_empty_for_a_brief_reloaded_from_disk(tmp_path: Path, original: str) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(original, encoding="utf-8")
    assert not diff_briefs(load_brief(BUNDLED), load_brief(copy))


# --- what's new since last opened ----------------------------------------------------------------


def test_whats_new_since_the_version_last_seen(tmp_path: Path, original: str) -> None:
    from brief.diff import load_seen, save_seen, seen_path, whats_new

    brief = load_brief(BUNDLED)
    assert whats_new(brief, tmp_path) is None  # never opened
    save_seen(brief, tmp_path)
    assert not whats_new(brief, tmp_path)  # nothing new
    assert load_seen(brief.id, tmp_path) is not None
    updated = load_text(add_event(original, brief.sources[0].id))
    news = whats_new(updated, tmp_path)
    assert news is not None
    assert list(news.marks("event").values()) == ["added"]
    # A damaged record only loses the note; it is never an error.
    seen_path(brief.id, tmp_path).write_bytes(b"{not json")
    assert whats_new(brief, tmp_path) is None


def test_seen_records_go_to_the_user_state_dir() -> None:
    import os

    from brief.diff import seen_path

    # tests/conftest.py points XDG_STATE_HOME at a private directory.
    assert str(seen_path("x")).startswith(os.environ["XDG_STATE_HOME"])
