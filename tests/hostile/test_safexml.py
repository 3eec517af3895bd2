"""Feeds and sitemaps from strangers: no XXE, no entity bombs, no gzip bombs; broken XML is read.

Feeds go through ``crawler.safexml``; sitemaps through Scrapy's ``Sitemap`` (what the sitemap
spider runs; the whole crawl over hostile sitemaps is in test_sitemap_crawl.py)."""

from __future__ import annotations

import codecs
import contextlib
import gzip
import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler import safexml
from crawler.exceptions import BrokenXML, UnsafeXML, XMLProblem
from crawler.safexml import feed_entries, parse_xml
from tests.support.badserver import BadServer

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FEED_BASE = "https://lorn-gazette.test/feed.xml"
MARKER = "FIGWATCH-XXE-MARKER-7f3a"

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]><rss><channel><item><title>&lol9;</title><link>https://x.test/a</link></item></channel></rss>"
)


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(MARKER)
    return path


def xxe_doc(path: Path) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{path.as_uri()}">]>'
        "<rss><channel><item><title>&xxe;</title><link>https://x.test/a</link></item></channel></rss>"
    ).encode()


def test_xxe_external_file_entity_is_refused(secret_file: Path) -> None:
    with pytest.raises(UnsafeXML, match="entities"):
        feed_entries(xxe_doc(secret_file), FEED_BASE)


def test_parser_itself_never_resolves_external_entities(secret_file: Path) -> None:
    """Even without our DOCTYPE pre-check, the configured parser does not read the file."""
    root = etree.fromstring(xxe_doc(secret_file), parser=safexml._parser())
    assert MARKER not in etree.tostring(root, encoding="unicode")
    assert MARKER not in "".join(root.itertext())


def test_parameter_entity_and_utf16_entity_decls_are_refused(secret_file: Path) -> None:
    param = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "{secret_file.as_uri()}"> %p;]><r/>'
    ).encode()
    with pytest.raises(UnsafeXML):
        parse_xml(param)
    wide = codecs.BOM_UTF16_LE + xxe_doc(secret_file).decode().replace(
        'encoding="utf-8"', ""
    ).encode("utf-16-le")
    with pytest.raises(UnsafeXML):
        parse_xml(wide)


def test_external_dtd_is_never_fetched(bad_server: BadServer) -> None:
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{bad_server.url("/evil.dtd")}">'
        "<rss><channel><item><title>T</title><link>https://x.test/a</link></item></channel></rss>"
    ).encode()
    entries = feed_entries(doc, FEED_BASE)
    assert [e.url for e in entries] == ["https://x.test/a"]
    assert bad_server.hits["/evil.dtd"] == 0


def test_billion_laughs_is_refused_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(UnsafeXML):
        parse_xml(LAUGHS.encode())
    assert time.perf_counter() - start < 1.0
    # and the raw parser does not expand it either
    root = etree.fromstring(LAUGHS.encode(), parser=safexml._parser())
    assert len(etree.tostring(root)) < 10_000


def test_gzip_bomb_is_refused_within_the_cap() -> None:
    bomb = gzip.compress(b"<rss>" + b" " * 60_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    start = time.perf_counter()
    with pytest.raises(UnsafeXML, match="beyond the limit"):
        feed_entries(bomb, FEED_BASE)
    assert time.perf_counter() - start < 2.0
    with pytest.raises(UnsafeXML):
        parse_xml(gzip.compress(b"<r>" + b"a" * 2000 + b"</r>"), max_bytes=1000)


def _outcome(rel: str) -> dict:
    data = (CORPUS / rel).read_bytes()
    try:
        got = feed_entries(data, FEED_BASE)
        return {
            "urls": [e.url for e in got],
            "titles": [e.title for e in got],
            "dates": [e.published.isoformat() if e.published else None for e in got],
        }
    except XMLProblem as exc:
        assert "\n" not in str(exc)
        return {"error": type(exc).__name__}


@pytest.mark.parametrize("rel", sorted(k for k in EXPECTED if k.startswith("feeds/")))
def test_broken_feed_corpus(rel: str) -> None:
    got = _outcome(rel)
    for key, want in EXPECTED[rel].items():
        assert got.get(key) == want, f"{rel}: {key}"


def test_deeply_nested_xml_does_not_crash() -> None:
    doc = (
        b"<rss><channel>"
        + b"<x>" * 20_000
        + b"</x>" * 20_000
        + b"<item><link>https://x.test/a</link></item></channel></rss>"
    )
    try:
        entries = feed_entries(doc, FEED_BASE)
    except XMLProblem:
        return  # refusing is acceptable; crashing is not
    assert all(e.url.startswith("https://") for e in entries)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_escape_as_other_errors(data: bytes) -> None:
    with contextlib.suppress(XMLProblem):
        feed_entries(data, FEED_BASE)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_random_titles_survive_the_round_trip(title: str) -> None:
    from xml.sax.saxutils import escape

    safe = "".join(ch for ch in title if ch in "\t\n\r" or ord(ch) >= 0x20)
    safe = "".join(
        ch for ch in safe if not (0xD800 <= ord(ch) <= 0xDFFF) and ch not in "\ufffe\uffff"
    )
    doc = f"<rss><channel><item><title>{escape(safe)}</title><link>https://x.test/a</link></item></channel></rss>"
    entries = feed_entries(doc.encode(), FEED_BASE)
    assert [e.url for e in entries] == ["https://x.test/a"]
    assert (entries[0].title or "") == " ".join(safe.split())


def test_empty_and_non_bytes() -> None:
    with pytest.raises(BrokenXML):
        parse_xml(b"")
    with pytest.raises(TypeError):
        parse_xml("<r/>")  # type: ignore[arg-type]


def test_scrapys_own_sitemap_parser_guards_entities(secret_file: Path) -> None:
    """The crawler's SitemapSpider parses with scrapy.utils.sitemap.Sitemap: check it too."""
    from scrapy.utils.gz import gunzip
    from scrapy.utils.sitemap import Sitemap

    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "{secret_file.as_uri()}">]>'
        "<urlset><url><loc>https://x.test/&x;</loc></url></urlset>"
    ).encode()
    locs = [entry.get("loc", "") for entry in Sitemap(xxe)]
    assert not any(MARKER in loc for loc in locs)
    laughs = LAUGHS.replace(
        "<rss><channel><item><title>&lol9;</title><link>https://x.test/a</link></item></channel></rss>",
        "<urlset><url><loc>https://x.test/&lol9;</loc></url></urlset>",
    )
    start = time.perf_counter()
    locs = [entry.get("loc", "") for entry in Sitemap(laughs.encode())]
    assert time.perf_counter() - start < 1.0
    assert all(len(loc) < 1000 for loc in locs)
    bomb = gzip.compress(b"<urlset>" + b" " * 20_000_000)
    with pytest.raises(ValueError):  # scrapy's _DecompressionMaxSizeExceeded
        gunzip(bomb, max_size=5_000_000)
