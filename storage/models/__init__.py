"""SQLModel tables, one module per area. Importing this package registers every table."""

from storage.models.articles import ArticleRow, ArticleVersionRow
from storage.models.dedup import (
    ClusterMemberRow,
    ClusterRow,
    DerivativeRow,
    FingerprintRow,
    NearDupKeyRow,
    ShingleRow,
    StatedSourceRow,
)

__all__ = [
    "ArticleRow",
    "ArticleVersionRow",
    "ClusterMemberRow",
    "ClusterRow",
    "DerivativeRow",
    "FingerprintRow",
    "NearDupKeyRow",
    "ShingleRow",
    "StatedSourceRow",
]
