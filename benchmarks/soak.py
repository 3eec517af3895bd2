"""Soak: the daemon with the real crawler against a local news site whose tolls change each round.

    python benchmarks/soak.py [--rounds 30] [--pages 20] [--change 0.3] [--db URL]

Each round raises the death toll on a share of the pages, runs one daemon round (the real crawler
as a child process → ingest → figures → verdicts → outbox → delivery to a webhook receiver on
127.0.0.1), and prints the articles stored, verdicts and alerts of the round with the daemon's RSS.
At the end: alert latency, from the article being fetched (its version's ``fetched_at``) to the
receiver answering 200, p50 and p99; and a check that no alert was lost or sent twice.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import func  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from benchmarks.daemon_memory import rss_kib  # noqa: E402
from figwatch.daemon import Daemon, Runtime  # noqa: E402
from monitor.config import load_config  # noqa: E402
from storage.db import connect  # noqa: E402
from storage.models import ArticleVersionRow, OutboxRow, VerdictRow  # noqa: E402
from storage.timeutil import as_utc  # noqa: E402
from tests.support.alerts import PLACES, SECRET, Receiver, Site, write_config  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q`` quantile of ``values`` (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--change", type=float, default=0.3, help="share of pages changed per round")
    ap.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    rng = random.Random(args.seed)
    os.environ.pop("FIGWATCH_CRAWL_COMMAND", None)  # the real crawler
    os.environ.pop("FIGWATCH_DATABASE_URL", None)
    os.environ["FIGWATCH_WEBHOOK_SECRET"] = SECRET
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db_url = args.db or f"sqlite:///{tmp / 'soak.db'}"
        engine = connect(db_url)
        with Site() as site, Receiver() as rx:
            tolls = [rng.randint(5, 500) for _ in range(args.pages)]
            place = [PLACES[i % len(PLACES)] for i in range(args.pages)]
            urls = [site.page(f"p{i}", tolls[i], place[i]) for i in range(args.pages)]
            alerts = (
                '[alerts]\nkinds = ["updates", "contradicts", "corrects"]\nbackoff = 0.5\n'
                f'[[alerts.channel]]\nname = "hook"\ntype = "webhook"\nurl = "{rx.url}"\n'
            )
            cfg = write_config(tmp / "figwatch.toml", db_url, urls, alerts)
            cfg.write_text(
                cfg.read_text().replace("concurrency_per_domain = 1", "concurrency_per_domain = 4")
            )
            daemon = Daemon(Runtime(load_config(cfg), engine, db_url, cfg))
            print(
                f"{'round':>5} {'stored':>6} {'verdicts':>8} {'alerts':>6} {'rss MiB':>8} "
                f"{'seconds':>7}",
                flush=True,
            )
            prev_verdicts = 0
            for n in range(1, args.rounds + 1):
                if n > 1:
                    for i in rng.sample(range(args.pages), int(args.pages * args.change)):
                        tolls[i] += rng.randint(1, 20)
                        site.page(f"p{i}", tolls[i], place[i])
                stats = daemon.run_once()
                crawl = stats.crawls[0]
                if not crawl.ok:
                    print(f"round {n}: crawl failed: {crawl.error}")
                with Session(engine) as s:
                    verdicts = s.exec(select(func.count()).select_from(VerdictRow)).one()
                stored = crawl.summary.get("stored_new", 0) + crawl.summary.get("stored_changed", 0)
                print(
                    f"{n:>5} {stored:>6} {verdicts - prev_verdicts:>8} "
                    f"{stats.delivery.delivered:>6} {rss_kib() / 1024:>8.1f} {crawl.seconds:>7.1f}",
                    flush=True,
                )
                prev_verdicts = verdicts
            bodies = rx.verified()
            with Session(engine) as s:
                fetched = dict(
                    s.exec(
                        select(VerdictRow.id, ArticleVersionRow.fetched_at).join(
                            ArticleVersionRow, VerdictRow.version_id == ArticleVersionRow.id
                        )
                    ).all()
                )
                states = dict(
                    s.exec(select(OutboxRow.state, func.count()).group_by(OutboxRow.state)).all()
                )
                verdict_kinds = dict(
                    s.exec(select(VerdictRow.kind, func.count()).group_by(VerdictRow.kind)).all()
                )
        engine.dispose()
    latency: list[float] = []
    seen: dict[str, int] = {}
    for index, body in enumerate(bodies):
        seen[body["delivery_id"]] = seen.get(body["delivery_id"], 0) + 1
        accepted = rx.accepted_at.get(index)
        for alert in body["alerts"]:
            when = fetched.get(alert["verdict_id"])
            if accepted is not None and when is not None:
                latency.append((accepted - as_utc(when)).total_seconds())
    print()
    print(f"verdicts: {json.dumps(verdict_kinds, sort_keys=True)}  outbox: {states}")
    print(
        f"webhook posts: {len(bodies)}, distinct deliveries: {len(seen)}, "
        f"repeated: {sum(1 for c in seen.values() if c > 1)}"
    )
    print(
        f"alert latency (article fetched → webhook answered), {len(latency)} alerts: "
        f"p50 {percentile(latency, 0.5):.2f}s  p99 {percentile(latency, 0.99):.2f}s  "
        f"max {max(latency, default=float('nan')):.2f}s"
    )


if __name__ == "__main__":
    main()
