"""Editor feedback: `alerts mark`, precision in `status`, wrong claims not alerted again, export."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, select
from typer.testing import CliRunner

from figwatch.cli import app
from monitor.alerts import enqueue
from monitor.alerts.feedback import precision
from monitor.alerts.verdict_events import alert_events
from monitor.article import Article
from monitor.config import AlertsConfig
from monitor.ingest import ingest
from storage.models import AlertMarkRow, ArticleRow, OutboxRow, VerdictRow


def _article(site: str, slug: str, day: int, text: str, title: str) -> Article:
    return Article(
        url=f"https://{site}/{slug}",
        title=title,
        text=text,
        published=datetime(2025, 4, day, 9, tzinfo=UTC),
    )


OLD = _article(
    "a.example",
    "toll-1",
    1,
    "Twelve people have been killed in the floods in Marrow county, the county fire "
    "service said on Tuesday.",
    "Floods in Marrow county kill 12",
)
NEW = _article(
    "b.example",
    "toll-2",
    2,
    "The county fire service said on Wednesday that 19 people had been killed in the "
    "floods in Marrow county.",
    "Marrow county flood toll rises to 19",
)
# the toll goes down, then another outlet repeats the 19: the same claim (series, value) again
LOWER = _article(
    "c.example",
    "toll-3",
    3,
    "The county fire service said on Thursday that 14 people had been killed in the "
    "floods in Marrow county.",
    "Marrow county flood toll revised to 14",
)
AGAIN = _article(
    "d.example",
    "toll-4",
    4,
    "The county fire service said on Friday that 19 people had been killed in the "
    "floods in Marrow county.",
    "Marrow county flood toll: 19",
)
OTHER = _article(
    "e.example",
    "toll-5",
    5,
    "The county fire service said on Saturday that 23 people had been killed in the "
    "floods in Marrow county.",
    "Marrow county flood toll rises to 23",
)


def _cli(db_url: str, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["--db", db_url, *args])


def _figwatch(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The real console entry point, in its own process (one-line errors, exit codes)."""
    return subprocess.run(
        [sys.executable, "-m", "figwatch", "--db", db_url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )


def _rows(engine) -> list[OutboxRow]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return list(s.exec(select(OutboxRow).order_by(OutboxRow.id)))


def _values(engine) -> list[str]:  # type: ignore[no-untyped-def]
    return [json.loads(r.payload)["new_value_text"] for r in _rows(engine)]


def test_mark_wrong_stops_the_claim_alerting_again(engine, db_url: str, tmp_path: Path) -> None:
    ingest(OLD, engine)
    ingest(NEW, engine)
    rows = _rows(engine)
    assert rows and {json.loads(r.payload)["new_value_text"] for r in rows} == {"19"}
    first = rows[0]
    assert json.loads(first.payload)["series"]

    result = _cli(db_url, "alerts", "mark", str(first.id), "wrong", "--why", "misread\ntoll")
    assert result.exit_code == 0, result.output
    assert "marked wrong" in result.output
    with Session(engine) as s:
        [mark] = s.exec(select(AlertMarkRow)).all()
        assert (mark.verdict_id, mark.mark, mark.why) == (first.verdict_id, "wrong", "misread toll")
        assert mark.claim_key and mark.claim_key.endswith("|19.0|19.0")

    ingest(LOWER, engine)
    ingest(AGAIN, engine)
    ingest(OTHER, engine)  # a different value in the same series still alerts
    assert "23" in _values(engine)

    # any later verdict on the 19 in this series (another outlet's copy, a late verdict of
    # another kind) is held back at the enqueue step; other claims are not
    policy = AlertsConfig()
    with Session(engine) as s:
        verdict = s.get(VerdictRow, first.verdict_id)
        article = s.get(ArticleRow, verdict.article_id)
        [event] = alert_events(s, [verdict], article=article)
        repeat = dataclasses.replace(event, verdict_id=10_000, kind="contradicts")
        other = dataclasses.replace(repeat, verdict_id=10_001, new_low=20.0, new_high=20.0)
        elsewhere = dataclasses.replace(repeat, verdict_id=10_002, series=event.series + "x")
        written = enqueue(s, [repeat, other, elsewhere], policy)
        assert {r.verdict_id for r in written} == {10_001, 10_002}
        s.rollback()


def test_mark_again_replaces_and_errors_are_one_line(engine, db_url: str) -> None:
    ingest(OLD, engine)
    ingest(NEW, engine)
    alert = _rows(engine)[0]
    assert _cli(db_url, "alerts", "mark", str(alert.id), "wrong").exit_code == 0
    assert _cli(db_url, "alerts", "mark", str(alert.id), "right").exit_code == 0
    with Session(engine) as s:
        [mark] = s.exec(select(AlertMarkRow)).all()
        assert mark.mark == "right" and mark.why is None

    bad = _figwatch(db_url, "alerts", "mark", str(alert.id), "maybe")
    assert bad.returncode == 2 and bad.stderr.strip().splitlines() == [
        "error: mark: expected one of right, wrong, got 'maybe'"
    ]
    missing = _figwatch(db_url, "alerts", "mark", "999999", "right")
    assert missing.returncode == 2 and "no alert with id 999999" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_status_precision_over_7_and_30_days(engine, db_url: str) -> None:
    ingest(OLD, engine)
    ingest(NEW, engine)
    ingest(OTHER, engine)
    rows = _rows(engine)
    verdicts = {}
    for r in rows:
        verdicts.setdefault(r.verdict_id, r)
    assert len(verdicts) >= 2
    first, second = list(verdicts.values())[:2]
    # the first alert went out 20 days ago: in the 30-day window, not the 7-day one
    old = datetime.now(UTC) - timedelta(days=20)
    with engine.begin() as conn:
        conn.execute(
            update(OutboxRow).where(OutboxRow.verdict_id == first.verdict_id).values(created_at=old)
        )
    assert _cli(db_url, "alerts", "mark", str(first.id), "wrong").exit_code == 0
    assert _cli(db_url, "alerts", "mark", str(second.id), "right").exit_code == 0
    with Session(engine) as s:
        week, month = precision(s, 7), precision(s, 30)
    assert (week["right"], week["wrong"], week["precision"]) == (1, 0, 1.0)
    assert (month["right"], month["wrong"], month["precision"]) == (1, 1, 0.5)
    assert month["alerts"] == len(verdicts) and week["alerts"] == len(verdicts) - 1

    result = _cli(db_url, "status", "--json")
    assert result.exit_code == 0, result.output
    section = json.loads(result.output)["alert precision"]
    assert section["last_7_days"]["precision"] == 1.0
    assert section["last_30_days"]["precision"] == 0.5
    text = _cli(db_url, "status")
    assert "alert precision" in text.output and "precision=0.5" in text.output


def test_export_marked_is_a_labelled_set(engine, db_url: str, tmp_path: Path) -> None:
    ingest(OLD, engine)
    ingest(NEW, engine)
    ingest(OTHER, engine)
    rows = _rows(engine)
    assert (
        _cli(db_url, "alerts", "mark", str(rows[0].id), "wrong", "--why", "old toll").exit_code == 0
    )

    out = tmp_path / "labels.jsonl"
    result = _cli(db_url, "alerts", "export", "--marked", "-o", str(out))
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["mark"] == "wrong" and record["why"] == "old toll"
    assert record["alert_id"] == rows[0].id and record["verdict_id"] == rows[0].verdict_id
    assert record["new_sentence"] and record["old_sentence"]
    assert record["new_url"] == NEW.url and record["old_url"] == OLD.url
    assert (record["old_value_text"], record["new_value_text"]) == ("12", "19")
    assert (record["new_low"], record["old_low"]) == (19, 12)
    assert record["claim"].endswith("|19.0|19.0") and record["marked_at"]

    everything = _cli(db_url, "alerts", "export")  # all alerts, one per verdict, to stdout
    lines = [json.loads(line) for line in everything.output.splitlines()]
    assert len(lines) == len({r.verdict_id for r in rows})
    assert [r["mark"] for r in lines].count(None) == len(lines) - 1
