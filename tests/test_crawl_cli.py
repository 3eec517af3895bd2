"""The crawling commands end to end: init, crawl, status, ingest, extract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sites import ARTICLES, REPO, article_html, news_site, write_config

from monitor.config import load_config


def fw(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    env.pop("FIGWATCH_DATABASE_URL", None)
    env.pop("FIGWATCH_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_init_writes_a_valid_config_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = fw("init", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    cfg = load_config(tmp_path / "figwatch.toml")
    assert cfg.sources[0].name == "example-feed" and cfg.crawl.obey_robots
    again = fw("init", cwd=tmp_path)
    assert again.returncode == 2
    assert "already exists" in again.stderr and len(again.stderr.strip().splitlines()) == 1
    assert fw("init", "--force", cwd=tmp_path).returncode == 0


@pytest.fixture
def site():
    site = news_site()
    yield site
    site.stop()


def test_crawl_then_status(site, tmp_path: Path) -> None:
    write_config(
        tmp_path / "figwatch.toml",
        f'[[source]]\nname = "ledger"\nkind = "feed"\nurls = ["{site.url("/feeds/rss.xml")}"]\n'
        "allow_private = true\n",
    )
    unknown = fw("crawl", "--source", "nope", cwd=tmp_path)
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "error: unknown source 'nope' (configured: ledger)"

    out = fw("crawl", "--json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    (summary,) = json.loads(out.stdout)
    assert summary["source"] == "ledger" and summary["stored_new"] == 7
    assert (tmp_path / "figwatch.db").exists()

    table = fw("crawl", cwd=tmp_path)
    assert table.returncode == 0 and "ledger" in table.stdout and "not_html=1" in table.stdout

    status = fw("status", "--json", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["articles"]["articles"] == 7 and report["articles"]["versions"] == 7
    (last,) = report["crawls"]["last_crawls"]
    assert last["source"] == "ledger" and last["not_modified"] == 6 and last["unchanged"] == 1
    assert "http_404" in {e["reason"] for e in report["errors"]["recent_errors"]}
    assert fw("status", cwd=tmp_path).returncode == 0


def test_private_addresses_refused_unless_allowed(site, tmp_path: Path) -> None:
    write_config(
        tmp_path / "figwatch.toml",
        f'[[source]]\nname = "ledger"\nkind = "feed"\nurls = ["{site.url("/feeds/rss.xml")}"]\n',
    )
    out = fw("crawl", "--json", cwd=tmp_path)
    (summary,) = json.loads(out.stdout)
    assert summary["fetched"] == 0 and summary["skipped"] == {"private_address": 1}
    assert site.hits["/feeds/rss.xml"] == 0


def test_ingest_and_extract_files(tmp_path: Path) -> None:
    title, paras = ARTICLES["harvest-festival"]
    page = tmp_path / "harvest.html"
    page.write_text(article_html(title, paras), encoding="utf-8")
    note = tmp_path / "note.txt"
    note.write_text("Ferry note\n" + " ".join(ARTICLES["no-etag"][1]), encoding="utf-8")
    out = fw("ingest", str(page), str(note), "--source", "desk", "--json", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert [r["status"] for r in json.loads(out.stdout)] == ["new", "new"]
    again = fw("ingest", str(tmp_path), "--json", cwd=tmp_path)
    assert [r["status"] for r in json.loads(again.stdout)] == ["unchanged", "unchanged"]
    two = fw("ingest", str(page), str(note), "--url", "https://x.example/a", cwd=tmp_path)
    assert two.returncode == 2 and "one article" in two.stderr

    ext = fw("extract", str(page), "--json", cwd=tmp_path)
    assert ext.returncode == 0, ext.stderr
    data = json.loads(ext.stdout)
    assert data["title"] == title and "612 kilograms" in data["text"]
    assert "Sign up for the morning briefing" not in data["text"]
    missing = fw("extract", str(tmp_path / "nope.html"), cwd=tmp_path)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_extract_url_honours_size_limit(site, tmp_path: Path) -> None:
    write_config(tmp_path / "figwatch.toml", "")
    ok = fw("extract", site.url("/news/cyrillic.html"), "--json", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "Заречье" in json.loads(ok.stdout)["text"]
    big = fw("extract", site.url("/news/huge.html"), cwd=tmp_path)
    assert big.returncode == 2 and "200000-byte limit" in big.stderr
    gone = fw("extract", site.url("/news/missing.html"), cwd=tmp_path)
    assert gone.returncode == 2 and "HTTP 404" in gone.stderr
