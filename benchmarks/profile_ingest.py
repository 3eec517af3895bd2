"""Profile ingest of a hot story at a given size: ingest N generated articles (``crawl.page``)
in-process into a fresh SQLite database, then run the next W under cProfile and print the top
functions by cumulative time.

    python benchmarks/profile_ingest.py 2000 40 [OUT.prof]
"""

from __future__ import annotations

import cProfile
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.crawl import page  # noqa: E402
from crawler.extract import extract_html  # noqa: E402
from monitor.ingest import ingest  # noqa: E402
from storage.db import connect  # noqa: E402


def main() -> None:
    """Warm up with N articles, profile the next W, print the profile."""
    n, w = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        out = sys.argv[3] if len(sys.argv) > 3 else f"{tmp}/ingest.prof"
        engine = connect(f"sqlite:///{tmp}/p.db")
        urls = [f"http://127.0.0.1/a/{i}.html" for i in range(n + w)]
        arts = [extract_html(page(i, rng), url=u, source="bench") for i, u in enumerate(urls)]
        t0 = time.process_time()
        for a in arts[:n]:
            if a is not None:
                ingest(a, engine)
        print(f"warm-up: {n} articles, {time.process_time() - t0:.1f} CPU s", flush=True)
        prof = cProfile.Profile()
        t0 = time.process_time()
        prof.enable()
        for a in arts[n:]:
            if a is not None:
                ingest(a, engine)
        prof.disable()
        print(f"profiled: {w} articles, {(time.process_time() - t0) / w * 1000:.1f} CPU ms each")
        prof.dump_stats(out)
        pstats.Stats(out).sort_stats("cumulative").print_stats(r"(monitor|storage)/", 40)
        engine.dispose()


if __name__ == "__main__":
    main()
