"""Sources with ``render = "browser"``: pages rendered by the system Chromium via scrapy-playwright.

Opt-in per source, for pages that build their text in script (live blogs). Only http(s) article
requests (and a page list's index pages) go through the browser; feeds, sitemaps and file://
pages are fetched as usual. Chromium is the one on the machine (Debian's ``chromium`` package at
``[crawl] browser_path``); figwatch never downloads a browser.

The private-address guard checks the page's URL before the browser sees it (the downloader
middleware); every request the page itself makes (scripts, XHR, frames) is checked by
``SubresourceGuard`` with the same source policy and aborted when refused. Images, media and
fonts are not loaded at all.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from crawler.items import META
from crawler.ssrf import check_url
from monitor import extras
from monitor.config import CrawlConfig, SourceConfig
from monitor.errors import ConfigError

log = logging.getLogger(__name__)

#: resource types a rendered page never needs for its text
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})
#: schemes a page may use without a network fetch
LOCAL_SCHEMES = ("data:", "blob:", "about:")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # running as root in containers; the page is still isolated by our guard
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class SubresourceGuard:
    """PLAYWRIGHT_ABORT_REQUEST: abort what a rendered page asks for that the source may not fetch."""

    def __init__(self, source: SourceConfig) -> None:
        self.allow_private = source.allow_private
        self.hosts = list(source.allowed_domains) or None
        self.source = source.name
        self.refused = 0

    def reason(self, url: str) -> str | None:
        """Why the page may not load ``url``, or None."""
        if url.startswith(LOCAL_SCHEMES):
            return None
        check = "http" + url[2:] if url.startswith("ws") else url  # ws(s):// like http(s)://
        # the page's own links may go to other hosts (CDNs) but never to refused addresses
        return check_url(check, allow_private=self.allow_private, allowed_hosts=None)

    async def __call__(self, request: Any) -> bool:
        if request.resource_type in SKIPPED_RESOURCES:
            return True
        loop = asyncio.get_running_loop()
        why = await loop.run_in_executor(None, self.reason, request.url)
        if why is not None:
            self.refused += 1
            log.warning(
                "source %s: page request refused: %s: %s", self.source, request.url[:300], why
            )
        return why is not None


def browser_settings(crawl: CrawlConfig, source: SourceConfig) -> dict[str, Any]:
    """The Scrapy settings that route a source's http(s) requests through scrapy-playwright."""
    if not extras.has("browser"):
        raise ConfigError(f"source {source.name!r}: {extras.message('browser')}")
    path = Path(crawl.browser_path)
    if not path.is_file():
        raise ConfigError(
            f'source {source.name!r}: render = "browser" needs Chromium at {path} '
            "(Debian: apt-get install chromium; or set [crawl] browser_path)"
        )
    handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
    return {
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": str(path),
            "headless": True,
            "args": CHROMIUM_ARGS,
        },
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": crawl.download_timeout * 1000,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max(1, crawl.concurrency_per_domain),
        "PLAYWRIGHT_ABORT_REQUEST": SubresourceGuard(source),
    }


def render_meta(url: str) -> dict[str, Any]:
    """Request meta that renders ``url`` in the browser (http(s) only), waiting for the network to
    go quiet so that text fetched by script is in the page."""
    if not url.startswith(("http://", "https://")):
        return {}
    return {
        "playwright": True,
        "playwright_page_goto_kwargs": {"wait_until": "networkidle"},
        META + "conditional": False,  # a browser navigation is never a conditional GET
    }
