"""A quiet first run: the first crawl of a new source builds the baseline without alerting,
articles older than ``max_age`` are stored but never alert, and long crawls show progress."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console
from sqlmodel import Session, func, select

from crawler.progress import CrawlProgress, progress_text
from storage.db import connect
from storage.models import ArticleRow, OutboxRow, VerdictRow
from storage.timeutil import utcnow
from tests.support.cli import fw_here
from tests.support.sites import LocalSite, Page, article_html, rss, write_config

TOLLS = [12, 15, 19, 23, 27, 31]


def storm_site(count: int = len(TOLLS), days_ago: int = 0) -> LocalSite:
    """One story told by a feed of articles whose death toll rises (so verdicts say updates)."""
    site = LocalSite().start()
    paths = []
    for i in range(count):
        toll = TOLLS[i % len(TOLLS)] + 4 * (i // len(TOLLS))
        when = (utcnow() - timedelta(days=days_ago, hours=count - i)).strftime("%Y-%m-%d")
        body = article_html(
            f"Storm toll in Brennick county rises to {toll}",
            [
                f"The fire service said {toll} people had been killed in the floods in Brennick "
                "county, and rescue teams were still searching the valley on Tuesday.",
                "Officials said shelters at the grammar school were full by dawn and a third "
                "would open before the evening as the river kept rising past the bakery steps.",
            ],
            outlet=f"Valley Outlet {i}",
            published=when,
        )
        paths.append(f"/news/storm-{i}.html")
        site.pages[paths[-1]] = Page(body.encode())
    site.pages["/feed.xml"] = Page(
        rss(site.base, paths).encode(), "application/rss+xml", validators=False
    )
    return site


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FIGWATCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("FIGWATCH_CONFIG", raising=False)
    return tmp_path


def _counts(here: Path) -> tuple[int, int, int]:
    """(articles, alerting verdicts, outbox rows)."""
    engine = connect(f"sqlite:///{here / 'figwatch.db'}")
    with Session(engine) as s:
        articles = s.exec(select(func.count()).select_from(ArticleRow)).one()
        verdicts = s.exec(
            select(func.count())
            .select_from(VerdictRow)
            .where(VerdictRow.kind.in_(["updates", "contradicts", "corrects"]))  # type: ignore[attr-defined]
        ).one()
        outbox = s.exec(select(func.count()).select_from(OutboxRow)).one()
    engine.dispose()
    return articles, verdicts, outbox


def _config(here: Path, site: LocalSite, alerts: str = "") -> None:
    write_config(
        here / "figwatch.toml",
        f'[[source]]\nname = "storms"\nkind = "feed"\nurls = ["{site.url("/feed.xml")}"]\n'
        f"allow_private = true\n\n[alerts]\n{alerts}\n",
    )


@pytest.mark.parametrize("quiet", [True, False])
def test_first_crawl_builds_the_baseline_without_alerts(here: Path, capsys, quiet: bool) -> None:
    site = storm_site()
    try:
        _config(here, site, "" if quiet else "quiet_first_crawl = false")
        code, out, err = fw_here(capsys, "crawl", "--json")
        assert code == 0, err
        (summary,) = json.loads(out)
        articles, verdicts, outbox = _counts(here)
        assert articles == len(TOLLS) and verdicts > 0  # stored and judged either way
        assert summary["baseline"] is True
        if quiet:
            assert outbox == 0 and summary["quiet"] == len(TOLLS)
            code, _, err = fw_here(capsys, "crawl")
            assert "stored as the baseline without alerts" not in err  # the second crawl
        else:
            assert outbox > 0 and summary["quiet"] == 0
        # the next crawl is no baseline: a new article with a higher toll alerts
        site.pages["/news/storm-new.html"] = Page(
            article_html(
                "Storm toll in Brennick county rises to 44",
                [
                    "The fire service said 44 people had been killed in the floods in Brennick "
                    "county, as rescue teams reached the last cut-off farms on Wednesday.",
                    "Officials said the river had begun to fall overnight and that the grammar "
                    "school shelter would close once the roads to the valley were cleared.",
                ],
                outlet="Valley Outlet late",
                published=utcnow().strftime("%Y-%m-%d"),
            ).encode()
        )
        paths = [f"/news/storm-{i}.html" for i in range(len(TOLLS))] + ["/news/storm-new.html"]
        site.pages["/feed.xml"] = Page(rss(site.base, paths).encode(), "application/rss+xml")
        before = _counts(here)[2]
        code, out, err = fw_here(capsys, "crawl", "--json")
        assert code == 0, err
        (summary,) = json.loads(out)
        assert summary["baseline"] is False and summary["quiet"] == 0
        assert _counts(here)[2] > before
    finally:
        site.stop()


def test_articles_older_than_max_age_are_stored_but_never_alert(here: Path, capsys) -> None:
    site = storm_site(days_ago=30)
    try:
        _config(here, site, 'quiet_first_crawl = false\nmax_age = "7d"')
        code, out, err = fw_here(capsys, "crawl", "--json")
        assert code == 0, err
        (summary,) = json.loads(out)
        articles, verdicts, outbox = _counts(here)
        assert articles == len(TOLLS) and verdicts > 0 and outbox == 0
        assert summary["quiet"] == len(TOLLS)
    finally:
        site.stop()
    code, _, err = fw_here(capsys, "--config", str(here / "figwatch.toml"), "status")
    assert code == 0
    bad = here / "bad.toml"
    bad.write_text('[alerts]\nmax_age = "a week"\n', encoding="utf-8")
    code, _, err = fw_here(capsys, "--config", str(bad), "status")
    assert code == 2 and "alerts.max_age" in err and len(err.strip().splitlines()) == 1


def test_a_long_crawl_prints_progress_lines_when_piped(here: Path, capsys) -> None:
    site = storm_site(count=60)
    try:
        _config(here, site)
        code, _, err = fw_here(capsys, "crawl", "--progress-every", "0.3")
        assert code == 0, err
    finally:
        site.stop()
    lines = [x for x in err.splitlines() if x.startswith("crawl storms: ")]
    assert lines, err
    assert all("/60 pages, " in x and " errors (" in x for x in lines)
    assert "storms: first crawl, 60 article(s) stored as the baseline" in err


def test_progress_bar_on_a_terminal() -> None:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120)
    with CrawlProgress(console, every=30) as progress:
        assert progress.bar is not None
        update, done = progress.source("storms", 1, 1)
        assert update is not None
        update({"source": "storms", "done": 20, "total": 60, "new": 18, "errors": 1})
        task = progress.bar.tasks[0]
        assert (task.completed, task.total) == (20, 60)
        assert task.fields["info"] == "18 new, 1 errors"
        done()
    piped = CrawlProgress(Console(file=io.StringIO()), every=30)
    assert piped.bar is None
    assert progress_text({"source": "s", "done": 3, "total": 9}, 75) == (
        "crawl s: 3/9 pages, 0 new, 0 changed, 0 errors (1m15s)"
    )
