"""``figwatch run``: the daemon, or one round of everything with ``--once``."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from figwatch.cli.app import (
    app,
    console,
    err_console,
    print_json,
    print_table,
    safe_text,
    state,
)
from figwatch.cli.crawl import CRAWL_DROP, summary_table
from monitor.config import DEFAULT_CRAWL_TIMEOUT, DEFAULT_STOP_GRACE
from monitor.errors import UserError

if TYPE_CHECKING:
    from figwatch.daemon import Daemon, RoundStats, Runtime
    from monitor.alerts import DeliveryStats


def crawl_table(crawls: list[Any]) -> Table:
    """One row per crawled source: outcome and counters (the ``crawl`` command's table)."""
    rows = []
    for c in crawls:
        s = dict(c.summary or {})
        s.setdefault("source", c.source)
        s["status"] = s.get("status") or ("ok" if c.ok else "failed")
        rows.append(s)
    return summary_table(rows, seconds=[c.seconds for c in crawls])


def problem_lines(crawls: list[Any]) -> list[str]:
    """One line per crawl that was not ok: source, status, reason and fix."""
    lines = []
    for c in crawls:
        s = c.summary or {}
        status = s.get("status") or ("ok" if c.ok else "failed")
        if status != "ok":
            lines.append(f"{c.source} {status}: {s.get('detail') or c.error or c.log_tail or '?'}")
    return lines


def delivery_line(d: DeliveryStats) -> str:
    """What delivery did, alerts and deliveries (one per alert and channel) counted apart."""
    alerts = f"{d.alerts} alert{'' if d.alerts == 1 else 's'}"
    deliveries = f"{d.delivered} deliver{'y' if d.delivered == 1 else 'ies'}"
    return f"alerts: {alerts} sent in {deliveries}, {d.retried} to retry, {d.dead} dead"


@app.command("run")
def run(
    once: Annotated[
        bool, typer.Option("--once", help="one round: crawl every source, deliver, report; exit")
    ] = False,
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="with --once: only these sources")
    ] = None,
    crawl_timeout: Annotated[
        float, typer.Option(help="seconds before a crawl child is stopped")
    ] = DEFAULT_CRAWL_TIMEOUT,
    stop_grace: Annotated[
        float, typer.Option(help="seconds a crawl child gets to stop after SIGTERM")
    ] = DEFAULT_STOP_GRACE,
    progress_every: Annotated[
        float,
        typer.Option(min=0.1, help="seconds between a long crawl's progress lines (log/stderr)"),
    ] = 30.0,
    heartbeat: Annotated[
        float,
        typer.Option(
            min=0.5, help="seconds between the daemon's heartbeats (stale after 3 missed)"
        ),
    ] = 10.0,
    as_json: Annotated[bool, typer.Option("--json", help="with --once: print JSON")] = False,
    distributed: Annotated[
        bool | None,
        typer.Option(
            "--distributed/--local",
            help="enqueue crawls for `figwatch worker`s (Celery) instead of crawling here "
            "(default: \\[distributed] enabled)",
        ),
    ] = None,
) -> None:
    """Run the scheduler: one job per source, one delivering alerts, one writing reports."""
    from crawler.progress import CrawlProgress
    from figwatch.daemon import Daemon, Runtime
    from monitor.alerts.preflight import check_channels
    from monitor.extras import require

    config = state.config
    for name in source or []:
        config.source(name)  # unknown names are a one-line ConfigError
    if source and not once:
        raise UserError("--source only applies with --once")
    check_channels(config.alerts)  # a missing secret stops us here, not at the first alert
    url = state.db_url
    if config.distributed.enabled if distributed is None else distributed:
        require("distributed")
    runtime = Runtime(
        config=config,
        engine=state.engine,
        database_url=url,
        config_path=state.config_path.resolve() if state.config_path else None,
        crawl_timeout=crawl_timeout,
        stop_grace=stop_grace,
        heartbeat_every=heartbeat,
        progress_every=progress_every,
        distributed=config.distributed.enabled if distributed is None else distributed,
    )
    daemon = Daemon(runtime)
    daemon.install_signals()
    if not once:
        _run_forever(daemon, runtime, len(config.sources))
        return
    with CrawlProgress(err_console, every=progress_every, enabled=not as_json) as progress:
        runtime.progress = progress
        stats = daemon.run_once(source)
    runtime.progress = None
    _print_round(stats, as_json)
    if any(not c.ok for c in stats.crawls) or None in stats.enqueued.values():
        raise typer.Exit(1)


def _run_forever(daemon: Daemon, runtime: Runtime, sources: int) -> None:
    """The daemon until a signal: its own log lines at INFO, one line at start and at stop."""
    if not logging.getLogger().isEnabledFor(logging.INFO):
        for name in ("figwatch", "monitor", "crawler.progress"):  # the daemon's own lines
            logging.getLogger(name).setLevel(logging.INFO)
    mode = "distributed: enqueueing crawls" if runtime.distributed else "crawling here"
    console.print(
        f"figwatch daemon: {sources} source(s), {mode}; Ctrl-C to stop",
        highlight=False,
    )
    daemon.run_forever()
    console.print("figwatch daemon stopped")


def _print_round(stats: RoundStats, as_json: bool) -> None:
    """What one ``run --once`` round did: JSON, or a table of crawls and one line per outcome."""
    if as_json:
        print_json(
            {
                "crawls": [
                    {
                        "source": c.source,
                        "ok": c.ok,
                        "status": (c.summary or {}).get("status") or ("ok" if c.ok else "failed"),
                        "seconds": round(c.seconds, 2),
                        "summary": c.summary,
                        "error": c.error,
                    }
                    for c in stats.crawls
                ],
                "delivery": stats.delivery.as_dict(),
                "enqueued": stats.enqueued,
                "reports": [str(p) for p in stats.reports or []],
            }
        )
    else:
        if stats.crawls:
            print_table(crawl_table(stats.crawls), drop=CRAWL_DROP)
        for c in stats.crawls:
            s = c.summary or {}
            if s.get("baseline") and s.get("quiet"):
                err_console.print(
                    f"{c.source}: first crawl, {s['quiet']} article(s) stored as the baseline "
                    "without alerts (quiet_first_crawl)",
                    highlight=False,
                    soft_wrap=True,
                )
        for line in problem_lines(stats.crawls):
            err_console.print(safe_text(line), highlight=False, soft_wrap=True)
        for name, task_id in stats.enqueued.items():
            status = f"enqueued (task {task_id})" if task_id else "enqueue failed"
            console.print(f"crawl {name}: {status}", highlight=False)
        d = stats.delivery
        console.print(delivery_line(d), highlight=False)
        for path in stats.reports or []:
            console.print(f"report: {path}", highlight=False)
