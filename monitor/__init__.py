"""The pipeline: one article in, figures, verdicts and alerts out. The map of the whole path.

One article's way from the web to an editor (each step names the module that does it)::

    crawler (Scrapy)   fetch, decode, extract, filter noise  -> monitor.article.Article
    monitor.ingest     ingest(article): one transaction per article
      ├─ storage.models     article row and a new version (same content twice: nothing new)
      ├─ monitor.dedup      near-copies, passage reuse, stated sources -> independent sources
      ├─ monitor.figures    the figures in the text (number, measure, place, claimant, scope)
      ├─ monitor.verdicts   story, series, verdict (new/updates/contradicts/...), recorded
      └─ monitor.alerts     verdict_events / revisions -> policy -> the outbox (same transaction)
    monitor.alerts     deliver_due(): outbox -> channels (email, webhook, apprise, console, jsonl)
    monitor.report     reports for editors (dedup, figure timelines) and the alert feed

Shared by every step and every layer above: ``config`` (figwatch.toml), ``secrets`` (secret
variables and files, log redaction), ``errors`` (what a user can fix), ``extras`` (optional parts),
``article`` (what the crawler hands over).

Layers (docs/architecture.md): ``figwatch`` (CLI, daemon, workers) -> ``crawler`` -> ``monitor``
-> ``storage``; this package never imports ``crawler`` or ``figwatch``.
"""
