"""``AlertEvent``: what the verdict engine hands to the alert outbox (the integration contract)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from monitor.kinds import Kind
from storage.timeutil import as_utc


@dataclass(slots=True)
class AlertEvent:
    """One verdict, with both sides of the comparison, ready to be alerted on."""

    verdict_id: int
    kind: Kind
    measure: str
    group: str | None = None
    place: str | None = None
    scope: str | None = None
    new_value_text: str = ""
    old_value_text: str | None = None
    new_low: float | None = None
    new_high: float | None = None
    old_low: float | None = None
    old_high: float | None = None
    new_sentence: str = ""
    old_sentence: str | None = None
    new_url: str = ""
    old_url: str | None = None
    new_title: str | None = None
    old_title: str | None = None
    new_claimant: str | None = None
    old_claimant: str | None = None
    new_published: datetime | None = None
    old_published: datetime | None = None
    independent_sources: int = 1
    cluster_id: int | None = None
    story: str | None = None
    reason: str | None = None
    series: str | None = None  # the verdict's comparison key (which series the figure is in)
    # for routing and templates (added within schema version 1)
    story_id: int | None = None
    story_event: str | None = None
    story_label: str | None = None
    areas: list[str] = field(default_factory=list)
    source: str | None = None
    site: str | None = None
    diff: str | None = None  # "revised": the sentence diff of the two versions
    #: either side is an estimate (a band, "about N", a round thousand) and the two are not one
    #: known claimant's own values: such a change is recorded and reported, and alerts only
    #: when ``[alerts] estimates`` is set
    estimate: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (datetimes as ISO 8601 UTC strings)."""
        data = dataclasses.asdict(self)
        for key in ("new_published", "old_published"):
            value = as_utc(data[key])
            data[key] = value.isoformat() if value else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AlertEvent:
        """Rebuild an event stored by ``to_dict`` (unknown keys are ignored)."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        for key in ("new_published", "old_published"):
            if isinstance(values.get(key), str):
                values[key] = datetime.fromisoformat(values[key])
        return cls(**values)
