"""A corpus on disk crawled like a site: bare paths in the config become file:// URLs."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from storage.db import connect
from storage.models import ArticleRow
from tests.support.sites import article_html, run_crawler, write_config

PIECES = {
    "quay.html": (
        "Quay wall repairs delayed by two winters",
        [
            "Repairs to the north quay wall at Brindle Harbour will not start until the "
            "spring after next, the port authority told fishermen on Tuesday evening.",
            "Divers found that 140 metres of the wall had been undermined by the autumn "
            "storms, far more than the sixty metres surveyed in the summer.",
        ],
    ),
    "orchard.html": (
        "Community orchard plants 300 heritage apple trees",
        [
            "Volunteers planted 300 heritage apple trees on the old allotment site behind "
            "the Fenwick leisure centre over a cold and muddy weekend.",
            "The varieties were grafted from trees in farmhouse gardens across the valley, "
            "some of them recorded in a seed merchant's catalogue from 1890.",
        ],
    ),
}
NOTE = (
    "Bus depot strike ends after nine days\n"
    "Drivers at the Larchmont depot returned to work on Monday after accepting a pay offer of "
    "six per cent, ending a nine-day strike that had cancelled 1,100 journeys a day across the "
    "western suburbs, the union branch secretary said.\n"
)


def test_file_corpus_crawl_and_recrawl(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "notes").mkdir(parents=True)
    for name, (title, paras) in PIECES.items():
        (corpus / name).write_text(article_html(title, paras), encoding="utf-8")
    (corpus / "notes" / "strike.txt").write_text(NOTE, encoding="utf-8")
    links = "".join(f'<a href="{n}">{n}</a> ' for n in [*PIECES, "notes/strike.txt", "gone.html"])
    (corpus / "index.html").write_text(f"<html><body>{links}</body></html>", encoding="utf-8")
    cfg = write_config(
        tmp_path / "figwatch.toml",
        '[[source]]\nname = "disk"\nkind = "pages"\nurls = ["corpus/index.html"]\n'
        "follow = { depth = 1 }\n",
    )
    db = f"sqlite:///{tmp_path / 'fw.db'}"
    (first,) = run_crawler(cfg, ["disk"], db)
    assert first["stored_new"] == 3  # the index page is not an article
    assert first["errors"] == 1  # gone.html
    engine = connect(db)
    with Session(engine) as s:
        rows = {r.url: r for r in s.exec(select(ArticleRow)).all()}
    engine.dispose()
    quay = (corpus / "quay.html").resolve().as_uri()
    strike = (corpus / "notes" / "strike.txt").resolve().as_uri()
    assert quay in rows and rows[quay].site == "file"
    assert (corpus / "orchard.html").resolve().as_uri() in rows
    assert rows[strike].title == "Bus depot strike ends after nine days"

    (second,) = run_crawler(cfg, ["disk"], db)
    assert second["stored_new"] == 0 and second["stored_changed"] == 0
    # no validators on disk: the raw hash catches every page fetched the first time
    assert second["unchanged"] == first["stored_new"]
