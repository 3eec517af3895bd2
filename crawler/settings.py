"""Scrapy's project settings for figwatch: every value that is the same for every crawl.

Values that come from figwatch.toml ([crawl] and a source's ``settings``: user agent, robots.txt,
AutoThrottle, concurrency, delays, size and time limits, retries, depth) are not here: each
spider applies them in ``from_crawler`` from ``crawler.sourcesettings.scrapy_settings``, and only
keys derived from the config are set there (tests/crawler/test_scrapy_settings.py checks both).
"""

BOT_NAME = "figwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control: an HTTP server in every crawl that runs posted Python code (its
# bearer token in a job file). Off, like the telnet console.
REMOTE_CONTROL_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"  # figwatch's own runs: $FIGWATCH_CRAWL_LOG_LEVEL (crawler.runner.run_crawl)

# the hardening that does not depend on the config (crawler/hardening.py says why)
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 10  # endless redirect chains end here
METAREFRESH_MAXDELAY = 100
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated body is an error, not a short article
FIGWATCH_BREAKER_THRESHOLD = 20  # failed attempts in a row before a host is given up

DOWNLOADER_MIDDLEWARES = {
    "crawler.ssrf.SSRFGuardMiddleware": 40,
    "crawler.hardening.HostCircuitBreakerMiddleware": 560,
    "crawler.middlewares.FetchStateMiddleware": 590,
}
TWISTED_DNS_RESOLVER = "crawler.ssrf.GuardedResolver"  # checks every DNS answer at connect time
# articles extracted and waiting for the writer before the engine pauses (crawler/pipelines.py)
FIGWATCH_MAX_WAITING_ITEMS = 16
ITEM_PIPELINES = {
    "crawler.pipelines.IngestPipeline": 300,
}
