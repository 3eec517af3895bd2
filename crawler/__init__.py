"""The crawler: Scrapy spiders that fetch sources safely and hand clean articles to the pipeline.

- ``runner`` launches one ``python -m crawler`` child per crawl (``__main__``) and reads back its
  summary; ``recorder`` writes the crawl's run and events; ``progress`` shows long crawls.
- ``spiders``: feed, sitemap and pages spiders over one base; ``pipelines`` hands each article to
  ``monitor.ingest``.
- ``settings`` (project-level Scrapy settings) and ``sourcesettings`` (per-crawl values from the
  config); ``browser`` for sources rendered by Chromium.
- Safety: ``ssrf`` (private addresses, redirects), ``hardening`` (per-host circuit breaker),
  ``limits`` (capped decompression, charsets, binary sniffing), ``safexml`` (feeds and sitemaps),
  ``middlewares`` (conditional GET); ``exceptions`` holds their errors.
- Text: ``extract`` (trafilatura, metadata), ``noise`` (the residual-noise filter and its site
  memory), ``logs`` (library chatter to debug); ``diagnosis`` turns a crawl's counts into
  ok / partial / failed with one line naming the fix.

Sits above ``monitor`` and ``storage`` (it may import them); only ``figwatch`` imports it.
"""
