"""Scraped strings in alerts: escaped in HTML mail, one line in headers, intact in webhook JSON.

Runs against monitor.alerts.render, what every channel renders with.
"""

from __future__ import annotations

import json
from email import message_from_string
from email.message import EmailMessage

import pytest

from monitor.alerts import render, templating
from monitor.alerts.event import AlertEvent
from tests.hostile.payloads import (
    ALL,
    HEADER_PAYLOADS,
    HTML_PAYLOADS,
    assert_header_safe,
    assert_html_escaped,
    assert_json_roundtrip,
)


def hostile_event(payload: str, i: int = 1) -> AlertEvent:
    return AlertEvent(
        verdict_id=i,
        kind="contradicts",
        measure="dead",
        group=payload,
        place=payload,
        new_value_text="41",
        old_value_text="27",
        new_low=41,
        new_high=41,
        old_low=27,
        old_high=27,
        new_sentence=f"At least 41 died, said {payload}.",
        old_sentence=f"27 dead ({payload})",
        new_url="javascript:alert(document.cookie)",
        old_url="https://lorn-gazette.test/a.html",
        new_title=payload,
        old_title=payload,
        new_claimant=payload,
        old_claimant="Lorn council",
        story=payload,
    )


@pytest.mark.parametrize("payload", HTML_PAYLOADS)
def test_html_alert_escapes_scraped_text(payload: str) -> None:
    html = templating.default_html([hostile_event(payload)])
    assert_html_escaped(html, payload)
    assert 'href="javascript:' not in html


@pytest.mark.parametrize(
    "payload",
    [
        *HEADER_PAYLOADS,
        *HTML_PAYLOADS,
    ],
)
def test_subject_is_one_header_line(payload: str) -> None:
    subject = render.subject([hostile_event(payload)])
    assert_header_safe(subject)
    msg = EmailMessage()
    msg["Subject"] = subject
    msg.set_content("x")
    parsed = message_from_string(msg.as_string())
    assert parsed["Bcc"] is None and parsed.get_content_type() == "text/plain"


def test_webhook_payload_carries_payloads_as_json_strings() -> None:
    pairs = [(f"key-{i}", hostile_event(p, i)) for i, p in enumerate(ALL)]
    body = json.dumps(render.webhook_payload(pairs, "delivery-1", 0)).encode()
    for payload in ALL:
        assert_json_roundtrip(body, payload)
