"""Screens of the app: the brief, the picker, help, search, export and the no-brief screen."""
