"""Run crawls: in this process (``run_crawl``, once per process) or in a child process.

Twisted's reactor cannot be restarted, so anything that crawls repeatedly (the daemon) uses
``crawl_in_subprocess``, which runs ``python -m crawler.run`` and reads its JSON summary line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from crawler.recorder import CrawlSummary
from monitor.config import Config
from storage.timeutil import utcnow

REPO_ROOT = Path(__file__).resolve().parent.parent
__all__ = ["CrawlSummary", "crawl_in_subprocess", "run_crawl", "spider_for"]


def spider_for(kind: str) -> type:
    """The spider class for a source kind."""
    from crawler.spiders.feed import FeedSpider
    from crawler.spiders.pages import PagesSpider
    from crawler.spiders.sitemap import SitemapSpider

    return {"feed": FeedSpider, "sitemap": SitemapSpider, "pages": PagesSpider}[kind]


def run_crawl(
    config: Config, source_names: list[str] | None, database_url: str | None
) -> list[CrawlSummary]:
    """Crawl the named sources (default: every enabled one) concurrently; blocks until done.

    Uses Scrapy's CrawlerProcess, so it can run only once per process.
    """
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    sources = (
        [config.source(n) for n in source_names]
        if source_names
        else [s for s in config.sources if s.enabled]
    )
    if not sources:
        return []
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    # figwatch's own runs log warnings only; FIGWATCH_CRAWL_LOG_LEVEL=INFO shows Scrapy's chatter
    settings.set("LOG_LEVEL", os.environ.get("FIGWATCH_CRAWL_LOG_LEVEL", "WARNING"), "cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    for src in sources:
        crawler = process.create_crawler(spider_for(src.kind))
        crawlers.append((src, crawler))
        process.crawl(crawler, source=src.name, config=config, db=database_url)
    process.start()
    out: list[CrawlSummary] = []
    for src, crawler in crawlers:
        spider = crawler.spider
        recorder = getattr(spider, "recorder", None)
        if recorder is None:
            out.append(CrawlSummary(src.name, src.kind, status="failed", detail="did not start"))
        else:
            out.append(recorder.summary)
    return out


def _mark_abandoned(
    database_url: str | None, source: str, since: datetime, detail: str
) -> int | None:
    """Mark the still-running crawl_run row a killed child left behind; return its id."""
    from sqlmodel import col, select

    from storage.db import connect, session_scope
    from storage.models import CrawlRunRow

    try:
        engine = connect(database_url)
    except Exception:  # noqa: BLE001 - best effort; the summary still says "timeout"
        return None
    try:
        with session_scope(engine) as session:
            rows = session.exec(
                select(CrawlRunRow).where(
                    CrawlRunRow.source == source,
                    CrawlRunRow.status == "running",
                    col(CrawlRunRow.started) >= since,
                )
            ).all()
            for row in rows:
                row.status, row.finished, row.detail = "timeout", utcnow(), detail
                session.add(row)
            return rows[-1].id if rows else None
    finally:
        engine.dispose()


def crawl_in_subprocess(
    config_path: str | Path | None,
    source_name: str,
    database_url: str | None,
    timeout: float | None = None,
) -> CrawlSummary:
    """Crawl one source in a child ``python -m crawler.run``; a failure is a summary, not a raise."""
    cmd = [sys.executable, "-m", "crawler.run", "--source", source_name]
    if config_path:
        cmd += ["--config", str(config_path)]
    if database_url:
        cmd += ["--db", database_url]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    spawned = utcnow()
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:  # the child was killed: close its crawl_run row for it
        detail = f"killed after {timeout}s"
        run_id = _mark_abandoned(database_url, source_name, spawned, detail)
        return CrawlSummary(source_name, run_id=run_id, status="timeout", detail=detail)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            try:
                return CrawlSummary.from_dict(json.loads(line))
            except (ValueError, TypeError):
                break
    tail = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
    return CrawlSummary(source_name, status="failed", detail=tail[:500])
