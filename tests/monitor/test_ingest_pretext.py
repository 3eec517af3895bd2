"""Text analysis made ahead (``monitor.ingest.pretext``, in the crawler's worker processes) stores
exactly what ingest stores without it (figures, verdicts, fingerprints, clusters, derivative
links, shingles, stories), and is ignored when it was made from other inputs."""

from __future__ import annotations

import os
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from crawler.analysis import AnalysisPool, workers_from
from monitor.article import Article
from monitor.ingest import ingest, pretext
from storage.db import connect
from storage.models import ClusterMemberRow, DerivativeRow, FingerprintRow, ShingleRow
from storage.models.figures import FigureRow, StoryMemberRow, StoryRow, VerdictRow

TEXTS = [
    "The death toll from the floods in Dunmere rose to 41, the county council said on Monday. "
    "At least 1,200 people were displaced and 300 homes were destroyed, officials said.",
    "Rescue teams in Dunmere said 45 people had died in the floods, and 12 were still missing. "
    "The county council said 1,350 people had been displaced.",
    "Officials now say 39 people died in the Dunmere floods, revising an earlier toll of 41.",
]


def _articles() -> list[Article]:
    start = datetime(2024, 5, 1, 8, tzinfo=UTC)
    return [
        Article(
            url=f"https://news{i}.example.org/a/{i}",
            text=text,
            title=f"Floods in Dunmere {i}",
            published=start + timedelta(hours=i),
            source="t",
        )
        for i, text in enumerate(TEXTS)
    ]


_WHEN = {"created", "updated", "joined"}  # when a row was written, not what it says


def _rows(session: Session, model: type) -> list[dict]:
    """Every row of ``model`` in id order, without the moment it was written."""
    key = model.id if hasattr(model, "id") else model.article_id  # type: ignore[attr-defined]
    rows = session.exec(select(model).order_by(key)).all()
    return [
        {k: v for k, v in r.model_dump().items() if k not in _WHEN and not k.endswith("_at")}
        for r in rows
    ]


def _stored(engine) -> list[list[dict]]:
    with Session(engine) as s:
        models = [
            FigureRow,
            VerdictRow,
            FingerprintRow,
            ClusterMemberRow,
            DerivativeRow,
            ShingleRow,
            StoryRow,
            StoryMemberRow,
        ]
        return [_rows(s, m) for m in models]


def test_pretext_stores_what_ingest_stores_alone(tmp_path: Path) -> None:
    alone, ahead = connect(f"sqlite:///{tmp_path}/a.db"), connect(f"sqlite:///{tmp_path}/b.db")
    for article in _articles():
        ingest(article, alone)
        pre = pickle.loads(pickle.dumps(pretext(article)))  # as a worker process hands it over
        ingest(article, ahead, pre=pre)
    stored = _stored(alone)
    assert stored == _stored(ahead) and stored[0] and stored[1]


def test_pretext_of_other_inputs_is_not_used(tmp_path: Path) -> None:
    alone, ahead = connect(f"sqlite:///{tmp_path}/a.db"), connect(f"sqlite:///{tmp_path}/b.db")
    articles = _articles()
    for article, other in zip(articles, articles[1:] + articles[:1], strict=True):
        ingest(article, alone)
        ingest(article, ahead, pre=pretext(other))
    assert _stored(alone) == _stored(ahead)


def test_pool_without_workers_hands_over_nothing() -> None:
    pool = AnalysisPool(0)
    got: list[object] = []
    pool.submit(_articles()[0]).addCallback(got.append)
    pool.close()
    assert got == [None]


def test_one_worker_by_default_on_two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIGWATCH_ANALYSIS_WORKERS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert workers_from(None) == 1 and workers_from({"FIGWATCH_ANALYSIS_WORKERS": ""}) == 1
    assert workers_from({"FIGWATCH_ANALYSIS_WORKERS": "3"}) == 3
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # no core to spare: the writer analyses
    assert workers_from(None) == 0
    monkeypatch.setenv("FIGWATCH_ANALYSIS_WORKERS", "2")  # the environment wins
    assert workers_from({"FIGWATCH_ANALYSIS_WORKERS": "0"}) == 2
