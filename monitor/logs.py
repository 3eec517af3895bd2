"""Logging set-up shared by the CLI and the crawl child: library chatter goes to debug level.

trafilatura, htmldate and friends log a warning for every odd link or date on a real page
(``empty link``, ``missing link attribute``). figwatch reports what matters about a page itself
(a counted skip or error), so their records are demoted to DEBUG and shown only with debug logging.
"""

from __future__ import annotations

import logging

#: top-level logger names whose records are demoted to DEBUG
LIBRARY_LOGGERS = frozenset(
    {"trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "readability"}
)


class LibraryToDebug(logging.Filter):
    """Handler filter: records of ``LIBRARY_LOGGERS`` become DEBUG, dropped unless ``show``."""

    def __init__(self, show: bool) -> None:
        super().__init__()
        self.show = show

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.partition(".")[0] not in LIBRARY_LOGGERS:
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return self.show


def quiet_libraries(show: bool, logger: logging.Logger | None = None) -> None:
    """Install ``LibraryToDebug(show)`` on every handler of ``logger`` (root by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        for old in [f for f in handler.filters if isinstance(f, LibraryToDebug)]:
            handler.removeFilter(old)
        handler.addFilter(LibraryToDebug(show))
