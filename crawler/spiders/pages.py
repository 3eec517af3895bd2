"""The ``pages`` spider: a list of pages, optionally following same-site links (depth, allow/deny)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.link import Link
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule

from crawler.items import META
from crawler.spiders.base import SourceSpider


class PagesSpider(SourceSpider, CrawlSpider):
    """Fetch each listed page as an article; with ``follow.depth`` > 0 also follow its links.

    With ``follow.depth`` > 0 the start pages are index pages (not stored unless
    ``follow.extract_start``). Pages whose links are followed are always fetched in full so their
    links are seen; leaf pages use conditional GET.
    """

    name = "pages"
    source_kind = "pages"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        source = kwargs["source_config"]
        follow = source.follow
        self.rules = ()
        if follow.depth > 0:
            self.rules = (
                Rule(
                    LinkExtractor(allow=follow.allow, deny=follow.deny, unique=True),
                    callback="parse_article",
                    follow=True,
                    process_links="same_site_links",
                    process_request="prepare_followed",
                    errback="on_error",
                ),
            )
        super().__init__(*args, **kwargs)
        if source.allowed_domains:
            self.allowed_domains = list(source.allowed_domains)

    async def start(self) -> AsyncIterator[Any]:
        leaf = self.source_config.follow.depth == 0
        for url in self.source_urls:
            if leaf:
                yield self.article_request(url, callback=self._parse)
            else:  # an index page: always fetched in full so its links are seen
                yield self.document_request(url, self._parse)

    def parse_start_url(self, response: Response, **kwargs: Any) -> Any:
        """A start page is an article unless it is an index page whose links are followed."""
        follow = self.source_config.follow
        if follow.depth == 0 or follow.extract_start:
            return self.parse_article(response)
        if not self.document_failed(response):
            self.recorder.worked()
        return ()

    def same_site_links(self, links: list[Link]) -> list[Link]:
        """Only links on a start URL's site (for file://, under a start URL's folder)."""
        roots = []
        for url in self.source_urls:
            p = urlsplit(url)
            base = p.path if p.path.endswith("/") else p.path.rsplit("/", 1)[0] + "/"
            roots.append((p.scheme, p.netloc, base if p.scheme == "file" else "/"))
        kept = []
        for link in links:
            p = urlsplit(link.url)
            if any(
                p.scheme == s and p.netloc == n and p.path.startswith(b) for s, n, b in roots
            ) or (p.scheme in {"http", "https"} and self._allowed_domain(p.hostname or "")):
                kept.append(link)
        return kept

    def _allowed_domain(self, host: str) -> bool:
        domains = self.source_config.allowed_domains
        return any(host == d or host.endswith("." + d) for d in domains)

    def prepare_followed(self, request: Request, response: Response) -> Request:
        """Give a followed link figwatch's article meta; leaves get conditional GET."""
        depth = response.meta.get("depth", 0) + 1
        request.meta.update(self.article_request(request.url).meta)
        request.meta[META + "conditional"] = request.meta.get(META + "conditional", True) and (
            depth >= self.source_config.follow.depth
        )
        return request
