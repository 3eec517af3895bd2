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


#: Scrapy loggers whose download errors figwatch records itself, with the source and a fix
DOWNLOAD_ERROR_LOGGERS = frozenset(
    {"scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt"}
)


class NoTracebacks(logging.Filter):
    """Handler filter: Scrapy/Twisted records lose their traceback (one line each) unless
    ``show``; the retry and robots.txt middlewares' download errors become DEBUG, because the
    crawl recorder logs the same failure once, naming the source."""

    def __init__(self, show: bool) -> None:
        super().__init__()
        self.show = show

    def filter(self, record: logging.LogRecord) -> bool:
        if self.show or record.name.partition(".")[0] not in {"scrapy", "twisted", "py"}:
            return True
        if record.exc_info or record.exc_text:
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        if record.name in DOWNLOAD_ERROR_LOGGERS and record.levelno >= logging.WARNING:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return False
        return True


def quiet_libraries(show: bool, logger: logging.Logger | None = None) -> None:
    """Install ``LibraryToDebug(show)`` and ``NoTracebacks(show)`` on every handler of
    ``logger`` (root by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        for old in [f for f in handler.filters if isinstance(f, LibraryToDebug | NoTracebacks)]:
            handler.removeFilter(old)
        handler.addFilter(LibraryToDebug(show))
        handler.addFilter(NoTracebacks(show))
