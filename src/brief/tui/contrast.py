"""Readable text in every theme: each text colour the app uses is adjusted, per theme, until it
has a WCAG AA contrast (4.5:1) against every background it is drawn on.

Some built-in themes fall short (atom-one-light's success green on its surface is about 2.5:1).
The adjustment moves a colour towards black on light backgrounds, towards white on dark ones,
only as far as needed, so each theme keeps its hues.
"""

from __future__ import annotations

from textual.color import Color

MINIMUM = 4.5

# Text colour variable -> the backgrounds it is drawn on: reading panes ($surface), the header
# and dialogs ($panel), and the key bar. Every pair is checked (and fixed) for each theme.
READING = ("surface", "panel", "background")
PAIRS: dict[str, tuple[str, ...]] = {
    "foreground": READING,
    "text-primary": READING,
    "text-secondary": READING,
    "text-accent": READING,
    "text-success": READING,
    "text-warning": READING,
    "text-error": READING,
    "text-muted": READING,
    "footer-key-foreground": ("footer-key-background", "footer-background"),
    "footer-description-foreground": ("footer-description-background", "footer-background"),
}


def luminance(color: Color) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(foreground: Color, background: Color) -> float:
    """WCAG contrast ratio, 1 to 21. A translucent foreground is blended over the background."""
    solid = background + foreground if foreground.a < 1 else foreground
    light, dark = sorted((luminance(solid), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(foreground: Color, backgrounds: list[Color], minimum: float = MINIMUM) -> Color:
    """`foreground`, or the nearest colour towards black or white that reaches `minimum`
    against all `backgrounds`. One of black and white always reaches 4.5:1 against one
    background (the worst case, a luminance of 0.18, gives 4.58:1), so only the text moves."""
    base = backgrounds[0] + foreground if foreground.a < 1 else foreground
    if all(contrast(base, bg) >= minimum for bg in backgrounds):
        return base
    dark = sum(luminance(bg) for bg in backgrounds) / len(backgrounds) < 0.18
    target = Color(255, 255, 255) if dark else Color(0, 0, 0)
    for step in range(1, 21):
        candidate = base.blend(target, step / 20)
        if all(contrast(candidate, bg) >= minimum for bg in backgrounds):
            return candidate
    return target


# What a translucent background is drawn over: the key bar's keys sit on the key bar.
BACKDROPS = {
    "footer-key-background": "footer-background",
    "footer-description-background": "footer-background",
}


def backdrop(variables: dict[str, str], name: str, color: Color) -> Color:
    """`color` (the variable `name`) as seen: blended over what it is drawn on."""
    if color.a >= 1:
        return color
    under = resolve(variables, BACKDROPS.get(name, "surface")) or Color(0, 0, 0)
    return under + color


def resolve(variables: dict[str, str], name: str) -> Color | None:
    """A variable's colour, or None if it is not a plain colour (e.g. "auto 60%", or an ANSI
    colour, which the terminal chooses)."""
    value = variables.get(name, "")
    if value.startswith("ansi"):
        return None
    try:
        return Color.parse(value)
    except Exception:  # Textual's parse errors vary by input; any means "not a colour"
        return None


def readable_variables(variables: dict[str, str]) -> dict[str, str]:
    """The text colour variables of `PAIRS`, adjusted where they fall short."""
    fixed: dict[str, str] = {}
    for name, background_names in PAIRS.items():
        backgrounds = [
            backdrop(variables, b, color)
            for b in background_names
            if (color := resolve(variables, b)) is not None
        ]
        foreground = resolve(variables, name)
        if foreground is None:
            if variables.get(name, "").startswith("ansi"):
                continue  # the terminal's palette decides
            # "auto 60%" and the like: the theme's foreground at that strength.
            strength = _percent(variables.get(name, "")) or 0.6
            base = resolve(variables, "foreground") or Color(255, 255, 255)
            foreground = base.with_alpha(strength)
        if not backgrounds:
            continue
        adjusted = readable(foreground, backgrounds)
        if adjusted.hex != variables.get(name):
            fixed[name] = adjusted.hex
    return fixed


def _percent(value: str) -> float | None:
    for word in value.split():
        if word.endswith("%"):
            try:
                return float(word[:-1]) / 100
            except ValueError:
                return None
    return None
