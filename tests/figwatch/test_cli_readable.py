"""Readable CLI (issue 14, item 8): tables fit an 80- and a 120-column terminal without cutting a
status, alerts show their subject, figures their date and sentence, crawl and delivery counts use
one word per thing, ``-v`` reaches the log level, and cron schedules take a time zone."""

from __future__ import annotations

import importlib
import io
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from figwatch.cli import app
from figwatch.cli.crawl import CRAWL_DROP, summary_table
from figwatch.cli.run import delivery_line
from figwatch.daemon import Daemon, Runtime
from monitor.alerts import DeliveryStats, enqueue
from monitor.config import load_config, parse_config
from monitor.errors import ConfigError
from storage.db import connect, session_scope
from tests.support.alerts import event

cli_app = importlib.import_module("figwatch.cli.app")  # the module (figwatch.cli.app is the app)

SENTENCE = (
    "Officials in Norvale said on Tuesday that 330 people had died in the floods, "
    "up from 327 a day earlier, and that the search would go on."
)


def terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> io.StringIO:
    """Make the CLI draw on a terminal ``width`` columns wide; returns what it draws."""
    out = io.StringIO()
    con = Console(file=out, force_terminal=True, width=width, color_system=None)
    monkeypatch.setattr(cli_app, "console", con)
    return out


def widest(text: str) -> int:
    """The widest line; a table rich had to crop (its right border gone) counts as too wide."""
    lines = [line for line in text.splitlines() if line.strip()]
    for line in lines[1:] if not lines[0].startswith(("┏", "┌")) else lines:
        assert line.rstrip()[-1] in "┓┃┩│┘", f"cropped: {line!r}"
    return max((len(line) for line in lines), default=0)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'fw.db'}"
    engine = connect(url)
    pol = parse_config(
        {
            "alerts": {
                "channel": [
                    {"name": "desk-mail", "type": "console"},
                    {"name": "cms", "type": "console"},
                ]
            }
        }
    ).alerts
    with session_scope(engine) as s:
        enqueue(s, [event(1), event(2, kind="contradicts", new_value_text="41")], pol)
    text = tmp_path / "norvale.txt"
    text.write_text(f"Norvale floods\n\n{SENTENCE}\n", encoding="utf-8")
    res = CliRunner().invoke(
        app,
        ["--db", url, "ingest", str(text), "--published", "2026-03-02", "--url",
         "https://example.test/norvale-330"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    return url


@pytest.mark.parametrize("width", [80, 120])
def test_alerts_table_fits_and_shows_the_subject(
    db: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = terminal(monkeypatch, width)
    res = CliRunner().invoke(app, ["--db", db, "alerts"])
    assert res.exit_code == 0, res.output
    drawn = out.getvalue()
    assert widest(drawn) <= width, drawn
    assert "…" not in drawn
    flat = " ".join(drawn.replace("│", " ").split())
    assert "pending" in flat and "subject" in flat
    assert "330" in flat and "Norvale" in flat


@pytest.mark.parametrize("width", [80, 120])
def test_figures_table_fits_with_date_and_sentence(
    db: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = terminal(monkeypatch, width)
    res = CliRunner().invoke(app, ["--db", db, "figures"])
    assert res.exit_code == 0, res.output
    drawn = out.getvalue()
    assert widest(drawn) <= width, drawn
    assert "…" not in drawn
    assert "2026-03-02" in drawn and "date" in drawn and "sentence" in drawn
    words = " ".join(drawn.replace("│", " ").split())
    assert "search would go on." in words  # the whole sentence, wrapped


def test_piped_tables_keep_every_column_tab_separated(db: str) -> None:
    res = CliRunner().invoke(app, ["--db", db, "alerts"])
    lines = res.stdout.splitlines()
    assert lines[0].split("\t") == [
        "id", "state", "channel", "kind", "verdict", "subject", "tries", "next try", "last error",
    ]  # fmt: skip
    assert all(len(line.split("\t")) == 9 for line in lines)
    assert "Deaths update: 327 → 330, Norvale floods" in res.stdout or "327 → 330" in res.stdout
    res = CliRunner().invoke(app, ["--db", db, "figures"])
    head, *rows = res.stdout.splitlines()
    assert head.split("\t")[:3] == ["id", "date", "value"] and head.endswith("\tsentence")
    assert any(row.endswith(SENTENCE) and "\t2026-03-02\t" in row for row in rows)


@pytest.mark.parametrize("width", [80, 120])
def test_crawl_table_never_cuts_a_status_or_a_reason(width: int) -> None:
    rows = [
        {"source": "local-news-site", "status": "failed", "fetched": 0, "not_modified": 0,
         "skipped": {"private_address": 1}, "errors": 1},
        {"source": "wire", "status": "partial", "fetched": 120, "stored_new": 98,
         "unchanged": 10, "not_modified": 12, "skipped": {"too_large": 1, "no_text": 3}},
    ]  # fmt: skip
    out = io.StringIO()
    con = Console(file=out, force_terminal=True, width=width, color_system=None)
    con.print(cli_app.fit_table(summary_table(rows, seconds=[1.5, 30.2]), width, CRAWL_DROP))
    drawn = out.getvalue()
    assert widest(drawn) <= width, drawn
    assert "…" not in drawn
    for word in ("failed", "partial", "private_address=1", "too_large=1", "local-news-site"):
        assert word in drawn, drawn
    if width == 120:  # only the least useful column (seconds) is left out
        assert "modified" in drawn and "unchanged" in drawn


def test_one_word_per_count() -> None:
    headers = [c.header for c in summary_table([{"source": "a", "status": "ok"}]).columns]
    assert headers == [
        "source", "status", "fetched", "new", "changed", "unchanged", "not modified",
        "skipped", "errors",
    ]  # fmt: skip
    stats = DeliveryStats(delivered=12, retried=1)
    stats.alert_ids.update(range(6))
    assert delivery_line(stats) == "alerts: 6 alerts sent in 12 deliveries, 1 to retry, 0 dead"
    assert stats.as_dict()["alerts"] == 6


def test_verbose_sets_the_log_level_here_and_in_crawl_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIGWATCH_CRAWL_LOG_LEVEL", raising=False)
    db = ["--db", f"sqlite:///{tmp_path / 'v.db'}"]
    runner = CliRunner()
    assert runner.invoke(app, [*db, "articles"]).exit_code == 0
    assert logging.getLogger().level == logging.WARNING
    assert "FIGWATCH_CRAWL_LOG_LEVEL" not in os.environ
    assert runner.invoke(app, ["-v", *db, "articles"]).exit_code == 0
    assert logging.getLogger().level == logging.INFO
    assert os.environ["FIGWATCH_CRAWL_LOG_LEVEL"] == "INFO"
    assert runner.invoke(app, ["-vv", *db, "articles"]).exit_code == 0
    assert logging.getLogger().level == logging.DEBUG
    assert os.environ["FIGWATCH_CRAWL_LOG_LEVEL"] == "DEBUG"
    assert runner.invoke(app, [*db, "articles"]).exit_code == 0  # the next run is quiet again
    assert "FIGWATCH_CRAWL_LOG_LEVEL" not in os.environ
    assert "info logging" in runner.invoke(app, ["--help"]).output


def _daemon(tmp_path: Path, toml: str) -> Daemon:
    path = tmp_path / "figwatch.toml"
    path.write_text(toml, encoding="utf-8")
    config = load_config(path)
    url = f"sqlite:///{tmp_path / 'd.db'}"
    return Daemon(Runtime(config=config, engine=connect(url), database_url=url, config_path=path))


def test_cron_schedule_takes_a_time_zone(tmp_path: Path) -> None:
    toml = (
        '[crawl]\ntimezone = "America/New_York"\n'
        '[[source]]\nname = "paris"\nkind = "feed"\nurls = ["https://example.test/rss"]\n'
        'cron = "0 8 * * *"\ntimezone = "Europe/Paris"\n'
        '[[source]]\nname = "ny"\nkind = "feed"\nurls = ["https://example.test/rss2"]\n'
        'cron = "0 8 * * *"\n'
    )
    daemon = _daemon(tmp_path, toml)
    scheduler = daemon.build_scheduler()
    scheduler.start(paused=True)
    try:
        daemon.sync_jobs(scheduler)
        now = datetime(2026, 7, 1, 3, 0, tzinfo=UTC)
        paris = scheduler.get_job("crawl:paris")
        ny = scheduler.get_job("crawl:ny")
        # 08:00 in Paris (CEST, UTC+2) and in New York (EDT, UTC-4)
        assert paris.trigger.get_next_fire_time(None, now) == datetime(2026, 7, 1, 6, 0, tzinfo=UTC)
        assert ny.trigger.get_next_fire_time(None, now) == datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
        paris.modify(next_run_time=paris.trigger.get_next_fire_time(None, now))
        assert scheduler.get_job("crawl:paris").next_run_time == datetime(
            2026, 7, 1, 6, 0, tzinfo=UTC
        )
        assert daemon.sync_jobs(scheduler)["crawl:paris"] == "kept"
    finally:
        scheduler.shutdown(wait=False)
    moved = _daemon(tmp_path, toml.replace("Europe/Paris", "Asia/Tokyo"))
    scheduler = moved.build_scheduler()
    scheduler.start(paused=True)
    try:  # a changed zone re-schedules the job
        assert moved.sync_jobs(scheduler)["crawl:paris"] == "updated"
    finally:
        scheduler.shutdown(wait=False)


def test_a_bad_time_zone_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "figwatch.toml"
    path.write_text(
        '[[source]]\nname = "s"\nkind = "feed"\nurls = ["https://e.test/rss"]\n'
        'cron = "0 8 * * *"\ntimezone = "Europe/Parsi"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "Europe/Parsi" in str(info.value) and "\n" not in str(info.value)
    res = CliRunner().invoke(app, ["-c", str(path), "status"])
    assert res.exit_code != 0


def test_a_delivery_round_counts_alerts_and_deliveries_apart(tmp_path: Path) -> None:
    toml = (
        f'[alerts]\n[[alerts.channel]]\nname = "one"\ntype = "jsonl"\npath = "{tmp_path / "a.jsonl"}"\n'
        f'[[alerts.channel]]\nname = "two"\ntype = "jsonl"\npath = "{tmp_path / "b.jsonl"}"\n'
    )
    daemon = _daemon(tmp_path, toml)
    with session_scope(daemon.rt.engine) as s:
        enqueue(s, [event(i) for i in range(1, 7)], daemon.rt.config.alerts)
    stats = daemon.rt.deliver()
    assert (stats.alerts, stats.delivered) == (6, 12)
    assert delivery_line(stats) == "alerts: 6 alerts sent in 12 deliveries, 0 to retry, 0 dead"
