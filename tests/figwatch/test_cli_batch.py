"""The CLI as a script sees it: batches that go on past bad files, piped output that is exact.

Every command runs as a real process with its stdout and stderr on pipes.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from crawler.extract import explain, extract_html
from storage.db import connect
from storage.models import ArticleRow
from tests.support.sites import article_html

REPO = Path(__file__).resolve().parents[2]
LONG = (
    "The river Velna broke its banks on Tuesday night and flooded the lower town of Marrow Ford, "
    "where 320 residents spent the night in the school gym while firefighters from three "
    "neighbouring districts used flat boats to reach the houses on Mill Lane."
)
PARAS = [
    LONG,
    "Mayor Ilse Brandvik said 14 people were missing and that the old levee had simply given way.",
    "The regional weather office said another 60 millimetres of rain could fall before Thursday.",
]


def figwatch(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "figwatch", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _page(title: str, place: str) -> str:
    return article_html(title, [p.replace("Marrow Ford", place) for p in PARAS])


def _stored(db: str) -> list[ArticleRow]:
    engine = connect(db)
    with Session(engine) as session:
        rows = list(session.exec(select(ArticleRow)).all())
    engine.dispose()
    return rows


def test_batch_stores_the_good_files_names_the_bad_and_exits_1(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i, place in enumerate(["Kessel", "Saltby", "Crane Hill"]):
        (pages / f"good{i}.html").write_text(_page(f"Flood in {place}", place), encoding="utf-8")
    # a line repeated 400 times: the fingerprint used to overflow on such pages
    (pages / "repetitive.txt").write_text(LONG + "\n" + "Share this story.\n" * 400)
    (pages / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (pages / "empty.html").write_bytes(b"")
    (pages / "nav-only.html").write_text("<html><body><nav>Home</nav></body></html>")
    db = f"sqlite:///{tmp_path / 'fw.db'}"
    res = figwatch("--db", db, "ingest", str(pages), cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error:")]
    assert sorted(Path(ln.split(": ")[1]).name for ln in errors) == [
        "binary.html",
        "empty.html",
        "nav-only.html",
    ]
    assert all(len(ln.split(": ", 2)) == 3 and ln.split(": ", 2)[2] for ln in errors)
    assert "3 of 7 files failed" in res.stderr
    assert len(_stored(db)) == 4
    rows = [ln.split("\t") for ln in res.stdout.splitlines()[1:]]
    assert {r[1] for r in rows} == {"new", "failed"} and len(rows) == 7


def test_every_benchmark_page_and_seed_in_one_ingest(shared_dir: Path, tmp_path: Path) -> None:
    src = shared_dir / "data" / "aeb" / "html"
    pages = sorted(src.glob("*.html.gz"))
    if not pages:
        pytest.skip("shared/data/aeb/html is absent")
    folder = tmp_path / "aeb"
    folder.mkdir()
    for page in pages:
        (folder / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    db = f"sqlite:///{tmp_path / 'fw.db'}"
    res = figwatch("--db", db, "ingest", str(folder), str(shared_dir / "seeds"), cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stderr == ""  # no traceback, and no library warnings either
    rows = [ln.split("\t") for ln in res.stdout.splitlines()[1:]]
    assert len(rows) == len(pages) + len(seeds)
    assert all(r[1] == "new" for r in rows), [r for r in rows if r[1] != "new"]


WARN_PAGE = article_html("Flood in Kessel", PARAS).replace(
    "</article>",
    "<p><a>Related: earlier floods in the valley and the levee study</a></p></article>",
)


def test_library_warnings_go_to_debug_level_only(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(WARN_PAGE, encoding="utf-8")
    quiet = figwatch("extract", str(page), cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == ""
    loud = figwatch("-vv", "extract", str(page), cwd=tmp_path)
    lines = [ln for ln in loud.stderr.splitlines() if " trafilatura" in ln]
    assert lines and all(" DEBUG trafilatura" in ln for ln in lines)


def test_piped_extract_is_the_article_text_exactly(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(_page("Flood in Kessel", "Kessel"), encoding="utf-8")
    res = figwatch("extract", str(page), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    article = extract_html(page.read_bytes(), url=page.resolve().as_uri())
    assert article is not None and LONG.replace("Marrow Ford", "Kessel") in article.text
    assert res.stdout == article.text + "\n"
    meta = figwatch("extract", "--meta", str(page), cwd=tmp_path)
    assert meta.stdout.startswith("title: Flood in Kessel\n")
    assert meta.stdout.endswith("\n" + article.text + "\n")


def test_extract_explain_lists_every_removed_line_and_its_rule(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(WARN_PAGE, encoding="utf-8")
    res = figwatch("extract", "--explain", str(page), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    result = explain(page.read_bytes(), url=page.resolve().as_uri(), html=True)
    assert result is not None and result.removed
    out = res.stdout.splitlines()
    for rule, line in result.removed:
        assert f"- [{rule}] {line}" in out
    kept = [d.line.text for d in result.decisions if not d.rule]
    assert [ln[4:] for ln in out if ln.startswith("  | ")] == kept
    assert out[-1] == f"# {len(kept)} lines kept, {len(result.removed)} removed"


def test_piped_tables_hold_every_cell_in_full(tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-for-saved-pages-" * 3)
    deep.mkdir()
    title = "Flood in Kessel: " + "the longest headline anyone ever wrote about a river " * 3
    (deep / "page.html").write_text(
        article_html(title.strip(), [p.replace("Marrow Ford", "Kessel") for p in PARAS]),
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'fw.db'}"
    res = figwatch("--db", db, "ingest", str(deep), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[1].split("\t")[0] == str(deep / "page.html")
    listed = figwatch("--db", db, "articles", cwd=tmp_path)
    header, row = listed.stdout.splitlines()
    assert header.split("\t") == ["id", "published", "site", "versions", "title"]
    assert row.split("\t")[-1] == title.strip()
    assert "…" not in listed.stdout
    status = figwatch("--db", db, "status", cwd=tmp_path)
    assert status.returncode == 0 and "…" not in status.stdout


def test_piped_crawl_summary_is_tab_separated_from_the_first_line(tmp_path: Path) -> None:
    page = tmp_path / "site" / "flood.html"
    page.parent.mkdir()
    page.write_text(_page("Flood in Kessel", "Kessel"), encoding="utf-8")
    cfg = tmp_path / "figwatch.toml"
    cfg.write_text('[[source]]\nname = "saved"\nkind = "pages"\nurls = ["site/flood.html"]\n')
    db = f"sqlite:///{tmp_path / 'fw.db'}"
    res = figwatch("--config", str(cfg), "--db", db, "crawl", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    header, row = res.stdout.splitlines()
    assert header.split("\t")[:3] == ["source", "status", "fetched"]
    assert row.split("\t")[:4] == ["saved", "ok", "1", "1"]
