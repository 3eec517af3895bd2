"""The scale benchmark still runs against the current schema (its bulk loader writes rows
straight into the tables, so a new column must not break it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_scale_benchmark_runs_on_sqlite_at_a_tiny_size():
    out = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "scale.py"), "--n", "200", "--sample", "2",
         "--lookups", "5", "--skip-crawl", "--backends", "sqlite"],
        capture_output=True, text=True, timeout=240, cwd=REPO,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    assert "full ingest, articles/s" in out.stdout
