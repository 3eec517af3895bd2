"""Downloader middleware: conditional GET from remembered validators, and the private-address guard."""

from __future__ import annotations

import functools
import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler

from crawler.exceptions import SkipRequest
from crawler.items import META


@functools.lru_cache(maxsize=1024)
def is_private_host(host: str) -> bool:
    """Whether ``host`` is (or resolves to) a loopback, private, link-local or reserved address."""
    if not host:
        return False
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        addrs = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False  # unresolvable: let the download fail and be counted
        addrs = [ipaddress.ip_address(info[4][0]) for info in infos]
    return any(
        a.is_private or a.is_loopback or a.is_link_local or a.is_reserved or a.is_unspecified
        for a in addrs
    )


class FetchStateMiddleware:
    """Adds If-None-Match / If-Modified-Since to article requests from the fetch_state table."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FetchStateMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Any:
        spider = self.crawler.spider
        source = getattr(spider, "source_config", None)
        parts = urlsplit(request.url)
        if (
            source is not None
            and not source.allow_private
            and parts.scheme in {"http", "https"}
            and is_private_host(parts.hostname or "")
        ):
            raise SkipRequest("private_address", f"{parts.hostname} is a private address")
        recorder = getattr(spider, "recorder", None)
        meta = request.meta
        if recorder is None or not meta.get(META + "article") or not meta.get(META + "conditional"):
            return None
        if b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers:
            return None
        state = recorder.state(meta.get(META + "url", request.url))
        meta[META + "prev_hash"] = state.raw_hash if state is not None else None
        if state is None or state.raw_hash is None:
            return None
        if state.etag:
            request.headers["If-None-Match"] = state.etag
        if state.last_modified:
            request.headers["If-Modified-Since"] = state.last_modified
        return None
