"""Incremental re-crawls, on SQLite and PostgreSQL: unchanged pages are not re-processed, an
edited page becomes exactly one new version."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, func, select

from storage.db import connect
from storage.models import ArticleRow, ArticleVersionRow, CrawlEventRow, FetchStateRow
from tests.support.sites import ARTICLES, Page, article_html, news_site, run_crawler, write_config


def _versions(url: str) -> int:
    engine = connect(url)
    try:
        with Session(engine) as s:
            return s.exec(select(func.count()).select_from(ArticleVersionRow)).one()
    finally:
        engine.dispose()


def test_recrawl_skips_unchanged_and_versions_the_edited_page(db_url: str, tmp_path: Path) -> None:
    site = news_site()
    try:
        cfg = write_config(
            tmp_path / "figwatch.toml",
            f'[[source]]\nname = "rss"\nkind = "feed"\nurls = ["{site.url("/feeds/rss.xml")}"]\n'
            "allow_private = true\n",
        )
        (first,) = run_crawler(cfg, ["rss"], db_url)
        assert first["stored_new"] == 7 and first["stored_changed"] == 0
        versions = _versions(db_url)
        assert versions == 7

        (second,) = run_crawler(cfg, ["rss"], db_url)
        assert second["stored_new"] == 0 and second["stored_changed"] == 0
        # six pages send validators (304), the one without them is caught by its raw hash
        assert second["not_modified"] == 6
        assert second["unchanged"] == 1
        assert site.not_modified["/news/flood-marrowfield.html"] == 1
        assert _versions(db_url) == versions

        # edit one article's text; change only the markup of another
        title, paras = ARTICLES["flood-marrowfield"]
        edited = [paras[0].replace("about 1,200", "about 1,450"), *paras[1:]]
        site.pages["/news/flood-marrowfield.html"] = Page(article_html(title, edited).encode())
        title, paras = ARTICLES["no-etag"]
        restyled = article_html(title, paras).replace("<main>", '<main class="wide">')
        site.pages["/news/no-etag.html"] = Page(restyled.encode(), validators=False)

        (third,) = run_crawler(cfg, ["rss"], db_url)
        assert third["stored_changed"] == 1 and third["stored_new"] == 0
        assert third["not_modified"] == 5
        assert third["unchanged"] == 1  # raw bytes changed, clean text did not
        assert _versions(db_url) == versions + 1

        engine = connect(db_url)
        try:
            with Session(engine) as s:
                flood = s.exec(
                    select(ArticleRow).where(
                        ArticleRow.url == site.url("/news/flood-marrowfield.html")
                    )
                ).one()
                assert flood.version_count == 2
                current = s.get(ArticleVersionRow, flood.current_version_id)
                assert "1,450" in current.text
                reasons = s.exec(select(CrawlEventRow.reason)).all()
                assert reasons.count("not_modified") == 6 + 5
                state = s.get(FetchStateRow, site.url("/news/flood-marrowfield.html"))
                assert state.etag and state.raw_hash == current.raw_hash
        finally:
            engine.dispose()
    finally:
        site.stop()
