"""The Article: what the crawler hands to ``monitor.ingest()``.

It is a plain dataclass so that the crawler, ``figwatch ingest`` and tests can build one without
touching storage. Identity is the canonical ``url``; ``text`` is the clean main text after
trafilatura and the residual-noise filter.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

_WS = re.compile(r"\s+")


def site_host(host: str) -> str:
    """The site a host name stands for: lower-cased, without a leading ``www.``. The one host
    normaliser: the outlet of an article, the key of a site's noise memory and the same-site
    check on canonical links all use it."""
    return host.lower().removeprefix("www.")


def site_of(url: str) -> str:
    """The outlet of a URL: its host without ``www.`` (``file`` for local files)."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return "file"
    return site_host(parts.hostname or "") or "unknown"


@dataclass(slots=True)
class Article:
    """One fetched (or file-loaded) article, extracted and cleaned."""

    url: str
    text: str
    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    site_name: str | None = None
    language: str | None = None
    fetched_url: str | None = None
    source: str | None = None
    raw_hash: str | None = None
    raw_size: int = 0
    raw_html: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: the text before learned site boilerplate was dropped, when that differs from ``text``:
    #: what a site's memory has learned must not make an unchanged page look changed
    identity_text: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the whitespace-normalised title and text: equal hash, unchanged article."""
        body = self.identity_text if self.identity_text is not None else self.text
        norm = _WS.sub(" ", f"{self.title or ''}\n{body}").strip()
        return hashlib.sha256(norm.encode("utf-8")).hexdigest()
