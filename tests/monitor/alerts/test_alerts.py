"""Alerts: policy, outbox idempotency, and real delivery to loopback SMTP and HTTP servers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from monitor.alerts import deliver_due, enqueue, retry, should_alert, status_section
from monitor.alerts.policy import due_at
from monitor.alerts.render import subject
from monitor.alerts.templating import default_html
from monitor.config import AlertsConfig, parse_config
from storage.db import session_scope
from storage.models import DeliveryAttemptRow, OutboxRow
from tests.support.alerts import SECRET, Mailbox, Receiver, event, free_port

LATER = timedelta(hours=2)


def policy(**over) -> AlertsConfig:  # type: ignore[no-untyped-def]
    data = {"backoff": 0.01, "backoff_max": 0.05, "max_attempts": 5, "lease": 60}
    data.update(over)
    return parse_config({"alerts": data}).alerts


def queue(engine: Engine, pol: AlertsConfig, events) -> list[OutboxRow]:  # type: ignore[no-untyped-def]
    with session_scope(engine) as session:
        return enqueue(session, events, pol)


def rows(engine: Engine) -> list[OutboxRow]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxRow).order_by(OutboxRow.id)).all())


# --- policy ---------------------------------------------------------------------------------


def test_policy_defaults_and_watch_list() -> None:
    pol = policy()
    assert should_alert(event(1), pol)
    assert should_alert(event(1, kind="contradicts"), pol)
    assert not should_alert(event(1, kind="confirms"), pol)
    assert not should_alert(event(1, kind="new"), pol)
    watch = policy(watch=["norvale"])
    assert should_alert(event(1, kind="new"), watch)
    assert not should_alert(
        event(1, kind="new", place="Eastmark", story="x", new_sentence="y"), watch
    )
    assert not should_alert(event(1, independent_sources=1), policy(min_sources=2))
    assert not should_alert(event(1), policy(measures=["arrests"]))


def test_quiet_hours_and_digest_delay_the_first_try() -> None:
    pol = policy(quiet_hours="22:00-07:00")
    night = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    assert due_at(night, pol, "immediate") == datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    noon = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert due_at(noon, pol, "immediate") == noon
    digest = policy(digest_every="1h")
    assert due_at(noon + timedelta(minutes=5), digest, "digest") == noon + timedelta(hours=1)


def test_subject_names_story_and_change_and_html_escapes() -> None:
    assert subject([event(1)]) == "Death toll update: 327 → 330, Norvale floods"
    evil = event(1, new_sentence="<script>alert(1)</script>", new_url="javascript:alert(1)")
    html = default_html([evil])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert "\n" not in subject([event(1, story="Line\r\nBcc: victim@example.test")])


def test_config_errors_are_one_line() -> None:
    with pytest.raises(ValueError, match="alerts.channel.0"):
        parse_config({"alerts": {"channel": [{"name": "w", "type": "webhook"}]}})


# --- outbox ---------------------------------------------------------------------------------


def test_one_verdict_alerts_once_ever(engine: Engine, tmp_path: Path) -> None:
    pol = policy(jsonl_path=str(tmp_path / "a.jsonl"))
    first = queue(engine, pol, [event(1), event(2), event(3, kind="confirms")])
    assert len(first) == 4  # two verdicts x (console, jsonl)
    assert queue(engine, pol, [event(1), event(2)]) == []
    assert len(rows(engine)) == 4
    stats = deliver_due(engine, pol)
    assert stats.delivered == 4
    lines = (tmp_path / "a.jsonl").read_text().splitlines()
    assert sorted(json.loads(x)["alerts"][0]["verdict_id"] for x in lines) == [1, 2]
    assert deliver_due(engine, pol, now=datetime.now(UTC) + LATER).claimed == 0
    assert queue(engine, pol, [event(1)]) == []


def test_enqueue_rolls_back_with_the_ingest_transaction(engine: Engine) -> None:
    pol = policy()
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        enqueue(session, [event(9)], pol)
        raise RuntimeError("ingest failed")
    assert rows(engine) == []


def test_claim_is_exclusive(engine: Engine) -> None:
    from monitor.alerts.outbox import claim

    pol = policy(channel=[{"name": "j", "type": "jsonl"}])
    queue(engine, pol, [event(i) for i in range(1, 6)])
    now = datetime.now(UTC)
    a = claim(engine, pol, "a", now, 3)
    b = claim(engine, pol, "b", now, 10)
    assert len(a) == 3 and len(b) == 2 and not set(a) & set(b)
    assert claim(engine, pol, "c", now, 10) == []
    # an expired lease (a killed deliverer) makes the rows claimable again
    assert sorted(claim(engine, pol, "c", now + timedelta(seconds=61), 10)) == sorted(a + b)


# --- webhook --------------------------------------------------------------------------------


def webhook_policy(url: str, **over) -> AlertsConfig:  # type: ignore[no-untyped-def]
    return policy(channel=[{"name": "hook", "type": "webhook", "url": url, "timeout": 5}], **over)


def test_webhook_500_then_200_delivers_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", SECRET)
    with Receiver([500, 503, 429]) as rx:
        pol = webhook_policy(rx.url)
        queue(engine, pol, [event(1)])
        now = datetime.now(UTC)
        for i in range(5):
            deliver_due(engine, pol, now=now + timedelta(seconds=i))
        got = rx.verified()
    assert [len(g["alerts"]) for g in got] == [1, 1, 1, 1]
    assert len({g["delivery_id"] for g in got}) == 1  # retries carry the same delivery id
    (row,) = rows(engine)
    assert row.state == "delivered" and row.attempts == 4
    alert = got[-1]["alerts"][0]
    assert got[-1]["schema_version"] == 1
    assert alert["kind"] == "updates" and alert["new"]["value_text"] == "330"
    assert alert["old"]["sentence"].startswith("At least 327")
    assert alert["independent_sources"] == 2 and alert["cluster_id"] == 7
    with Session(engine) as s:
        outcomes = [a.outcome for a in s.exec(select(DeliveryAttemptRow)).all()]
    assert outcomes == ["retry", "retry", "retry", "delivered"]


def test_webhook_410_is_a_dead_letter_and_not_retried(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", SECRET)
    with Receiver([410]) as rx:
        pol = webhook_policy(rx.url)
        queue(engine, pol, [event(1)])
        stats = deliver_due(engine, pol)
        assert stats.dead == 1
        assert deliver_due(engine, pol, now=datetime.now(UTC) + LATER).claimed == 0
        assert len(rx.posts) == 1
        with Session(engine) as s:
            section = status_section(s)
        assert section["outbox"]["dead"] == 1
        assert "410" in section["dead_letters"][0]["error"]
        (row,) = rows(engine)
        assert retry(engine, row.id)  # type: ignore[arg-type]
        assert deliver_due(engine, pol).delivered == 1
        assert len(rx.verified()) == 2


def test_webhook_down_then_dead_after_max_attempts(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", SECRET)
    pol = webhook_policy(f"http://127.0.0.1:{free_port()}/hook", max_attempts=3)
    queue(engine, pol, [event(1)])
    now = datetime.now(UTC)
    results = [deliver_due(engine, pol, now=now + timedelta(seconds=i)) for i in range(4)]
    assert [r.retried for r in results] == [1, 1, 0, 0]
    assert [r.dead for r in results] == [0, 0, 1, 0]


def test_webhook_timeout_is_retried(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", SECRET)
    with Receiver(delay=1.5) as rx:
        pol = policy(channel=[{"name": "hook", "type": "webhook", "url": rx.url, "timeout": 0.3}])
        queue(engine, pol, [event(1)])
        assert deliver_due(engine, pol).retried == 1


# --- email ----------------------------------------------------------------------------------


class _Auth:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def __call__(self, server, session, envelope, mechanism, data):  # type: ignore[no-untyped-def]
        self.seen.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=data.password == b"pw-from-env")


def test_email_server_down_then_up_delivers_each_alert_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("FIGWATCH_SMTP_USER", "editor")
    monkeypatch.setenv("FIGWATCH_SMTP_PASSWORD", "pw-from-env")
    port = free_port()
    pol = policy(
        channel=[
            {
                "name": "desk",
                "type": "email",
                "to": ["desk@example.test"],
                "from_addr": "figwatch@example.test",
                "host": "127.0.0.1",
                "port": port,
                "security": "none",
            }
        ]
    )
    queue(engine, pol, [event(1), event(2, kind="contradicts", new_value_text="25,000")])
    now = datetime.now(UTC)
    for i in range(3):  # the server is down for the first three rounds
        assert deliver_due(engine, pol, now=now + timedelta(seconds=i)).retried == 2
    box, auth = Mailbox(), _Auth()
    ctl = Controller(
        box, hostname="127.0.0.1", port=port, authenticator=auth, auth_require_tls=False
    )
    ctl.start()
    try:
        for i in range(3, 6):
            deliver_due(engine, pol, now=now + timedelta(seconds=i))
    finally:
        ctl.stop()
    assert len(box.messages) == 2
    assert auth.seen and auth.seen[0] == ("editor", "pw-from-env")
    subjects = sorted(m["Subject"] for _, m in box.messages)
    assert subjects[1] == "Death toll update: 327 → 330, Norvale floods"
    assert subjects[0].startswith("Death toll contradiction: 327 → 25,000")
    _, msg = box.messages[0]
    assert msg.is_multipart()
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "https://example.test/norvale-330" in text and "Officials in Norvale" in html
    assert all(r.state == "delivered" and r.attempts == 4 for r in rows(engine))
    assert "pw-from-env" not in caplog.text


def test_email_header_injection_is_impossible(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, mailbox: Mailbox
) -> None:
    monkeypatch.delenv("FIGWATCH_SMTP_USER", raising=False)
    pol = policy(
        channel=[
            {
                "name": "desk",
                "type": "email",
                "to": ["desk@example.test"],
                "host": "127.0.0.1",
                "port": mailbox.port,
                "security": "none",
            }
        ]
    )
    queue(engine, pol, [event(1, story="Floods\r\nBcc: victim@example.test\r\nX-Evil: 1")])
    assert deliver_due(engine, pol).delivered == 1
    ((rcpts, msg),) = mailbox.messages
    assert rcpts == ["desk@example.test"]
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert "Bcc: victim" in msg["Subject"]  # folded into the subject, harmless


def test_digest_sends_one_message_per_channel(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "d.jsonl"
    pol = policy(
        mode="digest", digest_every="1h", channel=[{"name": "j", "type": "jsonl", "path": str(out)}]
    )
    queue(engine, pol, [event(i) for i in range(1, 4)])
    assert deliver_due(engine, pol).claimed == 0  # not due before the digest time
    stats = deliver_due(engine, pol, now=datetime.now(UTC) + LATER)
    assert stats.delivered == 3 and stats.messages == 1
    (line,) = out.read_text().splitlines()
    assert len(json.loads(line)["alerts"]) == 3


def test_documented_receiver_snippet_verifies_a_real_delivery(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = (Path(__file__).resolve().parents[3] / "docs" / "alerts.md").read_text()
    snippet = doc.split("### Verifying a delivery")[1].split("```python")[1].split("```")[0]
    namespace: dict = {}
    exec(compile(snippet, "docs/alerts.md", "exec"), namespace)  # noqa: S102
    verify = namespace["verify"]
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", SECRET)
    with Receiver() as rx:
        pol = webhook_policy(rx.url)
        queue(engine, pol, [event(1)])
        deliver_due(engine, pol)
    ((headers, body),) = rx.posts
    assert verify(body, headers, SECRET)["alerts"][0]["verdict_id"] == 1
    with pytest.raises(ValueError, match="signature"):
        verify(body.replace(b"330", b"331"), headers, SECRET)
    with pytest.raises(ValueError, match="signature"):
        verify(body, headers, "wrong-secret")
    old = {**headers, "X-Figwatch-Timestamp": str(int(headers["X-Figwatch-Timestamp"]) - 600)}
    with pytest.raises(ValueError, match="timestamp"):
        verify(body, old, SECRET)


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (also the CA file the client trusts)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_email_over_tls_with_login(
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    tls_files: tuple[Path, Path],
    security: str,
) -> None:
    import ssl

    cert_file, key_file = tls_files
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert_file, key_file)
    monkeypatch.setenv("FIGWATCH_SMTP_USER", "editor")
    monkeypatch.setenv("FIGWATCH_SMTP_PASSWORD", "pw-from-env")
    port = free_port()
    box, auth = Mailbox(), _Auth()
    if security == "ssl":
        # aiosmtpd only counts STARTTLS as TLS for AUTH; this connection is TLS from the start
        ctl = Controller(
            box,
            hostname="127.0.0.1",
            port=port,
            ssl_context=server_ctx,
            authenticator=auth,
            auth_require_tls=False,
        )
    else:
        ctl = Controller(
            box,
            hostname="127.0.0.1",
            port=port,
            tls_context=server_ctx,
            require_starttls=True,
            authenticator=auth,
        )
    ctl.start()
    try:
        pol = policy(
            channel=[
                {
                    "name": "desk",
                    "type": "email",
                    "to": ["desk@example.test"],
                    "host": "127.0.0.1",
                    "port": port,
                    "security": security,
                    "ca_file": str(cert_file),
                }
            ]
        )
        queue(engine, pol, [event(1)])
        stats = deliver_due(engine, pol)
    finally:
        ctl.stop()
    assert stats.delivered == 1, stats.errors
    assert len(box.messages) == 1 and auth.seen == [("editor", "pw-from-env")]


def test_apprise_channel_posts_through_a_real_url(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Receiver([500]) as rx:
        monkeypatch.setenv("FIGWATCH_TEST_APPRISE", rx.url.replace("http://", "json://"))
        pol = policy(
            channel=[{"name": "chat", "type": "apprise", "urls_env": "FIGWATCH_TEST_APPRISE"}]
        )
        queue(engine, pol, [event(1)])
        assert deliver_due(engine, pol).retried == 1  # the endpoint answered 500
        assert deliver_due(engine, pol, now=datetime.now(UTC) + LATER).delivered == 1
    body = json.loads(rx.posts[-1][1])
    assert body["title"] == "Death toll update: 327 → 330, Norvale floods"
    assert "Officials in Norvale said 330" in body["message"]


def test_default_channels_print_and_append(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pol = policy()  # no channel configured: console + figwatch-alerts.jsonl beside the database
    queue(engine, pol, [event(1)])
    url = f"sqlite:///{tmp_path / 'x.db'}"
    stats = deliver_due(engine, pol, database_url=url)
    assert stats.delivered == 2
    assert "Death toll update: 327 → 330" in capsys.readouterr().out
    line = (tmp_path / "figwatch-alerts.jsonl").read_text().strip()
    assert json.loads(line)["alerts"][0]["old"]["value_text"] == "327"


def test_concurrent_deliverers_send_each_alert_once(engine: Engine, tmp_path: Path) -> None:
    import threading

    out = tmp_path / "c.jsonl"
    pol = policy(batch=3, channel=[{"name": "j", "type": "jsonl", "path": str(out)}])
    queue(engine, pol, [event(i) for i in range(1, 31)])
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        for _ in range(20):
            deliver_due(engine, pol)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = [json.loads(x)["alerts"][0]["verdict_id"] for x in out.read_text().splitlines()]
    assert sorted(ids) == list(range(1, 31))


def test_stop_request_gives_back_claimed_rows(engine: Engine, tmp_path: Path) -> None:
    import threading

    pol = policy(channel=[{"name": "j", "type": "jsonl", "path": str(tmp_path / "s.jsonl")}])
    queue(engine, pol, [event(i) for i in range(1, 4)])
    stop = threading.Event()
    stop.set()
    stats = deliver_due(engine, pol, stop=stop)
    assert stats.claimed == 3 and stats.released == 3 and stats.delivered == 0
    assert [(r.state, r.attempts) for r in rows(engine)] == [("pending", 0)] * 3


def test_missing_webhook_secret_is_a_dead_letter_with_a_clear_error(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands check secrets at start (tests/monitor/alerts/test_webhook_signatures.py); if one still goes
    missing before a delivery, that is a configuration error: no retries, nothing unsigned."""
    monkeypatch.delenv("FIGWATCH_WEBHOOK_SECRET", raising=False)
    with Receiver() as rx:
        pol = webhook_policy(rx.url)
        queue(engine, pol, [event(1)])
        stats = deliver_due(engine, pol)
        assert rx.posts == []  # nothing unsigned is ever sent
    assert stats.dead == 1 and stats.retried == 0
    error = rows(engine)[0].last_error or ""
    assert error.startswith("configuration error: channel 'hook'")
    assert "neither FIGWATCH_WEBHOOK_SECRET nor FIGWATCH_WEBHOOK_SECRET_FILE is set" in error


def test_cli_alerts_test_sends_a_signed_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from figwatch.cli import app
    from monitor.errors import UserError

    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", SECRET)
    with Receiver([200, 404]) as rx:
        cfg = tmp_path / "f.toml"
        cfg.write_text(
            f'[[alerts.channel]]\nname = "cms"\ntype = "webhook"\nurl = "{rx.url}"\n',
            encoding="utf-8",
        )
        base = ["--config", str(cfg), "--db", f"sqlite:///{tmp_path / 'f.db'}", "alerts", "test"]
        result = CliRunner().invoke(app, [*base, "cms"])
        assert result.exit_code == 0, result.output
        (got,) = rx.verified()
        assert got["alerts"][0]["story"] == "figwatch test alert"
        result = CliRunner().invoke(app, [*base, "cms"])
        assert isinstance(result.exception, UserError)
        assert "permanent" in str(result.exception) and "404" in str(result.exception)
        result = CliRunner().invoke(app, [*base, "nope"])
        assert isinstance(result.exception, UserError)
