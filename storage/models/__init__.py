"""SQLModel tables, one module per area. Importing this package registers every table."""

from storage.models.alerts import DeliveryAttemptRow, OutboxRow
from storage.models.articles import ArticleRow, ArticleVersionRow

__all__ = ["ArticleRow", "ArticleVersionRow", "DeliveryAttemptRow", "OutboxRow"]
