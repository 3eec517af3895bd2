"""Near-duplicate index benchmark: our table index vs simhash.SimhashIndex vs NumPy brute force.

Builds each index over N synthetic 64-bit fingerprints (uniformly random, plus planted near-copies
at Hamming distance 0-5 of indexed ones), then times inserts and queries. Recall of our index is
checked against a brute-force popcount scan: it must be 100% for distance <= k.

    python -m benchmarks.neardup --n 10000 100000           # quick
    python -m benchmarks.neardup --n 1000000 --queries 2000  # the recorded run (minutes)
    python -m benchmarks.neardup --n 100000 --pg postgresql+psycopg://postgres@127.0.0.1/test
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import delete, text  # noqa: E402

from storage.db import connect  # noqa: E402
from storage.models.dedup import NearDupKeyRow  # noqa: E402
from storage.neardup import Layout, NearDupIndex  # noqa: E402

SPACE = 901  # a benchmark-only space of the neardup_key table
BATCH = 20_000


def rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def flip(fp: int, d: int, rng: np.random.Generator) -> int:
    for bit in rng.choice(64, size=d, replace=False):
        fp ^= 1 << int(bit)
    return fp


def dataset(n: int, queries: int, seed: int = 7) -> tuple[np.ndarray, list[int]]:
    """N fingerprints (10% planted near-copies at distance 0-5) and query fingerprints."""
    rng = np.random.default_rng(seed)
    fps = rng.integers(0, 2**64 - 1, size=n, dtype=np.uint64, endpoint=True)
    planted = n // 10
    src = rng.integers(0, n - planted, size=planted)
    for i, s in enumerate(src):
        fps[n - planted + i] = np.uint64(flip(int(fps[s]), int(rng.integers(0, 6)), rng))
    qs = [
        flip(int(fps[int(rng.integers(0, n))]), int(rng.integers(0, 6)), rng)
        for _ in range(queries)
    ]
    return fps, qs


def brute(fps: np.ndarray, q: int, k: int) -> set[int]:
    d = np.bitwise_count(fps ^ np.uint64(q))
    return set(np.nonzero(d <= k)[0].tolist())


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def bench_db(url: str, fps: np.ndarray, qs: list[int], layout: Layout, label: str) -> dict:
    engine = connect(url)
    index = NearDupIndex(SPACE, layout)
    table = NearDupKeyRow.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(delete(table).where(table.c.space == SPACE))
    t0 = time.perf_counter()
    for start in range(0, len(fps), BATCH):
        with engine.begin() as conn:
            index.add_many(
                conn, ((start + i, int(v)) for i, v in enumerate(fps[start : start + BATCH]))
            )
    bulk = time.perf_counter() - t0
    # One-at-a-time inserts, each its own transaction (what ingest does).
    single = []
    extra = np.random.default_rng(1).integers(0, 2**63, size=200)
    for j, v in enumerate(extra):
        t = time.perf_counter()
        with engine.begin() as conn:
            index.add(conn, 10**12 + j, int(v))
        single.append(time.perf_counter() - t)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE neardup_key"))
    times, results = [], []
    with engine.connect() as conn:
        for q in qs[:20]:
            index.query(conn, q)  # warm up
        for q in qs:
            t = time.perf_counter()
            found = index.query(conn, q)
            times.append(time.perf_counter() - t)
            results.append({m.item_id for m in found if m.item_id < 10**12})
    size = None
    if engine.dialect.name == "sqlite":
        size = Path(engine.url.database).stat().st_size  # type: ignore[arg-type]
    else:
        with engine.connect() as conn:
            size = conn.execute(text("select pg_total_relation_size('neardup_key')")).scalar()
    with engine.begin() as conn:
        conn.execute(delete(table).where(table.c.space == SPACE))
    engine.dispose()
    return {
        "label": label,
        "bulk_s": bulk,
        "single_ms": statistics.median(single) * 1000,
        "p50": pct(times, 0.5) * 1000,
        "p95": pct(times, 0.95) * 1000,
        "p99": pct(times, 0.99) * 1000,
        "results": results,
        "bytes_per_fp": (size or 0) / len(fps),
    }


def bench_simhashindex(fps: np.ndarray, qs: list[int], k: int) -> dict:
    from simhash import Simhash, SimhashIndex

    gc.collect()
    before = rss_bytes()
    t0 = time.perf_counter()
    idx = SimhashIndex([], f=64, k=k)
    for i, v in enumerate(fps):
        idx.add(str(i), Simhash(int(v)))
    build = time.perf_counter() - t0
    mem = rss_bytes() - before
    times, results = [], []
    for q in qs:
        t = time.perf_counter()
        got = idx.get_near_dups(Simhash(q))
        times.append(time.perf_counter() - t)
        results.append({int(x) for x in got})
    del idx
    gc.collect()
    return {
        "build_s": build,
        "p50": pct(times, 0.5) * 1000,
        "p95": pct(times, 0.95) * 1000,
        "results": results,
        "bytes_per_fp": mem / len(fps),
    }


def bench_numpy(fps: np.ndarray, qs: list[int], k: int) -> dict:
    times = []
    for q in qs:
        t = time.perf_counter()
        brute(fps, q, k)
        times.append(time.perf_counter() - t)
    return {"p50": pct(times, 0.5) * 1000, "p95": pct(times, 0.95) * 1000, "bytes_per_fp": 8.0}


@contextmanager
def private_pg_schema(url: str) -> Iterator[str]:
    """A URL on a fresh PostgreSQL schema, dropped afterwards (sizes are not polluted by bloat)."""
    from sqlalchemy import create_engine

    schema = f"neardup_bench_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(n: int, args: argparse.Namespace, layout: Layout) -> None:
    fps, qs = dataset(n, args.queries)
    truth = [brute(fps, q, layout.k) for q in qs]
    total = sum(len(t) for t in truth)
    print(
        f"\n=== N = {n:,}  ({len(qs)} queries, {total} true matches at distance <= {layout.k}) ==="
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        dbs = [] if args.no_sqlite else [(f"sqlite:///{tmp}/bench.db", "table index, SQLite")]
        if args.pg:
            dbs.append((stack.enter_context(private_pg_schema(args.pg)), "table index, PostgreSQL"))
        for url, label in dbs:
            r = bench_db(url, fps, qs, layout, label)
            hit = sum(len(t & f) for t, f in zip(truth, r["results"], strict=True))
            exact = all(t == f for t, f in zip(truth, r["results"], strict=True))
            rows.append(r)
            print(
                f"{label:26} load {r['bulk_s']:7.1f} s ({n / r['bulk_s']:8.0f} fp/s)  "
                f"single insert+commit p50 {r['single_ms']:6.2f} ms  "
                f"query p50 {r['p50']:.3f} ms p95 {r['p95']:.3f} p99 {r['p99']:.3f}  "
                f"recall {hit / total if total else 1:.4f} exact={exact}  "
                f"{r['bytes_per_fp']:.0f} B/fp on disk"
            )
    if not args.no_simhashindex:
        s = bench_simhashindex(fps, qs, layout.k)
        hit = sum(len(t & f) for t, f in zip(truth, s["results"], strict=True))
        print(
            f"{'simhash.SimhashIndex':26} build {s['build_s']:6.1f} s (in memory, every start)  "
            f"query p50 {s['p50']:.3f} ms p95 {s['p95']:.3f}  recall {hit / total if total else 1:.4f}  "
            f"{s['bytes_per_fp']:.0f} B/fp RAM"
        )
        for r in rows:
            print(
                f"  -> {r['label']}: query {s['p50'] / r['p50']:.1f}x SimhashIndex; "
                f"ready at start instantly vs {s['build_s']:.1f} s rebuild"
            )
    nb = bench_numpy(fps, qs, layout.k)
    print(
        f"{'NumPy brute-force popcount':26} query p50 {nb['p50']:.3f} ms p95 {nb['p95']:.3f}  "
        f"recall 1.0000 (it is the truth)  {nb['bytes_per_fp']:.0f} B/fp RAM"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description="near-duplicate index benchmark")
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--widths", type=str, default="", help="block widths, e.g. 16,16,16,16")
    ap.add_argument("--pg", type=str, default="", help="also run on this PostgreSQL URL")
    ap.add_argument("--no-simhashindex", action="store_true")
    ap.add_argument("--no-sqlite", action="store_true")
    args = ap.parse_args()
    layout = (
        Layout(args.k, tuple(int(w) for w in args.widths.split(",")))
        if args.widths
        else Layout.even(args.k)
    )
    print(f"layout: k={layout.k}, blocks={layout.widths}")
    for n in args.n:
        run(n, args, layout)


if __name__ == "__main__":
    main()
