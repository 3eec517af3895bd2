"""The ``feed`` spider: RSS/Atom feeds → their article pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response

from crawler.exceptions import XMLProblem
from crawler.items import META
from crawler.safexml import feed_entries, xml_problem
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
        url = response.meta.get(META + "url", response.url)
        try:
            entries = feed_entries(response.body, response.url)
        except XMLProblem as exc:
            self.recorder.error(url, "bad_feed", str(exc))
            return
        self.recorder.worked()
        problem = xml_problem(response.body)
        if problem:
            self.recorder.error(
                url, "malformed_feed", f"{problem} (recovered {len(entries)} links)"
            )
        for entry in entries:
            yield self.article_request(entry.url, published=entry.published)
