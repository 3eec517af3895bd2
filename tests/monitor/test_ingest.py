"""The ingest door: one article, one version, idempotent, and changed text → a new version."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from monitor.article import Article
from monitor.ingest import ingest, site_of
from storage.models import ArticleRow, ArticleVersionRow


def _article(text: str = "Rescuers said 12 people were missing after the flood.") -> Article:
    return Article(
        url="https://news.example.org/a/1",
        text=text,
        title="Flood",
        published=datetime(2024, 5, 1, 8, tzinfo=UTC),
        source="t",
    )


def _counts(engine) -> tuple[int, int]:
    with Session(engine) as s:
        return (
            s.exec(select(func.count()).select_from(ArticleRow)).one(),
            s.exec(select(func.count()).select_from(ArticleVersionRow)).one(),
        )


def test_same_article_twice_changes_nothing(engine) -> None:
    first = ingest(_article(), engine)
    second = ingest(_article(), engine)
    assert first.status == "new" and second.status == "unchanged"
    assert second.version_id == first.version_id
    assert _counts(engine) == (1, 1)


def test_changed_text_is_a_new_version_of_the_same_article(engine) -> None:
    ingest(_article(), engine)
    changed = ingest(_article("Rescuers said 15 people were missing after the flood."), engine)
    assert changed.status == "changed" and changed.version == 2
    assert _counts(engine) == (1, 2)
    with Session(engine) as s:
        row = s.exec(select(ArticleRow)).one()
        assert row.current_version_id == changed.version_id
        assert row.site == "news.example.org"
        assert row.published == datetime(2024, 5, 1, 8, tzinfo=UTC)


def test_site_of() -> None:
    assert site_of("https://WWW.Example.com/x") == "example.com"
    assert site_of("file:///tmp/a.html") == "file"
