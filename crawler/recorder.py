"""Crawl bookkeeping in the database: the crawl_run row, crawl_event rows and per-URL fetch state.

One ``CrawlRecorder`` lives for one crawl of one source. Counters and crawl_event rows are kept in
memory and written in one transaction every ``FLUSH_EVERY`` events and when the crawl closes (so a
killed crawl still shows most of its progress).
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from crawler.diagnosis import REFUSALS, diagnose
from monitor.config import env_crawl_progress
from monitor.ingest import IngestResult
from storage.db import session_scope
from storage.models import CrawlEventRow, CrawlRunRow, FetchStateRow
from storage.timeutil import utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")
FLUSH_EVERY = 50
#: set (to seconds) by the parent to get ``{"progress": {...}}`` lines on stdout that often


@dataclass
class CrawlSummary:
    """What one crawl of one source did (also the JSON line ``python -m crawler`` prints)."""

    source: str
    kind: str | None = None
    run_id: int | None = None
    status: str = "running"
    started: str | None = None
    finished: str | None = None
    fetched: int = 0
    stored_new: int = 0
    stored_changed: int = 0
    unchanged: int = 0
    not_modified: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    detail: str | None = None
    baseline: bool = False  # the source's first successful crawl: no alerts
    quiet: int = 0  # articles stored without alerts (baseline, or older than max_age)

    @property
    def stored(self) -> int:
        """Articles that became a new article or a new version."""
        return self.stored_new + self.stored_changed

    def to_json(self) -> str:
        """One JSON line."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlSummary:
        """Rebuild from ``asdict`` output (unknown keys ignored)."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class CrawlRecorder:
    """Counters, events and fetch state of one crawl run."""

    def __init__(self, engine: Engine, source: str, kind: str | None = None) -> None:
        self.engine = engine
        #: one writer at a time on SQLite: the ingest threads and the site memory's batched
        #: writes take turns on this lock instead of polling in SQLite's busy handler
        self.writer: AbstractContextManager[object] = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        self._pool: Any = None  # the writer thread (``write``), started on first use
        self.summary = CrawlSummary(source=source, kind=kind)
        self._skipped: Counter[str] = Counter()
        self._events: list[CrawlEventRow] = []
        self._good = 0  # responses that worked: a document parsed, an article fetched
        self._problems: Counter[str] = Counter()  # errors and refusals by reason
        self._first: dict[str, tuple[str, str | None]] = {}
        self.queued = 0  # article requests made
        self.done = 0  # article requests answered or failed
        self.baseline = False  # the source's first successful crawl: alerts stay quiet
        self._progress_every = env_crawl_progress()
        self._progress_at = 0.0

    # --- the writer ------------------------------------------------------------------------------
    def write(self, fn: Callable[..., T], *args: Any) -> Any:
        """Run ``fn(*args)`` under the ``writer`` lock off the reactor; a Deferred of its result.

        On SQLite every write goes through one thread, in the order asked: the articles and the
        site memory's batches queue there instead of waiting on the lock, where the reactor (its
        thread not first in line: a lock is not fair) once stalled for a second at a time while
        the pool's ten threads stored everything queued before it. Elsewhere Twisted's pool.
        """
        from twisted.internet import reactor
        from twisted.internet.threads import deferToThread, deferToThreadPool

        if self.engine.dialect.name != "sqlite":
            return deferToThread(self._locked, fn, *args)
        if self._pool is None:
            from twisted.python.threadpool import ThreadPool

            self._pool = ThreadPool(0, 1, name=f"figwatch-writer-{self.summary.source}")
            self._pool.start()
            reactor.addSystemEventTrigger("during", "shutdown", self.stop_writer)  # type: ignore[attr-defined]
        return deferToThreadPool(reactor, self._pool, self._locked, fn, *args)  # type: ignore[arg-type]

    def _locked(self, fn: Callable[..., T], *args: Any) -> T:
        with self.writer:
            return fn(*args)

    def stop_writer(self) -> None:
        """Let the writer thread finish what is queued, then end it (idempotent)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()

    # --- run lifecycle -------------------------------------------------------------------------
    def open(self) -> None:
        """Insert the crawl_run row."""
        started = utcnow()
        with session_scope(self.engine) as session:
            row = CrawlRunRow(source=self.summary.source, kind=self.summary.kind, started=started)
            session.add(row)
            session.flush()
            self.summary.run_id = row.id
            earlier_good = session.exec(
                select(CrawlRunRow.id)
                .where(
                    CrawlRunRow.source == self.summary.source,
                    col(CrawlRunRow.status).in_(("ok", "partial")),
                )
                .limit(1)
            ).first()
            self.baseline = self.summary.baseline = earlier_good is None
        self.summary.started = started.isoformat()

    def close(self, status: str, detail: str | None = None) -> CrawlSummary:
        """Write final counters and status; return the summary.

        A crawl that ran to its end (``status`` ``finished``) gets ``ok``, ``partial`` or
        ``failed`` and, unless ok, the one line from ``crawler.diagnosis.diagnose``.
        """
        if status == "finished":
            status, problem = diagnose(self._good, self._problems, self._first)
            detail = "; ".join(x for x in (problem, detail) if x) or None
        self.summary.status = status
        self.summary.detail = detail
        self.summary.finished = utcnow().isoformat()
        self._flush(finished=True)
        return self.summary

    def _flush(self, finished: bool = False) -> None:
        """Write buffered events and the current counters in one transaction."""
        if self.summary.run_id is None:
            return
        s = self.summary
        s.skipped = dict(sorted(self._skipped.items()))
        events, self._events = self._events, []
        with session_scope(self.engine) as session:
            session.add_all(events)
            row = session.get(CrawlRunRow, s.run_id)
            if row is None:
                return
            for name in (
                "fetched",
                "stored_new",
                "stored_changed",
                "unchanged",
                "not_modified",
                "errors",
            ):
                setattr(row, name, getattr(s, name))
            row.skipped = dict(s.skipped)
            if finished:
                row.status = s.status
                row.finished = utcnow()
                row.detail = s.detail
            session.add(row)

    def _event(self, kind: str, url: str, reason: str, detail: str | None) -> None:
        if self.summary.run_id is None:
            return
        self._events.append(
            CrawlEventRow(
                run_id=self.summary.run_id,
                kind=kind,
                url=url[:2048],
                reason=reason[:64],
                detail=(detail or None) and detail[:2000],
            )
        )
        if len(self._events) >= FLUSH_EVERY:
            self._flush()

    # --- what happened to one request ----------------------------------------------------------
    def requested(self) -> None:
        """An article request was made (the progress total)."""
        self.queued += 1

    def answered(self) -> None:
        """An article request was answered or failed (the progress count)."""
        self.done += 1
        self.progress()

    def progress(self, force: bool = False) -> None:
        """Print a ``{"progress": …}`` line on stdout, at most every ``$FIGWATCH_CRAWL_PROGRESS``
        seconds (nothing when it is unset)."""
        if self._progress_every is None:
            return
        now = time.monotonic()
        if not force and now - self._progress_at < self._progress_every:
            return
        self._progress_at = now
        s = self.summary
        line = {
            "progress": {
                "source": s.source,
                "done": self.done,
                "total": self.queued,
                "new": s.stored_new,
                "changed": s.stored_changed,
                "errors": s.errors,
            }
        }
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()

    def fetched(self) -> None:
        """A response arrived for an article request."""
        self.summary.fetched += 1

    def worked(self) -> None:
        """A response was usable: a feed, sitemap or index parsed, an article page (or 304)."""
        self._good += 1

    def _problem(self, url: str, reason: str, detail: str | None) -> None:
        self._problems[reason] += 1
        self._first.setdefault(reason, (url, detail))

    def skip(self, url: str, reason: str, detail: str | None = None) -> None:
        """A request or page that was deliberately not processed."""
        if reason == "not_modified":
            self.summary.not_modified += 1
        elif reason == "unchanged":
            self.summary.unchanged += 1
        else:
            self._skipped[reason] += 1
        if reason in REFUSALS:
            self._problem(url, reason, detail)
        log.info("skip %s (%s)%s", url, reason, f": {detail}" if detail else "")
        self._event("skip", url, reason, detail)

    def error(self, url: str, reason: str, detail: str | None = None) -> None:
        """A request or page that failed."""
        self.summary.errors += 1
        self._problem(url, reason, detail)
        log.warning(
            "%s: error %s (%s)%s", self.summary.source, url, reason, f": {detail}" if detail else ""
        )
        self._event("error", url, reason, detail)

    def stored(self, url: str, result: IngestResult) -> None:
        """Count what ingest did with an article."""
        if result.status == "new":
            self.summary.stored_new += 1
        elif result.status == "changed":
            self.summary.stored_changed += 1
        else:  # the raw page changed but its clean text did not
            self.skip(url, "unchanged", "same text after extraction")
        self.progress()

    # --- fetch state ---------------------------------------------------------------------------
    def state(self, url: str) -> FetchStateRow | None:
        """What we remembered about ``url`` from earlier crawls."""
        with session_scope(self.engine) as session:
            return session.get(FetchStateRow, url[:2048])

    def remember(
        self,
        url: str,
        *,
        status: int,
        etag: str | None = None,
        last_modified: str | None = None,
        raw_hash: str | None = None,
    ) -> None:
        """Upsert the fetch state of ``url`` (validators and raw hash are kept when not given)."""
        key = url[:2048]
        for attempt in range(2):
            try:
                with session_scope(self.engine) as session:
                    row = session.get(FetchStateRow, key) or FetchStateRow(url=key)
                    now = utcnow()
                    row.status = status
                    row.fetched_at = now
                    if etag is not None:
                        row.etag = etag[:512]
                    if last_modified is not None:
                        row.last_modified = last_modified[:128]
                    if raw_hash is not None and raw_hash != row.raw_hash:
                        row.raw_hash = raw_hash
                        row.changed_at = now
                    session.add(row)
                return
            except IntegrityError:  # another crawler inserted it first: update instead
                if attempt:
                    raise
