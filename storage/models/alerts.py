"""The alert outbox: one row per (verdict, channel), written in the ingest transaction.

``key`` is the idempotency key (unique): a verdict alerts each channel once, ever. Delivery claims a
row with a conditional UPDATE that sets a lease; a lease that runs out (a killed deliverer) makes
the row claimable again, so nothing is lost. ``delivery_attempt`` records every try.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from storage.timeutil import utcnow

#: Outbox states. ``pending`` rows are due at ``next_attempt_at``; ``sending`` rows are leased until
#: ``lease_until``; ``delivered`` and ``dead`` are final (``dead`` can be retried by hand);
#: ``superseded``: still pending when a late-arriving older article revised its verdict (final).
OUTBOX_STATES = ("pending", "sending", "delivered", "dead", "superseded")


class OutboxRow(SQLModel, table=True):
    """One alert waiting for, or done with, delivery on one channel."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=255)
    verdict_id: int = Field(index=True)
    channel: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    mode: str = Field(default="immediate", max_length=16)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    delivered_at: datetime | None = None


class DeliveryAttemptRow(SQLModel, table=True):
    """One try at delivering one outbox row."""

    __tablename__ = "delivery_attempt"

    id: int | None = Field(default=None, primary_key=True)
    outbox_id: int = Field(foreign_key="outbox.id", index=True)
    number: int = 1
    at: datetime = Field(default_factory=utcnow)
    outcome: str = Field(max_length=16)  # delivered | retry | dead
    error: str | None = Field(default=None, sa_column=Column(Text))
    duration_ms: int = 0


#: The desk's judgements on an alert (``figwatch alerts mark ID right|wrong``).
MARKS = ("right", "wrong")


class AlertMarkRow(SQLModel, table=True):
    """The desk's judgement on one alerted verdict (all its channels): right or wrong.

    ``claim_key`` names the claim (series and value, see ``monitor.alerts.feedback``): a claim
    marked wrong is not alerted again. Marking again replaces the judgement.
    """

    __tablename__ = "alert_mark"

    id: int | None = Field(default=None, primary_key=True)
    verdict_id: int = Field(unique=True, index=True)
    outbox_id: int  # the outbox row the desk named
    mark: str = Field(max_length=8)  # right | wrong
    why: str | None = Field(default=None, sa_column=Column(Text))
    claim_key: str | None = Field(default=None, index=True, max_length=512)
    alerted_at: datetime = Field(index=True)  # when the alert was first queued
    marked_at: datetime = Field(default_factory=utcnow)
