"""Scrapy settings and a middleware that keep one hostile site from hurting a crawl.

The project-level part (bounded redirects, retried codes, truncated bodies as errors, the SSRF
guard and the breaker) is in crawler/settings.py; ``crawl_limits(...)`` is the part that comes
from the config (size caps, which also cap gzip inflation; timeouts against slow-loris servers;
retries), merged into every crawl's settings by ``crawler.sourcesettings.scrapy_settings``.
``hardening_settings(...)`` is both together, for a crawler without the project settings. ``HostCircuitBreakerMiddleware`` stops asking a host that answers nothing but errors
(a 4xx/5xx storm) for the rest of the crawl, so its source finishes quickly and other sources'
requests are not starved. Every refusal is logged and counted in the crawl stats.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler import settings as project
from monitor.config import CrawlConfig

log = logging.getLogger(__name__)

SSRF_MIDDLEWARE = "crawler.ssrf.SSRFGuardMiddleware"
BREAKER_MIDDLEWARE = "crawler.hardening.HostCircuitBreakerMiddleware"
# Their order (crawler/settings.py): process_request runs in ascending order, the SSRF guard (40)
# before OffsiteMiddleware (50) and RobotsTxt (100), so a refused host is never even asked for
# robots.txt. The breaker (560) sits above RetryMiddleware (550) so that its
# process_response/process_exception see every attempt, retries included.
BREAKER_STAT = "figwatch/circuit_open"
_CRAWL = CrawlConfig.model_fields


def crawl_limits(*, max_page_bytes: int, download_timeout: float, retries: int) -> dict[str, Any]:
    """The limits that come from the config (``[crawl]`` or a source's ``settings``)."""
    return {
        # Body cap, applied to the wire AND to Content-Encoding inflation (gzip/deflate/br bombs).
        "DOWNLOAD_MAXSIZE": max_page_bytes,
        "DOWNLOAD_WARNSIZE": max(1, max_page_bytes // 2),
        # Whole-download deadline: a server dribbling one byte a second is cut off.
        "DOWNLOAD_TIMEOUT": download_timeout,
        "DNS_TIMEOUT": min(10, int(download_timeout) or 1),
        "RETRY_TIMES": retries,
    }


def hardening_settings(
    *,
    max_page_bytes: int = _CRAWL["max_page_bytes"].default,
    download_timeout: float = _CRAWL["download_timeout"].default,
    retries: int = _CRAWL["retries"].default,
    max_redirects: int = project.REDIRECT_MAX_TIMES,
    breaker_threshold: int = project.FIGWATCH_BREAKER_THRESHOLD,
) -> dict[str, Any]:
    """Every Scrapy setting that bounds what one response or one host can cost, for a crawler
    that does not run with the project settings (the hostile-site probe of the tests): the
    project-level ones from crawler/settings.py and ``crawl_limits``.

    Merge ``DOWNLOADER_MIDDLEWARES`` with any the project already has (``dict.update``).
    """
    return {
        "DOWNLOADER_MIDDLEWARES": {
            m: project.DOWNLOADER_MIDDLEWARES[m] for m in (SSRF_MIDDLEWARE, BREAKER_MIDDLEWARE)
        },
        # Connect-time check of every DNS answer (closes the DNS-rebinding gap).
        "TWISTED_DNS_RESOLVER": project.TWISTED_DNS_RESOLVER,
        "REDIRECT_MAX_TIMES": max_redirects,
        "METAREFRESH_MAXDELAY": project.METAREFRESH_MAXDELAY,
        "RETRY_HTTP_CODES": project.RETRY_HTTP_CODES,
        "DOWNLOAD_FAIL_ON_DATALOSS": project.DOWNLOAD_FAIL_ON_DATALOSS,
        "FIGWATCH_BREAKER_THRESHOLD": breaker_threshold,
        **crawl_limits(
            max_page_bytes=max_page_bytes, download_timeout=download_timeout, retries=retries
        ),
    }


class HostCircuitBreakerMiddleware:
    """After ``FIGWATCH_BREAKER_THRESHOLD`` consecutive failed attempts on one origin (host:port)
    — 5xx, 429 or a download error, retries included — refuse that origin's remaining requests in
    this crawl (``IgnoreRequest``, counted in ``figwatch/circuit_open``). Any 2xx/3xx answer resets
    the count. Requests already queued in the downloader (up to CONCURRENT_REQUESTS) still run.
    """

    def __init__(
        self, threshold: int = project.FIGWATCH_BREAKER_THRESHOLD, stats: Any = None
    ) -> None:
        self.threshold = threshold
        self.stats = stats
        self.failures: Counter[str] = Counter()
        self.open: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostCircuitBreakerMiddleware:
        threshold = crawler.settings.getint(
            "FIGWATCH_BREAKER_THRESHOLD", project.FIGWATCH_BREAKER_THRESHOLD
        )
        return cls(threshold, crawler.stats)

    @staticmethod
    def _host(request: Any) -> str:
        """The origin (host and port) a request goes to."""
        return urlsplit(request.url).netloc.lower().rsplit("@", 1)[-1]

    def _fail(self, host: str) -> None:
        if not host:
            return
        self.failures[host] += 1
        if self.failures[host] >= self.threshold and host not in self.open:
            self.open.add(host)
            log.warning(
                "host %s failed %d times in a row; skipping its remaining requests in this crawl",
                host,
                self.failures[host],
            )

    def process_request(self, request: Any, spider: Any = None) -> None:
        host = self._host(request)
        if host in self.open:
            if self.stats is not None:
                self.stats.inc_value(BREAKER_STAT)
            exc = IgnoreRequest(f"circuit open for {host} after repeated failures")
            exc.reason = "circuit_open"  # type: ignore[attr-defined]
            raise exc
        return None

    def process_response(self, request: Any, response: Any, spider: Any = None) -> Any:
        host = self._host(request)
        if response.status >= 500 or response.status == 429:
            self._fail(host)
        elif response.status < 400:
            self.failures.pop(host, None)
        return response

    def process_exception(self, request: Any, exception: Exception, spider: Any = None) -> None:
        if not isinstance(exception, IgnoreRequest):
            self._fail(self._host(request))
        return None
