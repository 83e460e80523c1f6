"""brief: read, search and export structured briefings in the terminal.

The core (model, load, library, text, query, search, render, export) never imports Textual; the
TUI in `brief.tui` is one client of it, the CLI in `brief.cli` another.
"""

__version__ = "0.1.0"
