"""Text analysis ahead of the writer, in worker processes.

A crawl child is one Python process: the reactor (fetching, extraction) and the single writer
(ingest, one transaction per article) share one interpreter and so one core. The figure grammar
is the largest part of ingest that reads the article's text alone (about 40 of 115 ms an article
in a hot story), so the pipeline has it worked out in a process pool
(``monitor.ingest.pretext``) while the writer stores the articles before, and hands the result
to ``ingest``, which uses it only if it was made from the very text, date, URL and title it
would use. Nothing the writer decides moves: near-duplicates, stories, verdicts and the
transaction stay in the writer, in the order the articles come.

``FIGWATCH_ANALYSIS_WORKERS`` (a Scrapy setting; ``$FIGWATCH_ANALYSIS_WORKERS`` overrides it):
worker processes; the default is 1 on a machine of two cores or more, 0 on one
(``default_workers``); 0 analyses in the writer, as before. A worker that fails or dies only
costs speed: its articles are analysed in the writer.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import threading
import time
import types
from collections.abc import Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from monitor.article import Article
from monitor.config import env_analysis_workers
from monitor.ingest import Pretext, pretext

log = logging.getLogger(__name__)

#: seconds between a worker's checks that the crawl process that started it is still there
PARENT_POLL = 0.5


def default_workers() -> int:
    """Worker processes by default: one, when the machine has a second core for it (the reactor
    and the writer share the first). More do not pay while the single writer is the bottleneck,
    and each costs about 120 MiB. (They were off until a crawl stopped by SIGTERM no longer stored
    every article it had fetched: ``crawler.pipelines`` drops those not begun in the writer.)"""
    return 1 if (os.cpu_count() or 1) > 1 else 0


def workers_from(settings: Any) -> int:
    """The number of analysis workers: ``$FIGWATCH_ANALYSIS_WORKERS``, else the setting, else
    ``default_workers()``."""
    wanted = env_analysis_workers()
    if wanted is None and settings is not None:
        raw = settings.get("FIGWATCH_ANALYSIS_WORKERS")
        wanted = None if raw is None or str(raw).strip() == "" else int(raw)
    return default_workers() if wanted is None else max(0, wanted)


def _children_cpu() -> float:
    """CPU seconds of this process's ended (and waited-for) children."""
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _warm() -> None:
    """Import the grammar in a worker as it starts (not on its first article)."""
    import monitor.figures.context  # noqa: F401
    import monitor.figures.grammar  # noqa: F401


def _watch_parent(parent: int) -> None:
    """End this worker once the crawl process that started it is gone. A crawl child killed by
    SIGKILL (the daemon's second signal, the stop grace or a timeout run out) cannot shut its pool
    down, and a worker holds both ends of its task queue, so it would wait there forever."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(0)


def _start(parent: int) -> None:
    """A worker's initializer: watch the parent, then import the grammar."""
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()
    _warm()


@contextmanager
def _main_hidden() -> Iterator[None]:
    """Start workers without the crawl's main script: ``spawn`` imports it in each worker, and a
    script without a ``__name__`` guard (a wrapper around ``crawler.__main__``) would crawl
    again there. The workers need only ``monitor.ingest``."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _fire(d: Any, value: Pretext | None) -> None:
    """Hand the result over, unless the item's wait was cancelled meanwhile (a crawl stopping)."""
    if not d.called:
        d.callback(value)


class AnalysisPool:
    """Worker processes making ``Pretext`` for articles; ``submit`` returns a Deferred. The
    workers start at once; until they are ready, articles go to the writer unanalysed."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._ready: Future[None] | None = None
        if workers > 0:
            # spawn: a fork of a process running Twisted's threads could inherit a held lock
            self._pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=(os.getpid(),),
            )
            try:
                with _main_hidden():  # start the workers now, while the first pages load
                    self._ready = self._pool.submit(_warm)
            except Exception as exc:  # noqa: BLE001 - a broken pool only costs speed
                self._broken(exc)

    def submit(self, article: Article) -> Any:
        """A Deferred of the article's ``Pretext``, or of None (no pool, or a worker failed:
        ingest then analyses the text itself)."""
        from twisted.internet import defer, reactor

        if self._pool is None or self._ready is None or not self._ready.done():
            # no workers, or not started yet (spawning and importing takes seconds): the writer
            # analyses the first articles itself rather than have them wait
            return defer.succeed(None)
        try:
            with _main_hidden():  # a worker may be started here
                future = self._pool.submit(pretext, article)
        except Exception as exc:  # noqa: BLE001 - a broken pool only costs speed
            self._broken(exc)
            return defer.succeed(None)
        d: defer.Deferred[Pretext | None] = defer.Deferred()

        def done(f: Future[Pretext]) -> None:
            try:
                value: Pretext | None = f.result()
            except (Exception, CancelledError) as exc:  # noqa: BLE001
                log.warning("text analysis failed in a worker (%r); the writer does it", exc)
                value = None
            reactor.callFromThread(_fire, d, value)  # type: ignore[attr-defined]

        future.add_done_callback(done)
        return d

    def _broken(self, exc: BaseException) -> None:
        log.warning("analysis workers unavailable (%s); the writer analyses texts", exc)
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """End the workers (what they were given is finished first) and log their CPU time."""
        pool, self._pool = self._pool, None
        if pool is not None:
            before = _children_cpu()
            pool.shutdown(wait=True)
            log.info("analysis workers: %d, %.2f CPU s", self.workers, _children_cpu() - before)


_shared: AnalysisPool | None = None
_users = 0


def open_shared(workers: int) -> AnalysisPool:
    """The process's one pool (a crawl of several sources runs a spider each, in one process:
    they share the workers rather than start ``workers`` each); ``close_shared`` when done."""
    global _shared, _users
    if _shared is None:
        _shared = AnalysisPool(workers)
    _users += 1
    return _shared


def close_shared() -> None:
    """One user of the shared pool is done; the last one ends the workers."""
    global _shared, _users
    _users = max(0, _users - 1)
    if _users == 0 and _shared is not None:
        pool, _shared = _shared, None
        pool.close()
