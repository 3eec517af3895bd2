"""The crawling commands end to end: init, crawl, status, ingest, extract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.config import load_config
from tests.support.cli import fw_here
from tests.support.sites import ARTICLES, LocalSite, article_html, write_config


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FIGWATCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("FIGWATCH_CONFIG", raising=False)
    return tmp_path


def test_init_writes_a_valid_config_and_refuses_to_overwrite(here: Path, capsys) -> None:
    code, _, err = fw_here(capsys, "init")
    assert code == 0, err
    cfg = load_config(here / "figwatch.toml")
    assert cfg.sources[0].name == "example-feed" and cfg.crawl.obey_robots
    code, _, err = fw_here(capsys, "init")
    assert code == 2
    assert "already exists" in err and len(err.strip().splitlines()) == 1
    assert fw_here(capsys, "init", "--force")[0] == 0


def test_crawl_then_status(news_site: LocalSite, here: Path, capsys) -> None:
    write_config(
        here / "figwatch.toml",
        f'[[source]]\nname = "ledger"\nkind = "feed"\nurls = ["{news_site.url("/feeds/rss.xml")}"]\n'
        "allow_private = true\n",
    )
    code, _, err = fw_here(capsys, "crawl", "--source", "nope")
    assert code == 2
    assert err.strip() == "error: unknown source 'nope' (configured: ledger)"

    code, out, err = fw_here(capsys, "crawl", "--json")
    assert code == 0, err
    (summary,) = json.loads(out)
    assert summary["source"] == "ledger" and summary["stored_new"] == 7
    assert (here / "figwatch.db").exists()

    code, out, err = fw_here(capsys, "crawl")  # the re-crawl, as a table
    assert code == 0, err
    assert "ledger" in out and "partial" in out  # the feed links a 404
    assert "ledger partial: http_404 at " in err

    code, out, err = fw_here(capsys, "status", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["articles"]["articles"] == 7 and report["articles"]["versions"] == 7
    (last,) = report["crawls"]["last_crawls"]
    assert last["source"] == "ledger" and last["not_modified"] == 6 and last["unchanged"] == 1
    assert "http_404" in {e["reason"] for e in report["errors"]["recent_errors"]}
    code, out, _ = fw_here(capsys, "status")
    assert code == 0 and "last_crawls" in out and "recent_errors" in out


def test_private_addresses_refused_unless_allowed(news_site: LocalSite, here: Path, capsys) -> None:
    write_config(
        here / "figwatch.toml",
        f'[[source]]\nname = "ledger"\nkind = "feed"\nurls = ["{news_site.url("/feeds/rss.xml")}"]\n',
    )
    code, out, err = fw_here(capsys, "crawl", "--json")
    assert code == 1, err  # the only URL was refused: the crawl failed
    (summary,) = json.loads(out)
    assert summary["fetched"] == 0 and summary["skipped"] == {"private_address": 1}
    assert summary["status"] == "failed" and "set allow_private = true" in summary["detail"]
    assert news_site.hits["/feeds/rss.xml"] == 0


def test_ingest_and_extract_files(here: Path, capsys) -> None:
    title, paras = ARTICLES["harvest-festival"]
    page = here / "harvest.html"
    page.write_text(article_html(title, paras), encoding="utf-8")
    note = here / "note.txt"
    note.write_text("Ferry note\n" + " ".join(ARTICLES["no-etag"][1]), encoding="utf-8")
    code, out, err = fw_here(capsys, "ingest", str(page), str(note), "--source", "desk", "--json")
    assert code == 0, err
    assert [r["status"] for r in json.loads(out)] == ["new", "new"]
    code, out, _ = fw_here(capsys, "ingest", str(here), "--json")
    assert [r["status"] for r in json.loads(out)] == ["unchanged", "unchanged"]
    code, _, err = fw_here(capsys, "ingest", str(page), str(note), "--url", "https://x.example/a")
    assert code == 2 and "one article" in err

    code, out, err = fw_here(capsys, "extract", str(page), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == title and "612 kilograms" in data["text"]
    assert "Sign up for the morning briefing" not in data["text"]
    code, _, err = fw_here(capsys, "extract", str(here / "nope.html"))
    assert code == 2 and "no such file" in err


def test_extract_url_honours_size_limit(news_site: LocalSite, here: Path, capsys) -> None:
    write_config(here / "figwatch.toml", "")
    code, out, err = fw_here(capsys, "extract", news_site.url("/news/cyrillic.html"), "--json")
    assert code == 0, err
    assert "Заречье" in json.loads(out)["text"]
    code, _, err = fw_here(capsys, "extract", news_site.url("/news/huge.html"))
    assert code == 2 and "200000-byte limit" in err
    code, _, err = fw_here(capsys, "extract", news_site.url("/news/missing.html"))
    assert code == 2 and "HTTP 404" in err
