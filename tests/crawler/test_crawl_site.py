"""One crawl of the local news site (feeds, broken feeds, sitemap index, page list): what was
stored, what was skipped and why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from storage.db import connect
from storage.models import ArticleRow, ArticleVersionRow, CrawlEventRow, CrawlRunRow
from tests.support.sites import LocalSite, news_site, run_crawler, write_config

SOURCES = ["rss", "atom", "broken", "news-sitemap", "front"]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalSite, dict, object]]:
    tmp = tmp_path_factory.mktemp("site")
    site = news_site()
    u = site.url
    cfg = write_config(
        tmp / "figwatch.toml",
        f"""
[[source]]
name = "rss"
kind = "feed"
urls = ["{u("/feeds/rss.xml")}"]
allow_private = true

[[source]]
name = "atom"
kind = "feed"
urls = ["{u("/feeds/atom.xml")}"]
allow_private = true

[[source]]
name = "broken"
kind = "feed"
urls = ["{u("/feeds/broken.xml")}", "{u("/feeds/notafeed.xml")}"]
allow_private = true

[[source]]
name = "news-sitemap"
kind = "sitemap"
urls = ["{u("/sitemap_index.xml")}"]
allow_private = true

[[source]]
name = "front"
kind = "pages"
urls = ["{u("/index.html")}"]
follow = {{ depth = 1, deny = ["/tag/"] }}
allow_private = true
""",
    )
    db = f"sqlite:///{tmp / 'fw.db'}"
    summaries = {s["source"]: s for s in run_crawler(cfg, SOURCES, db)}
    engine = connect(db)
    yield site, summaries, engine
    engine.dispose()
    site.stop()


def _articles(engine) -> dict[str, ArticleRow]:
    with Session(engine) as s:
        return {r.url: r for r in s.exec(select(ArticleRow)).all()}


def _events(engine, source: str) -> set[tuple[str, str]]:
    with Session(engine) as s:
        rows = s.exec(
            select(CrawlEventRow.reason, CrawlEventRow.url)
            .join(CrawlRunRow, CrawlRunRow.id == CrawlEventRow.run_id)
            .where(CrawlRunRow.source == source)
        ).all()
    return {(reason, url.split(":", 2)[-1].split("/", 1)[-1]) for reason, url in rows}


def test_every_source_ran(crawled) -> None:
    _, summaries, engine = crawled
    assert set(summaries) == set(SOURCES)
    # the rss feed links a 404, "broken" is a malformed feed and a page that is no feed, the
    # errors next to work that succeeded are "partial"
    expected = {"rss": "partial", "atom": "ok", "broken": "partial", "front": "ok"}
    expected["news-sitemap"] = "ok"
    assert {n: s["status"] for n, s in summaries.items()} == expected
    assert summaries["broken"]["detail"].startswith(("bad_feed", "malformed_feed"))
    with Session(engine) as s:
        runs = s.exec(select(CrawlRunRow)).all()
    assert {r.source for r in runs} == set(SOURCES)
    for run in runs:
        assert run.finished is not None and run.status == expected[run.source]
        assert run.fetched == summaries[run.source]["fetched"]
        assert run.skipped == summaries[run.source]["skipped"]


def test_feed_articles_stored(crawled) -> None:
    site, summaries, engine = crawled
    urls = set(_articles(engine))
    for slug in ("flood-marrowfield", "bridge-closure", "harvest-festival", "no-etag",
                 "flaky", "moved-here", "cyrillic", "atom-only"):  # fmt: skip
        assert site.url(f"/news/{slug}.html") in urls
    for bad in ("/news/huge.html", "/news/photo.html", "/news/missing.html",
                "/private/draft.html", "/old/moved.html"):  # fmt: skip
        assert site.url(bad) not in urls
    rss = summaries["rss"]
    # seven good pages: each stored by this crawl or already stored by a concurrent one
    assert rss["stored_new"] + rss["unchanged"] + rss["not_modified"] == 7
    assert rss["skipped"] == {"not_html": 1, "robots": 1, "too_large": 1}
    assert rss["errors"] == 1


def test_skips_and_errors_are_recorded_with_reasons(crawled) -> None:
    _, _, engine = crawled
    events = _events(engine, "rss")
    assert ("robots", "private/draft.html") in events
    assert ("too_large", "news/huge.html") in events
    assert ("not_html", "news/photo.html") in events
    assert ("http_404", "news/missing.html") in events
    assert not any(path.startswith("news/flaky") for _, path in events)


def test_transient_500_is_retried(crawled) -> None:
    site, _, engine = crawled
    assert site.hits["/news/flaky.html"] >= 2
    row = _articles(engine)[site.url("/news/flaky.html")]
    assert row.version_count == 1 and "37 admissions" in (row.title or "")


def test_redirect_and_cp1251(crawled) -> None:
    site, _, engine = crawled
    articles = _articles(engine)
    assert "Library reopens" in (articles[site.url("/news/moved-here.html")].title or "")
    row = articles[site.url("/news/cyrillic.html")]
    with Session(engine) as s:
        version = s.get(ArticleVersionRow, row.current_version_id)
    assert "Заречье" in version.text and "48 миллионов рублей" in version.text
    assert version.raw_hash and version.raw_size > 0


def test_broken_feeds_are_counted_not_fatal(crawled) -> None:
    site, summaries, engine = crawled
    events = _events(engine, "broken")
    assert ("malformed_feed", "feeds/broken.xml") in events
    assert ("bad_feed", "feeds/notafeed.xml") in events
    broken = summaries["broken"]
    assert broken["errors"] == 2
    # the one complete item of the truncated feed was still crawled
    assert broken["stored_new"] + broken["unchanged"] + broken["not_modified"] == 1


def test_sitemap_index_news_and_gzip(crawled) -> None:
    site, summaries, engine = crawled
    urls = set(_articles(engine))
    assert site.url("/news/news-only.html") in urls  # Google News sitemap
    assert site.url("/news/archive-only.html") in urls  # gzipped sitemap
    sm = summaries["news-sitemap"]
    assert sm["errors"] == 0 and sm["fetched"] == 3


def test_page_list_follows_same_site_links_within_rules(crawled) -> None:
    site, summaries, engine = crawled
    events = _events(engine, "front")
    assert ("robots", "private/draft.html") in events
    assert site.hits["/tag/weather/"] == 0  # denied by pattern
    assert site.url("/tag/weather/") not in _articles(engine)
    assert not any("elsewhere.invalid" in path for _, path in events)  # off-site: not requested
    front = summaries["front"]
    # flood + bridge fetched as articles (the index is not one); nothing beyond depth 1
    assert front["fetched"] == 2
    assert site.url("/index.html") not in _articles(engine)
    assert site.hits["/privacy.html"] == 0


def test_atom_feed_and_page_without_text(crawled) -> None:
    site, summaries, engine = crawled
    articles = _articles(engine)
    assert articles[site.url("/news/atom-only.html")].source == "atom"
    assert site.url("/news/gallery.html") not in articles
    assert ("no_text", "news/gallery.html") in _events(engine, "atom")
    assert summaries["atom"]["skipped"] == {"no_text": 1}


def test_scrapy_list_from_repo_root() -> None:
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=repo, capture_output=True, text=True
    )
    assert out.stdout.split() == ["feed", "pages", "sitemap"]
