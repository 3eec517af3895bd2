"""The ``feed`` spider: RSS/Atom feeds → their article pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

from crawler.feeds import feed_links
from crawler.spiders.base import SourceSpider


class FeedSpider(SourceSpider, Spider):
    """Fetch each feed of a source (always in full) and every article it links."""

    name = "feed"
    source_kind = "feed"

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source_urls:
            yield self.document_request(url, self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """Article requests for the items of one feed; a broken feed is recorded, not fatal."""
        if self.document_failed(response):
            return
        url = response.meta.get("fw_url", response.url)
        found = feed_links(response.body)
        if found.kind is None:
            self.recorder.error(url, "bad_feed", found.problem)
            return
        if found.problem:
            self.recorder.error(
                url, "malformed_feed", f"{found.problem} (recovered {len(found.links)} links)"
            )
        for link in found.links:
            yield self.article_request(response.urljoin(link))
