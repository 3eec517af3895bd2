"""Secrets come from the environment or a private file and never reach logs or tracebacks."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from monitor import secrets
from monitor.errors import SecretError
from monitor.secrets import RedactSecrets, install_log_redaction, redact, secret
from tests.support.alerts import SECRET, Receiver

REPO = Path(__file__).resolve().parents[2]

PLANTED = "pl4nted-S3cret-9c1e"


@pytest.fixture
def redacting_caplog(caplog: pytest.LogCaptureFixture):
    """caplog with the redaction filter on its handler, as install_log_redaction() does for root."""
    flt = RedactSecrets()
    caplog.handler.addFilter(flt)
    yield caplog
    caplog.handler.removeFilter(flt)


def test_secret_from_env_is_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGWATCH_TEST_SMTP_PASSWORD", PLANTED)
    assert secret("FIGWATCH_TEST_SMTP_PASSWORD") == PLANTED
    assert PLANTED not in redact(f"login failed for editor with {PLANTED}")


def test_missing_secret_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIGWATCH_TEST_NOPE", raising=False)
    monkeypatch.delenv("FIGWATCH_TEST_NOPE_FILE", raising=False)
    assert secret("FIGWATCH_TEST_NOPE") is None


def test_secret_from_private_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "webhook.key"
    path.write_text("file-held-secret-0042\n")
    path.chmod(0o600)
    monkeypatch.setenv("FIGWATCH_TEST_WEBHOOK_SECRET_FILE", str(path))
    assert secret("FIGWATCH_TEST_WEBHOOK_SECRET") == "file-held-secret-0042"
    assert "file-held-secret-0042" not in redact("signing with file-held-secret-0042")


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660])
def test_permissive_secret_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    path = tmp_path / "db.pass"
    path.write_text("readable-by-others-77")
    path.chmod(mode)
    monkeypatch.setenv("FIGWATCH_TEST_DB_PASSWORD_FILE", str(path))
    with pytest.raises(SecretError) as exc:
        secret("FIGWATCH_TEST_DB_PASSWORD")
    message = str(exc.value)
    assert "\n" not in message
    assert "FIGWATCH_TEST_DB_PASSWORD_FILE" in message and f"{mode:04o}" in message
    assert "readable-by-others-77" not in message


def test_missing_file_and_both_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIGWATCH_TEST_X_FILE", str(tmp_path / "absent"))
    with pytest.raises(SecretError, match="cannot read secret file"):
        secret("FIGWATCH_TEST_X")
    monkeypatch.setenv("FIGWATCH_TEST_X", "direct-value-123")
    with pytest.raises(SecretError, match="expected only one"):
        secret("FIGWATCH_TEST_X")


def test_planted_secret_never_appears_in_logs(
    redacting_caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIGWATCH_TEST_PLANTED", PLANTED)
    value = secret("FIGWATCH_TEST_PLANTED")
    log = logging.getLogger("figwatch.test.secrets")
    with redacting_caplog.at_level(logging.DEBUG):
        log.warning("smtp login with %s failed", value)
        log.info("config dump: {'password': '%s'}", value)
        log.error("connecting to postgresql+psycopg://fig:%s@db.internal:5432/fw", value)
        try:
            raise RuntimeError(f"auth rejected for password {value}")
        except RuntimeError:
            log.exception("delivery failed")
        log.warning("bad format %s %s", value)  # a broken format string still gets redacted
    text = redacting_caplog.text + "".join(r.getMessage() for r in redacting_caplog.records)
    assert PLANTED not in text
    assert text.count(secrets.MASK) >= 5
    assert "db.internal:5432" in text  # only the secret is hidden


@pytest.mark.parametrize(
    ("raw", "hidden"),
    [
        ("postgresql://figwatch:hunter2-db@127.0.0.1/fw", "hunter2-db"),
        ("smtp://alerts:s3cr3t-mail@mail.test:587", "s3cr3t-mail"),
        ("password=abc123xyz&user=bob", "abc123xyz"),
        ('{"smtp_password": "qwerty-987"}', "qwerty-987"),
        ("webhook_secret: zzz-top-777", "zzz-top-777"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGciOiJIUzI1NiJ9"),
        ("api_key=AKIA1234567890", "AKIA1234567890"),
    ],
)
def test_redact_patterns(raw: str, hidden: str) -> None:
    out = redact(raw)
    assert hidden not in out
    assert secrets.MASK in out


def test_redact_leaves_ordinary_text_alone() -> None:
    text = "author: Jane Doe; 41 dead, 120 injured; https://news.example/a?id=5"
    assert redact(text) == text


def test_install_log_redaction_on_root_handlers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_file = tmp_path / "figwatch.log"
    handler = logging.FileHandler(log_file)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        first = install_log_redaction()
        assert install_log_redaction() is first  # idempotent
        monkeypatch.setenv("FIGWATCH_TEST_FILELOG", "another-planted-5150")
        secret("FIGWATCH_TEST_FILELOG")
        logging.getLogger("scrapy.core.engine").error(
            "proxy https://u:another-planted-5150@proxy.test"
        )
    finally:
        root.removeHandler(handler)
        handler.close()
    content = log_file.read_text()
    assert "proxy https://u:" in content and "another-planted-5150" not in content


def test_secret_files_are_not_world_readable_by_default_umask(tmp_path: Path) -> None:
    """Document the guidance: a file created with umask 077 passes the check."""
    old = os.umask(0o077)
    try:
        path = tmp_path / "ok.key"
        path.write_text("umask-made-secret-1")
    finally:
        os.umask(old)
    os.environ["FIGWATCH_TEST_UMASK_FILE"] = str(path)
    try:
        assert secret("FIGWATCH_TEST_UMASK") == "umask-made-secret-1"
    finally:
        del os.environ["FIGWATCH_TEST_UMASK_FILE"]


# --- the alert channels read their secrets through monitor.secrets -------------------------------


def _alerts_test(tmp_path: Path, url: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    cfg = tmp_path / "figwatch.toml"
    cfg.write_text(f'[[alerts.channel]]\nname = "cms"\ntype = "webhook"\nurl = "{url}"\n')
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FIGWATCH_WEBHOOK")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "figwatch",
            "--config",
            str(cfg),
            "--db",
            f"sqlite:///{tmp_path / 'fw.db'}",
            "alerts",
            "test",
            "cms",
        ],  # fmt: skip
        env={**clean, **env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_webhook_secret_from_a_private_file_signs_the_post(tmp_path: Path) -> None:
    key = tmp_path / "hook.key"
    key.write_text(SECRET + "\n")
    key.chmod(0o600)
    with Receiver() as rx:
        res = _alerts_test(tmp_path, rx.url, {"FIGWATCH_WEBHOOK_SECRET_FILE": str(key)})
        assert res.returncode == 0, res.stderr
        (got,) = rx.verified()  # signed with the file's key
    assert got["alerts"][0]["story"] == "figwatch test alert"


@pytest.mark.parametrize("problem", ["group-readable", "missing", "unset"])
def test_unusable_webhook_secret_is_one_line_and_nothing_is_sent(
    tmp_path: Path, problem: str
) -> None:
    key = tmp_path / "hook.key"
    env = {"FIGWATCH_WEBHOOK_SECRET_FILE": str(key)}
    if problem == "group-readable":
        key.write_text(SECRET)
        key.chmod(0o640)
    elif problem == "unset":
        env = {}
    with Receiver() as rx:
        res = _alerts_test(tmp_path, rx.url, env)
        assert rx.posts == []
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1
    # checked before sending: a configuration error naming the channel, not a failed delivery
    assert res.stderr.startswith("error: alerts: channel 'cms': webhook secret: ")
    assert SECRET not in res.stderr


def test_smtp_credentials_and_apprise_urls_come_through_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from monitor.alerts.channels.apprise import apprise_urls
    from monitor.alerts.channels.base import Delivery, DeliveryFailed
    from monitor.alerts.channels.email import _credentials
    from monitor.config import AlertsConfig, ChannelConfig

    pw = tmp_path / "smtp.pw"
    pw.write_text("smtp-file-pass-81c2\n")
    pw.chmod(0o600)
    monkeypatch.setenv("FIGWATCH_SMTP_USER", "desk")
    monkeypatch.delenv("FIGWATCH_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("FIGWATCH_SMTP_PASSWORD_FILE", str(pw))
    mail = ChannelConfig(name="m", type="email", to=["d@example.org"], host="127.0.0.1")
    assert _credentials(Delivery(mail, AlertsConfig(), "d1", [])) == ("desk", "smtp-file-pass-81c2")
    assert redact("login smtp-file-pass-81c2") == f"login {secrets.MASK}"
    pw.chmod(0o644)
    with pytest.raises(DeliveryFailed, match="accessible by group/others"):
        _credentials(Delivery(mail, AlertsConfig(), "d2", []))

    urls = tmp_path / "apprise.urls"
    urls.write_text("json://127.0.0.1:9/hook-token-5d1e\n")
    urls.chmod(0o600)
    monkeypatch.setenv("FIGWATCH_TEST_APPRISE_FILE", str(urls))
    chat = ChannelConfig(name="c", type="apprise", urls_env="FIGWATCH_TEST_APPRISE")
    assert apprise_urls(Delivery(chat, AlertsConfig(), "d3", [])) == [
        "json://127.0.0.1:9/hook-token-5d1e"
    ]
    assert "hook-token-5d1e" not in redact("sent to json://127.0.0.1:9/hook-token-5d1e")
