"""Run one real Scrapy crawl with figwatch's hardening settings; print what happened as JSON.

Used by test_crawl_faults.py in a child process (Twisted's reactor cannot restart in-process):

    python tests/hostile/crawl_probe.py '{"urls": [...], "spider": {...}, "settings": {...}}'

Output (stdout, last line): {"responses": [...], "errors": [...], "stats": {...}}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import scrapy  # noqa: E402
from scrapy.crawler import CrawlerProcess  # noqa: E402

from crawler.hardening import hardening_settings  # noqa: E402


class ProbeSpider(scrapy.Spider):
    """Fetches the given URLs (optionally following links one level) and records the outcome."""

    name = "probe"

    def __init__(self, urls: list[str], attrs: dict[str, Any], follow: int, **kw: Any) -> None:
        super().__init__(**kw)
        self.urls = urls
        self.follow = follow
        for key, value in attrs.items():
            setattr(self, key, value)
        self.responses: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []

    async def start(self):  # type: ignore[override]
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.failed, dont_filter=True)

    def parse(self, response: Any) -> Any:
        self.responses.append(
            {
                "url": response.url,
                "start": response.request.meta.get("redirect_urls", [response.url])[0],
                "status": response.status,
                "size": len(response.body),
                "flags": list(response.flags),
            }
        )
        if self.follow and response.meta.get("depth", 0) < self.follow:
            for href in response.css("a::attr(href)").getall()[:50]:
                yield response.follow(href, callback=self.parse, errback=self.failed)

    def failed(self, failure: Any) -> None:
        self.errors.append(
            {
                "url": failure.request.url,
                "start": failure.request.meta.get("redirect_urls", [failure.request.url])[0],
                "error": failure.type.__name__,
                "message": str(failure.value)[:300],
            }
        )


def simulate_rebinding(host: str, check: str, connect: str) -> None:
    """Make ``host`` resolve to ``check`` for the SSRF middleware and to ``connect`` when Twisted
    connects: a DNS-rebinding attack without a DNS server."""
    import socket

    from crawler import ssrf

    real_resolve, real_ghbn = ssrf.resolve, socket.gethostbyname
    ssrf.resolve = lambda h: [check] if h == host else real_resolve(h)
    socket.gethostbyname = lambda h: connect if h == host else real_ghbn(h)


def main() -> None:
    job = json.loads(sys.argv[1])
    if "rebind" in job:
        simulate_rebinding(**job["rebind"])
    settings = {
        "LOG_LEVEL": "INFO",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "CONCURRENT_REQUESTS": 32,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
        "RETRY_HTTP_CODES": [500, 503],
        **hardening_settings(**job.get("hardening", {})),
        **job.get("settings", {}),
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ProbeSpider)
    process.crawl(
        crawler, urls=job["urls"], attrs=job.get("spider", {}), follow=job.get("follow", 0)
    )
    process.start()
    spider = crawler.spider
    stats = {
        k: (v if isinstance(v, int | float | str) else str(v))
        for k, v in crawler.stats.get_stats().items()
    }
    print(json.dumps({"responses": spider.responses, "errors": spider.errors, "stats": stats}))


if __name__ == "__main__":
    main()
