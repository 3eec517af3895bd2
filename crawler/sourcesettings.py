"""figwatch.toml [crawl] + a source's ``settings`` → Scrapy settings."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from crawler.hardening import crawl_limits
from monitor.config import Config, CrawlConfig, SourceConfig
from monitor.errors import ConfigError


def effective_crawl(config: Config, source: SourceConfig) -> CrawlConfig:
    """[crawl] with the source's lowercase ``settings`` keys (CrawlConfig fields) applied."""
    overrides = {k: v for k, v in source.settings.items() if not k.isupper()}
    if not overrides:
        return config.crawl
    try:
        crawl = CrawlConfig.model_validate({**config.crawl.model_dump(), **overrides})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise ConfigError(
            f"source {source.name!r}: settings.{loc}: {err['msg'].removeprefix('Value error, ')}"
        ) from None
    crawl.browser_path = str(config.path(crawl.browser_path))  # a source's own, like [crawl]'s
    return crawl


def scrapy_settings(config: Config, source: SourceConfig) -> dict[str, Any]:
    """The Scrapy settings one source's crawl runs with: only values that come from the config
    (project-level values are crawler/settings.py's).

    A source's ``settings`` table may hold CrawlConfig fields (``download_timeout = 10``) or raw
    Scrapy settings in upper case (``DOWNLOAD_DELAY = 1.5``); the latter win.
    """
    crawl = effective_crawl(config, source)
    out: dict[str, Any] = {
        # the limits every crawl runs under (size, time, retries)
        **crawl_limits(
            max_page_bytes=crawl.max_page_bytes,
            download_timeout=crawl.download_timeout,
            retries=crawl.retries,
        ),
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "ROBOTSTXT_USER_AGENT": crawl.user_agent.split("/")[0],
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "CONCURRENT_REQUESTS": crawl.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "RETRY_ENABLED": crawl.retries > 0,
        "DEPTH_LIMIT": source.follow.depth if source.kind == "pages" else 0,
    }
    if source.render == "browser":
        from crawler.browser import browser_settings

        out.update(browser_settings(crawl, source))
    out.update({k: v for k, v in source.settings.items() if k.isupper()})
    return out
