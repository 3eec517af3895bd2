"""Site memory: boilerplate lines learned from how often they recur across one site's articles."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from crawler.noise.engine_util import is_protected, word_count
from monitor.article import site_host

_NORM = re.compile(r"[\W_]+", re.UNICODE)

#: longest line (in words / characters) that site memory may learn
MAX_LEARN_WORDS = 30
MAX_LEARN_CHARS = 240
DEFAULT_MIN_ARTICLES = 3


def line_hash(text: str) -> str:
    """Stable 16-hex hash of a line, insensitive to case, punctuation and spacing."""
    norm = _NORM.sub(" ", text.casefold()).strip()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def learnable(text: str) -> bool:
    """Whether a line may be learned as boilerplate: short-ish, no quote or attribution."""
    words = word_count(text)
    return 0 < words <= MAX_LEARN_WORDS and len(text) <= MAX_LEARN_CHARS and not is_protected(text)


def site_key(url: str | None) -> str:
    """The site a URL belongs to: its lower-cased host without a leading ``www.``."""
    if not url:
        return ""
    m = re.match(r"^[a-z][a-z0-9+.-]*://([^/?#:]+)", url.strip(), re.IGNORECASE)
    return site_host(m.group(1) if m else url)


@runtime_checkable
class SiteMemory(Protocol):
    """Counts, per site, in how many articles each short line was seen."""

    def seen(self, site: str, line_hashes: Iterable[str]) -> None:
        """Record that one article of ``site`` contained these (distinct) line hashes."""

    def is_boilerplate(self, site: str, line_hash: str) -> bool:
        """True once the line recurred in at least the configured number of articles."""


class InMemorySiteMemory:
    """A :class:`SiteMemory` kept in a dict (tests, one-off runs, the benchmark)."""

    def __init__(self, min_articles: int = DEFAULT_MIN_ARTICLES) -> None:
        self.min_articles = min_articles
        self._counts: dict[str, dict[str, int]] = defaultdict(dict)

    def seen(self, site: str, line_hashes: Iterable[str]) -> None:
        counts = self._counts[site]
        for h in set(line_hashes):
            counts[h] = counts.get(h, 0) + 1

    def is_boilerplate(self, site: str, line_hash: str) -> bool:
        return self._counts.get(site, {}).get(line_hash, 0) >= self.min_articles

    def count(self, site: str, line_hash: str) -> int:
        """How many articles of ``site`` contained the line."""
        return self._counts.get(site, {}).get(line_hash, 0)
