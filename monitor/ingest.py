"""``ingest(article)``: the one door from crawling into analysis.

Everything decided for one article (article row, version, and the analyses that hang off a new
version) is written in one transaction. Ingesting the same content twice changes nothing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, select

from monitor.alerts import enqueue, supersede
from monitor.alerts.revisions import fold_revisions, revision_events
from monitor.alerts.verdict_events import alert_events
from monitor.article import Article
from monitor.article import site_of as site_of  # re-exported: the outlet of an article
from monitor.config import AlertsConfig
from monitor.dedup import fingerprint, index_version, source_key
from monitor.dedup.passages import Prepared, prepare
from monitor.figures import extract_figures
from monitor.figures.model import Figure
from monitor.verdicts import assign_story, record_figures, rekey_story
from monitor.verdicts.stories import StoryText, story_text
from storage.db import DatabaseError, session_scope
from storage.locks import advisory_xact_lock
from storage.models import ArticleRow, ArticleVersionRow
from storage.timeutil import as_utc, utcnow

log = logging.getLogger(__name__)

Status = Literal["new", "changed", "unchanged"]


@dataclass(slots=True)
class IngestResult:
    """What ingesting one article did."""

    status: Status
    article_id: int
    version_id: int
    version: int
    figures: int = 0
    verdicts: list[str] = field(default_factory=list)
    cluster_id: int | None = None
    near_copy_of: int | None = None


@dataclass(slots=True)
class Pretext:
    """What ingest derives from an article's text alone, worked out ahead (``pretext``), e.g. in a
    worker process while the writer stores earlier articles. Used only when the text, date,
    URL and title it was made from are the ones ingest would use; otherwise ingest works it out
    again, so a stale or foreign one can never change a result."""

    text: str
    published: datetime | None
    url: str
    title: str | None
    figures: list[Figure]
    prepared: Prepared  # passages.prepare(text)
    simhash: int  # dedup.fingerprint(text)
    story: StoryText  # stories.story_text(text, title): what stories read of the text

    def fits(self, text: str, published: datetime | None, url: str, title: str | None) -> bool:
        """Whether this was made from exactly these inputs."""
        return (
            self.text == text
            and self.published == published
            and self.url == url
            and self.title == title
        )


def pretext(article: Article) -> Pretext:
    """The text-only analysis of ``article`` (its figures, prepared passages, fingerprint, what
    its story is chosen by), as ingest would make it for a new article: picklable, so a process
    pool can make it (``crawler.analysis``)."""
    published = as_utc(article.published)
    text, title = article.text, article.title
    figures = extract_figures(text, published=published, url=article.url, title=title)
    return Pretext(
        text,
        published,
        article.url,
        title,
        figures,
        prepare(text),
        fingerprint(text),
        story_text(text, title),
    )


def _article_row(session: Session, article: Article) -> ArticleRow:
    row = session.exec(select(ArticleRow).where(ArticleRow.url == article.url)).first()
    if row is not None:
        return row
    row = ArticleRow(
        url=article.url,
        site=site_of(article.url),
        source=article.source,
        title=article.title,
        published=as_utc(article.published),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another writer created it first
        row = session.exec(select(ArticleRow).where(ArticleRow.url == article.url)).one()
    return row


def ingest_in(
    session: Session,
    article: Article,
    *,
    alerts: AlertsConfig | None = None,
    pre: Pretext | None = None,
) -> IngestResult:
    """Ingest within an open session (the caller commits).

    ``alerts`` is the alert policy; without one the defaults apply, so no alert is ever dropped
    because a caller forgot the config. The article's URL is locked first (``storage.locks``) so
    two workers ingesting the same article at once cannot both read "unchanged / version N" and
    both write version N+1. Keep it first: on SQLite it opens the transaction (``BEGIN
    IMMEDIATE``) before ``_article_row``'s SAVEPOINT, which would otherwise commit on its own.
    ``pre``: the article's text analysis made ahead (``pretext``), used only if it fits.
    """
    advisory_xact_lock(session, f"article:{article.url}")
    row = _article_row(session, article)
    content_hash = article.content_hash
    current = (
        session.get(ArticleVersionRow, row.current_version_id) if row.current_version_id else None
    )
    if current is not None and current.content_hash == content_hash:
        return IngestResult("unchanged", row.id, current.id, current.number)  # type: ignore[arg-type]
    number = row.version_count + 1
    version = ArticleVersionRow(
        article_id=row.id,
        number=number,
        content_hash=content_hash,
        raw_hash=article.raw_hash,
        raw_size=article.raw_size,
        raw_html=article.raw_html,
        text=article.text,
        title=article.title,
        author=article.author,
        site_name=article.site_name,
        language=article.language,
        published=as_utc(article.published),
        fetched_url=article.fetched_url,
        fetched_at=as_utc(article.fetched_at) or utcnow(),
    )
    session.add(version)
    session.flush()
    row.version_count = number
    row.current_version_id = version.id
    row.title = article.title or row.title
    row.published = row.published or as_utc(article.published)
    row.last_changed = utcnow()
    session.add(row)
    result = IngestResult("new" if number == 1 else "changed", row.id, version.id, number)  # type: ignore[arg-type]
    _analyse(session, row, version, article, result, alerts or AlertsConfig(), pre)
    session.flush()
    return result


def _analyse(
    session: Session,
    row: ArticleRow,
    version: ArticleVersionRow,
    article: Article,
    result: IngestResult,
    alerts: AlertsConfig,
    pre: Pretext | None = None,
) -> None:
    """Run the analyses that hang off a new version: near-duplicates, figures, verdicts, alerts
    (and, for a second or later version, ``revised`` alerts for figures the outlet changed).

    Verdicts count independent sources through the near-duplicate clusters: a copy or a
    derivative of an article is the same source as its original.
    """
    published = as_utc(article.published) or row.published
    ahead = pre if pre is not None and pre.text == version.text else None
    dedup = index_version(
        session,
        article_id=row.id,  # type: ignore[arg-type]
        version_id=version.id,  # type: ignore[arg-type]
        text=version.text,
        title=version.title,
        published=published,
        site=row.site,
        prepared=ahead.prepared if ahead else None,
        simhash=ahead.simhash if ahead else None,
    )
    result.cluster_id = dedup.cluster_id
    result.near_copy_of = dedup.original_article_id if dedup.near_copy else None
    title = version.title or row.title
    fits = pre if pre is not None and pre.fits(version.text, published, row.url, title) else None
    if fits is not None:
        figures = fits.figures
    else:
        figures = extract_figures(version.text, published=published, url=row.url, title=title)
    story = assign_story(
        session,
        article_id=row.id,  # type: ignore[arg-type]
        text=version.text,
        title=title,
        published=published,
        related=[dedup.original_article_id, *(a for a, _ in dedup.matches), *dedup.derivative_of],
        facts=fits.story if fits is not None else None,
    )
    superseded: list[int] = []
    late = (
        rekey_story(
            session,
            story.id,
            source_key=lambda article_id: source_key(session, article_id),
            superseded=superseded,
        )
        if story.reshaped
        else []
    )
    verdicts = late + record_figures(
        session,
        article_id=row.id,  # type: ignore[arg-type]
        version_id=version.id,  # type: ignore[arg-type]
        url=row.url,
        site=row.site,
        published=published,
        figures=figures,
        source_key=lambda article_id: source_key(session, article_id),
        context=story.context,
        superseded=superseded,
    )
    result.figures = len(figures)
    result.verdicts = [v.kind for v in verdicts]
    events = alert_events(session, verdicts, article=row, cluster_id=dedup.cluster_id)
    if version.number > 1:  # the outlet edited the article: did a figure change?
        events = fold_revisions(events, revision_events(session, row, version), alerts)
    supersede(session, superseded)
    enqueue(session, events, alerts)


#: attempts after the first when the database is briefly unavailable (locked, restarting)
INGEST_RETRIES = 4
_TRANSIENT = (
    "database is locked",
    "database table is locked",
    "could not connect",
    "connection refused",
    "server closed the connection",
    "terminating connection",
    "connection reset",
    "connection timed out",
    "the database system is starting up",
    "the database system is shutting down",
    "deadlock detected",
    "could not serialize access",
)


def transient(exc: BaseException) -> bool:
    """Whether a database error is worth retrying (locked, connection lost, server restarting)."""
    if getattr(exc, "connection_invalidated", False):
        return True
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(marker in text for marker in _TRANSIENT)


def ingest(
    article: Article,
    engine: Engine,
    *,
    alerts: AlertsConfig | None = None,
    retries: int = INGEST_RETRIES,
    backoff: float = 0.5,
    pre: Pretext | None = None,
) -> IngestResult:
    """Store ``article`` (and everything derived from it) in one transaction.

    A transient database failure (a SQLite lock held past its busy timeout, a PostgreSQL
    restart) rolls the transaction back and is retried with exponential backoff; a permanent one
    (read-only or full disk, permission denied) raises ``DatabaseError`` with one clear line.
    Either way nothing is half-written: the article, its analyses and its alerts commit together.
    ``pre`` (``pretext``) serves the first attempt only: a rolled-back one may have changed its
    figures.
    """
    for attempt in range(retries + 1):
        try:
            with session_scope(engine) as session:
                return ingest_in(session, article, alerts=alerts, pre=pre if attempt == 0 else None)
        except DBAPIError as exc:
            if attempt < retries and transient(exc):
                delay = backoff * 2**attempt
                log.warning("database busy or away (%s); retrying %s in %.1fs",
                            _first_line(exc), article.url, delay)  # fmt: skip
                time.sleep(delay)
                continue
            raise DatabaseError(f"cannot store {article.url}: {_first_line(exc)}") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
