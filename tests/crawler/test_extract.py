"""extract_html / extract_text / explain on our own pages and edge cases."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel, create_engine

from crawler.extract import canonical_url, explain, extract_html, extract_text, looks_like_html
from crawler.noise import InMemorySiteMemory
from crawler.noise.site_memory import DbSiteMemory

PAGES = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "pages"

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">
<title>Storm floods Kessel harbour | Kessel Courier</title>
<link rel="canonical" href="https://www.kessel-courier.example/news/storm-floods?utm_source=tw&amp;id=7&amp;fbclid=abc">
<meta property="og:site_name" content="Kessel Courier">
<meta name="author" content="Ada Brann">
<meta property="article:published_time" content="2026-02-11T09:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Storm floods Kessel harbour</h1><p>3 min read</p>
<p>KESSEL — A winter storm flooded the harbour district on Tuesday, forcing 140 families from their homes, the mayor's office said.</p>
<p>“The water came over the wall in minutes,” said fisherman Oleg Tarn, whose boat sank at its mooring.</p>
<p>Sign up for our daily newsletter to get the top stories in your inbox.</p>
<p>Crews pumped water from flooded cellars through the night; power was restored to most streets by Wednesday morning.</p>
<p>Погода: the ferry to Brisk was cancelled, the operator said.</p>
<h3>More from Kessel Courier</h3><ul><li><a href="/a">Choir wins title</a></li><li><a href="/b">Night market returns</a></li></ul>
</article></body></html>"""


def _page(charset: str = "utf-8") -> str:
    return PAGE.format(charset=charset)


def test_extract_html_text_metadata_and_identity() -> None:
    raw = _page().encode("utf-8")
    art = extract_html(
        raw, url="https://www.kessel-courier.example/news/storm-floods?utm_medium=x", source="test"
    )
    assert art is not None
    assert art.text.startswith("KESSEL — A winter storm") and "140 families" in art.text
    assert "newsletter" not in art.text and "min read" not in art.text and "Choir" not in art.text
    assert "“The water came over the wall in minutes,” said fisherman" in art.text
    assert art.title == "Storm floods Kessel harbour"
    assert art.published == datetime(2026, 2, 11, 9, 0, tzinfo=UTC)
    assert art.author == "Ada Brann" and art.site_name == "Kessel Courier" and art.language == "en"
    assert art.url == "https://www.kessel-courier.example/news/storm-floods?id=7"
    assert art.raw_hash == hashlib.sha256(raw).hexdigest() and art.raw_size == len(raw)
    assert art.raw_html is None and art.source == "test"
    kept = extract_html(raw, url="https://www.kessel-courier.example/x", keep_raw=True)
    assert kept is not None and kept.raw_html is not None and "<article>" in kept.raw_html


@pytest.mark.parametrize("charset", ["windows-1251", "utf-16"])
def test_decoding_non_utf8_pages(charset: str) -> None:
    raw = _page(charset).encode("utf-16" if charset == "utf-16" else "cp1251", errors="replace")
    if charset == "windows-1251":  # cp1251 has no curly quotes/dashes: encode what it can
        raw = _page(charset).replace("—", "-").replace("“", '"').replace("”", '"').encode("cp1251")
    art = extract_html(raw, url="https://www.kessel-courier.example/news/storm-floods")
    assert art is not None
    assert "Погода" in art.text and "140 families" in art.text


def test_pages_without_article_text_return_none(caplog: pytest.LogCaptureFixture) -> None:
    assert extract_html(b"", url="https://x.example/empty") is None
    assert (
        extract_html(
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>", url="https://x.example/n"
        )
        is None
    )
    assert extract_html(b"\x00\xff\xfe garbage \x00", url="https://x.example/g") is None


def test_canonical_url_rules() -> None:
    assert (
        canonical_url("https://A.example/p?gclid=1&utm_campaign=z&q=2#top")
        == "https://a.example/p?q=2"
    )
    # a syndicated copy naming its original on another site keeps its own identity
    assert (
        canonical_url("https://copy.example/wire/1", "https://wire.example/story/1")
        == "https://copy.example/wire/1"
    )
    assert canonical_url("https://m.wire.example/s/1", "https://www.wire.example/s/1") == (
        "https://www.wire.example/s/1"
    )
    # a local file takes the canonical it declares (a corpus on disk crawled like a site)
    assert canonical_url("file:///tmp/a.html", "https://wire.example/s/1") == (
        "https://wire.example/s/1"
    )
    # a canonical that points at the site root is ignored
    assert (
        canonical_url("https://a.example/story/1", "https://a.example/")
        == "https://a.example/story/1"
    )
    assert (
        canonical_url("https://a.example/s?id=1", "https://a.example/story-1")
        == "https://a.example/story-1"
    )


def test_extract_text_and_explain_plain_text() -> None:
    text = (
        " date 2026-03-04 Download our app from the App Store using the link here>>>\n\n"
        "Rescue teams pulled 31 people from the collapsed market hall on Monday, officials said.\n\n"
        "Related article: Choir wins national title\n\n"
        "https://kessel-courier.example/choir\n\n"
        "Five people remain in hospital.\n"
    )
    art = extract_text(
        text,
        url="https://kessel-courier.example/hall",
        title="Hall collapses",
        published=datetime(2026, 3, 4, tzinfo=UTC),
    )
    assert art.text.split("\n") == [
        "Rescue teams pulled 31 people from the collapsed market hall on Monday, officials said.",
        "Five people remain in hospital.",
    ]
    assert (
        art.title == "Hall collapses"
        and art.published is not None
        and art.raw_size == len(text.encode())
    )
    ex = explain(text, url="https://kessel-courier.example/hall")
    assert ex is not None and not looks_like_html(text)
    assert [rule for rule, _ in ex.removed] == ["header_glued", "related_link", "bare_url"]
    ex_html = explain(_page(), url="https://www.kessel-courier.example/news/storm-floods")
    assert (
        ex_html is not None
        and ("cta_prompt", "Sign up for our daily newsletter to get the top stories in your inbox.")
        in ex_html.removed
    )


def test_site_memory_over_own_pages_in_memory_and_db() -> None:
    feed_pages = sorted(PAGES.glob("*_feed.html"))
    if len(feed_pages) < 4:
        pytest.skip("benchmark pages not generated")
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    memory = InMemorySiteMemory()
    with Session(engine) as session:
        db_memory = DbSiteMemory(session)
        results = []
        for page in feed_pages[:4]:
            raw = page.read_bytes()
            a = extract_html(raw, url="https://www.feed.example/news/x", site_memory=memory)
            b = extract_html(raw, url="https://www.feed.example/news/x", site_memory=db_memory)
            assert a is not None and b is not None and a.text == b.text
            results.append(a.text)
        session.commit()
    gold = feed_pages[3].with_suffix(".txt").read_text("utf-8").split("\n\n")
    # by the fourth article the site's trailing teasers are learned and gone
    assert results[3].split("\n") == [g.strip() for g in gold]
    assert len(results[0]) > len(results[3])


def test_utf8_html_decoding_paths() -> None:
    from crawler.extract import utf8_html

    text = "<html><head><meta charset='windows-1251'></head><body><p>Київ: 5 загиблих</p></body></html>"
    raw = text.encode("cp1251")
    out = utf8_html(raw)
    assert "Київ" in out.decode("utf-8") and b"windows-1251" not in out
    # the HTTP header wins over a missing declaration
    bare = "<p>Ціна: 12 гривень</p>".encode("cp1251")
    assert "Ціна" in utf8_html(bare, "text/html; charset=windows-1251").decode("utf-8")
    # UTF-8 with BOM and latin-1
    assert utf8_html("\ufeff<p>café</p>".encode()).decode("utf-8").endswith("<p>café</p>")
    latin = "<meta charset=iso-8859-1><p>Zürich façade</p>".encode("latin-1")
    assert "Zürich façade" in utf8_html(latin).decode("utf-8")


def test_render_explain_lists_removed_lines_with_rules() -> None:
    ex = explain(_page(), url="https://www.kessel-courier.example/news/storm-floods")
    assert ex is not None
    report = ex.render(explain=True)
    assert "- [read_time] 3 min read" in report
    assert "  | KESSEL — A winter storm" in report
    assert ex.render() == ex.text and "min read" not in ex.text


def test_decode_text_for_saved_plain_text() -> None:
    from crawler.extract import decode_text

    sentence = "Рятувальники витягли 31 людину з-під завалів ринку в понеділок, повідомили посадовці міста."
    assert decode_text(sentence.encode("utf-8")) == sentence
    assert decode_text(sentence.encode("utf-16")) == sentence
    assert decode_text(b"\xef\xbb\xbf" + sentence.encode()) == sentence
    assert decode_text((sentence * 3).encode("cp1251")) == sentence * 3
    assert "Zürich" in decode_text("Zürich: five people were hurt.".encode("latin-1"))


def test_learn_false_consults_site_memory_without_counting() -> None:
    memory = InMemorySiteMemory(min_articles=2)
    promo = "Listen to the Kessel Hour every weekday at noon"
    body = "Crews pumped water from flooded cellars through the night, the fire service said."
    for i in range(3):  # revisions of one stored article: not counted
        extract_text(
            f"{body} Update {i}.\n\n{promo}\n", url="https://kessel.example/a", learn=False
        )
    art = extract_text(f"{body}\n\n{promo}\n", url="https://kessel.example/b")
    assert promo in art.text
    art = extract_text(f"Another story about {body}\n\n{promo}\n", url="https://kessel.example/c")
    assert promo in art.text  # no memory passed: nothing learned, nothing dropped
    for url in ("https://kessel.example/d", "https://kessel.example/e"):
        art = extract_text(f"{url} {body}\n\n{promo}\n", url=url, site_memory=memory)
    assert promo not in art.text and body in art.text


def test_plain_text_headline_becomes_the_title() -> None:
    from crawler.extract import headline_of

    assert headline_of("\nFerry strike ends after nine days\n\nThe union said 40 crews...") == (
        "Ferry strike ends after nine days"
    )
    assert headline_of("Rescuers found 12 people alive on Monday, officials said.") is None


def test_publication_time_kept_to_the_minute() -> None:
    from datetime import UTC, datetime

    from crawler.extract import precise_published

    page = (b'<html><head><meta property="article:published_time" '
            b'content="2026-03-04T08:05:00+02:00"></head></html>')  # fmt: skip
    day = datetime(2026, 3, 4, tzinfo=UTC)
    assert precise_published(page, day) == datetime(2026, 3, 4, 6, 5, tzinfo=UTC)
    # a stated time on another day than the page's date is not trusted
    assert precise_published(page, datetime(2026, 5, 1, tzinfo=UTC)) == datetime(
        2026, 5, 1, tzinfo=UTC
    )
    assert precise_published(b"<html></html>", None) is None
