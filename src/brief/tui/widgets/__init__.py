"""Widgets of the app, each self-contained (their own DEFAULT_CSS) and talking through messages."""
