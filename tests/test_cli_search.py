"""`brief search` and `brief timeline`, run the way users run them (`run_cli`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli
from tests.search_fixtures import BRIEF_YAML, write_brief

JSON_KEYS = {
    "brief",
    "kind",
    "id",
    "section",
    "date",
    "end",
    "approx",
    "expected",
    "title",
    "actors",
    "tags",
    "snippet",
    "spans",
}


def test_search_lists_ranked_results(library: Path) -> None:
    result = run_cli("search", "visa", str(library))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("event · ")
    assert "15 Jan 2025 · Diplomacy" in lines[0]
    assert lines[1].strip() == "Visa regime relaxed"
    assert result.stdout.rstrip().endswith("8 results")


def test_a_result_wraps_under_its_indent(library: Path) -> None:
    """The title and the snippet stand two columns in from the heading, and so do the lines
    they wrap to."""
    result = run_cli("search", "exemption", str(library), env={"COLUMNS": "30"})
    lines = result.stdout.splitlines()
    body = lines[1 : lines.index("")]  # under the first heading, to the blank line
    assert len(body) > 3  # the title and the snippet wrap at 30 columns
    assert all(line.startswith("  ") and line[2] != " " for line in body)
    assert max(len(line) for line in lines) <= 30


def test_search_json(library: Path) -> None:
    result = run_cli("search", "dhaka from:2025-08", str(library), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {(d["brief"], d["id"]) for d in data} == {
        ("test-brief", "dar-visit"),
        ("other-brief", "dar-visit"),
    }
    first = data[0]
    assert set(first) >= JSON_KEYS
    assert first["date"] == "2025-08-23" and first["end"] == "2025-08-24"
    assert first["actors"] == ["ishaq-dar"] and first["tags"] == ["visit", "visas"]
    (start, end) = first["spans"]["title"][0]
    assert first["title"][start:end] == "Dhaka"


def test_search_json_keeps_dates_as_written_and_null(library: Path) -> None:
    data = json.loads(run_cli("search", "kind:event aman", str(library), "--json").stdout)
    assert (data[0]["date"], data[0]["end"], data[0]["approx"]) == ("2025", None, True)


def test_search_limit_and_total(library: Path) -> None:
    result = run_cli("search", "kind:event", str(library), "--limit", "3")
    assert result.returncode == 0
    assert result.stdout.rstrip().endswith("3 of 14 results")
    data = json.loads(run_cli("search", "kind:event", str(library), "-n", "2", "--json").stdout)
    assert len(data) == 2


def test_search_warnings_go_to_stderr(library: Path) -> None:
    result = run_cli("search", "visa from:2025-13", str(library), "--json")
    assert result.returncode == 0
    assert "warning: from:2025-13: not a date, ignored" in result.stderr
    assert json.loads(result.stdout)  # stdout stays clean JSON


def test_search_exit_codes_are_grep_like(library: Path) -> None:
    assert run_cli("search", "zzzzqqq", str(library)).returncode == 1
    assert json.loads(run_cli("search", "zzzzqqq", str(library), "--json").stdout) == []
    assert run_cli("search").returncode == 2  # QUERY missing: usage
    assert run_cli("search", "x", str(library), "--limit", "0").returncode == 2


def test_search_time_order(library: Path) -> None:
    data = json.loads(
        run_cli("search", "tag:visit", str(library), "--order", "time", "--json").stdout
    )
    assert [d["id"] for d in data] == ["naqvi-visit", "naqvi-visit", "dar-visit", "dar-visit"]


def test_search_highlights_by_style_and_never_reads_markup(tmp_path: Path) -> None:
    directory = tmp_path / "briefs"
    directory.mkdir()
    text = BRIEF_YAML.replace("title: Visa regime relaxed", "title: '[red]Visa[/red] rule'")
    write_brief(directory, "m", text)
    plain = run_cli("search", "visa", str(directory))
    assert "[red]Visa[/red] rule" in plain.stdout
    assert "\x1b" not in plain.stdout  # piped: plain text
    coloured = run_cli("search", "rule", str(directory), env={"FORCE_COLOR": "1"})
    assert "\x1b[1;7mrule\x1b[0m" in coloured.stdout  # the match, by style
    assert "[red]Visa[/red]" in coloured.stdout


def test_search_names_broken_briefs_and_searches_the_rest(tmp_path: Path) -> None:
    directory = tmp_path / "briefs"
    directory.mkdir()
    write_brief(directory, "good")
    (directory / "broken.yaml").write_text("format: 1\nid: [\n")
    result = run_cli("search", "regime", str(directory))
    assert result.returncode == 0
    assert "broken.yaml:" in result.stderr
    assert "Visa regime relaxed" in result.stdout


def test_search_on_the_bundled_brief() -> None:
    result = run_cli("search", "actor:dar", "--json")
    assert result.returncode == 0, result.stderr
    assert any(d["brief"] == "pakistan-bangladesh" for d in json.loads(result.stdout))


def test_timeline_table_and_count(library: Path) -> None:
    path = library / "test-brief.yaml"
    result = run_cli("timeline", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["date", "section", "title", "actors"]
    dates = [line[:27].strip() for line in lines[1:-1] if line[:1].strip()]
    assert dates == [
        "2024 – Jun 2025",
        "Nov 2024",
        "c. 2025",
        "15 Jan 2025",
        "Jul 2025",
        "23 Aug 2025 – 24 Aug 2025",
        "▷ Feb 2026",
    ]
    assert lines[-1] == "7 of 7 events"


def test_timeline_filtered(library: Path) -> None:
    path = str(library / "test-brief.yaml")
    result = run_cli("timeline", path, "from:2025-07 to:2025-08")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "3 of 7 events"
    assert "c. 2025" in result.stdout  # a year-only event overlaps, approximately
    assert "Mohsin Naqvi" in result.stdout  # actors by name
    data = json.loads(run_cli("timeline", path, "tag:visit", "--json").stdout)
    assert [d["id"] for d in data] == ["naqvi-visit", "dar-visit"]
    assert set(data[0]) >= JSON_KEYS


def test_timeline_by_id_and_exit_codes(library: Path) -> None:
    env = {"BRIEF_PATH": str(library)}
    assert run_cli("timeline", "other-brief", env=env).returncode == 0
    nothing = run_cli("timeline", "other-brief", "zzzqqq", env=env)
    assert nothing.returncode == 1
    assert nothing.stdout.strip() == "0 of 7 events"
    missing = run_cli("timeline", "no-such-brief", env=env)
    assert missing.returncode == 1
    assert "no brief with this id" in missing.stderr
    assert run_cli("timeline").returncode == 2


def test_help_has_examples() -> None:
    for command in ("search", "timeline"):
        result = run_cli(command, "--help")
        assert result.returncode == 0
        assert "Examples:" in result.stdout and f"brief {command} " in result.stdout


# --- a query may start with a dash ----------------------------------------------------------


def invoke(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from brief.cli import cli

    result = CliRunner().invoke(cli, list(args), env={"BRIEF_NO_CACHE": "1"})
    return result.exit_code, result.stdout, result.stderr


def json_ids(*args: str) -> list[str]:
    code, out, err = invoke(*args, *([] if "--json" in args else ["--json"]))
    assert code in (0, 1), err
    return [d["id"] for d in json.loads(out)]


@pytest.mark.parametrize(
    ("args", "query", "limit"),
    [
        (["-section:defence", "LIB"], "-section:defence", 50),
        (["-section:defence", "-is:expected", "LIB"], "-section:defence -is:expected", 50),
        (["kind:event", "-tag:visas", "LIB", "-exercise"], "kind:event -tag:visas -exercise", 50),
        (["-n", "3", "-naqvi", "LIB"], "-naqvi", 3),  # -n takes a number: "aqvi" is not one
        (["-n3", "-tag:visas", "LIB"], "-tag:visas", 3),
        (["-tag:visas", "LIB", "--limit", "3"], "-tag:visas", 3),
        (["--", "-exercise", "LIB"], "-exercise", 20),
    ],
)
def test_search_query_may_start_with_a_dash(
    library: Path, args: list[str], query: str, limit: int
) -> None:
    args = [str(library) if a == "LIB" else a for a in args]
    expected = json_ids("search", query, str(library), "--limit", str(limit))
    assert expected  # the queries above all match something
    if "--" in args:
        assert json_ids("search", "--json", *args) == expected
    else:
        assert json_ids("search", *args, *([] if limit != 50 else ["--limit", "50"])) == expected


def test_search_dash_terms_before_the_paths_are_the_query(library: Path) -> None:
    code, out, err = invoke("search", "-section:defence", "-exercise", str(library), "--json")
    assert code == 0, err
    assert not any(d["section"] == "defence" for d in json.loads(out))


@pytest.mark.parametrize(
    ("args", "query"),
    [
        (["BRIEF", "-exercise"], "-exercise"),
        (["BRIEF", "visa", "-regime"], "visa -regime"),
        (["-is:approx", "BRIEF"], "-is:approx"),  # wherever it stands
        (["-is:approx", "BRIEF", "kind:event"], "kind:event -is:approx"),
    ],
)
def test_timeline_query_may_start_with_a_dash(library: Path, args: list[str], query: str) -> None:
    path = str(library / "test-brief.yaml")
    expected = json_ids("timeline", path, query)
    assert expected
    assert json_ids("timeline", *[path if a == "BRIEF" else a for a in args]) == expected


@pytest.mark.parametrize(
    ("args", "query", "paths"),
    [
        (["-exercise", "visa"], "-exercise visa", []),  # `visa` is no path: a word of the query
        (["-exercise", "visa", "LIB"], "-exercise visa", ["LIB"]),
        (["-section:defence", "kind:event", "LIB"], "-section:defence kind:event", ["LIB"]),
        (["-exercise", "LIB", "visa"], "-exercise", ["LIB", "visa"]),  # after a path: a path
        (["-exercise", "visa", "LIB/test-brief.yaml"], "-exercise visa", ["LIB/test-brief.yaml"]),
    ],
)
def test_plain_words_after_a_leading_dash_term_join_the_query_up_to_a_path(
    library: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    query: str,
    paths: list[str],
) -> None:
    """`brief search -exercise visa` searches `-exercise visa`, not the query `-exercise` in a
    file named `visa`; a word that names a path (it exists, or has a `/`) is still a path."""
    monkeypatch.chdir(library)
    monkeypatch.setenv("BRIEF_PATH", str(library))

    def place(words: list[str]) -> list[str]:
        return [w.replace("LIB", str(library)) for w in words]

    code, out, err = invoke("search", *place(args), "--json", "--limit", "50")
    expected = json_ids("search", query, *place(paths), "--limit", "50")
    assert code in (0, 1), err
    assert [d["id"] for d in json.loads(out)] == expected
    assert ("no such file" in err) == ("visa" in paths)


def test_a_timeline_query_may_start_with_a_dash_and_go_on(library: Path) -> None:
    path = str(library / "test-brief.yaml")
    expected = json_ids("timeline", path, "-exercise visit")
    assert expected
    assert json_ids("timeline", path, "-exercise", "visit") == expected


def test_mistyped_long_options_are_still_errors(library: Path) -> None:
    code, _, err = invoke("search", "visa", str(library), "--limt", "3")
    assert code == 2
    assert "No such option '--limt'" in err and "Did you mean '--limit'?" in err
    code, _, err = invoke("timeline", "test-brief", "-exercise", "--jsn")
    assert code == 2 and "--json" in err
    code, _, err = invoke("search", "-n", "x", "visa")
    assert code == 2 and "'x' is not a valid integer" in err
