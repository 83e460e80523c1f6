"""The table of `brief` commands, read by the click group and `brief --help` without importing
any command."""

from __future__ import annotations

# name -> (module, function, one-line help). Help text is here too, so `brief --help` lists every
# command without importing any of them.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "open": ("brief.cli.app_cmd", "open_cmd", "Open the app (the default; `brief ID|PATH`)."),
    "list": ("brief.cli.library_cmds", "list_cmd", "List the briefs found, with counts."),
    "validate": ("brief.cli.library_cmds", "validate_cmd", "Check brief files for problems."),
    "schema": ("brief.cli.library_cmds", "schema_cmd", "Print the JSON Schema of the format."),
    "show": ("brief.cli.show_cmds", "show_cmd", "Print a brief as a formatted document."),
    "export": ("brief.cli.show_cmds", "export_cmd", "Export a brief to a file or stdout."),
    "search": ("brief.cli.search_cmds", "search_cmd", "Search across briefs."),
    "timeline": ("brief.cli.search_cmds", "timeline_cmd", "Show a brief's timeline, filtered."),
    "new": ("brief.cli.authoring_cmds", "new_cmd", "Start a new brief from a template."),
    "lint": ("brief.cli.authoring_cmds", "lint_cmd", "Check briefs for quality issues."),
    "diff": ("brief.cli.authoring_cmds", "diff_cmd", "Show what changed between two versions."),
}

# Options of `open` that may be given to `brief` itself.
OPEN_FLAGS = ("--no-watch", "--no-history")
