"""Scrapy settings for figwatch. Politeness values come from figwatch.toml ([crawl] + per-source
``settings``) and are applied by each spider in ``from_crawler`` (see crawler/spiders/base.py)."""

BOT_NAME = "figwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "figwatch/0.1 (+https://github.com/figwatch/figwatch; news figure monitor)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5_000_000
DOWNLOAD_WARNSIZE = 0
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    "crawler.ssrf.SSRFGuardMiddleware": 40,
    "crawler.hardening.HostCircuitBreakerMiddleware": 560,
    "crawler.middlewares.FetchStateMiddleware": 590,
}
TWISTED_DNS_RESOLVER = "crawler.ssrf.GuardedResolver"
# per-crawl limits (size, time, redirects, retries, breaker) come from crawler.hardening via
# crawler.sourcesettings.scrapy_settings, applied to every spider
ITEM_PIPELINES = {
    "crawler.pipelines.IngestPipeline": 300,
}
