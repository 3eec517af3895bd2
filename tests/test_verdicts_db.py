"""DB side of verdicts: record_figures stores figures and verdicts, idempotently, in any order."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import Session, SQLModel, create_engine, select

from monitor.figures import extract_figures
from monitor.verdicts import figure_row_dict, record_figures, verdict_row_dict
from storage.models.figures import FigureRow, VerdictRow

A1 = (
    "Ostrava police said 30 protesters were arrested on Friday in Ostrava, "
    "according to police spokesman Tomas Novak."
)
A2 = "Police spokesman Tomas Novak said on Monday that 45 protesters were arrested in Ostrava so far."
A3 = "Police spokesman Tomas Novak said 12 protesters were arrested in Ostrava so far."


@pytest.fixture()
def session():
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine, tables=[FigureRow.__table__, VerdictRow.__table__])
    with Session(engine) as s:
        yield s


def _rec(session, aid, text, pub, url, source_key=None):
    figs = extract_figures(text, published=pub, url=url)
    return record_figures(
        session,
        article_id=aid,
        version_id=aid * 10,
        url=url,
        site=url.split("/")[2],
        published=pub,
        figures=figs,
        source_key=source_key,
    )


def test_new_then_update_then_correct(session):
    v1 = _rec(session, 1, A2, datetime(2024, 3, 4), "https://one.example/a")
    assert [v.kind for v in v1] == ["new"]
    v2 = _rec(session, 2, A3, datetime(2024, 3, 9), "https://two.example/b")
    assert [v.kind for v in v2] == ["corrects"]
    assert v2[0].stored_sentence and "45 protesters" in v2[0].stored_sentence
    assert v2[0].stored_url == "https://one.example/a"
    assert "Novak" in v2[0].reason
    d = verdict_row_dict(v2[0])
    assert d["kind"] == "corrects" and d["stored_article_id"] == 1


def test_reingest_is_idempotent(session):
    first = _rec(session, 1, A2, datetime(2024, 3, 4), "https://one.example/a")
    session.commit()
    again = _rec(session, 1, A2, datetime(2024, 3, 4), "https://one.example/a")
    assert [v.id for v in again] == [v.id for v in first]
    assert len(session.exec(select(FigureRow)).all()) == 1
    assert len(session.exec(select(VerdictRow)).all()) == 1


def test_older_article_after_newer_is_not_an_update(session):
    _rec(session, 2, A2, datetime(2024, 3, 9), "https://two.example/b")
    late = _rec(session, 1, A3, datetime(2024, 3, 1), "https://one.example/a")
    assert [v.kind for v in late] == ["new"]
    assert "history" in late[0].reason


def test_source_key_seam_counts_clusters_once(session):
    text = "Officials in Ostrava said 45 protesters were arrested in Ostrava so far."
    _rec(session, 1, text, datetime(2024, 3, 4), "https://one.example/a")
    v = _rec(session, 2, text, datetime(2024, 3, 5), "https://two.example/b")
    assert v[0].kind == "confirms" and v[0].independent_sources == 2
    cluster = {1: "c1", 2: "c1", 3: "c1"}
    v3 = _rec(session, 3, text, datetime(2024, 3, 5), "https://three.example/c", cluster.get)
    assert v3[0].kind == "confirms" and v3[0].independent_sources == 1


def test_figure_row_dict_roundtrip(session):
    _rec(session, 1, A2, datetime(2024, 3, 4), "https://one.example/a")
    row = session.exec(select(FigureRow)).one()
    d = figure_row_dict(row)
    assert d["low"] == 45 and d["measure"] == "arrested" and d["place"] == "Ostrava"
    assert d["comparison_key"] == row.comparison_key
