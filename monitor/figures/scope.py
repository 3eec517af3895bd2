"""Scope phrases: when a figure applies, resolved against the publication date.

Recognised (each a named rule): rates ("daily", "a day", "per week"), one day ("on 12 March",
"on March 12", "on Dec. 3", "on Monday", "yesterday", "today", "in the past 24 hours", "in a single
day"), periods ("since December", "since December of last year", "in five months", "over the past
week", "in the past three days", "between December and April", "last week", "in 2022", "in
November"), vague periods ("in recent days/weeks"), "first eight months of the war" (a period
whose start is unknown), and explicit cumulative markers ("so far", "to date", "since the war
began"). With none of these a figure is cumulative to the publication date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from monitor.figures.model import Scope
from monitor.figures.numbers import UNITS, words_to_number
from monitor.figures.vocab import MONTHS, RATES, WEEKDAYS

# ("may" in lower case is the modal verb: "as many as 40 may have died" names no date)
_MONTH_ALT = "|".join(
    "(?-i:May|MAY)" if m == "may" else m for m in sorted(MONTHS, key=len, reverse=True)
)
_WD_ALT = "|".join(WEEKDAYS)
_NUMW = (
    r"(?:\d{1,3}|"
    + "|".join(sorted(list(UNITS) + ["twenty", "thirty"], key=len, reverse=True))
    + r"|a|an|one)"
)
_UNIT = r"(?P<unit>hours?|days?|weeks?|months?|years?)"
_RATE_ALT = "|".join(
    re.escape(r).replace(r"\ ", r"\s+") for r in sorted(RATES, key=len, reverse=True)
)


@dataclass(slots=True)
class ScopeHit:
    """A scope phrase found in a sentence."""

    scope: Scope
    start: int
    end: int
    rule: str


def _shift_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _month_on_or_before(month: int, ref: date) -> int:
    """Year of the latest ``month`` that starts on or before ``ref``."""
    return ref.year if month <= ref.month else ref.year - 1


def _num(word: str) -> int | None:
    w = word.lower()
    if w in ("a", "an"):
        return 1
    if w.isdigit():
        return int(w)
    v = words_to_number(w)
    return int(v) if v is not None else None


def _delta(n: int, unit: str, end: date) -> date:
    u = unit.lower().rstrip("s")
    if u == "hour":
        return end - timedelta(hours=n) if n > 24 else end
    if u == "day":
        return end - timedelta(days=n)
    if u == "week":
        return end - timedelta(weeks=n)
    if u == "month":
        return _shift_months(end, -n)
    return _shift_months(end, -12 * n)


_STATEMENT_DATE = re.compile(
    r"\b(?:said|says|told|reported|announced|stated|added|confirmed|estimated|wrote|tweeted)"
    r"(?:\s+\w+)?\s*,?\s*$"
    # "told the state assembly on Thursday", "said in a text message last night"
    r"|\btold\s+(?:the\s+|a\s+)?(?:[A-Za-z][a-z-]*\s+){0,2}[A-Za-z][a-z-]*\s+$"
    r"|\b(?:said|says|announced|reported|wrote)\s+in\s+(?:a|an|the|its|his|her|their)\s+"
    r"(?:[a-z-]+\s+){0,2}(?:statement|message|post|briefing|interview|report|update|bulletin)\s+$",
    re.I,
)

_RULES: list[tuple[str, re.Pattern[str]]] = [
    # "a week earlier", "a day ago": a point in time, not a rate
    (
        "rate",
        re.compile(
            rf"\b(?:{_RATE_ALT})\b(?!\s+(?:earlier|ago|before|later|after|on|since|old)\b)"
            # "the NDMA's daily situation report said …", "its weekly update": the report's
            # rhythm, not the count's
            r"(?!\s+(?:[\w-]+\s+){0,2}?(?:reports?|updates?|bulletins?|briefings?|"
            r"tall(?:y|ies)|press\s+conferences?|statements?|sitreps?)\b)",
            re.I,
        ),
    ),
    (
        "first_n",
        re.compile(
            rf"\b(?:the\s+)?first\s+(?P<n>{_NUMW})\s+{_UNIT}\s+of\s+(?:the\s+)?(?P<what>war|conflict|invasion|year|fighting|pandemic|offensive)\b",
            re.I,
        ),
    ),
    (
        "past_24h",
        re.compile(
            r"\b(?:in|over|during)\s+the\s+(?:past|last|previous|preceding)\s+(?:24|twenty-four)\s+hours\b",
            re.I,
        ),
    ),
    ("single_day", re.compile(r"\bin\s+(?:a\s+single|one|a)\s+day\b", re.I)),
    # "put the day's deaths at 17": one day's count, like the past 24 hours
    ("days_toll", re.compile(r"\bthe\s+day['’]s\s+(?:deaths|death\s+toll|toll|dead)\b", re.I)),
    (
        "day_dm",
        re.compile(
            rf"\b(?:on\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH_ALT})\.?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
            re.I,
        ),
    ),
    (
        "day_md",
        re.compile(
            rf"\b(?:on\s+)(?:(?:{_WD_ALT}),?\s+)?(?P<m>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
            re.I,
        ),
    ),
    ("weekday", re.compile(rf"\bon\s+(?P<wd>{_WD_ALT})\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|overnight|last\s+night)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this\s+morning)\b", re.I)),
    (
        "recent",
        re.compile(
            r"\b(?:in|over|during)\s+(?:the\s+)?(?:recent|past\s+few|last\s+few)\s+(?:days|weeks|months)\b|\brecently\b",
            re.I,
        ),
    ),
    (
        "since_month",
        re.compile(
            rf"since\s+(?:early\s+|late\s+|mid-?)?(?P<m>{_MONTH_ALT})\b(?:\s+(?P<y>(?:19|20)\d\d)|\s+(?:of\s+)?(?P<last>last|this)\s+year)?",
            re.I,
        ),
    ),
    (
        "since_war",
        re.compile(
            r"\bsince\s+the\s+(?:start|beginning|outbreak)\s+of\s+the\s+(?:war|invasion|conflict)|\bsince\s+the\s+(?:war|invasion|conflict)\s+(?:began|started)\b",
            re.I,
        ),
    ),
    (
        "cumulative",
        re.compile(r"\b(?:so\s+far|to\s+date|in\s+total|overall|altogether|in\s+all)\b", re.I),
    ),
    (
        "between_months",
        re.compile(
            rf"\bbetween\s+(?P<m1>{_MONTH_ALT})\s+and\s+(?P<m2>{_MONTH_ALT})\b|\bfrom\s+(?P<m3>{_MONTH_ALT})\s+(?:to|until|through)\s+(?P<m4>{_MONTH_ALT})\b",
            re.I,
        ),
    ),
    (
        "past_n",
        re.compile(
            rf"\b(?:in|over|during|within|for)\s+(?:just\s+|only\s+|the\s+)?(?:(?:past|last|previous|first)\s+)?(?P<n>{_NUMW})\s+{_UNIT}\b"
            # "over a month after the disaster" dates a moment, it is no period of the count
            r"(?!\s+(?:after|ago|later|before)\b)",
            re.I,
        ),
    ),
    (
        "past_unit",
        re.compile(
            r"\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?P<unit>week|month|year|day)\b|\blast\s+(?P<unit2>week|month|year)\b",
            re.I,
        ),
    ),
    ("this_unit", re.compile(r"\bthis\s+(?P<unit>week|month|year)\b", re.I)),
    (
        "in_month",
        re.compile(rf"\bin\s+(?P<m>{_MONTH_ALT})(?:\s+(?P<y>(?:19|20)\d\d))?\b(?!\s+\d)", re.I),
    ),
    ("in_year", re.compile(r"\bin\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
]


#: periods counted back from the report: never the date a statement was made
_COUNTED_BACK = frozenset({"past_24h", "past_n", "past_unit", "days_toll"})


def find_scopes(sentence: str, published: datetime | None) -> list[ScopeHit]:
    """All scope phrases in a sentence, resolved against ``published`` where possible."""
    ref = published.date() if published else None
    hits: list[ScopeHit] = []
    taken: list[tuple[int, int]] = []
    for rule, rx in _RULES:
        for m in rx.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            sc = _resolve(rule, m, ref)
            if sc is None:
                continue
            if (
                sc.kind == "day"
                and rule not in _COUNTED_BACK
                and _STATEMENT_DATE.search(sentence, max(0, m.start() - 45), m.start())
            ):
                continue  # "said on Monday": when it was said, not what it counts (but "54
                # deaths were reported in the past 24 hours" counts that day)
            sc.label = re.sub(r"\s+", " ", m.group(0).strip())
            hits.append(ScopeHit(sc, m.start(), m.end(), rule))
            taken.append((m.start(), m.end()))
    hits.sort(key=lambda h: h.start)
    return hits


def _resolve(rule: str, m: re.Match[str], ref: date | None) -> Scope | None:
    g = m.groupdict()
    if rule == "rate":
        return Scope("rate", unit=RATES[re.sub(r"\s+", " ", m.group(0).lower())])
    if rule == "first_n":
        n = _num(g["n"])
        if n is None:
            return None
        return Scope("period", label=m.group(0))
    if rule in ("past_24h", "single_day", "days_toll"):
        return Scope("day") if rule == "single_day" else Scope("day", start=ref, end=ref)
    if rule in ("day_dm", "day_md", "weekday", "yesterday", "today"):
        return _resolve_day(rule, g, ref)
    if rule == "recent":
        return Scope("period", end=ref, vague=True)
    if rule in ("since_war", "cumulative"):
        return Scope("cumulative")
    if rule in ("past_n", "past_unit", "this_unit"):
        return _resolve_back_from(rule, g, ref)
    return _resolve_months(rule, g, ref)


def _resolve_day(rule: str, g: dict[str, Any], ref: date | None) -> Scope | None:
    """One named day: a date ("3 May"), a weekday, yesterday or today, dated from ``ref``."""
    if rule in ("day_dm", "day_md"):
        mon = MONTHS[g["m"].lower().rstrip(".")]
        d = int(g["d"])
        y = int(g["y"]) if g.get("y") else (_month_on_or_before(mon, ref) if ref else None)
        if y is None:
            return Scope("day")
        try:
            day = date(y, mon, d)
        except ValueError:
            return None
        if ref and not g.get("y") and day > ref:
            day = day.replace(year=day.year - 1)
        return Scope("day", start=day, end=day)
    if rule == "weekday":
        if not ref:
            return Scope("day")
        back = (ref.weekday() - WEEKDAYS[g["wd"].lower()]) % 7
        day = ref - timedelta(days=back)
        return Scope("day", start=day, end=day)
    if rule == "yesterday":
        day = ref - timedelta(days=1) if ref else None
        return Scope("day", start=day, end=day)
    if rule == "today":
        return Scope("day", start=ref, end=ref)
    return None


def _resolve_back_from(rule: str, g: dict[str, Any], ref: date | None) -> Scope | None:
    """A period counted back from ``ref``: "the past 3 days", "the past week", "this month"."""
    if rule == "past_n":
        n = _num(g["n"])
        if n is None or n == 0:
            return None
        unit = g["unit"].lower().rstrip("s")
        if unit == "hour" and n <= 24 or unit == "day" and n == 1:
            return Scope("day", start=ref, end=ref)
        if not ref:
            return Scope("period")
        return Scope("period", start=_delta(n, unit, ref), end=ref)
    if rule == "past_unit":
        unit = (g.get("unit") or g.get("unit2") or "").lower()
        if not ref:
            return Scope("period")
        if unit == "day":
            return Scope("day", start=ref, end=ref)
        return Scope("period", start=_delta(1, unit, ref), end=ref)
    if rule == "this_unit":
        if not ref:
            return Scope("period")
        u = g["unit"].lower()
        start = (
            ref - timedelta(days=ref.weekday())
            if u == "week"
            else (ref.replace(day=1) if u == "month" else ref.replace(month=1, day=1))
        )
        return Scope("period", start=start, end=ref)
    return None


def _resolve_months(rule: str, g: dict[str, Any], ref: date | None) -> Scope | None:
    """A calendar period: since a month, between two months, in a month or a year."""
    if rule == "since_month":
        mon = MONTHS[g["m"].lower()]
        if g.get("y"):
            y = int(g["y"])
        elif g.get("last") and ref:
            y = ref.year - 1 if g["last"].lower() == "last" else ref.year
        elif ref:
            y = _month_on_or_before(mon, ref)
        else:
            return Scope("period", vague=False)
        return Scope("period", start=date(y, mon, 1), end=ref)
    if rule == "between_months":
        m1 = MONTHS[(g["m1"] or g["m3"]).lower()]
        m2 = MONTHS[(g["m2"] or g["m4"]).lower()]
        if not ref:
            return Scope("period")
        y2 = _month_on_or_before(m2, ref)
        y1 = y2 if m1 <= m2 else y2 - 1
        end = date(y2, m2, calendar.monthrange(y2, m2)[1])
        return Scope("period", start=date(y1, m1, 1), end=end)
    if rule == "in_month":
        mon = MONTHS[g["m"].lower()]
        if (
            g["m"].lower()
            in ("may", "mar", "jan", "feb", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
            and not g.get("y")
            and g["m"][0].islower()
        ):
            return None  # "in may" (modal), "in mar"
        if g.get("y"):
            y = int(g["y"])
        elif ref:
            y = _month_on_or_before(mon, ref)
        else:
            return Scope("period")
        return Scope(
            "period", start=date(y, mon, 1), end=date(y, mon, calendar.monthrange(y, mon)[1])
        )
    if rule == "in_year":
        y = int(g["y"])
        return Scope("period", start=date(y, 1, 1), end=date(y, 12, 31))
    return None


def choose_scope(
    hits: list[ScopeHit], num_start: int, num_end: int, clause: tuple[int, int]
) -> ScopeHit | None:
    """The scope phrase that governs a number: a rate or day anywhere in its clause wins, else the
    nearest phrase in the clause, else the nearest in the sentence."""
    in_clause = [h for h in hits if clause[0] <= h.start and h.end <= clause[1]]
    pool = in_clause or hits
    if not pool:
        return None

    def dist(h: ScopeHit) -> int:
        return num_start - h.end if h.end <= num_start else h.start - num_end

    strong = [h for h in pool if h.scope.kind == "rate"]
    if strong:
        return min(strong, key=dist)
    return min(pool, key=dist)
