"""The spiders, one per source kind (feed, sitemap, pages), sharing ``base.SourceSpider``'s fetch,
skip and extraction logic. Scrapy finds them here (``SPIDER_MODULES``)."""
