"""Email alerts: SMTP with STARTTLS or SSL, credentials through ``monitor.secrets``."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from monitor.alerts.channels.base import Delivery, DeliveryFailed, channel, secrets_check
from monitor.alerts.render import one_line
from monitor.alerts.templating import channel_html, channel_subject, channel_text
from monitor.config import ChannelConfig
from monitor.errors import SecretError
from monitor.secrets import secret

log = logging.getLogger(__name__)


def build_message(delivery: Delivery) -> EmailMessage:
    """A multipart (text + HTML) message; every header value is stripped of CR/LF."""
    ch = delivery.channel
    events = delivery.events
    msg = EmailMessage()
    msg["Subject"] = one_line(channel_subject(ch, events), 250)
    msg["From"] = one_line(ch.from_addr)
    msg["To"] = ", ".join(one_line(a) for a in ch.to)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<{one_line(delivery.delivery_id)}@figwatch>"
    msg["X-Figwatch-Delivery"] = one_line(delivery.delivery_id)
    msg.set_content(channel_text(ch, events))
    msg.add_alternative(channel_html(ch, events), subtype="html")
    return msg


def _credentials(delivery: Delivery) -> tuple[str, str] | None:
    """(user, password) from ``NAME`` or ``NAME_FILE`` variables; None without a user."""
    ch = delivery.channel
    try:
        user = secret(ch.username_env)
        password = secret(ch.password_env) if user else None
    except SecretError as exc:
        raise DeliveryFailed(
            f"configuration error: SMTP credentials: {exc}", permanent=True
        ) from None
    return (user, password or "") if user else None


@secrets_check("email")
def email_problem(ch: ChannelConfig) -> str | None:
    """An SMTP user without a password."""
    user = secret(ch.username_env)
    if user and not secret(ch.password_env):
        return (
            f"channel {ch.name!r}: {ch.username_env} is set but neither "
            f"{ch.password_env} nor {ch.password_env}_FILE is"
        )
    return None


@channel("email")
def send_email(delivery: Delivery) -> None:
    """Send one message; SMTP 5xx refusals are permanent, anything else is retried."""
    ch = delivery.channel
    msg = build_message(delivery)
    creds = _credentials(delivery)  # a missing or unreadable secret fails before connecting
    port = ch.port or {"ssl": 465, "starttls": 587, "none": 25}[ch.security]
    context = ssl.create_default_context(cafile=ch.ca_file)
    try:
        if ch.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                ch.host, port, timeout=ch.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(ch.host, port, timeout=ch.timeout)
        with smtp:
            if ch.security == "starttls":
                smtp.starttls(context=context)
            if creds:
                smtp.login(*creds)
            smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [c for c, _ in exc.recipients.values()]
        permanent = all(c >= 500 for c in codes)
        raise DeliveryFailed(f"SMTP refused recipients {codes}", permanent=permanent) from None
    except smtplib.SMTPAuthenticationError as exc:
        # the password is never part of the message; fixing the environment makes a retry succeed
        raise DeliveryFailed(f"SMTP authentication failed ({exc.smtp_code})") from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryFailed(
            f"SMTP error {exc.smtp_code}", permanent=500 <= exc.smtp_code < 600
        ) from None
    except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        raise DeliveryFailed(f"SMTP {ch.host}:{port}: {type(exc).__name__}: {exc}") from None
