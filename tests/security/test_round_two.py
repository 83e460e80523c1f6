"""Hostile input, round two (issue 15): amplification, floods and work that grew with the square
of the input. The attacks are generated (tests/security/attacks.py) at sizes where the code
before this issue still finished quickly but visibly broke the bound: output many times the
brief's size, one line per error, or work that quadrupled when the input doubled. Work is
counted (difflib comparisons), not timed; benchmarks/bench_limits.py times the full sizes."""

from __future__ import annotations

import difflib
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from brief.cli import cli
from brief.diff import diff_briefs
from brief.lint import lint_brief
from brief.load import MAX_PROBLEMS, check_file, load_brief, load_bytes
from tests.security import attacks
from tests.security.test_load_limits import (
    HANG_GUARD,
    PROBLEM_LINE,
    check_verdict,
    run_limited,
    validate,
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "100", "BRIEF_NO_CACHE": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- 1. amplification ---------------------------------------------------------------------------

# `show` and `timeline` on a pipe crop a long name to its column; what they build is checked
# below (test_timeline_cells_are_bounded).
SURFACES = [
    ("export", "--format", "md", "-o", "-"),
    ("export", "--format", "html", "-o", "-"),
    ("export", "--format", "json", "-o", "-"),
    ("export", "--format", "text", "-o", "-"),
]
AMPLIFIED = {
    "repeated-actor": lambda: attacks.repeated_actor(repeats=400, name_chars=4_000),
    "repeated-source": lambda: attacks.repeated_source(repeats=400, title_chars=4_000),
    "long-names-referenced": lambda: attacks.long_names_referenced(events=300, chars=4_000),
}


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: "-".join(s[:3]))
@pytest.mark.parametrize("attack", AMPLIFIED)
def test_output_is_bounded_by_the_briefs_size(
    tmp_path: Path, surface: tuple[str, ...], attack: str
) -> None:
    # Before: each repeat (or each event) printed the 4,000-character name again, 400 times.
    path = write(tmp_path, "amplified", AMPLIFIED[attack]())
    size = path.stat().st_size
    code, out, _ = invoke(*surface[:1], str(path), *surface[1:])
    assert code == 0
    # HTML spends ~100 characters of markup on each line of text: 6× leaves room for it.
    assert len(out) < 6 * size + 10_000, f"{len(out):,} characters for a {size:,}-byte brief"


@pytest.mark.parametrize("attack", AMPLIFIED)
def test_timeline_cells_are_bounded(attack: str) -> None:
    from brief.render import TimelineLayout, timeline_table

    text = AMPLIFIED[attack]()
    brief = load_bytes(text.encode())
    events = brief.events_in_order()
    table = timeline_table(brief, events, TimelineLayout.for_events(brief, events))
    built = sum(len(cell.plain) for column in table.columns for cell in column.cells)
    assert built < 2 * len(text), f"{built:,} characters in the cells of a {len(text):,} brief"


@pytest.mark.parametrize("attack", AMPLIFIED)
def test_the_tui_event_detail_is_bounded(attack: str) -> None:
    # With a source cited 5,000 times the Timeline built a 250-million-character panel.
    from brief.tui.widgets.event_detail import event_detail

    text = AMPLIFIED[attack]()
    brief = load_bytes(text.encode())
    built = max(len(event_detail(brief, event).plain) for event in brief.timeline)
    assert built < 2 * len(text)


def test_a_repeated_reference_is_kept_once_with_a_warning_at_its_place(tmp_path: Path) -> None:
    path = write(tmp_path, "repeats", attacks.repeated_actor(repeats=50, name_chars=10))
    brief, problems = check_file(path)
    assert brief is not None
    assert brief.timeline[0].actors == ["x"]
    assert [str(p) for p in problems] == [
        f"{path}:15:17: warning: `x` is named 50 times in `actors`; only the first is kept "
        "(remove the others)"
    ]
    code, _, err = invoke("validate", str(path))
    assert code == 0 and f"{path}:15:17: warning: `x` is named 50 times" in err


def test_repeats_are_dropped_in_file_order_whatever_the_list() -> None:
    head = attacks.HEAD + "actors:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
    text = head + "timeline:\n  - {date: 2025, title: t, actors: [b, a, b, a], tags: [x, x]}\n"
    brief = load_bytes(text.encode())
    assert brief.timeline[0].actors == ["b", "a"]
    assert brief.timeline[0].tags == ["x"]


# --- 2. floods: errors capped per file, in text and JSON ----------------------------------------

FLOODS = {
    "alias_flood": lambda: attacks.alias_flood(100_000),
    "tag_flood": lambda: attacks.tag_flood(50_000),
    "type_flood": lambda: attacks.type_flood(10_000),
    "unknown_keys": lambda: attacks.unknown_keys(20_000),
}


@pytest.mark.parametrize("name", FLOODS)
def test_a_flood_of_errors_is_capped(tmp_path: Path, name: str) -> None:
    # Before: one line per error (400,007 lines, 41 MB, 31 s for the aliases).
    path = write(tmp_path, name, FLOODS[name]())
    run = validate(path)
    check_verdict(path, run)
    lines = run.stderr.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1  # the first 100, then the summary
    assert all(PROBLEM_LINE.match(line) for line in lines)
    assert "more errors from here on (" in lines[-1]
    assert "only the first 100 are listed one by one" in lines[-1]


def test_the_summary_counts_what_is_left_by_kind(tmp_path: Path) -> None:
    text = attacks.HEAD + "junk:\n" + "- *a\n- !x b\n" * 150 + "timeline:\n"
    text += "  - {date: 2025, title: t, approx: q}\n" * 20
    path = write(tmp_path, "mixed", text)
    _, problems = check_file(path)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == MAX_PROBLEMS + 1
    summary = errors[-1]
    # Listed: the unknown key `junk`, then 50 aliases and 49 tags, lines 9 to 107.
    assert summary.message.startswith("221 more errors from here on (")
    assert "tag: 101" in summary.message and "alias: 100" in summary.message
    assert "schema: 20" in summary.message
    assert (summary.line, summary.col) == (108, 3)  # where the first unlisted error is


def test_json_output_is_capped_too(tmp_path: Path) -> None:
    path = write(tmp_path, "flood", attacks.alias_flood(5_000))
    code, out, _ = invoke("validate", "--format", "json", str(path))
    assert code == 1
    (entry,) = json.loads(out)["files"]
    assert len(entry["problems"]) == MAX_PROBLEMS + 1
    assert "4,901 more errors from here on (alias: 4,901)" in entry["problems"][-1]["message"]


def test_lint_findings_are_capped_per_rule(tmp_path: Path) -> None:
    unsourced = "".join(f"  - {{date: 2025, title: t{i}}}\n" for i in range(300))
    path = write(tmp_path, "events", attacks.HEAD + "timeline:\n" + unsourced)
    code, out, _ = invoke("lint", str(path))
    assert code == 1
    lines = [line for line in out.splitlines() if line.endswith("[missing-source]")]
    assert len(lines) == 101
    assert "200 more missing-source findings from here on" in lines[-1]


# --- 3. work that grew with the square of the input ---------------------------------------------


@contextmanager
def counted(method: str) -> Iterator[list[int]]:
    """Counts calls of a SequenceMatcher method: `set_seq1` once per candidate compared,
    `get_matching_blocks` once per full (slow) comparison."""
    calls = [0]
    original = getattr(difflib.SequenceMatcher, method)

    def counting(self: difflib.SequenceMatcher, *args: object) -> object:
        calls[0] += 1
        return original(self, *args)

    setattr(difflib.SequenceMatcher, method, counting)
    try:
        yield calls
    finally:
        setattr(difflib.SequenceMatcher, method, original)


def comparisons(run: Callable[[int], object], n: int) -> int:
    with counted("set_seq1") as calls:
        run(n)
    return calls[0]


def assert_near_linear(run: Callable[[int], object], n: int) -> None:
    """Doubling the input at most a little more than doubles the comparisons (the code before
    issue 15 quadrupled them)."""
    small, large = comparisons(run, n), comparisons(run, 2 * n)
    assert large <= 2.5 * small + 50, (small, large)


def test_did_you_mean_for_unknown_references_is_near_linear(tmp_path: Path) -> None:
    def run(n: int) -> None:
        _, problems = check_file(write(tmp_path, f"refs{n}", attacks.unknown_actor_refs(n, n)))
        assert any("unknown actor" in p.message for p in problems)

    assert_near_linear(run, 300)


def test_did_you_mean_still_helps(tmp_path: Path) -> None:
    text = attacks.HEAD + "actors:\n  - {id: ishaq-dar, name: D}\n  - {id: imran-khan, name: K}\n"
    text += "timeline:\n  - {date: 2025, title: t, actors: [ishaq-daar]}\n"
    _, problems = check_file(write(tmp_path, "typo", text))
    assert "unknown actor `ishaq-daar`; did you mean `ishaq-dar`?" in problems[0].message
    text = attacks.HEAD + "titel: x\n"
    _, problems = check_file(write(tmp_path, "key", text))
    assert "did you mean `title`?" in problems[0].message


def test_lint_tag_typo_is_near_linear(tmp_path: Path) -> None:
    def run(n: int) -> None:
        brief = load_brief(write(tmp_path, f"tags{n}", attacks.tags_used_once(n)))
        lint_brief(brief)

    assert_near_linear(run, 300)


def test_lint_duplicate_event_is_near_linear(tmp_path: Path) -> None:
    def run(n: int) -> None:
        brief = load_brief(write(tmp_path, f"similar{n}", attacks.similar_events(n)))
        lint_brief(brief, ignore=["tag-typo"])

    assert_near_linear(run, 200)


def test_diff_similarity_matching_is_bounded() -> None:
    # 190 × 190 events on one date, titles of the same letters: 36,100 full comparisons before.
    from brief.diff import MAX_FULL_RATIOS

    old, new = attacks.diff_pair(events=190, same_key=0)
    with counted("get_matching_blocks") as full:
        changes = diff_briefs(load_bytes(old.encode()), load_bytes(new.encode()))
    assert full[0] <= MAX_FULL_RATIOS
    assert changes.counts()["added"] == 190  # nothing alike enough to pair: all still reported


def test_diff_key_matching_is_linear(tmp_path: Path) -> None:
    # 8,000 events of one date and title, with different ids on each side: each new event
    # scanned the whole bucket of old ones (64 million checks, half a minute).
    old, new = attacks.diff_pair(events=0, same_key=8_000)
    run = run_limited(
        [sys.executable, "-m", "brief", "diff", "--format", "json",
         str(write(tmp_path, "old", old)), str(write(tmp_path, "new", new))],
        timeout=HANG_GUARD * 2,
    )  # fmt: skip
    assert run.code == 1, run.stderr
    assert json.loads(run.stdout)["counts"] == {"added": 8_000, "removed": 8_000, "changed": 0}


def test_a_huge_query_is_cut_with_a_warning() -> None:
    from brief.query import MAX_TERMS, parse

    query = parse(attacks.star_query(30_000))
    assert len(query.warnings) == 1
    assert f"only the first {MAX_TERMS} of 30,000 terms are searched" in query.warnings[0]
    assert sum(len(clause.atoms) for clause in query.clauses) <= MAX_TERMS


def test_the_key_figures_table_is_not_padded_to_the_longest_change() -> None:
    # Every row was padded to the longest `change`: 3,000 rows of 200,000 spaces (13.8 s and
    # 2 GB before the Overview first painted a 615 KB brief).
    from brief.tui.widgets.overview import figures_table

    brief = load_bytes(attacks.long_changes(figures=50, change_chars=20_000).encode())
    lines = "\n".join(block.plain for block in figures_table(brief)).splitlines()
    assert max(len(line) for line in lines) <= 120
    assert "".join(line[-24:] for line in lines).count("c") >= 20_000  # all of it, wrapped


# --- 4. the TUI ---------------------------------------------------------------------------------

PALETTE_SCRIPT = """
import asyncio, sys
from textual.command import CommandList, CommandPalette
from brief.tui.app import BriefApp

async def main():
    app = BriefApp([sys.argv[1]], None, watch=False, history=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"go to event visa")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await palette.workers.wait_for_complete()
        await pilot.pause()
        options = palette.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        print(len(prompts), sum("Go to event" in p for p in prompts))
        await pilot.press("escape", "q")

asyncio.run(main())
"""


def test_the_palette_answers_with_long_event_titles(tmp_path: Path) -> None:
    # Textual's FuzzySearch tries every alignment: one 400-character title of repeated words
    # and `go to event visa` froze the app (5.9 GB at 60 s). The app runs in its own process
    # under the address-space limit, so the old matcher fails instead of swapping.
    title = " ".join(["visa travel event"] * 24)[:400]
    events = "".join(
        f"  - {{id: e{i}, date: 2025-01-{i + 1:02d}, title: {title} {i}, sources: [s]}}\n"
        for i in range(20)
    )
    path = write(tmp_path, "palette", attacks.HEAD + "timeline:\n" + events)
    run = run_limited([sys.executable, "-c", PALETTE_SCRIPT, str(path)], timeout=120)
    assert run.code == 0, run.stderr[-2000:]
    shown, events_found = map(int, run.stdout.split()[-2:])
    assert events_found == 20 and shown >= 20


# --- 5. files and names -------------------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "command",
    [("schema", "-o"), ("export", "pakistan-bangladesh", "--force", "-o")],
    ids=["schema", "export"],
)
@pytest.mark.parametrize("via_link", [False, True], ids=["fifo", "link-to-fifo"])
def test_a_special_file_is_never_replaced(
    tmp_path: Path, command: tuple[str, ...], via_link: bool
) -> None:
    # Before: both renamed a regular file over the FIFO (as root, over /dev/null too). A .json
    # name, so that the export's extension check passes and the file type is what refuses it.
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    target = fifo
    if via_link:
        target = tmp_path / "link.json"
        target.symlink_to(fifo)
    code, _, err = invoke(*command, str(target))
    assert code == 2
    assert err == (
        f"{target}: error: is a FIFO, not a regular file; to write there, write to stdout "
        "with `-o -`\n"
    )
    assert stat.S_ISFIFO(os.stat(target).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({fifo.name, target.name})


def test_the_atomic_writer_refuses_a_special_file(fifo: Path) -> None:
    from brief.atomic import NotARegularFileError, write_atomic

    with pytest.raises(NotARegularFileError, match="is a FIFO"):
        write_atomic(fifo, "x", overwrite=True)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_schema_to_stdout_with_a_dash() -> None:
    code, out, _ = invoke("schema", "-o", "-")
    assert code == 0 and json.loads(out)["title"] == "brief format v1"


@pytest.mark.parametrize(
    "argv",
    [("validate", "{fifo}"), ("show", "{fifo}"), ("lint", "{fifo}"), ("list", "{fifo}")],
    ids=lambda a: a[0],
)
def test_reading_a_fifo_never_hangs(fifo: Path, argv: tuple[str, ...]) -> None:
    # Before: the file was opened (waiting for a writer, for ever) before its type was checked.
    args = [a.format(fifo=fifo) for a in argv]
    run = run_limited([sys.executable, "-m", "brief", *args], timeout=HANG_GUARD * 5)
    assert run.code in (0, 1), (run.code, run.stderr)
    assert f"{fifo}: error: not a regular file" in run.stdout + run.stderr


def test_a_fifo_on_brief_path_never_hangs(fifo: Path) -> None:
    run = run_limited(
        [sys.executable, "-m", "brief", "list"],
        timeout=HANG_GUARD * 5,
        env={"BRIEF_PATH": str(fifo)},
    )
    assert run.code in (0, 1), run.stderr
    assert f"{fifo}: error: not a regular file" in run.stdout


def test_a_symlink_loop_is_one_line(tmp_path: Path) -> None:
    # Before: `Path.resolve()` raised RuntimeError (a traceback) on Python 3.11.
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "other.yaml")
    (tmp_path / "other.yaml").symlink_to(loop)
    for argv in (("validate", str(loop)), ("list", str(loop)), ("show", str(loop))):
        code, out, err = invoke(*argv)
        assert code == 1 and "Traceback" not in out + err
        assert f"{loop}: error: cannot read the file: too many levels of symbolic links" in (
            out + err
        ).replace("Too many", "too many")


NASTY_NAME = "a\nfake.yaml:9:9: error: forged\x1b[2J.yaml"


def test_a_file_name_cannot_forge_a_problem_line(tmp_path: Path) -> None:
    (tmp_path / NASTY_NAME).write_text("x: [\n", encoding="utf-8")
    shown = str(tmp_path / "a␊fake.yaml:9:9: error: forged␛[2J.yaml")
    for argv in (("validate", str(tmp_path)), ("list", str(tmp_path)), ("lint", str(tmp_path))):
        code, out, err = invoke(*argv)
        assert code in (0, 1)
        lines = (out + err).splitlines()
        assert not any(line.startswith("fake.yaml") for line in lines), lines
        assert any(line.startswith(shown) for line in lines), lines
        assert "\x1b" not in out + err


def test_settings_are_written_by_the_one_atomic_writer(tmp_path: Path) -> None:
    # Issue 13: tui.settings had its own writer (mkstemp: the file's mode was lost).
    from brief.tui.settings import SETTINGS_FILE, Settings, save_settings

    path = tmp_path / SETTINGS_FILE
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o640)
    save_settings(Settings(theme="nord"), tmp_path)
    assert json.loads(path.read_text())["theme"] == "nord"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    os.unlink(path)
    os.mkfifo(path)
    with pytest.raises(OSError, match="is a FIFO"):
        save_settings(Settings(theme="nord"), tmp_path)
