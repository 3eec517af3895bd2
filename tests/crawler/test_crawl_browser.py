"""Sources with render = "browser": a local page that builds its text in script is stored when
rendered in the system Chromium, and says why it gave no text when it is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select

from crawler.browser import SubresourceGuard
from monitor.config import Config, SourceConfig
from monitor.errors import ConfigError
from storage.db import connect
from storage.models import ArticleVersionRow, CrawlEventRow, CrawlRunRow
from tests.support.sites import LocalSite, Page, run_crawler, write_config

CHROMIUM = "/usr/bin/chromium"
needs_browser = pytest.mark.skipif(
    not Path(CHROMIUM).is_file(),
    reason="Debian chromium is not installed",
)

PARAGRAPHS = [
    "The county fire service said on Wednesday that 19 people had been killed in the floods "
    "in Marrow county, up from twelve on Tuesday.",
    "Rescue teams are still searching the river banks near the old mill, and the regional "
    "governor has asked the army for boats and helicopters.",
    "More than 2,000 residents spent the night in school halls and the sports centre, the "
    "council said, while the river level began to fall slowly.",
]

# the article text arrives by script: half written into the DOM, half fetched as JSON
LIVE = """<!doctype html><html><head><title>Live: Marrow county floods</title>
<script>
document.addEventListener("DOMContentLoaded", async () => {
  const main = document.createElement("article");
  const h = document.createElement("h1");
  h.textContent = "Live: Marrow county floods";
  main.appendChild(h);
  const data = await (await fetch("/live.json")).json();
  for (const text of data.paragraphs) {
    const p = document.createElement("p");
    p.textContent = text;
    main.appendChild(p);
  }
  document.body.appendChild(main);
});
</script></head><body><noscript>This page needs JavaScript.</noscript></body></html>"""

EMPTY = """<!doctype html><html><head><title>Nothing here</title>
<script>document.title = "still nothing";</script></head><body></body></html>"""


@pytest.fixture
def live_site() -> LocalSite:
    site = LocalSite()
    site.pages["/live.html"] = Page(LIVE.encode())
    site.pages["/live.json"] = Page(
        json.dumps({"paragraphs": PARAGRAPHS}).encode(), content_type="application/json"
    )
    site.pages["/empty.html"] = Page(EMPTY.encode())
    with site:
        yield site


@needs_browser
def test_script_built_page_needs_the_browser(live_site: LocalSite, tmp_path: Path) -> None:
    pytest.importorskip("scrapy_playwright")
    u = live_site.url
    cfg = write_config(
        tmp_path / "figwatch.toml",
        f"""
[[source]]
name = "plain"
kind = "pages"
urls = ["{u("/live.html")}"]
allow_private = true

[[source]]
name = "rendered"
kind = "pages"
urls = ["{u("/live.html")}"]
allow_private = true
render = "browser"

[[source]]
name = "rendered-empty"
kind = "pages"
urls = ["{u("/empty.html")}"]
allow_private = true
render = "browser"
""",
    )
    db = f"sqlite:///{tmp_path / 'fw.db'}"
    summaries = {s["source"]: s for s in run_crawler(cfg, ["plain"], db, timeout=120)}
    summaries |= {s["source"]: s for s in run_crawler(cfg, ["rendered"], db, timeout=120)}
    summaries |= {s["source"]: s for s in run_crawler(cfg, ["rendered-empty"], db, timeout=120)}

    plain = summaries["plain"]
    assert plain["skipped"] == {"no_text": 1} and plain["stored_new"] == 0
    assert "set render = \"browser\" on source 'plain'" in plain["detail"]

    rendered = summaries["rendered"]
    assert rendered["status"] == "ok" and rendered["stored_new"] == 1, rendered
    assert live_site.hits["/live.json"] == 1  # fetched by the page's own script
    with Session(connect(db)) as s:
        [version] = s.exec(select(ArticleVersionRow)).all()
        assert "19 people had been killed" in version.text
        assert "2,000 residents" in version.text

    empty = summaries["rendered-empty"]
    assert empty["skipped"] == {"no_text": 1}
    assert empty["detail"] == "1 page(s) had no article text, even rendered in the browser"
    with Session(connect(db)) as s:
        runs = {r.source: r for r in s.exec(select(CrawlRunRow))}
        assert runs["rendered-empty"].detail == empty["detail"]  # what `figwatch status` shows
        events = s.exec(select(CrawlEventRow).where(CrawlEventRow.reason == "no_text")).all()
        assert any("even after rendering" in (e.detail or "") for e in events)


def test_the_page_may_not_reach_refused_addresses() -> None:
    guard = SubresourceGuard(SourceConfig(name="s", kind="pages", urls=["https://example.com/"]))
    assert "loopback" in (guard.reason("http://127.0.0.1:8080/admin") or "")
    assert guard.reason("ws://127.0.0.1:9/") is not None
    assert "file://" in (guard.reason("file:///etc/passwd") or "")
    assert guard.reason("data:text/plain,hello") is None
    local = SubresourceGuard(
        SourceConfig(name="s", kind="pages", urls=["http://127.0.0.1/"], allow_private=True)
    )
    assert local.reason("http://127.0.0.1:8080/live.json") is None


def test_browser_source_without_chromium_is_a_config_error(tmp_path: Path) -> None:
    from crawler.sourcesettings import scrapy_settings

    pytest.importorskip("scrapy_playwright")
    config = Config.model_validate(
        {
            "crawl": {"browser_path": str(tmp_path / "no-chromium")},
            "source": [
                {
                    "name": "js",
                    "kind": "pages",
                    "urls": ["https://example.com/"],
                    "render": "browser",
                }
            ],  # fmt: skip
        }
    )
    with pytest.raises(ConfigError, match="needs Chromium at .*no-chromium"):
        scrapy_settings(config, config.sources[0])
