"""Soak: the daemon against a local site whose pages change between rounds.

    python benchmarks/soak.py [--rounds 100] [--pages 20] [--real] [--db URL]

Each round rewrites some pages (new figures), runs one daemon round (crawl child → ingest →
verdicts → outbox → delivery to a JSON-lines file), and prints articles, verdicts and alerts for the
round with the daemon's RSS. At the end: alert latency p50/p99 (outbox row written → delivered).
Verdicts are counted from the ``verdict`` table when the figures package is merged (else "-").
By default the crawl command is tests/test_daemon_minicrawler.py; ``--real`` runs
``python -m crawler.run`` (the integrator's run).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import func, inspect, text  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from benchmarks.daemon_memory import rss_kib  # noqa: E402
from monitor.config import load_config  # noqa: E402
from monitor.daemon import Daemon, Runtime  # noqa: E402
from storage.db import connect  # noqa: E402
from storage.models import ArticleRow, OutboxRow  # noqa: E402
from tests.test_alerts_support import MINICRAWLER, Site, write_config  # noqa: E402

STORIES = ["Norvale floods", "Eastmark quake", "Harlow fire", "Brask landslide", "Tull storm"]


def count(session: Session, table: str) -> int | None:
    if not inspect(session.get_bind()).has_table(table):
        return None
    return session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # type: ignore[call-overload]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--change", type=float, default=0.3, help="share of pages changed per round")
    ap.add_argument("--real", action="store_true", help="use python -m crawler.run")
    ap.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    rng = random.Random(args.seed)
    if args.real:
        os.environ.pop("FIGWATCH_CRAWL_COMMAND", None)
    else:
        os.environ["FIGWATCH_CRAWL_COMMAND"] = f"{sys.executable} {MINICRAWLER}"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db_url = args.db or f"sqlite:///{tmp / 'soak.db'}"
        engine = connect(db_url)
        with Site(tmp) as site:
            tolls = [rng.randint(5, 500) for _ in range(args.pages)]
            urls = [
                site.page(f"p{i}", tolls[i], STORIES[i % len(STORIES)]) for i in range(args.pages)
            ]
            alerts = (
                '[alerts]\nkinds = ["updates", "contradicts", "corrects"]\n'
                f'[[alerts.channel]]\nname = "jsonl"\ntype = "jsonl"\npath = "{tmp / "a.jsonl"}"\n'
            )
            cfg = write_config(tmp / "figwatch.toml", db_url, urls, alerts)
            daemon = Daemon(Runtime(load_config(cfg), engine, db_url, cfg))
            print(f"{'round':>5} {'articles':>8} {'verdicts':>8} {'alerts':>6} {'rss MiB':>8}")
            prev_verdicts = 0
            for n in range(1, args.rounds + 1):
                if n > 1:
                    for i in rng.sample(range(args.pages), int(args.pages * args.change)):
                        tolls[i] += rng.randint(1, 20)
                        site.page(f"p{i}", tolls[i], STORIES[i % len(STORIES)])
                stats = daemon.run_once()
                with Session(engine) as s:
                    articles = s.exec(select(func.count()).select_from(ArticleRow)).one()
                    verdicts = count(s, "verdict")
                summary = stats.crawls[0].summary if stats.crawls else {}
                changed = summary.get("new", 0) + summary.get("changed", 0)
                v = "-" if verdicts is None else str(verdicts - prev_verdicts)
                prev_verdicts = verdicts or 0
                print(
                    f"{n:>5} {changed:>8} {v:>8} {stats.delivery.delivered:>6} "
                    f"{rss_kib() / 1024:>8.1f}",
                    flush=True,
                )
            with Session(engine) as s:
                rows = s.exec(select(OutboxRow).where(OutboxRow.state == "delivered")).all()
                states = dict(
                    s.exec(select(OutboxRow.state, func.count()).group_by(OutboxRow.state)).all()
                )
        engine.dispose()
    latency = [
        (r.delivered_at - r.created_at).total_seconds() for r in rows if r.delivered_at is not None
    ]
    print()
    print(f"articles stored: {articles}  outbox: {states}")
    print(
        f"alert latency (queued → delivered), {len(latency)} alerts: "
        f"p50 {percentile(latency, 0.5):.3f}s  p99 {percentile(latency, 0.99):.3f}s"
    )


if __name__ == "__main__":
    main()
