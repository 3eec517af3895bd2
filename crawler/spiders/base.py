"""What every figwatch spider shares: its source, settings, recorder, and the article callback."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, ClassVar

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.utils.response import response_status_message
from sqlmodel import Session
from twisted.python.failure import Failure

from crawler.exceptions import SkipRequest
from crawler.extract import extract_html, extract_text
from crawler.items import META, ArticleItem
from crawler.limits import decode_html, looks_binary, page_problem
from crawler.noise.site_memory import DbSiteMemory
from crawler.recorder import CrawlRecorder
from crawler.sourcesettings import effective_crawl, scrapy_settings
from monitor.alerts.source_health import check_source_in
from monitor.article import Article
from monitor.config import (
    AlertsConfig,
    Config,
    SourceConfig,
    load_config,
    parse_interval,
)
from monitor.errors import ConfigError
from storage.db import connect, session_scope
from storage.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)

#: a script that runs (not JSON-LD or other data blocks)
_SCRIPT = re.compile(rb"<script\b(?![^>]*type=[\"']?application/(?:ld\+)?json)", re.IGNORECASE)

#: statuses our callbacks see themselves (so they are counted) instead of HttpErrorMiddleware.
#: articles whose site-memory counts are written together (see ``DbSiteMemory``)
SITE_MEMORY_BATCH = 32
HANDLED_STATUSES = [304, *range(400, 600)]

_ERROR_REASONS = {
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "DownloadConnectionRefusedError": "connection_refused",
    "ConnectionRefusedError": "connection_refused",
    "CannotResolveHostError": "dns",
    "DNSLookupError": "dns",
    "FileNotFoundError": "file_missing",
    "IsADirectoryError": "file_missing",
    "PermissionError": "file_unreadable",
}


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    if not value:
        return None
    return value.decode("latin-1").replace("\r", " ").replace("\n", " ").strip() or None


class SourceSpider:
    """Mixin for spiders that crawl one configured source (``-a source=NAME``)."""

    source_kind: ClassVar[str] = ""
    source_config: SourceConfig
    figwatch_config: Config
    recorder: CrawlRecorder
    keep_raw: bool = False
    memory_session: Session
    site_memory: DbSiteMemory

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Any:
        config = kwargs.pop("config", None)
        if not isinstance(config, Config):
            config = load_config(config)
        name = kwargs.get("source")
        if not name:
            names = [s.name for s in config.sources if s.kind == cls.source_kind]
            if len(names) != 1:
                raise ConfigError(
                    f"pass -a source=NAME (configured {cls.source_kind} sources: "
                    f"{', '.join(names) or 'none'})"
                )
            name = names[0]
        source = config.source(name)
        if source.kind != cls.source_kind:
            raise ConfigError(
                f"source {name!r} is a {source.kind} source; use the {source.kind!r} spider"
            )
        crawler.settings.setdict(scrapy_settings(config, source), priority="spider")
        kwargs.update(source=name, source_config=source, figwatch_config=config)
        db = config.database_url(kwargs.pop("db", None))
        spider = super().from_crawler(crawler, *args, **kwargs)  # type: ignore[misc]
        spider.keep_raw = effective_crawl(config, source).keep_raw_html
        spider.recorder = CrawlRecorder(connect(db), source.name, source.kind)
        spider.memory_session = Session(spider.recorder.engine)
        # counts written in batches: the reactor thread must not wait for the SQLite write lock
        # that the ingest thread holds for each article (it did, for most of the crawl)
        spider.site_memory = DbSiteMemory(spider.memory_session, flush_every=SITE_MEMORY_BATCH)
        crawler.signals.connect(spider._fw_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._fw_closed, signal=signals.spider_closed)
        return spider

    # --- lifecycle -----------------------------------------------------------------------------
    def _fw_opened(self, spider: Any) -> None:
        self.recorder.open()

    def _fw_closed(self, spider: Any, reason: str) -> None:
        self.recorder.stop_writer()  # what it has queued is written first; the last counts after
        s = self.recorder.close(reason, self.no_text_detail())  # "finished": ok / partial / failed
        log.log(
            logging.INFO if s.status == "ok" else logging.WARNING,
            "crawl of %s %s: fetched=%d new=%d changed=%d unchanged=%d not_modified=%d "
            "skipped=%s errors=%d%s",
            s.source,
            s.status,
            s.fetched,
            s.stored_new,
            s.stored_changed,
            s.unchanged,
            s.not_modified,
            s.skipped,
            s.errors,
            f" — {s.detail}" if s.detail else "",
        )
        check_source_in(
            self.recorder.engine,
            s.source,
            self.figwatch_config.alerts,
            url=next(iter(self.source_urls), None),
        )
        try:
            with self.recorder.writer:
                self.site_memory.flush()
                self.memory_session.commit()
        except Exception as exc:  # noqa: BLE001 - losing a batch of learning counts is not fatal
            self.memory_session.rollback()
            log.warning("could not save the site memory's last counts: %s", exc)
        self.memory_session.close()
        self.recorder.engine.dispose()

    # --- URLs and requests ---------------------------------------------------------------------
    @property
    def source_urls(self) -> list[str]:
        """The source's URLs as fetchable URLs (bare paths → file://)."""
        return [self.figwatch_config.resolve_url(u) for u in self.source_config.urls]

    def render_meta(self, url: str) -> dict[str, Any]:
        """Meta that renders ``url`` in the browser when the source says ``render = "browser"``."""
        if self.source_config.render != "browser":
            return {}
        from crawler.browser import render_meta

        return render_meta(url)

    def document_request(self, url: str, callback: Any) -> Request:
        """A feed/sitemap/listing request: always fetched in full (a page list's index pages are
        rendered like its articles)."""
        rendered = self.render_meta(url) if self.source_kind == "pages" else {}
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={
                META + "url": url,
                "handle_httpstatus_list": HANDLED_STATUSES,
                "dont_retry": url.startswith("file:"),  # a missing file stays missing
                **rendered,
            },
        )

    def article_request(
        self,
        url: str,
        *,
        conditional: bool = True,
        published: datetime | None = None,
        **kw: Any,
    ) -> Request:
        """An article request: conditional GET, counted outcome, errors to ``on_error``.

        ``published`` is the date a feed gave the item (for ``max_age`` when the page has none).
        """
        self.recorder.requested()
        return Request(
            url,
            callback=kw.pop("callback", self.parse_article),
            errback=self.on_error,
            meta={
                META + "article": True,
                META + "conditional": conditional,
                META + "url": url,
                META + "published": published,
                "handle_httpstatus_list": HANDLED_STATUSES,
                "dont_retry": url.startswith("file:"),
                **self.render_meta(url),
            },
            **kw,
        )

    def alert_policy(self, published: datetime | None) -> AlertsConfig:
        """The alert policy for one article: silent during the source's baseline crawl (unless
        ``quiet_first_crawl = false``) and for articles older than ``max_age``."""
        alerts = self.figwatch_config.alerts
        src = self.source_config
        quiet = alerts.quiet_first_crawl if src.quiet_first_crawl is None else src.quiet_first_crawl
        max_age = src.max_age or alerts.max_age
        too_old = (
            max_age is not None
            and published is not None
            and as_utc(published) < utcnow() - timedelta(seconds=parse_interval(max_age))
        )
        if (quiet and self.recorder.baseline) or too_old:
            self.recorder.summary.quiet += 1
            return alerts.model_copy(update={"kinds": [], "watch": []})  # nothing alerts
        return alerts

    def document_failed(self, response: Response) -> bool:
        """Record an HTTP error on a feed/sitemap document; True when there was one."""
        if response.status >= 400:
            self.recorder.error(
                response.meta.get(META + "url", response.url),
                f"http_{response.status}",
                response_status_message(response.status),
            )
            return True
        return False

    # --- callbacks -----------------------------------------------------------------------------
    def parse_article(self, response: Response, **_: Any) -> Iterator[ArticleItem]:
        """Turn one article response into an item for the ingest pipeline (or a counted skip)."""
        rec = self.recorder
        url = response.meta.get(META + "url", response.url)
        rec.fetched()
        rec.answered()
        ctype = self._usable_page(response, url)
        if ctype is None:
            return
        body = response.body
        etag = _header(response, "ETag")
        last_modified = _header(response, "Last-Modified")
        raw_hash = hashlib.sha256(body).hexdigest()
        prev_hash = self._previous_hash(response, url)
        if prev_hash == raw_hash:
            rec.skip(url, "unchanged", "same raw bytes as last fetch")
            rec.remember(url, status=response.status, etag=etag, last_modified=last_modified)
            return
        try:
            # site memory learns a site's boilerplate from first fetches only: a revised story
            # must not teach its own sentences as boilerplate
            article = self._extract(response, ctype, learn=prev_hash is None)
            if self.site_memory.due():  # a batch of counts: written by the writer, in turn
                rec.write(self._write_counts, self.site_memory.take()).addErrback(self._counts_lost)
            self.site_memory.flush_if_due()
            self.memory_session.commit()
        except Exception as exc:  # noqa: BLE001 - a bad page is counted, never fatal
            self.memory_session.rollback()
            self.site_memory.forget_last()
            rec.error(url, "extract_failed", f"{type(exc).__name__}: {exc}")
            return
        if article is None or not article.text.strip():
            rec.skip(url, "no_text", self._no_text(body))
            rec.remember(
                url,
                status=response.status,
                etag=etag,
                last_modified=last_modified,
                raw_hash=raw_hash,
            )
            return
        article.raw_hash = raw_hash
        article.raw_size = len(body)
        article.fetched_url = response.url
        yield ArticleItem(
            article=article,
            alerts=self.alert_policy(article.published or response.meta.get(META + "published")),
            url=url,
            status=response.status,
            etag=etag,
            last_modified=last_modified,
            raw_hash=raw_hash,
        )

    def _write_counts(self, counts: dict[tuple[str, str], int]) -> None:
        """Write a batch of site-memory counts in a session of its own (in the writer thread)."""
        with session_scope(self.recorder.engine) as session:
            DbSiteMemory.write(session, counts)

    def _counts_lost(self, failure: Failure) -> None:
        log.warning("could not save a batch of the site memory's counts: %s", failure.value)

    def _usable_page(self, response: Response, url: str) -> str | None:
        """The response's content type if it is a page worth extracting; else None, with the
        reason counted (304, HTTP error, too large, binary, a page problem)."""
        rec = self.recorder
        if response.status == 304:  # fetch_state keeps its validators and hash as they are
            rec.worked()
            rec.skip(url, "not_modified", "304 Not Modified")
            return None
        if response.status >= 400:
            rec.error(url, f"http_{response.status}", response_status_message(response.status))
            return None
        rec.worked()
        body = response.body
        limit = self.settings.getint("DOWNLOAD_MAXSIZE")  # type: ignore[attr-defined]
        if limit and len(body) > limit:  # file:// downloads are not capped by Scrapy
            rec.skip(url, "too_large", f"{len(body)} bytes > {limit}")
            return None
        ctype = _header(response, "Content-Type") or ""
        if not isinstance(response, TextResponse) or looks_binary(body):
            rec.skip(url, "not_html", f"content-type {ctype or 'unknown'}, binary body")
            return None
        problem = page_problem(body, max_bytes=limit or len(body) + 1)
        if problem is not None:
            rec.skip(url, problem.code, problem.detail)
            return None
        return ctype

    def _previous_hash(self, response: Response, url: str) -> str | None:
        """The raw hash stored at the last fetch of ``url`` (None: never fetched)."""
        if META + "prev_hash" in response.meta:  # looked up already by FetchStateMiddleware
            return response.meta[META + "prev_hash"]
        state = self.recorder.state(url)
        return state.raw_hash if state is not None else None

    def _extract(self, response: Response, ctype: str, *, learn: bool) -> Article | None:
        """The article in the response: HTML through trafilatura, anything else as plain text."""
        if isinstance(response, HtmlResponse | XmlResponse) or "html" in ctype.lower():
            return extract_html(
                decode_html(response.body, ctype)[1],
                url=response.url,
                source=self.source_config.name,
                keep_raw=self.keep_raw,
                site_memory=self.site_memory,
                learn=learn,
            )
        return extract_text(
            response.text,
            url=response.url,
            source=self.source_config.name,
            site_memory=self.site_memory,
            learn=learn,
        )

    def _no_text(self, body: bytes) -> str:
        """Why a page gave no text, and what to do about it; counted for the crawl's detail."""
        self.no_text_pages = getattr(self, "no_text_pages", 0) + 1
        if self.source_config.render == "browser":
            return "no article text found, even after rendering the page in the browser"
        if _SCRIPT.search(body):
            self.scripted_pages = getattr(self, "scripted_pages", 0) + 1
            return (
                "no article text found; the page runs scripts and may build its text in them: "
                f'set render = "browser" on source {self.source_config.name!r}'
            )
        return "no article text found"

    def no_text_detail(self) -> str | None:
        """One line for the crawl status when pages gave no text (None when all had text)."""
        pages = getattr(self, "no_text_pages", 0)
        if not pages:
            return None
        line = f"{pages} page(s) had no article text"
        if self.source_config.render == "browser":
            return line + ", even rendered in the browser"
        scripted = getattr(self, "scripted_pages", 0)
        if scripted:
            line += (
                f"; {scripted} of them run scripts that may build the text: "
                f'set render = "browser" on source {self.source_config.name!r}'
            )
        return line

    def on_error(self, failure: Failure) -> None:
        """Errback: count and record a request that failed or was refused."""
        request = getattr(failure, "request", None)
        url = request.meta.get(META + "url", request.url) if request is not None else "?"
        exc = failure.value
        if request is not None and request.meta.get(META + "article"):
            self.recorder.answered()
        detail = str(exc).splitlines()[0][:500] if str(exc) else type(exc).__name__
        if isinstance(exc, SkipRequest) or isinstance(getattr(exc, "reason", None), str):
            self.recorder.skip(url, exc.reason, detail)
        elif isinstance(exc, IgnoreRequest):
            reason = "robots" if "robots.txt" in detail else "ignored"
            self.recorder.skip(url, reason, detail)
        elif isinstance(exc, DownloadCancelledError) and "max size" in detail:
            self.recorder.skip(url, "too_large", detail)
        else:
            reason = _ERROR_REASONS.get(type(exc).__name__, "download_failed")
            self.recorder.error(url, reason, f"{type(exc).__name__}: {detail}")
