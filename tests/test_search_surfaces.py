"""One query, one answer: `brief search --json`, `brief timeline --json`, the app's timeline box
(once typing stops) and its global search give the same items for each query of a table.

The app is driven as a user drives it: keys typed into the boxes through Pilot; the test waits
for the search workers to finish (never for a time) and reads the ids from the widgets' data.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import Input

from brief.cli import cli
from brief.tui.app import BriefApp
from brief.tui.screens.search import LIMIT, SearchScreen
from brief.tui.widgets.event_list import EventList
from brief.tui.widgets.timeline import TimelinePane
from tests.helpers import BUNDLED, folder_with, settled
from tests.tui.conftest import drive

BRIEF = "pakistan-bangladesh"
QUERIES = [
    # words, every form of them, and the forms as written
    "visa",
    "visas",
    "talk",
    "war",  # as a prefix, it would find "warns" and "wary" too
    '"visa"',
    "agreement",
    # phrases, OR, exclusion
    '"cargo ship"',
    "naqvi OR dar",
    "visa -naqvi",
    "-exercise kind:event",
    "NOT pakistan",
    # every qualifier
    "actor:dar",
    'actor:"Ishaq Dar"',
    "tag:visas",
    "tag:visas,trade",
    "section:defence",
    "source:rostami-2025",
    "kind:point",
    "is:approx",
    "is:expected",
    # dates
    "from:2025-07",
    "to:2024",
    "on:2025-03",
    "on:2024 OR on:2026",
    "date:2024..2025-06",
    "date:2025..",
    "-on:2025 kind:event",
    # mixed
    "dhaka from:2025-08",
    "trade -section:economy",
]


# Typed key by key in the timeline's box (the others are pasted): while keys arrive, the box
# searches nothing; the query that runs is the one standing when they stop.
TYPED = {"visa", "war", "talk", '"cargo ship"', "-exercise kind:event", "tag:visas", "on:2025-03"}


def cli_json(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_every_surface_gives_the_same_answer(tmp_path: Path) -> None:
    directory = folder_with(tmp_path / "briefs", BUNDLED)
    cli_search: dict[str, set[tuple[str, str]]] = {}
    cli_timeline: dict[str, list[str]] = {}
    for query in QUERIES:
        found = cli_json("search", query, str(directory), "--limit", str(LIMIT))
        assert len(found) < LIMIT  # so the app's page holds every match too
        cli_search[query] = {(r["kind"], r["id"]) for r in found}
        cli_timeline[query] = [r["id"] for r in cli_json("timeline", BRIEF, query)]
        events = {i for kind, i in cli_search[query] if kind == "event"}
        assert set(cli_timeline[query]) == events, query
    assert any(cli_timeline.values()) and all(cli_search.values())

    app_timeline: dict[str, list[str]] = {}
    app_search: dict[str, set[tuple[str, str]]] = {}

    async def steps(pilot) -> None:
        app = pilot.app
        await pilot.press("t", "slash")  # the timeline's box
        box = app.screen.query_one("#timeline-query", Input)
        pane = app.screen.query_one(TimelinePane)
        for query in QUERIES:
            assert app.focused is box and box.value == ""
            if query in TYPED:
                await pilot.press(*query)
            else:  # pasted: typing each query key by key costs minutes on a loaded machine
                box.insert_text_at_cursor(query)
            await settled(pilot)  # the box's Changed message ran the search worker
            assert box.value == query and pane.outcome.query == query
            app_timeline[query] = [row.key for row in app.screen.query_one(EventList).rows]
            # Esc: to the list, the query kept; Esc again: the query cleared; /: the box again.
            await pilot.press("escape", "escape", "slash")
            await settled(pilot)
        await pilot.press("escape", "o", "slash")  # leave the box; the global search
        assert isinstance(app.screen, SearchScreen)
        field = app.screen.query_one("#search-input", Input)
        for query in QUERIES:
            field.clear()
            field.insert_text_at_cursor(query)
            await settled(pilot)
            app_search[query] = {(hit.kind, hit.item_id) for hit in app.screen.hits}

    drive(BriefApp([str(directory)], None, watch=False, history=False), (120, 40), steps)
    for query in QUERIES:
        assert app_timeline[query] == cli_timeline[query], query
        assert app_search[query] == cli_search[query], query
