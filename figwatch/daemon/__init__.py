"""The figwatch daemon: scheduled crawls (one child process each), outbox delivery, reports.

Public API: ``Runtime``, ``Daemon`` (``run_once``, ``run_forever``), ``CrawlOutcome`` and
``status_section(session) -> dict`` for ``figwatch status``.
"""

from crawler.runner import CrawlOutcome
from figwatch.daemon.runtime import Runtime
from figwatch.daemon.scheduler import Daemon, RoundStats
from figwatch.daemon.status import status_section

__all__ = [
    "CrawlOutcome",
    "Daemon",
    "RoundStats",
    "Runtime",
    "status_section",
]
