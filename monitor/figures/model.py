"""The Figure record: one counted quantity in one sentence, with its interval, scope and claimant."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from monitor.figures.numbers import QUALIFIERS


@dataclass(slots=True)
class Scope:
    """When a figure applies.

    kind: ``day`` (one date), ``rate`` (per ``unit``), ``period`` (start..end, maybe vague),
    ``cumulative`` (to the publication date) or ``increment`` (a change, not a level: "six more
    bodies were recovered", "rose by 40", "a further 12 died overnight").
    """

    kind: str = "cumulative"
    unit: str | None = None
    start: date | None = None
    end: date | None = None
    label: str = ""
    vague: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "unit": self.unit,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "label": self.label,
            "vague": self.vague,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Scope:
        return cls(
            kind=d.get("kind", "cumulative"),
            unit=d.get("unit"),
            start=date.fromisoformat(d["start"]) if d.get("start") else None,
            end=date.fromisoformat(d["end"]) if d.get("end") else None,
            label=d.get("label", ""),
            vague=bool(d.get("vague")),
        )


@dataclass(slots=True)
class Claimant:
    """Who gave the figure: a person and/or an organisation (display forms) and a match key."""

    person: str | None = None
    org: str | None = None
    key: str | None = None
    role: str | None = None  # "the governor of the Karsk region": resolves "the governor" later

    def label(self) -> str:
        return self.person or self.org or "unattributed"

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "org": self.org, "key": self.key, "role": self.role}


@dataclass(slots=True)
class Figure:
    """One counted quantity. ``low``/``high`` are None when unbounded on that side."""

    low: float | None
    high: float | None
    text: str
    measure: str
    kind: str = "count"  # count | ratio | multiple
    group: str | None = None
    group_text: str | None = None
    side: str | None = None
    group_kind: str | None = None
    place: str | None = None
    scope: Scope = field(default_factory=Scope)
    claimant: Claimant = field(default_factory=Claimant)
    sentence: str = ""
    start: int = 0
    end: int = 0
    rule: str = ""
    published: datetime | None = None
    article_url: str | None = None
    # "count" (a reported count or estimate) or "projection" ("could reach 10,000", "may rise to",
    # "feared dead"): projections are kept and shown, never alerted as updates or contradictions
    modality: str = "count"
    # False for a figure about another event: an earlier disaster ("in 1988 a quake there killed
    # more than 9,000"), another war, a whole-war total inside a battle story. Kept, never judged.
    event: bool = True

    @property
    def as_of(self) -> date | None:
        """The date the figure describes: its day, its period's (or a dated cumulative count's) end,
        else the publication date."""
        if self.scope.kind == "day" and self.scope.start:
            return self.scope.start
        if self.scope.kind == "period" and self.scope.end:
            return self.scope.end
        if self.scope.kind == "cumulative" and self.scope.end:
            return self.scope.end
        return self.published.date() if self.published else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (for the CLI and the DB)."""
        return {
            "low": self.low,
            "high": self.high,
            "text": self.text,
            "measure": self.measure,
            "kind": self.kind,
            "group": self.group,
            "group_text": self.group_text,
            "side": self.side,
            "group_kind": self.group_kind,
            "place": self.place,
            "scope": self.scope.to_dict(),
            "claimant": self.claimant.to_dict(),
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "published": self.published.isoformat() if self.published else None,
            "article_url": self.article_url,
            "modality": self.modality,
            "event": self.event,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figure:
        c = d.get("claimant") or {}
        return cls(
            low=d.get("low"),
            high=d.get("high"),
            text=d.get("text", ""),
            measure=d["measure"],
            kind=d.get("kind", "count"),
            group=d.get("group"),
            group_text=d.get("group_text"),
            side=d.get("side"),
            group_kind=d.get("group_kind"),
            place=d.get("place"),
            scope=Scope.from_dict(d.get("scope") or {}),
            claimant=Claimant(c.get("person"), c.get("org"), c.get("key"), c.get("role")),
            sentence=d.get("sentence", ""),
            start=d.get("start", 0),
            end=d.get("end", 0),
            rule=d.get("rule", ""),
            published=datetime.fromisoformat(d["published"]) if d.get("published") else None,
            article_url=d.get("article_url"),
            modality=d.get("modality", "count"),
            event=bool(d.get("event", True)),
        )


def fmt_num(v: float) -> str:
    """1100.0 → '1,100'; 4.5 → '4.5'."""
    if v == int(v):
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def fmt_interval(low: float | None, high: float | None) -> str:
    """Human form of an interval: '239', '50–100', 'more than 1,100', 'up to 300'."""
    if low is not None and high is not None:
        return fmt_num(low) if low == high else f"{fmt_num(low)}–{fmt_num(high)}"
    if low is not None:
        return f"more than {fmt_num(low)}"
    if high is not None:
        return f"up to {fmt_num(high)}"
    return "unknown"


# how the text bounded a number → the words that say it back ("at least 23", not "more than 23")
_SAY_MIN = {
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "not less than": "at least",
    "at least some": "at least",
}
_SAY_APPROX = "about"
_SAY_MAX = {"up to": "up to", "as many as": "as many as", "at most": "at most"}


def fmt_figure(fig: Figure) -> str:
    """A figure's value as the text said it: 'at least 23', 'more than 1,100', 'about 4,500',
    'up to 20,000', 'nearly 300', '50–100', '239'. Falls back to ``fmt_interval``."""
    return fmt_value(fig.low, fig.high, fig.text)


def fmt_value(low: float | None, high: float | None, text: str | None) -> str:
    """``fmt_figure`` for a stored row: the interval and the words it came from."""
    text = re.sub(r"\s+", " ", (text or "").lower()).replace("’", "'")
    head = text.split(" ")
    qual = None
    for q in sorted(_QUALIFIER_WORDS, key=len, reverse=True):
        if text.startswith(q + " "):
            qual = q
            break
    if low is not None and high is None:
        if qual in _SAY_MIN:
            return f"at least {fmt_num(low)}"
        return f"more than {fmt_num(low)}"
    if low is not None and high is not None and low != high:
        if qual in _APPROX_WORDS or (qual is None and head and head[0] in _APPROX_WORDS):
            return f"about {fmt_num((low + high) / 2)}"
        if qual in _NEARLY_WORDS:
            return f"nearly {fmt_num(high)}"
        if qual in _JUST_OVER_WORDS:
            return f"just over {fmt_num(low)}"
        if low == 0 and qual in _SAY_MAX:
            return f"{_SAY_MAX[qual]} {fmt_num(high)}"
        if low == 0 and qual:
            return f"{qual} {fmt_num(high)}"
    return fmt_interval(low, high)


#: the rounding qualifiers the number grammar knows ("about", "some", "an estimated" ...)
_APPROX_WORDS = {q for q, kind in QUALIFIERS.items() if kind == "approx"}
_NEARLY_WORDS = {
    "nearly",
    "almost",
    "close to",
    "just under",
    "just shy of",
    "approaching",
    "nears",
    "neared",
    "nearing",
}
_JUST_OVER_WORDS = {
    "just over",
    "slightly more than",
    "a little over",
    "just above",
    "slightly over",
    "slightly above",
}
_QUALIFIER_WORDS = (
    set(_SAY_MIN)
    | set(_SAY_MAX)
    | _APPROX_WORDS
    | _NEARLY_WORDS
    | _JUST_OVER_WORDS
    | {"fewer than", "less than", "under", "no more than", "not more than"}
)
