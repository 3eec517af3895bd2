"""Webhook signatures (figwatch, Standard Webhooks, both, none) checked by a real receiver, and
missing secrets refused when a command starts."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from typer.testing import CliRunner

from figwatch.cli import app
from monitor.alerts import deliver_due, enqueue
from monitor.config import parse_config
from monitor.errors import ConfigError
from storage.db import session_scope
from tests.support.alerts import SECRET, Receiver, event

#: a Standard Webhooks secret: whsec_ + base64 of 32 random bytes (fixed for the tests)
STANDARD = "whsec_" + base64.b64encode(bytes(range(32))).decode()
DOCS = Path(__file__).resolve().parents[3] / "docs" / "alerts.md"


def hook_policy(url: str, **over):  # type: ignore[no-untyped-def]
    ch = {"name": "hook", "type": "webhook", "url": url, "timeout": 5, **over}
    return parse_config({"alerts": {"backoff": 0.01, "channel": [ch]}}).alerts


def send(engine: Engine, url: str, n: int = 1, **over) -> None:  # type: ignore[no-untyped-def]
    pol = hook_policy(url, **over)
    with session_scope(engine) as s:
        enqueue(s, [event(i) for i in range(1, n + 1)], pol)
    stats = deliver_due(engine, pol)
    assert stats.delivered == n, stats.errors


def test_standard_webhooks_verified_by_the_reference_library(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, webhook_receiver: Receiver
) -> None:
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", STANDARD)
    send(engine, webhook_receiver.url, signature="standard")
    ((raw, body),) = webhook_receiver.posts
    headers = {k.lower(): v for k, v in raw.items()}  # HTTP header names are case-insensitive
    assert "x-figwatch-signature" not in headers
    payload = Webhook(STANDARD).verify(body, raw)  # the Standard Webhooks package
    assert payload["alerts"][0]["verdict_id"] == 1
    assert headers["webhook-id"] == headers["x-figwatch-delivery"] == payload["delivery_id"]
    assert headers["webhook-timestamp"] == str(payload["timestamp"])
    assert headers["webhook-signature"].startswith("v1,")
    with pytest.raises(WebhookVerificationError):
        Webhook(STANDARD).verify(body.replace(b"330", b"331"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + base64.b64encode(b"another key of 32 bytes........").decode()).verify(
            body, headers
        )
    with pytest.raises(WebhookVerificationError):  # a replayed id with another id
        Webhook(STANDARD).verify(body, {**headers, "webhook-id": "fw-other"})


def test_both_schemes_at_once_and_the_documented_receivers(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", STANDARD)
    with Receiver() as rx:
        send(engine, rx.url, signature="both")
    ((headers, body),) = rx.posts
    doc = DOCS.read_text(encoding="utf-8")
    namespace: dict = {}
    for title in ("### Verifying a delivery", "### Verifying Standard Webhooks"):
        snippet = doc.split(title)[1].split("```python")[1].split("```")[0]
        exec(compile(snippet, "docs/alerts.md", "exec"), namespace)  # noqa: S102
    assert namespace["verify"](body, headers, STANDARD)["alerts"][0]["verdict_id"] == 1
    assert namespace["verify_standard"](body, headers, STANDARD)["delivery_id"].startswith("fw-")
    assert Webhook(STANDARD).verify(body, headers)["alerts"][0]["kind"] == "updates"
    with pytest.raises(ValueError, match="signature"):
        namespace["verify_standard"](body + b" ", headers, STANDARD)
    # a genuine delivery replayed ten minutes later: correctly signed, but stale
    lowered = {k.lower(): v for k, v in headers.items()}
    old = datetime.now(UTC) - timedelta(minutes=10)
    stale = {
        **lowered,
        "webhook-timestamp": str(int(old.timestamp())),
        "webhook-signature": Webhook(STANDARD).sign(lowered["webhook-id"], old, body),
    }
    with pytest.raises(ValueError, match="timestamp"):
        namespace["verify_standard"](body, stale, STANDARD)


def test_the_id_and_signature_survive_a_retry(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", STANDARD)
    with Receiver([503]) as rx:
        pol = hook_policy(rx.url, signature="standard")
        with session_scope(engine) as s:
            enqueue(s, [event(1)], pol)
        assert deliver_due(engine, pol).retried == 1
        later = datetime.now(UTC) + timedelta(hours=1)
        assert deliver_due(engine, pol, now=later).delivered == 1
    ids = {v for headers, _ in rx.posts for k, v in headers.items() if k.lower() == "webhook-id"}
    assert len(rx.posts) == 2 and len(ids) == 1  # receivers deduplicate on it
    for headers, body in rx.posts:
        Webhook(STANDARD).verify(body, headers)


def test_unsigned_only_when_the_channel_says_so(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIGWATCH_WEBHOOK_SECRET", raising=False)
    with Receiver() as rx:
        send(engine, rx.url, signature="none")
    ((headers, body),) = rx.posts
    lowered = {k.lower() for k in headers}
    assert not lowered & {"x-figwatch-signature", "webhook-signature", "webhook-id"}
    assert json.loads(body)["alerts"][0]["verdict_id"] == 1


def test_a_malformed_standard_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.alerts.preflight import check_channels

    for value, why in (
        (SECRET, "starts with 'whsec_'"),
        ("whsec_not*base64", "not base64"),
        ("whsec_" + base64.b64encode(b"short").decode(), "shorter than 16 bytes"),
    ):
        monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", value)
        with pytest.raises(ConfigError, match=why) as exc:
            check_channels(hook_policy("http://127.0.0.1:9/", signature="standard"))
        assert value not in str(exc.value)  # never echo the secret


@pytest.fixture
def unsigned_config(tmp_path: Path) -> tuple[list[str], Receiver]:
    rx = Receiver()
    cfg = tmp_path / "figwatch.toml"
    cfg.write_text(
        f'[[alerts.channel]]\nname = "cms"\ntype = "webhook"\nurl = "{rx.url}"\n'
        f'signature = "standard"\n\n[reports]\ndir = "{tmp_path / "reports"}"\n',
        encoding="utf-8",
    )
    return ["--config", str(cfg), "--db", f"sqlite:///{tmp_path / 'f.db'}"], rx


def test_a_missing_secret_stops_commands_at_start(
    unsigned_config: tuple[list[str], Receiver], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, rx = unsigned_config
    monkeypatch.delenv("FIGWATCH_WEBHOOK_SECRET", raising=False)
    with rx:
        for args in (["run", "--once"], ["alerts", "test", "cms"]):
            result = CliRunner().invoke(app, [*base, *args])
            assert isinstance(result.exception, ConfigError), (args, result.output)
            message = str(result.exception)
            assert message.startswith("alerts: channel 'cms': webhook secret: neither ")
            assert 'signature = "none"' in message and "\n" not in message
        assert rx.posts == []
        monkeypatch.setenv("FIGWATCH_WEBHOOK_SECRET", STANDARD)
        result = CliRunner().invoke(app, [*base, "alerts", "test", "cms"])
        assert result.exit_code == 0, result.output
    ((headers, body),) = rx.posts
    assert Webhook(STANDARD).verify(body, headers)["alerts"][0]["story"] == "figwatch test alert"


def test_the_cli_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    """Through the real console script: exit code 2 and one line on stderr, no traceback."""
    import os
    import subprocess
    import sys

    cfg = tmp_path / "figwatch.toml"
    cfg.write_text(
        '[[alerts.channel]]\nname = "cms"\ntype = "webhook"\nurl = "http://127.0.0.1:9/"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIGWATCH_")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "figwatch",
            "--config",
            str(cfg),
            "--db",
            f"sqlite:///{tmp_path / 'x.db'}",
            "run",
            "--once",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "FIGWATCH_WEBHOOK_SECRET" in lines[0], proc.stderr
