"""SQLModel tables, one module per area. Importing this package registers every table."""

from storage.models.alerts import AlertMarkRow, DeliveryAttemptRow, OutboxRow
from storage.models.articles import ArticleRow, ArticleVersionRow
from storage.models.boilerplate import BoilerplateLine
from storage.models.crawl import CrawlEventRow, CrawlRunRow, FetchStateRow
from storage.models.daemon import DaemonHeartbeatRow
from storage.models.dedup import (
    ClusterMemberRow,
    ClusterRow,
    DerivativeRow,
    FingerprintRow,
    NearDupKeyRow,
    ShingleRow,
    StatedSourceRow,
)
from storage.models.figures import FigureRow, StoryMemberRow, StoryRow, VerdictRow
from storage.models.series import SeriesStateRow, SeriesValueRow

__all__ = [
    "AlertMarkRow",
    "ArticleRow",
    "ArticleVersionRow",
    "BoilerplateLine",
    "CrawlEventRow",
    "CrawlRunRow",
    "DaemonHeartbeatRow",
    "DeliveryAttemptRow",
    "FetchStateRow",
    "FigureRow",
    "OutboxRow",
    "SeriesStateRow",
    "SeriesValueRow",
    "StoryMemberRow",
    "StoryRow",
    "VerdictRow",
    "ClusterMemberRow",
    "ClusterRow",
    "DerivativeRow",
    "FingerprintRow",
    "NearDupKeyRow",
    "ShingleRow",
    "StatedSourceRow",
]
