"""The figure-timeline report: data, formats, escaping, and a real browser."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from figwatch.cli import app
from monitor.article import Article
from monitor.ingest import ingest
from monitor.report.figures import build, write

EVIL = '<script>window.__pwned = 1</script><img src="http://evil.example/x.png">'


def _populate(engine) -> None:
    """A toll that rises (an update, alerted) and a second outlet that confirms it."""
    articles = [
        ("https://a.example/1", "Flood in Marrow county", datetime(2025, 4, 1, 9, tzinfo=UTC),
         "Twelve people have been killed in the floods in Marrow county, the county fire "
         "service said on Tuesday."),
        ("https://b.example/2", EVIL, datetime(2025, 4, 2, 9, tzinfo=UTC),
         "The county fire service said on Wednesday that 19 people had been killed in the "
         "floods in Marrow county."),
        ("https://c.example/3", "Marrow county toll rises", datetime(2025, 4, 2, 15, tzinfo=UTC),
         "Nineteen people have been killed in the floods in Marrow county, the county fire "
         "service said."),
    ]  # fmt: skip
    for url, title, when, text in articles:
        ingest(Article(url=url, text=text, title=title, published=when, source="t"), engine)


def test_timeline_data(engine) -> None:
    _populate(engine)
    report = build(engine)
    assert len(report.timelines) == 1
    tl = report.timelines[0]
    assert "killed" in tl.label and "Marrow" in tl.label
    assert [r.value for r in tl.rows] == ["12", "19", "19"]
    assert [r.verdict for r in tl.rows] == ["new", "updates", "confirms"]
    assert [r.alerted for r in tl.rows] == [False, True, False]
    assert tl.svg.startswith("<svg")


def test_formats_and_escaping(engine, tmp_path: Path) -> None:
    _populate(engine)
    report = build(engine)
    write(report, tmp_path / "f.html", "html")
    html = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "&lt;script&gt;" in html
    assert 'src="http' not in html and "<svg" in html
    write(report, tmp_path / "f.json", "json")
    data = json.loads((tmp_path / "f.json").read_text())
    assert [r["verdict"] for r in data["timelines"][0]["rows"]] == ["new", "updates", "confirms"]
    write(report, tmp_path / "f.csv", "csv")
    assert (tmp_path / "f.csv").read_text().count("\n") == 4


def test_cli(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'fw.db'}"
    res = CliRunner().invoke(app, ["--db", db, "report", "figures", "-o", str(tmp_path / "f.html")])
    assert res.exit_code == 0, res.output
    assert "0 tracked measures" in " ".join(res.output.split())


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_figures_report_in_headless_chromium(engine, tmp_path: Path, browser) -> None:
    _populate(engine)
    out = tmp_path / "figures.html"
    write(build(engine), out, "html")
    requests: list[str] = []
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.as_uri())
    page.wait_for_selector("html[data-report-ready='1']")
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("svg").count() == 1
    assert page.locator("tr.alert").count() == 1
    values = (
        "Array.from(document.querySelectorAll('tbody tr')).map(r => r.cells[1].textContent.trim())"
    )
    page.locator("th", has_text="Value").click()
    page.locator("th", has_text="Value").click()
    assert page.evaluate(values) == ["19", "19", "12"]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page scrolls sideways by {overflow}px"
    page.screenshot(path=str(tmp_path / "figures-phone.png"), full_page=True)
    assert not errors, errors
    assert all(u.startswith("file://") for u in requests), requests
