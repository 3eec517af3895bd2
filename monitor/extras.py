"""Optional parts of figwatch and the extras that install them.

A single desk on SQLite needs none of them. A command that needs one that is missing stops with
one line naming the extra to install (``MissingExtra``, shown by the CLI like any user error).
"""

from __future__ import annotations

import importlib.util

from monitor.errors import MissingExtra

#: extra name -> (the module it provides, what needs it)
EXTRAS: dict[str, tuple[str, str]] = {
    "postgres": ("psycopg", "a PostgreSQL database"),
    "distributed": ("celery", "distributed crawling (`figwatch run --distributed`, `worker`)"),
    "charts": ("matplotlib", "charts in the figures report"),
    "browser": ("scrapy_playwright", 'sources with render = "browser"'),
}


def has(extra: str) -> bool:
    """Whether ``extra``'s module can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(EXTRAS[extra][0]) is not None
    except (ImportError, ValueError):
        return False


def message(extra: str) -> str:
    """The one line telling the user what to install."""
    module, purpose = EXTRAS[extra]
    return (
        f"{purpose} needs the {extra!r} extra ({module} is not installed): "
        f"pip install 'figwatch[{extra}]'"
    )


def require(extra: str) -> None:
    """Raise ``MissingExtra`` unless ``extra`` is installed."""
    if not has(extra):
        raise MissingExtra(message(extra))
