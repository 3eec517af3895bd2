"""Write every report of ``[reports]`` (dedup, figure timelines, the alert feed) into its folder."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.config import Config
from storage.models import ArticleRow
from storage.timeutil import as_utc, utcnow


def _newest(engine: Engine) -> datetime:
    """The newest publication time held: reports cover the latest news, live or archived."""
    with Session(engine) as session:
        newest = session.exec(select(func.max(ArticleRow.published))).one()
    return as_utc(newest) or utcnow()


def write_reports(engine: Engine, config: Config) -> list[Path]:
    """Write the dedup report, the figure timelines and the alert feed (``alerts_feed``) into
    ``[reports] dir``; return the files."""
    from monitor.report import dedup, figures

    out = config.path(config.reports.dir)
    out.mkdir(parents=True, exist_ok=True)
    since = _newest(engine) - timedelta(days=config.reports.since_days)
    written: list[Path] = []
    dedup_report = dedup.build(engine, since)
    figures_report = figures.build(engine, since)
    for fmt in config.reports.formats:
        for name, module, report in (("dedup", dedup, dedup_report),
                                     ("figures", figures, figures_report)):  # fmt: skip
            path = out / f"{name}.{fmt}"
            module.write(report, path, fmt)  # type: ignore[attr-defined]
            written.append(path)
    from monitor.alerts.feed import write_feed

    feed = write_feed(engine, config)
    if feed is not None:
        written.append(feed)
    return written
