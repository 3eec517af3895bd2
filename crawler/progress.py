"""Progress of long crawls: a rich progress bar on a terminal, a log line every N seconds otherwise.

The crawl child reports its counters (``crawler.runner.run_child(progress=…)``); ``CrawlProgress``
shows them. The daemon uses ``ProgressLog`` alone, so its log gets a line per long crawl every
``every`` seconds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

log = logging.getLogger("crawler.progress")

Callback = Callable[[dict[str, Any]], None]


def progress_text(p: dict[str, Any], seconds: float) -> str:
    """``crawl ledger: 120/200 pages, 80 new, 3 changed, 2 errors (1m30s)``."""
    m, s = divmod(int(seconds), 60)
    total = f"/{p.get('total')}" if p.get("total") else ""
    return (
        f"crawl {p.get('source')}: {p.get('done', 0)}{total} pages, {p.get('new', 0)} new, "
        f"{p.get('changed', 0)} changed, {p.get('errors', 0)} errors ({m}m{s:02d}s)"
    )


class ProgressLog:
    """A callback that logs (or prints with ``emit``) a progress line at most every ``every`` s."""

    def __init__(self, every: float, emit: Callable[[str], None] | None = None) -> None:
        self.every = every
        self.emit = emit or (lambda line: log.info("%s", line))
        self.started = time.monotonic()
        self.last = self.started

    def __call__(self, p: dict[str, Any]) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.emit(progress_text(p, now - self.started))


class CrawlProgress:
    """One display for a run of crawls: a bar per source on a terminal, else ``ProgressLog``."""

    def __init__(self, console: Console, *, every: float = 30.0, enabled: bool = True) -> None:
        self.console = console
        self.every = every
        self.enabled = enabled
        self.bar: Progress | None = None
        if enabled and console.is_terminal:
            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[info]}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )

    def __enter__(self) -> CrawlProgress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def source(
        self, name: str, index: int, count: int
    ) -> tuple[Callback | None, Callable[[], None]]:
        """``(callback, done)`` for crawling ``name`` (``index`` of ``count``)."""
        if not self.enabled:
            return None, lambda: None
        if self.bar is None:
            emit = lambda line: self.console.print(line, highlight=False, soft_wrap=True)  # noqa: E731
            return ProgressLog(self.every, emit), lambda: None
        bar = self.bar
        task: TaskID = bar.add_task(f"crawling {name} ({index}/{count})", total=None, info="")

        def update(p: dict[str, Any]) -> None:
            info = f"{p.get('new', 0)} new, {p.get('errors', 0)} errors"
            bar.update(task, completed=p.get("done", 0), total=p.get("total") or None, info=info)

        return update, lambda: bar.remove_task(task)
