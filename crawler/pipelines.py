"""The item pipeline: every extracted Article goes through ``monitor.ingest.ingest``."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from monitor.ingest import ingest


class IngestPipeline:
    """Ingest each article, count the result, then remember the URL's fetch state."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IngestPipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        recorder = self.crawler.spider.recorder  # type: ignore[union-attr]
        article = item["article"]
        try:
            result = ingest(article, recorder.engine)
        except Exception as exc:  # noqa: BLE001 - a bad article is counted, never fatal
            recorder.error(item["fw_url"], "ingest_failed", f"{type(exc).__name__}: {exc}")
            raise DropItem(f"ingest failed for {article.url}") from None
        recorder.stored(article.url, result)
        recorder.remember(
            item["fw_url"],
            status=item["status"],
            etag=item.get("etag"),
            last_modified=item.get("last_modified"),
            raw_hash=item["raw_hash"],
        )
        item["result"] = result.status
        return item
