"""The click arguments that several commands share."""

from __future__ import annotations

import click

PATHS_ARGUMENT = click.argument("paths", nargs=-1, type=click.Path(dir_okay=True, path_type=str))
