"""Scale benchmark: N synthetic articles in SQLite and PostgreSQL, and distributed crawl throughput.

    python benchmarks/scale.py --n 10000                      # quick run
    python benchmarks/scale.py --n 1000000 --skip-crawl       # the storage half at 10^6
    python benchmarks/scale.py --skip-store --workers 1,2,4   # the crawl half only

Storage (per backend, on a fresh database migrated by storage.db.connect):
  1. bulk load N - 2 x sample articles (article, version, one figure and its verdict, a 64-bit simhash
     fingerprint as four indexed 16-bit blocks) — COPY on PostgreSQL, executemany on SQLite;
  2. full-path ingest rate at that size: ``--sample`` articles through ``monitor.ingest.ingest``
     (lock, article, version, figure extraction, verdict, outbox), one transaction each, after
     ``WARM`` untimed ones: published after the bulk (at their series' ends, as news mostly
     arrives), then ``--sample`` more published at ``LATE_START`` (late arrivals: inside the
     bulk's span, read whole), with the CPU time per article of each;
  3. near-duplicate lookup p50/p99: candidates by block equality, confirmed by popcount (k=3),
     for fingerprints that are near-copies of stored ones and for unseen ones;
  4. verdict lookup p50/p99: a whole series read (every figure of one series key,
     ``monitor.verdicts.record._load_series``; ingest reads this once per series and then keeps
     the series in memory, ``monitor.verdicts.held``) for keys drawn from a skewed (Zipf-like)
     distribution, on the schema's indexes (the composite (comparison_key, as_of, id) among them);
  5. series lookup as ingest does it per article when the series is not held in memory and the
     article comes at its end (``monitor.verdicts.tail``: the kept state and the live values the
     judge reads, by key and by value), same keys, one transaction each;
  6. database size per article.
Crawl throughput: a local site of ``--pages`` article pages split into sources; for each worker
count, that many ``figwatch worker -n 1`` processes (Redis broker, PostgreSQL store) crawl every
source once; pages/s from the first enqueue to the last article stored.

Fingerprints go into storage.neardup's table (``neardup_key``, the space monitor.dedup uses), and
lookups are ``NearDupIndex.query``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import (  # noqa: E402
    Table,
    create_engine,
    select,
    text,
)
from sqlalchemy.engine import Engine  # noqa: E402

from monitor.article import Article  # noqa: E402
from monitor.dedup.index import _index as _dedup_index  # noqa: E402
from monitor.ingest import ingest  # noqa: E402
from storage.db import connect  # noqa: E402
from storage.models import ArticleRow, ArticleVersionRow  # noqa: E402
from storage.models.dedup import NearDupKeyRow  # noqa: E402
from storage.models.figures import FigureRow, VerdictRow  # noqa: E402
from storage.models.series import SeriesValueRow  # noqa: E402

NEARDUP = _dedup_index()  # the index monitor.dedup uses (same table, same space)
PG_ADMIN = os.environ.get("FIGWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SYL1 = [
    "Kel",
    "Mar",
    "Bran",
    "Tor",
    "Wil",
    "Ash",
    "Hal",
    "Dun",
    "Fen",
    "Gor",
    "Ist",
    "Jar",
    "Lar",
    "Mos",
    "Net",
    "Oak",
    "Pel",
    "Quar",
    "Rus",
    "Stav",
]
SYL2 = ["ber", "mer", "ling", "dre", "sel", "wick", "ham", "ton", "ley", "by"]
SYL3 = ["ford", "dale", "mouth", "stead", "field", "bridge", "holm", "wood", "gate", "moor"]
PLACE_NAMES = [a + b + c for a in SYL1 for b in SYL2 for c in SYL3]  # 2,000 invented places
FILLER = [
    "Volunteers ferried elderly neighbours across the market square in flat-bottomed boats "
    "while the water kept rising past the bakery steps.",
    "Officials said the shelters at the grammar school and the old tram depot were full by dawn "
    "and a third would open at the ice rink before the evening tide.",
    "The county engineer said the embankment had been inspected in the spring and that a report "
    "on the breach would be published once the water had gone down.",
    "Shopkeepers along the high street stacked sandbags against their doors and moved stock to "
    "upper floors as the river crept towards the bridge.",
]


#: when the late-arrival sample is published (the earlier passes' one ingest sample): inside the
#: bulk's span at 10^6 (it ends now and starts ~694 days back), before all of it at 10^5 or less
LATE_START = datetime(2026, 1, 1, tzinfo=UTC)
#: articles ingested (untimed) before the timed samples: the grammar, gazetteer and caches load
WARM = 5


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


_CUM: dict[int, list[float]] = {}


def place_for(rng: random.Random, n_places: int) -> str:
    """A place drawn Zipf (s=1) over ``n_places``: a few big stories, a long tail.

    With 2,000 places the biggest story holds ~12 % of all figures, the top ten ~36 %.
    """
    if n_places not in _CUM:
        total, cum = 0.0, []
        for rank in range(1, n_places + 1):
            total += 1.0 / rank
            cum.append(total)
        _CUM[n_places] = cum
    return rng.choices(PLACE_NAMES[:n_places], cum_weights=_CUM[n_places])[0]


def article_text(rng: random.Random, place: str, value: int) -> str:
    paras = [f"Floods in {place} have killed {value} people, the relief office said on Monday."]
    paras += rng.choices(FILLER, k=6)
    return "\n\n".join(paras)


# --- databases ----------------------------------------------------------------------------------


class Backend:
    """A fresh database of one kind; ``close()`` drops it."""

    def __init__(self, kind: str, workdir: Path) -> None:
        self.kind = kind
        self.schema: str | None = None
        if kind == "sqlite":
            self.path = workdir / f"scale-{uuid.uuid4().hex[:6]}.db"
            self.url = f"sqlite:///{self.path}"
        else:
            self.schema = "bench_" + uuid.uuid4().hex[:10]
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
            admin.dispose()
            self.url = f"{PG_ADMIN}?options=-csearch_path%3D{self.schema}"
        self.engine: Engine = connect(self.url)

    def size(self) -> int:
        """Bytes on disk for every table and index."""
        if self.kind == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return sum(
                p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file()
            )
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    text(
                        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = :s AND c.relkind = 'r'"
                    ),
                    {"s": self.schema},
                ).scalar()
            )

    def analyze(self) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()

    def close(self, keep: bool = False) -> None:
        self.engine.dispose()
        if keep:
            return
        if self.kind == "sqlite":
            for p in self.path.parent.glob(self.path.name + "*"):
                p.unlink()
        else:
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            admin.dispose()


def bulk(engine: Engine, table: Table, rows: list[tuple] | list[dict]) -> None:
    """Insert ``rows`` (tuples in column order, or dicts by column name, the columns they leave
    out NULL): COPY on PostgreSQL, executemany on SQLite."""
    cols = [c.name for c in table.columns]
    if rows and isinstance(rows[0], dict):
        rows = [tuple(r.get(c) for c in cols) for r in rows]  # type: ignore[union-attr]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            raw = conn.connection.driver_connection
            with (
                raw.cursor() as cur,
                cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in cols)
            conn.connection.driver_connection.executemany(
                f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({marks})", rows
            )


# --- the storage benchmark ----------------------------------------------------------------------


def full_ingest(
    b: Backend,
    rng: random.Random,
    count: int,
    n_places: int,
    offset: int = 0,
    start: datetime = LATE_START,
) -> dict[str, float]:
    """Articles through the real ingest path, one transaction each, published a minute apart
    from ``start`` (after the bulk: at their series' ends, as news mostly arrives; at
    ``LATE_START``: inside or before them, late arrivals that read their series whole)."""
    t0, c0 = time.perf_counter(), time.process_time()
    verdicts = 0
    for i in range(offset, offset + count):
        place = place_for(rng, n_places)
        art = Article(
            url=f"https://outlet{i % 97}.example/full/{i}",
            text=article_text(rng, place, 100 + rng.randrange(900)),
            title=f"Floods in {place}",
            source="bench",
            published=start + timedelta(minutes=i),
        )
        verdicts += len(ingest(art, b.engine).verdicts)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"articles": count, "seconds": seconds, "per_s": count / seconds, "verdicts": verdicts,
            "cpu_ms": 1000 * cpu / max(1, count)}  # fmt: skip


def series_value(key: str, fid: int, value: int) -> dict[str, object]:
    """The ``series_value`` row of a bulk figure (an exact count, the relief office's)."""
    from monitor.figures.model import Figure
    from monitor.verdicts.judge import StoredFigure
    from monitor.verdicts.tail import value_row

    fig = Figure(low=float(value), high=float(value), text=str(value), measure="killed")
    return value_row(key, StoredFigure(fig, id=fid), True)


def series_states(b: Backend, recent_of: dict[str, deque[int]], rows: dict[str, int]) -> None:
    """Each bulk series' kept state: its latest value is its last one, live, and its newest live
    values are its last ones (``tail.RECENT``); ``rows``: its figures (a verdict each)."""
    from sqlmodel import Session

    from monitor.verdicts import tail

    with Session(b.engine) as session:
        last = {ids[-1]: key for key, ids in recent_of.items()}
        for fig in tail._figures(session, last):
            latest = dict.fromkeys(tail.categories(fig), fig.id)
            latest.update(tail._recent(reversed(recent_of[last[fig.id]])))
            n, at = rows[last[fig.id]], fig.order()
            try:
                tail._put_state(session, fig.key or "", at, latest, (n, n))  # type: ignore[arg-type]
            except TypeError:  # (code before the kept counts: for side-by-side runs)
                tail._put_state(session, fig.key or "", at, latest)  # type: ignore[arg-type]
        session.commit()


def bulk_load(
    b: Backend, rng: random.Random, start: int, n: int, n_places: int, batch: int = 20000
) -> tuple[dict[str, float], list[int], list[str]]:
    """Bulk rows for articles ``start+1 .. n``; returns timing, some fingerprints and keys."""
    art_t, ver_t = ArticleRow.__table__, ArticleVersionRow.__table__  # type: ignore[attr-defined]
    fig_t, vrd_t = FigureRow.__table__, VerdictRow.__table__  # type: ignore[attr-defined]
    with b.engine.connect() as conn:
        base = {
            t.name: int(conn.execute(select(t.c.id).order_by(t.c.id.desc()).limit(1)).scalar() or 0)
            for t in (art_t, ver_t, fig_t, vrd_t)
        }
    now = datetime.now(UTC)
    fps: list[int] = []
    keys: list[str] = []
    from monitor.verdicts.judge import PEAK_WINDOW

    # each series' newest values, oldest first (its kept state holds them: ``tail.RECENT``)
    recent_of: dict[str, deque[int]] = {}
    rows_of: dict[str, int] = {}
    t0 = time.perf_counter()
    text_bytes = 0
    for lo in range(start, n, batch):
        hi = min(n, lo + batch)
        arts, vers, figs, vrds, fpb, svs = [], [], [], [], [], []
        for i in range(lo, hi):
            aid, vid = base["article"] + i - start + 1, base["article_version"] + i - start + 1
            fid, did = base["figure"] + i - start + 1, base["verdict"] + i - start + 1
            place = place_for(rng, n_places)
            value = 100 + rng.randrange(900)
            body = article_text(rng, place, value)
            text_bytes += len(body)
            url = f"https://outlet{i % 997}.example/news/{i}"
            published = now - timedelta(minutes=n - i)
            key = f"killed|-|{place.lower()}|cumulative"
            if fps and rng.random() < 0.1:  # a near-copy of an earlier article
                fp = fps[rng.randrange(len(fps))]
                for _ in range(rng.randrange(4)):
                    fp ^= 1 << rng.randrange(64)
            else:
                fp = rng.getrandbits(64)
            if len(fps) < 200_000:
                fps.append(fp)
            if i % 50 == 0:
                keys.append(key)
            sentence = body.split("\n", 1)[0]
            chash = f"{rng.getrandbits(128):032x}"
            arts.append(
                (aid, url, url.split("/")[2], "bench", f"Floods in {place}", published,
                 published, published, 1, vid)
            )  # fmt: skip
            vers.append(
                (vid, aid, 1, chash, None, len(body), None, body, f"Floods in {place}", None,
                 None, "en", published, url, published)
            )  # fmt: skip
            host = url.split("/")[2]
            figs.append({
                "id": fid, "article_id": aid, "version_id": vid, "url": url, "site": host,
                "source_key": host, "published": published, "kind": "count", "measure": "killed",
                "group_text": "people", "place": place, "scope_kind": "cumulative",
                "scope_end": published.date(), "scope_label": "", "scope_vague": False,
                "as_of": published.date(), "low": float(value), "high": float(value),
                "text": str(value), "sentence": sentence, "char_start": 16,
                "char_end": 16 + len(str(value)), "claimant_org": "relief office",
                "claimant_key": "o:relief office", "comparison_key": key, "rule": "bench",
                "data": "{}", "created_at": published, "modality": "count", "event": True,
                "series_note": "",
            })  # fmt: skip
            vrds.append(
                (did, "new", fid, None, aid, vid, None, key, "", sentence, None, url, None, 1,
                 f"verdict:{fid}", "{}", published)
            )  # fmt: skip
            # the series' kept state (``monitor.verdicts.tail``): every value live ("new")
            svs.append(series_value(key, fid, value))
            recent_of.setdefault(key, deque(maxlen=PEAK_WINDOW)).append(fid)
            rows_of[key] = rows_of.get(key, 0) + 1
            fpb.extend(
                (r["space"], r["bkey"], r["fp"], r["item_id"]) for r in NEARDUP.rows(aid, fp)
            )
        bulk(b.engine, art_t, arts)
        bulk(b.engine, ver_t, vers)
        bulk(b.engine, fig_t, figs)
        bulk(b.engine, vrd_t, vrds)
        bulk(b.engine, NearDupKeyRow.__table__, fpb)  # type: ignore[attr-defined]
        bulk(b.engine, SeriesValueRow.__table__, svs)  # type: ignore[attr-defined]
    series_states(b, recent_of, rows_of)
    if b.kind == "postgresql":
        with b.engine.begin() as conn:
            for t in (art_t, ver_t, fig_t, vrd_t):
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), :v)"),
                    {"v": base[t.name] + n - start},
                )
    seconds = time.perf_counter() - t0
    loaded = n - start
    stats = {
        "articles": loaded,
        "seconds": seconds,
        "per_s": loaded / seconds if seconds else 0.0,
        "text_bytes_per_article": text_bytes / max(1, loaded),
    }
    return stats, fps, keys


def neardup_lookups(b: Backend, rng: random.Random, fps: list[int], count: int) -> dict[str, float]:
    """``storage.neardup`` lookups: candidates by block key, confirmed by popcount <= 3."""
    times: list[float] = []
    found = 0
    with b.engine.connect() as conn:
        for i in range(count):
            if i % 2 == 0 and fps:
                fp = fps[rng.randrange(len(fps))]
                for _ in range(rng.randrange(4)):
                    fp ^= 1 << rng.randrange(64)
            else:
                fp = rng.getrandbits(64)
            t0 = time.perf_counter()
            hits = NEARDUP.query(conn, fp)
            times.append(time.perf_counter() - t0)
            found += bool(hits)
    return _lat(times) | {"hit_rate": found / max(1, count)}


def verdict_lookups(
    b: Backend, rng: random.Random, keys: list[str], count: int
) -> dict[str, float]:
    """The series read of ``monitor.verdicts.record`` (``_load_series``: every figure of one
    series key, judged columns only, rebuilt) for skewed keys: what ingest reads when a series is
    not held in memory yet (``monitor.verdicts.held``)."""
    from sqlmodel import Session

    from monitor.verdicts.record import _load_series

    times: list[float] = []
    rows_seen = 0
    with Session(b.engine) as session:
        for _ in range(count):
            key = keys[rng.randrange(len(keys))]
            t0 = time.perf_counter()
            rows = _load_series(session, key)
            times.append(time.perf_counter() - t0)
            rows_seen += len(rows)
            session.rollback()
    return _lat(times) | {"rows_mean": rows_seen / max(1, count)}


def tail_lookups(b: Backend, rng: random.Random, keys: list[str], count: int) -> dict[str, float]:
    """The series read ingest does per article when the series is not held in memory and the
    article comes at its end (``monitor.verdicts.tail.read``: the kept state, the live values a
    new value agrees with, by value, and the latest ones the judge reads, in one statement), one
    transaction per lookup, for skewed keys and a new value of the relief office after all the
    series."""
    from sqlmodel import Session

    from monitor.figures.model import Claimant, Figure
    from monitor.verdicts import tail
    from monitor.verdicts.judge import StoredFigure

    times: list[float] = []
    read = 0
    later = datetime.now(UTC) + timedelta(days=1)
    who = Claimant(org="relief office", key="o:relief office")
    for i in range(count):
        key = keys[rng.randrange(len(keys))]
        value = float(100 + rng.randrange(900))
        fig = Figure(low=value, high=value, text=str(int(value)), measure="killed",
                     claimant=who, published=later)  # fmt: skip
        new = StoredFigure(fig, id=-1 - i, article_id=-1, version_id=-1, url="https://x/", key=key)
        with Session(b.engine) as session:
            t0 = time.perf_counter()
            if hasattr(tail, "read"):
                kept, now, _ = tail.read(session, key, [new])
            else:  # (the code before ``tail.read``: three statements; for side-by-side runs)
                kept = tail.state(session, key)
                now = tail.live_before(session, key, kept, [new])  # type: ignore[arg-type]
            times.append(time.perf_counter() - t0)
            assert tail.at_end(kept, [new])
            read += len(now)
            session.rollback()
    return _lat(times) | {"rows_mean": read / max(1, count)}


def _lat(times: list[float]) -> dict[str, float]:
    ms = [t * 1000 for t in times]
    return {"p50_ms": statistics.median(ms), "p99_ms": pct(ms, 99), "n": len(ms)}


def store_bench(kind: str, args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    rng = random.Random(args.seed)
    n_places = max(50, min(len(PLACE_NAMES), args.n // 500))
    b = Backend(kind, workdir)
    try:
        sample = min(args.sample, args.n // 2)
        out: dict[str, object] = {"backend": kind, "n": args.n}
        # bulk first, so the full-path ingest runs against a store of ~N articles
        load, fps, keys = bulk_load(b, rng, 0, args.n - 2 * sample, n_places)
        out["bulk_load"] = load
        b.analyze()
        # untimed warm-up (imports, the gazetteer, compiled statements: a daemon pays them once)
        after = datetime.now(UTC) + timedelta(days=1)  # after every bulk article
        full_ingest(b, rng, WARM, n_places, offset=-WARM, start=after)
        out["ingest"] = full_ingest(b, rng, sample, n_places, start=after)
        out["ingest_late"] = full_ingest(b, rng, sample, n_places, offset=sample)
        neardup_lookups(b, rng, fps, 50)  # warm the cache
        out["neardup"] = neardup_lookups(b, rng, fps, args.lookups)
        keys = keys or ["killed|-|x|cumulative"]
        out["verdict"] = verdict_lookups(b, rng, keys, args.lookups)
        out["tail"] = tail_lookups(b, rng, keys, args.lookups)
        size = b.size()
        out["bytes_per_article"] = size / args.n
        out["db_mib"] = size / 2**20
        return out
    finally:
        b.close(keep=args.keep)


# --- the crawl benchmark ------------------------------------------------------------------------


def _children_cpu() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _idle_worker_cpu(cfg: Path, env: dict[str, str], workdir: Path) -> float:
    """CPU seconds of a worker that starts, becomes ready and stops without work."""
    before = _children_cpu()
    log = workdir / "idle.log"
    with open(log, "w") as fh:
        p = subprocess.Popen(
            [sys.executable, "-m", "figwatch", "--config", str(cfg), "worker", "-n", "1",
             "--hostname", "idle@bench"],
            cwd=REPO, env=env, stdout=fh, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and " ready." not in log.read_text(errors="replace"):
            time.sleep(0.2)
        p.terminate()
        p.wait(30)
    return _children_cpu() - before


def _crawl_round(
    args: argparse.Namespace,
    workdir: Path,
    b: Backend,
    sources: dict[str, list[str]],
    base: str,
    workers: int,
    run: str,
    prefix: str,
    queue: str,
    total: int,
    idle_cpu: float,
) -> dict[str, float]:
    """One crawl of every source by ``workers`` single-slot workers."""
    from figwatch.distributed import enqueue_crawl, make_app
    from monitor.config import load_config

    cfg = workdir / f"bench-{run}.toml"
    lines = [
        f'[storage]\ndatabase_url = "{b.url}"\n',
        "[crawl]\nautothrottle = false\nobey_robots = false\nconcurrency_per_domain = 8\n",
        f'[distributed]\nbroker_url = "{args.redis}"\nqueue = "{queue}"\n'
        f'redis_key_prefix = "{prefix}"\ndeliver_after_crawl = false\n',
    ]
    for name, paths in sources.items():
        urls = ", ".join(f'"{base}{p}"' for p in paths)
        lines.append(
            f'[[source]]\nname = "{name}"\nkind = "pages"\nurls = [{urls}]\nallow_private = true\n'
        )
    cfg.write_text("\n".join(lines), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("FIGWATCH_DATABASE_URL", None)
    if idle_cpu < 0:
        idle_cpu = _idle_worker_cpu(cfg, env, workdir)
    procs, logs = [], []
    for w in range(workers):
        log = workdir / f"w{run}-{w}.log"
        logs.append(log)
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "figwatch", "--config", str(cfg), "worker",
                 "-n", "1", "--hostname", f"b{w}@{run}"],
                cwd=REPO, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
            )
        )  # fmt: skip
    stored, seconds = 0, 0.0
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not all(
            " ready." in log.read_text(errors="replace") for log in logs
        ):
            time.sleep(0.2)
        app = make_app(load_config(cfg))
        cpu0 = _children_cpu()
        t0 = time.perf_counter()
        for name in sources:
            enqueue_crawl(app, cfg, name, b.url)
        deadline = time.monotonic() + args.crawl_timeout
        while time.monotonic() < deadline:
            with b.engine.connect() as conn:
                stored = conn.execute(text("SELECT count(*) FROM article")).scalar() or 0
            if stored >= total:
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - t0
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    # CPU of the workers, their pool processes and crawl children (all reaped by now), less
    # each worker's own start-up and shutdown (an idle worker's CPU)
    cpu = _children_cpu() - cpu0 - workers * idle_cpu
    return {
        "workers": workers,
        "pages": stored,
        "seconds": seconds,
        "pages_per_s": stored / seconds if seconds else 0.0,
        "cpu_s_per_page": cpu / max(1, stored),
        "idle_cpu": idle_cpu,
    }


def crawl_bench(args: argparse.Namespace, workdir: Path) -> list[dict[str, float]]:
    import redis

    from tests.support.sites import LocalSite, Page, article_html

    site = LocalSite().start()
    rng = random.Random(args.seed)
    per_source = max(1, args.pages // args.sources)
    sources: dict[str, list[str]] = {}
    for s in range(args.sources):
        paths = []
        for j in range(per_source):
            place = PLACE_NAMES[(s * per_source + j) % len(PLACE_NAMES)]
            path = f"/s{s}/{j}.html"
            paras = article_text(rng, place, 100 + j).split("\n\n")
            site.pages[path] = Page(article_html(f"Floods in {place}", paras).encode())
            paths.append(path)
        sources[f"s{s}"] = paths
    total = per_source * args.sources
    results = []
    idle_cpu = -1.0
    client = redis.Redis.from_url(args.redis)
    try:
        for workers in args.workers:
            b = Backend("postgresql", workdir)
            run = uuid.uuid4().hex[:8]
            prefix, queue = f"fwbench-{run}:", f"figwatch.bench.{run}"
            try:
                results.append(
                    _crawl_round(args, workdir, b, sources, site.base, workers, run, prefix,
                                 queue, total, idle_cpu)
                )  # fmt: skip
                idle_cpu = results[-1].pop("idle_cpu")
                print(json.dumps({"crawl": results[-1]}), flush=True)
            finally:
                for key in client.scan_iter(match=prefix + "*"):
                    client.delete(key)
                b.close()
    finally:
        site.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles in the store")
    parser.add_argument("--sample", type=int, default=1000, help="articles via the full ingest")
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--pages", type=int, default=240)
    parser.add_argument("--sources", type=int, default=8)
    parser.add_argument("--crawl-timeout", type=float, default=600)
    parser.add_argument(
        "--redis", default=os.environ.get("FIGWATCH_BENCH_REDIS", "redis://127.0.0.1:6379/14")
    )
    parser.add_argument("--skip-store", action="store_true")
    parser.add_argument("--skip-crawl", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.workers = [int(w) for w in args.workers.split(",") if w]
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="figwatch-scale-") as tmp:
        workdir = Path(tmp)
        if not args.skip_store:
            for kind in [k for k in args.backends.split(",") if k]:
                res = store_bench(kind, args, workdir)
                results[kind] = res
                print(json.dumps(res, default=float), flush=True)
        if not args.skip_crawl:
            results["crawl"] = crawl_bench(args, workdir)
    print_table(results)
    return 0


def print_table(results: dict[str, object]) -> None:
    """The numbers side by side."""
    stores = [r for k, r in results.items() if k != "crawl" and isinstance(r, dict)]
    if stores:
        print(f"\n{'':34}" + "".join(f"{r['backend']:>14}" for r in stores))
        rows = [
            ("full ingest, articles/s", lambda r: r["ingest"]["per_s"]),
            ("full ingest, CPU ms per article", lambda r: r["ingest"]["cpu_ms"]),
            ("late arrivals ingest, articles/s", lambda r: r["ingest_late"]["per_s"]),
            ("late arrivals, CPU ms per article", lambda r: r["ingest_late"]["cpu_ms"]),
            ("bulk load, articles/s", lambda r: r["bulk_load"]["per_s"]),
            ("near-dup lookup p50 ms", lambda r: r["neardup"]["p50_ms"]),
            ("near-dup lookup p99 ms", lambda r: r["neardup"]["p99_ms"]),
            ("verdict lookup p50 ms", lambda r: r["verdict"]["p50_ms"]),
            ("verdict lookup p99 ms", lambda r: r["verdict"]["p99_ms"]),
            ("verdict lookup, figures per series", lambda r: r["verdict"]["rows_mean"]),
            ("series read by key p50 ms", lambda r: r["tail"]["p50_ms"]),
            ("series read by key p99 ms", lambda r: r["tail"]["p99_ms"]),
            ("series read by key, values read", lambda r: r["tail"]["rows_mean"]),
            ("bytes per article", lambda r: r["bytes_per_article"]),
            ("database MiB", lambda r: r["db_mib"]),
        ]
        for label, get in rows:
            print(f"{label:34}" + "".join(f"{get(r):>14.2f}" for r in stores))
    for c in results.get("crawl") or []:  # type: ignore[union-attr]
        print(
            f"crawl with {c['workers']} worker(s): {c['pages']} pages in {c['seconds']:.1f}s = "
            f"{c['pages_per_s']:.1f} pages/s, {c['cpu_s_per_page']:.3f} CPU-s per page"
        )


if __name__ == "__main__":
    raise SystemExit(main())
