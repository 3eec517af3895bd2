"""SQLModel tables, one module per area. Importing this package registers every table."""

from storage.models.articles import ArticleRow, ArticleVersionRow
from storage.models.boilerplate import BoilerplateLine

__all__ = ["ArticleRow", "ArticleVersionRow", "BoilerplateLine"]
