"""Structural checks on the bundled demo corpus (examples/demo/).

The corpus is hand-written fiction; these tests keep it coherent: every feed, sitemap and page-list
entry resolves to a file on disk, every article carries the metadata figwatch reads, canonical URLs
are unique, the config loads and points at real files, and EXPECTED.md / expected.json agree with
the pages they describe.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse
from urllib.request import url2pathname

import lxml.html
import pytest
from simhash import Simhash

from monitor.config import load_config

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"
SITES = DEMO / "sites"
CHANGES = DEMO / "changes"
EXPECTED_MD = DEMO / "EXPECTED.md"
EXPECTED_JSON = DEMO / "expected.json"
NS = {
    "rss_dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
# The element that holds the article text on each outlet's pages.
BODY_CLASS = {
    "karsk-courier": "story-body",
    "meridian-press": "mp-body",
    "brask-evening-post": "entry",
    "valdoria-today": "article-body",
    "northern-ledger": "nl-body",
}
VERDICTS = {"new", "confirms", "updates", "contradicts", "corrects"}


def file_url_to_path(url: str) -> Path:
    parsed = urlparse(url)
    assert parsed.scheme == "file", url
    return Path(url2pathname(parsed.path))


def article_files(root: Path = SITES) -> list[Path]:
    """Every HTML page under ``root`` except the page-list section fronts."""
    return sorted(p for p in root.rglob("*.html") if p.name != "index.html")


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def meta(doc: lxml.html.HtmlElement, attr: str, name: str) -> str | None:
    found = doc.xpath(f'//meta[@{attr}="{name}"]/@content')
    return found[0].strip() if found else None


def canonical(doc: lxml.html.HtmlElement) -> str | None:
    found = doc.xpath('//link[@rel="canonical"]/@href')
    return found[0].strip() if found else None


def outlet_of(path: Path) -> str:
    rel = path.relative_to(CHANGES if CHANGES in path.parents else SITES)
    return rel.parts[0]


def body_text(path: Path) -> str:
    doc = parse(path)
    cls = BODY_CLASS[outlet_of(path)]
    nodes = doc.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {cls} ")]')
    assert len(nodes) == 1, f"{path}: expected one .{cls} element"
    return re.sub(r"\s+", " ", nodes[0].text_content()).strip()


def page_text(path: Path) -> str:
    return re.sub(r"\s+", " ", parse(path).text_content())


def simhash_words(text: str) -> Simhash:
    words = re.findall(r"\w+", text.lower())
    return Simhash([" ".join(words[i : i + 3]) for i in range(len(words) - 2)])


# --- entry points -------------------------------------------------------------------------------


def rss_links(feed: Path) -> list[str]:
    root = ET.parse(feed).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0", f"{feed} is not RSS 2.0"
    items = root.findall("./channel/item")
    assert items, f"{feed} has no items"
    for item in items:
        for tag in ("title", "link", "guid", "pubDate"):
            assert (item.findtext(tag) or "").strip(), f"{feed}: item without <{tag}>"
    return [item.findtext("link").strip() for item in items]


def atom_links(feed: Path) -> list[str]:
    root = ET.parse(feed).getroot()
    assert root.tag == f"{{{NS['atom']}}}feed", f"{feed} is not an Atom feed"
    entries = root.findall("atom:entry", NS)
    assert entries, f"{feed} has no entries"
    links = []
    for entry in entries:
        for tag in ("title", "id", "updated"):
            assert entry.findtext(f"atom:{tag}", namespaces=NS), f"{feed}: entry without {tag}"
        link = entry.find('atom:link[@rel="alternate"]', NS)
        assert link is not None and link.get("href"), f"{feed}: entry without alternate link"
        links.append(link.get("href"))
    return links


def sitemap_links(sitemap: Path) -> list[str]:
    """Article URLs from a sitemap index (followed one level) or a urlset, resolved."""
    root = ET.parse(sitemap).getroot()
    base = sitemap.as_uri()
    if root.tag == f"{{{NS['sm']}}}sitemapindex":
        out: list[str] = []
        for loc in root.findall("sm:sitemap/sm:loc", NS):
            child = file_url_to_path(urljoin(base, loc.text.strip()))
            assert child.is_file(), f"{sitemap}: sitemap {loc.text!r} does not exist"
            out += sitemap_links(child)
        return out
    assert root.tag == f"{{{NS['sm']}}}urlset", f"{sitemap}: not a sitemap"
    urls = root.findall("sm:url", NS)
    assert urls, f"{sitemap}: empty urlset"
    for url in urls:
        assert url.find("news:news/news:publication_date", NS) is not None, "not a news sitemap"
    return [urljoin(base, u.findtext("sm:loc", namespaces=NS).strip()) for u in urls]


def page_list_links(index: Path) -> list[str]:
    doc = parse(index)
    hrefs = [h for h in doc.xpath("//a/@href") if not urlparse(h).scheme]
    return [urljoin(index.as_uri(), h) for h in hrefs]


@pytest.fixture(scope="module")
def config():
    return load_config(DEMO / "figwatch.toml")


@pytest.fixture(scope="module")
def entry_links(config) -> dict[str, list[Path]]:
    """Per source name, the files its entry points lead to (relative links resolved)."""
    out: dict[str, list[Path]] = {}
    for src in config.sources:
        files: list[Path] = []
        for url in src.urls:
            start = file_url_to_path(config.resolve_url(url))
            if src.kind == "feed":
                text = start.read_text(encoding="utf-8")
                links = rss_links(start) if "<rss" in text[:300] else atom_links(start)
                links = [urljoin(start.as_uri(), link) for link in links]
            elif src.kind == "sitemap":
                links = sitemap_links(start)
            else:
                links = page_list_links(start)
            files += [file_url_to_path(link) for link in links]
        out[src.name] = files
    return out


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(EXPECTED_JSON.read_text(encoding="utf-8"))


# --- config -------------------------------------------------------------------------------------


def test_config_loads_and_every_source_url_exists(config):
    assert config.storage.database_url == "sqlite:///figwatch.db"
    assert len(config.sources) >= 4
    for src in config.sources:
        assert src.every == "15m"
        assert src.allow_private, f"{src.name}: local files need allow_private"
        for url in src.urls:
            assert not urlparse(url).scheme, f"{src.name}: demo URLs must be relative paths"
            path = file_url_to_path(config.resolve_url(url))
            assert path.is_file(), f"{src.name}: {url} does not exist"


def test_config_covers_every_kind_and_outlet(config):
    kinds = {src.kind for src in config.sources}
    assert kinds == {"feed", "sitemap", "pages"}
    feeds = [file_url_to_path(config.resolve_url(u)) for s in config.sources for u in s.urls]
    texts = [p.read_text(encoding="utf-8")[:400] for p in feeds]
    assert any("<rss" in t for t in texts) and any("<feed" in t for t in texts)
    pages = [s for s in config.sources if s.kind == "pages"]
    assert all(s.follow.depth == 1 for s in pages)
    outlets = {p.name for p in SITES.iterdir() if p.is_dir()}
    assert {s.name for s in config.sources} == outlets


# --- entry points lead to the articles ----------------------------------------------------------


def test_every_entry_point_item_resolves_to_an_existing_file(entry_links):
    for name, files in entry_links.items():
        assert files, f"{name}: entry point lists nothing"
        for path in files:
            assert path.is_file(), f"{name}: link to missing file {path}"
            assert SITES / name in path.parents, f"{name}: {path} is outside its outlet folder"


def test_every_article_is_reachable_exactly_once(entry_links):
    reached = sorted(p for files in entry_links.values() for p in files)
    assert reached == article_files(), "articles and feed/sitemap/page-list entries differ"


# --- page metadata ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", article_files() + article_files(CHANGES), ids=lambda p: p.name)
def test_article_has_metadata(path: Path):
    doc = parse(path)
    title = doc.findtext(".//title")
    assert title and title.strip(), "no <title>"
    assert meta(doc, "property", "og:title"), "no og:title"
    assert meta(doc, "name", "author"), "no author"
    assert meta(doc, "property", "og:type") == "article"
    published = meta(doc, "property", "article:published_time")
    assert published, "no article:published_time"
    when = datetime.fromisoformat(published)
    assert when.tzinfo is not None and when.year == 2026 and when.month == 3
    url = canonical(doc)
    assert url and urlparse(url).scheme == "https", "canonical must be an https URL"
    assert urlparse(url).hostname.endswith(".example"), "outlets are fictional: use .example"
    assert len(body_text(path).split()) >= 80, "article body is too short"


def test_canonical_urls_are_unique_and_changes_keep_theirs():
    seen: dict[str, Path] = {}
    for path in article_files():
        url = canonical(parse(path))
        assert url not in seen, f"{path} and {seen.get(url)} share {url}"
        seen[url] = path
    changed = article_files(CHANGES)
    assert 1 <= len(changed) <= 2
    for path in changed:
        original = SITES / path.relative_to(CHANGES)
        assert original.is_file(), f"{path} has no counterpart under sites/"
        assert canonical(parse(path)) == canonical(parse(original))
        assert path.read_bytes() != original.read_bytes()


def test_listing_page_is_not_an_article():
    for index in SITES.rglob("index.html"):
        doc = parse(index)
        assert meta(doc, "property", "article:published_time") is None
        assert meta(doc, "property", "og:type") == "website"


# --- EXPECTED.md and expected.json agree with the pages ------------------------------------------


def test_expected_md_lists_every_article_file():
    text = EXPECTED_MD.read_text(encoding="utf-8")
    for path in article_files():
        rel = path.relative_to(DEMO).as_posix()
        assert rel in text, f"EXPECTED.md does not mention {rel}"
    for path in article_files(CHANGES):
        assert path.relative_to(DEMO).as_posix() in text


def test_expected_json_articles_match_pages(expected):
    listed = {a["path"] for a in expected["articles"]}
    assert listed == {p.relative_to(DEMO).as_posix() for p in article_files()}
    order = [a["published"] for a in expected["articles"]]
    assert order == sorted(order, key=datetime.fromisoformat), "articles not in publication order"
    md = EXPECTED_MD.read_text(encoding="utf-8")
    for art in expected["articles"]:
        doc = parse(DEMO / art["path"])
        assert canonical(doc) == art["canonical"]
        assert meta(doc, "property", "article:published_time") == art["published"]
        assert meta(doc, "property", "og:title") == art["title"]
        assert re.search(rf"^\| {re.escape(art['id'])} \| {re.escape(art['path'])} \|", md, re.M)


def _all_figures(expected: dict) -> list[dict]:
    return expected["figures"] + [f for c in expected["changes"] for f in c["figures"]]


def test_expected_figures_quote_their_articles(expected):
    paths = {a["id"]: DEMO / a["path"] for a in expected["articles"]}
    paths |= {c["id"]: DEMO / c["path"] for c in expected["changes"]}
    for fig in _all_figures(expected):
        text = body_text(paths[fig["article"]])
        assert fig["words"] in text, f"{fig['id']}: {fig['words']!r} not in the article body"
        assert fig["verdict"] in VERDICTS
        assert fig["low"] is not None
        assert fig["high"] is None or fig["low"] <= fig["high"]


def test_expected_verdicts_point_backwards(expected):
    published = {a["id"]: a["published"] for a in expected["articles"]}
    published |= {c["id"]: c["modified"] for c in expected["changes"] if c.get("modified")}
    figs = {f["id"]: f for f in _all_figures(expected)}
    for fig in figs.values():
        if fig["verdict"] == "new":
            assert fig["against"] is None
            continue
        other = figs[fig["against"]]
        when = datetime.fromisoformat(published[fig["article"]])
        assert datetime.fromisoformat(published[other["article"]]) < when, fig["id"]
        assert (other["measure"], other["group"], other["place"]) == (
            fig["measure"],
            fig["group"],
            fig["place"],
        ), f"{fig['id']} is judged against a figure that is not comparable"
        overlap = (other["high"] is None or fig["low"] <= other["high"]) and (
            fig["high"] is None or other["low"] <= fig["high"]
        )
        if fig["verdict"] == "confirms":
            assert overlap, fig["id"]
        else:
            assert not overlap, fig["id"]
        if fig["verdict"] in {"updates", "corrects"}:
            assert other["claimant"] == fig["claimant"], fig["id"]
        if fig["verdict"] == "corrects":
            assert fig["low"] < other["low"], fig["id"]
        if fig["verdict"] == "contradicts":
            assert other["claimant"] != fig["claimant"], fig["id"]
    alerts = expected["alerts_default_policy"]
    for verdict, ids in (("updates", alerts["updates"]), ("contradicts", alerts["contradicts"])):
        assert sorted(ids) == sorted(
            f["id"] for f in expected["figures"] if f["verdict"] == verdict
        )
    assert alerts["corrects"] == [
        f["id"] for f in expected["figures"] if f["verdict"] == "corrects"
    ]


# --- the copy, the derivative and the changes ---------------------------------------------------


def _path(expected: dict, art_id: str) -> Path:
    return DEMO / next(a["path"] for a in expected["articles"] if a["id"] == art_id)


def test_syndicated_copy_is_a_near_copy_and_derivative_is_not(expected):
    for pair in expected["near_copies"]:
        original, copy = _path(expected, pair["original"]), _path(expected, pair["copy"])
        assert "(Meridian Press)" in body_text(copy)
        assert parse(original).findtext(".//h1") != parse(copy).findtext(".//h1")
        assert simhash_words(body_text(original)).distance(simhash_words(body_text(copy))) <= 3
    for der in expected["derivatives"]:
        article, source = _path(expected, der["article"]), _path(expected, der["of"])
        a, b = body_text(article), body_text(source)
        assert simhash_words(a).distance(simhash_words(b)) > 3, "derivative must not be a copy"
        for passage in der["shared_passages"]:
            assert passage in a and passage in b, passage


def test_changes_differ_as_documented(expected):
    for change in expected["changes"]:
        new = DEMO / change["path"]
        old = SITES / new.relative_to(CHANGES)
        if change["figures"]:
            assert body_text(new) != body_text(old)
            assert meta(parse(new), "property", "article:modified_time") == change["modified"]
        else:
            assert body_text(new) == body_text(old), "a chrome-only change altered the text"
            assert page_text(new) != page_text(old)


# --- our own words ------------------------------------------------------------------------------


def test_no_seed_sentence_is_copied(seeds_dir: Path):
    corpus = " ".join(page_text(p) for p in article_files() + article_files(CHANGES)).lower()
    for seed in seeds_dir.glob("*.txt"):
        for sentence in re.split(r"(?<=[.!?])\s+", seed.read_text(encoding="utf-8")):
            words = sentence.split()
            if len(words) >= 8:
                assert " ".join(words).lower() not in corpus, f"copied from {seed.name}"
