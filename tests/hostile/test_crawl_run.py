"""End to end: a crawl over hostile sources stores the good, skips the bad, leaks nothing.

Drives ``python -m crawler --config CFG --db URL`` and then ``figwatch status``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

import crawler.__main__  # noqa: F401 - an import error here fails the suite loudly
from storage.db import connect
from storage.models import ArticleRow
from tests.support.badserver import BadServer

REPO = Path(__file__).resolve().parents[2]
PLANTED = {
    "FIGWATCH_SMTP_PASSWORD": "planted-smtp-4e1f9",
    "FIGWATCH_WEBHOOK_SECRET": "planted-hook-77a0c",
}
HOSTILE_PATHS = [
    "/loop",
    "/meta-loop",
    "/slow",
    "/gzip-bomb",
    "/status/500",
    "/status/404",
    "/huge",
    "/short",
    "/binary.html",
    "/cp1251",
    "/empty",
    "/links",
    "/nested",
]


def _toml_list(urls: list[str]) -> str:
    return "[" + ", ".join(f'"{u}"' for u in urls) + "]"


@pytest.fixture(scope="module")
def crawl_run(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("crawl")
    db_url = f"sqlite:///{work / 'figwatch.db'}"
    with BadServer() as srv:
        cfg = work / "figwatch.toml"
        cfg.write_text(
            f"""
[storage]
database_url = "{db_url}"

[crawl]
obey_robots = false
autothrottle = false
download_timeout = 3.0
retries = 1
max_page_bytes = 5000000

[[source]]
name = "healthy"
kind = "pages"
urls = {_toml_list([srv.url("/ok/1"), srv.url("/ok/2")])}
allow_private = true

[[source]]
name = "hostile"
kind = "pages"
urls = {_toml_list([srv.url(p) for p in HOSTILE_PATHS])}
allow_private = true

[[source]]
name = "guarded"
kind = "pages"
urls = {_toml_list([srv.url("/redirect?to=http://169.254.169.254/latest/meta-data/")])}
""",
            encoding="utf-8",
        )
        env = {**os.environ, **PLANTED, "PYTHONPATH": str(REPO)}
        env.pop("FIGWATCH_DATABASE_URL", None)
        proc = subprocess.run(
            [sys.executable, "-m", "crawler", "--config", str(cfg), "--db", db_url],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        hits = srv.hits.copy()
    status = subprocess.run(
        [sys.executable, "-m", "figwatch", "--config", str(cfg), "--db", db_url, "status"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    engine = connect(db_url)
    with Session(engine) as session:
        rows = session.exec(select(ArticleRow)).all()
    engine.dispose()
    return {"proc": proc, "status": status, "rows": rows, "hits": hits, "work": work}


def test_crawl_completes_without_traceback(crawl_run) -> None:
    proc = crawl_run["proc"]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (0, 1), proc.stderr[-3000:]


def test_healthy_source_stored_despite_hostile_neighbour(crawl_run) -> None:
    healthy = [r for r in crawl_run["rows"] if r.source == "healthy"]
    assert len(healthy) == 2


def test_hostile_source_stores_only_real_articles(crawl_run) -> None:
    hostile = {r.url.rsplit("/", 1)[-1]: r for r in crawl_run["rows"] if r.source == "hostile"}
    assert "cp1251" in hostile, sorted(hostile)
    assert hostile["cp1251"].title == "Паводок в долине Лорн"
    for junk in ("binary.html", "empty", "links", "gzip-bomb", "huge", "slow", "loop"):
        assert junk not in hostile


def test_private_source_refused(crawl_run) -> None:
    assert not [r for r in crawl_run["rows"] if r.source == "guarded"]
    assert crawl_run["hits"]["/redirect"] == 0  # 127.0.0.1 itself is private for this source


def test_planted_secrets_absent_from_output_and_files(crawl_run) -> None:
    proc, status = crawl_run["proc"], crawl_run["status"]
    blobs = [proc.stdout, proc.stderr, status.stdout, status.stderr]
    for path in crawl_run["work"].rglob("*"):
        if path.is_file() and path.stat().st_size < 50_000_000:
            blobs.append(path.read_bytes().decode("utf-8", "replace"))
    for value in PLANTED.values():
        assert not any(value in blob for blob in blobs)
