"""Verdicts become alert events with both sides right, even when articles arrive out of order."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from monitor.article import Article
from monitor.ingest import ingest
from storage.models import OutboxRow

OLD = Article(
    url="https://a.example/toll-1",
    title="Floods in Marrow county kill 12",
    text="Twelve people have been killed in the floods in Marrow county, the county fire "
    "service said on Tuesday.",
    published=datetime(2025, 4, 1, 9, tzinfo=UTC),
)
NEW = Article(
    url="https://b.example/toll-2",
    title="Marrow county flood toll rises to 19",
    text="The county fire service said on Wednesday that 19 people had been killed in the "
    "floods in Marrow county.",
    published=datetime(2025, 4, 2, 9, tzinfo=UTC),
)


def _alerts(engine) -> list[dict]:
    with Session(engine) as s:
        return [json.loads(r.payload) for r in s.exec(select(OutboxRow))]


def test_update_in_publication_order(engine) -> None:
    ingest(OLD, engine)
    ingest(NEW, engine)
    [event] = {json.dumps(e, sort_keys=True): e for e in _alerts(engine)}.values()
    assert event["kind"] == "updates"
    assert (event["old_value_text"], event["new_value_text"]) == ("12", "19")
    assert event["new_url"] == NEW.url and event["old_url"] == OLD.url
    assert event["new_title"] == NEW.title and event["old_title"] == OLD.title


def test_late_verdict_names_the_newer_article_as_the_new_side(engine) -> None:
    ingest(NEW, engine)  # the newer article is crawled first
    ingest(OLD, engine)  # the older one arrives late: the update is found now
    events = _alerts(engine)
    assert events and all(e["kind"] == "updates" for e in events)
    event = events[0]
    assert (event["old_value_text"], event["new_value_text"]) == ("12", "19")
    assert event["new_url"] == NEW.url and event["new_title"] == NEW.title
    assert event["old_url"] == OLD.url and event["old_title"] == OLD.title
    assert event["new_published"].startswith("2025-04-02")


def test_value_text_reads_like_the_article() -> None:
    from monitor.alerts.verdict_events import value_text
    from monitor.figures import extract_figures

    def first(sentence: str) -> str:
        return value_text(extract_figures(sentence)[0])

    assert first("About 4,500 people have been displaced in Orvenna, the governor said.") == (
        "about 4,500"
    )
    assert first("At least 60 people were killed in Orvenna, the charity said.") == "at least 60"
    assert first("Between 300 and 400 people were evacuated from Orvenna, police said.") == (
        "300–400"
    )


def _estimate_pair(high: str, who: str = "the district governor") -> tuple[Article, Article]:
    old = Article(
        url="https://a.example/quake-1",
        title="Quake in Tarrow district",
        text="The quake in Tarrow district has killed 140 people, the district governor said.",
        published=datetime(2025, 5, 1, 9, tzinfo=UTC),
    )
    new = Article(
        url="https://b.example/quake-2",
        title="Tarrow district quake toll",
        text=f"The quake in Tarrow district has killed {high} people, {who} said.",
        published=datetime(2025, 5, 2, 9, tzinfo=UTC),
    )
    return old, new


def test_a_change_to_an_estimate_is_recorded_but_alerts_only_when_asked(engine) -> None:
    from storage.models import VerdictRow

    old, new = _estimate_pair("about 2,000", "the regional police")
    ingest(old, engine)
    ingest(new, engine)
    with Session(engine) as s:
        kinds = [v.kind for v in s.exec(select(VerdictRow))]
    assert "updates" in kinds  # found, and shown in the figures report
    assert _alerts(engine) == []  # but not alerted by default


@pytest.mark.parametrize("high", ["212", "about 2,000"])
def test_a_count_or_a_claimants_own_estimate_alerts(engine, high: str) -> None:
    old, new = _estimate_pair(high)  # the governor revises his own count
    ingest(old, engine)
    ingest(new, engine)
    events = _alerts(engine)  # one row per default channel
    assert {(e["kind"], e["estimate"]) for e in events} == {("updates", False)}


def test_the_estimates_switch_lets_them_alert() -> None:
    from monitor.alerts import should_alert
    from monitor.config import parse_config
    from tests.support.alerts import event

    est = event(1)
    est.estimate = True
    assert not should_alert(est, parse_config({}).alerts)
    assert should_alert(est, parse_config({"alerts": {"estimates": True}}).alerts)
    est.kind = "new"  # the switch is about changes; 'new' follows the watch list as before
    assert not should_alert(est, parse_config({"alerts": {"estimates": True}}).alerts)


def test_identification_counts_alert_only_with_the_switch() -> None:
    """A change in how many of the dead are identified is recorded, not alerted, unless
    ``[alerts] identification`` is set; the toll's changes alert as before."""
    from monitor.alerts import should_alert
    from monitor.config import parse_config
    from tests.support.alerts import event

    ident = event(1)
    ident.group = "identified"
    assert ident.kind in ("updates", "contradicts", "corrects")
    assert not should_alert(ident, parse_config({}).alerts)
    assert should_alert(ident, parse_config({"alerts": {"identification": True}}).alerts)
    toll = event(1)
    assert should_alert(toll, parse_config({}).alerts)
