"""Number parser: digits, number words, vague amounts, ranges and qualifiers → intervals.

Every pattern here is linear: no nested unbounded quantifiers, and number-word runs are capped.
Bounds chosen for qualifiers (documented in docs/figures.md and tested):

=================================  ==========================
qualifier                          interval for N
=================================  ==========================
(none)                             [N, N]
more than / over / at least / +    [N, ∞)
  upwards of / exceeds / tops /
  well over / in excess of
just over / slightly more than     [N, 1.1·N]
nearly / almost / close to /       [0.9·N, N]
  just under / approaching
up to / fewer than / less than /   [0, N]
  under / at most / no more than /
  as many as
about / around / approximately /   [0.9·N, 1.1·N]
  some / roughly / an estimated
=================================  ==========================

Decimal amounts with a scale word ("1.2 million") are read as rounded: ± half a unit of the
last written digit ([1.15 M, 1.25 M]); a one-sided bound is the number as written ("more than
1.45 million" → [1.45 M, ∞), "as many as 5.3 million" → [0, 5.3 M]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INF = float("inf")

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SCALE_ABBR = {"k": 1_000, "m": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000}
# South Asian scales after digits ("3.91 lakh families", "2 crore people")
SCALE_SOUTH_ASIAN = {"lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000}

# vague amounts: words → (low, high)
VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 199),  # "scores of people": several twenties
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
    "a handful": (2, 6),
    "a few": (2, 5),
    "several": (3, 9),
}
# multiplier words before a scale: "several hundred", "a few thousand", "a dozen"
VAGUE_MULT = {"several": (3, 9), "a few": (2, 5), "a couple of": (2, 2), "a couple": (2, 2)}

# qualifier → kind of bound
QUALIFIERS: dict[str, str] = {}
for _q in (
    "more than",
    "over",
    "at least",
    "upwards of",
    "in excess of",
    "no fewer than",
    "no less than",
    "not less than",
    "exceeds",
    "exceeded",
    "exceeding",
    "topped",
    "tops",
    "passed",
    "surpassed",
    "surpasses",
    "surpassing",
    "passes",
    "past",
    "crossed",
    "crosses",
    "pass",
    "exceed",
    "surpass",
    "topping",
    "top",
    "well over",
    "well above",
    "beyond",
    "well beyond",
    "above",
    "at least some",
):
    QUALIFIERS[_q] = "min"
for _q in (
    "just over",
    "slightly more than",
    "a little more than",
    "a little over",
    "just above",
    "slightly over",
    "slightly above",
):
    QUALIFIERS[_q] = "just_over"
for _q in (
    "nearly",
    "almost",
    "close to",
    "closer to",
    "nearer to",
    "just under",
    "just shy of",
    "approaching",
    "nearly all",
    "nears",
    "neared",
    "nearing",
    "near",
):
    QUALIFIERS[_q] = "nearly"
for _q in (
    "up to",
    "fewer than",
    "less than",
    "under",
    "at most",
    "no more than",
    "as many as",
    "not more than",
):
    QUALIFIERS[_q] = "max"
for _q in (
    "about",
    "around",
    "approximately",
    "some",
    "roughly",
    "an estimated",
    "estimated",
    "circa",
    "approx.",
    "an approximate",
    "about some",
):
    QUALIFIERS[_q] = "approx"

_WORDNUM_ALT = "|".join(sorted(list(UNITS) + list(TENS) + list(SCALES), key=len, reverse=True))
WORD_RUN = rf"(?:{_WORDNUM_ALT})(?:(?:\s+and\s+|[\s-]+)(?:{_WORDNUM_ALT})){{0,8}}"
# "24 000", "24\u00a0000", "24\u202f000" (space, no-break and narrow no-break space as thousands
# separators) and the typo "3, 621" (a comma and a space before exactly three digits)
# "June 2, 288 passengers": a date's day and a count, not "2, 288" written with a spaced comma
_NOT_A_DAY = "".join(
    rf"(?<!{m}\s)"
    for m in (
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
        "Sep", "Sept", "Oct", "Nov", "Dec", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
    )
)  # fmt: skip
DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:[\u00a0\u202f]\d{3})+(?![\d,.]\d)"
    r"|\d{1,3}(?:\x20\d{3})+(?![\d,.]\d)"
    r"|"
    + _NOT_A_DAY
    + r"\d{1,3},\x20\d{3}(?![\d,.]\d)(?!,\x20\d)(?!\s+(?:missing|injured|wounded|hurt|displaced|"
    r"homeless|marooned|unaccounted|others|more|evacuated|rescued)\b)"
    r"|\d+(?:\.\d+)?"
)
SCALE_RE = r"(?:\s*(?:million|billion|thousand|hundred|lakhs?|crores?)\b|\s?(?:mln|bn|k|m)\b)"
VAGUE_RE = (
    r"(?:tens|hundreds)\s+of\s+thousands|dozens|hundreds|thousands|millions|scores(?=\s+of\s)"
    # "killing scores and trapping many more": a bare "scores" only as a casualty verb's object
    r"|(?:(?<=killing\s)|(?<=killed\s)|(?<=injuring\s)|(?<=wounding\s))scores\b"
    r"|(?:several|a\s+few|a\s+couple(?:\s+of)?)\s+(?:dozen|hundred|thousand|million)"
    r"|a\s+handful"
)

# One number atom. Digits may not be glued to letters or hyphens before them (F-16, G7, COVID-19).
ATOM = re.compile(
    rf"(?<![\w\-./:])(?:(?P<vague>{VAGUE_RE})|(?P<dig>{DIGITS})(?P<scale>{SCALE_RE})?"
    rf"|(?P<frac>(?:a\s+)?(?:quarter|half)(?:\s+of)?(?:\s+a)?\s+(?:million|billion))"
    rf"|(?P<adozen>a\s+dozen|a\s+hundred|a\s+thousand|a\s+million)"
    rf"|(?P<words>{WORD_RUN})(?P<wscale>\s+(?:million|billion|thousand|dozen))?)(?![\w])",
    re.IGNORECASE,
)

_QUAL_ALT = "|".join(
    re.escape(q).replace(r"\ ", r"\s+") for q in sorted(QUALIFIERS, key=len, reverse=True)
)
QUAL_BEFORE = re.compile(rf"(?:^|(?<=\W))(?P<q>{_QUAL_ALT})\s+$", re.IGNORECASE)
RANGE_MID = re.compile(r"\s*(?:-to-|-|–|—|to|or)\s*", re.IGNORECASE)  # "the 100-to-300 range"
AND_MID = re.compile(r"\s+and\s+", re.IGNORECASE)
BETWEEN_BEFORE = re.compile(r"(?:^|(?<=\W))(?P<b>between|from)\s+$", re.IGNORECASE)
# "the toll rose from eight to 14", "cut the toll from about 565 to 315": two values, not a range
CHANGE_FROM = re.compile(
    r"\b(?:rose|risen|rise|rises|rising|climbed|climbs|jumped|jumps|increased|grew|grown|"
    r"fallen|fell|falls|dropped|drops|decreased|declined|shrunk|shrank|went\s+up|gone\s+up|"
    r"went\s+down|gone\s+down|revised|raised|lowered|cut|reduced|corrected|changed|"
    r"gone|went|moved|leapt|leaped|"
    r"(?:up|down)dated)\b(?:\s+(?:the\s+)?(?:[\w'’-]+\s+){0,5}?)?\s*from\s+"
    r"(?:(?:about|around|some|roughly|nearly|almost|at\s+least|more\s+than|over)\s+)?$",
    re.IGNORECASE,
)
_REVISED_UP = re.compile(
    r"\b(?:revised|raised|moved|went|gone|go|going|bumped|adjusted|ratcheted|pushed|put|set)"
    r"(?:\s+(?:the|its|their)\s+(?:[\w'’-]+\s+){0,4}?(?:toll|total|count|tally|figure))?"
    r"(?:\s+(?:in|for|from|of)\s+[\w'’-]+)?\s+$",
    re.IGNORECASE,
)
# "the toll rose by four to 5,313", "down 25 to 3,345": a change, then the level it led to
CHANGE_BY = re.compile(
    r"\b(?:(?:rose|risen|rise|rises|climbed|climbs|jumped|jumps|increased|grew|grown|fallen|fell|"
    r"falls|dropped|drops|decreased|declined|went\s+up|gone\s+up|went\s+down|gone\s+down|"
    r"slipped|slipping|edged\s+up|edged\s+down)\s+by|up|down)\s+"
    r"(?:(?:about|around|some|roughly|nearly|almost|at\s+least|more\s+than|over|another)\s+)?$",
    re.IGNORECASE,
)
# a month right before: "March 27 – Ninety people …" is a dateline, not a range
_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.IGNORECASE
)


_OR_MORE = re.compile(r"\s+or\s+(?:more|above|higher|over)\b", re.I)


def _two_values(sentence: str, start: int, mid: str) -> bool:
    """Whether "A to B" / "A - B" at ``start`` is two values, not a range: a change from A to B,
    a change by A to the level B, or a dateline's day before a dash."""
    return bool(
        CHANGE_FROM.search(sentence, max(0, start - 90), start)
        or (mid.strip().lower() == "to" and CHANGE_BY.search(sentence, max(0, start - 40), start))
        or (
            mid.strip() in ("-", "–", "—")
            and mid != mid.strip()
            and _MONTH_BEFORE.search(sentence, max(0, start - 12), start)
        )
    )


@dataclass(slots=True)
class NumberSpan:
    """A parsed amount inside a sentence: interval plus where it was found."""

    low: float | None
    high: float | None
    start: int
    end: int
    text: str
    value: float
    rule: str
    qualifier: str | None = None
    vague: bool = False


def words_to_number(text: str) -> float | None:
    """Parse a run of English number words ("two hundred and fifty", "twenty-three")."""
    total = 0
    current = 0
    seen = False
    for w in re.split(r"[\s-]+", text.lower().strip()):
        if not w or w == "and":
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def _digits_value(dig: str, scale: str | None) -> tuple[float, float, float]:
    """Value and rounding half-width of a digit amount with an optional scale."""
    dig = re.sub(r"[,\x20\u00a0\u202f]", "", dig)
    v = float(dig)
    half = 0.0
    if scale:
        s = scale.strip().lower()
        mult = SCALES.get(s) or SCALE_SOUTH_ASIAN.get(s) or SCALE_ABBR.get(s, 1)
        if "." in dig:
            decimals = len(dig.split(".", 1)[1])
            half = 0.5 * 10 ** (-decimals) * mult
        v *= mult
    return v, v - half, v + half


def parse_atom(m: re.Match[str]) -> tuple[float, float, float, bool] | None:
    """(value, low, high, vague) of an ATOM match, or None when not a number."""
    if m.group("vague"):
        key = re.sub(r"\s+", " ", m.group("vague").lower())
        if key in VAGUE:
            lo, hi = VAGUE[key]
            return (lo + hi) / 2, lo, hi, True
        mult_word, _, scale_word = key.rpartition(" ")
        scale = 12 if scale_word == "dozen" else SCALES[scale_word]
        lo, hi = VAGUE_MULT.get(mult_word, (2, 9))
        return (lo + hi) / 2 * scale, lo * scale, hi * scale, True
    if m.group("dig"):
        v, lo, hi = _digits_value(m.group("dig"), m.group("scale"))
        return v, lo, hi, False
    if m.group("frac"):
        # "a quarter million", "half a million", "a quarter of a million"
        words = m.group("frac").lower().split()
        v = (0.25 if "quarter" in words else 0.5) * SCALES[words[-1]]
        return v, v, v, False
    if m.group("adozen"):
        word = m.group("adozen").split()[-1].lower()
        v = 12.0 if word == "dozen" else float(SCALES[word])
        return v, v, v, False
    v = words_to_number(m.group("words"))
    if v is None:
        return None
    if m.group("wscale"):
        w = m.group("wscale").strip().lower()
        v *= 12 if w == "dozen" else SCALES[w]
    return v, v, v, False


def _bound_kind(qual: str) -> str | None:
    """The kind of bound a qualifier sets ("min", "max", "approx", …), or None."""
    return QUALIFIERS.get(re.sub(r"\s+", " ", qual.lower()))


def apply_qualifier(qual: str | None, low: float, high: float) -> tuple[float | None, float | None]:
    """Turn a qualifier and a parsed [low, high] into the figure's interval (None = unbounded)."""
    if not qual:
        return low, high
    kind = _bound_kind(qual)
    if kind == "min":
        return low, None
    if kind == "just_over":
        return low, high * 1.1
    if kind == "nearly":
        return low * 0.9, high
    if kind == "max":
        return 0.0, high
    if kind == "approx":
        return low * 0.9, high * 1.1
    return low, high


def find_numbers(sentence: str) -> list[NumberSpan]:
    """All amounts in a sentence, with ranges, '+' and qualifiers folded in. Never raises."""
    out: list[NumberSpan] = []
    pos = 0
    n = len(sentence)
    for m in ATOM.finditer(sentence):
        if m.start() < pos:
            continue
        parsed = parse_atom(m)
        if parsed is None:
            continue
        value, low, high, vague = parsed
        start, end = m.start(), m.end()
        rule = "vague" if vague else ("digits" if m.group("dig") else "words")
        # ranges: "50 to 100", "50-100", "between 50 and 100", "from 50 to 100"
        between = BETWEEN_BEFORE.search(sentence, max(0, start - 10), start)
        mid = RANGE_MID.match(sentence, end) or (AND_MID.match(sentence, end) if between else None)
        if mid and _two_values(sentence, start, mid.group(0)):
            mid = None
        if mid and not vague:
            m2 = ATOM.match(sentence, mid.end())
            if m2 is None and mid.group(0).strip() in ("-", "–", "—", "-to-"):
                # the ATOM lookbehind refuses digits right after a hyphen; retry without it
                m2 = _ATOM_NOLB.match(sentence, mid.end())
            p2 = parse_atom(m2) if m2 else None
            if p2 is not None and not p2[3]:
                v2, lo2, hi2, _ = p2
                # a scale written once applies to both ends: "1 to 2 million", "50-100 thousand"
                if (
                    m2.group("dig")
                    and m2.group("scale")
                    and not m.group("scale")
                    and m.group("dig")
                ):
                    mult = v2 / float(re.sub(r"[,\s]", "", m2.group("dig")) or 1)
                    if value * mult <= v2:  # not "from 750,000 to 1 million"
                        low, high, value = low * mult, high * mult, value * mult
                if lo2 > low:
                    low, high = low, hi2
                    end = m2.end()
                    rule = "range"
                    if between:
                        start = between.start()
        # "20,000+", "23 or more"
        if (end < n and sentence[end] == "+") or (
            rule != "range" and (om := _OR_MORE.match(sentence, end)) is not None
        ):
            end = end + 1 if sentence[end] == "+" else om.end()
            qual = "more than"
            qstart = start
        else:
            qual, qstart = _qualifier_before(sentence, start, rule)
        if rule == "digits" and qual and _bound_kind(qual) in ("min", "max"):
            # "more than 1.45 million", "as many as 5.3 million": a bound is the number as
            # written, not the edge of its rounding band
            low = high = value
        lo, hi = apply_qualifier(qual, low, high)
        out.append(
            NumberSpan(
                low=lo,
                high=hi,
                start=qstart,
                end=end,
                text=sentence[qstart:end],
                value=value,
                rule=rule,
                qualifier=qual.lower() if qual else None,
                vague=vague,
            )
        )
        pos = end
    return out


def _qualifier_before(sentence: str, start: int, rule: str) -> tuple[str | None, int]:
    """The qualifier ("about", "up to") right before the amount at ``start``, and where the
    amount's text then starts; none for a range."""
    qual = None
    qstart = start
    qm = QUAL_BEFORE.search(sentence, max(0, start - 24), start)
    if (
        qm
        and qm.group("q").lower() == "up to"
        and _REVISED_UP.search(sentence, max(0, qm.start() - 30), qm.start())
    ):
        qm = None  # "the toll was revised up to 94": a level, not a ceiling
    if (
        qm
        and qm.group("q").lower() == "top"
        and not re.search(
            r"\b(?:to|could|may|might|will|would|should|can|did|does|not)\s+$",
            sentence[max(0, qm.start() - 10) : qm.start()],
            re.I,
        )
    ):
        qm = None  # "could top 350" is a floor; "the top 10" is not
    if (
        qm
        and qm.group("q").lower() == "estimated"
        and re.search(
            r"\b(?:they|he|she|we|it|who|which|have|has|had|researchers|experts|scientists|"
            r"officials|authorities|study|team|group)\s+$",
            sentence[max(0, qm.start() - 14) : qm.start()],
            re.I,
        )
    ):
        qm = None  # "they estimated 4,645 excess deaths": the verb, not "an estimated" amount
    if qm and rule != "range":
        qual = qm.group("q")
        qstart = qm.start("q")
    return qual, qstart


_ATOM_NOLB = re.compile(ATOM.pattern.replace(r"(?<![\w\-./:])", "", 1), re.IGNORECASE)


def parse_number(text: str) -> tuple[float | None, float | None] | None:
    """Interval of the first amount in ``text`` ("more than 1,100" → (1100, None)); None if none."""
    spans = find_numbers(text)
    if not spans:
        return None
    return spans[0].low, spans[0].high
