"""Distributed crawling end to end: Redis broker, 2 `figwatch worker`s, a leader and a standby.

Real parts only: Redis on 127.0.0.1:6379 (a private key prefix and queue per run, removed
afterwards), PostgreSQL (a private schema), a local news site, a webhook receiver, and `figwatch`
subprocesses. The leader and a worker are SIGKILLed mid-crawl; afterwards every article is stored
once, every figure judged once and every alert delivered (once per delivery id: a row the killed
leader had claimed is sent again when its lease runs out, under the same id, as docs/alerts.md says).

Every wait is derived from the timeouts the test's config sets (``CRAWL_TIMEOUT``, ``VISIBILITY``,
``LEASE``) plus ``SLACK`` for a loaded 2-core box.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from figwatch.daemon.scheduler import wait_for
from storage.db import connect
from storage.models import ArticleRow, ArticleVersionRow, OutboxRow
from storage.models.figures import VerdictRow
from tests.support.alerts import SECRET, Receiver
from tests.support.sites import LocalSite, Page, article_html

REPO = Path(__file__).resolve().parents[2]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
PLACES = [
    "Brackenford",
    "Elmshaw",
    "Fennick",
    "Gorsey",
    "Hallowmere",
    "Istrey",
    "Jarrowdene",
    "Kelmscote",
    "Larchmoor",
    "Mossbridge",
    "Nettlecombe",
    "Oakhurst",
    "Pellingham",
    "Quarrendon",
    "Rushcombe",
    "Stavely",
    "Thornaby",
    "Ullesby",
    "Wetherden",
    "Yarlow",
]
SOURCES = {"a": PLACES[0:8], "b": PLACES[8:16], "c": PLACES[16:20]}
DELAY = 0.5  # [crawl] download_delay: 8 pages take ~4 s, a window to catch a crawl mid-way
CRAWL_TIMEOUT = 20.0  # [distributed] crawl_timeout: the longest one crawl child may run
VISIBILITY = 25.0  # [distributed] visibility_timeout: an unacked crawl comes back after this
LEASE = 4.0  # [alerts] lease: a row claimed by the killed leader is claimable again after this
SLACK = 30.0  # process start-up, crawl child start-up and ingest on a busy box

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _redis():  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis(REDIS_HOST, REDIS_PORT, db=_DB, socket_timeout=3)


_DB = int(os.environ.get("FIGWATCH_TEST_REDIS_DB") or random.randint(1, 15))


@pytest.fixture
def broker() -> Iterator[dict[str, str]]:
    """A Redis DB number, key prefix and queue private to this run; their keys are removed after."""
    try:
        _redis().ping()
    except Exception:  # noqa: BLE001 - no Redis: skip
        pytest.skip(f"Redis on {REDIS_HOST}:{REDIS_PORT} is not reachable")
    run = uuid.uuid4().hex[:10]
    info = {
        "url": f"redis://{REDIS_HOST}:{REDIS_PORT}/{_DB}",
        "prefix": f"fwtest-{run}:",
        "queue": f"figwatch.test.{run}",
    }
    yield info
    client = _redis()
    for pattern in (info["prefix"] + "*", f"*{info['queue']}*"):
        for key in client.scan_iter(match=pattern, count=1000):
            client.delete(key)
    assert not list(client.scan_iter(match=info["prefix"] + "*"))


# twenty separate local stories, not copies of one another (a near-copy joins its original's
# story): each town pairs two of these sentences its own way
_FILLERS = [
    ["Sandbags ran out at the depot before noon.", "The mill bridge stayed closed overnight."],
    ["Pupils were sent home early by bus.", "Engineers checked the weir twice after dark."],
    ["A bakery lent its vans to move the pensioners.", "Trains were cancelled until Thursday."],
    ["The cricket ground became a lake by evening.", "Farmers drove cattle up to the ridge."],
    ["Lifeboat crews searched the estuary marshes.", "Ferries stayed tied up at the harbour."],
    ["Nurses carried patients to the upper wards.", "The car park was under a metre of water."],
    ["Power failed across the northern estate.", "Volunteers handed out blankets and soup."],
    ["The towpath collapsed near the second lock.", "Police shut the ring road at midnight."],
    ["Museum staff lifted paintings to the attic.", "The cinema opened as a night shelter."],
    ["Care workers waded through the garden gates.", "Pumps worked in the swimming baths."],
]


def _site() -> LocalSite:
    site = LocalSite().start()
    for i, place in enumerate(PLACES):
        site.pages[f"/news/{place.lower()}.html"] = Page(
            article_html(
                f"Floods in {place}",
                # each article its own words: a shared eight-word run would make two towns'
                # floods one story (monitor.verdicts.stories joins articles that share passages)
                [
                    f"Floods in {place} have killed {310 + i} people, the {place} relief office "
                    "said on Monday.",
                    _FILLERS[i % 10][0].replace(" the ", f" the {place} ", 1),
                    _FILLERS[(i + 1 + 4 * (i // 10)) % 10][1].replace(" the ", f" the {place} ", 1),
                ],
            ).encode()
        )
    return site


def _config(path: Path, db: str, broker: dict[str, str], hook: str, sources: list[str], base: str):  # type: ignore[no-untyped-def]
    lines = [
        f'[storage]\ndatabase_url = "{db}"\n',
        "[crawl]\nautothrottle = false\nobey_robots = false\nconcurrency_per_domain = 1\n"
        f"download_delay = {DELAY}\nretries = 0\ndownload_timeout = 10\n",
        f'[distributed]\nenabled = true\nbroker_url = "{broker["url"]}"\n'
        f'queue = "{broker["queue"]}"\nredis_key_prefix = "{broker["prefix"]}"\n'
        f"crawl_timeout = {CRAWL_TIMEOUT}\nvisibility_timeout = {VISIBILITY}\n",
        '[alerts]\nkinds = ["new"]\nquiet_first_crawl = false\nevery = "1s"\nbackoff = 0.1\n'
        # the default lease (300 s) would keep a row the killed leader had claimed for 5 minutes
        f"lease = {LEASE}\n"
        f'[[alerts.channel]]\nname = "hook"\ntype = "webhook"\nurl = "{hook}"\ntimeout = 3\n',
    ]
    for name in sources:
        urls = ", ".join(f'"{base}/news/{p.lower()}.html"' for p in SOURCES[name])
        lines.append(
            f'[[source]]\nname = "{name}"\nkind = "pages"\nurls = [{urls}]\nevery = "1h"\n'
            "allow_private = true\n"
        )
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class Proc:
    """A `figwatch` subprocess in its own process group, its output in a file."""

    def __init__(self, log: Path, *args: str) -> None:
        self.log = log
        self.fh = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        env = {**os.environ, "PYTHONPATH": str(REPO), "FIGWATCH_WEBHOOK_SECRET": SECRET}
        env.pop("FIGWATCH_DATABASE_URL", None)
        env.pop("FIGWATCH_BROKER_URL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "figwatch", *args],
            cwd=REPO,
            env=env,
            stdout=self.fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill_group(self) -> None:
        """SIGKILL the process and all its children (pool processes, crawl children)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill_group()
        self.fh.close()


def _per_source(engine) -> Counter[str]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return Counter(a.source for a in s.exec(select(ArticleRow)).all())


def _crawling(workers: list[Proc], engine) -> tuple[Proc, str] | None:  # type: ignore[no-untyped-def]
    """A worker whose crawl is under way (its source part stored, at least two pages still to
    come), and that source; None when no crawl is caught mid-way."""
    got = _per_source(engine)
    for w in workers:
        started = re.findall(r"crawl (\w) \(", w.text())
        if started and 1 <= got[started[-1]] <= len(SOURCES[started[-1]]) - 2:
            return w, started[-1]
    return None


def _outbox_states(engine) -> Counter[str]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return Counter(r.state for r in s.exec(select(OutboxRow)).all())


def _assert_polite(site: LocalSite) -> None:
    """[crawl] download_delay reached the workers' crawl children: within each source's first
    crawl, requests are at least half the delay apart (Scrapy randomises it by 0.5-1.5)."""
    first: dict[str, float] = {}
    for t, path in site.hit_times:
        first.setdefault(path, t)
    for name, places in SOURCES.items():
        times = sorted(first[f"/news/{p.lower()}.html"] for p in places)
        gaps = [round(b - a, 2) for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= 0.45 * DELAY, (name, gaps)


def test_workers_leader_and_standby_survive_sigkill(
    broker: dict[str, str], pg_url: str, tmp_path: Path
) -> None:
    t_start = time.monotonic()
    engine = connect(pg_url)
    procs: list[Proc] = []
    site = _site()
    try:
        with Receiver() as rx:
            old = _config(tmp_path / "old.toml", pg_url, broker, rx.url, ["a", "b"], site.base)
            new = _config(tmp_path / "new.toml", pg_url, broker, rx.url, ["a", "b", "c"], site.base)
            workers = [
                Proc(tmp_path / f"w{i}.log", "--config", str(new), "worker", "-n", "1",
                     "--hostname", f"w{i}@{broker['queue']}")
                for i in (1, 2)
            ]  # fmt: skip
            procs += workers
            leader = Proc(tmp_path / "leader.log", "--config", str(old), "run", "--distributed")
            procs.append(leader)
            assert wait_for(lambda: "elected leader" in leader.text(), SLACK), leader.text()
            standby = Proc(tmp_path / "standby.log", "--config", str(new), "run")
            procs.append(standby)
            assert wait_for(lambda: "standby" in standby.text(), SLACK), standby.text()

            # a worker mid-crawl (8 pages at ~0.5 s apiece): the victim is whichever worker is
            # crawling a source that is under way (the two crawls need not overlap in time)
            assert wait_for(lambda: _crawling(workers, engine) is not None, 45, poll=0.05), (
                _per_source(engine), workers[0].text(), workers[1].text())  # fmt: skip
            victim, source = _crawling(workers, engine) or (workers[0], "?")
            survivor = next(w for w in workers if w is not victim)
            victim.kill_group()  # worker host lost: worker, pool process and crawl child
            leader.kill_group()  # mid-delivery, maybe: a row it claimed waits out its lease
            t_kill = time.monotonic()
            assert _per_source(engine)[source] < len(SOURCES[source])  # really cut short

            # the standby takes over within seconds and schedules (source c exists only in its
            # config, so only it can have enqueued c)
            assert wait_for(lambda: "elected leader" in standby.text(), SLACK), standby.text()
            takeover = time.monotonic() - t_kill
            # the killed crawl comes back once the visibility timeout passes (counted from when
            # the victim took it), as soon as the survivor is between crawls
            assert wait_for(
                lambda: "[redelivered]" in survivor.text(), VISIBILITY + CRAWL_TIMEOUT + SLACK
            ), survivor.text()
            assert wait_for(
                lambda: _per_source(engine) == {"a": 8, "b": 8, "c": 4}, CRAWL_TIMEOUT + SLACK
            ), (_per_source(engine), survivor.text()[-3000:])
            assert "enqueued crawl c" in standby.text()
            assert wait_for(lambda: _outbox_states(engine) == {"delivered": 20}, LEASE + SLACK), (
                _outbox_states(engine), _per_source(engine))  # fmt: skip
            time.sleep(1.5)  # a late duplicate delivery would show up now
            bodies = rx.verified()
        with Session(engine) as s:
            articles = s.exec(select(ArticleRow)).all()
            versions = s.exec(select(ArticleVersionRow)).all()
            verdicts = s.exec(select(VerdictRow)).all()
            reclaimed = {r.verdict_id for r in s.exec(select(OutboxRow)).all() if r.attempts > 1}
        assert len(articles) == 20 and all(a.version_count == 1 for a in articles)
        assert len(versions) == 20  # every article stored exactly once
        assert Counter(v.kind for v in verdicts) == {"new": 20}  # every figure judged once
        ids: dict[int, set[str]] = {}
        for b in bodies:
            for a in b["alerts"]:
                ids.setdefault(a["verdict_id"], set()).add(b["delivery_id"])
        assert sorted(ids) == sorted(v.id for v in verdicts)  # every alert delivered
        assert all(len(d) == 1 for d in ids.values())  # each under one delivery id
        sent = Counter(a["verdict_id"] for b in bodies for a in b["alerts"])
        # sent again only when the killed leader's claim ran out (at-least-once, same id)
        assert {v for v, n in sent.items() if n > 1} <= reclaimed
        _assert_polite(site)
        print(f"takeover {takeover:.1f}s, reclaimed {len(reclaimed)}, resent "
              f"{sum(sent.values()) - len(sent)}, total {time.monotonic() - t_start:.1f}s")  # fmt: skip
    finally:
        for p in procs:
            p.stop()
        site.stop()
        engine.dispose()
