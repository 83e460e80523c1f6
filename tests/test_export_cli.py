"""`brief show` and `brief export`, run as a user runs them (`run_cli`; a subprocess where the
process is the point: its locale, a closed pipe)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.golden import SAMPLE
from tests.helpers import run_cli, run_process

ESCAPE = re.compile(r"\x1b")


def test_show_prints_the_whole_brief_plainly_when_piped() -> None:
    result = run_cli("show", "pakistan-bangladesh")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert not ESCAPE.search(out)
    for heading in ("Key figures ─", "Diplomacy ─", "Timeline ─", "Actors ─", "References ─"):
        assert heading in out
    assert all(line == line.rstrip() for line in out.splitlines())
    assert max(len(line) for line in out.splitlines()) <= 100


def test_show_one_section_at_a_width() -> None:
    result = run_cli("show", str(SAMPLE), "--section", "economy-culture", "--width", "60")
    assert result.returncode == 0, result.stderr
    assert "Section Economy & Culture" in result.stdout
    assert "Trade grew from a small base." in result.stdout
    assert "Mohsin Naqvi visits Dhaka" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 60


def test_show_colours_only_with_sgr_when_forced_and_honours_no_color() -> None:
    forced = run_cli("show", str(SAMPLE), env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert "\x1b[" in forced.stdout
    assert set(re.findall(r"\x1b.", forced.stdout)) == {"\x1b["}  # no OSC links, no titles
    no_color = run_cli("show", str(SAMPLE), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not re.search(r"\x1b\[[0-9;]*3[0-9;]*8;[25];", no_color.stdout)  # no colours


def test_show_unknown_section_is_a_usage_error() -> None:
    result = run_cli("show", str(SAMPLE), "--section", "diplomcy")
    assert result.returncode == 2
    assert "did you mean 'diplomacy'" in result.stderr


def test_show_unknown_brief_is_one_line_exit_1() -> None:
    result = run_cli("show", "no-such-brief")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["show", "export"])
def test_help_has_an_example(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert f"brief {command} pakistan-bangladesh" in result.stdout


def test_export_format_from_the_extension(tmp_path: Path) -> None:
    result = run_cli("export", str(SAMPLE), "-o", "page.HTML", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "page.HTML").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Wrote html export to page.HTML" in result.stderr


def test_export_default_name_and_format(tmp_path: Path) -> None:
    result = run_cli("export", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "sample-relations-2025-10-23.txt"
    assert written.exists()
    assert "\x1b" not in written.read_text(encoding="utf-8")
    md = run_cli("export", str(SAMPLE), "--format", "md", cwd=tmp_path)
    assert md.returncode == 0 and (tmp_path / "sample-relations-2025-10-23.md").exists()


def test_an_unknown_extension_needs_a_format(tmp_path: Path) -> None:
    result = run_cli("export", str(SAMPLE), "-o", "brief.out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("brief.out: error: no export format writes '.out' files")
    assert list(tmp_path.iterdir()) == []
    named = run_cli("export", str(SAMPLE), "-o", "brief.out", "--format", "text", cwd=tmp_path)
    assert named.returncode == 0
    assert (tmp_path / "brief.out").read_text(encoding="utf-8").startswith("Pakistan–Bangladesh")


def test_export_to_stdout_in_utf8_whatever_the_locale(tmp_path: Path) -> None:
    # A process of its own: the locale and PYTHONIOENCODING set the streams at its start.
    result = run_process(
        "export", str(SAMPLE), "-o", "-", "--format", "json",
        env={"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Pakistan–Bangladesh Relations (sample)"
    assert list(tmp_path.iterdir()) == []


def test_export_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_bytes(b"precious\n")
    result = run_cli("export", str(SAMPLE), "-o", str(target))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(target) in lines[0] and "already exists" in lines[0]
    assert "--force" in lines[0]
    assert target.read_bytes() == b"precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]
    forced = run_cli("export", str(SAMPLE), "-o", str(target), "--force")
    assert forced.returncode == 0
    assert target.read_text(encoding="utf-8").startswith("# Pakistan–Bangladesh")


def test_export_to_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "brief.svg"
    result = run_cli("export", str(SAMPLE), "-o", str(target))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"{target}: error: directory does not exist"]
    assert "Traceback" not in result.stderr


def test_export_sections_and_query(tmp_path: Path) -> None:
    result = run_cli(
        "export", str(SAMPLE), "-o", "-", "--section", "diplomacy", "--section", "economy-culture",
        "--query", "visit",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Sections Diplomacy, Economy & Culture" in out
    assert "Ishaq Dar visits Dhaka" in out and "Direct trade resumes" not in out
    assert "Filtered by query visit" in out


def test_query_warnings_and_empty_results_are_reported() -> None:
    result = run_cli("export", str(SAMPLE), "-o", "-", "--query", "from:2025-13 zzzz")
    assert result.returncode == 0
    assert "warning: query: from:2025-13: not a date, ignored" in result.stderr
    assert "nothing in sample-relations matches" in result.stderr


def test_export_bad_width_is_a_usage_error() -> None:
    result = run_cli("export", str(SAMPLE), "-o", "-", "--width", "5")
    assert result.returncode == 2


def test_export_into_a_closed_pipe_ends_quietly() -> None:
    import subprocess
    import sys

    pipeline = subprocess.run(
        f"{sys.executable} -m brief export {SAMPLE} -o - --format html | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert pipeline.stdout == "<!DOCTYPE "
    assert "Traceback" not in pipeline.stderr and "Exception" not in pipeline.stderr
