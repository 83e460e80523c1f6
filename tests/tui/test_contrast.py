"""Every text colour pair the app draws meets WCAG AA (4.5:1) in every theme the palette offers,
computed from the colours the running app resolves."""

from __future__ import annotations

from pathlib import Path

from textual.color import Color

from brief.tui.contrast import PAIRS, backdrop, contrast, readable, resolve
from tests.tui.conftest import drive
from tests.tui.test_flows import app_for


def test_every_text_colour_is_readable_in_every_theme(brief_dir: Path) -> None:
    failures: list[str] = []
    checked: list[str] = []

    async def steps(pilot) -> None:
        app = pilot.app
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            variables = app.get_css_variables()
            if any(variables.get(n, "").startswith("ansi") for n in PAIRS):
                continue  # ANSI themes: the terminal's own palette decides the colours
            surface = resolve(variables, "surface")
            assert surface is not None, theme
            for name, backgrounds in PAIRS.items():
                fg = resolve(variables, name)
                assert fg is not None, f"{theme}: {name} = {variables.get(name)!r}"
                for background in backgrounds:
                    bg = resolve(variables, background)
                    if bg is None:
                        continue
                    bg = backdrop(variables, background, bg)
                    ratio = contrast(fg, bg)
                    if ratio < 4.5:
                        failures.append(f"{theme}: {name} on {background} is {ratio:.2f}:1")
            checked.append(theme)

    drive(app_for(brief_dir), (80, 24), steps)
    assert "atom-one-light" in checked and "textual-dark" in checked
    assert not failures, "\n".join(failures)


def test_the_tag_chip_colour_used_on_screen_is_the_readable_one(brief_dir: Path) -> None:
    async def steps(pilot) -> None:
        app = pilot.app
        app.theme = "atom-one-light"
        await pilot.pause()
        variables = app.theme_variables
        chip = resolve(variables, "text-success")
        surface = resolve(variables, "surface")
        assert chip is not None and surface is not None
        assert contrast(chip, surface) >= 4.5
        # The theme's own success colour, for comparison, is what fell short.
        theme_success = Color.parse(app.current_theme.success or "#000")
        assert contrast(theme_success, surface) < 4.5

    drive(app_for(brief_dir), (80, 24), steps)


def test_readable_moves_only_as_far_as_needed() -> None:
    white, black = Color(255, 255, 255), Color(0, 0, 0)
    ok = Color(0, 0, 0)
    assert readable(ok, [white]) == ok  # already readable: unchanged
    pale = Color(200, 230, 200)
    fixed = readable(pale, [white])
    assert contrast(fixed, white) >= 4.5
    assert contrast(readable(Color(20, 20, 60), [black]), black) >= 4.5
