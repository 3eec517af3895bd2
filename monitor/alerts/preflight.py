"""Check the alert channels' secrets when a command starts, not when the first alert fails.

A webhook without its signing secret (unless ``signature = "none"``), an Apprise channel whose
``urls_env`` is empty, SMTP credentials that are half set or in an unsafe file: each is a
``ConfigError`` (one line, exit code 2) before anything runs.
"""

from __future__ import annotations

from monitor.alerts.policy import effective_channels
from monitor.config import AlertsConfig, ChannelConfig
from monitor.errors import ConfigError, SecretError
from monitor.secrets import secret


def channel_problem(ch: ChannelConfig) -> str | None:
    """What is wrong with ``ch``'s secrets, in one line; None when it can send."""
    try:
        if ch.type == "webhook":
            from monitor.alerts.channels.webhook import SecretMissing, channel_secret

            try:
                channel_secret(ch)
            except SecretMissing as exc:
                return str(exc)
        elif ch.type == "apprise" and not ch.urls:
            if not (secret(ch.urls_env) or "").split():  # type: ignore[arg-type]
                return (
                    f"channel {ch.name!r}: apprise URLs: neither {ch.urls_env} nor "
                    f"{ch.urls_env}_FILE is set"
                )
        elif ch.type == "email":
            user = secret(ch.username_env)
            if user and not secret(ch.password_env):
                return (
                    f"channel {ch.name!r}: {ch.username_env} is set but neither "
                    f"{ch.password_env} nor {ch.password_env}_FILE is"
                )
    except SecretError as exc:
        return f"channel {ch.name!r}: {exc}"
    return None


def check_channels(policy: AlertsConfig, names: list[str] | None = None) -> None:
    """Raise ``ConfigError`` naming the first channel (of ``names``, default all) that cannot send."""
    problems = [
        p
        for ch in effective_channels(policy)
        if names is None or ch.name in names
        if (p := channel_problem(ch)) is not None
    ]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(f"alerts: {problems[0]}{more}")
