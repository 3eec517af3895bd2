"""``figwatch worker``: a Celery worker that runs crawl tasks, one child process per crawl."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from figwatch.cli.app import app, console, state
from monitor.errors import UserError
from storage.db import redact


@app.command("worker")
def worker(
    concurrency: Annotated[
        int | None,
        typer.Option(
            "--concurrency", "-n", min=1, help="crawls at once (default: \\[distributed] or CPUs)"
        ),
    ] = None,
    queue: Annotated[
        str | None, typer.Option("--queue", "-Q", help="queue to consume (default: config)")
    ] = None,
    hostname: Annotated[
        str | None, typer.Option(help="worker node name (default: figwatch@<host>)")
    ] = None,
    pool: Annotated[str, typer.Option(help="Celery pool: prefork, threads or solo")] = "prefork",
    loglevel: Annotated[str, typer.Option(help="log level")] = "INFO",
) -> None:
    """Run crawl tasks sent by `figwatch run --distributed` (any number of workers, any hosts)."""
    from monitor.alerts.preflight import check_channels
    from monitor.extras import require

    require("distributed")
    from figwatch.distributed import make_app
    from figwatch.distributed.tasks import WORKER

    config = state.config
    if config.distributed.deliver_after_crawl:
        check_channels(config.alerts)  # workers deliver: their secrets must be set here too
    if pool not in {"prefork", "threads", "solo"}:
        raise UserError(f"unknown pool {pool!r} (expected prefork, threads or solo)")
    dist = config.distributed
    if queue:
        dist = dist.model_copy(update={"queue": queue})
    url = state.db_url
    state.engine  # noqa: B018 - fail now, in one line, if the database is unreachable
    WORKER.config_path = str(state.config_path.resolve()) if state.config_path else None
    WORKER.database_url = url
    celery_app = make_app(dist)
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=5)
    except Exception as exc:  # noqa: BLE001 - broker down: one line, not a traceback
        raise UserError(
            f"cannot reach the broker {redact(dist.effective_broker_url)}: {exc}"
        ) from None
    node = hostname or f"figwatch@{socket.gethostname()}"
    console.print(
        f"figwatch worker {node}: queue {dist.queue}, database {redact(url)}", highlight=False
    )
    argv = [
        "worker",
        f"--loglevel={loglevel}",
        f"--pool={pool}",
        f"--hostname={node}",
        f"--queues={dist.queue}",
        "--without-gossip",
        "--without-mingle",
    ]
    n = concurrency or dist.concurrency
    if n:
        argv.append(f"--concurrency={n}")
    celery_app.worker_main(argv)
