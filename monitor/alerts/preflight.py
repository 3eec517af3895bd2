"""Check the alert channels' secrets when a command starts, not when the first alert fails.

A webhook without its signing secret (unless ``signature = "none"``), an Apprise channel whose
``urls_env`` is empty, SMTP credentials that are half set or in an unsafe file: each is a
``ConfigError`` (one line, exit code 2) before anything runs. Each channel kind with secrets
registers its check in its own module (``@secrets_check``).
"""

from __future__ import annotations

from monitor.alerts.channels import secrets_problem
from monitor.alerts.policy import effective_channels
from monitor.config import AlertsConfig, ChannelConfig
from monitor.errors import ConfigError, SecretError


def channel_problem(ch: ChannelConfig) -> str | None:
    """What is wrong with ``ch``'s secrets, in one line; None when it can send."""
    try:
        return secrets_problem(ch)
    except SecretError as exc:
        return f"channel {ch.name!r}: {exc}"


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
