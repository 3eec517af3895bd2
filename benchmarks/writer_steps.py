"""The writer's own cost by step, at several sizes of one hot story: ``process_time`` around
ingest's callees (not cProfile, which over-weights pure-Python loops).

    python benchmarks/writer_steps.py --sizes 100,1000,2000,4000 [--window 50] [--cache F]

Ingests ``benchmarks/crawl.py``'s generated articles of one story in-process into a fresh
SQLite database, each with its text analysis made ahead and pickled (``monitor.ingest.pretext``:
what a crawl's analysis worker hands the writer), and prints, for the ``--window`` articles that
bring the story to each size, the CPU ms per article of the whole ingest and of each step.
``--cache F`` keeps the extracted articles and their analyses in F (pickle) for the next run.
Steps nest: ``R.retrial`` includes ``judge_next``; ``record_figures`` includes every ``R.``
step; ``index_version`` every ``D.`` step.
"""

from __future__ import annotations

import argparse
import functools
import pickle
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import monitor.dedup.index as dedup  # noqa: E402
import monitor.ingest as ingest_mod  # noqa: E402
import monitor.verdicts.incremental as incremental  # noqa: E402
import monitor.verdicts.record as record  # noqa: E402
from benchmarks.crawl import page  # noqa: E402
from crawler.extract import extract_html  # noqa: E402
from storage.db import connect  # noqa: E402

SPENT: dict[str, float] = defaultdict(float)

STEPS = [
    (ingest_mod, ["index_version", "assign_story", "record_figures", "alert_events", "enqueue"]),
    (record, ["_judge_series", "held_series", "_settle", "_write", "_judge_at_end", "_beside"]),
    (dedup, ["_passage_matches", "_join_cluster", "_link_derivatives", "_fingerprint_matches",
             "common_shingles", "_record_sources"]),
    (incremental, ["judge_next"]),
]  # fmt: skip
LABEL = {ingest_mod: "", record: "R.", dedup: "D.", incremental: "  "}


def _timed(fn: Callable[..., Any], label: str) -> Callable[..., Any]:
    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT[label] += time.process_time() - t0

    return timed


def _timed_generator(fn: Callable[..., Iterator[Any]], label: str) -> Callable[..., Any]:
    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
        it = fn(*args, **kwargs)
        while True:
            t0 = time.process_time()
            try:
                item = next(it)
            except StopIteration:
                SPENT[label] += time.process_time() - t0
                return
            SPENT[label] += time.process_time() - t0
            yield item

    return timed


def _articles(n: int, cache: Path | None) -> list[tuple[Any, Any]]:
    if cache is not None and cache.exists():
        items = pickle.loads(cache.read_bytes())
        if len(items) >= n:
            return items[:n]
    rng = random.Random(7)
    items = []
    for i in range(n):
        a = extract_html(page(i, rng), url=f"http://127.0.0.1/a/{i}.html", source="bench")
        items.append((a, ingest_mod.pretext(a) if a is not None else None))
    if cache is not None:
        cache.write_bytes(pickle.dumps(items))
    return items


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,2000,4000")
    ap.add_argument("--window", type=int, default=50)
    ap.add_argument("--cache", type=Path)
    args = ap.parse_args()
    sizes = sorted({int(x) for x in args.sizes.split(",")})
    if sizes[0] < args.window:
        sys.exit("--window must not exceed the smallest size")
    for module, names in STEPS:
        for name in names:
            setattr(module, name, _timed(getattr(module, name), LABEL[module] + name))
    record.retrial = _timed_generator(record.retrial, "R.retrial")  # (judged lazily)
    items = _articles(sizes[-1], args.cache)
    starts = {s - args.window + 1 for s in sizes}
    with tempfile.TemporaryDirectory() as tmp:
        engine = connect(f"sqlite:///{tmp}/steps.db")
        total = 0.0
        for i, (article, pre) in enumerate(items):
            pre = pickle.loads(pickle.dumps(pre))  # as a worker hands it over
            if i + 1 in starts:
                total = 0.0
                SPENT.clear()
            t0 = time.process_time()
            if article is not None:
                ingest_mod.ingest(article, engine, pre=pre)
            total += time.process_time() - t0
            if i + 1 in sizes:
                print(f"== {i + 1} articles in the story: {total / args.window * 1000:.1f} ms "
                      "an article (CPU), of which", flush=True)  # fmt: skip
                for label, spent in sorted(SPENT.items(), key=lambda kv: -kv[1]):
                    print(f"   {label:28} {spent / args.window * 1000:7.2f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
