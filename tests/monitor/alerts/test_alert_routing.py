"""Per-channel routes and templates, delivered for real to a local SMTP server and webhook."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.alerts import deliver_due, enqueue
from monitor.alerts.policy import channel_wants
from monitor.alerts.templating import CONTEXT, FIELDS
from monitor.article import Article
from monitor.config import AlertsConfig, parse_config
from monitor.errors import ConfigError
from monitor.ingest import ingest
from storage.db import session_scope
from storage.models import OutboxRow
from tests.support.alerts import Mailbox, event, free_port

DOCS = Path(__file__).resolve().parents[3] / "docs" / "alerts.md"


def alerts(**data) -> AlertsConfig:  # type: ignore[no-untyped-def]
    return parse_config({"alerts": {"backoff": 0.01, **data}}).alerts


def channel(routes: list[dict], **over):  # type: ignore[no-untyped-def]
    return alerts(channel=[{"name": "c", "type": "console", "route": routes, **over}]).channels[0]


#: a cholera count in Nigeria, a quake toll in Balochistan, a flood toll in a fictional county
CHOLERA = event(
    1,
    measure="cases",
    group=None,
    place="Kano",
    new_sentence="Health officials in Kano said 1,200 cholera cases had been recorded.",
    story="Kano cholera outbreak",
    story_event="epidemic",
    story_id=31,
    areas=["geo:2335204", "NG-KN", "NG"],
    source="wire-health",
)
QUAKE = event(
    2,
    place="Balochistan",
    new_sentence="The quake killed 41 people in Balochistan, officials said.",
    story="Balochistan earthquake",
    story_event="earthquake",
    story_id=32,
    areas=["PK-BA", "PK"],
    source="dawn-feed",
)
FLOOD = event(3, source="courier-pages", story_id=33, story_event="flood")


def routed(ch, *events) -> list[int]:  # type: ignore[no-untyped-def]
    return [e.verdict_id for e in events if channel_wants(ch, e)]


# --- routes ---------------------------------------------------------------------------------


def test_routes_by_measure_words_story_place_source_and_kind() -> None:
    every = (CHOLERA, QUAKE, FLOOD)
    assert routed(channel([]), *every) == [1, 2, 3]  # no route: everything
    assert routed(channel([{"measures": ["cases"]}]), *every) == [1]
    assert routed(channel([{"words": ["cholera", "measles"]}]), *every) == [1]
    assert routed(channel([{"stories": ["epidemic"]}]), *every) == [1]  # the event kind
    assert routed(channel([{"stories": ["#32"]}]), *every) == [2]  # the story id
    assert routed(channel([{"stories": ["33"]}]), *every) == [3]
    assert routed(channel([{"stories": ["earthquake"]}]), *every) == [2]
    assert routed(channel([{"stories": ["Norvale floods"]}]), *every) == [3]  # its name's words
    assert routed(channel([{"places": ["Pakistan"]}]), *every) == [2]  # resolved in the gazetteer
    assert routed(channel([{"places": ["PK"]}]), *every) == [2]  # or given as a code
    assert routed(channel([{"places": ["Nigeria"]}]), *every) == [1]
    assert routed(channel([{"places": ["Norvale"]}]), *every) == [3]  # unknown: its words
    assert routed(channel([{"sources": ["dawn-*", "wire-*"]}]), *every) == [1, 2]
    assert routed(channel([{"kinds": ["contradicts"]}]), *every) == []
    # within a route every list must match; any one route is enough
    assert routed(channel([{"measures": ["deaths"], "places": ["Pakistan"]}]), *every) == [2]
    assert routed(channel([{"measures": ["cases"]}, {"places": ["PK"]}]), *every) == [1, 2]
    # the channel-wide kinds still narrow every route
    assert routed(channel([{"places": ["PK"]}], kinds=["contradicts"]), *every) == []


def test_a_country_route_does_not_take_a_same_named_word_elsewhere() -> None:
    # "Georgia" the country (GE) is not the US state in the figure's area chain
    atlanta = event(4, place="Atlanta", areas=["geo:4180439", "US-GA", "US"])
    assert routed(channel([{"places": ["Georgia"]}]), atlanta) == [] or routed(
        channel([{"places": ["US-GA"]}]), atlanta
    ) == [4]
    assert routed(channel([{"places": ["US-GA"]}]), atlanta) == [4]


def test_route_and_template_mistakes_are_one_line_config_errors() -> None:
    bad = [
        ({"route": [{"kinds": ["stale"]}]}, "unknown verdict kind 'stale'"),
        ({"route": [{"places": [" "]}]}, "must not be blank"),
        ({"route": [{"region": ["PK"]}]}, "route.0.region"),
        ({"subject_template": "{{ alert.headlin }}"}, "has no attribute 'headlin'"),
        ({"body_template": "{% for a in alerts %}"}, "body_template line 1"),
        ({"body_template": "{{ alert.old_low + 1 }}"}, "guard values that may be none"),
        # the sandbox: no way from a template to Python internals
        ({"body_template": "{{ alert.__class__.__mro__ }}"}, "unsafe"),
        ({"body_template": "{{ ''.__class__.__subclasses__() }}"}, "unsafe"),
        ({"body_template": "{{ alerts.append(1) }}"}, "unsafe"),
    ]
    for extra, message in bad:
        with pytest.raises(ConfigError) as exc:
            alerts(channel=[{"name": "desk", "type": "email", "to": ["d@example.test"], **extra}])
        assert message in str(exc.value) and "\n" not in str(exc.value), (extra, exc.value)
    with pytest.raises(ConfigError, match="html_template is for email"):
        alerts(channel=[{"name": "w", "type": "webhook", "url": "http://x/", "html_template": "x"}])
    with pytest.raises(ConfigError, match="only subject_template applies"):
        alerts(channel=[{"name": "w", "type": "webhook", "url": "http://x/", "body_template": "x"}])


def test_documented_fields_are_the_template_fields() -> None:
    doc = DOCS.read_text(encoding="utf-8")
    section = doc.split("### Template fields")[1].split("\n## ")[0]
    documented = {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")}
    assert documented == set(FIELDS) | set(CONTEXT)
    from monitor.alerts.templating import alert_fields

    assert set(alert_fields(FLOOD)) == set(FIELDS)


# --- real delivery --------------------------------------------------------------------------

DESKS = [
    {
        "name": "health",
        "type": "email",
        "to": ["health@example.test"],
        "route": [{"measures": ["cases"]}, {"words": ["cholera", "measles"]}],
        "subject_template": "[health] {{ alert.headline }}: {{ alert.change }} ({{ alert.place }})",
        "body_template": (
            "{% for a in alerts %}{{ a.measure_label }} in {{ a.place }}: {{ a.change }}\n"
            "{{ a.new_sentence }}\n{{ a.new_url }}\n{% endfor %}-- {{ channel }} desk"
        ),
        "html_template": (
            "<h1>{{ subject }}</h1>{% for a in alerts %}<p>{{ a.new_sentence }}</p>"
            '<a href="{{ a.new_url | href }}">new</a>{% endfor %}'
        ),
    },
    {
        "name": "foreign",
        "type": "email",
        "to": ["foreign@example.test"],
        "route": [{"places": ["Pakistan", "Afghanistan"]}],
    },
    {"name": "all", "type": "email", "to": ["all@example.test"]},
]


def _mail_policy(port: int) -> AlertsConfig:
    channels = [{**d, "host": "127.0.0.1", "port": port, "security": "none"} for d in DESKS]
    return alerts(kinds=["new", "updates"], channel=channels)


def test_desks_get_their_alerts_by_mail_with_their_templates(engine: Engine) -> None:
    box, port = Mailbox(), free_port()
    ctl = Controller(box, hostname="127.0.0.1", port=port)
    ctl.start()
    hostile = event(
        5,
        measure="cases",
        place="Kano\r\nBcc: victim@example.test",
        new_sentence='<script>alert("x")</script> 300 cases',
        new_url="javascript:alert(1)",
    )
    try:
        pol = _mail_policy(port)
        with session_scope(engine) as s:
            enqueue(s, [CHOLERA, QUAKE, FLOOD, hostile], pol)
        stats = deliver_due(engine, pol)
    finally:
        ctl.stop()
    assert stats.delivered == 4 + 1 + 2, stats.errors  # all: 4, foreign: 1, health: 2
    by_desk: dict[str, list] = {}
    for rcpts, msg in box.messages:
        by_desk.setdefault(rcpts[0].split("@")[0], []).append(msg)
    assert {k: len(v) for k, v in by_desk.items()} == {"health": 2, "foreign": 1, "all": 4}
    health = {m["Subject"]: m for m in by_desk["health"]}
    cholera = health["[health] Cases update: 327 → 330 (Kano)"]
    text = cholera.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("Cases in Kano: 327 → 330\nHealth officials in Kano said 1,200")
    assert text.rstrip().endswith("-- health desk")
    html = cholera.get_body(("html",)).get_content()
    assert html.startswith("<h1>[health] Cases update")
    # scraped text: one header line, escaped HTML, no javascript: link
    (evil,) = [m for s, m in health.items() if "Bcc" in s]
    assert evil["Bcc"] is None and "\n" not in evil["Subject"]
    evil_html = evil.get_body(("html",)).get_content()
    assert "<script>" not in evil_html and "&lt;script&gt;" in evil_html
    assert 'href="#"' in evil_html and "javascript:" not in evil_html
    # the foreign desk uses the built-in templates
    (quake,) = by_desk["foreign"]
    assert quake["Subject"] == "Death toll update: 327 → 330, Balochistan earthquake"


def test_a_template_failing_on_a_real_alert_falls_back_to_the_built_in_one(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "a.jsonl"
    # the sample sentences are long enough; this one is not, so [45] is undefined
    pol = alerts(
        channel=[
            {
                "name": "j",
                "type": "jsonl",
                "path": str(out),
                "subject_template": "{{ alert.new_sentence[45] }}",
            }
        ]
    )
    with session_scope(engine) as s:
        enqueue(s, [event(1, new_sentence="Twelve died.")], pol)
    assert deliver_due(engine, pol).delivered == 1
    assert json.loads(out.read_text())["subject"] == "Death toll update: 327 → 330, Norvale floods"
    assert "subject_template failed on this alert" in caplog.text


def test_ingest_routes_a_real_article_by_its_resolved_place(engine: Engine) -> None:
    """From articles to outbox rows: the figure's area (from the gazetteer) picks the desk."""
    pol = alerts(
        channel=[
            {"name": "foreign", "type": "console", "route": [{"places": ["Pakistan"]}]},
            {"name": "libya", "type": "console", "route": [{"places": ["Libya"]}]},
            {"name": "quakes", "type": "console", "route": [{"stories": ["earthquake"]}]},
            {"name": "wire", "type": "console", "route": [{"sources": ["wire"]}]},
        ]
    )
    # "the earthquake in Balochistan has killed 31": the place names the event, so each toll is
    # the whole story's (a one-off event), and each later one updates the one before; the
    # story's areas (Pakistan) route the alert
    for day, toll, host in ((5, 20, "a"), (6, 31, "b"), (7, 35, "c")):
        article = Article(
            url=f"https://{host}.example/quake-{day}",
            title=f"Balochistan earthquake toll rises to {toll}",
            text=f"The earthquake in Balochistan has killed {toll} people, Pakistan's disaster "
            "agency said on Tuesday.",
            published=datetime(2025, 5, day, 9, tzinfo=UTC),
            source="wire",
        )
        ingest(article, engine, alerts=pol)
    with Session(engine) as s:
        got = s.exec(select(OutboxRow)).all()
    assert got, "no alert: the verdict engine judged no update"
    assert {r.channel for r in got} == {"foreign", "quakes", "wire"}
    payload = json.loads(got[0].payload)
    assert "PK" in payload["areas"] and payload["story_event"] == "earthquake"
    assert payload["source"] == "wire" and payload["new_url"].startswith(
        f"https://{payload['site']}/"
    )
    assert payload["areas"][-1] == "PK" and payload["story_id"] is not None
