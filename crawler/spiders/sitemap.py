"""The ``sitemap`` spider: sitemaps, sitemap indexes, Google News sitemaps, gzipped or not."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.http import Response
from scrapy.spiders import SitemapSpider as ScrapySitemapSpider
from scrapy.utils.sitemap import Sitemap

from crawler.items import META
from crawler.spiders.base import SourceSpider


class SitemapSpider(SourceSpider, ScrapySitemapSpider):
    """Scrapy's SitemapSpider with figwatch's counted requests (robots.txt URLs work too)."""

    name = "sitemap"
    source_kind = "sitemap"
    sitemap_rules = [("", "parse_article")]

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source_urls:
            yield self.document_request(url, self._parse_sitemap)

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        """Resolve relative ``<loc>`` values against the sitemap's own URL (Scrapy does not)."""
        base = getattr(self, "_sitemap_base", None)
        for entry in entries:
            if base and entry.get("loc"):
                entry["loc"] = urljoin(base, entry["loc"].strip())
            yield entry

    def _parse_sitemap(self, response: Response) -> Iterable[Request]:
        if self.document_failed(response):
            return []
        url = response.meta.get(META + "url", response.url)
        if not response.url.endswith("/robots.txt"):
            body = self._get_sitemap_body(response)
            kind = None
            if body:
                try:
                    kind = Sitemap(body).type
                except Exception:  # noqa: BLE001 - unparsable XML is a bad sitemap
                    kind = None
            if kind not in {"urlset", "sitemapindex"}:
                self.recorder.error(url, "bad_sitemap", "not a sitemap or sitemap index")
                return []
        self.recorder.worked()
        out: list[Request] = []
        self._sitemap_base = response.url  # consumed below, before another response arrives
        for req in super()._parse_sitemap(response):
            if req.callback == self._parse_sitemap:
                out.append(self.document_request(req.url, self._parse_sitemap))
            else:
                out.append(self.article_request(req.url))
        return out
