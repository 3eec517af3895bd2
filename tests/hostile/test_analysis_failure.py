"""One article whose analysis raises is rolled back, logged and counted; the crawl goes on.

The crawl is the real ``python -m crawler`` started by the product's launcher; the child
wraps the pipeline's ``ingest`` so that one URL raises, as a bug in the figure grammar would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from crawler.runner import run_child
from storage.db import connect
from storage.models import ArticleRow, CrawlEventRow
from tests.support.sites import LocalSite, Page, article_html, write_config

REPO = Path(__file__).resolve().parents[2]
CHILD = """
import sys
sys.path.insert(0, {repo!r})
import crawler.pipelines as pipelines

real = pipelines.ingest

def ingest(article, *args, **kwargs):
    if "poison" in article.url:
        raise RuntimeError("figure grammar blew up on this page")
    return real(article, *args, **kwargs)

pipelines.ingest = ingest
from crawler.__main__ import main
raise SystemExit(main())
"""
PARAS = [
    "The river Velna broke its banks on Tuesday night and flooded the lower town, where 320 "
    "residents spent the night in the school gym, the mayor said on Wednesday.",
    "Firefighters from three neighbouring districts used flat boats to reach the houses on Mill "
    "Lane, where the water stood two metres deep for most of the night.",
]


def test_failing_article_is_counted_and_the_crawl_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    child = tmp_path / "child.py"
    child.write_text(CHILD.format(repo=str(REPO)))
    monkeypatch.setenv("FIGWATCH_CRAWL_COMMAND", f"{sys.executable} {child}")
    with LocalSite() as site:
        names = ["first", "poison", "third"]
        for i, name in enumerate(names):
            place = ["Kessel", "Saltby", "Crane Hill"][i]
            paras = [p + f" Reported from {place}." for p in PARAS]
            site.pages[f"/{name}.html"] = Page(article_html(f"Flood in {place}", paras).encode())
        urls = ", ".join(f'"{site.url(f"/{n}.html")}"' for n in names)
        cfg = write_config(
            tmp_path / "figwatch.toml",
            f'[[source]]\nname = "pages"\nkind = "pages"\nurls = [{urls}]\nallow_private = true\n',
        )
        db = f"sqlite:///{tmp_path / 'fw.db'}"
        out = run_child(cfg, "pages", db, timeout=120, echo_stderr=True)
    assert out.ok, (out.error, out.log_tail)
    # one article failed and two were stored: the crawl went on, and says it was partial
    assert out.summary["status"] == "partial"
    assert out.summary["stored_new"] == 2 and out.summary["errors"] == 1
    engine = connect(db)
    with Session(engine) as s:
        stored = {r.url.rsplit("/", 1)[-1] for r in s.exec(select(ArticleRow))}
        events = [(e.reason, e.url, e.detail) for e in s.exec(select(CrawlEventRow))]
    engine.dispose()
    assert stored == {"first.html", "third.html"}
    ((reason, url, detail),) = [e for e in events if e[0] == "ingest_failed"]
    assert url.endswith("/poison.html") and "RuntimeError" in (detail or "")
    logged = capsys.readouterr().err
    assert "ingest_failed" in logged and "poison.html" in logged
    assert "Traceback" not in logged
