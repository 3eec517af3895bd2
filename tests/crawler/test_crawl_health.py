"""Loud failures: crawl status ok / partial / failed with one line (reason and fix), exit codes,
no tracebacks, and the "source broken" / "recovered" alerts — against a real local site."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from storage.db import connect
from storage.models import CrawlRunRow, OutboxRow
from tests.support.cli import fw_here
from tests.support.sites import REPO, LocalSite, write_config


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FIGWATCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("FIGWATCH_CONFIG", raising=False)
    return tmp_path


def free_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def source(name: str, url: str, *, private: bool = True, kind: str = "feed") -> str:
    extra = "allow_private = true\n" if private else ""
    return f'[[source]]\nname = "{name}"\nkind = "{kind}"\nurls = ["{url}"]\n{extra}\n'


def test_each_failure_gets_a_status_a_reason_and_a_fix(
    news_site: LocalSite, tmp_path: Path
) -> None:
    refused = f"http://127.0.0.1:{free_port()}/feed.xml"
    config = write_config(
        tmp_path / "figwatch.toml",
        source("guarded", news_site.url("/feeds/rss.xml"), private=False)
        + source("refused", refused)
        + source("missing", news_site.url("/feeds/gone.xml"))
        + source("notfeed", news_site.url("/feeds/notafeed.xml"))
        + source("mixed", news_site.url("/feeds/rss.xml"))
        + source("fine", news_site.url("/feeds/atom.xml"))
        + '[[source]]\nname = "nofile"\nkind = "pages"\nurls = ["saved/none.html"]\n',
    )
    db = f"sqlite:///{tmp_path / 'fw.db'}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("FIGWATCH_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "crawler", "--config", str(config), "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=REPO,
        check=False,
    )
    assert proc.returncode == 1  # a source failed
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert len(proc.stderr.splitlines()) < 40, proc.stderr
    got = {s["source"]: s for s in map(json.loads, proc.stdout.splitlines())}
    expect = {
        "guarded": ("failed", "private_address", "set allow_private = true"),
        "refused": ("failed", "connection_refused", "nothing answers at that host and port"),
        "missing": ("failed", "http_404", "check the URL"),
        "notfeed": ("failed", "bad_feed", 'use kind = "pages"'),
        "nofile": ("failed", "file_missing", "check the path"),
        "mixed": ("partial", "http_404", "check the URL"),
    }
    for name, (status, reason, fix) in expect.items():
        detail = got[name]["detail"]
        assert got[name]["status"] == status, (name, got[name])
        assert detail.startswith(reason) and fix in detail, (name, detail)
        assert "\n" not in detail
    # an ok crawl names no problem (at most a note on pages that had no article text)
    assert got["fine"]["status"] == "ok"
    assert got["fine"]["detail"] is None or "had no article text" in got["fine"]["detail"]
    assert "on the source for local hosts" in got["guarded"]["detail"]
    # the failing source is named in its log line, and its crawl_run row holds the status
    assert "refused: error http://127.0.0.1" in proc.stderr
    with Session(connect(db)) as s:
        rows = {r.source: r for r in s.exec(select(CrawlRunRow)).all()}
    assert rows["guarded"].status == "failed" and "allow_private" in (rows["guarded"].detail or "")
    assert rows["mixed"].status == "partial" and rows["fine"].status == "ok"


def test_crawl_exits_non_zero_and_prints_one_line_per_problem(
    news_site: LocalSite, here: Path, capsys
) -> None:
    write_config(
        here / "figwatch.toml",
        source("mixed", news_site.url("/feeds/rss.xml"))
        + source("missing", news_site.url("/gone.xml")),
    )
    code, out, err = fw_here(capsys, "crawl")
    assert code == 1
    lines = err.strip().splitlines()
    assert any(x.startswith("missing failed: http_404 at ") for x in lines), err
    assert any(x.startswith("mixed partial: http_404 at ") for x in lines), err
    assert "Traceback" not in out + err
    code, out, err = fw_here(capsys, "crawl", "-s", "mixed", "--json")
    assert code == 0, err  # partial: something worked, so no failure exit
    (summary,) = json.loads(out)
    assert summary["status"] == "partial"


def test_source_broken_alert_once_then_recovered(news_site: LocalSite, here: Path, capsys) -> None:
    jsonl = here / "alerts.jsonl"
    body = (
        f'[alerts]\nbroken_after = 2\n[[alerts.channel]]\nname = "desk"\ntype = "jsonl"\n'
        f'path = "{jsonl}"\n\n'
    )
    write_config(here / "figwatch.toml", body + source("wire", news_site.url("/feeds/wire.xml")))

    def subjects() -> list[str]:
        if not jsonl.exists():
            return []
        return [json.loads(x)["subject"] for x in jsonl.read_text().splitlines()]

    code, out, err = fw_here(capsys, "run", "--once", "-s", "wire")
    assert code == 1 and "wire failed: http_404" in err
    assert subjects() == []  # one failure is not yet "broken"
    for _ in range(2):  # the second and third failures: one alert, not two
        code, _, _ = fw_here(capsys, "run", "--once", "-s", "wire")
        assert code == 1
    (broken,) = subjects()
    assert broken.startswith("Source broken: 2 failed crawls in a row, source wire")
    alert = json.loads(jsonl.read_text().splitlines()[0])["alerts"][0]
    assert alert["kind"] == "source_broken" and "fix: " in alert["new"]["sentence"]

    news_site.pages["/feeds/wire.xml"] = news_site.pages["/feeds/atom.xml"]  # the feed is back
    code, _, err = fw_here(capsys, "run", "--once", "-s", "wire")
    assert code == 0, err
    code, _, err = fw_here(capsys, "run", "--once", "-s", "wire")
    assert code == 0, err
    assert subjects()[1:] == [
        "Source recovered: crawling again (ok) after 3 failed crawls, source wire"
    ]
    with Session(connect(f"sqlite:///{here / 'figwatch.db'}")) as s:
        kinds = sorted(r.kind for r in s.exec(select(OutboxRow)).all())
    assert kinds == ["source_broken", "source_recovered"]
