"""The banner over the tabs when the file shown is broken on disk: the last good version stays on
screen, and the banner says why at path:line:col until the file is fixed."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from brief.errors import Problem
from brief.tui.content import plural, text
from brief.tui.widgets.overview import problem_line

SHOWN = 3  # problems listed; the Overview lists them all


def banner_content(problems: Sequence[Problem]) -> Content:
    lines = [
        text(
            "This file has a problem on disk; showing the last good version. "
            "Fix it and save: it reloads by itself.",
            "bold",
        ),
        *(problem_line(p) for p in problems[:SHOWN]),
    ]
    if len(problems) > SHOWN:
        lines.append(text(f"and {plural(len(problems) - SHOWN, 'more problem')} (see Overview)"))
    return Content("\n").join(lines)


class ProblemBanner(Static):
    DEFAULT_CSS = """
    ProblemBanner {
        height: auto;
        max-height: 6;
        padding: 0 1;
        background: $error-muted;
        color: $text;
        border-left: outer $error;
    }
    """

    def __init__(self, problems: Sequence[Problem], *, id: str | None = None) -> None:
        super().__init__(banner_content(problems), id=id)
        self.problems = list(problems)
