"""What a spider hands the item pipeline, and the one prefix of figwatch's request meta keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the meta prefix is imported by modules that need no more
    from monitor.article import Article
    from monitor.config import AlertsConfig

#: prefix of every request/response ``meta`` key figwatch sets or reads (``meta[META + "url"]``)
META = "figwatch_"


@dataclass(slots=True)
class ArticleItem:
    """One extracted article and what the pipeline needs to ingest it and remember its fetch."""

    article: Article
    #: the alert policy for this article (silent during a source's baseline crawl)
    alerts: AlertsConfig | None
    #: the URL as requested: the key of its fetch state (the article's own URL may be canonical)
    url: str
    status: int
    raw_hash: str
    etag: str | None = None
    last_modified: str | None = None
    #: set by the pipeline: ``new``, ``changed`` or ``unchanged``
    result: str | None = None
