"""`brief show … | head`: a reader that stops early ends the command quietly with 0; and figure
values in the unit "year" read as years, in `brief show` and the model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from brief.model import Figure

BRIEF = Path(sys.executable).parent / "brief"


@pytest.mark.parametrize(
    "command",
    [
        ["show", "pakistan-bangladesh"],
        ["timeline", "pakistan-bangladesh"],  # brief.cli.lean, as plain text
        ["search", "pakistan"],  # the same
        ["search", "pakistan", "--json"],
    ],
)
def test_a_closed_pipe_ends_quietly_with_0(command: list[str]) -> None:
    # The process is the point here: a real pipe whose reader has gone before the first write.
    reader, writer = os.pipe()
    os.close(reader)
    done = subprocess.run([str(BRIEF), *command], stdout=writer, stderr=subprocess.PIPE)
    os.close(writer)
    assert done.returncode == 0
    assert done.stderr == b""


def test_output_to_dev_null_still_reports_errors_with_1() -> None:
    done = subprocess.run(
        [str(BRIEF), "show", "no-such-brief"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert done.returncode == 1
    assert b"no brief with this id" in done.stderr


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1960, "year", "1960"),
        (5, "year", "5 years"),
        (1, "year", "1 year"),
        (13, "years", "13 years"),
        (1960, None, "1,960"),
    ],
)
def test_a_figure_in_years(value: float, unit: str | None, shown: str) -> None:
    assert Figure(label="x", value=value, unit=unit).value_text() == shown


def test_brief_show_prints_a_year_as_a_year(tmp_path: Path) -> None:
    from tests.helpers import BUNDLED

    text = BUNDLED.read_text(encoding="utf-8").replace(
        "figures:\n", "figures:\n  - label: Independence\n    value: 1971\n    unit: year\n", 1
    )
    path = tmp_path / "years.yaml"
    path.write_text(text, encoding="utf-8")
    from click.testing import CliRunner

    from brief.cli import cli

    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 0, result.output
    assert "1971" in result.output and "1,971" not in result.output
