"""The channel registry: every type the config accepts has exactly one registered sender."""

from __future__ import annotations

from typing import get_args

import pytest

from monitor.alerts.channels import Delivery, DeliveryFailed, base, channel, kinds, send
from monitor.config import AlertsConfig, ChannelConfig


def test_every_config_type_has_a_sender_and_no_sender_lacks_a_type() -> None:
    allowed = set(get_args(ChannelConfig.model_fields["type"].annotation))
    assert kinds() == allowed


def test_a_kind_registers_once() -> None:
    with pytest.raises(ValueError, match="two senders"):
        channel("console")(lambda delivery: None)


def test_send_dispatches_by_type(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    monkeypatch.setitem(base._SENDERS, "console", lambda d: sent.append(d.delivery_id))
    ch = ChannelConfig(name="c", type="console")
    send(Delivery(channel=ch, policy=AlertsConfig(), delivery_id="d-1", pairs=[]))
    assert sent == ["d-1"]


def test_an_unregistered_type_is_a_permanent_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(base._SENDERS, "console")
    ch = ChannelConfig(name="c", type="console")
    with pytest.raises(DeliveryFailed) as err:
        send(Delivery(channel=ch, policy=AlertsConfig(), delivery_id="d-2", pairs=[]))
    assert err.value.permanent


def test_the_secrets_checks_are_registered_by_the_kinds_with_secrets() -> None:
    """The start-up check of a channel's secrets is looked up by type, like its sender: one per
    kind that has secrets, each in its channel's module."""
    assert {k: f.__module__ for k, f in base._CHECKS.items()} == {
        "apprise": "monitor.alerts.channels.apprise",
        "email": "monitor.alerts.channels.email",
        "webhook": "monitor.alerts.channels.webhook",
    }
    with pytest.raises(ValueError, match="two secrets checks"):
        base.secrets_check("email")(lambda ch: None)


def test_a_kind_without_secrets_has_no_problem() -> None:
    assert base.secrets_problem(ChannelConfig(name="c", type="console")) is None
