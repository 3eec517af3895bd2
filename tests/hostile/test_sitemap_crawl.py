"""Broken and hostile sitemaps through the product's own path: the sitemap spider in a real crawl
(Scrapy's sitemap parser, figwatch's counted requests), not a helper the product does not call."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, select

from storage.db import connect
from storage.models import ArticleRow, CrawlEventRow
from tests.support.sites import LocalSite, Page, article_html, run_crawler, write_config

PARAS = [
    "Ferry crossings to Osk were cancelled on Monday after a storm damaged the northern pier, "
    "the harbour authority said, leaving 240 passengers to spend the night in the terminal.",
    "Engineers said repairs would take at least four days and that a temporary landing stage "
    "was being towed from the mainland yard.",
]


def _index(*locs: str) -> bytes:
    items = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{items}</sitemapindex>"
    ).encode()


def _urlset(*locs: str, ns: bool = True) -> bytes:
    items = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    xmlns = ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' if ns else ""
    return f'<?xml version="1.0"?><urlset{xmlns}>{items}</urlset>'.encode()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("sitemaps")
    site = LocalSite().start()
    p, u = site.pages, site.url
    xml = "application/xml"
    for name in ("rel", "gz", "abs", "deep", "ns84", "cut1", "cut2"):
        p[f"/a/{name}.html"] = Page(article_html(f"Osk ferry: {name}", PARAS).encode())
    # an index that lists itself and a child that lists it back (a loop)
    p["/index.xml"] = Page(
        _index(
            u("/index.xml"),
            u("/loop.xml"),
            u("/sm/relative.xml"),
            u("/sm/pages.xml.gz"),
            u("/not-a-sitemap.xml"),
            u("/garbage.xml"),
            u("/missing.xml"),
            u("/sm/ns84.xml"),
        ),
        content_type=xml,
    )
    p["/loop.xml"] = Page(_index(u("/index.xml"), u("/deep.xml")), content_type=xml)
    p["/deep.xml"] = Page(_urlset(u("/a/deep.html")), content_type=xml)
    # relative <loc> values are resolved against the sitemap's own URL
    p["/sm/relative.xml"] = Page(_urlset("../a/rel.html", "/a/abs.html"), content_type=xml)
    p["/sm/pages.xml.gz"] = Page(
        gzip.compress(_urlset(u("/a/gz.html"), ns=False)), content_type="application/gzip"
    )
    # an index in Google's old 0.84 namespace, pointing at a truncated urlset without namespace
    p["/sm/ns84.xml"] = Page(
        _index(u("/sm/cut.xml")).replace(
            b"sitemaps.org/schemas/sitemap/0.9", b"google.com/schemas/sitemap/0.84"
        ),
        content_type=xml,
    )
    cut = _urlset(u("/a/ns84.html"), u("/a/cut1.html"), u("/a/cut2.html"), ns=False)
    p["/sm/cut.xml"] = Page(cut[: cut.index(b"cut2.html")], content_type=xml)
    p["/not-a-sitemap.xml"] = Page(b"<html><body>Nothing here</body></html>", content_type=xml)
    p["/garbage.xml"] = Page(b"\x00\x01\x02\xff" * 64, content_type=xml)
    cfg = write_config(
        tmp / "figwatch.toml",
        f'[[source]]\nname = "maps"\nkind = "sitemap"\nurls = ["{u("/index.xml")}"]\n'
        "allow_private = true\n",
    )
    db = f"sqlite:///{tmp / 'fw.db'}"
    (summary,) = run_crawler(cfg, ["maps"], db, timeout=120)
    engine = connect(db)
    with Session(engine) as s:
        urls = {r.url for r in s.exec(select(ArticleRow)).all()}
        events = {(e.reason, e.url.rsplit("/", 1)[-1]) for e in s.exec(select(CrawlEventRow))}
    engine.dispose()
    site.stop()
    yield {"summary": summary, "urls": urls, "events": events, "site": site}


def test_every_reachable_article_is_stored(crawled: dict[str, Any]) -> None:
    site = crawled["site"]
    names = ("rel", "gz", "abs", "deep", "ns84", "cut1")
    assert {site.url(f"/a/{n}.html") for n in names} <= crawled["urls"]
    assert site.url("/a/cut2.html") not in crawled["urls"]  # cut off mid-<loc>
    # the broken sitemaps are counted errors beside the stored articles: a partial crawl
    assert crawled["summary"]["status"] == "partial"


def test_index_loop_fetches_each_sitemap_once(crawled: dict[str, Any]) -> None:
    hits = crawled["site"].hits
    assert hits["/index.xml"] == 1 and hits["/loop.xml"] == 1


def test_bad_sitemaps_are_counted_errors(crawled: dict[str, Any]) -> None:
    events = crawled["events"]
    assert ("bad_sitemap", "not-a-sitemap.xml") in events
    assert ("bad_sitemap", "garbage.xml") in events
    assert any(name == "missing.xml" for _, name in events)
    assert crawled["summary"]["errors"] >= 3
