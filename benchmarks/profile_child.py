"""Run a module under cProfile, every thread included, and write the merged stats.

    python benchmarks/profile_child.py OUT.prof -m crawler.run --config ... --source ...

``python -m cProfile`` sees the main thread only; the crawler stores articles in Twisted's
thread pool, so ``benchmarks/crawl.py --profile`` runs its crawl child through this instead.
"""

from __future__ import annotations

import atexit
import cProfile
import pstats
import runpy
import sys
import threading

_profiles: list[cProfile.Profile] = []


def _start_in_thread(*_: object) -> None:
    """Profile the thread this first runs in (installed by ``threading.setprofile``)."""
    sys.setprofile(None)
    prof = cProfile.Profile()
    _profiles.append(prof)
    prof.enable()


def main() -> None:
    """Profile ``-m MODULE ARGS...`` in every thread; merge and dump the stats at exit."""
    out, flag, module, *args = sys.argv[1:]
    if flag != "-m":
        sys.exit(__doc__)
    main_prof = cProfile.Profile()

    def dump() -> None:
        main_prof.disable()
        stats = pstats.Stats(main_prof)
        for prof in _profiles:
            try:
                stats.add(prof)
            except TypeError:  # a thread that never ran any Python code
                continue
        stats.dump_stats(out)

    atexit.register(dump)
    threading.setprofile(_start_in_thread)
    sys.argv = [module, *args]
    main_prof.enable()
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
