"""The crawler's exceptions, in one place.

::

    scrapy.exceptions.IgnoreRequest
    └── SkipRequest        a request figwatch chose not to send; ``reason`` -> crawl_event
        └── SSRFRefused    refused by the SSRF guard (private address, file:// by redirect, ...)
    ValueError
    ├── LimitExceeded      input larger (after decompression) than its limit
    └── XMLProblem         a feed or sitemap that cannot be used
        ├── UnsafeXML      entity declarations, external DTDs, gzip bombs
        └── BrokenXML      nothing readable (empty, binary, not the expected document)

Every message is one line. Errors a user can fix (configuration, secrets) are in
``monitor.errors``.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

__all__ = ["BrokenXML", "LimitExceeded", "SSRFRefused", "SkipRequest", "UnsafeXML", "XMLProblem"]


class SkipRequest(IgnoreRequest):
    """A request figwatch chose not to send; ``reason`` becomes the crawl_event reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


class SSRFRefused(SkipRequest):
    """A request the SSRF guard refused; ``reason`` is a short code for crawl records."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason, detail)


class LimitExceeded(ValueError):
    """Input larger (after decompression) than the configured limit; message is one line."""


class XMLProblem(ValueError):
    """A feed or sitemap that cannot be used; the message is one line."""


class UnsafeXML(XMLProblem):
    """XML refused before or after parsing: entity declarations, external DTDs, gzip bombs."""


class BrokenXML(XMLProblem):
    """Nothing readable (empty, binary, or not the expected kind of document)."""
