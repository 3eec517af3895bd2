"""A reusable local news site for crawler tests: a threaded http.server on 127.0.0.1.

``LocalSite`` serves a mutable dict of pages (status, headers, body), answers conditional GETs
with 304 when a page has validators, can fail a path N times before recovering, and counts hits.
``news_site()`` fills one with fictional outlets' articles and every awkward case a crawler
meets: robots.txt, feeds (RSS, Atom, broken), a sitemap index with a Google News sitemap and a
gzipped sitemap, a 404, a flaky 500, a redirect, a cp1251 page, a huge page, a binary file and a page
without article text.
All texts are written for these tests.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LAST_MODIFIED = "Tue, 14 Mar 2023 08:00:00 GMT"


@dataclass
class Page:
    """One resource of the site."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    validators: bool = True  # send ETag + Last-Modified and honour conditional GET
    location: str | None = None  # redirect target
    headers: dict[str, str] = field(default_factory=dict)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up mid-response (cancelled downloads) are expected


class LocalSite:
    """An in-process HTTP server on a random loopback port."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.hits: Counter[str] = Counter()
        self.hit_times: list[tuple[float, str]] = []  # (time.monotonic(), path) of every GET
        self.not_modified: Counter[str] = Counter()
        self.fail_next: Counter[str] = Counter()
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                site._serve(self)

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> LocalSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self, req: BaseHTTPRequestHandler) -> None:
        path = req.path.split("?", 1)[0]
        with self._lock:
            self.hits[path] += 1
            self.hit_times.append((time.monotonic(), path))
            fail = self.fail_next[path] > 0
            if fail:
                self.fail_next[path] -= 1
            page = self.pages.get(path)
        if fail:
            return self._send(req, 500, b"temporarily broken", {"Content-Type": "text/plain"})
        if page is None:
            body = b"<html><body><h1>Not found</h1></body></html>"
            return self._send(req, 404, body, {"Content-Type": "text/html"})
        headers = {"Content-Type": page.content_type, **page.headers}
        if page.location:
            headers["Location"] = self.url(page.location)
            return self._send(req, page.status, b"", headers)
        if page.validators and page.status == 200:
            etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
            headers["ETag"] = etag
            headers["Last-Modified"] = LAST_MODIFIED
            if req.headers.get("If-None-Match") == etag:
                with self._lock:
                    self.not_modified[path] += 1
                return self._send(req, 304, b"", {"ETag": etag})
        return self._send(req, page.status, page.body, headers)

    @staticmethod
    def _send(req: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict) -> None:
        req.send_response(status)
        for key, value in headers.items():
            req.send_header(key, value)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        if body:
            req.wfile.write(body)


# --- page texts (fictional outlets, written for these tests) ----------------------------------

ARTICLES: dict[str, tuple[str, list[str]]] = {
    "flood-marrowfield": (
        "Floodwater forces 1,200 from homes in Marrowfield",
        [
            "Floodwater from the swollen Tarrow river forced about 1,200 residents of "
            "Marrowfield from their homes on Monday night, the county emergency office said.",
            "Volunteers from the rowing club ferried elderly neighbours across the market "
            "square in flat-bottomed boats while the water kept rising past the bakery steps.",
            "Officials said two shelters at the grammar school and the old tram depot were "
            "full by dawn and a third would open at the ice rink before the evening tide.",
        ],
    ),
    "bridge-closure": (
        "Kettle Lane bridge shut after inspectors find cracked bearings",
        [
            "Engineers closed the Kettle Lane bridge to all traffic on Wednesday after an "
            "inspection found three cracked bearings beneath the northern span.",
            "The council estimated that 14,000 vehicles cross the bridge on a normal weekday "
            "and warned drivers to expect long queues on the ring road until repairs finish.",
            "A temporary footbridge for cyclists and pedestrians is due to open within ten "
            "days, according to the transport committee chair, Ilse Brandvold.",
        ],
    ),
    "harvest-festival": (
        "Record crowd of 35,000 at the Quillon harvest festival",
        [
            "Organisers of the Quillon harvest festival counted 35,000 visitors over the "
            "weekend, beating the record set before the pandemic by almost four thousand.",
            "The pumpkin weigh-off was won by a retired signalman whose entry tipped the "
            "scales at 612 kilograms, a county record that stood for only forty minutes.",
            "Stallholders said card payments failed for an hour on Saturday afternoon when a "
            "mobile mast near the showground lost power during the brass band contest.",
        ],
    ),
    "no-etag": (
        "Ferry timetable cut to four sailings a day",
        [
            "The island ferry operator will cut its winter timetable to four sailings a day "
            "from next month, blaming a shortage of qualified deck officers.",
            "Islanders said the change would leave the first boat arriving after the "
            "secondary school had already started its morning lessons on the mainland.",
            "The operator promised a review in March and said it was training six cadets who "
            "could join the crews before the busy summer season.",
        ],
    ),
    "flaky": (
        "Hospital reports 37 admissions after chemical leak at depot",
        [
            "Thirty-seven people were admitted to Saltmere General after a chemical leak at a "
            "freight depot on the eastern bypass, the hospital trust said on Friday.",
            "Firefighters in protective suits sealed a damaged container of cleaning solvent "
            "and residents within half a mile were told to keep their windows closed.",
            "The trust said most patients had breathing difficulties and twelve were expected "
            "to be discharged by the evening once their oxygen levels had settled.",
        ],
    ),
    "moved-here": (
        "Library reopens after roof repairs costing 2.4 million",
        [
            "The central library in Dunmere reopened on Saturday after eighteen months of "
            "roof repairs that cost 2.4 million, twice the first estimate.",
            "Readers queued from eight in the morning and the children's floor ran out of "
            "stickers for its reading challenge before lunchtime, staff said.",
            "The library board said the delay was caused by rotten timber discovered above "
            "the reading room once the old slate had been stripped away.",
        ],
    ),
    "atom-only": (
        "Storm leaves 8,500 homes without power along the coast road",
        [
            "About 8,500 homes along the coast road were without power on Sunday after gusts "
            "of more than ninety miles an hour brought down lines near Port Ennis.",
            "The network operator said crews from three neighbouring regions had been called "
            "in and that most customers should be reconnected by Tuesday evening.",
            "A caravan park near the headland was evacuated as a precaution when part of the "
            "sea wall collapsed during the high tide on Saturday night.",
        ],
    ),
    "news-only": (
        "Council confirms 160 new teaching posts for autumn term",
        [
            "The regional council confirmed on Thursday that 160 new teaching posts will be "
            "funded from the autumn term, most of them in primary schools.",
            "Head teachers welcomed the announcement but said recruitment would be difficult "
            "in rural valleys where rents have risen faster than salaries.",
            "The education portfolio holder said a housing allowance for newly qualified "
            "teachers was being considered and would be costed before the budget vote.",
        ],
    ),
    "archive-only": (
        "Museum returns 212 archive boxes to the fishing guild",
        [
            "The maritime museum has returned 212 boxes of records to the fishing guild after "
            "a dispute over ownership that lasted eleven years.",
            "The records include crew lists, storm logs and the minute books of the guild's "
            "widows fund, some of them written in a shorthand only two members can read.",
            "Guild members said they planned to digitise the collection with help from "
            "students at the technical college over the next two winters.",
        ],
    ),
}

CYRILLIC_TITLE = "В Заречье открыли новый мост через реку"
CYRILLIC_PARAS = [
    "Жители посёлка Заречье в субботу впервые прошли по новому пешеходному мосту, который "
    "строили почти два года.",
    "По словам главы администрации, на строительство ушло 48 миллионов рублей, а старый "
    "деревянный настил разберут до конца месяца.",
    "Школьники, которые раньше ездили на занятия в объезд, теперь экономят около сорока "
    "минут каждое утро, рассказали родители.",
]

NOISE_TOP = """<header class="site-header"><a href="/">{outlet}</a>
<nav><ul><li><a href="/news/">News</a></li><li><a href="/sport/">Sport</a></li>
<li><a href="/tag/weather/">Weather</a></li><li><a href="/about.html">About us</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
</header>"""
NOISE_BOTTOM = """<div class="share">Share this story: <a href="#">Facebook</a> <a href="#">X</a>
<a href="#">Email</a></div>
<aside class="newsletter">Sign up for the morning briefing — delivered to your inbox at 7am.</aside>
<section class="related"><h3>Most read</h3><ul>
<li><a href="/news/bridge-closure.html">Kettle Lane bridge shut</a></li>
<li><a href="/tag/weather/">Weather warnings for the weekend</a></li>
<li><a href="/private/draft.html">Unpublished draft</a></li>
<li><a href="https://elsewhere.invalid/story">A story on another site</a></li></ul></section>
<footer>&copy; 2023 {outlet}. All rights reserved. <a href="/privacy.html">Privacy</a></footer>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{'page': 'article'}});</script>"""


def article_html(
    title: str,
    paragraphs: list[str],
    *,
    outlet: str = "The Harbour Ledger",
    published: str = "2023-03-14",
    author: str = "Mara Quell",
    charset_meta: bool = True,
) -> str:
    """A realistic article page: header, nav, cookie banner, article, share/related/footer."""
    paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    meta = '<meta charset="utf-8">' if charset_meta else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head>{meta}<title>{html.escape(title)} | {outlet}</title>
<meta property="og:title" content="{html.escape(title)}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{published}T09:30:00+00:00">
</head><body>
{NOISE_TOP.format(outlet=outlet)}
<main><article>
<h1>{html.escape(title)}</h1>
<p class="byline">By {author} · {published}</p>
{paras}
</article></main>
{NOISE_BOTTOM.format(outlet=outlet)}
</body></html>"""


def rss(base: str, paths: list[str]) -> str:
    items = "\n".join(
        f"<item><title>Item {i}</title><link>{base}{p}</link>"
        f"<pubDate>Tue, 14 Mar 2023 0{i % 10}:00:00 GMT</pubDate></item>"
        for i, p in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>The Harbour Ledger</title><link>{base}/</link>{items}</channel></rss>"
    )


def atom(base: str, paths: list[str]) -> str:
    entries = "\n".join(
        f'<entry><title>Entry {i}</title><link rel="alternate" href="{base}{p}"/>'
        f"<id>urn:fig:{i}</id><updated>2023-03-14T10:00:00Z</updated></entry>"
        for i, p in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Valley Courier</title><id>urn:fig:feed</id>{entries}</feed>"
    )


def news_sitemap(base: str, paths: list[str]) -> str:
    urls = "\n".join(
        f"<url><loc>{base}{p}</loc><news:news><news:publication><news:name>Valley Courier"
        "</news:name><news:language>en</news:language></news:publication>"
        "<news:publication_date>2023-03-14</news:publication_date>"
        f"<news:title>Story {i}</news:title></news:news></url>"
        for i, p in enumerate(paths)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>"
    )


def sitemap_index(base: str, paths: list[str]) -> str:
    items = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + items
        + "</sitemapindex>"
    )


def news_site() -> LocalSite:
    """A started LocalSite holding the fictional Harbour Ledger (call ``stop()`` when done)."""
    site = LocalSite().start()
    b = site.base
    p = site.pages
    for slug, (title, paras) in ARTICLES.items():
        p[f"/news/{slug}.html"] = Page(article_html(title, paras).encode())
    p["/news/no-etag.html"].validators = False
    site.fail_next["/news/flaky.html"] = 1
    p["/old/moved.html"] = Page(status=301, location="/news/moved-here.html")
    p["/news/cyrillic.html"] = Page(
        article_html(CYRILLIC_TITLE, CYRILLIC_PARAS, charset_meta=False).encode("cp1251"),
        content_type="text/html; charset=windows-1251",
    )
    p["/news/huge.html"] = Page(
        article_html(
            "A very long page", ["Padding sentence about nothing much. " * 40] * 200
        ).encode()
    )
    p["/news/photo.html"] = Page(
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, content_type="text/html"
    )
    p["/private/draft.html"] = Page(
        article_html("Draft: not for crawlers", ARTICLES["bridge-closure"][1]).encode()
    )
    p["/robots.txt"] = Page(
        b"User-agent: *\nDisallow: /private/\n", content_type="text/plain", validators=False
    )
    rss_paths = [
        "/news/flood-marrowfield.html",
        "/news/bridge-closure.html",
        "/news/harvest-festival.html",
        "/news/no-etag.html",
        "/news/flaky.html",
        "/old/moved.html",
        "/news/cyrillic.html",
        "/news/huge.html",
        "/news/photo.html",
        "/news/missing.html",
        "/private/draft.html",
    ]
    p["/feeds/rss.xml"] = Page(rss(b, rss_paths).encode(), "application/rss+xml", validators=False)
    p["/news/gallery.html"] = Page(
        b'<html><head><title>Photo gallery</title></head><body><div class="gallery">'
        b'<img src="a.jpg"><img src="b.jpg"></div></body></html>'
    )
    p["/feeds/atom.xml"] = Page(
        atom(
            b, ["/news/atom-only.html", "/news/bridge-closure.html", "/news/gallery.html"]
        ).encode(),
        "application/atom+xml",
        validators=False,
    )
    broken = rss(b, ["/news/harvest-festival.html"]).replace("</channel></rss>", "")
    broken += "<item><title>Half an item <link>"
    p["/feeds/broken.xml"] = Page(broken.encode(), "application/rss+xml", validators=False)
    p["/feeds/notafeed.xml"] = Page(
        b"<html><body>This is the homepage, not a feed.</body></html>", "text/html"
    )
    p["/sitemap_index.xml"] = Page(
        sitemap_index(b, ["/sitemaps/news.xml", "/sitemaps/archive.xml.gz"]).encode(),
        "application/xml",
        validators=False,
    )
    p["/sitemaps/news.xml"] = Page(
        news_sitemap(b, ["/news/news-only.html", "/news/flood-marrowfield.html"]).encode(),
        "application/xml",
        validators=False,
    )
    p["/sitemaps/archive.xml.gz"] = Page(
        gzip.compress(news_sitemap(b, ["/news/archive-only.html"]).encode()),
        "application/x-gzip",
        validators=False,
    )
    links = "".join(
        f'<li><a href="{path}">{slug}</a></li>'
        for slug, path in [
            ("flood", "/news/flood-marrowfield.html"),
            ("bridge", "/news/bridge-closure.html"),
            ("weather", "/tag/weather/"),
            ("draft", "/private/draft.html"),
            ("elsewhere", "https://elsewhere.invalid/x.html"),
        ]
    )
    p["/index.html"] = Page(
        f"<html><head><title>Front page</title></head><body><ul>{links}</ul></body></html>".encode()
    )
    p["/tag/weather/"] = Page(
        article_html("Weather", ["Tag page listing weather stories for the week ahead."]).encode()
    )
    return site


def write_config(path: Path, body: str) -> Path:
    """Write a figwatch.toml whose [crawl] section suits fast local tests, plus ``body``."""
    path.write_text(
        "[crawl]\nautothrottle = false\nconcurrency_per_domain = 8\nmax_page_bytes = 200000\n"
        "download_timeout = 10\nretries = 2\n\n" + body,
        encoding="utf-8",
    )
    return path


def run_crawler(config: Path, sources: list[str], db_url: str, timeout: float = 60) -> list[dict]:
    """Run ``python -m crawler`` for ``sources``; return the parsed JSON summary lines."""
    cmd = [sys.executable, "-m", "crawler", "--config", str(config), "--db", db_url]
    for name in sources:
        cmd += ["--source", name]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("FIGWATCH_DATABASE_URL", None)
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO, check=False
    )
    lines = [json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{")]
    assert lines, f"crawler printed no summary (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
    return lines
