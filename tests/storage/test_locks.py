"""storage.locks: stable lock ids, PostgreSQL advisory locks, SQLite write locks, the ingest race."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.article import Article
from monitor.ingest import ingest
from storage.db import connect
from storage.locks import advisory_xact_lock, advisory_xact_locks, lock_id, try_advisory_xact_lock
from storage.models import ArticleRow, ArticleVersionRow, ClusterMemberRow, ClusterRow

REPO = Path(__file__).resolve().parents[2]


def test_lock_id_is_stable_across_processes_and_64_bit() -> None:
    code = "from storage.locks import lock_id; print(lock_id('figures:killed|people|Norvale'))"
    ids = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert ids == {str(lock_id("figures:killed|people|Norvale"))}
    values = {lock_id(f"k{i}") for i in range(2000)}
    assert len(values) == 2000
    assert all(-(2**63) <= v < 2**63 for v in values)
    assert any(v < 0 for v in values) and any(v > 0 for v in values)


@pytest.mark.postgres
def test_postgres_lock_is_per_key_and_released_at_commit(pg_url: str) -> None:
    engine = connect(pg_url)
    try:
        with Session(engine) as a, Session(engine) as b:
            advisory_xact_lock(a, "article:x")
            assert not try_advisory_xact_lock(b, "article:x")  # held by a
            assert try_advisory_xact_lock(b, "article:y")  # other keys are free
            b.rollback()
            a.commit()  # released with the transaction
            assert try_advisory_xact_lock(b, "article:x")
            b.rollback()
            # a waiter blocks until the holder's transaction ends
            advisory_xact_locks(a, ["k2", "k1", "k2"])
            got = threading.Event()

            def wait() -> None:
                with Session(engine) as c:
                    advisory_xact_lock(c, "k1")
                    got.set()

            t = threading.Thread(target=wait)
            t.start()
            assert not got.wait(0.5)
            a.rollback()
            assert got.wait(5)
            t.join()
    finally:
        engine.dispose()


def test_sqlite_lock_takes_the_write_lock_before_reading(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    engine = connect(url)
    try:
        with Session(engine) as a:
            advisory_xact_lock(a, "article:x")  # BEGIN IMMEDIATE
            other = sqlite3.connect(tmp_path / "f.db", timeout=0.2)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            assert other.execute("SELECT count(*) FROM article").fetchone() == (0,)  # WAL reads
            a.execute(text("SELECT 1"))
            advisory_xact_lock(a, "article:y")  # already in the write transaction: no-op
            a.commit()
            other.execute("BEGIN IMMEDIATE")  # free again
            other.rollback()
            other.close()
    finally:
        engine.dispose()


def _article(url: str, text_: str) -> Article:
    return Article(url=url, text=text_, title="Norvale floods", source="race")


def _concurrently(engine: Engine, articles: list[Article]) -> tuple[list[Any], list[str]]:
    """Ingest ``articles`` from one thread each, released together; results and errors."""
    barrier = threading.Barrier(len(articles))
    results: list[Any] = []
    errors: list[str] = []
    lock = threading.Lock()

    def one(article: Article) -> None:
        barrier.wait()
        try:
            result = ingest(article, engine)
        except Exception as exc:  # noqa: BLE001 - recorded and asserted on by the caller
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return
        with lock:
            results.append(result)

    threads = [threading.Thread(target=one, args=(a,)) for a in articles]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def _race(engine: Engine, url: str, text_: str, n: int) -> tuple[Counter[str], list[str]]:
    results, errors = _concurrently(engine, [_article(url, text_) for _ in range(n)])
    return Counter(r.status for r in results), errors


def test_concurrent_ingests_of_one_url_store_it_once(engine: Engine) -> None:
    """Writers racing on one URL: one article, one version per distinct text, no errors."""
    rounds, writers = 6, 4
    for r in range(rounds):
        url = f"https://ledger.example/race-{r}"
        first, errors = _race(engine, url, f"At least {300 + r} people died in Norvale.", writers)
        assert errors == [] and first == {"new": 1, "unchanged": writers - 1}
        # the article exists at version 1: a changed text arrives at every writer at once
        again, errors = _race(engine, url, f"At least {400 + r} people died in Norvale.", writers)
        assert errors == [] and again == {"changed": 1, "unchanged": writers - 1}
    with Session(engine) as s:
        articles = s.exec(select(ArticleRow)).all()
        versions = s.exec(select(ArticleVersionRow)).all()
    assert len(articles) == rounds and all(a.version_count == 2 for a in articles)
    assert Counter(v.article_id for v in versions) == {a.id: 2 for a in articles}


PLACES = ["Norvale", "Tarrowby", "Quillon", "Saltmere", "Dunmere"]


def test_concurrent_comparable_figures_get_one_new_verdict(engine: Engine) -> None:
    """Writers ingesting comparable figures at the same moment: exactly one decides "new"."""
    writers = 4
    for r, place in enumerate(PLACES):
        articles = [
            Article(
                url=f"https://outlet{i}.example/{place.lower()}-{r}",
                text=f"Floods in {place} have killed {300 + r} people, the relief office said.",
                title=f"{place} floods",
                source="race",
            )
            for i in range(writers)
        ]
        results, errors = _concurrently(engine, articles)
        assert errors == []
        verdicts = [res.verdicts for res in results]
        assert len(verdicts) == writers and all(len(vs) == 1 for vs in verdicts), verdicts
        kinds = Counter(k for vs in verdicts for k in vs)
        assert kinds["new"] == 1, kinds  # the others compared with a stored figure
        assert kinds["confirms"] == writers - 1, kinds


MIGRATE = (
    "import sys, time; from storage.db import make_engine, upgrade; e = make_engine(sys.argv[1]);"
    " time.sleep(max(0, float(sys.argv[2]) - time.time())); upgrade(e); print('ok')"
)


@pytest.mark.postgres
def test_hosts_starting_at_once_migrate_once(pg_url: str) -> None:
    """Four processes upgrade an empty PostgreSQL schema at the same instant: all succeed."""
    at = str(time.time() + 3)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", MIGRATE, pg_url, at],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outcomes = [(p.communicate(timeout=60), p.returncode) for p in procs]
    assert all(code == 0 for _, code in outcomes), [err[-300:] for (_, err), _ in outcomes]
    engine = connect(pg_url, migrate=False)
    try:
        with engine.connect() as conn:
            assert len(conn.execute(text("SELECT version_num FROM alembic_version")).all()) == 1
    finally:
        engine.dispose()


WIRE = (
    "Rescue crews in the valley town of Brackenford worked through the night after the river "
    "broke its banks on Sunday evening, flooding the lower streets and the old market hall. "
    "The county relief office said volunteers from the rowing club ferried elderly residents "
    "to the grammar school, where a shelter opened before midnight. Engineers inspected the "
    "railway embankment at first light and closed the line to the coast until further notice. "
    "Shopkeepers along the high street stacked sandbags against their doors and carried stock "
    "to upper floors while the water crept towards the bridge. The mayor thanked the crews and "
    "asked drivers to avoid the ring road, which remained closed near the retail park."
)


def test_concurrent_syndicated_copies_join_one_cluster(engine: Engine) -> None:
    """The same wire story ingested by five workers at once ends in one near-duplicate cluster."""
    articles = [
        Article(
            url=f"https://paper{i}.example/wire",
            text=WIRE if i % 2 else WIRE.replace("Sunday evening", "Sunday night"),
            title="Floods in Brackenford",
            source="race",
        )
        for i in range(5)
    ]
    results, errors = _concurrently(engine, articles)
    assert errors == []
    clusters = {res.cluster_id for res in results}
    assert len(clusters) == 1 and None not in clusters, clusters
    with Session(engine) as s:
        (cluster,) = s.exec(select(ClusterRow)).all()  # no stray clusters of one
        members = s.exec(select(ClusterMemberRow)).all()
    assert cluster.size == 5 and {m.cluster_id for m in members} == {cluster.id}
    assert cluster.original_article_id in {res.article_id for res in results}
