"""The dedup report: data, CSV/JSON/HTML output, CLI, and the HTML in a real headless browser."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from figwatch.cli import app
from monitor.article import Article
from monitor.ingest import ingest
from monitor.report.dedup import build, write

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "benchmarks" / "data" / "dedup"
EVIL = "<script>window.__pwned = 1; document.title = 'pwned'</script><img src=x onerror=\"window.__pwned=2\">"
T0 = datetime(2025, 3, 1, 6, tzinfo=UTC)


def _story(name: str) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in (DATA / name).glob("*.txt")}


def _populate(engine) -> None:
    s1, s2 = _story("s1"), _story("s2")
    feed = [
        ("https://wire.example/flood", s1["original"], "Velna floods Marrow Ford", 0),
        ("https://copy-a.example/x", "By Staff Reporter\n\n" + s1["original"], EVIL, 3),
        (
            "https://copy-b.example/y",
            s1["original"] + "\n\n" + s1["extra"],
            "River floods town",
            27,
        ),
        ("https://opinion.example/why", s1["derivative"], "Why our river towns keep drowning", 50),
        ("https://harbour.example/a", s2["original"], "23 arrested in Halden Bay", 2),
        (
            "https://ports.example/b",
            "\n\n".join(s2["original"].split("\n\n")[:-1]),
            "Arrests after shipyard protest",
            5,
        ),
        ("https://other.example/c", s2["independent"], "Shipyard march ends in clashes", 6),
    ]
    for url, text, title, hours in feed:
        ingest(
            Article(url=url, text=text, title=title, published=T0 + timedelta(hours=hours)), engine
        )


def test_report_data(engine) -> None:
    _populate(engine)
    report = build(engine)
    assert len(report.clusters) == 2
    flood = next(c for c in report.clusters if c.original.site == "wire.example")
    assert [m.site for m in flood.copies] == ["copy-a.example", "copy-b.example"]
    assert flood.copies[0].lag == timedelta(hours=3) and flood.copies[0].headline_changed
    assert all(0 < m.containment <= 1 and m.similarity > 0.9 for m in flood.copies)
    assert any(seg.shared for seg in flood.copies[0].segments)
    [d] = report.derivatives
    assert [r.site for r in flood.derived_by] == ["opinion.example"]
    assert (d.article.site, d.source.site) == ("opinion.example", "wire.example")
    assert any(s.shared and "levee simply gave way" in s.text for s in d.article.segments)
    # --since keeps only clusters/links with a member since then
    later = build(engine, T0 + timedelta(hours=20))
    assert [c.original.site for c in later.clusters] == ["wire.example"]
    assert len(later.derivatives) == 1
    assert build(engine, T0 + timedelta(days=30)).clusters == []


def test_csv_and_json(engine, tmp_path: Path) -> None:
    _populate(engine)
    report = build(engine)
    write(report, tmp_path / "r.csv", "csv")
    rows = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    roles = [r["role"] for r in rows]
    assert (
        roles.count("original") == 2 and roles.count("copy") == 3 and roles.count("derivative") == 1
    )
    evil = next(r for r in rows if r["site"] == "copy-a.example")
    assert evil["title"] == EVIL and evil["lag_seconds"] == "10800.0"
    write(report, tmp_path / "r.json", "json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["clusters"][0]["original"]["published"].startswith("2025-03-01")
    assert data["derivatives"][0]["article"]["shared_passages"]


def test_html_escapes_scraped_text(engine, tmp_path: Path) -> None:
    _populate(engine)
    s1 = _story("s1")
    ingest(
        Article(url="javascript:alert(1)", text="Syndicated.\n\n" + s1["original"], title="js"),
        engine,
    )
    out = tmp_path / "r.html"
    write(build(engine), out, "html")
    html = out.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "&lt;script&gt;window.__pwned" in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html  # shown, not linked
    for marker in ("<link ", 'src="http', "@import", "url("):
        assert marker not in html  # nothing external to load


def test_cli_writes_each_format(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    from storage.db import connect

    engine = connect(db)
    _populate(engine)
    engine.dispose()
    runner = CliRunner()
    for fmt in ("html", "csv", "json"):
        out = tmp_path / f"dedup.{fmt}"
        res = runner.invoke(
            app, ["--db", db, "report", "dedup", "--since", "2025-03-01", "-o", str(out)]
        )
        assert res.exit_code == 0, res.output
        assert out.stat().st_size > 200
    res = runner.invoke(
        app, ["--db", db, "report", "dedup", "--since", "yesterday", "-o", str(tmp_path / "x.html")]
    )
    assert res.exit_code != 0 and "--since" in str(res.exception)
    res = runner.invoke(
        app, ["--db", db, "report", "dedup", "-f", "pdf", "-o", str(tmp_path / "x.pdf")]
    )
    assert res.exit_code != 0 and "--format" in str(res.exception)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_report_in_headless_chromium(engine, tmp_path: Path, browser) -> None:
    _populate(engine)
    out = tmp_path / "dedup.html"
    write(build(engine), out, "html")
    requests: list[str] = []
    errors: list[str] = []
    for width, name in ((1280, "laptop"), (390, "phone")):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(out.as_uri())
        page.wait_for_selector("html[data-report-ready='1']")  # our own script ran
        assert page.evaluate("window.__pwned === undefined")
        assert page.title() != "pwned"
        assert EVIL.split(">")[0] in page.inner_text("body")  # shown as text
        assert page.locator("img").count() == 0
        # sorting: copies column, ascending then descending
        header = page.locator("#cluster-table th", has_text="Copies")
        header.click()
        col = "Array.from(document.querySelectorAll('#cluster-table tbody tr')).map(r => r.cells[3].textContent.trim())"
        assert page.evaluate(col) == ["1", "2"]
        header.click()
        assert page.evaluate(col) == ["2", "1"]
        assert page.get_attribute("#cluster-table th:nth-child(4)", "aria-sort") == "descending"
        outlets = "Array.from(document.querySelectorAll('#cluster-table tbody tr')).map(r => r.cells[1].textContent.trim())"
        page.locator("#cluster-table th", has_text="Outlet").click()
        assert page.evaluate(outlets) == ["harbour.example", "wire.example"]
        assert page.locator("mark").count() > 3  # shared passages highlighted
        link = page.locator(".derived-by a")
        assert link.count() == 1 and link.get_attribute("href") == "#derivative-1"
        # readable: nothing wider than the viewport except inside scroll boxes
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name}: page scrolls sideways by {overflow}px"
        page.screenshot(path=str(tmp_path / f"dedup-{name}.png"), full_page=True)
        assert not errors, errors
        page.close()
    assert all(u.startswith("file://") for u in requests), requests
    assert (tmp_path / "dedup-phone.png").stat().st_size > 1000
