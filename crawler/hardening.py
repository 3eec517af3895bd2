"""Scrapy settings and a middleware that keep one hostile site from hurting a crawl.

``hardening_settings(...)`` is the block the crawler merges into its settings (size caps, which
also cap gzip inflation; timeouts against slow-loris servers; bounded redirects and retries; the
SSRF guard). ``HostCircuitBreakerMiddleware`` stops asking a host that answers nothing but errors
(a 4xx/5xx storm) for the rest of the crawl, so its source finishes quickly and other sources'
requests are not starved. Every refusal is logged and counted in the crawl stats.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

log = logging.getLogger(__name__)

SSRF_MIDDLEWARE = "crawler.ssrf.SSRFGuardMiddleware"
BREAKER_MIDDLEWARE = "crawler.hardening.HostCircuitBreakerMiddleware"
# process_request runs in ascending order: before OffsiteMiddleware (50) and RobotsTxt (100), so
# a refused host is never even asked for robots.txt. The breaker sits above RetryMiddleware
# (550) so that its process_response/process_exception see every attempt, retries included.
SSRF_ORDER = 40
BREAKER_ORDER = 560
BREAKER_STAT = "figwatch/circuit_open"


def hardening_settings(
    *,
    max_page_bytes: int = 5_000_000,
    download_timeout: float = 30.0,
    retries: int = 2,
    max_redirects: int = 10,
    breaker_threshold: int = 20,
) -> dict[str, Any]:
    """Scrapy settings that bound what one response or one host can cost.

    Merge ``DOWNLOADER_MIDDLEWARES`` with any the project already has (``dict.update``).
    """
    return {
        "DOWNLOADER_MIDDLEWARES": {SSRF_MIDDLEWARE: SSRF_ORDER, BREAKER_MIDDLEWARE: BREAKER_ORDER},
        # Connect-time check of every DNS answer (closes the DNS-rebinding gap).
        "TWISTED_DNS_RESOLVER": "crawler.ssrf.GuardedResolver",
        # Body cap, applied to the wire AND to Content-Encoding inflation (gzip/deflate/br bombs).
        "DOWNLOAD_MAXSIZE": max_page_bytes,
        "DOWNLOAD_WARNSIZE": max(1, max_page_bytes // 2),
        # Whole-download deadline: a server dribbling one byte a second is cut off.
        "DOWNLOAD_TIMEOUT": download_timeout,
        "DNS_TIMEOUT": min(10, int(download_timeout) or 1),
        "REDIRECT_MAX_TIMES": max_redirects,
        "METAREFRESH_MAXDELAY": 100,
        "RETRY_TIMES": retries,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
        "FIGWATCH_BREAKER_THRESHOLD": breaker_threshold,
    }


class HostCircuitBreakerMiddleware:
    """After ``FIGWATCH_BREAKER_THRESHOLD`` consecutive failed attempts on one origin (host:port)
    — 5xx, 429 or a download error, retries included — refuse that origin's remaining requests in
    this crawl (``IgnoreRequest``, counted in ``figwatch/circuit_open``). Any 2xx/3xx answer resets
    the count. Requests already queued in the downloader (up to CONCURRENT_REQUESTS) still run.
    """

    def __init__(self, threshold: int = 20, stats: Any = None) -> None:
        self.threshold = threshold
        self.stats = stats
        self.failures: Counter[str] = Counter()
        self.open: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostCircuitBreakerMiddleware:
        threshold = crawler.settings.getint("FIGWATCH_BREAKER_THRESHOLD", 20)
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
