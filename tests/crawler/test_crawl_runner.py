"""The subprocess runner: a crawl that hangs is killed and its crawl_run row closed."""

from __future__ import annotations

import socket
from pathlib import Path

from sqlmodel import Session, select

from crawler.runner import crawl_in_subprocess, run_child
from storage.db import connect
from storage.models import CrawlRunRow


def test_hung_crawl_times_out_and_is_recorded(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        cfg = tmp_path / "figwatch.toml"
        cfg.write_text(
            f'[[source]]\nname = "slow"\nkind = "feed"\n'
            f'urls = ["http://127.0.0.1:{port}/feed.xml"]\nallow_private = true\n'
            "settings = { obey_robots = false, download_timeout = 60 }\n"
        )
        db = f"sqlite:///{tmp_path / 'fw.db'}"
        # grace=1: the child hangs inside a download, so SIGTERM cannot stop it (crawl_in_subprocess
        # would wait the default 10 s for it before the SIGKILL that ends it either way)
        summary = run_child(cfg, "slow", db, timeout=5, grace=1).as_summary()
    assert summary.status == "timeout"
    engine = connect(db)
    with Session(engine) as s:
        runs = s.exec(select(CrawlRunRow)).all()
    engine.dispose()
    assert all(r.status != "running" for r in runs)


def test_unknown_source_is_a_failed_summary(tmp_path: Path) -> None:
    cfg = tmp_path / "figwatch.toml"
    cfg.write_text('[[source]]\nname = "a"\nkind = "feed"\nurls = ["feed.xml"]\n')
    summary = crawl_in_subprocess(cfg, "b", f"sqlite:///{tmp_path / 'fw.db'}", timeout=60)
    assert summary.status == "failed"
    assert summary.detail == "error: unknown source 'b' (configured: a)"
