"""The errors a user can fix, in one tree. The CLI catches the root and prints one line (exit 2).

::

    FigwatchError              the user can fix it: one line, no traceback, exit code 2
    ├── ConfigError            figwatch.toml: unreadable, unknown key, bad value (also ValueError)
    ├── SecretError            a secret variable or file that cannot be read safely (also ValueError)
    ├── MissingExtra           an optional part is not installed; names the extra (also RuntimeError)
    ├── MarkError              an alert mark that cannot be recorded (also ValueError)
    └── UserError              a command's arguments or files

The storage layer sits below this module and keeps its own one-line error,
``storage.db.DatabaseError`` (bad URL, server down); the CLI shows it the same way. The crawler's
own exceptions (requests it skips, limits, unusable XML) are in ``crawler.exceptions``.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "FigwatchError",
    "MarkError",
    "MissingExtra",
    "SecretError",
    "UserError",
]


class FigwatchError(Exception):
    """An error the user can fix; its message is one line, shown without a traceback."""


class ConfigError(FigwatchError, ValueError):
    """A configuration problem, described in one line."""


class SecretError(FigwatchError, ValueError):
    """A secret that cannot be read safely; the message is one line and contains no secret."""


class MissingExtra(FigwatchError, RuntimeError):
    """A feature's optional dependencies are not installed."""


class MarkError(FigwatchError, ValueError):
    """A mark that cannot be recorded (no such alert, unknown mark)."""


class UserError(FigwatchError):
    """A command's arguments or input files are unusable; shown as one line, exit code 2."""
