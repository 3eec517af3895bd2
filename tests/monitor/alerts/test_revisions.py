"""Edits in place: an outlet changing a figure in an article it already published alerts
"revised", with both sentences and the diff; ``figwatch diff URL`` shows the change."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

from sqlmodel import Session, select

from monitor.alerts import AlertEvent
from monitor.alerts.revisions import version_diff
from monitor.alerts.templating import default_text
from monitor.article import Article
from monitor.config import AlertsConfig
from monitor.ingest import ingest
from storage.models import OutboxRow

URL = "https://news.example.org/2024/05/flood-toll"
BEFORE = (
    "Heavy rain flooded the valley on Tuesday. "
    "Officials said 41 people were killed in the floods in Karsk province. "
    "Roads to the north remain closed."
)
AFTER = BEFORE.replace("41 people were killed", "47 people were killed")

POLICY = AlertsConfig(jsonl_path=None)


def _article(text: str) -> Article:
    return Article(
        url=URL,
        text=text,
        title="Floods kill dozens in Karsk",
        published=datetime(2024, 5, 7, 9, tzinfo=UTC),
        source="local",
    )


def _revised(engine) -> list[OutboxRow]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxRow).where(OutboxRow.kind == "revised")).all())


def test_changed_toll_in_place_alerts_revised_once(engine) -> None:
    first = ingest(_article(BEFORE), engine, alerts=POLICY)
    assert first.status == "new" and first.figures >= 1
    assert _revised(engine) == []
    second = ingest(_article(AFTER), engine, alerts=POLICY)
    assert second.status == "changed" and second.version == 2
    rows = _revised(engine)
    channels = {r.channel for r in rows}
    assert len(rows) == len(channels) >= 1  # one alert per channel
    event = AlertEvent.from_dict(json.loads(rows[0].payload))
    assert event.kind == "revised" and event.measure in {"deaths", "killed", "dead"}
    assert "41 people" in (event.old_sentence or "") and "47 people" in event.new_sentence
    assert event.old_url == event.new_url == URL
    assert event.old_value_text and "41" in event.old_value_text and "47" in event.new_value_text
    assert event.diff is not None
    assert "-Officials said 41 people were killed" in event.diff
    assert "+Officials said 47 people were killed" in event.diff
    assert "Roads to the north" not in event.diff  # only the changed sentence
    with Session(engine) as s:  # the edit is told once: no "update 41 → 47" beside it
        kinds = {r.kind for r in s.exec(select(OutboxRow)).all()}
    assert kinds == {"revised"}
    body = default_text([event])
    assert "revised by the outlet" in body and "+Officials said 47" in body

    # the same text again: no new version, no new alert
    again = ingest(_article(AFTER), engine, alerts=POLICY)
    assert again.status == "unchanged"
    assert len(_revised(engine)) == len(rows)


def test_edit_that_leaves_figures_alone_is_not_revised(engine) -> None:
    ingest(_article(BEFORE), engine, alerts=POLICY)
    edited = ingest(_article(BEFORE + " Schools will reopen next week."), engine, alerts=POLICY)
    assert edited.status == "changed"
    assert _revised(engine) == []


def test_revised_kind_left_out_keeps_the_verdict_alert(engine) -> None:
    assert "revised" in AlertsConfig().kinds
    policy = AlertsConfig(kinds=["updates"], jsonl_path=None)
    ingest(_article(BEFORE), engine, alerts=policy)
    ingest(_article(AFTER), engine, alerts=policy)
    with Session(engine) as s:
        kinds = {r.kind for r in s.exec(select(OutboxRow)).all()}
    assert kinds == {"updates"}


def test_version_diff_is_sentence_by_sentence() -> None:
    lines = version_diff(BEFORE, AFTER, old_label="v1", new_label="v2")
    assert lines[:2] == ["--- v1", "+++ v2"]
    assert [ln for ln in lines if ln[:1] in "+-" and ln[:3] not in ("---", "+++")] == [
        "-Officials said 41 people were killed in the floods in Karsk province.",
        "+Officials said 47 people were killed in the floods in Karsk province.",
    ]
    assert version_diff(BEFORE, BEFORE) == []


def _figwatch(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "figwatch", "--db", db_url, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_diff_piped_and_json(engine, db_url) -> None:
    ingest(_article(BEFORE), engine, alerts=POLICY)
    one = _figwatch(db_url, "diff", URL)
    assert one.returncode == 2 and "one stored version" in one.stderr
    assert len(one.stderr.strip().splitlines()) == 1
    ingest(_article(AFTER), engine, alerts=POLICY)

    piped = _figwatch(db_url, "diff", URL)
    assert piped.returncode == 0, piped.stderr
    out = piped.stdout.splitlines()
    assert out[0].startswith(f"--- {URL} (version 1") and out[1].startswith(f"+++ {URL} (version 2")
    assert "-Officials said 41 people were killed in the floods in Karsk province." in out
    assert "+Officials said 47 people were killed in the floods in Karsk province." in out
    assert "\x1b" not in piped.stdout  # no colour codes when piped

    as_json = _figwatch(db_url, "diff", URL, "--from", "1", "--to", "2", "--json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["url"] == URL and data["changed"] is True
    assert data["from"]["number"] == 1 and data["to"]["number"] == 2
    assert "+Officials said 47 people were killed in the floods in Karsk province." in data["diff"]

    unknown = _figwatch(db_url, "diff", "https://news.example.org/never")
    assert unknown.returncode == 2 and "no stored article" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    missing = _figwatch(db_url, "diff", URL, "--to", "5")
    assert missing.returncode == 2 and "no version 4 or 5" in missing.stderr
