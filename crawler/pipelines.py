"""The item pipeline: every extracted Article goes through ``monitor.ingest.ingest``.

The database work runs in Twisted's thread pool so the reactor keeps downloading and extracting
while an article is being stored; counting happens back on the reactor thread. On SQLite (one
writer at a time) the pool's threads take turns on the recorder's ``writer`` lock: waiting in
SQLite's busy handler, which sleeps and polls, cost more than half of a crawl's time.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler.items import ArticleItem
from monitor.ingest import IngestResult, ingest


class IngestPipeline:
    """Ingest each article, remember the URL's fetch state, then count the result."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IngestPipeline:
        return cls(crawler)

    def _store(self, recorder: Any, item: ArticleItem) -> IngestResult:
        alerts = item.alerts or self.crawler.spider.figwatch_config.alerts  # type: ignore[union-attr]
        with recorder.writer:  # SQLite: one writer at a time, turns taken here
            result = ingest(item.article, recorder.engine, alerts=alerts)
            recorder.remember(
                item.url,
                status=item.status,
                etag=item.etag,
                last_modified=item.last_modified,
                raw_hash=item.raw_hash,
            )
        return result

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        recorder = self.crawler.spider.recorder  # type: ignore[union-attr]
        article = item.article
        try:
            result = await maybe_deferred_to_future(deferToThread(self._store, recorder, item))
        except Exception as exc:  # noqa: BLE001 - a bad article is counted, never fatal
            recorder.error(item.url, "ingest_failed", f"{type(exc).__name__}: {exc}")
            raise DropItem(f"ingest failed for {article.url}") from None
        recorder.stored(article.url, result)
        item.result = result.status
        return item
