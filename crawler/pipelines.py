"""The item pipeline: every extracted Article goes through ``monitor.ingest.ingest``.

The database work runs off the reactor (``CrawlRecorder.write``: on SQLite one writer thread,
under the recorder's ``writer`` lock) so the reactor keeps downloading and extracting while an
article is being stored; counting happens back on the reactor thread. (Waiting in SQLite's busy
handler, which sleeps and polls, once cost more than half of a crawl's time.)

Back-pressure: extraction is far cheaper than storing, so without a bound the reactor fetched
and extracted far ahead of the single writer (Scrapy's own bound, ``SCRAPER_SLOT_MAX_ACTIVE_SIZE``,
counts response bytes: 5 MB, over a thousand small pages), and a crawl child's memory grew with
the story (293 MiB at 400 pages, 478 at 4,000, with 640 articles waiting at 1,500). While
``FIGWATCH_MAX_WAITING_ITEMS`` articles wait to be stored, the pipeline pauses the engine (no new
requests go out; those already downloading still arrive) and resumes it when one is stored.

Before an article queues for the writer, its text-only analysis (the figure grammar) is worked
out in a worker process (``crawler.analysis``), so the writer's core does not do it; an article
waiting there counts as waiting.

Stopping (SIGTERM, the daemon's stop, a timeout): Scrapy's graceful stop sends no new request,
then waits for every request in progress *with its item* (``ExecutionEngine.close_spider_async``
awaits the slot's in-progress requests, each one until its item pipeline is done), so without a
check every article fetched before the stop — up to ``FIGWATCH_MAX_WAITING_ITEMS`` waiting for
the writer or a worker — would still be stored. An article that has not begun in the writer when
the stop is asked is dropped instead (counted as skipped, ``stopped``; its fetch state is not
remembered, so the next round fetches it again): the crawl stops after the article being stored.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.analysis import AnalysisPool, close_shared, open_shared, workers_from
from crawler.items import ArticleItem
from monitor.ingest import IngestResult, Pretext, ingest


class Stopped(Exception):
    """The crawl is stopping: the article was not begun in the writer and is left for later."""


class IngestPipeline:
    """Ingest each article, remember the URL's fetch state, then count the result."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_waiting = max(1, crawler.settings.getint("FIGWATCH_MAX_WAITING_ITEMS", 16))
        self.waiting = 0  # articles handed to the thread pool and not stored yet
        self.paused = False  # the engine was paused here (so it is resumed here only)
        self.analysis: AnalysisPool | None = None  # started with the spider

    def open_spider(self, spider: Any = None) -> None:
        """Join the process's analysis workers (started on the first article)."""
        workers = workers_from(self.crawler.settings)
        self.analysis = open_shared(workers) if workers > 0 else None

    def close_spider(self, spider: Any = None) -> None:
        """Let go of the analysis workers (the last spider of the process ends them)."""
        if self.analysis is not None:
            self.analysis = None
            close_shared()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IngestPipeline:
        return cls(crawler)

    def stopping(self) -> bool:
        """Whether a stop of the crawl was asked (``Crawler.stop_async`` clears ``crawling`` before
        it stops the engine; a crawl that finishes clears it only after every item is done)."""
        return not getattr(self.crawler, "crawling", True)

    def _store(self, recorder: Any, item: ArticleItem, pre: Pretext | None) -> IngestResult:
        """Store one article and its URL's fetch state (in the writer, under its lock), unless
        the crawl was stopped while the article waited (``Stopped``)."""
        if self.stopping():
            raise Stopped
        alerts = item.alerts or self.crawler.spider.figwatch_config.alerts  # type: ignore[union-attr]
        result = ingest(item.article, recorder.engine, alerts=alerts, pre=pre)
        recorder.remember(
            item.url,
            status=item.status,
            etag=item.etag,
            last_modified=item.last_modified,
            raw_hash=item.raw_hash,
        )
        return result

    def _wait(self, change: int) -> None:
        """Count an article in or out of the writer's queue; pause the engine while it is full."""
        self.waiting += change
        engine = self.crawler.engine
        if engine is None:
            return
        if self.waiting >= self.max_waiting and not engine.paused:
            engine.pause()
            self.paused = True
        elif self.waiting < self.max_waiting and self.paused:
            # the stored article's response, once finished, schedules the engine's next call
            engine.unpause()
            self.paused = False

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        recorder = self.crawler.spider.recorder  # type: ignore[union-attr]
        article = item.article
        self._wait(+1)
        try:
            pre = None
            if self.analysis is not None and not self.stopping():
                pre = await maybe_deferred_to_future(self.analysis.submit(article))
            if self.stopping():
                raise Stopped
            result = await maybe_deferred_to_future(
                recorder.write(self._store, recorder, item, pre)
            )
        except Stopped:
            recorder.skip(item.url, "stopped", "the crawl was stopped before it was stored")
            raise DropItem(f"crawl stopped before {article.url} was stored", "INFO") from None
        except Exception as exc:  # noqa: BLE001 - a bad article is counted, never fatal
            recorder.error(item.url, "ingest_failed", f"{type(exc).__name__}: {exc}")
            raise DropItem(f"ingest failed for {article.url}") from None
        finally:
            self._wait(-1)
        recorder.stored(article.url, result)
        item.result = result.status
        return item
