"""A crawl's outcome in one word and one line: ``ok`` / ``partial`` / ``failed``, the reason, the fix.

``diagnose`` turns what the recorder counted into the status stored on ``crawl_run`` and the
line a user reads (``figwatch crawl``, ``status``, the "source broken" alert): the source's main
problem, the URL where it showed, and what to change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

#: skip reasons that mean "figwatch refused to fetch this" (a problem when nothing else worked)
REFUSALS = frozenset({"private_address", "robots"})

#: what to do about each problem reason
FIXES: dict[str, str] = {
    "private_address": "set allow_private = true on the source for local hosts",
    "robots": "robots.txt forbids it; set settings = { obey_robots = false } on the source "
    "only if the site allows you",
    "connection_refused": "nothing answers at that host and port: check the URL, or whether "
    "the site is up",
    "dns": "the host name does not resolve: check the URL",
    "timeout": "the site did not answer in time: check it, or raise download_timeout in the "
    "source's settings",
    "file_missing": "no such file: check the path (relative to the config file)",
    "file_unreadable": "figwatch may not read the file: check its permissions",
    "download_failed": "check the URL and whether the site is up",
    "bad_feed": 'not an RSS/Atom feed: point urls at the feed itself, or use kind = "pages"',
    "malformed_feed": "the feed's XML is broken (the links that survived were crawled); "
    "tell the site",
    "bad_sitemap": 'not a sitemap: check the URL, or use kind = "feed" or "pages"',
    "too_large": "raise max_page_bytes in the source's settings if the page is wanted",
    "extract_failed": "a page broke the extractor: run `figwatch extract URL` and report it",
    "ingest_failed": "storing failed: check the database (see the log)",
    "http_401": "the site wants a login: figwatch cannot crawl it",
    "http_403": "the site refuses figwatch: check the URL, or ask the site to allow the user agent",
    "http_404": "the page is not there: check the URL in figwatch.toml",
    "http_410": "the page is gone for good: remove or change the URL",
    "http_429": "the site is rate-limiting: raise download_delay or lower concurrency_per_domain",
}


def fix_for(reason: str) -> str:
    """The advice for a problem reason (any ``http_5xx`` is the site's own trouble)."""
    if reason in FIXES:
        return FIXES[reason]
    if reason.startswith("http_5"):
        return "the site is failing (a server error); usually temporary, retried next round"
    if reason.startswith("http_4"):
        return "the site rejects the request: check the URL"
    return "see `figwatch status` for the failing URLs"


@dataclass(frozen=True, slots=True)
class Problem:
    """The first URL where a reason showed, its detail, and how often the reason occurred."""

    reason: str
    url: str
    detail: str | None
    count: int


def diagnose(
    good: int, problems: Counter[str], first: dict[str, tuple[str, str | None]]
) -> tuple[str, str | None]:
    """``(status, line)`` for a finished crawl.

    ``good`` counts responses that worked (a feed, sitemap or index parsed; an article fetched,
    304 included); ``problems`` counts errors and refusals by reason; ``first`` holds the first
    URL and detail of each reason. ``failed``: something went wrong and nothing worked;
    ``partial``: errors next to work that succeeded; ``ok``: no errors (refused links next to
    working ones are deliberate skips, not errors).
    """
    errors = {r: n for r, n in problems.items() if r not in REFUSALS}
    if not problems or (good and not errors):
        return "ok", None
    status = "partial" if good else "failed"
    relevant = Counter(errors) if good else problems
    reason, count = relevant.most_common(1)[0]
    url, detail = first[reason]
    return status, describe(Problem(reason, url, detail, count), sum(relevant.values()) - count)


def describe(problem: Problem, others: int = 0) -> str:
    """``reason at URL (detail); fix: …`` — one line, no line breaks."""
    times = f" ×{problem.count}" if problem.count > 1 else ""
    detail = f" ({problem.detail})" if problem.detail else ""
    more = f"; {others} other problem(s)" if others else ""
    line = f"{problem.reason}{times} at {problem.url}{detail}; fix: {fix_for(problem.reason)}{more}"
    return " ".join(line.split())[:600]
