"""Judging a figure against its series. Pure logic, no database.

A **series** is (story, measure, population, area, scope class) — ``monitor.verdicts.series``
builds its key. Within a series, values are ordered in time: the date the figure describes
(``as_of``), then the publication time, the URL and the version, so that the order of arrival
never changes the outcome. Each article gives one **representative** value per claimant: one its
sentence marks as the whole ("the national tally", "the overall toll"), else the highest ("rose to
2,012 from 1,305" — the 1,305 is an older value quoted beside the new one).

Representatives are judged in turn (``judge_in_turn``) against the *live* ones before them
(``prior``, oldest first): a value judged ``stale`` is history, not the level, unless it restates
its voice's current value. A band ("between 100,000 and 200,000") and a count inside it neither
confirm nor repeat each other; a precise count far below a round estimate (under half) is judged among counts:

- **new**: nothing before it;
- **confirms**: it overlaps the series' latest value (independent sources counted once); "at
  least N" and "more than N" stand for N (``span``); one number reworded ("close to 5,000",
  "about 5,000") is one value (``nominal``);
- **stale**: it repeats an older value of the series after a newer one is known (a reprint; for
  a count that only grows, repeating a value above the latest confirms that value), or
  — for a cumulative count — it is below the latest value with no claimant to set against it (an
  older or partial count), or its sentence gives it as an earlier value ("had put it at",
  "at first"): kept, never alerted;
- **corrects**: the same claimant lowers its own cumulative count;
- **contradicts**: two *different* known claimants at about the same time cannot both be true:
  two officials quoted side by side in one article, or a value lower than another claimant's
  latest within ``window`` (a higher one in a later article is an update), or — for a count
  that goes both ways (the missing, the displaced), where a value cannot tell which came later —
  any different value of another named claimant within ``window``; a floor the other value
  reaches ("more than 1,000" beside 2,300) is consistent;
- **updates**: later and different from its voice's latest value, or from the series' latest
  when it is above both (a toll that rises; a rate that changes either way).

Projections ("could reach"), figures about another event, increments ("six more bodies") and
figures whose series cannot be told never reach this module: they are recorded without a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from monitor.article import site_host
from monitor.figures.claimants import claimants_differ, same_claimant
from monitor.figures.model import Claimant, Figure, fmt_interval
from monitor.verdicts.series import comparison_key, scope_class
from storage.timeutil import as_utc

DEFAULT_WINDOW = timedelta(days=2)
_EARLIEST = datetime.min.replace(tzinfo=UTC)  # a figure without a date sorts first
#: measures whose count to date only grows: a lower value is a correction, a contradiction or
#: stale; missing and displaced people fall as they are found or go home (an update)
GROWING = {"killed", "injured", "casualties", "dead", "deaths", "affected", "arrested", "captured",
           "rescued"}  # fmt: skip


@dataclass(slots=True)
class StoredFigure:
    """A figure already held, with where it came from."""

    figure: Figure
    id: int | None = None
    article_id: int | None = None
    version_id: int | None = None
    url: str | None = None
    site: str | None = None
    source: str | None = None
    key: str | None = None  # its series key, when known

    def order(self) -> tuple[datetime, date, str, int, int]:
        """Time order inside a series: publication (what an editor knew when), the described
        date, URL, version, offset."""
        f = self.figure
        pub = as_utc(f.published) or _EARLIEST
        return (pub, f.as_of or pub.date(), self.url or "", self.version_id or 0, f.start)


@dataclass(slots=True)
class Verdict:
    """The judgement on one new figure, with the stored figure it was compared with."""

    kind: str
    new: Figure
    stored: StoredFigure | None
    reason: str
    independent_sources: int = 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        s = self.stored
        return {
            "kind": self.kind,
            "reason": self.reason,
            "independent_sources": self.independent_sources,
            "new": self.new.to_dict(),
            "stored": None
            if s is None
            else {
                "id": s.id,
                "article_id": s.article_id,
                "version_id": s.version_id,
                "url": s.url,
                "site": s.site,
                "figure": s.figure.to_dict(),
            },
        }


def domain(url: str | None) -> str | None:
    """Site domain of a URL without 'www.'."""
    if not url:
        return None
    return site_host(urlsplit(url if "//" in url else "//" + url).hostname or "") or None


def default_source_key(s: StoredFigure) -> str:
    """Outlet of a stored figure: its precomputed source, else its domain, else its article."""
    return s.source or domain(s.url) or (s.site or "").lower() or f"article:{s.article_id}"


def span(f: Figure) -> tuple[float, float]:
    """The values a figure stands for when judged. A toll reported as "at least 120" or "more
    than 120" is the count 120 as far as news goes (a later 250 is an update, not a confirmation
    of an open-ended interval), and "up to 300" is 300; ranges and "about" keep their width."""
    lo = f.low if f.low is not None else f.high
    hi = f.high if f.high is not None else f.low
    if lo is None or hi is None:
        return (float("-inf"), float("inf"))
    return (lo, hi)


_APPROX = re.compile(
    r"\b(?:about|around|some|nearly|almost|approximately|roughly|estimated|an estimated|close to|"
    r"up to|as many as|or so|more or less)\b",
    re.I,
)


_NUMERAL = re.compile(r"\d[\d,\u00a0\u202f ]*(?:\.\d+)?")
_SCALE = {"million": 1e6, "billion": 1e9, "thousand": 1e3}


def nominal(f: Figure) -> float | None:
    """The number a figure's words state ("close to 5,000" → 5,000; "1.5 million" →
    1,500,000), or None when its words hold no digits; a range has none."""
    return _nominal(f.text or "")


@lru_cache(maxsize=65536)
def _nominal(text: str) -> float | None:
    nums = _NUMERAL.findall(text)
    if len(nums) != 1:
        return None
    try:
        value = float(re.sub(r"[,\u00a0\u202f ]", "", nums[0]))
    except ValueError:
        return None
    scale = re.search(r"\b(million|billion|thousand)\b", text, re.I)
    return value * _SCALE[scale.group(1).lower()] if scale else value


@lru_cache(maxsize=65536)
def _approx(text: str) -> bool:
    """Whether a figure's words round it ("about", "close to"): cached, a hot series asks
    for the same few texts again and again."""
    return bool(_APPROX.search(text))


def overlaps(a: Figure, b: Figure) -> bool:
    """Whether two figures agree. Exact counts and stated ranges ("50 to 100") agree when their
    spans overlap; a rounded "about 230,000" stands for its number, so it agrees with another
    count only within 2 % ("212,000" after "about 230,000" is a new count, not a repeat)."""
    aa, na, alo, ahi, wa = _facts(a.text or "", a.low, a.high)
    ab, nb, blo, bhi, wb = _facts(b.text or "", b.low, b.high)
    approx = aa or ab
    if approx and na is not None and nb is not None:
        return abs(na - nb) <= 0.005 * max(na, nb)  # "close to 5,000" and "about 5,000": one number
    if not (alo <= bhi and blo <= ahi):
        return False
    if wa != wb:
        return False  # a count inside an estimate's band neither repeats nor confirms it
    if approx:
        ma, mb = (alo + ahi) / 2, (blo + bhi) / 2
        return abs(ma - mb) <= 0.02 * max(abs(ma), abs(mb), 1.0)
    return True


@lru_cache(maxsize=65536)
def _facts(
    text: str, low: float | None, high: float | None
) -> tuple[bool, float | None, float, float, bool]:
    """What ``overlaps`` asks of a figure — (rounded, stated number, span, band) — cached by its
    words and bounds: a hot series compares the same figures again and again."""
    lo = low if low is not None else high
    hi = high if high is not None else low
    if lo is None or hi is None:
        lo, hi = float("-inf"), float("inf")
    band = lo != float("-inf") and hi > 1.25 * lo + 1
    return _approx(text), _nominal(text), lo, hi, band


def _agreeing(
    f: Figure, prior: Sequence[StoredFigure], end: int | None = None
) -> Iterator[StoredFigure]:
    """The values of ``prior`` (of its first ``end``) that ``f`` overlaps, newest first:
    ``overlaps`` inlined, with ``f``'s side read once. A live list that keeps each value's facts
    (``values.LiveValues``: the judge's own lists) scans those instead of reading them again."""
    find = getattr(prior, "agreeing", None)
    if find is not None:
        yield from find(f, end)
        return
    fa, fn, flo, fhi, fw = _facts(f.text or "", f.low, f.high)
    stop = len(prior) if end is None else min(end, len(prior))
    for i in range(stop - 1, -1, -1):
        p = prior[i]
        g = p.figure
        ga, gn, glo, ghi, gw = _facts(g.text or "", g.low, g.high)
        approx = fa or ga
        if approx and fn is not None and gn is not None:
            if abs(fn - gn) <= 0.005 * max(fn, gn):
                yield p
            continue
        if not (flo <= ghi and glo <= fhi) or fw != gw:
            continue
        if approx:
            mf, mg = (flo + fhi) / 2, (glo + ghi) / 2
            if abs(mf - mg) <= 0.02 * max(abs(mf), abs(mg), 1.0):  # false for an open span
                yield p
            continue
        yield p


def wide(f: Figure) -> bool:
    """Whether a figure is an estimate's band ("between 100,000 and 200,000", "20,000 to 30,000")
    rather than a count: its top is more than a quarter above its floor."""
    lo, hi = span(f)
    return lo != float("-inf") and hi > 1.25 * lo + 1


def estimate(f: Figure) -> bool:
    """Whether a figure is an estimate rather than a count: a band, a rounded "about 10,000", or
    a round number of thousands ("10,000 dead", "more than 2,000")."""
    if wide(f) or _approx(f.text or ""):
        return True
    lo = f.low if f.low is not None else f.high
    return lo is not None and lo >= 1000 and lo % 1000 == 0


def floor(f: Figure) -> bool:
    """Whether a figure is an open floor: "more than 1,000", "at least 2,300"."""
    return f.low is not None and f.high is None


def consistent(a: Figure, b: Figure) -> bool:
    """Whether two figures can both be true: they agree, or one is a floor the other reaches
    ("more than 1,000" and 2,300; "at least 3,800" and 3,845) — no contradiction there."""
    if overlaps(a, b):
        return True
    return (floor(a) and span(b)[1] >= a.low) or (floor(b) and span(a)[1] >= b.low)  # type: ignore[operator]


def below(a: Figure, b: Figure) -> bool:
    """Whether ``a`` lies wholly below ``b``."""
    return span(a)[1] < span(b)[0]


def level(f: Figure) -> float:
    """The value a figure stands for when picking an article's representative (its floor, else
    its ceiling: "as many as 194" stands for 194, as in ``span``)."""
    if f.low:
        return f.low
    return f.high if f.high is not None else 0.0


def _short_claimant(f: Figure) -> str:
    c = f.claimant
    if c.person:
        return c.person.split()[-1]
    return c.org or "unattributed"


def _when(d: date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else "undated"


def describe(f: Figure) -> str:
    """'239 on 12 Mar 2023', '50–100 per day', 'more than 20,000 in 2 Dec 2022–2 May 2023'."""
    v = fmt_interval(f.low, f.high)
    sc = f.scope
    if f.kind == "ratio":
        v = f"{v} to 1"
    if sc.kind == "day":
        return f"{v} on {_when(sc.start)}" if sc.start else f"{v} in one day"
    if sc.kind == "rate":
        return f"{v} per {sc.unit or 'day'}"
    if sc.kind == "period":
        if sc.start and sc.end:
            return f"{v} in {_when(sc.start)}–{_when(sc.end)}"
        return f"{v} {sc.label}".strip()
    return f"{v} to date"


def _side(f: Figure, with_date: bool) -> str:
    who = _short_claimant(f)
    if with_date:
        pub = f.published.date() if f.published else f.as_of
        return f"{describe(f)} ({who}, {_when(pub)})"
    return f"{describe(f)} ({who})"


def _rival_counts(f: Figure, r: Figure, window: timedelta) -> bool:
    """Whether two named, different claimants give different values of a count within
    ``window`` of each other."""
    me = voice(f)
    return (
        abs(_days(f, r)) <= window.days
        and claimants_differ(f.claimant, r.claimant)
        and (me == OFFICIAL or voice(r) != me)  # the UN and its OCHA are one voice
        and not consistent(f, r)
    )


def _known(f: Figure) -> bool:
    return bool(f.claimant.key)


def _days(a: Figure, b: Figure) -> int:
    return (a.as_of - b.as_of).days if a.as_of and b.as_of else 0


def judge_series(
    new: StoredFigure,
    prior: Sequence[StoredFigure],
    *,
    source_key: Callable[[StoredFigure], str] = default_source_key,
    window: timedelta = DEFAULT_WINDOW,
) -> Verdict:
    """Verdict on ``new`` given the representatives of its series before it, oldest first (see
    the module docstring)."""
    f = new.figure
    a = _side(f, False)
    if not prior:
        return Verdict("new", f, None, f"{a}: the first value of its series")
    latest = prior[-1]
    r = latest.figure
    b = _side(r, True)
    if overlaps(f, r):
        sources = {source_key(new)} | {source_key(p) for p in _agreeing(f, prior)}
        return Verdict("confirms", f, latest, f"{a} overlaps {b}", len(sources))
    # the latest earlier value it repeats (scanned from the newest: a hot series is long)
    o = next(_agreeing(f, prior, len(prior) - 1), None)
    if o is not None:
        return _repeat(new, o, latest, prior, source_key)
    if _recalled(f):
        return Verdict("stale", f, latest, f"{a} is an earlier value recalled, not news")
    if below(f, r) and estimate(r) and not estimate(f) and span(f)[1] < 0.5 * span(r)[0]:
        counts = [p for p in prior if not estimate(p.figure)]
        if counts:  # "about 10,000 may have died", then a count of 1,774: judged among counts
            # (215 after "about 240" is that estimate revised, not another kind of number)
            return judge_series(new, counts, source_key=source_key, window=window)
    growing = _grows(f)
    me = voice(f)
    o = next((p for p in reversed(prior) if voice(p.figure) == me), None)  # its own latest
    rival = _rival(new, prior, window, since=o) or _disputed(f, prior)
    if rival is not None and (me != OFFICIAL or below(f, rival.figure)):
        return Verdict(
            "contradicts",
            f,
            rival,
            f"{a} disagrees with {_side(rival.figure, True)}: different sources, about the "
            "same time",
        )
    if f.measure not in GROWING and _rival_counts(f, r, window):
        # a count that goes both ways (the missing, the displaced): two claimants' different
        # values at about the same time cannot be put in order — they disagree
        return Verdict("contradicts", f, latest, f"{a} disagrees with {b}: two sources' counts")
    ref = o or latest
    rb = _side(ref.figure, True)
    revised = o is not None and bool(
        _REVISED.search(_around(f, 100, 20) or "") or _ERROR.search(f.sentence or "")
    )
    if (growing or revised) and below(f, ref.figure) and (wide(f) or not wide(ref.figure)):
        known = _known(f) and _known(ref.figure)
        if known and same_claimant(f.claimant, ref.figure.claimant) or revised:
            return Verdict(
                "corrects", f, ref, f"{a} is below {rb}: the same claimant lowered its own count"
            )
        if known and claimants_differ(f.claimant, ref.figure.claimant) and not floor(f):
            return Verdict(
                "contradicts", f, ref, f"{a} is below {rb}, from another source: they disagree"
            )
        if (before := _past_lone_peak(f, prior)) is not None:
            return Verdict(
                "updates",
                f,
                before,
                f"{a} is outside {_side(before.figure, True)}; the higher "
                "value after it stands alone (no other report has it)",
            )
        return Verdict("stale", f, ref, f"{a} is below the latest {rb}: an older or partial count")
    if o is not None and latest is not o and below(o.figure, r) and below(r, f):
        ref, rb = latest, b  # above its own voice's and another's higher latest: it updates
        # the latest, whoever gave it (a ministry's 188 after its 171 and the UN's 178)
    return Verdict("updates", f, ref, f"{a} is outside {rb}")


def _repeat(
    new: StoredFigure,
    o: StoredFigure,
    latest: StoredFigure,
    prior: Sequence[StoredFigure],
    source_key: Callable[[StoredFigure], str],
) -> Verdict:
    """The verdict on ``new`` repeating ``o``, an older value than the series' ``latest``: a
    reprint (stale) — but a toll that only grows is not made old by a later, lower value ("more
    than 100" again after the Red Cross's 100 and a ministry's 80): it confirms ``o``."""
    f, a, b = new.figure, _side(new.figure, False), _side(latest.figure, True)
    if _grows(f) and below(latest.figure, f):
        sources = {source_key(new)} | {source_key(p) for p in _agreeing(f, prior)}
        return Verdict(
            "confirms", f, o, f"{a} repeats {_side(o.figure, True)}, above the later {b}",
            len(sources),
        )  # fmt: skip
    return Verdict("stale", f, o, f"{a} repeats {_side(o.figure, True)}, older than {b}: a reprint")


def _grows(f: Figure) -> bool:
    """Whether ``f`` is a count that only grows (a cumulative or period toll of the dead, the
    injured, the affected …)."""
    return scope_class(f) in ("cumulative", "period") and f.measure in GROWING and f.kind == "count"


#: how many of a series' newest values ``_past_lone_peak`` looks at (a hot series is long)
PEAK_WINDOW = 20


def _past_lone_peak(f: Figure, prior: Sequence[StoredFigure]) -> StoredFigure | None:
    """The value ``f`` updates when it rises above all its series' recent values but one, which
    no other report has (a misplaced total, another event's toll read as this one's): the newest
    of the others. A lone peak does not make every later rise an old count; two reports above
    ``f`` (one peak repeated, or a rising count) do. None when that is not so. Reads only the
    newest ``PEAK_WINDOW`` values."""
    recent = prior[-PEAK_WINDOW:]
    above = [p for p in recent if not below(p.figure, f)]
    if len(above) != 1 or len(recent) < 2 or not below(f, above[0].figure):
        return None
    if floor(f) and consistent(f, above[0].figure):
        return None  # "over 1,600" under a lone 1,697: a floor that agrees with it
    return next(p for p in reversed(recent) if below(p.figure, f))


_INDEPENDENT = re.compile(
    r"\b(?:UN|U\.N\.|united nations|red cross|red crescent|IFRC|WHO|world health|OCHA|UNICEF|"
    r"NGO|charit|relief|aid group|study|university|researchers?|institute|group|activists?|"
    r"residents?|survivors?|union|amnesty|human rights|MSF|doctors without|campaign|volunteers?|"
    r"witness|families|relatives|opposition|rebels?|observatory|unofficial|independent)\b",
    re.I,
)
OFFICIAL = "official"


def voice(f: Figure) -> str:
    """Whose count a figure carries: the claimant's own key for an independent source (a charity,
    the Red Cross, the UN, a study, residents: a count of its own); else 'official' — a ministry,
    its minister, the civil protection agency, the police, a named spokesman, and an
    unattributed figure (outlets repeat the official toll without saying so): one toll that
    evolves."""
    c = f.claimant
    return _voice(c.key, c.org, c.person, c.role)


@lru_cache(maxsize=65536)
def _voice(key: str | None, org: str | None, person: str | None, role: str | None) -> str:
    """``voice`` of a claimant's fields, cached: a hot series asks it of the same few claimants
    again and again."""
    if not key:
        return OFFICIAL
    own = _INDEPENDENT.search(_words(Claimant(person=person, org=org, key=key))) or (
        role and _INDEPENDENT.search(role) and not _OFFICIAL_ROLE.search(role)
    )
    return _voice_key(key) if own else OFFICIAL


def _words(c: Claimant, *, role: bool = False) -> str:
    """A claimant's names (and role) as one string, for the voice patterns."""
    return " ".join(x for x in (c.org, c.person, c.role if role else None, c.key) if x)


# "an officer in the army control room coordinating the relief effort" is an official's role
_OFFICIAL_ROLE = re.compile(
    r"\b(?:army|military|police|ministry|minister|government|official|officer|spokes\w+|"
    r"governor|mayor|agency|council|authorit\w+|department|coast\s*guard|commissioner|"
    r"president|prime\s+minister|secretary|chief|director|fire\s+service)\b",
    re.I,
)


_SMALL = {"of", "for", "the", "and", "on", "in"}


def _voice_key(key: str) -> str:
    """One key for an organisation and its acronym: "o:united nations" and "o:un" are one voice,
    so are "o:world health organization" and "o:who"; a person keeps their own key."""
    if not key.startswith("o:"):
        return key
    words = [w for w in key[2:].split() if w not in _SMALL]
    if (
        words == ["united", "nations"]
        or "ocha" in words
        or (words[:1] == ["un"] and {"office", "humanitarian", "mission"} & set(words))
    ):
        return "o:un"  # the UN's offices speak as one: "UN Office for the Coordination of
        # Humanitarian Affairs (OCHA)" after "the United Nations"
    if len(words) >= 2 and not all(len(w) == 1 for w in words):
        return "o:" + "".join(w[0] for w in words)
    return "o:" + "".join(words)  # "un", "u n" (from "U.N.")


#: a revision said near the figure ("revised the number … down to 22")
_REVISED = re.compile(r"\b(?:revis|correct|lowered)", re.I)
#: an error named anywhere in the sentence: "cut their count … to 128 from 145, once duplicate
#: names were taken out"
_ERROR = re.compile(
    r"\b(?:duplicat\w*|double[- ]count\w*|counting error|overcount\w*|overstat\w*|"
    r"(?:in )?error|mistake\w*|audit\w*)\b",
    re.I,
)


#: voices that dispute an official count rather than relay one: residents, survivors, families,
#: activists, campaigners, unions, researchers and studies, opposition, rights groups
_DISSENT = re.compile(
    r"\b(?:residents?|survivors?|families|relatives|activists?|campaign\w*|union|study|"
    r"researchers?|university|institute|opposition|rights|NGOs?|witness\w*|neighbou?rs?|"
    r"unofficial|independent)\b",
    re.I,
)
#: how long an official count stands against a dissenting one (an official toll is often
#: unchanged for days while residents or a study dispute it)
DISSENT_WINDOW = timedelta(days=10)


def _dissenting(f: Figure) -> bool:
    return voice(f) != OFFICIAL and bool(_DISSENT.search(_words(f.claimant, role=True)))


def _disputed(f: Figure, prior: Sequence[StoredFigure]) -> StoredFigure | None:
    """The standing official value a dissenting voice's figure disagrees with (the police's 79
    against a survivors' group's "more than 120" days later), or None."""
    if not _dissenting(f):
        return None
    p = next((p for p in reversed(prior) if voice(p.figure) == OFFICIAL), None)
    if p is None or consistent(f, p.figure) or abs(_days(f, p.figure)) > DISSENT_WINDOW.days:
        return None
    return p


def _rival(
    f: StoredFigure,
    prior: Sequence[StoredFigure],
    window: timedelta,
    since: StoredFigure | None = None,
) -> StoredFigure | None:
    """The latest value of another known claimant that ``f`` disagrees with at about the same
    time (within ``window``; ``since``: only values given after that one, the claimant's own
    last): a claimant's first value set against another's, or two officials side by side."""
    me = voice(f.figure)
    for p in reversed(prior):
        if since is not None and StoredFigure.order(p) <= StoredFigure.order(since):
            break
        g = p.figure
        if voice(g) == me or (me == OFFICIAL and _dissenting(g)):
            continue  # (an official count is not set against the claim disputing it)
        if consistent(f.figure, g):
            return None  # it agrees with the latest other voice (or a floor allows both)
        if abs(_days(f.figure, g)) <= window.days:
            return p
        return None
    return None


def judge(
    new: Figure,
    stored: Sequence[StoredFigure],
    *,
    new_source: str | None = None,
    new_article_id: int | None = None,
    source_key: Callable[[StoredFigure], str] = default_source_key,
    window: timedelta = DEFAULT_WINDOW,
) -> Verdict:
    """Verdict on ``new`` against the stored figures of its series, outside any story (figures
    of other series are ignored). Stored figures later than ``new`` are ignored too: a later
    figure carries the relation (``monitor.verdicts.record``)."""
    key = comparison_key(new)
    if key is None:
        return Verdict("new", new, None, "not judged: no series")
    me = StoredFigure(new, article_id=new_article_id, url=new.article_url, source=new_source)
    prior = sorted(
        (s for s in stored if s.order() < me.order() and comparison_key(s.figure) == key),
        key=StoredFigure.order,
    )
    return judge_in_turn([*representatives(prior), me], source_key=source_key, window=window)[-1]


def judge_in_turn(
    reps: Sequence[StoredFigure],
    *,
    source_key: Callable[[StoredFigure], str] = default_source_key,
    window: timedelta = DEFAULT_WINDOW,
    live: Sequence[StoredFigure] = (),
) -> list[Verdict]:
    """The verdict on each representative of a series in time order. A value judged ``stale``
    (a reprint, or a partial or older count below the toll) is history, not the series' level:
    the values after it are judged against the values that were news. ``live``: the live values
    before ``reps[0]``, when the verdicts before it are held (``live_values``)."""
    now = list(live)
    out: list[Verdict] = []
    for f in reps:
        v, kept = judge_next(f, now, source_key=source_key, window=window)
        out.append(v)
        if kept:
            now.append(f)
    return out


def judge_next(
    f: StoredFigure,
    live: Sequence[StoredFigure],
    *,
    source_key: Callable[[StoredFigure], str] = default_source_key,
    window: timedelta = DEFAULT_WINDOW,
) -> tuple[Verdict, bool]:
    """One step of ``judge_in_turn``: the verdict on ``f`` after the live values ``live``, and
    whether ``f`` is live after it (not stale, or a stale value restating its voice's own)."""
    v = judge_series(f, live, source_key=source_key, window=window)
    return v, v.kind != "stale" or _restates(f, v, live)


def live_values(
    reps: Sequence[StoredFigure], held: Callable[[StoredFigure], tuple[str, int | None] | None]
) -> list[StoredFigure]:
    """The live values among ``reps`` from their held verdicts (kind, reference id), as
    ``judge_in_turn`` would have kept them: all but the stale ones, and a stale one that
    restates its voice's current value."""
    return [f for f, live in live_flags(reps, held, {}) if live]


def live_flags(
    reps: Iterable[StoredFigure],
    held: Callable[[StoredFigure], tuple[str, int | None] | None],
    own: dict[str, StoredFigure],
    voice_of: Callable[[StoredFigure], str] = lambda s: voice(s.figure),
) -> Iterator[tuple[StoredFigure, bool]]:
    """``live_values`` one value at a time: each of ``reps`` with whether it is live. ``own``:
    each voice's latest live value before ``reps`` (updated as it goes)."""
    for f in reps:
        h = held(f)
        me = voice_of(f)
        if h is not None and h[0] == "stale":
            last = own.get(me)
            if last is None or last.id != h[1] or not overlaps(f.figure, last.figure):
                yield f, False
                continue
        own[me] = f
        yield f, True


_EARLIER = re.compile(
    r"\b(?:earlier|previous(?:ly)?|initial(?:ly)?|at first|had (?:put|given|said|reported|"
    r"stood|listed|counted)|last (?:week|month)|a (?:day|week) (?:before|earlier))\b",
    re.I,
)


_NOW = re.compile(r"\b(?:now|so far|to date|currently)\b", re.I)


def _around(f: Figure, before: int, after: int = 0) -> str | None:
    """The words of ``f``'s sentence up to ``before`` characters ahead of its number and
    ``after`` behind it (joined by a space), or None when its text is not in its sentence."""
    sent = f.sentence or ""
    at = sent.find(f.text) if f.text else -1
    if at < 0:
        return None
    ahead = sent[max(0, at - before) : at]
    return ahead + " " + sent[at + len(f.text) : at + len(f.text) + after] if after else ahead


def _recalled(f: Figure) -> bool:
    """Whether the sentence gives ``f`` as an earlier value ("at first more than 1,000", "the
    agency had put it at 27 on Wednesday", "last week's 385")."""
    near = _around(f, 60, 12)
    if near is None:
        return False
    cue = _EARLIER.search(near)
    # "the blast last week has now killed 178": the cue dates the event, "now" the value
    return bool(cue) and not _NOW.search(near, cue.end())


def _restates(f: StoredFigure, v: Verdict, live: Sequence[StoredFigure]) -> bool:
    """Whether a stale value restates its own voice's current value (the agency's 41 quoted
    under a charity's 60): still that voice's level, unlike an older or partial count."""
    me = voice(f.figure)
    own = next((p for p in reversed(live) if voice(p.figure) == me), None)  # its latest
    return own is not None and v.stored is own and overlaps(f.figure, own.figure)


_TOTAL = re.compile(
    r"\b(?:national|nationwide|countrywide|overall|total|in all|across the country|official "
    r"(?:death )?toll)\b",
    re.I,
)


_DAYS_TOTAL = re.compile(r"\b(?:\w*day|week|night|month)['’]s\s+$", re.I)


def total(f: Figure) -> bool:
    """Whether the sentence marks the figure as the whole toll ("the national tally ... 151",
    "the overall toll", "in all"), within 60 characters before it."""
    ahead = _around(f, 60)
    if ahead is None or not (m := _TOTAL.search(ahead)):
        return False
    # "Wednesday's total was 18 bodies recovered": one day's total, not the whole toll
    return not _DAYS_TOTAL.search(ahead[: m.start()])


_FROM = re.compile(
    r"(?:\b(?:up|down)|\d)\s+from\s+(?:the\s+)?(?:\w+\s+)?(?:than\s+|of\s+)?$", re.I
)  # "down from more than 1,000", "revised to 128 from 145"


def earlier(f: Figure) -> bool:
    """Whether the sentence gives ``f`` as the value before the current one: "down from more
    than 1,000", "climbed to 233, up from 77", "last week's 385", "at first more than 1,000"."""
    if "measure:earlier-value" in f.rule or _recalled(f):
        return True
    ahead = _around(f, 30)
    return ahead is not None and bool(_FROM.search(ahead))


_DISMISSED = re.compile(
    r"\b(?:exaggerat\w*|overstated|inflated|dismiss\w*|denied|denies|rejected|rumou?r\w*|"
    r"talk of)\b",
    re.I,
)


def dismissed(f: Figure) -> bool:
    """Whether the sentence reports ``f`` as a claim it disputes: "Aquino said local officials'
    talk of 10,000 dead was exaggerated"."""
    return bool(f.sentence and _DISMISSED.search(f.sentence))


def representatives(figs: Sequence[StoredFigure]) -> list[StoredFigure]:
    """One value per (article version, voice), in time order: a current value over one the
    sentence gives as the earlier value (``earlier``: "has shrunk to 388, down from more than
    1,000" is one statement of 388), over one it disputes (``dismissed``), then one marked as the
    whole toll (``total``), else the highest (of equals, the most precise) — "rose to 154 from
    137" is one statement of 154."""

    def rank(s: StoredFigure) -> tuple[bool, bool, bool, float, bool, float, bool]:
        lo, hi = span(s.figure)  # of equals: bounded, narrow, and a named person's
        return (not earlier(s.figure), not dismissed(s.figure), total(s.figure), level(s.figure),
                s.figure.high is not None, lo - hi, bool(s.figure.claimant.person))  # fmt: skip

    best: dict[tuple, tuple[tuple, StoredFigure]] = {}
    groups: dict[tuple, list[StoredFigure]] = {}
    for s in figs:
        k = (s.article_id if s.article_id is not None else s.url, s.version_id, voice(s.figure))
        groups.setdefault(k, []).append(s)
        r = rank(s)
        if k not in best or r > best[k][0]:
            best[k] = (r, s)
    return sorted((_precise(s, groups[k]) for k, (_, s) in best.items()), key=StoredFigure.order)


def _precise(best: StoredFigure, group: Sequence[StoredFigure]) -> StoredFigure:
    """The precise count a round value rounds ("Death toll rises to 19,000" over the article's
    18,991): the representative says what the article counted."""
    top = level(best.figure)
    if top < 1000 or top % (1000 if top >= 10000 else 100) or best.figure.high is None:
        return best
    near = [
        s for s in group
        if s is not best and s.figure.low == s.figure.high and 0.99 * top <= level(s.figure) < top
        and not earlier(s.figure) and not dismissed(s.figure)
    ]  # fmt: skip
    return max(near, key=lambda s: level(s.figure)) if near else best
