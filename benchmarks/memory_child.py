"""Run a module and sample where its memory is, every few seconds, into a log file.

    python benchmarks/memory_child.py OUT.log [--trace] -m crawler --config ... --source ...

Each sample line gives the RSS, the Scrapy scraper's responses in flight (queued and active, and
the body bytes it counts for back-pressure), the items waiting for the writer, Twisted's thread
pool queue, and the live objects of a few kinds (responses, requests, articles). With
``--trace`` it also runs tracemalloc (slower) and writes the top allocation sites at the sample
with the highest traced memory. ``benchmarks/crawl.py --memory`` runs its crawl child this way.
"""

from __future__ import annotations

import gc
import runpy
import sys
import threading
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

EVERY = 5.0  # seconds between samples
KINDS = ("HtmlResponse", "TextResponse", "Request", "Article", "ArticleItem", "Deferred")


def _rss_mib() -> float:
    """The process's current resident set size, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _scrapy_state() -> dict[str, Any]:
    """The scraper slot's and the reactor thread pool's queues (found through gc)."""
    out: dict[str, Any] = {}
    kinds: Counter[str] = Counter()
    for obj in gc.get_objects():
        name = type(obj).__name__
        if name in KINDS:
            kinds[name] += 1
        elif name == "Slot" and hasattr(obj, "active_size"):
            out["scraper_active"] = len(obj.active)
            out["scraper_queued"] = len(obj.queue)
            out["scraper_bytes"] = obj.active_size
            out["itemproc"] = obj.itemproc_size
    try:
        from twisted.internet import reactor

        pool = reactor.getThreadPool()  # type: ignore[attr-defined]
        out["pool_queue"] = pool._team.statistics().backloggedWorkCount
    except Exception:  # noqa: BLE001 - a sample without it is still a sample
        pass
    out.update(kinds)
    return out


def _sampler(log: TextIO, trace: bool) -> None:
    """Write a sample every ``EVERY`` seconds; keep the top sites at the traced peak."""
    t0, peak = time.monotonic(), 0
    while True:
        time.sleep(EVERY)
        state = " ".join(f"{k}={v}" for k, v in sorted(_scrapy_state().items()))
        log.write(f"t={time.monotonic() - t0:6.1f} rss={_rss_mib():.0f}MiB {state}\n")
        if trace:
            current = tracemalloc.get_traced_memory()[0]
            if current > peak:
                peak = current
                top = tracemalloc.take_snapshot().statistics("lineno")[:25]
                with open(log.name + ".top", "w") as fh:
                    fh.write(f"traced {current / 2**20:.0f} MiB at t={time.monotonic() - t0:.0f}\n")
                    fh.writelines(f"{stat}\n" for stat in top)
        log.flush()


def main() -> None:
    """Sample ``-m MODULE ARGS...`` while it runs."""
    out, *rest = sys.argv[1:]
    trace = rest[0] == "--trace"
    flag, module, *args = rest[1:] if trace else rest
    if flag != "-m":
        sys.exit(__doc__)
    if trace:
        tracemalloc.start(1)
    log = open(out, "w")  # noqa: SIM115 - written by the sampler until the process exits
    threading.Thread(target=_sampler, args=(log, trace), daemon=True).start()
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
