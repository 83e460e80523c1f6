"""The search engine, driven through its public API over briefs loaded from YAML."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brief.query import WORD, fold, parse
from brief.search import SearchIndex, highlight
from brief.search.highlight import Highlighter, Stems
from tests.search_fixtures import BRIEF_YAML, load_test_brief, renamed


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex([load_test_brief()])


def ids(index: SearchIndex, query: str, **options) -> list[str]:
    options.setdefault("limit", None)
    return [r.id for r in index.search(query, **options)]


def events(index: SearchIndex, query: str) -> set[str]:
    return set(ids(index, query, kinds={"event"}))


# --- every syntax row through the engine ----------------------------------------------------

ROWS = [
    # words match every form that stems alike: dar-visit is tagged "visas"
    ("visa", {"visa-regime", "trade-period", "dar-visit"}),
    ("visas", {"visa-regime", "trade-period", "dar-visit"}),
    ("talk", {"naqvi-visit"}),
    ("cargo ships", {"cargo", "naqvi-visit"}),
    # a quoted word or phrase: the forms as written
    ('"visa"', {"visa-regime", "trade-period"}),
    ('"visas"', {"visa-regime", "dar-visit"}),
    ('"talk"', set()),
    ('"Talks" kind:event', {"naqvi-visit"}),
    ('"cargo ships"', set()),
    ('-"visa" kind:event', {"naqvi-visit", "aman-25", "cargo", "dar-visit", "elections"}),
    ('"visa" OR "cargo"', {"visa-regime", "trade-period", "cargo", "naqvi-visit"}),
    ('"visa" OR exercise', {"visa-regime", "trade-period", "aman-25"}),
    ("cargo ship", {"cargo", "naqvi-visit"}),
    ('"cargo ship"', {"cargo", "naqvi-visit"}),
    ("visa regime", {"visa-regime"}),
    ('"regime visa"', set()),
    ("visa -regime", {"trade-period", "dar-visit"}),
    ("-tag:visas", {"naqvi-visit", "aman-25", "cargo", "trade-period", "elections"}),
    ("naqvi OR dar", {"naqvi-visit", "dar-visit"}),
    ("actor:dar", {"dar-visit"}),
    ("actor:ishaq-dar", {"dar-visit"}),
    ('actor:"Ishaq Dar"', {"dar-visit"}),
    ('actor:"ishaq dār"', {"dar-visit"}),
    ("actor:naqvi actor:dar", {"naqvi-visit", "dar-visit"}),
    ("tag:visas", {"dar-visit", "visa-regime"}),
    ("tag:visas,trade", {"dar-visit", "visa-regime", "cargo", "trade-period"}),
    ("tag:visas tag:trade", {"dar-visit", "visa-regime", "cargo", "trade-period"}),
    ("tag:visas section:diplomacy actor:dar", {"dar-visit"}),
    ("section:defence", {"aman-25", "elections"}),
    ('section:"Defence"', {"aman-25", "elections"}),
    (
        "source:rostami-2025 kind:event",
        {
            "dar-visit",
            "naqvi-visit",
            "aman-25",
            "cargo",
            "visa-regime",
            "trade-period",
            "elections",
        },
    ),
    ("is:approx", {"aman-25"}),
    ("is:expected", {"elections"}),
    ("-is:approx -is:expected tag:visit", {"dar-visit", "naqvi-visit"}),
    ("dhaka from:2025-08", {"dar-visit"}),
    ("Dhaka", {"dar-visit", "naqvi-visit"}),
    ("DHAKA", {"dar-visit", "naqvi-visit"}),
    ("tag:visit OR is:approx", {"dar-visit", "naqvi-visit", "aman-25"}),
    ("exercise OR on:2024-11", {"aman-25", "cargo", "trade-period"}),
]


@pytest.mark.parametrize(("query", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_syntax_rows_in_the_engine(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert events(index, query) == expected


def test_kinds(index: SearchIndex) -> None:
    assert ids(index, "kind:actor") == ["ishaq-dar", "mohsin-naqvi"]
    assert ids(index, "kind:source") == ["rostami-2025"]
    assert ids(index, "kind:figure") == ["f1"]
    assert set(ids(index, "kind:point")) == {"diplomacy-p1", "defence-p1"}
    assert set(ids(index, "kind:figure OR kind:source")) == {"f1", "rostami-2025"}


def test_actors_are_searched_by_name_role_and_alias(index: SearchIndex) -> None:
    assert "ishaq-dar" in ids(index, "foreign minister")
    assert "ishaq-dar" in ids(index, "actor:dar kind:actor")
    # An event whose text never names Dar is still found by his name (through its actors).
    assert "dar-visit" in ids(index, "ishaq")


def test_points_figures_and_sources_are_searched(index: SearchIndex) -> None:
    assert ids(index, "students") == ["diplomacy-p1"]
    assert ids(index, "bilateral trade") == ["f1"]
    assert ids(index, "rostami") == ["rostami-2025"]
    # Tags are words too, and sections are fields of points.
    assert set(ids(index, "tag:visas kind:point section:diplomacy")) == {"diplomacy-p1"}


def test_accents_and_case_fold(index: SearchIndex) -> None:
    assert ids(index, "dār kind:actor") == ids(index, "DAR kind:actor") == ["ishaq-dar"]


def test_unknown_actor_is_a_warning_and_no_result(index: SearchIndex) -> None:
    results = index.search("actor:zzz")
    assert results.results == []
    assert results.warnings == ("actor:zzz: no actor by that name",)


def test_warnings_pass_through_and_the_rest_still_searches(index: SearchIndex) -> None:
    results = index.search("visa from:2025-13")
    assert results.warnings == ("from:2025-13: not a date, ignored",)
    assert {r.id for r in results} == {"visa-regime", "trade-period", "dar-visit", "diplomacy-p1"}


# --- date overlap ---------------------------------------------------------------------------


def date_matches(index: SearchIndex, query: str) -> dict[str, bool]:
    """event id -> approx_match"""
    return {r.id: r.approx_match for r in index.search(query, kinds={"event"}, limit=None)}


DATES = [
    # year against month: a year-only event overlaps every month of its year, approximately
    ("on:2025-03", {"aman-25": True, "trade-period": False}),
    # month against day
    ("on:2025-07-10", {"aman-25": True, "naqvi-visit": True}),
    ("on:2025-07", {"aman-25": True, "naqvi-visit": False}),
    # an `end` period overlaps every day between, and its certain middle is no approximation
    ("on:2025-08-24", {"aman-25": True, "dar-visit": False}),
    ("on:2024-06", {"trade-period": True}),
    (
        "on:2025-02",
        {
            "aman-25": True,
            "trade-period": False,
        },
    ),
    ("on:2025-07", {"aman-25": True, "naqvi-visit": False}),
    # open ranges
    ("from:2025-08-24", {"aman-25": True, "dar-visit": False, "elections": False}),
    ("to:2024-10", {"trade-period": True}),
    ("date:..2024", {"cargo": False, "trade-period": False}),
    ("date:2026..", {"elections": False}),
    # a closed range holding the whole item
    (
        "date:2024..2025",
        {
            "cargo": False,
            "trade-period": False,
            "aman-25": False,
            "visa-regime": False,
            "naqvi-visit": False,
            "dar-visit": False,
        },
    ),
    ("from:2025-07 to:2025-08", {"aman-25": True, "naqvi-visit": False, "dar-visit": False}),
    # repeated: OR
    ("on:2024-11 on:2026", {"cargo": False, "trade-period": True, "elections": False}),
    # exclusion: undated items never match either way
    ("-on:2025 kind:event", {"cargo": False, "elections": False}),
]


@pytest.mark.parametrize(("query", "expected"), DATES, ids=[d[0] for d in DATES])
def test_date_overlap(index: SearchIndex, query: str, expected: dict[str, bool]) -> None:
    assert date_matches(index, query) == expected


def test_undated_items_never_match_a_date(index: SearchIndex) -> None:
    undated = {"diplomacy-p1", "f1", "ishaq-dar", "mohsin-naqvi"}
    assert not undated & set(ids(index, "date:1000..9999"))
    assert not undated & set(ids(index, "-on:1990"))
    assert undated <= set(ids(index, ""))


def test_approx_match_shows_in_the_date_label(index: SearchIndex) -> None:
    (naqvi,) = [r for r in index.search("naqvi on:2025-07-10 kind:event")]
    assert naqvi.approx_match
    assert naqvi.date_label == "c. Jul 2025"
    (naqvi,) = [r for r in index.search("naqvi on:2025-07 kind:event")]
    assert naqvi.date_label == "Jul 2025"


# --- ranking and order ----------------------------------------------------------------------


def test_title_match_ranks_above_text_match(index: SearchIndex) -> None:
    # "visa" is in visa-regime's title, only in trade-period's text, and in the others' tags
    # as "visas": the exact form ranks above the other forms.
    assert ids(index, "visa")[:2] == ["visa-regime", "trade-period"]
    assert ids(index, "cargo")[:1] == ["cargo"]  # title beats naqvi-visit's text


def test_time_order(index: SearchIndex) -> None:
    timeline = ids(index, "", kinds={"event"}, order="time")
    assert timeline == [
        "trade-period",
        "cargo",
        "aman-25",
        "visa-regime",
        "naqvi-visit",
        "dar-visit",
        "elections",
    ]
    assert ids(index, "visa OR cargo", order="time", kinds={"event"}) == [
        "trade-period",
        "cargo",
        "visa-regime",
        "naqvi-visit",
        "dar-visit",
    ]


def test_field_only_queries_list_in_time_order(index: SearchIndex) -> None:
    assert ids(index, "tag:visit") == ["naqvi-visit", "dar-visit"]


def test_empty_query_returns_everything_and_limit_and_total(index: SearchIndex) -> None:
    everything = index.search("", limit=None)
    assert everything.total == len(everything) == 7 + 2 + 1 + 2 + 1
    page = index.search("", limit=3)
    assert len(page) == 3
    assert page.total == 13


def test_timeline_api(index: SearchIndex) -> None:
    results = index.timeline("test-brief", "tag:visit")
    assert [r.id for r in results] == ["naqvi-visit", "dar-visit"]
    assert index.timeline("test-brief").total == 7
    assert index.timeline("no-such-brief").total == 0


# --- results --------------------------------------------------------------------------------


def test_result_fields(index: SearchIndex) -> None:
    (result,) = index.search("exemption")
    assert result.brief == "test-brief"
    assert result.kind == "event"
    assert result.id == "dar-visit"
    assert result.section == "diplomacy"
    assert result.section_title == "Diplomacy"
    assert str(result.date) == "2025-08-23"
    assert str(result.end) == "2025-08-24"
    assert (result.approx, result.expected) == (False, False)
    assert result.actors == ("ishaq-dar",)
    assert result.actor_names == ("Ishaq Dār",)
    assert result.tags == ("visit", "visas")
    data = result.to_json()
    assert data["date"] == "2025-08-23" and data["end"] == "2025-08-24"
    assert data["spans"]["snippet"] == [list(s) for s in result.snippet_spans]


def test_spans_mark_the_matches(index: SearchIndex) -> None:
    (result,) = index.search("regime")
    assert [result.title[a:b] for a, b in result.title_spans] == ["regime"]
    (result,) = index.search('"cargo ship" kind:event first')
    assert [result.title[a:b] for a, b in result.title_spans] == ["First", "cargo ship"]
    (result,) = index.search("DHAKA naqvi")
    assert [result.title[a:b] for a, b in result.title_spans] == ["Naqvi", "Dhaka"]


def test_spans_mark_every_form_of_a_word_and_quotes_only_the_form_written() -> None:
    text = BRIEF_YAML.replace("Visa regime relaxed", "Visas eased, and a visa regime relaxed")
    index = SearchIndex([load_test_brief(text)])
    (result,) = index.search("visa kind:event regime")
    assert [result.title[a:b] for a, b in result.title_spans] == ["Visas", "visa", "regime"]
    (result,) = index.search('"visa" kind:event regime')
    assert [result.title[a:b] for a, b in result.title_spans] == ["visa", "regime"]
    (result,) = index.search("talk kind:event")
    assert [result.snippet[a:b] for a, b in result.snippet_spans] == ["Talks"]


def test_exact_forms_rank_above_other_forms_of_the_word() -> None:
    # BM25 alone puts the short title first; the one with the word as written goes first.
    text = BRIEF_YAML.replace("Visa regime relaxed", "Sanctions").replace(
        "Bangladesh elections", "A long title naming one sanction among many other words"
    )
    index = SearchIndex([load_test_brief(text)])
    assert ids(index, "sanction", kinds={"event"}) == ["elections", "visa-regime"]
    assert ids(index, "sanctions", kinds={"event"}) == ["visa-regime", "elections"]
    assert ids(index, '"sanctions"', kinds={"event"}) == ["visa-regime"]


def test_field_filters_are_not_stemmed(index: SearchIndex) -> None:
    assert events(index, "tag:visa") == set()
    assert events(index, "tag:visas") == {"dar-visit", "visa-regime"}
    assert events(index, "tag:visit") == {"dar-visit", "naqvi-visit"}
    assert events(index, "tag:vis") == set()
    assert set(ids(index, "tag:vis", kinds={"event"}, prefix_last=True)) == {
        "dar-visit", "naqvi-visit", "visa-regime"}  # fmt: skip


def test_prefix_spans_cover_the_whole_word(index: SearchIndex) -> None:
    results = index.search("regi", prefix_last=True)
    assert [r.title[a:b] for r in results for a, b in r.title_spans] == ["regime"]
    assert index.search("regi").results == []


def test_snippet_is_cut_around_the_match() -> None:
    words = " ".join(f"word{n}" for n in range(100))
    text = BRIEF_YAML.replace(
        "text: Fees are waived for business travellers.", f"text: {words} needle {words}"
    )
    index = SearchIndex([load_test_brief(text)])
    (result,) = index.search("needle")
    assert result.snippet.startswith("…") and result.snippet.endswith("…")
    assert [result.snippet[a:b] for a, b in result.snippet_spans] == ["needle"]


def test_a_result_of_text_written_as_a_yaml_block_is_on_one_line() -> None:
    """Titles and snippets keep no line break of a block (`|`): each is a space, so the spans
    still mark the words."""
    text = BRIEF_YAML.replace(
        "      - text: A joint naval drill is planned.\n",
        "      - text: |\n          A joint naval\n          drill is planned.\n\n"
        "          Soon.\n",
    ).replace(
        "    text: Talks on a cargo ship route and on security.\n",
        "    text: |\n      Talks on a cargo\n      ship route.\n\n      And on security.\n",
    )
    index = SearchIndex([load_test_brief(text)])
    (point,) = index.search("drill soon kind:point")
    assert point.title == "A joint naval drill is planned.  Soon."
    assert [point.title[a:b] for a, b in point.title_spans] == ["drill", "Soon"]
    (event,) = index.search("ship security kind:event")
    assert event.snippet == "Talks on a cargo ship route.  And on security."
    assert [event.snippet[a:b] for a, b in event.snippet_spans] == ["ship", "security"]


def test_highlight_builds_styled_text_not_markup() -> None:
    text = highlight("[bold]x[/bold] visa", [(14, 18)], "reverse")
    assert text.plain == "[bold]x[/bold] visa"
    assert [(s.start, s.end, str(s.style)) for s in text.spans] == [(14, 18, "reverse")]


# --- across briefs, updates and persistence -------------------------------------------------


def test_many_briefs_and_restricting_to_some() -> None:
    index = SearchIndex([load_test_brief(), load_test_brief(renamed("other-brief"))])
    assert {r.brief for r in index.search("regime")} == {"test-brief", "other-brief"}
    assert {r.brief for r in index.search("regime", brief="other-brief")} == {"other-brief"}
    assert index.brief_ids() == ["other-brief", "test-brief"]


def test_replace_reindexes_one_brief() -> None:
    index = SearchIndex([load_test_brief(), load_test_brief(renamed("other-brief"))])
    changed = renamed("other-brief").replace("Visa regime relaxed", "Quota regime relaxed")
    index.replace(load_test_brief(changed))
    assert {r.brief for r in index.search('"visa" regime')} == {"test-brief"}
    assert {r.brief for r in index.search("quota")} == {"other-brief"}
    index.remove("test-brief")
    assert index.search("regime").total == 1
    with pytest.raises(ValueError, match="indexed already"):
        index.add([load_test_brief(renamed("other-brief"))])


def test_serialised_index_reopens_only_over_the_same_briefs() -> None:
    brief = load_test_brief()
    data = SearchIndex([brief]).to_bytes()
    again = SearchIndex.from_bytes(data, [brief])
    assert [r.id for r in again.search('"visa"')] == ["visa-regime", "trade-period"]
    with pytest.raises(ValueError):
        SearchIndex.from_bytes(data, [load_test_brief(renamed("other"))])
    with pytest.raises(ValueError):
        SearchIndex.from_bytes(b"not a database at all" * 100, [brief])


# --- never raises -------------------------------------------------------------------------

NASTY = [
    'foo"',
    "AND",
    "a:b",
    "c++",
    "OR",
    "NOT",
    "*",
    '"',
    "(",
    ")",
    "^",
    "{title}:x",
    "NEAR(a b)",
    "-",
    "--",
    ":",
    "tag:",
    "date:..",
    "from:",
    "\x00",
    "ǂany",
    "tagǂvisas",
    "\U0010ffff",
    "date:9999..0001",
    "on:0000",
    "kind:",
    "is:",
    "a OR",
    "OR b",
    '""',
    "-''",
    "x" * 5000,
]


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_return(index: SearchIndex, query: str) -> None:
    results = index.search(query, prefix_last=True)
    assert isinstance(results.total, int)
    assert not any(w.startswith("search failed") for w in results.warnings)


def test_facet_tokens_cannot_be_forged_as_words(index: SearchIndex) -> None:
    # The encoded facet tokens live in their own column; plain words never reach it.
    assert index.search("tagǂvisas").results == []


@settings(max_examples=300, deadline=None)
@given(query=st.text(max_size=80), typing=st.booleans())
def test_any_query_string_returns_and_never_raises(query: str, typing: bool) -> None:
    # How long the slowest takes: benchmarks/bench_worst_case.py.
    results = _SHARED_INDEX.search(query, prefix_last=typing)
    assert results.total >= len(results.results)
    assert not any(w.startswith("search failed") for w in results.warnings)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(
            [
                "visa",
                "-",
                "OR",
                '"',
                "tag:",
                "actor:",
                "from:",
                "on:",
                "date:",
                "..",
                "2025",
                "-07",
                ",",
                "kind:",
                "is:",
                " ",
                "dar",
                "AND",
                "NOT",
                "ǂ",
                "*",
                ":",
            ]
        ),
        max_size=12,
    )
)
def test_query_shaped_garbage_never_raises(parts: list[str]) -> None:
    results = _SHARED_INDEX.search("".join(parts), prefix_last=True)
    assert not any(w.startswith("search failed") for w in results.warnings)


_SHARED_INDEX = SearchIndex([load_test_brief()])


def test_spans_fold_accents_in_the_text(index: SearchIndex) -> None:
    (actor,) = index.search("dar kind:actor")
    assert [actor.title[a:b] for a, b in actor.title_spans] == ["Dār"]


def test_words_are_stemmed_alike_in_a_batch_one_by_one_and_in_a_transaction() -> None:
    # A page of results is stemmed in one batch (Highlighter.prepare), in one transaction of
    # its own, or within the caller's: the same stems every way.
    texts = ["Visas eased", "a visa regime relaxed", "Talks on sanctions", "naïve ‘quotes’ 42"]
    words = [fold(w) for text in texts for w in WORD.findall(text)]

    def stems(learn) -> dict[str, str]:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        learned = Stems(conn)
        learn(learned, conn)
        assert not conn.in_transaction
        return dict(learned)

    def one_by_one(learned, conn) -> None:
        for word in words:
            learned.learn([word])

    def within(learned, conn) -> None:
        conn.execute("BEGIN")
        learned.learn(words)
        assert conn.in_transaction  # the caller's, left open
        conn.execute("COMMIT")

    batch = stems(lambda learned, conn: learned.learn(words))
    assert batch["visas"] == batch["visa"] and batch["talks"] == "talk"
    assert stems(one_by_one) == batch == stems(within)


def test_a_prepared_highlighter_stems_nothing_more_when_it_marks() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    marker = Highlighter(parse("visa talk"), Stems(conn))
    texts = ["Visas eased", "Talks on a visa regime"]
    marker.prepare(texts)
    known = dict(marker.stems)
    assert [[text[a:b] for a, b in marker.spans(text)] for text in texts] == [
        ["Visas"],
        ["Talks", "visa"],
    ]
    assert marker.stems == known
