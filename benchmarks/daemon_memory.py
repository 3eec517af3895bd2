"""Daemon memory over many rounds: each crawl is a child process, so the daemon should stay flat.

    python benchmarks/daemon_memory.py [--rounds 500] [--pages 5] [--change-every 3] [--no-reports]

Serves a local news site on 127.0.0.1 whose death tolls rise every few rounds, runs
``Daemon.run_once`` ``--rounds`` times — the real crawler as a child process
(``python -m crawler``: Scrapy → trafilatura → ingest → figures → verdicts → outbox), then
delivery of the ``updates`` alerts to a JSON-lines channel — and prints the daemon's RSS every 50
rounds, the growth between the first and last 50 rounds, and the crawl children's peak RSS.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from figwatch.daemon import Daemon, Runtime  # noqa: E402
from monitor.config import load_config  # noqa: E402
from storage.db import connect  # noqa: E402
from tests.support.alerts import PLACES, Site, write_config  # noqa: E402


def rss_kib() -> int:
    """This process's resident set size in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=500)
    ap.add_argument("--pages", type=int, default=5)
    ap.add_argument("--change-every", type=int, default=3, help="rewrite the pages every N rounds")
    ap.add_argument(
        "--no-reports", action="store_true", help="crawl + deliver only (skip writing reports)"
    )
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    os.environ.pop("FIGWATCH_CRAWL_COMMAND", None)  # the real crawler
    os.environ.pop("FIGWATCH_DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db_url = f"sqlite:///{tmp / 'bench.db'}"
        engine = connect(db_url)
        with Site() as site:
            place = [PLACES[i % len(PLACES)] for i in range(args.pages)]
            urls = [site.page(f"p{i}", 100 + i, place[i]) for i in range(args.pages)]
            alerts = "[alerts]\n" + (
                f'[[alerts.channel]]\nname = "jsonl"\ntype = "jsonl"\npath = "{tmp / "a.jsonl"}"\n'
            )
            cfg = write_config(tmp / "figwatch.toml", db_url, urls, alerts)
            daemon = Daemon(Runtime(load_config(cfg), engine, db_url, cfg))
            samples: list[int] = []
            alerts_total = 0
            child_peaks: list[int] = []
            t0 = time.monotonic()
            stored = 0
            print(f"{'round':>6} {'rss KiB':>9} {'stored':>9} {'alerts':>7} {'s/round':>8}")
            for n in range(1, args.rounds + 1):
                if n % args.change_every == 0:
                    for i in range(args.pages):
                        site.page(f"p{i}", 100 + i + n, place[i])
                stats = daemon.run_once(["local"] if args.no_reports else None)
                if not all(c.ok for c in stats.crawls):
                    print(f"round {n}: crawl failed: {[c.error for c in stats.crawls]}")
                    return
                alerts_total += stats.delivery.delivered
                samples.append(rss_kib())
                child_peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
                summary = stats.crawls[0].summary
                stored += summary.get("stored_new", 0) + summary.get("stored_changed", 0)
                if n % 50 == 0 or n == 1:
                    print(
                        f"{n:>6} {samples[-1]:>9} {stored:>9} "
                        f"{alerts_total:>7} {(time.monotonic() - t0) / n:>8.2f}",
                        flush=True,
                    )
        engine.dispose()
    window = min(50, len(samples) // 2 or 1)
    first = statistics.median(samples[:window])
    last = statistics.median(samples[-window:])
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print()
    print(f"rounds: {len(samples)}  article versions stored: {stored}  alerts: {alerts_total}")
    print(f"daemon RSS after round 1: {samples[0] / 1024:.1f} MiB")
    print(f"daemon RSS median, first {window} rounds: {first / 1024:.1f} MiB")
    print(f"daemon RSS median, last  {window} rounds: {last / 1024:.1f} MiB")
    print(f"growth: {(last - first) / 1024:+.1f} MiB ({(last - first) / first * 100:+.1f}%)")
    print(f"peak RSS of one crawl child: {child_peak / 1024:.1f} MiB (freed when it exits)")
    print(
        f"children's peak RSS after round 1: {child_peaks[0] / 1024:.1f} MiB, after the last: "
        f"{child_peaks[-1] / 1024:.1f} MiB (largest child so far; each one's memory is freed "
        "when it exits)"
    )
    print(
        "alternative (one long-lived Twisted reactor in the daemon): the reactor cannot be "
        "restarted, and the daemon would keep a crawl's peak (the child peak above) for good."
    )


if __name__ == "__main__":
    main()
