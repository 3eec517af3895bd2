"""The figure grammar: numbers + what they count + measure + scope + place + claimant.

Works sentence by sentence over regex tokens. Every decision records the rule that made it, so
``explain()`` can show why a figure was (or was not) taken. When in doubt it leaves a number out:
an editor is better served by a missed figure than by an invented one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from monitor.figures.areas import names_subdivision, resolve
from monitor.figures.claimants import _is_place, find_claimant, fold, make_claimant
from monitor.figures.model import Claimant, Figure, Scope
from monitor.figures.numbers import (
    ATOM,
    DIGITS,
    WORD_RUN,
    NumberSpan,
    find_numbers,
    parse_atom,
    parse_number,
)
from monitor.figures.own_place import (
    aside_place,
    breakdown_member_place,
    claimant_place,
    demonym_place,
    place_before,
    struck_place,
    toll_owner,
    worst_hit,
)
from monitor.figures.places import find_place, main_clause, place_mentions, reported_start
from monitor.figures.scope import ScopeHit, choose_scope, find_scopes
from monitor.figures.sentences import clauses, split_sentences
from monitor.figures.vocab import (
    AREA_UNITS,
    COUNTED_NOUNS,
    COUNTED_STATES,
    CURRENCY_BEFORE,
    FILLER_ADJ,
    GROUP_NOUNS,
    MEASURE_AFTER,
    MEASURE_BEFORE,
    MEASURE_GROUP_OVERLAP,
    MONTHS,
    NON_COUNT_UNITS,
    ORG_HEADS,
    SIDES,
    TIME_UNITS,
    WEAK_BEFORE,
    WEEKDAYS,
)

_TOKEN = re.compile(r"[A-Za-z](?:[\w'’-]|\.(?=\w))*|\d(?:\d|[,.](?=\d))*|[^\s\w]")
_MAX_SENTENCE = 3000
_MAX_NUMBERS = 40  # longer "sentences" are page junk; they are cut into windows

# longest multi-word measure phrases first
_AFTER_PHRASES: list[tuple[tuple[str, ...], str]] = sorted(
    ((tuple(p.split()), m) for m, ps in MEASURE_AFTER.items() for p in ps),
    key=lambda x: -len(x[0]),
)
_BEFORE_RX = [
    (
        m,
        re.compile(
            rf"(?:^|\W)(?P<t>{p})\s+(?:(?:another|all|an\s+additional|a\s+further|a\s+total\s+of|as\s+many\s+as|some|about|around|more\s+than|at\s+least|over|nearly|almost|up\s+to|all\s+the|the)\s+)?$",
            re.I,
        ),
    )
    for m, ps in MEASURE_BEFORE.items()
    for p in ps
]
_AUX_WORDS = {
    "were",
    "was",
    "have",
    "has",
    "had",
    "been",
    "being",
    "are",
    "is",
    "be",
    "may",
    "might",
    "could",
    "reportedly",
    "also",
    "now",
    "all",
    "later",
    "either",
    "confirmed",
    "believed",
    "thought",
    "feared",
    "presumed",
    "to",
    "and",
    "or",
    "in",
    "action",
    "only",
    "who",
    "that",
    "which",
    "of",
    "them",
    "whom",
    "likely",
    "probably",
    "still",
    "remain",
    "remained",
    "left",
    "another",
    "just",
    "already",
}
_PREPS = {
    "in",
    "on",
    "at",
    "of",
    "and",
    "or",
    "from",
    "near",
    "after",
    "by",
    "during",
    "since",
    "with",
    "to",
}
_DETERMINERS = {"the", "a", "an", "this", "that", "its", "their", "his", "her", "our"}
_STOP_WINDOW = {
    "could",
    "would",
    "will",
    ";",
    "(",
    ")",
    "but",
    "while",
    "whereas",
    "although",
    "after",
    "before",
    "for",
    "when",
    "if",
    "because",
    "since",
}
_TRAP_BEFORE = re.compile(
    r"(?:\b(?:page|p\.|no\.|number|#|route|flight|room|code|tel|phone|call|hotline|article|section|chapter|episode|season|level|category|grade|size|version|model|aged?|magnitude|rank(?:ed)?|top|vol\.|volume|paragraph|line|item|resolution|km|mile|kilometre|kilometer|highway|platform|gate|rated|score|scored|channel|bus|lot|(?<!followed\s)by|since|until|till)|[$€£¥₴₽#])\s*$",
    re.I,
)
# "the injured number more than 7,000": "number" is the verb, not "number 7"
_NUMBER_VERB = re.compile(
    r"\b(?:dead|injured|wounded|missing|displaced|victims|fatalities|deaths|casualties|homeless)"
    r"\s+(?:now\s+)?number\s*$",
    re.I,
)
# "rose by 40", "went up by more than 200": a change, not a code or a date
_CHANGE_BY = re.compile(
    r"\b(?:risen|rose|rise|rises|climbed|climbs|increased|increases|grew|grown|jumped|soared|"
    r"went\s+up|gone\s+up|go\s+up|fell|fallen|dropped|decreased|declined|up|down)\s+by\s*$",
    re.I,
)
_RATIO_AFTER = re.compile(
    r"(?:-to-|\s+to\s+|:|\s+:\s+)(?P<d>one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\b",
    re.I,
)
_FOR_EVERY = re.compile(
    r"\s+(?P<num>(?:[A-Za-z'’-]+\s+){0,3}?)for\s+(?:each|every)\s+(?P<d>one|a|an|single|\d{1,3}|two|three|four|five|ten)?\s*(?P<den>(?:[A-Za-z'’-]+\s+){0,2}[A-Za-z'’-]+)",
    re.I,
)
_MULTIPLE = re.compile(
    r"\s+times\s+(?:the\s+(?:number|toll|count)\s+of|as\s+many|more|higher|greater|the|that)\b",
    re.I,
)
_AS_MANY = re.compile(
    r"\bas\s+many\s+(?!as\b)(?:(?:others?|more|people|again)\s+)?(?:(?:were|was|have\s+been|had\s+been|are)\s+)?(?P<w>[a-z]+)",
    re.I,
)
_SIDE_WORDS = "|".join(sorted((re.escape(w) for w in SIDES), key=len, reverse=True))
_GROUP_WORDS = "|".join(
    sorted((re.escape(w) for w in GROUP_NOUNS if GROUP_NOUNS[w]), key=len, reverse=True)
)
_GROUP_PHRASE = re.compile(
    rf"(?<![\w-])(?P<side>{_SIDE_WORDS})\s+(?:(?:[a-z]+|Wagner)\s+){{0,2}}?(?P<noun>{_GROUP_WORDS}|casualties|losses|dead|deaths|death\s+toll|troop\s+losses)\b",
    re.I,
)
_SUBJECT_SIDE = re.compile(
    rf"(?<![\w-])(?P<side>{_SIDE_WORDS})\s+(?:has|have|had)\s+(?:\w+\s+)?(?:suffered|lost|sustained|seen)\b",
    re.I,
)
_COUNTRY_SIDES = {v.lower() for v in SIDES.values()}
_DEMONYM_PLURALS = {
    w for w in SIDES if w.endswith("s") and not w.endswith("'s") and w not in ("us", "hamas", "u.s")
}


@dataclass(slots=True)
class Trace:
    """Why a number was or was not taken (for ``explain``)."""

    number: str
    start: int
    taken: bool
    rules: list[str] = field(default_factory=list)
    figure: Figure | None = None


def _tokens(text: str, pos: int, limit: int = 14) -> list[tuple[str, int, int]]:
    out = []
    for m in _TOKEN.finditer(text, pos):
        out.append((m.group(0), m.start(), m.end()))
        if len(out) >= limit:
            break
    return out


def _low(w: str) -> str:
    return w.lower().replace("’", "'")


# "one of the injured died": a death, not "one of the worst disasters"
_ONE_OF_DIED = re.compile(
    r"\s+of\s+(?:the|those)\s+(?:injured|wounded|hurt|patients)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:died|succumbed)\b",
    re.I,
)


_ONE_IN = re.compile(r"(?<![\w,.])(?:one|1)\s+(?:in|out\s+of)\s+(?:every\s+)?$", re.I)
_ONE_IN_AFTER = re.compile(
    r"\s+(?:in|out\s+of)\s+(?:every\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|"
    r"a\s+hundred|a\s+thousand)\b",
    re.I,
)


_YEAR_EVENT_AFTER = re.compile(
    r"\s+(?:[A-Za-z][\w'’-]*\s+){0,2}?(?:earthquake|quake|tsunami|flood|floods|cyclone|typhoon|"
    r"hurricane|disaster|fire|stampede|landslide|eruption)\b(?!\s+(?:victims|survivors|dead)\b)",
    re.I,
)


def _trap(sent: str, n: NumberSpan) -> str | None:
    """Return a reason when the number is a date, age, unit, code, score… (not a count)."""
    before = sent[max(0, n.start - 30) : n.start]
    after = sent[n.end : n.end + 30]
    return _trap_word(before, after) or _trap_shape(sent, n, before, after)


_CURRENCY_END = re.compile(
    "(?:"
    + "|".join(
        re.escape(c) if not c.isalpha() else r"(?<![A-Za-z])" + re.escape(c)
        for c in CURRENCY_BEFORE
    )
    + ")$",
    re.I,
)


def _trap_word(before: str, after: str) -> str | None:
    """A trap the words around the number give away: a unit, a currency, a date, a modifier."""
    if (
        _TRAP_BEFORE.search(before)
        and not _CHANGE_BY.search(before)
        and not _NUMBER_VERB.search(before)
    ):
        # "at least"/"by" are qualifier-ish only when no qualifier was parsed; keep "killed at 5" out
        return "trap:before-word"
    if re.match(
        r"\s*(?:\+|-|plus|minus|upper|lower)?\s*on\s+(?:the|a|its)\s+(?:[\w'’-]+\s+){0,3}scales?\b",
        after,
        re.I,
    ):
        return "trap:scale"  # "shaking of 7 on the Japanese scale": an intensity, not a count
    if _CURRENCY_END.search(before.rstrip()):
        return "trap:currency"  # "$5", "Rs 500" (not "soars" 1,200: a code is a whole word)
    if re.match(
        r"\s*(?:[-–]\s*)?(?:year|month|week|day|hour|minute|mile|km|metre|meter|magnitude|point|storey|story|strong|member|seat|page)s?\b",
        after,
        re.I,
    ) and re.match(r"\s*[-–]", after):
        return "trap:hyphen-unit"
    if re.match(r"[-–][a-z]", after) and not re.match(r"[-–](?:odd|plus)\b", after):
        return "trap:compound-modifier"  # "the three-train crash", "a 40-bed ward"
    m = re.match(r"\s*(?:-\s*)?([\w%°/.]+)", after)
    nxt = _low(m.group(1)).rstrip(".") if m else ""
    if nxt in TIME_UNITS or nxt in NON_COUNT_UNITS or nxt == "%" or after.lstrip().startswith("%"):
        return f"trap:unit:{nxt or '%'}"
    if nxt in ("years-old", "year-old", "per", "percent", "o'clock"):
        return "trap:unit"
    if (nxt in MONTHS or nxt.rstrip(".") in MONTHS) and m and m.group(1) != "may":
        return "trap:date"  # ("as many as 40 may have died": the modal verb)
    prev = re.search(r"([A-Za-z]+)\.?\s*$", before)
    if (
        prev
        and _low(prev.group(1)) in MONTHS
        and prev.group(1) != "may"  # "the toll may exceed 400": the modal verb
        and not re.search(r"[,;]\s*$", before)
    ):
        return "trap:date"
    if prev and _low(prev.group(1)) in WEEKDAYS:
        return "trap:date"
    return None


def _trap_shape(sent: str, n: NumberSpan, before: str, after: str) -> str | None:
    """A trap the number's own shape gives away: a time, a code, a phone, a year, an age, a
    share, an ordinal, a count of areas or families."""
    raw = sent[n.start : n.end]
    if re.match(r"\s*(?:[/.]\s*|:)\d", after) or re.match(r"[-–]\d", after):
        # ("stands at 224: 148 bodies were …" is a count and the list after its colon)
        return "trap:time-or-code"
    if (
        re.search(r"\d[-–]\s*$", before)
        or re.search(r"\(\d{3}\)\s*$", before)
        or re.search(r"\+\d*\s*$", before)
    ):
        return "trap:phone"
    if (
        re.fullmatch(r"\d{3}[-–]\d{4}", raw)
        or re.fullmatch(r"\d{3}[-–]\d{3}", raw)
        and re.match(r"[-–]\d", after)
    ):
        return "trap:phone"
    if re.search(r"(?<![\d,.])(?:1[89]|20)\d\d$", raw) and _YEAR_EVENT_AFTER.match(after):
        return "trap:year-of-event"  # "the toll surpasses 1999 Istanbul earthquake"
    if re.fullmatch(r"(?:1[89]|20)\d\d", raw) or re.fullmatch(
        r"(?:1[89]|20)\d\d[-–](?:1[89]|20)?\d\d", raw
    ):
        return "trap:year"
    if (
        n.value == 1
        and re.match(r"\s+(?:of|another|side|day|time|way|by|thing)\b", after, re.I)
        and not _ONE_OF_DIED.match(sent, n.end)
    ):
        return "trap:one-of"
    au = re.match(
        r"\s+(?:(?:other|more|different|neighbouring|neighboring|affected|southern|northern|"
        r"eastern|western|central|coastal)\s+)?(?P<u>[a-z]+)\b",
        after,
        re.I,
    )
    if au and au.group("u").lower() in AREA_UNITS:
        return "trap:area-count"  # "across 44 provinces", "three other regions"
    if re.search(r"\b(?:people|persons|residents)\s+(?:in|from)\s+$", before, re.I) and re.match(
        r"\s+(?:families|households)\b", after, re.I
    ):
        # "6.9 million people in 1.4 million families", "2,243 people from 744 families"
        return "trap:families-of-a-count"
    if n.value == 1 and re.match(r"\s+(?:family|household)\b", after, re.I):
        return "trap:one-family"  # "five members of one family were killed"
    if (
        re.search(r"[A-Z][\w'’-]+,\s*$", before)
        and re.match(r"\s*,", after)
        and re.fullmatch(r"\d{1,3}", raw)
        and n.value <= 120
        and not n.qualifier
    ):
        return "trap:age-apposition"  # "Robert Lane, 74, was among the dead"
    if re.search(r"\bno\s+$", before, re.I):
        return "trap:no-one"
    if _ONE_IN.search(before) or (n.value == 1 and _ONE_IN_AFTER.match(after)):
        return "trap:proportion"  # "one in six residents were affected": a share, not a count
    if re.match(r"\s*(?:st|nd|rd|th)\b", after):
        return "trap:ordinal"
    return None


def _match_phrase(
    words: list[str], i: int, phrases: list[tuple[tuple[str, ...], str]]
) -> tuple[str, int] | None:
    for ph, m in phrases:
        k = len(ph)
        if tuple(words[i : i + k]) == ph:
            return m, k
    return None


_CONTAINERS = AREA_UNITS | {"cities", "towns", "villages", "families", "households"}


def _area_count(words: list[str], i: int) -> int:
    """ "in 812 villages", "across 17 provinces", "in 1.4 million families": a number of places
    or families after a locative word; the number of tokens to step over (0 when not one)."""
    # ("77 people in Tokyo and 11 prefectures have died": a named place, then the count)
    named_first = i >= 3 and words[i - 1] == "and" and words[i - 3] in ("in", "across")
    if (i == 0 or words[i - 1] not in ("in", "across", "from", "of")) and not named_first:
        return 0
    k = i + 1
    if k < len(words) and words[k] in ("million", "thousand", "hundred"):
        k += 1
    if not (k < len(words) and words[k] in _CONTAINERS):
        return 0
    # "in 574 municipalities and 57 cities": the list of places goes on
    if (
        k + 3 < len(words)
        and words[k + 1] == "and"
        and words[k + 2][:1].isdigit()
        and words[k + 3] in _CONTAINERS
    ):
        k += 3
    return k + 1 - i


_APPOSITIVE = re.compile(
    r"(?i:,\s+(?:among\s+them|many\s+of\s+them|most\s+of\s+them|some\s+of\s+them|including|"
    r"mostly|most|many|some)\b[^,;.]{0,80},\s*)"
    # ", four trekkers on the Langtang route among them,", ", more than half the town,", ", thought
    # to be a five-year-old boy,"
    r"|(?i:,\s+(?:thought|believed|said|understood|presumed|feared)\s+to\s+(?:be|have\s+been)\s+"
    r"[^,;.\d]{1,60},\s*)"
    r"|(?i:,\s+[^,;.]{1,60}?\s+among\s+(?:them|those|the\s+\w+),\s*)"
    r"|(?i:,\s+(?:(?:more\s+than|over|nearly|almost|about|around|roughly)\s+)?(?:half|a\s+third|"
    r"a\s+quarter|two[\s-]thirds|three[\s-]quarters|\d+\s*(?:%|per\s*cent|percent))\s+of\s+"
    r"[^,;.]{1,50},\s*)"
    # "16 peacekeepers, Brazilians and Jordanians, are confirmed dead": who they were
    r"|,\s+(?:(?:mostly|mainly|all|both)\s+)?[A-Z][a-z]+s(?:(?:,\s+|\s+and\s+)[A-Z][a-z]+s){0,4},\s*",
)
# "who had been reported missing", "earlier listed as missing": the noun's past, not its news
_RELATIVE_BEFORE = {"who", "that", "which"}
_FOUND_SAFE = re.compile(
    r"\b(?:found|turned\s+up|traced|located|reunited)\b[^.;]{0,20}?\b(?:safe|alive|well)\b"
    r"|\b(?:have|has|had)\s+(?:since\s+)?(?:been\s+)?(?:found|traced|located|accounted\s+for)\b",
    re.I,
)


_QUOTE_MARKS = frozenset({"'", "‘", "’", '"', "“", "”"})


def _next_clause(words: list[str], i: int) -> bool:
    """Whether the word at ``i`` opens the next count's phrase or another clause: "put the dead
    at 19,136 and the injured at 42,397", "the toll reached 40 as the last missing person was
    found"."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if words[i] == "and":
        return nxt == "the"
    return words[i] in ("as", "when", "after", "because", "once", "until") and nxt in _DETERMINERS


def _right_measure(
    sent: str, toks: list[tuple[str, int, int]], i: int, rules: list[str]
) -> tuple[str | None, int]:
    """Search a short window after the noun phrase for a measure word (see _APPOSITIVE for the
    asides stepped over); a measure inside a relative clause ("people who had been reported
    missing have since been found safe") gives way to the main verb's."""
    toks = [t for t in toks if t[0] not in _QUOTE_MARKS]  # "'dead or injured'": the words
    words = [_low(t[0]).rstrip("'") or "'" for t in toks]
    steps = 0
    relative: tuple[str, int, str] | None = None
    while i < len(toks) and steps < 8:
        w = words[i]
        if w == "," and i + 1 < len(words):
            ap = _APPOSITIVE.match(sent, toks[i][1])
            if ap:
                toks, words, i = *_retoken(sent, ap.end()), 0
                continue
            if words[i + 1] in ("that", "which", "with", "whose", "while", "as"):
                break  # "fallen to 66, that the confirmed death toll …": another clause
        if w == "of" and (k := _proper_of(toks, i)):
            # "288 passengers of the Coromandel Express and the Howrah Express were killed":
            # a name inside the noun phrase
            toks, words, i = *_retoken(sent, toks[i + k - 1][2]), 0
            steps += 1
            continue
        if w == ".":
            # continue into a quoted follow-up like "That's only killed in action"
            rest = " ".join(words[i + 1 : i + 3])
            if re.match(r"(?:that's|that is|those are|these are|this is|it's)", rest):
                i += 2
                steps += 1
                continue
            break
        skip = _area_count(words, i) if (w[:1].isdigit() or ATOM.fullmatch(toks[i][0])) else 0
        if skip:
            # "people in 812 villages across 17 provinces were affected": a count of places
            # inside the noun phrase, not the next figure
            i += skip
            steps += 1
            continue
        hit = _match_phrase(words, i, _AFTER_PHRASES)
        if w in ("could", "would") and _feared_dead(words, i):
            i += 1
            steps += 1
            continue
        if w == "(" and i + 2 < len(words) and words[i + 2] == ")":
            ph = _match_phrase(words, i + 1, _AFTER_PHRASES)
            if ph and ph[1] == 1:
                rules.append(f"measure-after:({words[i + 1]})")  # "over 200,000 (dead)"
                return ph[0], i + 3
        stop = (w in _STOP_WINDOW and not hit) or w[:1].isdigit() or ATOM.fullmatch(toks[i][0])
        if stop or _next_clause(words, i):
            break  # ("could not be located" is a measure phrase that starts with a stop word)
        if hit and _skip_measure(words, i, hit, rules):
            return None, i
        if hit and relative is None and _in_relative_clause(words, i):
            relative = (hit[0], i + hit[1], " ".join(words[i : i + hit[1]]))
            i += hit[1]
            steps = 0
            continue
        if hit:
            rules.append(f"measure-after:{' '.join(words[i : i + hit[1]])}")
            return hit[0], i + hit[1]
        if w == "who" and steps <= 1 and relative is None:
            steps = -4  # "three sisters who were confined to bed died": the clause, then its verb
        if (
            w not in _AUX_WORDS
            and w not in (",", "’", "'", "“", "”", '"')
            and not w.endswith("ly")
            and w not in FILLER_ADJ
            and w not in ("people", "they", "there", "said", "say", "says", "reported")
        ) and steps >= 4:
            break
        i += 1
        steps += 1
    if relative is not None:
        return _relative_measure(sent, toks, relative, i, rules)
    return None, i


def _retoken(sent: str, at: int) -> tuple[list[tuple[str, int, int]], list[str]]:
    """The tokens of ``sent`` from ``at`` (a window of 14) and their folded words."""
    toks = _tokens(sent, at, 14)
    return toks, [_low(t[0]) for t in toks]


def _proper_of(toks: list[tuple[str, int, int]], i: int) -> int:
    """At ``toks[i]`` ("of"): the tokens of "of (the) Name Name (and the Name …)", a proper name
    after "of"; 0 when no capitalised name follows."""
    j = i + 1
    if j < len(toks) and toks[j][0] == "the":
        j += 1
    start = j
    while j < len(toks):
        t = toks[j][0]
        if t[:1].isupper():
            j += 1
        elif t == "and" and j > start and j + 1 < len(toks) and toks[j + 1][0] == "the":
            j += 2
        else:
            break
    return j - i if j > start and toks[j - 1][0][:1].isupper() else 0


def _feared_dead(words: list[str], i: int) -> bool:
    """At ``words[i]`` ("could"/"would"): "as many as 500,000 could be dead": a fear of deaths,
    kept as a projection (like "feared dead"); "could be displaced by a dam breach" stays a
    scenario, not a figure."""
    return bool(
        re.match(
            r"(?:(?:all|still|now|already)\s+)?(?:be\s+dead|have\s+died|have\s+been\s+killed|"
            r"be\s+killed|have\s+perished)\b",
            " ".join(words[i + 1 : i + 5]),
        )
    )


def _skip_measure(words: list[str], i: int, hit: tuple[str, int], rules: list[str]) -> bool:
    """The measure phrase ``hit`` at ``words[i]`` describes another noun, or only a possibility:
    no measure for the count (the rule that said so is appended to ``rules``)."""
    after = words[i + hit[1]] if i + hit[1] < len(words) else ""
    if i > 0 and words[i - 1] in _DETERMINERS and after.isalpha() and after not in _PREPS:
        rules.append("skip:attributive-participle")
        return True
    if words[i] == "trapped" and any(
        x in ("may", "might", "could") for x in words[max(0, i - 4) : i]
    ):
        rules.append("skip:possibly-trapped")  # "up to 40 people may still be trapped"
        return True
    if i > 1 and words[i - 1] == "of" and words[i - 2].isalpha():
        # "thousands of parents of injured workers": the measure describes another noun
        rules.append("skip:of-attributive")
        return True
    return False


def _in_relative_clause(words: list[str], i: int) -> bool:
    """Is the measure phrase at ``words[i]`` inside a relative clause, to give way to the main
    verb's measure if one follows?"""
    return (
        # "who had been reported missing", "that were listed as missing"
        i > 1
        and words[i - 1] in ("reported", "listed")
        and any(x in _RELATIVE_BEFORE for x in words[max(0, i - 5) : i])
        # "earlier listed as missing"
        or i > 1
        and words[i - 1] == "as"
        and words[i - 2] in ("listed", "reported")
        # "62 people who had been trapped since Wednesday were pulled out alive",
        # "saved 230 people trapped in the mall": the trapped are not the count's news
        or words[i] == "trapped"
        and (
            any(x in _RELATIVE_BEFORE for x in words[max(0, i - 4) : i])
            or i == 0
            or words[i - 1] not in _AUX_WORDS
        )
    )


def _relative_measure(
    sent: str,
    toks: list[tuple[str, int, int]],
    relative: tuple[str, int, str],
    i: int,
    rules: list[str],
) -> tuple[str | None, int]:
    """No main-verb measure followed the relative clause's: keep the clause's ``relative``
    (measure, end token, words) unless the sentence goes on to say they were found or rescued."""
    tail = sent[toks[min(relative[1], len(toks) - 1)][1] :] if toks else ""
    if _FOUND_SAFE.search(tail[:80]):
        rules.append("skip:found-safe")
        return None, i
    if re.search(
        r"\b(?:were|was|have\s+been|had\s+been|are)\s+(?:\w+\s+){0,2}?"
        r"(?:pulled|rescued|freed|brought|lifted|dug)\b",
        tail[:80],
        re.I,
    ):
        rules.append("skip:rescued-after-trapped")  # "… who had been trapped were rescued"
        return None, i
    rules.append(f"measure-after-relative:{relative[2]}")
    return relative[0], relative[1]


_QUAL = r"(?:(?:about|around|some|roughly|approximately|nearly|almost|more\s+than|at\s+least|over|just\s+over|up\s+to|an\s+estimated|just|only)\s+)?"
# a level verb right before the number: "has risen to", "stood at", "put the toll at", "down to"
_LEVEL_BEFORE = re.compile(
    r"\b(?:(?:has|have|had|was|were|is|are|now|since|already|further)\s+)*"
    r"(?:risen|rose|rise|rises|climbed|climbs|jumped|increased|grown|grew|fallen|fell|dropped|"
    r"held|holds|shrunk|shrank|narrowed|(?:whittled|pared|cut)\s+(?:down\s+)?(?:again\s+)?|"
    r"slowed|eased|reached|reaches|stood|stands|standing|revised\s+(?:[\w'’,-]+\s+){0,12}?(?:down|up)|"
    r"put\s+(?:(?:the|its|their|his|her)\s+)?(?:official\s+|death\s+|overall\s+)?(?:toll|count|tally|number|figure)|"
    r"(?:continuing|continued|continue|running|occurring)\s+at\s+a\s+rate|at\s+a\s+rate)"
    # "climbed overnight to 1,250", "rose sharply to 90"
    r"(?:\s+(?:overnight|again|further|[a-z]+ly))?"
    r"\s*(?:to|at|of)?\s+" + _QUAL + r"$",
    re.I,
)
_LEVEL_SUBJECT = re.compile(
    r"\b(?P<toll>(?:(?P<tk>death|casualty|injury)\s+)?(?:toll|tally|count))\b"
    # "the missing-persons list then held 196 names", "the list of the missing had shrunk to 49"
    r"|\b(?P<mlist>missing(?:[\s-]persons?)?\s+list|list\s+of\s+(?:the\s+)?(?:people\s+|those\s+)?"
    r"(?:missing|unaccounted))\b"
    r"|\bnumber\s+of\s+(?:people\s+|those\s+|residents\s+)?(?P<what>[a-z][a-z ]{2,40})"
    r"|\b(?P<counted>[a-z]+)\b",
    re.I,
)


_HOMES_LOST = re.compile(
    r"[^.;,]{0,80}?\b(?:after|because|as|since)\s+their\s+(?:homes|houses|flats|apartments)\s+"
    r"(?:were|had\s+been|have\s+been)\s+(?:\w+\s+)?(?:destroyed|damaged|flooded|condemned|"
    r"unsafe|uninhabitable|burned|burnt|flattened)\b",
    re.I,
)
# people without a home after the event: "lost their homes", "no longer have a home", "are
# living in 500 makeshift camps", "were still sheltering in evacuation centres", "went into
# temporary camps", "had to leave their homes" (a short stretch after the noun phrase)
_HOMELESS_AFTER = re.compile(
    r"(?:(?:[^.;:]|\.(?=\d)){0,40}?\s)?(?:(?:lost|left)\s+(?:their|his|her)\s+homes?|"
    r"(?:no\s+longer\s+have|(?:are|were|been)\s+left\s+without|without)\s+(?:a\s+)?(?:homes?|shelter)|"
    r"(?:cannot|can't|could\s+not|unable\s+to)\s+(?:go\s+back|return)\s+(?:to\s+)?(?:their\s+)?homes?|"
    r"(?:had|have|has|were\s+forced)\s+to\s+(?:leave|abandon|flee)\s+their\s+homes?|"
    r"(?:living|sheltering|staying|sleeping|housed|camped|put\s+up|accommodated|sheltered)\s+"
    r"(?:on\s+the\s+streets|"
    r"(?:in|at)\s+(?:[\w,-]+\s+){0,3}?(?:camps?|shelters?|tents|evacuation\s+cent(?:re|er)s|"
    r"hotels?|hotel\s+rooms|rentals|schools|sports\s+halls|gyms?)\b)|"
    r"(?:still|were)\s+sheltering\b|"
    # "2,500 people are in relief camps", "sent thousands to relief camps"
    r"(?:(?:(?:are|were|remain|remained)\s+(?:now\s+|still\s+)?)?in|to)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:camps|shelters|evacuation\s+cent(?:re|er)s)\b|"
    r"(?:went|moved|fled)\s+(?:in)?to\s+(?:\w+\s+){0,2}?(?:camps?|shelters?)\b|"
    r"(?:were\s+|had\s+been\s+|have\s+been\s+)?moved\s+out\s+of\s+harm's\s+way)",
    re.I,
)
# camps or shelters holding people: "relief camps …, sheltering 2,243 people", "14 camps are
# in the valley, housing 1,855 people"
_CAMPS_HOLDING = re.compile(
    r"\b(?:camps|shelters|evacuation\s+cent(?:re|er)s)\b[^.;]{0,60}?\b(?:sheltering|housing|"
    r"hosting|accommodating)\s+$",
    re.I,
)
_TOLL_TRIGGER = re.compile(r"toll|tally|count|number\s+of", re.I)
_EVENT_BEFORE = re.compile(
    r"\b(?:since|struck|strikes|hit|hits|shook|shakes|erupted|began|started|occurred|happened|"
    r"collapsed|exploded|broke\s+out|buried|swept\s+away|made\s+landfall)\b[^,.;]{0,80}$",
    re.I,
)
# a day that opens the sentence, then who reported the count: "On Tuesday morning state
# broadcaster CCTV reported 113 people killed" (the day it was reported, not a day's count)
_DAY_REPORTED = re.compile(
    r"(?:\s+(?:morning|afternoon|evening|night))?\s*,?\s+(?:[^,.;\d]{0,60}?\s)?"
    r"(?:reported|said|announced|confirmed|put\s+the\s+\w+\s+at)\s+(?:that\s+)?[^,.;]{0,12}$",
    re.I,
)
_EVENT_AFTER = re.compile(r"^[^.;]{0,40}?,\s*(?:killing|injuring|wounding|leaving)\b", re.I)


_SUBORDINATE = re.compile(
    r"\b(?:as|while|when|whereas|because|though|although|where|after|before|since|until)\s+"
    r"(?!(?:of|at|on|in|from|by|to|well|many|much|late|early|recently)\b)",
    re.I,
)


def _day_is_as_of(
    sent: str, d_start: int, d_end: int, n_start: int, rules: list[str]
) -> str | None:
    """Why a day phrase does not bound a count to that day: a level ("the toll stood at 27 on
    Wednesday" — cumulative as of that day) or the event's own day ("the quake, which struck on
    Tuesday, killing 12"; "injured since the quake struck on Tuesday" — cumulative to date).
    "on Tuesday alone" and "the day's deaths" keep the day."""
    if re.match(r"\s+alone\b", sent[d_end:]) or re.match(r"the\s+day['’]s\b", sent[d_start:], re.I):
        return None
    if re.search(r"\bas\s+of\s+(?:late\s+|early\s+)?$", sent[max(0, d_start - 16) : d_start], re.I):
        return "level-as-of"  # "31 confirmed dead as of late yesterday": the count then
    if d_start > n_start and re.search(r"\b(?:still|remains?|remained)\b", sent[n_start:d_start]):
        return "level-as-of"  # "163 people were still missing today": a state, as of that day
    if (
        d_start < n_start
        and not sent[:d_start].strip(' "“')
        and _DAY_REPORTED.match(sent, d_end, n_start)
    ):
        return "report-day"  # "On Tuesday morning CCTV reported 113 killed": when it was told
    if d_start > n_start and _SUBORDINATE.search(sent, n_start, d_start):
        # "the toll rose to 90 as rescuers kept searching on Sunday", "killed 12 people, after
        # the storm hit on Sunday": the day belongs to another clause; the count is to date
        return "subordinate-day"
    level = any(
        r.startswith(("measure:level-subject", "measure:level-object"))
        or (r.startswith("measure-before:") and _TOLL_TRIGGER.search(r))
        for r in rules
    )
    if level:
        return "level-as-of"
    before = sent[max(0, d_start - 100) : d_start]
    if _EVENT_BEFORE.search(before):
        return "event-day"
    if d_end <= n_start and _EVENT_AFTER.match(sent[d_end:n_start]):
        return "event-day"
    return None


# words that may stand between "the number of" and what the people are ("the number of
# Nigerian pilgrims who died", "the number of pilgrims previously declared missing")
_SUBJECT_FILLER = {
    "who", "that", "have", "has", "had", "been", "were", "was", "are", "previously", "officially",
    "declared", "reported", "listed", "confirmed", "now", "still",
}  # fmt: skip


def _subject_measure(raw: list[str]) -> str | None:
    """The measure the words after "the number of" name: at their start, or after a group noun,
    a nationality and fillers ("Kenyan pilgrims who died", "pilgrims previously declared
    missing"). Animals are counted apart ("the number of livestock killed"); the dead and the
    missing counted as one ("people dead or unaccounted for", "who had died or were missing")
    are casualties."""
    words = [_low(w) for w in raw]
    if words and COUNTED_NOUNS.get(words[0]) == "livestock":
        return "livestock"
    for i in range(min(5, len(words))):
        hit = _match_phrase(words, i, _AFTER_PHRASES)
        if hit:
            if hit[0] == "killed" and _or_missing(words, i + hit[1]):
                return "casualties"
            return hit[0]
        if i == 0 and raw[0][:1].isupper():
            continue  # a nationality ("Kenyan pilgrims")
        if (
            words[i] not in GROUP_NOUNS
            and words[i] not in _SUBJECT_FILLER
            and words[i] not in SIDES
        ):
            return None
    return None


def _or_missing(words: list[str], j: int) -> bool:
    """Whether "or/and (were|are|remain|still) missing / unaccounted for" follows at ``j``."""
    if j >= len(words) or words[j] not in ("or", "and"):
        return False
    k = j + 1
    while k < len(words) and words[k] in ("were", "are", "remain", "remained", "still", "gone"):
        k += 1
    hit = _match_phrase(words, k, _AFTER_PHRASES)
    return bool(hit and hit[0] == "missing")


_TOLL_MODIFIER = re.compile(r"\s+(?:from|after|in|caused\s+by|by)\b[^,;]*$", re.I)


def _level_subject(sent: str, start: int, rules: list[str]) -> str | None:
    """ "The number of people killed ... has risen to 27", "aftershocks had slowed to about 15":
    a level verb right before the number takes its measure from the subject before it."""
    lv = _LEVEL_BEFORE.search(sent, max(0, start - 140), start)
    if lv is None:
        return None
    region = sent[max(0, lv.start() - 160) : lv.end()]
    # the subject ends at the clause that holds the level verb
    # ("the Sept. 24 stampede": an abbreviation's full stop ends no clause)
    stops = [m.start() for m in re.finditer(r"\.\s+(?![\d,])", region)]
    cut = max(region.rfind(";"), stops[-1] if stops else -1)
    region = region[cut + 1 :]
    best: tuple[int, str] | None = None
    toll_end = -1
    for m in _LEVEL_SUBJECT.finditer(region, 0, len(region) - (lv.end() - lv.start())):
        found = None
        if m.group("mlist"):
            best = (m.start(), "missing")
            continue
        if (
            m.group("counted")
            and toll_end >= 0
            and _TOLL_MODIFIER.match(region[toll_end : m.start()])
        ):
            continue  # "the toll from wildfires in California rose to 31": what caused the toll
        if (
            m.group("toll")
            and re.match(r"\s+of\s", region[m.end() :])
            and _toll_measure(region[m.start() :], None, "") is None
        ):
            best, toll_end = None, -1  # "the count of people aboard had been cut to 459"
            continue
        if m.group("toll"):
            toll_end = m.end()
            tk = (m.group("tk") or "death").lower()
            found = {"death": "killed", "casualty": "casualties", "injury": "injured"}[tk]
        elif m.group("what"):
            found = _subject_measure(m.group("what").split())
        elif m.group("counted"):
            w = _low(m.group("counted"))
            found = COUNTED_NOUNS.get(w) if w in COUNTED_NOUNS else None
        if found:
            best = (m.start(), found)
    if best is None:
        return None
    rules.append(f"measure:level-subject:{best[1]}")
    return best[1]


_LABEL = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:total|confirmed|number\s+of)\s+)?(?P<w>[A-Za-z][A-Za-z -]{1,30}?)[ \t]*:[ \t]*$",
    re.I,
)
# the measure noun that ends a longer row label ("Disaster-related deaths", "Confirmed injured")
_LABEL_NOUNS = r"deaths|dead|fatalities|injured|injuries|wounded|missing|evacuees|displaced"


# "total deaths 98, 217 missing": a count named before its number
_TOTAL_LABEL = re.compile(
    r"\btotal\s+(?P<w>deaths|dead|fatalities|injuries|injured|missing|displaced)\s*:?\s*$", re.I
)


def _label_measure(sent: str, n: NumberSpan, rules: list[str]) -> str | None:
    """The measure of a number that is a row of a table of counts: "Total deaths: 139" on a
    line of its own."""
    m = _TOTAL_LABEL.search(sent, max(0, n.start - 40), n.start)
    if m is None:
        m = _LABEL.search(sent, max(0, n.start - 50), n.start)
        # (a bracketed aside may end the row: "Injured: 1,153 (210 seriously)")
        if m is None or not re.match(r"[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?(?:\n|$)", sent[n.end :]):
            return None
    label = m.group("w").strip()
    measure = _measure_word(label)
    if measure is None and (last := re.search(rf"\s(?P<w>{_LABEL_NOUNS})$", " " + label, re.I)):
        measure = _measure_word(last.group("w"))  # "Disaster-related deaths: 11"
    if measure:
        rules.append(f"measure:label:{measure}")
    return measure


#: a tally's row: an area's name at a list boundary right before the number, "Iran 239",
#: "; Nigeria: 99", "- Pakistan: 31 dead", "• North Carolina: 77", "Yancey County was next with
#: 11, then Henderson County with seven", "Next comes Polk County, with 4"
_TALLY_NAME = re.compile(
    r"(?:^|[,;:\n(•]|\b(?:and|while|come|comes|came|from|then)\b)\s*(?:[-•*]\s*)?(?:the\s+)?"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
    # "Morocco and Turkey each with three", "the Netherlands, 1 each"
    r"\s*(?P<sep>:|,|,?\s+(?:(?:was|is|came|comes|come)\s+next,?\s+|each\s+|follows\s+|"
    r"followed\s+)?with|\s+had|"
    r"\s+(?P<lost>lost))?\s*$"
)
#: what a tally counts, said before it ("the dead by nationality:", "the toll by country",
#: "numbers of people lost in the stampede:")
_TALLY_CUE = re.compile(
    r"\b(?:(?P<k>dead|deaths?|died|killed|victims|toll|tolls|fatalities|bodies|lost)|"
    r"(?P<i>injured|wounded|hurt)|(?P<m>missing|unaccounted))\b",
    re.I,
)
_SUBDIVISION_TYPE = re.compile(
    r"\s(?:County|Parish|Province|Prefecture|District|Region|Governorate|Oblast|State)$"
)


def _row_area(m: re.Match[str]) -> tuple[str | None, str | None] | None:
    """(side, place) of a tally row's name: a country is a side (its people: "Peru 41" in a
    tally by nationality), a state, province or county is a place ("North Carolina: 77",
    "Yancey County with 11"; a bare "Name N" only with a type word); None for a name that is
    neither."""
    name = m.group("name")
    area = resolve(name)
    if area is not None and area.level == 1:
        return name, None
    if _SUBDIVISION_TYPE.search(name) or (
        m.group("sep") and m.group("sep") != "," and names_subdivision(name)
    ):
        return None, name
    return None


def _tally_row(
    sent: str, n: NumberSpan, rules: list[str], toll: str | None = None
) -> tuple[str | None, str | None, str | None] | None:
    """(measure, side, place) of a number that is an area's row in a tally of casualties by
    country, nationality, state or county: "The dead came from 12 countries: Netherlands 193,
    Malaysia 43", "Toll by nationality: Iran 239; Mali 70", a bullet "- Pakistan: 31 dead"
    under a sentence about the dead, "Deaths by state:" then "• Florida: 17". A country is
    the row's side, a subdivision its place. The measure is None when the words after the
    number give it."""
    m = _TALLY_NAME.search(sent, max(0, n.start - 60), n.start)
    if m is None or (where := _row_area(m)) is None:
        return None
    side, place = where
    head = sent[max(0, m.start("name") - 300) : m.start("name")]
    cues = list(_TALLY_CUE.finditer(head))
    after = _TALLY_CUE.match(sent, n.end + 1) if sent[n.end : n.end + 1] == " " else None
    if m.group("lost"):  # "Iran lost 465 of its pilgrims": a country's dead
        rules.append("measure:tally-row")
        return "killed", side, place
    if not cues and after is None and toll is None:
        return None
    rules.append("measure:tally-row")
    if place:
        rules.append("place:tally-row")
    if after is not None:
        return None, side, place
    if not cues:  # "Next on the list come India with 101": the previous sentence's toll
        return toll, side, place
    cue = cues[-1]
    measure = "killed" if cue.group("k") else "injured" if cue.group("i") else "missing"
    return measure, side, place


def _left_measure(
    sent: str, start: int, has_group: bool, rules: list[str], weak: bool = False
) -> str | None:
    """A trigger right before the number ("killing 12", "death toll rose to 74"). ``weak``
    selects the triggers that need a group noun after the number ("lost 5 soldiers")."""
    before = sent[max(0, start - 80) : start]
    for m, rx in _BEFORE_RX:
        hit = rx.search(before)
        if hit:
            trig = hit.group("t").lower()
            is_weak = trig in WEAK_BEFORE
            if is_weak != weak or (is_weak and not has_group):
                continue
            if trig in ("lost", "losing", "lose", "loses"):
                m = "casualties"
            rules.append(f"measure-before:{trig}")
            return m
    return None


# "are among the dead", "were among the latest bodies taken …", "of the Libyan army, the force
# that holds the east, are among those unaccounted for": the group's measure
_AMONG = re.compile(
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4})?(?:\s*,[^;.,]{1,80},)?"
    r"\s+(?:were|was|are|is)\s+(?:also\s+|now\s+)?among\s+(?:the\s+|those\s+)?(?:[\w,.-]+\s+){0,3}?"
    r"(?P<m>killed|dead|injured|wounded|hurt|missing|unaccounted|victims|bodies|arrested|"
    r"detained|rescued|evacuated|displaced|captured)\b",
    re.I,
)


def _among_measure(sent: str, end: int) -> str | None:
    """The measure of "… were among the dead / those unaccounted for" after a noun phrase."""
    am = _AMONG.match(sent, end)
    if am is None:
        return None
    w = _low(am.group("m"))
    hit = _match_phrase([w], 0, _AFTER_PHRASES)
    return hit[0] if hit else {"unaccounted": "missing", "victims": "killed"}.get(w)


_STATE_NORM = {"flattened": "destroyed", "canceled": "cancelled"}
# a measure noun as the subject of a list: "the dead include N A, M B and K C"
_LIST_SUBJECT = re.compile(
    r"\b(?P<m>dead|victims|missing|injured|wounded|unaccounted\s+for)\s+"
    r"(?:include|included|includes|including|were|are)\b\s*[:“\"]?\s*"
    r"(?:[^.;:“\"]{0,120}?(?:,|\band)\s+[“\"]?)?"
    r"(?:(?:at\s+least|about|some|nearly|more\s+than)\s+)?$",
    re.I,
)
_LOSING_BEFORE = re.compile(
    r"\b(?:lost|losing|lose|loses)\s+(?:(?:some|about|around|nearly|almost|more\s+than|at\s+least|over|up\s+to|from)\s+)?$",
    re.I,
)
_LOSER = re.compile(
    rf"(?<![\w-])(?P<side>{_SIDE_WORDS})(?:\s+(?:forces|army|military|troops))?\s+(?:(?:says|said|claims)\s+(?:it|they)\s+)?(?:is\s+|are\s+|was\s+|were\s+|has\s+|have\s+|had\s+)?(?:been\s+)?(?:lost|losing|lose|loses)\b",
    re.I,
)
_CONTRAST = re.compile(r"[;]\s*|,\s+(?:while|whereas)\s+|\s+while\s+(?=[A-Z])")


def _contrast_segments(sent: str) -> list[tuple[int, int]]:
    """Spans of clauses joined by ';', ', while', ', whereas'."""
    out = []
    pos = 0
    for m in _CONTRAST.finditer(sent):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(sent)))
    return out


def _group_from(side: str | None, kind: str | None) -> str | None:
    if side and kind:
        return f"{side}, {kind}"
    return side or kind


_SPEAKS = re.compile(
    r"\s+(?:(?:has|have|had|also|on\s+\w+)\s+)*(?:said|says|told|reported|announced|confirmed|"
    r"stated|estimated|added)\b"
)


def _fallback_group(sent: str, before: int) -> tuple[str | None, str | None, str | None]:
    """Nearest side+group phrase before ``before`` ("(Russian troops)", "Russian casualties")."""
    best = None
    for m in _GROUP_PHRASE.finditer(sent, 0, before):
        if not _SPEAKS.match(sent, m.end()):
            best = m  # "British police said …": the speaker, not the counted group
    sub = None
    for m in _SUBJECT_SIDE.finditer(sent, 0, before):
        if not _SPEAKS.match(sent, m.end()):
            sub = m
    if best is None and sub is None:
        return None, None, None
    if best is None or (sub is not None and sub.end() > best.end()):
        side = SIDES.get(_low(sub.group("side")))
        return side, None, sub.group(0)
    side = SIDES.get(_low(best.group("side")))
    noun = _low(best.group("noun"))
    kind = GROUP_NOUNS.get(noun)
    return side, kind, best.group(0)


def _noun_phrase(toks: list[tuple[str, int, int]]) -> dict:
    """Side adjectives, then a counted / measure / group noun right after the number."""
    words = [_low(t[0]) for t in toks]
    i = 0
    side = None
    while i < len(words) and i < 5:
        w = words[i]
        w2 = w[:-2] if w.endswith("'s") else w
        if w in SIDES or w2 in SIDES:
            side = side or SIDES.get(w) or SIDES.get(w2)
            i += 1
            continue
        if w in FILLER_ADJ and (w not in ("of", "the") or (i == 0 and w == "of")):
            i += 1
            continue
        break
    if side and i > 0 and words[i - 1] in _DEMONYM_PLURALS:
        # "41 Palestinians": the demonym is the counted noun
        return {
            "side": side,
            "i": i,
            "noun": words[i - 1],
            "kind": None,
            "counted": None,
            "measure": None,
        }
    out: dict = {"side": side, "i": i, "noun": None, "kind": None, "counted": None, "measure": None}
    if i >= len(words):
        return out
    two = " ".join(words[i : i + 2])
    for cand, k in ((two, 2), (words[i], 1)):
        if cand in COUNTED_NOUNS:
            out.update(counted=COUNTED_NOUNS[cand], i=i + k, noun=cand)
            return out
    hit = _match_phrase(words, i, _AFTER_PHRASES)
    nxt = words[i + hit[1]] if hit and i + hit[1] < len(words) else ""
    if hit and nxt in COUNTED_NOUNS:
        # "300 affected villages", "12 damaged hospitals": the participle describes the things
        out.update(counted=COUNTED_NOUNS[nxt], i=i + hit[1] + 1, noun=nxt)
        return out
    verb_after = nxt in ("were", "was", "have", "had", "has") or (
        nxt.endswith("ed") and _match_phrase([nxt], 0, _AFTER_PHRASES) is None
    )
    if hit and not (
        (
            " ".join(words[i : i + hit[1]]) in MEASURE_GROUP_OVERLAP
            or words[i] in MEASURE_GROUP_OVERLAP
        )
        and verb_after
    ):
        out.update(measure=hit[0], i=i + hit[1], noun=" ".join(words[i : i + hit[1]]))
        # "239 soldiers" is a group; "239 dead" is a measure noun
        return out
    for cand, k in ((two, 2), (words[i], 1)):
        if cand in GROUP_NOUNS:
            out.update(noun=cand, kind=GROUP_NOUNS[cand], i=i + k)
            return out
    return out


def _ratio(sent: str, n: NumberSpan, rules: list[str]) -> Figure | None:
    after = sent[n.end :]
    m = _RATIO_AFTER.match(after)
    num_side = den_side = None
    num_kind = den_kind = None
    if m:
        d = parse_atom(ATOM.match(m.group("d"))) if ATOM.match(m.group("d")) else None
        if d is None or d[0] == 0:
            return None
        if re.search(r"\bfrom\s+$", sent[max(0, n.start - 8) : n.start], re.I):
            return None  # "lowered from 115 to 97": a change of a count, not a ratio
        if not re.search(r"\bratio\b|\bkill|\bdeath|\bloss|\bcasualt", sent, re.I):
            return None
        denom = d[0]
        end = n.end + m.end()
        rules.append("ratio:n-to-m")
    else:
        m = _FOR_EVERY.match(after)
        if not m:
            return None
        dw = (m.group("d") or "one").lower()
        denom = (
            1.0
            if dw in ("one", "a", "an", "single")
            else (parse_atom(ATOM.match(dw))[0] if ATOM.match(dw) else 1.0)
        )
        num_np = _noun_phrase(_tokens(m.group("num") or "", 0))
        den_np = _noun_phrase(_tokens(m.group("den"), 0))
        num_side, num_kind = num_np["side"], num_np["kind"]
        den_side, den_kind = den_np["side"], den_np["kind"]
        if num_side is None:
            sm = re.match(rf"\s*(?:[A-Z]\w*\s+)?(?P<side>{_SIDE_WORDS})\b", sent, re.I)
            num_side = SIDES.get(_low(sm.group("side"))) if sm else None
        end = n.end + m.end()
        rules.append("ratio:for-every")
    if denom == 0:
        return None
    low = n.low / denom if n.low is not None else None
    high = n.high / denom if n.high is not None else None
    measure = "killed"
    mm = re.search(
        r"\b(kill\w*|death\w*|dead|died|wound\w*|injur\w*|casualt\w*|loss\w*|lost)\b", sent, re.I
    )
    if mm:
        w = mm.group(1).lower()
        measure = (
            "injured"
            if w.startswith(("wound", "injur"))
            else ("casualties" if w.startswith(("casualt", "loss", "lost")) else "killed")
        )
        if w in ("lost",) and re.search(r"\bkill", sent, re.I):
            measure = "killed"
    g1 = _group_from(num_side, num_kind)
    g2 = _group_from(den_side, den_kind)
    group = f"{g1} : {g2}" if g1 and g2 else None
    return Figure(
        low=low,
        high=high,
        text=sent[n.start : end],
        measure=f"ratio:{measure}",
        kind="ratio",
        group=group,
        group_text=sent[n.end : end].strip() or None,
        side=num_side,
        group_kind=num_kind,
        start=n.start,
        end=end,
    )


def _skip_number(sent: str, n: NumberSpan, scopes: list[ScopeHit], rules: list[str]) -> bool:
    """Whether a number is part of a time phrase or a trap, recording why in ``rules``."""
    if any(h.start <= n.start and n.end <= h.end for h in scopes):
        rules.append("skip:part-of-time-phrase")
        return True
    ratio_like = _RATIO_AFTER.match(sent, n.end) and re.search(r"\bratio\b", sent, re.I)
    trap = None if _MULTIPLE.match(sent, n.end) or ratio_like else _trap(sent, n)
    if trap:
        rules.append(trap)
        return True
    if _accounted_for(sent, n):
        rules.append("skip:accounted-for")
        return True
    return False


#: people whose whereabouts or safety have been confirmed are the found, not the missing: "they
#: have established the whereabouts of 135 of them", "the whereabouts of 102 have been
#: confirmed", "the safety of 300 people has been confirmed" ("has not been confirmed" stays)
_ACCOUNTED_BEFORE = re.compile(
    r"\b(?:established|confirmed|determined|clarified|verified|ascertained|know|knew|traced)\s+"
    r"the\s+(?:whereabouts|safety)\s+of\s+(?:(?:about|around|some|nearly|almost|over|more\s+than|"
    r"at\s+least)\s+)?$",
    re.I,
)
_ACCOUNTED_OF = re.compile(r"\b(?:whereabouts|safety)\s+of\s+(?:\w+\s+){0,2}$", re.I)
_ACCOUNTED_AFTER = re.compile(
    r"(?:\s+(?!(?:has|have|had|is|are|was|were)\b)[\w'’-]+){0,4}?\s+(?:has|have|had|is|are|was|were)\s+"
    r"(?:now\s+|since\s+|also\s+|all\s+)?(?:been\s+)?(?:confirmed|established|determined|clarified|"
    r"verified|known|traced)\b",
    re.I,
)


def _accounted_for(sent: str, n: NumberSpan) -> bool:
    """Whether the number counts people whose whereabouts or safety are confirmed."""
    before = sent[max(0, n.start - 60) : n.start]
    if _ACCOUNTED_BEFORE.search(before):
        return True
    return bool(_ACCOUNTED_OF.search(before) and _ACCOUNTED_AFTER.match(sent, n.end))


def _segment_attribution(
    sent: str,
    n: NumberSpan,
    segs: list[tuple[int, int]],
    claimant: Claimant | None,
    crule: str | None,
    place: str | None,
) -> tuple[Claimant | None, str | None, str | None]:
    """The claimant, its rule and the place of the contrasted clause holding the number."""
    if len(segs) > 1:
        # "In Turkey the toll rose to 41,000, while Syria reported 5,900 deaths": each
        # contrasted clause keeps its own place and claimant
        a, b = next(((a, b) for a, b in segs if a <= n.start < b), segs[-1])
        seg_claimant, seg_rule = find_claimant(sent[a:b])
        seg_place = find_place(sent[a:b], reported_start(sent[a:b], n.start - a))
        return seg_claimant, seg_rule, seg_place
    return claimant, crule, place


def _copy_scope(s: Scope) -> Scope:
    """A copy of a scope (kind, unit, start, end, label, vague)."""
    return Scope(s.kind, s.unit, s.start, s.end, s.label, s.vague)


_ASIDE = re.compile(r",\s+(?:which|who|whose)\s+(?!(?:was|were|is|are)\s+\w+ed\s+(?:on|by|in)\b)")


def _in_closed_aside(sent: str, h: ScopeHit, before: int) -> bool:
    """Whether scope phrase ``h`` lies in a ", which …," clause that closes before ``before``."""
    if h.end > before:
        return False
    for m in _ASIDE.finditer(sent, 0, h.start):
        close = sent.find(",", h.end, before)
        if close != -1 and "," not in sent[m.end() : h.start]:
            return True
    return False


_COMPARED_SINCE = re.compile(
    r"\b(?:most|deadliest|worst|highest|largest|biggest|strongest|costliest)\b[^.;]{0,60}?"
    r"\bsince\s+(?:(?:[A-Z][\w'’-]*|the)\s+){0,3}$"
)


def _assign_scope(
    fig: Figure,
    sent: str,
    n: NumberSpan,
    scopes: list[ScopeHit],
    cls: list[tuple[int, int]],
    published: datetime | None,
    asof_hits: dict[int, str],
    rules: list[str],
) -> None:
    """Set ``fig.scope`` from the governing scope phrase, else cumulative to publication."""
    clause = next(((a, b) for a, b in cls if a <= n.start < b), (0, len(sent)))
    # a relative clause after the count describes something else ("…, which began in 1959")
    scopes = [h for h in scopes if not _ASIDE.search(sent, n.end, h.start)]
    # … and so does one closed before it ("The number killed by the cyclone, which tore into
    # the region last month, is now above 1,000")
    scopes = [h for h in scopes if not _in_closed_aside(sent, h, n.start)]
    # "the most for a US hurricane since Katrina in 2005": a comparison dates nothing
    scopes = [h for h in scopes if not _COMPARED_SINCE.search(sent, max(0, h.start - 80), h.start)]
    hit = choose_scope(scopes, n.start, n.end, clause)
    if hit:
        fig.scope = _copy_scope(hit.scope)
        rules.append(f"scope:{hit.rule}")
        if fig.scope.kind == "day":
            why = asof_hits.get(hit.start) or _day_is_as_of(
                sent, hit.start, hit.end, n.start, rules
            )
            if why:
                asof_hits[hit.start] = why
            if why:
                end = fig.scope.start or (published.date() if published else None)
                if why in ("event-day", "subordinate-day"):
                    end = published.date() if published else end
                fig.scope = Scope("cumulative", end=end, label=fig.scope.label)
                rules.append(f"scope:{why}")
    else:
        fig.scope = Scope("cumulative", end=published.date() if published else None)
        rules.append("scope:default-cumulative")
    if fig.scope.kind == "cumulative" and fig.scope.end is None and published:
        fig.scope.end = published.date()
    _date_of_issue(fig, sent, n, scopes, rules)


# "according to a provisional count the ministry issued at 7 pm on Saturday", "figures released
# on Monday": the day a count was issued is the day it stands for
_ISSUED_BEFORE = re.compile(
    r"\b(?:issued|released|published|updated|compiled|dated|put\s+out)\b[^,.;]{0,25}$", re.I
)


def _date_of_issue(
    fig: Figure, sent: str, n: NumberSpan, scopes: list[ScopeHit], rules: list[str]
) -> None:
    """A count to date takes as its end the day its document was issued, when the sentence
    names one after the number ("…, according to a count the ministry issued on Saturday")."""
    if fig.scope.kind != "cumulative":
        return
    for h in scopes:
        if (
            h.start > n.end
            and h.scope.kind == "day"
            and h.scope.start is not None
            and _ISSUED_BEFORE.search(sent, max(n.end, h.start - 60), h.start)
        ):
            fig.scope.end = h.scope.start
            rules.append("scope:issued-on")
            return


_RELATED_DEATHS = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:(?:disaster|evacuation)[- ]related|indirect|indirectly\s+caused)\s+(?:deaths?|dead|fatalities)\b",
    re.I,
)
_WITH_RELATED = re.compile(
    r"[^.;]{0,30}?(?:,\s*|\s+)(?:including|counting|among\s+them|of\s+which|of\s+whom)\s+(?:[\w,-]+\s+){0,10}?"
    r"(?:(?:disaster|evacuation)[- ]related|indirect)\b",
    re.I,
)
_RELATED_WORD = re.compile(
    r"\b(?:indirect(?:ly)?|(?:disaster|evacuation)[- ]related\s+(?:deaths?|dead|fatalities|toll))\b",
    re.I,
)


def _segment_around(sent: str, start: int, end: int) -> str:
    """The clauses of a sentence (``clauses``: commas, semicolons, colons, dashes; a number's own
    thousands comma does not split) that hold the span from ``start`` to ``end``."""
    held = [(s, e) for s, e in clauses(sent) if e > start and s < end]
    return sent[held[0][0] : held[-1][1]] if held else sent


_RELATED_AFTER = re.compile(
    r"\s+(?:(?:people|deaths?)\s+)?(?:(?:were|was|have\s+been|had\s+been|are)\s+)?(?:later\s+|since\s+)?"
    r"(?:(?:certified|recogni[sz]ed|counted|classified|ruled|deemed|listed)\s+as\s+(?:[\w-]+\s+)?"
    r"related\s+to|(?:have\s+)?died\s+(?:of|from)\s+(?:causes|illness\w*|stress)\s+(?:linked|related)\s+to)",
    re.I,
)


_OF_BURIALS = re.compile(r"\b[Oo]f\s+(?:the|those|these)\s+(?:[\d,]+\s+)?burials\s*,\s*$")


def _mark_sub_count(fig: Figure, sent: str, n: NumberSpan, rules: list[str]) -> None:
    """A part of the dead or the injured counted apart, as a group of its own: "of the dead,
    2,854 have been buried", "37 people are still being cared for in hospital" (who is in
    hospital now, not how many were hurt), "17 are in a critical condition"; "256 have been
    sent home" (out of hospital, whoever they are: "40 patients …, and 75 were sent home")."""
    after = max(fig.end, n.end)
    if fig.kind == "count" and fig.measure == "injured" and _out_of_hospital(sent, after):
        fig.group = fig.group_text = "discharged"
        rules.append("group:discharged")
        return
    if fig.kind != "count" or fig.group:
        return
    group = None
    if fig.measure == "killed" and (
        _BURIED.match(sent, after) or _OF_BURIALS.search(sent, max(0, n.start - 60), n.start)
    ):
        group = "buried"  # "… have been buried", "Of the 177 burials, 165 were in Chimanimani"
    elif fig.measure == "killed" and _WITH_RELATED.match(sent, after):
        group = "with disaster-related"  # "222, including 167 indirect deaths": another total
    elif fig.measure == "killed" and (
        _RELATED_DEATHS.match(sent, n.end)
        or _RELATED_AFTER.match(sent, after)
        or _RELATED_WORD.search(_segment_around(sent, n.start, after))
    ):
        group = "disaster-related"  # deaths from the aftermath (stress, illness, evacuation)
        # are certified apart from the direct toll: "170 disaster-related deaths", "the
        # indirect death toll could climb to 130", "170 … who died of indirect causes"
    elif fig.measure == "injured" and _IN_HOSPITAL.match(sent, after):
        group = "in hospital"
    elif fig.measure == "injured" and _CRITICAL.match(sent, after):
        group = "critical"
    if group:
        fig.group = fig.group_text = group
        rules.append("group:" + group.replace(" ", "-"))


_PREDICTED_AFTER = re.compile(
    r"\s+(?:that|which)?\s*(?:[\w.'’-]+\s+){0,4}?(?:had\s+|has\s+)?(?:predicted|forecast|"
    r"projected|feared|expected|estimated|spoken\s+of)\b",
    re.I,
)


def _mark_projection_and_background(
    fig: Figure, sent: str, n: NumberSpan, published: datetime | None, rules: list[str]
) -> None:
    """Mark a projected count, and a figure about another (background) event."""
    if any(r.startswith("measure:compared-with") for r in rules):
        # "would far outnumber the 151 in the official count": the count compared with is
        # as said ("… the 2,000 that the president had predicted" is his projection)
        if _PREDICTED_AFTER.match(sent, n.end):
            fig.modality = "projection"
            rules.append("modality:projection:predicted")
    elif fig.kind == "count" and "measure:contrasted" not in rules and _projection(sent, n, rules):
        # ("would be around 50 dead, not 500": the 500 is the rival's count, not a projection)
        fig.modality = "projection"
    if _background(sent, n, published, rules):
        fig.event = False
        if fig.scope.kind in ("period", "day"):
            # the year names the other event, not a period of this count
            fig.scope = Scope("cumulative", label=fig.scope.label)


# "the government's count of 2,357", "the U.N. figure of 4,460 dead", "the ministry's toll
# of 2,012", "the WHO's tally of 3,958"
_OWNER = re.compile(
    r"\b(?:[Tt]he\s+)?(?P<o>(?:[A-Z][\w.&-]*|government|ministry|army|police|military|"
    r"coast\s*guard)(?:\s+[A-Z][\w.&-]*){0,5})(?:['’]s|(?=\s+(?:figure|count|toll|tally|estimate)\b))"
    r"\s+(?:(?:own|official|latest|new|updated|revised|death|provisional)\s+){0,2}"
    r"(?:figure|count|toll|tally|estimate)\s+(?:of|at|stood\s+at|stands\s+at)\s+"
    r"(?:(?:about|around|some|nearly|almost|more\s+than|at\s+least|over)\s+)?$"
)


def _owner(sent: str, n: NumberSpan) -> Claimant | None:
    """The claimant a count is given to in its own noun phrase, or None."""
    m = _OWNER.search(sent[max(0, n.start - 90) : n.start])
    if not m:
        return None
    name = m.group("o")
    name = re.sub(r"\b((?:[A-Z]\.){2,})", lambda a: a.group(1).replace(".", ""), name)  # U.N.
    c = make_claimant(name)
    return c if c.key else None


# "…, thanking the Red Cross, which has put the toll at 15": a count given in a relative clause
# belongs to the body the clause is about, not to whoever speaks
_RELAYED = re.compile(
    r"(?:^|[\s,(])(?:(?:the\s+)?(?P<x>(?:[A-Z][\w.’'&-]*\s+(?:(?:of|for)\s+(?:the\s+)?)?){0,6}"
    r"[A-Z][\w.’'&-]*)|(?:the|an?|its|their)\s+(?P<role>(?:[a-z][\w-]*\s+){0,3}(?:"
    + "|".join(ORG_HEADS)
    + r"))),\s+(?:which|who)\s+(?:(?:has|have|had|now|also|still|so\s+far)\s+)*"
    r"(?:put|puts|set|sets|gave|gives|given|counted|counts|estimated|estimates|estimate|said|"
    r"says|say|reported|reports|recorded|records|listed|lists|confirmed|confirms)\b[^,;]*$"
)


def _relayed(sent: str, n: NumberSpan) -> Claimant | None:
    """The body a relative clause holding the count is about ("…, praising the civil protection
    agency, which has counted 212 dead"), or None; places and events are nobody's claim."""
    m = _RELAYED.search(sent[max(0, n.start - 160) : n.start])
    if not m:
        return None
    x = m.group("x") or m.group("role")
    c = make_claimant(x)
    if not c.key or _is_place(x) or (c.person and len(c.person.split()) < 2):
        return None  # "the storm hit Dovri, which reported 12 dead": a place, not a body
    return c


def _attribute_claimant(
    fig: Figure,
    sent: str,
    n: NumberSpan,
    seg_claimant: Claimant | None,
    seg_rule: str | None,
    rules: list[str],
) -> None:
    """Set ``fig.claimant``: the owner the count is given to ("the government's count of
    2,357", "the U.N. figure of 4,460"), else the clause's speaker unless the figure is not the
    speaker's own."""
    owner = _owner(sent, n)
    if owner is not None:
        fig.claimant = owner
        rules.append("claimant:owner-of-count")
        return
    if "measure:contrasted" in rules:
        # "…, not nearly 500 as Hamas had claimed": the rival's count, never the speaker's
        cm = _CLAIMED_BY.match(sent, n.end)
        fig.claimant = make_claimant(cm.group("x")) if cm else Claimant()
        rules.append("claimant:contrasted" if cm else "claimant:contrasted-unknown")
        return
    relayed = _relayed(sent, n)
    if relayed is not None:
        fig.claimant = relayed
        rules.append("claimant:relayed")
        return
    if seg_claimant is not None and seg_claimant.key and _not_the_speakers(sent, n, seg_claimant):
        # "Theresa May said there will be an inquiry into the fire, which has claimed 17
        # lives"; "they doubt the official death toll of 79": not the speaker's own figure
        rules.append("claimant:not-the-speakers")
        seg_claimant, seg_rule = Claimant(), None
    fig.claimant = seg_claimant or Claimant()
    if seg_rule:
        rules.append(f"claimant:{seg_rule}")
    if not fig.claimant.key and (m := _UNOFFICIAL.search(sent[max(0, n.start - 60) : n.start])):
        # "unofficial counts still exceed 2,000": nobody named, but not the official toll
        fig.claimant = Claimant(org=m.group(0).lower(), key="o:unofficial count")
        rules.append("claimant:unofficial")


_UNOFFICIAL = re.compile(
    r"\b(?:unofficial|independent)\s+(?:counts?|estimates?|tall(?:y|ies)|figures?|tolls?)\b"
    # "the official toll stands at 222; news reports put the dead at 386": the press's own count
    r"|\b(?:news|media|press)\s+reports\b(?=[^.;]{0,40}$)",
    re.I,
)


def _attribute_place(
    fig: Figure,
    sent: str,
    n: NumberSpan,
    seg_place: str | None,
    place: str | None,
    segs: list[tuple[int, int]],
    rules: list[str],
) -> None:
    """Set ``fig.place``: the count's own local place, else its clause's place (none for a
    tally's row: its country is its side)."""
    fig.place = seg_place
    if "measure:tally-row" in rules:
        # a country's row names its side, a state's or county's row its place
        m = _TALLY_NAME.search(sent, max(0, n.start - 60), n.start)
        fig.place = m.group("name") if m and "place:tally-row" in rules else None
        return
    lp = _local_place(sent, n) or (
        _gapped_place(sent, n) if "measure:list-member-gapped" in rules else None
    )
    if "measure:list-member-paren" in rules or (
        lp is None and re.match(r"\s+(?:deaths?|dead|killed|injured|missing)\s*\)", sent[n.end :])
    ):
        # "Aklan (14), Antique (13)"; the list's head "Nyamasheke (7 deaths), Kicukiro (2)"
        pm = _PAREN_MEMBER.search(sent, max(0, n.start - 40), n.start)
        lp = pm.group("p") if pm else lp
    lp = (
        lp
        or _subject_place(sent, n)
        or _where_place(sent, n)
        or _toll_in_place(sent, n)
        or _row_place(sent, n)
    )
    if lp is None and (own := _own_place(sent, n)) is not None:
        lp, how = own
        rules.append(f"place:own:{how}")
    if lp is None and seg_place is not None and _fronted(sent, n, seg_place):
        # "In Al Haouz province the quake caused 1,293 deaths, with 452 in Taroudant province":
        # the head of a breakdown takes the place that frames it
        rules.append("place:fronted")
    elif (
        lp is None and (not segs or n.start < segs[0][1]) and (frame := _frame(sent, n, seg_place))
    ):
        # "In Georgia, the governor said the state's toll had risen to 33": the place that
        # opens the sentence frames what it counts
        fig.place = frame
        rules.append("place:frame")
    elif (
        lp is None
        and (fig.place is None or _another_counts_place(sent, n, fig.place))
        and (cp := claimant_place(sent, n.start)) is not None
    ):
        # "The Sindh government has said the number of deaths has risen to 402": a state's,
        # a province's or a county's own authority counts its own dead
        lp = cp
        rules.append("place:own:claimant")
    elif lp is None and fig.place and breakdown_member_place(sent, n.end, fig.place):
        # "At least 80 deaths have been linked to the storm, 76 of them in Florida": the whole
        # is no member's place (nor the article's: ``context`` leaves it unset)
        fig.place = None
        rules.append("place:whole-of-breakdown")
    elif lp is None and fig.place is None and (site := _struck_country(sent, n.start)):
        # "the strongest earthquake to hit Ecuador in decades killed 235": the event's country
        fig.place = site
        rules.append("place:event-site")
    elif lp is None and fig.place and _EVENT_SITE.search(sent, 0, _place_at(sent, fig.place)):
        # "the 215 people still missing since the ferry overturned off Jindo": where the event
        # happened, not what the count covers
        rules.append("place:event-site")
    if lp and lp != seg_place:
        fig.place = lp
        rules.append("place:local")
    elif lp:
        rules.append("place:attached")  # the clause's place is the count's own ("in X")
    if seg_place is None and len(segs) > 1 and place is not None:
        # "In Turkey the toll rose to 41,000, while Syria reported 5,900": another clause's
        # place is not this one's, and neither is the article's
        rules.append("place:contrasted-unknown")


def _another_counts_place(sent: str, n: NumberSpan, place: str) -> bool:
    """Whether the clause's ``place`` is named after the count with another number between them
    ("… said seven people had drowned and one more was killed in Hardeman County"): that other
    count's place, not this one's."""
    at = _place_at(sent, place)
    return at > n.end and bool(find_numbers(sent[n.end : at]))


def _own_place(sent: str, n: NumberSpan) -> tuple[str, str] | None:
    """The count's own place from the shapes ``own_place`` reads (the toll's owner, the worst
    hit, the area the event struck, the place right before the count, a state's people), with
    the shape's name for the rule."""
    for how, found in (
        ("toll-owner", lambda: toll_owner(sent, n.start)),
        ("worst-hit", lambda: worst_hit(sent, n.start, n.end)),
        ("struck", lambda: struck_place(sent, n.start)),
        ("before", lambda: place_before(sent, n.start, n.end)),
        ("aside", lambda: aside_place(sent, n.end)),
        ("demonym", lambda: demonym_place(sent, n.end)),
    ):
        place = found()
        if place is not None:
            return place, how
    return None


_STRUCK_COUNTRY = re.compile(
    r"\b(?:to|that|which)\s+(?:hit|struck|strike|shook|rocked|ravaged|devastated|slammed)\s+"
    r"(?:the\s+)?(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\b[^,;:.]{0,60}$"
)


def _struck_country(sent: str, start: int) -> str | None:
    """A country the event struck, named in the count's subject before it ("the strongest
    earthquake to hit Ecuador in decades killed at least 235"): the event's site."""
    m = _STRUCK_COUNTRY.search(sent, max(0, start - 150), start)
    area = resolve(m.group("p")) if m else None
    return m.group("p") if m and area is not None and area.level == 1 else None


def _is_level(rules: list[str]) -> bool:
    """Whether a count's rules read it as a level (a toll), for the next number's context."""
    return any(
        r.startswith(("measure:level", "measure-before:"))
        and _TOLL_TRIGGER.search(r)
        or r.startswith("measure:level")
        for r in rules
    )


def _as_many_twin(
    sent: str, n: NumberSpan, fig: Figure, nums: list[NumberSpan], published: datetime | None
) -> Trace | None:
    """The anaphoric twin of a count: "plus there are as many wounded" (None when absent)."""
    am = _AS_MANY.search(sent, n.end)
    if am and not re.search(
        r"(?:\band|,|\bwith|\bplus|\bwhile)\s+(?:there\s+(?:are|were)\s+)?$",
        sent[max(0, am.start() - 20) : am.start()],
        re.I,
    ):
        am = None  # "the toll will rise, as many others are trapped": "as" is "because"
    if not (am and fig.kind == "count"):
        return None
    nxt = [x for x in nums if x.start > n.end]
    if nxt and nxt[0].start <= am.start():
        return None
    words = [_low(t[0]) for t in _tokens(sent, am.start("w"), 4)]
    mh = _match_phrase(words, 0, _AFTER_PHRASES)
    if not mh or mh[0] == fig.measure:
        return None
    twin = Figure(
        low=fig.low,
        high=fig.high,
        text=am.group(0),
        measure=mh[0],
        group=fig.group,
        group_text=fig.group_text,
        side=fig.side,
        group_kind=fig.group_kind,
        place=fig.place,
        scope=_copy_scope(fig.scope),
        claimant=fig.claimant,
        sentence=fig.sentence,
        start=am.start(),
        end=am.end(),
        rule="anaphora:as-many",
        published=published,
    )
    return Trace(
        am.group(0),
        am.start(),
        True,
        ["anaphora:as-many", f"measure-after:{words[0]}"],
        twin,
    )


#: a number word or digits, as a member of a list of numbers ("67, 43 and 39 deaths")
_NUM_ITEM = rf"(?:{DIGITS}|{WORD_RUN})"


def _coordinated_measure(sent: str, n: NumberSpan) -> str | None:
    """The measure noun after the last of a list of numbers that this number opens or is in:
    "with 67, 43 and 39 deaths respectively" → deaths for 67 and 43."""
    m = _COORDINATED_RX.match(sent, n.end)
    if not m or not re.match(r"\s*(?:,|and\b)", sent[n.end :], re.I):
        return None
    if re.search(
        r"\b(?:aged?|ages)\s+(?:\w+\s*,\s*)*$", sent[max(0, n.start - 40) : n.start], re.I
    ):
        return None  # "aged 5, 7 and 9 died": ages
    return _measure_word(m.group("m"))


_PART_WERE = re.compile(r"\s+(?:were|are|was|is)\s+(?:all\s+)?(?P<g>[a-z]+)\b", re.I)
#: "of the 153 people killed in the quake, " before a part of that count
_OF_THE_WHOLE_BEFORE = re.compile(
    r"\b[Oo]f\s+(?:the|those|these|all)\s+(?:\d[\d,]*|[a-z]+)\s+[^,;.]{1,60},\s+$"
)


def _distributed_measure(sent: str, n: NumberSpan) -> str | None:
    """The measure a verb after a list of places' counts names: "81 people in Jajarkot and 85
    in West Rukum were injured" (each count sits before its own place; the list closes with
    "were/are/remain + measure")."""
    m = _DISTRIBUTED_RX.match(sent, n.end)
    if not m:
        return None
    return _measure_word(m.group("m"))


#: a ranking's first member said with "at": "with Lalitpur the worst at 20", "Kavre has the most
#: missing people at 16", "the highest toll at 99"
_RANKED_AT = re.compile(
    r"\b(?:the\s+)?(?:worst(?:[\s-]hit|[\s-]affected)?|hardest[\s-]hit|highest|most|largest|"
    r"biggest|greatest)(?P<w>(?:\s+[a-z]+){0,3}?)\s+at\s+$",
    re.I,
)


def _ranked_at(sent: str, n: NumberSpan, prev: Figure | None, it_toll: str | None) -> str | None:
    """The measure of a ranking's top member said as "the worst at 20": its own noun ("the
    most missing people at 16") or the count before it in the sentence or story."""
    m = _RANKED_AT.search(sent, max(0, n.start - 60), n.start)
    if not m:
        return None
    words = m.group("w").split()
    for i in range(len(words)):
        hit = _match_phrase([_low(w) for w in words], i, _AFTER_PHRASES)
        if hit:
            return hit[0]
        if _low(words[i]) in ("toll", "tally", "count") and i > 0:
            tk = _TK_MEASURE.get(_low(words[i - 1]))
            if tk:
                return tk
    if prev is not None and prev.kind == "count":
        return prev.measure
    return it_toll


#: a list of place names: "Kavre, Lalitpur and Dhading", "the towns of Mukawa and Shinhidaka
#: and the cities of Tomakomai and Sapporo"
_AREA_OF = (
    r"(?:the\s+)?(?:(?:neighbou?ring|nearby|adjacent|[A-Z][\w'’-]*)\s+)?(?:towns?|cit(?:y|ies)|"
    r"districts?|provinces?|prefectures?|states?|villages?|regions?|counties|county|"
    r"municipalities|islands?)\s+of\s+"
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:de\s+|del\s+|la\s+)?[A-Z][\w'’.-]*){0,3}"
_NAME_LIST = re.compile(
    rf"(?:{_AREA_OF})?(?P<first>{_NAME})(?P<rest>(?:\s*,\s*(?:and\s+)?(?:{_AREA_OF})?{_NAME}"
    rf"|,?\s+and\s+(?:{_AREA_OF})?{_NAME})+)"
)
_NAME_SPLIT = re.compile(rf"\s*,\s*(?:and\s+)?(?:{_AREA_OF})?|,?\s+and\s+(?:{_AREA_OF})?")


_RANKED_PLACE = re.compile(
    rf"(?<![\w'’])(?P<p>{_NAME})\s+(?:(?:has|had|is|was|being)\s+)?(?:the\s+)?(?:worst(?:[\s-]hit|"
    r"[\s-]affected)?|hardest[\s-]hit|highest|most|largest|biggest|greatest)(?:\s+[a-z]+){0,3}?"
    r"\s+at\s+$"
)


def _names(m: re.Match[str]) -> list[str]:
    return [x.rstrip(".") for x in (m.group("first"), *_NAME_SPLIT.split(m.group("rest"))) if x]


def _respective_place(
    sent: str, n: NumberSpan, nums: list[NumberSpan], fig: Figure, rules: list[str]
) -> None:
    """ "Kavre, Lalitpur and Dhading …, with 67, 43 and 39 deaths respectively": each number
    takes the place in its position."""
    if not re.search(r"\brespectively\b", sent[n.end : n.end + 120], re.I):
        return
    run = [n]
    for x in nums:
        if x.start > run[-1].end and re.fullmatch(
            r"\s*,?\s*(?:and\s+)?", sent[run[-1].end : x.start]
        ):
            run.append(x)
    left = [x for x in nums if x.end <= n.start]
    while left and re.fullmatch(r"\s*,?\s*(?:and\s+)?", sent[left[-1].end : run[0].start]):
        run.insert(0, left.pop())
    if len(run) < 2:
        return
    lists = [m for m in _NAME_LIST.finditer(sent, 0, run[0].start) if len(_names(m)) == len(run)]
    if not lists:
        return
    names = _names(lists[-1])
    fig.place = names[run.index(n)]
    rules.append("place:respectively")


def _list_places(
    sent: str,
    n: NumberSpan,
    nums: list[NumberSpan],
    fig: Figure,
    published: datetime | None,
    rules: list[str],
) -> list[Trace]:
    """The places a list gives its counts ("respectively", "the worst at 20") and the twins of
    an "each" count, one per further place."""
    _respective_place(sent, n, nums, fig, rules)
    if "measure:ranked-at" in rules and (rp := _RANKED_PLACE.search(sent, 0, n.start)):
        fig.place = rp.group("p")  # "with Lalitpur the worst at 20"
        rules.append("place:ranked-at")
    return _each_twins(sent, n, fig, published, rules)


#: "two each in Sindhuli and Dhankuta", "one each in the towns of Mukawa and Shinhidaka"
_EACH_IN = re.compile(
    r"\s+(?:(?:more\s+)?(?:people|persons|deaths?|dead|bodies|victims|fatalities)\s+)?each\s+"
    r"(?:in|from|at|for)\s+",
    re.I,
)
#: "Bhaktapur and Solukhumbu have reported five deaths each"
_EACH_AFTER = re.compile(
    r"\s+(?:(?:people|persons|deaths?|dead|bodies|victims|fatalities|missing|injured)\s+)?each\b",
    re.I,
)
_EACH_SUBJECT = re.compile(
    rf"(?P<list>{_NAME}(?:\s*,\s*{_NAME})*,?\s+and\s+{_NAME})\s+(?:(?:have|has|had)\s+)?"
    r"(?:each\s+)?(?:also\s+)?(?:reported|recorded|registered|confirmed|counted|seen|lost|"
    r"suffered)\s+(?:(?:at\s+least|about|around|more\s+than|over)\s+)?$"
)


def _each_twins(
    sent: str, n: NumberSpan, fig: Figure, published: datetime | None, rules: list[str]
) -> list[Trace]:
    """ "two each in Sindhuli and Dhankuta", "X and Y have reported five deaths each": one count
    for each named place (the first keeps the number's own figure)."""
    names: list[str] = []
    if m := _EACH_IN.match(sent, n.end):
        nl = _NAME_LIST.match(sent, m.end())
        if nl:
            names = _names(nl)
    elif _EACH_AFTER.match(sent, n.end) and (
        sm := _EACH_SUBJECT.search(sent, max(0, n.start - 120), n.start)
    ):
        names = [x for x in _NAME_SPLIT.split(sm.group("list")) if x]
        if fig.claimant.key and any(fig.claimant.key.endswith(fold(x)) for x in names):
            fig.claimant = Claimant()  # the places that report the counts are not claimants
    names = [x for x in names if not _is_month_word(x)]
    if len(names) < 2:
        return []
    fig.place = names[0]
    rules.append("place:each")
    out = []
    for name in names[1:]:
        twin = Figure(
            low=fig.low,
            high=fig.high,
            text=fig.text,
            measure=fig.measure,
            group=fig.group,
            group_text=fig.group_text,
            side=fig.side,
            group_kind=fig.group_kind,
            place=name,
            scope=_copy_scope(fig.scope),
            claimant=fig.claimant,
            sentence=fig.sentence,
            start=n.start,
            end=n.end,
            rule="list:each",
            published=published,
            modality=fig.modality,
            event=fig.event,
        )
        out.append(Trace(n.text, n.start, True, ["list:each", f"place:{name}"], twin))
    return out


def _is_month_word(w: str) -> bool:
    return _low(w.split()[0]).rstrip(".") in MONTHS


def _count_shapes(
    sent: str,
    n: NumberSpan,
    rules: list[str],
    prev: Figure | None,
    prev_level: bool,
    it_toll: str | None,
) -> Figure | None:
    """A count by its measure word, or by the shape of the list or phrase it sits in: the
    places' counts closed by one verb, numbers joined before one noun, a part of the count
    before it, a ranking's top, a count restated from families."""
    fig = None
    if dm := _distributed_measure(sent, n):
        # "as many as 81 people in Jajarkot and 85 in West Rukum were injured": the places'
        # counts, then the verb that names them all
        rules.append("measure:distributed")
        fig = Figure(low=n.low, high=n.high, text=n.text, measure=dm, start=n.start, end=n.end)
    if fig is None:
        fig = _count(sent, n, rules, prev, prev_level)
    if fig is None and (cm := _coordinated_measure(sent, n)):
        # "with 67, 43 and 39 deaths respectively", "killed 12, 9 and 4 people": numbers joined
        # before one measure noun all count it
        rules[:] = [r for r in rules if r != "skip:no-measure"]
        rules.append("measure:coordinated")
        fig = Figure(low=n.low, high=n.high, text=n.text, measure=cm, start=n.start, end=n.end)
    if (
        fig is None
        and prev is not None
        and prev.kind == "count"
        and prev.end <= n.start
        and _OF_THE_WHOLE_BEFORE.search(sent, max(0, n.start - 90), n.start)
        and (pm := _PART_WERE.match(sent, n.end))
        and GROUP_NOUNS.get(pm.group("g").lower())
    ):
        # "of the 153 people killed in the quake, 82 were children": a part of the count
        # before it, named by its group
        rules[:] = [r for r in rules if r != "skip:no-measure"]
        rules.append("measure:part-of-whole")
        g = GROUP_NOUNS[pm.group("g").lower()]
        fig = Figure(low=n.low, high=n.high, text=n.text, measure=prev.measure, group=g,
                     group_text=g, start=n.start, end=n.end)  # fmt: skip
    if fig is None and (rm := _ranked_at(sent, n, prev, it_toll)):
        # "with Lalitpur the worst at 20", "Kavre has the most missing people at 16"
        rules[:] = [r for r in rules if r != "skip:no-measure"]
        rules.append("measure:ranked-at")
        fig = Figure(low=n.low, high=n.high, text=n.text, measure=rm, start=n.start, end=n.end)
    if fig is None and (fam := _RESTATED.search(sent, 0, n.start)) and fam.end() == n.start:
        # "affected 2,055,630 families, equivalent to 9,497,847 persons": the people take
        # the families' measure (the families' number is skipped: one count)
        blank = sent[: fam.start()] + " " * (fam.end() - fam.start()) + sent[fam.end() :]
        fig = _count(blank, n, rules, prev, prev_level)
        if fig is not None:
            rules.append("measure:restated-families")
    return fig


def _number_figure(
    sent: str,
    n: NumberSpan,
    rules: list[str],
    prev: Figure | None,
    prev_level: bool,
    it_toll: str | None,
    row_toll: str | None = None,
) -> Figure | None:
    """The figure a number states before its scope, claimant and place are read: a ratio, a
    count, a count restated from families, or a level of the previous sentence's toll.
    ``row_toll`` is what the previous sentence counted, for a tally's first row ("… has the most
    deaths." then "Next comes Polk County, with 11")."""
    fig = _ratio(sent, n, rules)
    if fig is None:
        fig = _count_shapes(sent, n, rules, prev, prev_level, it_toll)
    if fig is not None and _earlier_level(sent, n):
        # "which had once been given as 7", "lower than the figure of 13 the governor gave",
        # "lowered from 115 to 97"
        rules.append("measure:earlier-value")
    toll = prev.measure if prev is not None and prev.kind == "count" else it_toll
    if fig is None and (row := _tally_row(sent, n, rules, toll or row_toll)) and row[0]:
        # "Tolls announced by other countries: Pakistan with 75; Nigeria 64", "• Mali: 254"
        # under "Country-wise numbers of people lost:", "• Florida: 17" under "Deaths by state:"
        rules[:] = [r for r in rules if r != "skip:no-measure"]
        fig = Figure(low=n.low, high=n.high, text=n.text, measure=row[0], group=row[1],
                     side=row[1], start=n.start, end=n.end)  # fmt: skip
    label = _breakdown_label(sent, n) if fig is None else None
    own = _measure_word(label) if label else None
    if fig is None and label and (own or toll):
        # "It sorted the deaths by cause:" then "• Drowning: 20": a part of the toll counted
        # apart, a group (so a series) of its own; "• Injured: 40" names its own measure
        rules[:] = [r for r in rules if r != "skip:no-measure"]
        rules.append(f"measure:breakdown-row:{own or toll}")
        fig = Figure(low=n.low, high=n.high, text=n.text, measure=own or toll,
                     group=None if own else label.lower(), start=n.start, end=n.end)  # fmt: skip
    if fig is None and (ms := _measure_said_apart(sent, n, rules)):
        # "put the death toll "at the low end of the 100 to 300 spectrum"", "hundreds of
        # people … whom authorities still list as unaccounted for", "had the most direct
        # deaths from the storm, 85:"
        rules[:] = [r for r in rules if r != "skip:no-measure"]
        fig = Figure(low=n.low, high=n.high, text=n.text, measure=ms, start=n.start, end=n.end)
    if (
        fig is None
        and prev is not None
        and prev.kind == "count"
        and (cause := _cause_member(sent, n, prev))
    ):
        # "85: eight caused by wind and 77 by freshwater flooding": parts of the count by cause
        rules[:] = [r for r in rules if r != "skip:no-measure"]
        rules.append("measure:cause-member")
        fig = Figure(low=n.low, high=n.high, text=n.text, measure=prev.measure, group=cause,
                     start=n.start, end=n.end)  # fmt: skip
    if fig is None and prev is not None and prev.kind == "count" and _elided(sent, n, rules):
        # "where two people died, and Colquitt County, where one did", "AP counted 44 deaths,
        # while the Times had tallied 42", "killed several dozen, not nearly 500"
        rules[:] = [r for r in rules if r != "skip:no-measure"]
        fig = Figure(low=n.low, high=n.high, text=n.text, measure=prev.measure, start=n.start,
                     end=n.end)  # fmt: skip
    if fig is None and (work := _identified_dead(sent, n, toll)):
        # "62 victims have been identified", "Of them, 64 have not yet been identified"
        rules[:] = [*(r for r in rules if r != "skip:no-measure"), "measure:identified-dead"]
        fig = Figure(low=n.low, high=n.high, text=n.text, measure="killed", group=work,
                     group_text=work, start=n.start, end=n.end)  # fmt: skip
    if fig is None and toll and _pronoun_level(sent, n):
        # "listed 4,000 dead on Friday, where a day earlier it had shown 2,000"
        rules[:] = [r for r in rules if r != "skip:no-measure"]
        rules.append(f"measure:level-previous-toll:{toll}")
        fig = Figure(low=n.low, high=n.high, text=n.text, measure=toll, start=n.start, end=n.end)
        if _earlier_level(sent, n):
            rules.append("measure:earlier-value")
    return fig


def _measure_said_apart(sent: str, n: NumberSpan, rules: list[str]) -> str | None:
    """The measure of a count said apart from it: the range it is placed in, the relative
    clause that lists its people, the noun it stands in apposition to."""
    return (
        _range_position(sent, n, rules)
        or _listed_as(sent, n, rules)
        or _appositive_measure(sent, n, rules)
        or _now_level(sent, n, rules)
        or _in_some_hospital(sent, n, rules)
        or _bracketed_after_noun(sent, n, rules)
    )


# "Orvia had the most deaths (306)", "a large share of the dead (71) were over 70": the count
# in brackets right after the measure noun it counts
_BRACKET_NOUN = re.compile(
    r"\b(?P<w>deaths|dead|fatalities|victims|injuries|injured|wounded|missing)\s*\(\s*$", re.I
)


def _bracketed_after_noun(sent: str, n: NumberSpan, rules: list[str]) -> str | None:
    """The measure of a count in brackets right after its measure noun."""
    m = _BRACKET_NOUN.search(sent, max(0, n.start - 30), n.start)
    if m is None or not re.match(r"\s*\)", sent[n.end :]):
        return None
    measure = _measure_word(m.group("w"))
    if measure:
        rules.append(f"measure:bracketed:{measure}")
    return measure


def _in_some_hospital(sent: str, n: NumberSpan, rules: list[str]) -> str | None:
    """ "seven were still in Saudi hospitals": injured people still treated."""
    if not _IN_SOME_HOSPITAL.match(sent, n.end):
        return None
    rules.append("measure:in-hospital")
    return "injured"


# "The AP count of the dead, now at least 1,112, takes in …", "Nigeria death toll rises
# further, now 168": the toll's level set after "now"
_NOW_LEVEL = re.compile(
    r"\b(?:toll|count|tally|total|number)\b[^.;:]{0,40},\s*(?:now|currently)\s+(?:at\s+)?$", re.I
)


def _now_level(sent: str, n: NumberSpan, rules: list[str]) -> str | None:
    """The measure of a toll whose current level follows ", now"."""
    m = _NOW_LEVEL.search(sent, max(0, n.start - 90), n.start)
    if m is None:
        return None
    measure = _cue_measure(sent[max(0, m.start() - 40) : n.start])
    if measure:
        rules.append(f"measure:now-level:{measure}")
    return measure


# people a relative clause lists as missing or dead: "… whom authorities still list as
# unaccounted for", "… who police have classed as missing"
_LISTED_AS = re.compile(
    r"(?:\s+of)?\s+(?:people|persons|residents|others)\b(?:\s+[\w'’-]+){0,5}?\s+(?:whom|who|that)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:list|lists|listed|count|counts|counted|class|classes|classed|"
    r"classify|classifies|classified|consider|considers|considered|report|reports|reported)\s+"
    r"as\s+(?P<m>[a-z]+(?:\s+[a-z]+){0,2})",
    re.I,
)


def _listed_as(sent: str, n: NumberSpan, rules: list[str]) -> str | None:
    """The measure a relative clause after the people counted lists them under."""
    m = _LISTED_AS.match(sent, n.end)
    if m is None:
        return None
    words = m.group("m").split()
    measure = next((w for k in (3, 2, 1) if (w := _measure_word(" ".join(words[:k])))), None)
    if measure:
        rules.append(f"measure:listed-as:{measure}")
    return measure


# an estimate given as a place in a range: "at the low end of the 100 to 300 spectrum"
_RANGE_POSITION = re.compile(
    r"\bat\s+the\s+(?:very\s+)?(?:low|lower|high|higher|upper|bottom|top)\s+end\s+of\s+"
    r"(?:the|a|an)\s+$",
    re.I,
)
_RANGE_NOUN = re.compile(r"[\s-]*(?:spectrum|range|scale|band|bracket|estimates?)\b", re.I)


def _range_position(sent: str, n: NumberSpan, rules: list[str]) -> str | None:
    """The measure of a range an estimate is placed in: the casualty word said before it ("the
    death toll", "killed a number of people", "the number of deaths is probably …")."""
    if n.rule != "range" or not _RANGE_NOUN.match(sent, n.end):
        return None
    if not _RANGE_POSITION.search(sent, max(0, n.start - 50), n.start):
        return None
    measure = _cue_measure(sent[: n.start])
    if measure:
        rules.append(f"measure:range-position:{measure}")
    return measure


# "had the most direct deaths from Helene, 85:", "the second-highest number of deaths, 20.": a
# count set after the noun phrase it counts
_APPOSITIVE_NOUN = re.compile(
    r"\b(?P<w>deaths|dead|fatalities|victims|injuries|injured|wounded|missing)\b"
    r"(?:\s+(?:from|in|of|among|for)\s+[\w'’-]+(?:\s+[\w'’-]+)?)?,\s*$",
    re.I,
)
_APPOSITIVE_END = re.compile(r"\s*(?:[:.;]|$|\s+[–—]\s)")


def _appositive_measure(sent: str, n: NumberSpan, rules: list[str]) -> str | None:
    """The measure of a count set in apposition after the measure noun it counts."""
    m = _APPOSITIVE_NOUN.search(sent, max(0, n.start - 70), n.start)
    if m is None or not _APPOSITIVE_END.match(sent, n.end) or sent[n.end : n.end + 1] == ",":
        return None
    measure = _measure_word(m.group("w"))
    if measure:
        rules.append(f"measure:appositive:{measure}")
    return measure


# "85: eight caused by wind and 77 by freshwater flooding": members of a count by cause
_CAUSE_AFTER = re.compile(
    r"\s+(?:(?:were|was|are)\s+)?(?:caused\s+)?by\s+(?:the\s+|an?\s+)?"
    r"(?P<c>[a-z][\w-]*(?:\s+(?!(?:and|or|but|while)\b)[a-z][\w-]*)?)",
    re.I,
)


def _cause_member(sent: str, n: NumberSpan, prev: Figure) -> str | None:
    """The cause of a member of a breakdown after a count and a colon, or None."""
    if prev.start > n.start or ":" not in sent[max(0, prev.start - 40) : n.start]:
        return None
    m = _CAUSE_AFTER.match(sent, n.end)
    return m.group("c").lower() if m else None


# "… and B, where one did": the verb of the count before, elided
_ELLIPSIS_AFTER = re.compile(
    r"\s+(?:(?:people|persons|others?|more)\s+)?(?:did|had|have|has|was|were)"
    r"(?=\s*(?:[,.;)]|$|\s+(?:too|so|as\s+well)\b))",
    re.I,
)
# "…, while the Times had tallied 42": a counting verb whose count is the sentence's measure
_GAPPED_VERB = re.compile(
    r"(?:,\s*|\b)(?:while|whereas|but|and)\s+(?:[\w.'’-]+\s+){1,6}?(?:had\s+|has\s+|have\s+)?"
    r"(?:tallied|counted|recorded|reported|listed|logged|confirmed)\s+$",
    re.I,
)
# "killed several dozen people, not nearly 500 as the group had claimed": a rival count
_CONTRASTED = re.compile(r",\s+(?:and\s+)?not\s+(?:the\s+)?$", re.I)
_CONTRASTED_AFTER = re.compile(r"\s*(?:[,.;)]|$|\s+(?:as|like)\b)", re.I)
_CLAIMED_BY = re.compile(
    r"\s+as\s+(?P<x>(?:the\s+)?(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}|[a-z][\w-]*(?:\s+[a-z][\w-]*)?))\s+"
    r"(?:had\s+|has\s+)?(?:claimed|said|reported|stated)\b"
)


def _elided(sent: str, n: NumberSpan, rules: list[str]) -> bool:
    """Whether the number is a count that leaves its measure to the count before it in the
    sentence: an elided verb, a counting verb in a contrasted clause, a rejected rival count."""
    window = sent[max(0, n.start - 80) : n.start]
    if _ELLIPSIS_AFTER.match(sent, n.end):
        rules.append("measure:ellipsis")
        return True
    if _GAPPED_VERB.search(window) and re.match(r"\s*(?:[,.;)]|$)", sent[n.end :]):
        rules.append("measure:gapped-verb")
        return True
    if _CONTRASTED.search(window) and _CONTRASTED_AFTER.match(sent, n.end):
        rules.append("measure:contrasted")
        return True
    return False


def _earlier_level(sent: str, n: NumberSpan) -> bool:
    """Whether the sentence gives the number as the level before the current one."""
    if _EARLIER_LEVEL.search(sent, max(0, n.start - 60), n.start):
        return True
    return bool(
        re.search(r"\bfrom\s+$", sent[max(0, n.start - 6) : n.start], re.I)
        and re.match(r"\s+to\s+(?:[a-z]+\s+){0,3}?\d", sent[n.end : n.end + 40], re.I)
    )


# a level the sentence gives as the one before the current one
_EARLIER_LEVEL = re.compile(
    r"(?:\b(?:had|has|have)\s+(?:once|initially|earlier|previously|first)\s+(?:been\s+)?"
    r"(?:given|put|set|listed|reported|stood)\s+(?:as|at)\s+"
    r"|\b(?:lower|higher|less|more|fewer|smaller|larger|bigger)\s+than\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,2}(?:figure|toll|count|total|number|tally)\s+of\s+)$",
    re.I,
)


#: rules of a part named by its group ("25 children and 70 women among them")
_GROUP_PART_RULES = frozenset(
    {"measure:parts-among-them", "measure:gapped-group", "measure:colon-breakdown"}
)


def extract_sentence(
    sent: str,
    published: datetime | None,
    carry: Figure | None = None,
    it_toll: str | None = None,
    row_toll: str | None = None,
) -> list[Trace]:
    """Figures (as traces) of one sentence; offsets are relative to the sentence. ``carry`` is
    the previous sentence's last count: a sentence that opens with a part of it ("Twenty of
    them are …", "Of those, 3,190 …", "- and 19 are from …") continues it. ``it_toll`` is the
    measure of the toll the previous sentence spoke of: "It held at 16", "the number rose to
    820" level that toll."""
    traces: list[Trace] = []
    nums = find_numbers(sent)
    if not nums:
        return traces
    if len(nums) > _MAX_NUMBERS:
        # a table, a list of scores or junk: no editor reads figures out of that
        traces.append(Trace(nums[0].text, nums[0].start, False, ["skip:number-dense-sentence"]))
        return traces
    scopes = find_scopes(sent, published)
    claimant: Claimant | None = None
    crule: str | None = None
    place: str | None = None
    segs: list[tuple[int, int]] = []
    cls = clauses(sent)
    prev: Figure | None = _continued(sent, nums, carry)
    prev_level = False
    asof_hits: dict[int, str] = {}  # day phrases already read as "as of" in this sentence
    for n in nums:
        tr = Trace(number=n.text, start=n.start, taken=False, rules=[f"number:{n.rule}"])
        traces.append(tr)
        if n.qualifier:
            tr.rules.append(f"qualifier:{n.qualifier}")
        if _skip_number(sent, n, scopes, tr.rules):
            continue
        if claimant is None:
            claimant, crule = find_claimant(sent)
            place = find_place(main_clause(sent, n.end), reported_start(sent, n.start))
            segs = _contrast_segments(sent)
        seg_claimant, seg_rule, seg_place = _segment_attribution(
            sent, n, segs, claimant, crule, place
        )
        fig = _number_figure(sent, n, tr.rules, prev, prev_level, it_toll, row_toll)
        if fig is None:
            continue
        _assign_scope(fig, sent, n, scopes, cls, published, asof_hits, tr.rules)
        if fig.kind == "count" and _increment(sent, n, prev, prev_level, tr.rules, fig.scope.kind):
            fig.scope = Scope(
                "increment", None, fig.scope.start, fig.scope.end, fig.scope.label, fig.scope.vague
            )
        if fig.kind == "count" and fig.measure == "killed" and (work := _processed(sent, n, fig)):
            # "27 of the victims have been identified", "826 bodies were handed over to
            # relatives": the work done on the dead, a series of its own, not the toll
            fig.group = fig.group_text = work
            tr.rules.append("group:" + work.replace(" ", "-"))
        _mark_sub_count(fig, sent, n, tr.rules)
        _part_group(fig, sent, n, tr.rules)
        _mark_projection_and_background(fig, sent, n, published, tr.rules)
        _attribute_claimant(fig, sent, n, seg_claimant, seg_rule, tr.rules)
        _attribute_place(fig, sent, n, seg_place, place, segs, tr.rules)
        fig.published = published
        fig.sentence = re.sub(r"\s+", " ", sent).strip()
        tr.taken = True
        tr.figure = fig
        if fig.kind == "count" and not _GROUP_PART_RULES.intersection(tr.rules):
            # (a part named by its group is no subject for the counts after it to share)
            prev = fig
            prev_level = _is_level(tr.rules)
        twin = _as_many_twin(sent, n, fig, nums, published)  # "plus there are as many wounded"
        if twin is not None:
            traces.append(twin)
        if fig.kind == "count":
            traces.extend(_list_places(sent, n, nums, fig, published, tr.rules))
    for tr in traces:
        if tr.figure is not None and not tr.figure.rule:
            tr.figure.rule = ",".join(tr.rules)
    return traces


# ---- real-news toll shapes: levels, lists, increments, projections, background figures ----

_Q2 = r"(?:(?:about|around|some|roughly|approximately|nearly|almost|more\s+than|at\s+least|over|just\s+over|up\s+to|an\s+estimated|above|past|beyond)\s+)?"
_MEASURE_WORDS = (
    r"dead|deaths?|killed|fatalities|bodies|victims|injured|wounded|injuries|hurt|missing|"
    r"unaccounted(?:\s+for)?|displaced|homeless|evacuees|evacuated|casualties"
)
_PLACE_OF = rf"(?:in|at|from)\s+(?:{_AREA_OF})?(?:the\s+)?{_NAME}"
_DISTRIBUTED_RX = re.compile(
    rf"(?:\s+(?:people|persons?|others|residents))?\s+{_PLACE_OF}"
    rf"(?:(?:\s*,\s*|,?\s+and\s+){_NUM_ITEM}(?:\s+(?:people|persons|others))?\s+{_PLACE_OF})*"
    r"\s+(?:were|was|are|is|have\s+been|had\s+been|remain|remained|remains)\s+"
    r"(?:(?:still|also|reportedly|reported|confirmed|seriously|critically|badly)\s+)?"
    rf"(?P<m>{_MEASURE_WORDS})\b"
)
_COORDINATED_RX = re.compile(
    rf"(?:\s*,\s*{_NUM_ITEM})*\s*,?\s+and\s+{_NUM_ITEM}\s+(?:(?:more|other|people|persons)\s+)?"
    rf"(?P<m>{_MEASURE_WORDS})\b",
    re.I,
)
# a toll noun and the word that names what it counts: "death toll", "missing count", "injured count"
_TOLL_NOUN = re.compile(
    r"\b(?:(?P<tk>death|deaths|casualty|injury|injured|wounded|missing(?:[\s-]persons?)?|dead|fatality|"
    r"evacuee|displacement|displaced)\s+)?(?P<noun>toll|tally|count|total|figure|list|number|"
    r"estimate)\b"
    r"(?:\s+of\s+(?:the\s+)?(?:people\s+|those\s+|persons\s+|residents\s+)?"
    r"(?:(?:still|confirmed|believed|reported|thought|known|feared)\s+)?(?:to\s+have\s+)?"
    r"(?P<what>[a-z][a-z ]{2,40}))?"
    r"|\bnumber\s+(?:of\s+(?:people|those)\s+)?(?:believed|confirmed|thought|feared|known|reported)"
    r"\s+(?:to\s+(?:have\s+|be\s+)?)?(?P<what2>[a-z]+)",
    re.I,
)
_TK_MEASURE = {
    "death": "killed",
    "deaths": "killed",
    "dead": "killed",
    "fatality": "killed",
    "casualty": "casualties",
    "injury": "injured",
    "injured": "injured",
    "wounded": "injured",
    "missing": "missing",
    "missing-persons": "missing",
    "missing persons": "missing",
    "missing-person": "missing",
    "missing person": "missing",
    "evacuee": "displaced",
    "displacement": "displaced",
    "displaced": "displaced",
}
# "the toll … has risen to", "now exceeds", "stood at", "held at", "was now", "is", "hit"
_LEVEL_VERB = re.compile(
    r"\b(?:(?:has|have|had|was|were|is|are|now|since|already|further|again|also|then|"
    r"been|officially|ultimately|eventually|(?:could|may|might|would|will|is\s+expected\s+to|"
    r"are\s+expected\s+to|was\s+expected\s+to|is\s+likely\s+to|is\s+set\s+to)|"
    r"(?:risen|rose|rise|rises|climbed|climb|climbs|jumped|jumps|increased|increases|grown|grew|"
    r"soared|went\s+up|gone\s+up|go\s+up|fell|fallen|dropped|decreased|declined)\s+by\s+\S+(?:\s+\S+)?)\s+)*"
    r"(?P<v>risen|rose|rise|rises|climbed|climbs|climb|jumped|jumps|jump|increased|increase|"
    r"grown|grew|grow|soared|soars|soar|shot\s+up|shoots\s+up|swelled|swells|spiked|fallen|fell|"
    r"fall|dropped|drop|slowed|eased|reached|reaches|reach|"
    r"stood|stands|stand|standing|remained|remains|remain|held|holds|hit|hits|be|"
    r"came\s+to|comes\s+to|come\s+to|amounted\s+to|amounts\s+to|"
    r"land|lands|landed|settle|settles|settled|end\s+up|ends\s+up|ended\s+up|given\s+as|"
    r"showed|shown|shows|"
    r"surged|surges|mounted|mounts|was|were|is|are|stayed|stays|narrowed|shrunk|shrank|"
    r"numbered|numbers|number|totalled|totaled|totals|totalling|totaling|reaching|topping|"
    r"(?:was\s+|is\s+|remained\s+|remains\s+|stayed\s+)?unchanged|"
    r"went\s+up|gone\s+up|go\s+up|went\s+down|gone\s+down|decreased|declined|lowered|raised|"
    r"revised(?:\s+(?:up|down|upward|downward|upwards|downwards))?|cut|reduced|put|set|"
    r"run\s+into(?:\s+the)?|(?:(?:risen|rose|rise|rises|climbed|increased|grew|jumped|soared|"
    r"went\s+up|gone\s+up|go\s+up|fell|fallen|dropped|decreased|declined)\s+by|(?<=,\s)(?:up|down))"
    r"(?:\s+(?:more\s+than\s+|about\s+|some\s+|nearly\s+|almost\s+|over\s+)?"
    r"(?:[\d,.]+|[a-z]+(?:-[a-z]+)?)"
    r"(?:\s+(?:overnight|today|yesterday|on\s+\w+|in\s+a\s+day))?(?:\s+to)?)?)"
    r"(?:\s+(?:now|officially|already|still|likely|probably|possibly|somewhere|overnight|again|"
    r"sharply|further|on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"(?:from|over|since)\s+(?:the\s+)?(?:past|last|previous|weekend|day)\b[a-z ]{0,16}?)){0,2}"
    r"(?:\s+(?:closer|nearer|close|around|about|near|between))?"
    r"\s*(?:to|at|of|as\s+high\s+as)?\s+$",
    re.I,
)
# a verb with the toll as its object: "bringing the total to", "took the state's total to",
# "raising the toll from storm Washi to", "put the confirmed dead at", "put deaths above"
_LEVEL_OBJECT = re.compile(
    r"\b(?P<v>bring|brings|bringing|brought|take|takes|taking|took|push|pushes|pushing|pushed|"
    r"raise|raises|raising|raised|lift|lifts|lifting|lifted|lower|lowers|lowering|lowered|"
    r"cut|cuts|cutting|put|puts|putting|revise|revises|revised|revising|set|sets|setting|"
    r"increase|increases|increased|increasing|send|sends|sending|sent|drive|drives|driving|drove|"
    r"give|gives|gave|given|giving|list|lists|listed|listing|report|reports|reported|reporting)"
    r"\s+(?P<obj>(?:[\w'’.,-]+\s+){0,12}?)(?:(?:up|down)\s+)?"
    r"(?:to|at|above|over|past|near|around|as)?\s*$",
    re.I,
)
_TOLL_OF = re.compile(
    r"\b(?:(?:death|casualty|injury|missing|official|overall|confirmed|final|provisional|"
    r"initial|earlier|government's|government’s)\s+)*(?:toll|count|tally|total|figure)\s+of\s+"
    r"(?:(?:just|only|some|about|around|nearly|almost|more\s+than|at\s+least|over|up\s+to)\s+)?$",
    re.I,
)
_OBJ_MEASURE = re.compile(rf"\b(?P<m>{_MEASURE_WORDS})\b", re.I)
_PROJECTION_BEFORE = re.compile(
    r"\b(?:could|may|might|would|will|expected\s+to|likely\s+to|set\s+to|feared?\s+(?:to|that)?|"
    r"fears?\s+that|warned\s+that|forecasts?|projected\s+to|estimated?\s+could|"
    r"expects?|expected|expecting|anticipated?|predicted|predicts?)\b"
    r"[^.;]{0,80}$",
    re.I,
)
_HEDGE_BEFORE = re.compile(
    r"\b(?:perhaps|possibly|maybe|potentially|conceivably)\s+(?:(?:as\s+many\s+as|more\s+than|"
    r"over|up\s+to|even|about|around)\s+)?$",
    re.I,
)
_FEARED_NOUN = re.compile(
    r"\b(?:number|toll|count|tally)\s+(?:of\s+(?:people\s+|those\s+)?)?(?:feared|presumed|believed)"
    r"\s+(?:to\s+(?:have\s+)?)?(?:dead|killed|died|drowned|lost)\b[^.;]{0,60}$",
    re.I,
)
_EXPECT_OBJECT = re.compile(
    r"\b(?:expect|expects|expected|expecting|anticipate[sd]?|anticipating|predict|predicts|"
    r"predicted|fear|fears|feared)\s+(?:(?:something|anything|somewhere|like|around|about|"
    r"roughly|some|as\s+many\s+as|up\s+to|more\s+than|over|between|a|final|toll|of)\s+){0,3}$",
    re.I,
)
_FORECAST_TOLL = re.compile(
    r"\b(?:forecast|forecasts|forecasting|predicted|predicts|predicting|projected|projects|"
    r"expects|expected|expecting)\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:toll|count|total|figure|number)\s+(?:of|at)\s+(?:(?:about|around|some|up\s+to|"
    r"more\s+than|at\s+least|nearly)\s+)?$",
    re.I,
)
# "a final toll of around 300 is expected", "… of 2,000 is now feared"
_EXPECTED_TOLL = re.compile(
    r"(?:\s+(?:people|dead|deaths|victims))?\s+(?:is|are|was|were)\s+(?:now\s+|widely\s+)?"
    r"(?:expected|feared|forecast|predicted|projected|likely)\b"
    r"(?!\s+to\s+(?:rise|climb|increase|grow|go\s+up|mount|worsen|keep))",  # "45 is expected to rise"
    re.I,
)
_PROJECTION_AFTER = re.compile(
    r"^[\"”’]?(?:\s+(?:people|persons|residents|others|more|of\s+them|civilians|villagers|there|here)){0,2}"
    r"\s+(?:(?:are|were|is|was|remain|remained|now|still)\s+){0,2}(?:(?:(?:feared|presumed|believed)\s+"
    r"(?:to\s+(?:have\s+)?)?(?:dead|killed|died|drowned|lost|perished)"
    r"|(?:could|may|might|would)\s+(?:still\s+|have\s+|be\s+|been\s+|all\s+)*"
    # "more than a thousand people may still be missing" (but "240 feared missing" is a count)
    r"(?:dead|killed|died|drowned|lost|perished|missing|trapped|buried))\b"
    # "four others were found in cardio-respiratory arrest": Japanese officials' word for the
    # dead a doctor has not yet certified
    r"|(?:(?:found|discovered|reported|taken\s+to\s+hospital)\s+)?in\s+(?:a\s+state\s+of\s+)?"
    r"(?:cardio-?respiratory|cardio-pulmonary|cardiopulmonary|cardiac)\s+arrest\b)",
    re.I,
)
_EVENT_NOUNS = (
    r"earthquakes?|quakes?|tremors?|tsunamis?|floods?|flooding|storms?|cyclones?|typhoons?|"
    r"hurricanes?|fires?|wildfires?|blazes?|eruptions?|landslides?|mudslides?|disasters?|"
    r"attacks?|bombings?|wars?|famines?|epidemics?|explosions?|collapses?|crash(?:es)?|"
    r"sinkings?|shipwrecks?|tragedy|tragedies|blasts?|stampedes?|crush(?:es)?|accidents?|"
    r"derailments?"
)
_YEAR = re.compile(r"(?<![\w-])(?P<y>1[5-9]\d\d|20\d\d)(?![\w-])")
_BACKGROUND_MARK = re.compile(
    rf"\b(?:in|during|of)\s+(?:\w+\s+)?(?P<y1>1[5-9]\d\d|20\d\d)\b"
    # "the 1960 Agadir earthquake", "the massive 1939 earthquake in Erzincan"
    rf"|\b(?:the|a|an|[\w-]+['’]s)\s+(?:[a-z][\w-]*\s+){{0,2}}?(?P<y2>1[5-9]\d\d|20\d\d)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_EVENT_NOUNS})\b"
    rf"|\bsince\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,2}}?(?P<y3>1[5-9]\d\d|20\d\d)\b[^.;]{{0,30}}?\b(?:when|which|that)\b"
    # a full date of another year: "on July 2, 1990, 1,426 pilgrims died", "on 2 July 1990"
    rf"|\bon\s+(?:[A-Z][a-z]+\.?\s+\d{{1,2}}|\d{{1,2}}\s+[A-Z][a-z]+),?\s+(?P<y4>1[5-9]\d\d|20\d\d)\b",
    re.I,
)
_EVENT_NOUN_RX = re.compile(rf"\b(?:{_EVENT_NOUNS})\b", re.I)


def _toll_measure(text: str, prev: Figure | None, sent_before: str) -> str | None:
    """What a toll phrase counts: "death toll" → killed, "missing count" → missing, "the
    number of evacuees" → displaced, "the state's total" → the measure the sentence talks of."""
    best: str | None = None
    other = False
    for m in _TOLL_NOUN.finditer(text):
        found = None
        what = m.group("what") or m.group("what2")
        if what and not re.sub(r"\b(?:people|persons|those|residents)\b", "", what).strip():
            what = None  # "the list of people" + a quote: what the list counts follows later
        if what:
            words = [_low(w) for w in what.split()]
            # "the number of people in Sindh who have died": a who-clause names it a little later
            reach = 6 if "who" in words[:3] else 3
            if words and COUNTED_NOUNS.get(words[0]) == "livestock":
                found = "livestock"  # "the number of livestock killed … stands at 909"
            for j in range(min(reach, len(words)) if found is None else 0):
                hit = _match_phrase(words, j, _AFTER_PHRASES)
                if hit:
                    found = hit[0]
                    if found == "killed" and _or_missing(words, j + hit[1]):
                        found = "casualties"  # "people dead or unaccounted for": one count
                    break
            if found is None and words and words[0] in COUNTED_NOUNS:
                found = COUNTED_NOUNS[words[0]]
            if found is None and words and words[0] == "victims":
                found = "killed"  # "the total number of victims of the flood rises to 155"
        if found is None and m.group("tk"):
            found = _TK_MEASURE.get(m.group("tk").lower())
        if found is None and m.group("noun"):
            noun = m.group("noun").lower()
            if noun in ("toll", "tally"):
                found = "killed"
            elif what is None or not what.strip():
                found = "?"
            else:
                # "the count of people aboard", "the number of passengers": it names what it
                # counts, and that is not a measure
                best, other = None, True
                continue
        if found:
            best, other = found, False
    if best is None and other:
        return None
    if best is None:
        oms = list(_OBJ_MEASURE.finditer(text))
        om = oms[-1] if oms else None
        if om is not None:
            hit = _match_phrase([_low(w) for w in om.group("m").split()], 0, _AFTER_PHRASES)
            best = hit[0] if hit else ("killed" if om.group("m").lower() == "victims" else None)
    if best == "?" and re.search(
        r"\b(?:confirmed|official|overall|provisional|final)\s+(?:[a-z]+\s+)?"
        r"(?:total|count|figure|tally)\b",
        text,
        re.I,
    ):
        return "killed"  # "the confirmed total now stands at 5,766": a death toll
    if best == "?":
        # "bringing the total to 78": the measure the sentence has been counting
        if prev is not None and prev.kind == "count":
            return prev.measure
        words = [_low(t[0]) for t in _tokens(sent_before, 0, 60)]
        last = None
        for j in range(len(words)):
            hit = _match_phrase(words, j, _AFTER_PHRASES)
            if hit:
                last = hit[0]
        if last is None and re.search(r"\b(?:death\s+)?(?:toll|tally)\b", sent_before, re.I):
            last = "killed"  # "the real toll went well beyond 64, putting its own estimate at"
        return last
    return best


# qualifiers that are level verbs: "passed 300", "tops 100"
_QUAL_VERBS = frozenset(
    {
        "exceeds",
        "exceeded",
        "exceeding",
        "topped",
        "tops",
        "topping",
        "passed",
        "passes",
        "past",
        "surpassed",
        "surpasses",
        "surpassing",
        "crossed",
        "crosses",
        "nears",
        "neared",
        "nearing",
        "approaching",
        "above",
        "pass",
        "exceed",
        "surpass",
        "beyond",
        "well beyond",
        "top",
    }
)


def _level_measure(sent: str, n: NumberSpan, prev: Figure | None, rules: list[str]) -> str | None:
    """The measure of a number governed by a level verb or a toll object (see module doc)."""
    lo = max(0, n.start - 170)
    before = sent[lo : n.start]
    # the clause that holds the number
    cut = max(
        [before.rfind(";")] + [m.end() - 1 for m in re.finditer(r"[.!?]\s+(?=[A-Z“\"])", before)]
    )
    clause = before[cut + 1 :] if cut >= 0 else before
    clause = re.sub(r"(?<=\s)(?:just|only)\s+$", "", clause)  # "shrunk to just seven or eight"
    clause = re.sub(r"(?<=\sto\s)[\"“]$", "", clause)  # 'lowered the number of injured to "2,000"'
    # "rose from eight to 14", "cut the toll from about 565 to 315": both values are levels
    clause = re.sub(r"\s+from\s+(?:\S+\s+){1,4}?to\s+$", " to ", clause, flags=re.I)
    # "has gone from 31 to more than 64", "moved from 16 to 34": a change between two levels
    clause = re.sub(
        r"\b(?:gone|went|go|goes|moved|moves|move|jumped|leapt|leaped)\s+from\s+$",
        "risen to ",
        clause,
        flags=re.I,
    )
    clause = re.sub(r"\s+from\s+$", " to ", clause, flags=re.I)
    qual_verb = (n.qualifier or "") in _QUAL_VERBS
    m = _object_measure(clause, prev, sent[: n.start], rules)
    if m:
        return m
    tof = _TOLL_OF.search(clause)
    if tof is not None:
        # "a death toll of just six", "the official count of 64", "an overall toll of 4,460"
        m = _toll_measure(tof.group(0), prev, sent[: n.start])
        if m:
            rules.append(f"measure:toll-of:{m}")
            return m
    lv = _LEVEL_VERB.search(clause)
    subject_end = lv.start() if lv else (len(clause) if qual_verb else None)
    if subject_end is None:
        return None
    subj = clause[:subject_end]
    # the subject is the nearest toll phrase of the clause, after the last comma-less break
    sm = _toll_measure(subj[-120:], prev, sent[: n.start])
    if sm is None and _TOLL_NOUN.search(subj[-60:]):
        # "The latest count came to 1,723, with 474 deaths in …": the parts name the measure
        wm = _WITH_PARTS.match(sent, n.end)
        sm = _toll_measure(wm.group("m"), None, "") if wm else None
    if sm:
        rules.append(f"measure:level-subject:{sm}")
        return sm
    return None


_WITH_PARTS = re.compile(
    r",\s+(?:with|including)\s+(?:\S+\s+){1,2}?(?P<m>deaths|dead|killed|injured|missing)\b", re.I
)


def _object_measure(clause: str, prev: Figure | None, before: str, rules: list[str]) -> str | None:
    """The measure of a toll named as a verb's object ("bringing the total to", "put the dead
    at"); the verb nearest the number first ("news reports put the dead at 23")."""
    pos, obs = 0, []
    while (ob := _LEVEL_OBJECT.search(clause, pos)) is not None:
        obs.append(ob)
        pos = ob.start() + 1
    for ob in reversed(obs):
        obj = ob.group("obj").strip(" ,")
        if obj.lower() in ("it", "that", "this"):
            # "added three deaths to the toll, bringing it to 48": the toll the sentence speaks of
            obj = "the total"
        if obj and (
            ob.group("v").lower()[:4] not in ("give", "gave", "list", "repo")
            or _TOLL_NOUN.search(obj)
        ):
            m = _toll_measure(obj, prev, before)
            if m:
                rules.append(f"measure:level-object:{ob.group('v').lower()}:{m}")
                return m
    return None


def _is_by(sent: str, n: NumberSpan) -> bool:
    """ "rose by 40", "went up by more than 200": a change, not a level."""
    return bool(
        re.search(
            r"(?:(?<!followed\s)\bby|,\s*(?:up|down))\s+$",
            sent[max(0, n.start - 12) : n.start],
            re.I,
        )
    )


# "expect to find 68 more bodies", "recovered six more": a verb of finding takes the added count
_FOUND_MORE = re.compile(
    r"\b(?:find|found|finds|recover|recovered|recovers|retrieve|retrieved|pull|pulled|discover|"
    r"discovered|uncover|uncovered)\s+(?:another\s+)?$",
    re.I,
)


_PART_IS = re.compile(
    r"\s+of\s+(?:the|them|those)\s+(?:[a-z]+\s+)?(?:dead|victims|killed|injured|missing)\s+"
    r"(?:were|are|was|is)\s+(?:all\s+)?(?P<g>[a-z]+)\b",
    re.I,
)


def _part_group(fig: Figure, sent: str, n: NumberSpan, rules: list[str]) -> None:
    """ "Five of the dead were children", "at least three of the victims were women": the part
    is that group."""
    m = _PART_IS.match(sent, n.end) if fig.group is None else None
    if m and GROUP_NOUNS.get(m.group("g").lower()):
        fig.group = GROUP_NOUNS[m.group("g").lower()]
        rules.append("group:part-is")


# "rescuers pulled another 13 bodies …, bringing the toll to 42": an added count
_BRINGING_AFTER = re.compile(
    r"\b(?:bringing|taking|raising|pushing|lifting|brought|took|raised|pushed)\s+(?:the|its|their)"
    r"\s+(?:[\w'’-]+\s+){0,3}?(?:toll|total|tally|count|number)\b",
    re.I,
)


# "… four more deaths …, the number … has risen to at least 166": a level, no part of the added
_LEVEL_TO = re.compile(
    r"\b(?:to|at)\s+(?:(?:at\s+least|more\s+than|about|around|nearly|almost|over|some)\s+)?$",
    re.I,
)


#: a part of an added count: "Of the new deaths, 19 were in Punjab", "of the 37 new deaths, …"
_OF_THE_NEW = re.compile(
    r"\b[Oo]f\s+(?:the|these|those)\s+(?:[\d,]+\s+)?(?:new|latest|additional|further|fresh)\s+"
    r"(?:deaths|dead|fatalities|victims|casualties|injuries|injured|bodies)\s*,\s*$"
)


def _increment(
    sent: str,
    n: NumberSpan,
    prev: Figure | None,
    prev_level: bool,
    rules: list[str],
    scope_kind: str = "cumulative",
) -> bool:
    """ "six more bodies were recovered", "a further 12 died", "two new deaths", "rose by 40":
    a change in a count, not the count. After a sibling count in the same sentence ("12 were
    arrested and 30 more detained", "165 dead in A and 66 more in B") "more" lists, it does not
    add."""
    if _is_by(sent, n):
        rules.append("scope:increment-by")
        return True
    if _OF_THE_NEW.search(sent, max(0, n.start - 60), n.start):
        rules.append("scope:increment-part")  # "Of the new deaths, 19 were in Punjab"
        return True
    if (
        prev is not None
        and prev.scope.kind == "increment"
        and any(r in rules for r in ("measure:including", "measure:list-member"))
        and prev.end < n.start <= prev.end + 100
        and not _LEVEL_TO.search(sent, prev.end, n.start)
    ):
        # "13 more deaths, including two in Vinh Phuc and 11 in Lao Cai": the added count's parts
        rules.append("scope:increment-part")
        return True
    if re.search(r"\banother\s+$", sent[max(0, n.start - 10) : n.start], re.I) and (
        _BRINGING_AFTER.search(sent, n.end)
    ):
        rules.append("scope:increment-another")
        return True
    after = re.match(
        r"\s+(?:(?:more|further|additional|new)\b)(?!\s+than\b)", sent[n.end : n.end + 20], re.I
    )
    before = re.search(
        r"\b(?:a\s+further|an\s+additional|further|additional)\s+$",
        sent[max(0, n.start - 20) : n.start],
        re.I,
    )
    if not (after or before):
        return False
    if after and after.group(0).strip().lower() == "new" and scope_kind in ("day", "rate"):
        return False  # "18 new cholera deaths on Tuesday": that day's count
    if prev is not None and prev.scope.kind == "increment":
        rules.append("scope:increment-part")  # "ten more were found: … five more were on …"
        return True
    if prev is not None and not prev_level and not _FOUND_MORE.search(sent, 0, n.start):
        rules.append("skip-increment:sibling")
        return False
    rules.append("scope:increment")
    return True


def _member(sent: str, n: NumberSpan, prev: Figure | None, rules: list[str]) -> bool:
    """A list member that leaves its measure unsaid: "killed 2,046 in A, 78 in B and 4 in C",
    "with 16 in neighbouring Chiapas", "29,605 dead and Syria 4,574"."""
    if prev is None or prev.kind != "count":
        return False
    left = sent[max(0, n.start - 80) : n.start]
    if any(rx.search(left) for _, rx in _BEFORE_RX):
        return False  # "killed 8 and injured 41 in Lorne": the verb names the measure
    after = sent[n.end : n.end + 40]
    if re.match(
        r"\s+(?:each\s+)?(?:more\s+|others?\s+)?(?:(?:(?:were|was|are)\s+)?"
        r"(?:(?:in|at(?!\s+risk\b)|across|on|outside|inside|near)\s+|elsewhere\b)"
        r"|(?:(?:were|was|are)\s+)?from\s+)"
        r"(?!(?:a|one)\s)(?!(?:the\s+)?(?:hospitals?|critical|intensive|serious|a\s+critical|"
        r"a\s+serious|care|treatment)\b)"
        r"(?!(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b)"
        r"(?:[\w'’-]|$|[,.;\s])",
        after,
        re.I,
    ):
        rules.append("measure:list-member")
        return True
    before = sent[max(0, n.start - 50) : n.start]
    if (gm := _GAPPED.search(before)) and re.match(r"\s*(?:[,.;]|\s+and\b|$)", after):
        if gm.group("w") and (row := _tally_row(sent, n, [], prev.measure)) and row[1]:
            return False  # "India with 101, Nigeria with 99": a country's row is its people
        rules.append("measure:list-member-gapped")
        return True
    return False


#: the words between a count and its own place: "394 dead in Al Haouz", "2,394 unidentified
#: bodies in Tacloban City", "3,310, were from Leyte province", "1,060 unidentified bodies from
#: the town of Palo" (any lowercase words but those
#: that start another clause or name the event's action: "killed 300 when the storm hit Leyte")
_LOCAL_AFTER = re.compile(
    # "238 of them are from Chimanimani", "Eight of the deaths were in the town of Mashiki"
    r"(?:\s+of\s+(?:them|those|these|whom|the\s+(?:deaths|dead|victims|bodies)))?"
    r"(?:,?\s+(?!(?:when|as|after|since|before|while|because|during|that|which|who|whom|whose|"
    r"where|until|if|hit|struck|swept|slammed|battered|made|ravaged|tore|left|for|of|on|by|to|"
    r"with|and|or|but|than|from|in|at)\b)[a-z][a-z'’-]*){0,5}"
    r"(?:\s+(?:in|at|on(?=\s+[A-Z]))|(?:(?<=evacuated|displaced)|(?<=were)|(?<=are)|(?<=bodies))\s+from)\s+",
)


_TREATED = re.compile(r"\b(?:treat(?:ed|ment)|hospitali[sz]ed|hospitals?|admitted|care)\b", re.I)
#: "the Hawaii wildfires", "the Morocco earthquake": a place naming the event, not the count's area
_NAMED_EVENT = re.compile(
    rf"(?:the\s+)?(?:[A-Z][\w'’-]*\s+){{1,3}}(?:[a-z]+\s+)?(?:{_EVENT_NOUNS})\b"
)


#: the place a "where" clause holding the count hangs on is the count's own: "… and Colquitt
#: County, where one did", "in southern Turkey, where the number of dead now stands at 284",
#: "Buncombe County in North Carolina, the center of the disaster, where more than 60 …"
_WHERE_BEFORE = re.compile(
    r"(?:\b(?P<prep>in|across|throughout)\s+(?:the\s+)?(?:(?:southern|northern|eastern|western|"
    r"central|neighbouring|neighboring|nearby|coastal|mountainous|devastated|hardest-hit|"
    r"worst-hit)\s+)?)?(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})"
    # "…, where", "X, the center of the disaster, where", "Minamiaso, a remote mountain area where"
    r"(?:(?:,[^,;.]{0,60})?,\s+|,\s+(?:a|an|the)\s+[^,;.]{0,50}?\s+)where\s+"
    r"[^,;.]{0,80}$"
)


#: "the number of dead in Palu had reached 420", "the count in Eastern Visayas was unchanged at
#: 1,660", "the death toll in Sindh rose to 702": the toll's own place, in the count's clause
_TOLL_IN = re.compile(
    r"\b(?:(?:death|casualty|overall|official|confirmed)\s+)?(?:toll|count|tally|number\s+of\s+"
    r"(?:the\s+)?(?:dead|deaths|fatalities|victims|people\s+(?:killed|dead|who\s+died)))\s+(?:in|for)\s+"
    r"(?:the\s+)?(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})(?P<rest>[^,;:.\d]{0,60})$"
)


def _toll_in_place(sent: str, n: NumberSpan) -> str | None:
    """The place of a toll named before the count in its clause ("the number of dead in Palu
    had reached 420"); not one a verb of the event puts there ("the toll in the quake that hit
    Al Haouz")."""
    m = _TOLL_IN.search(sent, max(0, n.start - 120), n.start)
    if m is None or _EVENT_NOUN_RX.search(m.group("p")) or _NAMED_EVENT.match(sent, m.start("p")):
        return None  # "the death toll in the Hawaii wildfires": the event's name
    return find_place("in " + m.group("p"))


def _where_place(sent: str, n: NumberSpan) -> str | None:
    """The place a "where" clause holding the count hangs on (``_WHERE_BEFORE``); in "<town> in
    <region>, where …" the town."""
    m = _WHERE_BEFORE.search(sent, max(0, n.start - 200), n.start)
    if m is None:
        return None
    head = re.search(r"(?P<h>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+$", sent[: m.start()])
    if m.group("prep") == "in" and head and resolve(head.group("h")) is not None:
        return head.group("h")
    return find_place("in " + m.group("p"))


#: "… in northern Syria and Turkey": the first place joined to another (then neither is the
#: count's own alone)
_JOINED_PLACE = re.compile(
    r"(?:,\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*,?\s+and\s+(?:the\s+)?(?:[a-z]+\s+)?(?=[A-Z])"
)


def _local_place(sent: str, n: NumberSpan) -> str | None:
    """A place right after the number and its noun ("394 dead in Al Haouz province, 271 in
    Taroudant"): a breakdown member's own place."""
    m = _LOCAL_AFTER.match(sent[n.end : n.end + 60])
    if not m or _TREATED.search(m.group(0)) or _NAMED_EVENT.match(sent, n.end + m.end()):
        return None  # where the injured are treated; "died in the Hawaii wildfires": the event
    start = n.end + m.start()
    if _SITE_CLAUSE.match(sent, n.end + m.end()):
        return None  # "died in the magnitude 7.8 quake that struck near the city of X": the site
    stop = re.search(r"[,;]|\s+and\s|\s+while\s|\s+but\s", sent[start + 3 : start + 80])
    window = sent[start : start + 3 + (stop.start() if stop else 77)]
    if re.search(r"\bon\s+$", m.group(0)):
        # "130 of them on Phuket alone": an island's count
        rest = sent[n.end + m.end() : start + len(window)]
        isle = find_place("in " + rest)
        return (
            isle
            if isle and rest.startswith(isle.split()[0]) and not _MONTH_DAY.match(rest)
            else None
        )
    # the sentence's own mentions from the window on: an area one side holds takes the country
    # the sentence names before it ("In Syria …, with 2,166 killed in the rebel-held northwest")
    mentions = place_mentions(sent, start)
    first = next(((q, p) for q, p in mentions if q < start + len(window)), None)
    if first is None:
        return None
    q, p = first
    after = sent.find(p, q) + len(p) if sent.find(p, q) >= 0 else q
    joined = _JOINED_PLACE.match(sent, after)
    nxt = (
        re.match(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}", sent[joined.end() :])
        if joined
        else None
    )
    if nxt and resolve(nxt.group(0)) is not None:
        return None  # "912 have died in northern Syria and Turkey": both, not the first alone
    return p


#: the event named by its noun and a clause that places it, right after a count's "in": the
#: place of that clause is where the event struck, not the count's ("died in the magnitude 7.8
#: quake that struck near the southeastern city of Kahramanmaras")
_SITE_CLAUSE = re.compile(
    rf"(?:the\s+)?(?:[\w.-]+\s+){{0,3}}?(?:{_EVENT_NOUNS})\s+(?:that|which)\s+(?:\w+\s+)?"
    r"(?:struck|hit|rocked|shook|devastated|was\s+centred|was\s+centered|originated)\b"
)


_MONTH_DAY = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b"
)


# the place that keeps the count: "Leyte province accounted for 5,160 deaths", "Samar province
# counted 224 dead", "Eastern Samar recorded 265 dead"
_SUBJECT_PLACE = re.compile(
    r"(?:^|[,;:]\s+|\band\s+|\bwhile\s+)(?:[Tt]he\s+)?(?P<p>[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|del|de))*"
    r"(?:\s+(?:province|prefecture|region|district|county|state|city|town|municipality|island|"
    r"governorate))?)(?:\s+alone)?\s+(?:accounted\s+for|counted|recorded|registered|logged|"
    r"reported|confirmed|has\s+(?:now\s+|so\s+far\s+)?(?:counted|recorded|registered|logged|"
    r"reported|confirmed)|has|had|saw|suffered)\s+(?:(?:at\s+least|more\s+than|"
    r"over|about|some|nearly|almost|another)\s+)?$"
)


#: "North Carolina has the highest death toll so far, with 106 deaths": the place whose toll
#: the sentence ranks; "Chimanimani district has been hit hardest, with 127 deaths, 187 people
#: missing": the place the sentence ranks by its damage, and each count of its list
_SUBJECT_WITH = re.compile(
    r"(?:^\s*|\b(?:said|says)\s+(?:that\s+)?)(?:The\s+)?(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
    r"(?:\s+(?:province|region|district|county|state))?)\s+(?:(?:(?:has|had|have)\s+)?(?:has|had|"
    r"have|reported|recorded|suffered)\s+the\s+(?:(?:second|third)[- ])?(?:highest|largest|biggest|"
    r"heaviest|worst|most)\b[^,.;:]{0,40}|(?:has|have|had|was|were)\s+(?:been\s+)?(?:hit|affected|"
    r"struck)\s+(?:the\s+)?(?:hardest|worst|most)\b)(?:,?\s+with|\s+at)\s+(?:\d[\d,]*\s+[a-z ]{1,30}?"
    r"(?:,\s+|\s+and\s+))*(?:(?:at\s+least|more\s+than|over|about|some|nearly|almost)\s+)?$"
)


#: "…, followed by Morocco at 87": the next place of a ranking
_FOLLOWED = re.compile(
    r"\bfollowed\s+by\s+(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+(?:at|with)\s+"
    r"(?:(?:at\s+least|more\s+than|over|about|some|nearly|almost)\s+)?$"
)


#: a place that revises its own count: "after Sindh revised its death tally from 786 to 792",
#: "Georgia raised its count on Monday from 17 to 25" (both numbers are the place's)
_SUBJECT_REVISED = re.compile(
    r"(?:^|[,;:]\s+|\band\s+|\bafter\s+|\bas\s+|\bwhile\s+)(?:[Tt]he\s+)?"
    r"(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}(?:\s+(?:province|state|county|district|region|"
    r"prefecture))?)\s+(?:has\s+|had\s+)?(?:revised|raised|lowered|updated|increased|cut)\s+its\s+"
    r"(?:own\s+)?(?:death\s+|casualty\s+)?(?:toll|tally|count|figure)(?:\s+[\w'’]+){0,3}?\s+"
    r"(?:from\s+(?:[\d,]+\s+to\s+)?|to\s+)$"
)


def _subject_place(sent: str, n: NumberSpan) -> str | None:
    """A place the gazetteer knows as the subject of a counting verb right before the count, or
    ranked by its toll ("North Carolina has the highest toll, with 106 deaths", "… followed by
    Morocco at 87")."""
    m = (
        _SUBJECT_PLACE.search(sent[max(0, n.start - 80) : n.start])
        or _SUBJECT_WITH.search(sent[: n.start])
        or _FOLLOWED.search(sent[max(0, n.start - 60) : n.start])
        or _SUBJECT_REVISED.search(sent[max(0, n.start - 120) : n.start])
    )
    if not m:
        return None
    name = m.group("p")
    return find_place(name) or (
        name if resolve(name) is not None or _AREA_NAME.search(name) else None
    )


_FRAME = re.compile(
    r"\s*(?:In|Across|Throughout)\s+(?:the\s+)?(?P<typed>(?:[a-z]+\s+)?(?:state|province|region|"
    r"prefecture|county|district)\s+of\s+)?(?P<p>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"
    r"(?(typed)(?:\s+alone)?),"
)  # "In Georgia,", "In the state of Rhineland-Palatinate alone," (not "In Derna alone,")


# a place that opens the sentence as the subject keeping its counts, or as its toll's owner
_OPENING_PLACE = re.compile(
    r"\s*(?:The\s+)?(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}(?:\s+(?:province|prefecture|"
    r"region|district|county|state|governorate))?)(?P<poss>['’]s\s+(?:[\w-]+\s+){0,2}?(?:death\s+)?"
    r"(?:toll|count|tally)\b)?(?(poss)|\s+(?:alone\s+)?(?:has|had|reported|confirmed|counted|"
    r"recorded)\b)"
)
# a name that is an area by its own words though the gazetteer lacks it ("North Sumatra",
# "Kashmar County")
_AREA_NAME = re.compile(
    r"^(?:North|South|East|West|Northern|Southern|Eastern|Western|Central)\s+[A-Z]|"
    r"\s(?:Province|Prefecture|County|District|Region|Governorate|province|prefecture|county|"
    r"district|region|governorate)$"
)


def _frame(sent: str, n: NumberSpan, seg_place: str | None) -> str | None:
    """The place that opens the sentence as its frame, set off by a comma, or as the subject
    that keeps the counts, before the count, when the count's clause names no other: "In
    Georgia, Governor Kemp said the state's toll had risen to 33"; "Iwate Prefecture has
    confirmed 2,223 deaths and says 4,253 people are missing"; "Thailand's toll stayed at
    5,393, and a further 3,071 were listed as missing"."""
    m = _FRAME.match(sent) or _OPENING_PLACE.match(sent)
    if not m or m.end() > n.start:
        return None
    place = find_place("in " + m.group("p"))
    area = resolve(place) if place else None
    if place is None or (area is None and not _AREA_NAME.search(m.group("p"))):
        return None
    if m.groupdict().get("poss") and (area is None or area.level != 1):
        return None  # "Maui's toll climbed to 80": a country's toll only, not a county's
    bare = re.sub(
        r"^(?:in|at|near|across|throughout)\s+(?:the\s+)?", "", seg_place or "", flags=re.I
    )
    return place if seg_place is None or bare == m.group("p") else None


def _fronted(sent: str, n: NumberSpan, place: str) -> bool:
    """Whether the clause's place opens the sentence as the frame of a breakdown that goes on
    after the count ("In Al Haouz province the quake caused 1,293 deaths, with 452 in
    Taroudant province")."""
    m = re.match(r"\s*In\s+(?:the\s+)?([A-Z][^,]{1,60}?)(?:,|\s+(?:the|a|an|[a-z]+ed)\b)", sent)
    return (
        bool(m) and m.end() <= n.start and re.sub(r"^(?:In|At|Near)\s+", "", place) in m.group(1)
        and bool(_BREAKDOWN_AFTER.match(sent, n.end))
    )  # fmt: skip


#: a row of a breakdown that opens with its place, right before the count: "… In Gaziantep
#: 2,141 dead, 11,563 injured. In Sanliurfa 304 dead …" (a quoted list the sentence splitter
#: keeps whole); the row's second count takes its place too
_ROW_PLACE = re.compile(
    r"(?:^|[.;:]\s+|[\"“]\s*|,\s+and\s+)(?:[Ii]n|[Aa]t)\s+(?P<p>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
    r"\s+(?:[\d,]+\s+(?:\w+\s+){0,2}?[a-z]+,?\s+(?:and\s+)?)?$"
)


_ROW_OPENER = re.compile(r"(?:^|[.;:]\s+|[\"“]\s*|,\s+and\s+)[Ii]n\s+[A-Z]")


def _row_place(sent: str, n: NumberSpan) -> str | None:
    """The place that opens a breakdown row right before the count (``_ROW_PLACE``), when the
    sentence has two or more such rows."""
    m = _ROW_PLACE.search(sent, max(0, n.start - 60), n.start)
    if m is None or len(_ROW_OPENER.findall(sent)) < 2:
        return None
    return find_place("in " + m.group("p"))


_BREAKDOWN_AFTER = re.compile(
    r"[^.;]{0,30}?,\s+(?:with\s+|and\s+)?(?:another\s+)?[\d,]+\s+(?:\w+\s+){0,2}?in\s+(?:the\s+)?[A-Z]"
)
_EVENT_SITE = re.compile(
    r"\b(?:overturned|capsized|sank|struck|hit|collapsed|exploded|erupted|made\s+landfall|"
    r"(?:has\s+been\s+|have\s+been\s+|was\s+)?(?:pounding|battering|lashing|hammering)|"
    r"swept\s+through|tore\s+through|ripped\s+through|ran\s+aground|went\s+down)\s+"
    r"(?:\w+\s+){0,2}?(?:off|in|near|at|on|over|outside)?\s*(?:the\s+(?:coast\s+of\s+)?)?"
    # "struck near the southeastern city of Kahramanmaras"
    r"(?:(?:[a-z]+\s+){0,2}(?:city|town|village|province|region|district)\s+of\s+)?$"
)


def _place_at(sent: str, place: str) -> int:
    """Where ``place`` is named in ``sent`` (0 when it is not)."""
    return max(sent.find(place), 0)


def _gapped_place(sent: str, n: NumberSpan) -> str | None:
    """The place of a gapped list member ("…, Chichaoua province 191")."""
    m = _GAPPED.search(sent[max(0, n.start - 50) : n.start])
    return m.group("p") if m else None


# "and Syria 4,574", ", Chichaoua province 191", "and the Marrakech prefecture 14", a tally
# row's longer name and its abbreviation (", Azad Jammu and Kashmir (AJK) 48", "and Islamabad
# Capital Territory one"), "followed by Sigi with 336", ", Sindh has reported 638"
_GAPPED = re.compile(
    r"(?:\band|[,:]|\bfollowed\s+by)\s+(?:the\s+)?(?:in\s+)?(?:neighbouring\s+|neighboring\s+)?"
    r"(?P<p>[A-Z][\w'’-]+(?:\s+(?:and\s+)?[A-Z][\w'’-]+){0,3}(?:\s+(?:province|prefecture|region|"
    r"district|county|state|city|town|municipality|island|governorate))?)"
    r"(?:\s+\((?-i:[A-Z]{2,5})\))?(?:\s+(?P<w>with)|\s+(?:has\s+|had\s+|have\s+)?"
    r"(?:reported|recorded|registered|logged|counted))?\s+$"
)
# a parenthesised breakdown: "deaths were also logged in Aklan (14), Antique (13) and Surigao
# del Sur (1)"
_PAREN_MEMBER = re.compile(
    r"(?P<p>[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|del|de|la|al|el))*)\s*\(\s*$"
)


_PROCESSED_AFTER = re.compile(
    r"(?:\s+[\w'’-]+){0,4}?\s+(?:have|has|had|were|was|are|is)\s+(?:(?:now|so\s+far|already|"
    r"since|also|all|not|yet)\s+)*(?:been\s+)?(?:\w+ly\s+)?(?P<v>identified|named|handed\s+over|"
    r"returned\s+to|released\s+to|claimed\s+by)\b(?!\s+as\b)",
    re.I,
)
_PROCESSED_BEFORE = re.compile(
    r"\b(?:identified|named)\s+(?:(?:about|some|nearly|more\s+than|at\s+least|only)\s+)?$", re.I
)
#: "… have now been buried": the verb phrase of a burial (after up to a few words)
_BURIED_VERB = (
    r"\s+(?:have|has|had|were|was|are|is)\s+(?:(?:now|so\s+far|already|since|also|all)\s+)*"
    r"(?:been\s+)?buried\b"
)
_BURIED = re.compile(r"(?:\s+[\w'’-]+){0,3}?" + _BURIED_VERB, re.I)
_IN_HOSPITAL = re.compile(
    r"(?:\s+[\w'’-]+){0,2}?\s+(?:are|were|remain|remained|remains|was|is)\s+(?:still\s+)?"
    r"(?:being\s+(?:cared\s+for|treated)\s+)?(?:in\s+(?:the\s+)?(?:(?-i:[A-Z])[\w'’-]*\s+|local\s+)?"
    r"hospitals?|hospitali[sz]ed)\b",
    re.I,
)
# "seven were still in Saudi hospitals": the injured still treated (a part, see _IN_HOSPITAL)
_IN_SOME_HOSPITAL = re.compile(
    r"\s+(?:are|were|remain|remained|remains)\s+(?:still\s+)?in\s+(?:(?-i:[A-Z])[\w'’-]*|local)\s+"
    r"hospitals?\b",
    re.I,
)
_CRITICAL = re.compile(
    r"(?:\s+[\w'’-]+){0,2}?\s+(?:(?:are|were|remain|remained|remains|was|is)\s+(?:still\s+)?"
    # "28 people are reported to be in critical condition"
    r"(?:(?:reported|said|believed|thought|understood)\s+to\s+be\s+)?)?"
    r"(?:in\s+(?:a\s+)?(?:critical|serious|intensive)|critically|seriously)\b"
    r"|(?:\s+[\w'’-]+){0,5}?\s+(?:are|were|remain|remained|remains|was|is)\s+(?:still\s+)?critical\b",
    re.I,
)
# "793 had been discharged", "900 people have left hospital", "256 have already been sent home":
# people out of hospital are a part of the injured ("went home" needs hospital words before)
_OUTFLOW = re.compile(
    r"(?:\s+[\w'’-]+){0,2}?\s+(?:(?:have|has|had|were|was|are|is)\s+)?"
    r"(?:(?:now|so\s+far|already|since|also|all|been|later|then)\s+){0,3}"
    r"(?:(?P<h>discharged|released\s+from\s+(?:the\s+)?hospitals?|left\s+(?:the\s+)?hospitals?)"
    r"|(?:sent|gone|went|returned)\s+home)\b",
    re.I,
)
# "205 patients taken into SCB Medical College Hospital", "were rushed to St Anne's Hospital"
_TAKEN_TO_NAMED_HOSPITAL = re.compile(
    r"\s+(?:(?:were|had\s+been|have\s+been)\s+)?(?:taken|admitted|brought|rushed|referred)\s+"
    r"(?:in)?to\s+(?:the\s+)?(?:[A-Z][\w.'’&-]*\s+){1,6}(?:Hospitals?|Medical\s+Cent(?:re|er)|Clinic)\b"
)
_HOSPITAL_BEFORE = re.compile(r"hospital|patients|treated|treatment|injured|wounded|hurt", re.I)
_OF_THE_PART = re.compile(r"\s+of\s+(?:the|those|them|these|whom)\b", re.I)
_OF_THE_LEAD = re.compile(r"\b[Oo]f\s+(?:(?:the|those|these)\s+[^,;.]{1,40}|them|these|those),\s*$")


_DEAD_NOUN = re.compile(r"\s+(?:of\s+the\s+)?(?:victims|bodies|dead|remains|deceased)\b", re.I)


#: "… 17 of whom have yet to be identified", "… remain unidentified"
_NOT_YET_IDENTIFIED = re.compile(
    r"(?:\s+[\w'’-]+){0,4}?\s+(?:have|has|had|are|is|were|was|remain|remains|remained)\s+"
    r"(?:still\s+)?(?:yet\s+to\s+be\s+|not\s+(?:yet\s+)?(?:been\s+)?|un)identified\b",
    re.I,
)


def _identified_dead(sent: str, n: NumberSpan, toll: str | None) -> str | None:
    """ "identified" or "unidentified" for a number of the dead said only by their identification:
    a noun of the dead after it ("62 victims have been identified", "identified 172 bodies"), or
    the toll before it ("… 136 dead. Of them, 68 have been identified")."""
    noun = _DEAD_NOUN.match(sent, n.end)
    if toll != "killed" and not noun:
        return None
    m = _PROCESSED_AFTER.match(sent, noun.end() if noun else n.end)
    if m and (work := _identification(m)) in ("identified", "unidentified"):
        return work
    if _PROCESSED_BEFORE.search(sent, max(0, n.start - 40), n.start) and (
        noun or _OF_THE_PART.match(sent, n.end)
    ):
        return "identified"
    return None


def _identification(m: re.Match[str]) -> str | None:
    """What a ``_PROCESSED_AFTER`` match says of the dead: "identified", "unidentified" ("have
    not yet been identified"), "handed over", or None (not yet handed over)."""
    named = m.group("v").lower().startswith(("identified", "named"))
    if re.search(r"\b(?:not|yet|un)\b", m.group(0), re.I):
        return "unidentified" if named else None
    return "identified" if named else "handed over"


def _processed(sent: str, n: NumberSpan, fig: Figure) -> str | None:
    """ "Of the victims, 27 have been identified", "police have named 55 of the dead", "826
    bodies were handed over to relatives": a part of the dead that has been identified
    ("identified"), or bodies handed over ("handed over"), not the toll; a part not yet
    identified ("25 of whom have yet to be identified") is "unidentified". None for a whole count
    ("the bodies of 4,000 victims had been identified")."""
    part = _OF_THE_PART.match(sent, n.end) or _OF_THE_LEAD.search(
        sent, max(0, n.start - 60), n.start
    )
    if _NOT_YET_IDENTIFIED.match(sent, max(fig.end, n.end)):
        return "unidentified"
    m = _PROCESSED_AFTER.match(sent, max(fig.end, n.end))
    if m:
        work = _identification(m)
        return None if work == "identified" and not part else work
    if (part or _DEAD_NOUN.match(sent, n.end)) and _PROCESSED_BEFORE.search(
        sent, max(0, n.start - 40), n.start
    ):
        return "identified"  # "named 55 of the dead", "relatives have identified 172 bodies"
    return None


_DOUBTED = re.compile(
    r"\b(?:doubt|doubts|doubted|dispute|disputes|disputed|reject|rejects|rejected|question|"
    r"questions|questioned|dismiss|dismisses|dismissed|challenge|challenges|challenged|"
    r"contradict|contradicts|contradicted)\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,3}"
    r"(?:toll|count|figure|tally|total|estimate|number)\s+(?:of\s+)?(?:[a-z]+\s+){0,2}$",
    re.I,
)


def _not_the_speakers(sent: str, n: NumberSpan, c: Claimant) -> bool:
    """A figure the speaker does not give: one the speaker doubts or disputes ("they doubt the
    official death toll of 79"), or one in a relative clause after what the speaker said about
    something else ("May said there will be an inquiry into the fire, which has claimed 17
    lives")."""
    if _DOUBTED.search(sent, max(0, n.start - 80), n.start):
        return True
    rel = None
    for m in re.finditer(r",\s+which\s+", sent[: n.start]):
        rel = m
    if rel is None or re.search(r"[,;]", sent[rel.end() : n.start]):
        return False
    said = None
    for m in re.finditer(r"\b(?:said|says|told|announced|promised|pledged)\b", sent[: rel.start()]):
        said = m
    if said is None:
        return False
    # what the speaker said holds no figure of its own; the toll is only a description
    between = sent[said.end() : rel.start()]
    if re.search(r"\d", between) or _OBJ_MEASURE.search(between) or ATOM.search(between):
        return False
    return not re.search(r",\s+[^,]{0,60}\b(?:said|says|told|reported)\b[^,]{0,30}$", sent[n.end :])


def _projection(sent: str, n: NumberSpan, rules: list[str]) -> bool:
    """ "could reach 10,000", "may rise to 1,000", "is expected to climb to", "feared dead"."""
    before = sent[max(0, n.start - 90) : n.start]
    clause_cut = max(before.rfind(";"), before.rfind(". "))
    before = before[clause_cut + 1 :]
    if _PROJECTION_AFTER.match(sent[n.end : n.end + 60]):
        rules.append("modality:projection:feared")
        return True
    if _EXPECTED_TOLL.match(sent, n.end) and re.search(r"\b(?:toll|tally|count)\b", before):
        rules.append("modality:projection:expected")  # "a final toll of around 300 is expected"
        return True
    if _EXPECT_OBJECT.search(before):
        rules.append("modality:projection:expected")  # "we expect between 100,000 and 200,000"
        return True
    if _FORECAST_TOLL.search(before):
        rules.append("modality:projection:forecast")  # "forecast a final toll of 2,000"
        return True
    if _HEDGE_BEFORE.search(before) or _FEARED_NOUN.search(before):
        rules.append("modality:projection:hedged")  # "perhaps 200,000", "possibly more than 100"
        return True
    pm = _PROJECTION_BEFORE.search(before)
    if pm and re.search(r",\s+(?:with|while|as|and|but)\s", before[pm.start() :]):
        pm = None  # "could double over the next week, with 1,000 people still missing"
    if pm and re.search(r"\b(?:could|may|might|would|will|to)\s+$", before) and n.qualifier:
        rules.append("modality:projection")  # "could pass 7,000": the verb is the qualifier
        return True
    if pm and re.search(
        r"\b(?:rise|reach|climb|pass|exceed|top|hit|surpass|run\s+into|grow|increase|fall|go|soar|"
        r"land|settle|end\s+up|find|recover|retrieve|"
        r"double|drop|be\s+as\s+high\s+as|be(?!\s+\w+ing\b)|number|total|stand)\b[^.;]{0,30}$",
        before[pm.start() :],
        re.I,
    ):
        rules.append("modality:projection")
        return True
    return False


_AGO = re.compile(
    r"\b(?:(?:last|previous)\s+year|years?\s+(?:ago|earlier)|(?:comes|came)\s+[\w-]+\s+years?\s+"
    r"after)\b",
    re.I,
)


#: after a figure, in its clause (no comma between): the first event it names, dated "N years
#: ago" itself or in its relative clause ("… deaths recorded after the quake that hit the north
#: 25 years ago"); not a comparison ("the deadliest since …")
_AGO_EVENT_AFTER = re.compile(
    rf"(?:(?!\b(?:since|than|deadliest|worst|biggest|largest|{_EVENT_NOUNS})\b)[^;.,])*"
    rf"\b(?:{_EVENT_NOUNS})\b(?:\s+(?:that|which)\b(?:(?!\b(?:since|than)\b)[^;.,]){{0,80}}?)?\s+"
    rf"(?P<ago>(?:almost\s+|nearly\s+|some\s+|about\s+)?"
    rf"(?:\d+|[a-z]+)\s+years?\s+(?:ago|earlier))\b",
    re.I,
)


#: a ranking that names other events, then one of them with its toll in a relative clause:
#: "among the deadliest …, behind only Katrina, which killed 1,392 people, and Hurricane Maria,
#: which killed at least 2,975"
_RANKED_OTHER = re.compile(
    r"\b(?:deadliest|worst|most\s+(?:lethal|destructive|devastating))\b(?:[^.;]|(?<=[A-Z])\.){0,120}?"
    r"\b(?:behind|after|than|since|surpassing|overtaking|like|such\s+as|including)\s+(?:only\s+)?"
    r"(?:[^.;]|(?<=[A-Z])\.){0,80}?"
    r"\b[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?,\s+(?:which|that|when\s+it)\s+(?:killed|left|"
    r"claimed)\s+(?:(?:at\s+least|more\s+than|about|nearly|some|over|almost)\s+)?$"
)


def _background(sent: str, n: NumberSpan, published: datetime | None, rules: list[str]) -> bool:
    """A figure about an earlier event: "in 1988 a quake there killed more than 9,000", "the
    1960 Agadir earthquake killed 12,000", "the deadliest since 1987, when … 1,000 lives"."""
    if published is None:
        return False
    if re.search(r"\bat\s+the\s+time\b(?!\s+of\s+writing)", sent[n.end :], re.I) and not re.search(
        r"\b(?:now|so far|to date|has|have)\b", sent, re.I
    ):
        rules.append(
            "event:background:at-the-time"
        )  # "12,000 died, a third of the city at the time"
        return True
    if not _EVENT_NOUN_RX.search(sent):
        return False
    lo = max(0, n.start - 120)
    before = sent[lo : n.start]
    cut = max(before.rfind(";"), before.rfind(". "))
    seg = before[cut + 1 :] + sent[n.start : n.end + 40]
    after = sent[n.end : n.end + 50]
    after = re.split(r"[;,]\s+(?:and\s+|but\s+|while\s+)?(?=\S)", after, maxsplit=1)[0]
    for m in _BACKGROUND_MARK.finditer(seg):
        y = int(m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4"))
        if y < published.year - 1:
            rules.append(f"event:background:{y}")
            return True
    if _RANKED_OTHER.search(sent, max(0, n.start - 240), n.start):
        # "now among the deadliest hurricanes, behind only Katrina, which killed 1,392": the
        # events it is ranked with, not this one
        rules.append("event:background:ranked-with")
        return True
    if m := _AGO.search(seg):  # "in November last year a fire killed", "came eight years after"
        rules.append("event:background:" + re.sub(r"\W+", "-", m.group(0).lower()))
        return True
    if m := _AGO_EVENT_AFTER.match(sent, n.end):
        # "the 17,118 deaths recorded after the huge quake that devastated the north almost 25
        # years ago": the event the figure belongs to is dated years back, after the number
        rules.append("event:background:" + re.sub(r"\W+", "-", m.group("ago").lower()))
        return True
    for m in re.finditer(r"\bin\s+(?P<y>1[5-9]\d\d|20\d\d)\b", after):
        if int(m.group("y")) < published.year - 1:
            rules.append(f"event:background:{m.group('y')}")
            return True
    return False


# "Of the 40 dead, …", "Of the new deaths, 19 were in …", "Of the nine who died in the last 24
# hours, five were men"
_OF_THE_BEFORE = re.compile(
    rf"\b[Oo]f\s+(?:the|those|these|all)\s+(?:[\d,]+\s+|[a-z]+\s+(?=(?:people\s+|persons\s+)?who\b))?"
    rf"(?:(?!(?:people|persons)\b)(?-i:[a-z][\w-]*)\s+){{0,2}}?(?:people\s+|persons\s+)?"
    rf"(?:(?P<m>{_MEASURE_WORDS}|burials)(?:\s+[\w-]+){{0,2}}|who\s+(?:have\s+|had\s+)?"
    rf"(?P<m2>died|(?:were|have\s+been)\s+(?:killed|injured|hurt|wounded))(?:\s+[\w-]+){{0,6}})"
    rf"\s*,\s*$",
    re.I,
)
_OF_THE_AFTER = re.compile(
    r"\s+of\s+(?:the|those)\s+(?P<m>dead|injured|wounded|missing|victims|deaths|fatalities|"
    r"bodies|displaced|evacuees)\b",
    re.I,
)
_DIED_AFTER = re.compile(
    r"(?:\s+[\w-]+){0,3}?\s+(?:have\s+|has\s+|had\s+)?(?:since\s+|later\s+|also\s+)?"
    r"(?:died|succumbed|been\s+killed)\b",
    re.I,
)
_FROM_BEFORE = re.compile(
    r"(?:\b(?:up|down)\s+from|\d\s+from)\s+(?:the\s+)?(?:previous\s+|earlier\s+|initial\s+)?$",
    re.I,
)


def _measure_word(w: str) -> str | None:
    hit = _match_phrase([_low(x) for x in w.split()], 0, _AFTER_PHRASES)
    if hit:
        return hit[0]
    return "killed" if w.lower() in ("victims", "burials") else None


_OF_WHOLE = re.compile(
    r"\s+of\s+(?:the|those|these|all)\s+(?P<m>\d[\d,.]*\d|\d|[a-z]+(?:-[a-z]+)?)\b", re.I
)
_PART_BEFORE = re.compile(
    r"(?:^|\W)(?P<n>\d[\d,.]*\d|\d|[a-z]+(?:-[a-z]+)?)\s+of\s+(?:the|those|these|all)\s+$", re.I
)


def _multiple_figure(
    sent: str, n: NumberSpan, mult: re.Match[str], rules: list[str]
) -> Figure | None:
    """A multiple ("three times the number of deaths"), or None when it measures nothing."""
    toks = _tokens(sent, mult.end())
    measure, _ = _right_measure(sent, toks, 0, rules)
    if not measure:
        rules.append("skip:multiple-without-measure")
        return None
    rules.append("multiple")
    return Figure(
        low=n.low,
        high=n.high,
        text=sent[n.start : mult.end()],
        measure=measure,
        kind="multiple",
        start=n.start,
        end=mult.end(),
    )


# "25 of whom …", "three of them children", "…, drowning accounting for at least two of them."
_OF_THEM = re.compile(r"\s+of\s+(?:them|whom|those)(?:\s+(?:were\s+|are\s+)?|(?=[.,;]|$))")


def _of_them_figure(
    sent: str, n: NumberSpan, ofm: re.Match[str], prev: Figure, rules: list[str]
) -> Figure | None:
    """A part of the previous count ("25 of whom …", "three of them children"), else None."""
    sub = _noun_phrase(_tokens(sent, n.end + ofm.end(), 6))
    bare = not (sub["kind"] or sub["side"] or sub["measure"] or sub["counted"])
    if bare and (
        re.match(
            r"\s*(?:in|at|across|on|from)\b|\s*(?:\w+ly\b\s*)?(?:alone\b|[,.;]|$)",
            sent[n.end + ofm.end() :],
        )
        # "25 of whom have yet to be identified", "three of them foreigners": a part that
        # says something else about the whole keeps the whole's measure
        or _right_measure(sent, _tokens(sent, n.end + ofm.end()), 0, [])[0] is None
    ):
        rules.append("measure:of-them-part")
        return Figure(
            low=n.low,
            high=n.high,
            text=n.text,
            measure=prev.measure,
            group=prev.group,
            group_text=prev.group_text,
            side=prev.side,
            group_kind=prev.group_kind,
            start=n.start,
            end=n.end,
        )
    if sub["kind"] or sub["side"]:
        rules.append("measure:of-them")
        side, kind = sub["side"] or prev.side, sub["kind"]
        return Figure(
            low=n.low,
            high=n.high,
            text=n.text,
            measure=prev.measure,
            group=_group_from(side, kind),
            group_text=sub["noun"],
            side=side,
            group_kind=kind,
            start=n.start,
            end=n.end,
        )
    return None


# a number of events, not of people: "two huge blasts that killed 581", "three quakes"
_COUNTS_EVENTS = re.compile(
    r"\s+(?P<adj>(?:[a-z-]+\s+){0,2}?)(?:blasts|explosions|earthquakes|quakes|tremors|aftershocks|"
    r"attacks|storms|floods|fires|wildfires|bombings|crashes|typhoons|cyclones|hurricanes|"
    r"landslides|mudslides|eruptions|strikes|raids)\b(?!\s+(?:victims|survivors|dead|deaths)\b)"
)


def _not_people(sent: str, n: NumberSpan, rules: list[str]) -> bool:
    """Whether the number counts people found ("with 222 accounted for") or events ("the
    first of two huge blasts that killed 581"): no figure (the rule is appended)."""
    if _ACCOUNTED_FOR.match(sent, n.end):
        rules.append("skip:accounted-for")
        return True
    if _counts_events(sent, n):
        rules.append("skip:counts-events")
        return True
    if _PATIENTS.match(sent, n.end):
        rules.append("skip:patients")
        return True
    if _POPULATION_BEFORE.search(sent, max(0, n.start - 40), n.start) and _POPULATION_AFTER.match(
        sent, n.end
    ):
        rules.append("skip:population")
        return True
    return False


# "the hospital had been sheltering hundreds of sick and wounded": the patients a place holds,
# not the people an event hurt
_PATIENTS = re.compile(r"\s+(?:of\s+)?(?:the\s+)?sick\s+and\s+(?:wounded|injured)\b", re.I)
# "sealed off the enclave and its 2.3 million residents, and …", "home to 40,000 people": who
# lives there, never a count of the dead, whatever verb follows
_POPULATION_BEFORE = re.compile(
    r"(?<!killed\s)(?<!killing\s)(?<!kills\s)(?<!injured\s)(?<!wounded\s)(?<!evacuated\s)"
    r"(?:\b(?:its|their|home\s+to)|\w['’]s)\s+$",
    re.I,
)
_POPULATION_AFTER = re.compile(
    r"\s+(?:residents|inhabitants|people|citizens)\b(?=\s*(?:,\s+and\b|[.;)]|$))", re.I
)


def _counts_events(sent: str, n: NumberSpan) -> bool:
    """Whether the number counts events ("two huge blasts"), its words before the noun being
    adjectives ("two drowned in floods" counts people)."""
    m = _COUNTS_EVENTS.match(sent, n.end)
    if m is None:
        return False
    words = m.group("adj").split()
    if m.group(0).split()[-1].lower() in COUNTED_NOUNS:
        return False  # "300 aftershocks", "85 wildfires": things the grammar counts
    return not any(
        w in _PREPS or w in _AUX_WORDS or w.endswith("ed") or _match_phrase([w], 0, _AFTER_PHRASES)
        for w in words
    )


# "222 accounted for", "191 people affected by the collapse were accounted for": people whose
# fate is known (alive, mostly), not a count of the dead or the missing
_ACCOUNTED_FOR = re.compile(
    r"(?:\s+(?:people|persons|residents|others|more|of\s+them))?"
    r"(?:\s+(?:affected|displaced|evacuated)\s+by\s+[^,;.]{1,60}?)?"
    r"\s+(?:(?:were|are|was|is|have|has|had|been|now|also|since|all|already)\s+)*accounted\s+for\b",
    re.I,
)
_RESTATED = re.compile(
    r"\d[\d,]*\s+(?:families|households)\s*,?\s+(?:or|equivalent\s+to|i\.e\.|that\s+is)\s+"
    r"(?:about\s+|some\s+)?",
    re.I,
)


def _families_or_people(sent: str, n: NumberSpan, rules: list[str]) -> bool:
    """Whether the number is restated in people ("74,842 families, or 347,426 people")."""
    if re.match(
        r"\s+(?:families|households)\s*,?\s+(?:or|equivalent\s+to|i\.e\.|that\s+is)\s+(?:about\s+|some\s+)?\d",
        sent[n.end :],
        re.I,
    ):
        rules.append("skip:families-or-people")  # "74,842 families, or 347,426 people": one count
        return True
    return False


def _part_of_whole_figure(sent: str, n: NumberSpan, rules: list[str]) -> Figure | None:
    """A part measured after its whole ("30 of the 58 were confirmed dead"), else None."""
    whole = _OF_WHOLE.match(sent, n.end)
    if whole and parse_number(whole.group("m")) is not None:
        # "30 of the 58 were confirmed dead", "120 of the 5,000 people hurt were in a critical
        # condition": the part takes the measure said after the whole
        wtoks = _tokens(sent, whole.end())
        wnp = _noun_phrase(wtoks)
        wm = wnp["measure"] or _right_measure(sent, wtoks, wnp["i"], [])[0]
        if wm and not wnp["counted"]:
            rules.append("measure:part-of-whole")
            return Figure(low=n.low, high=n.high, text=n.text, measure=wm, start=n.start, end=n.end)
    return None


def _list_member_figure(
    sent: str, n: NumberSpan, np_: dict, prev: Figure | None, rules: list[str]
) -> Figure | None:
    """A member of a list of counts ("78 in B", "Aklan (14)"), else None."""
    if (
        np_["noun"] is None
        and np_["side"] is None
        and prev is not None
        and not (prev.measure != "displaced" and _HOMELESS_AFTER.match(sent, n.end))
        and _member(sent, n, prev, rules)
    ):
        # "killed 2,046 in A, 78 in B and 4 in C": the member keeps the head's measure and group
        # — in a tally by country ("Iran 239, Mali 70") its side is its own country's
        side = prev.side
        if row := _tally_row(sent, n, rules):
            side = row[1] or side
        return Figure(
            low=n.low,
            high=n.high,
            text=n.text,
            measure=prev.measure,
            group=_group_from(side, prev.group_kind) if side != prev.side else prev.group,
            group_text=prev.group_text,
            side=side,
            group_kind=prev.group_kind,
            start=n.start,
            end=n.end,
        )
    pm = _PAREN_MEMBER.search(sent, max(0, n.start - 40), n.start)
    if pm and re.match(r"\s*\)", sent[n.end :]):
        # "deaths were also logged in Aklan (14), Antique (13)": the sentence's measure
        if prev is not None and prev.kind == "count":
            pmeasure: str | None = prev.measure
        else:
            oms = list(_OBJ_MEASURE.finditer(sent, 0, pm.start()))
            pmeasure = _measure_word(oms[-1].group("m")) if oms else None
        if pmeasure:
            rules.append("measure:list-member-paren")
            return Figure(
                low=n.low, high=n.high, text=n.text, measure=pmeasure, start=n.start, end=n.end
            )
    return None


# "Strike Kills Hundreds in Hospital": where they died after a killing verb, not patients
_IN_A_HOSPITAL = ("in hospital", "in hospitals", "in the hospital")
_CRITICAL_CASES = re.compile(
    r"\s+(?:are|were|remain|remained|remains|is|was)\s+(?:still\s+)?(?:in\s+(?:a\s+)?)?"
    r"(?:critical|serious)\b",
    re.I,
)


def _counted_figure(
    sent: str,
    n: NumberSpan,
    toks: list[tuple[str, int, int]],
    np_: dict,
    side: str | None,
    noun: str | None,
    end: int,
    rules: list[str],
) -> Figure:
    """A count of counted things ("300 homes destroyed"), with their state in the measure."""
    if np_["counted"] == "cases" and _CRITICAL_CASES.match(sent, end):
        # "28 cases remain critical": patients of the event, its injured
        rules.append("measure:critical-cases")
        return Figure(low=n.low, high=n.high, text=n.text, measure="injured", start=n.start,
                      end=n.end)  # fmt: skip
    measure = np_["counted"]
    words = []
    for t in toks[np_["i"] : np_["i"] + 6]:
        if t[0] in (",", ";", ".", "and", "but", "while"):
            break
        words.append(_low(t[0]))
    for st in COUNTED_STATES:
        stw = st.split()
        if any(words[j : j + len(stw)] == stw for j in range(len(words))):
            measure = f"{measure} {_STATE_NORM.get(st, st)}"
            break
    if measure == np_["counted"]:
        sv = re.search(
            r"\b(destroyed|damaged|flattened|cancelled|canceled|launched|shot\s+down)\s+(?:(?:nearly|almost|about|some|around|more\s+than|at\s+least|over|up\s+to)\s+)?$",
            sent[max(0, n.start - 40) : n.start],
            re.I,
        )
        if sv:
            state = " ".join(sv.group(1).lower().split())
            measure = measure + " " + _STATE_NORM.get(state, state)
    rules.append(f"counted-noun:{np_['noun']}")
    group_side = side
    if group_side is None:
        fs, _, _ = _fallback_group(sent, n.start)
        group_side = fs
    return Figure(
        low=n.low,
        high=n.high,
        text=sent[n.start : end],
        measure=measure,
        group=group_side,
        group_text=noun,
        side=group_side,
        start=n.start,
        end=end,
    )


def _unsaid_measure(
    sent: str,
    n: NumberSpan,
    toks: list[tuple[str, int, int]],
    np_: dict,
    end: int,
    noun: str | None,
    kind: str | None,
    is_group_noun: bool,
    part_of: re.Match[str] | None,
    prev: Figure | None,
    rules: list[str],
) -> str | None:
    """The measure of a count whose noun names none: said after it, or read from context."""
    if noun:
        rules.append(f"group-noun:{noun}")
    measure, mend = _right_measure(sent, toks, np_["i"], rules)
    if measure and part_of and parse_number(part_of.group("n")) is not None:
        k = len(rules[-1].split(":", 1)[-1].split())
        if mend - k > np_["i"]:
            # "30 of the 58 were confirmed dead": what is said after the whole is the part's
            rules.append("skip:whole-of-a-part")
            return None
    if measure is not None and rules[-1].startswith("measure-after-relative:"):
        # "rescuers saved 230 people trapped in …": the verb before governs the count
        weak_rules: list[str] = []
        weak = _left_measure(sent, n.start, is_group_noun, weak_rules, weak=True)
        if weak:
            measure = weak
            rules.extend(weak_rules)
    if measure is None:
        measure = _left_measure(sent, n.start, is_group_noun, rules, weak=True)
    measure = _context_measure(sent, n, toks, np_, end, kind, is_group_noun, prev, measure, rules)
    measure = _level_or_homes_measure(sent, n, end, noun, kind, is_group_noun, prev, measure, rules)
    if measure is None:
        measure = _dead_by_noun_or_burial(sent, n, end, noun, rules)
    if measure is None and noun is None:
        measure = _compared_measure(sent, n, rules)
    if measure is None:
        rules.append("skip:no-measure")
    return measure


_NUM_WORD = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty"
    r"(?:-[a-z]+)?)"
)
_GROUP_ITEM = rf"{_NUM_WORD}\s+(?:of\s+(?:them|whom)\s+)?(?P<g>[a-z][\w-]*)"
_GROUP_GLUE = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
# "726 men, 340 women and 631 children have died": the list's members up to the last one's
# verb
_GROUP_LIST_ITEM = re.compile(rf"{_GROUP_GLUE}{_GROUP_ITEM}", re.I)
# "killed 1,725 people: 734 men, 643 children and …": the members of a count after its colon
_COLON_BREAKDOWN = re.compile(
    rf"^(?:[^\S\n]+(?-i:[a-z])[\w'’-]*){{0,5}}:[^\S\n]*"
    rf"(?:{_GROUP_ITEM.replace('?P<g>', '')}{_GROUP_GLUE})*$",
    re.I,
)


def _group_list_measure(
    sent: str, n: NumberSpan, end: int, prev: Figure | None, rules: list[str]
) -> str | None:
    """The measure of a count of a group that opens or continues a list of groups: said after
    the list's last member ("726 men, 340 women and 631 children have died", "707 people, 297
    of them children, died") or by the count the list breaks down after a colon."""
    if (
        prev is not None
        and prev.kind == "count"
        and prev.end <= n.start
        and _COLON_BREAKDOWN.match(sent[prev.end : n.start])
    ):
        rules.append("measure:colon-breakdown")
        return prev.measure
    if re.search(r"\bof\s+the\s+$", sent[max(0, n.start - 10) : n.start], re.I):
        return None  # "Of the 325 teenagers, 71 are dead": the whole the parts are taken from
    at, items = end, 0
    while (
        items < 5 and (m := _GROUP_LIST_ITEM.match(sent, at)) and _low(m.group("g")) in GROUP_NOUNS
    ):
        at, items = m.end(), items + 1
    if not items:
        return None
    sub: list[str] = []
    measure, _ = _right_measure(sent, _tokens(sent, at), 0, sub)
    if measure is not None:
        rules.append(f"measure:group-list:{measure}")
    return measure


# "the dead would far outnumber the 151 in the official count": the count the subject is
# compared with counts what the subject counts
_COMPARED = re.compile(
    r"\b(?:outnumber|exceed|surpass|overtake|dwarf|eclipse)(?:s|ed)?\s+(?:the|that|those|its)\s+"
    r"(?:[\w-]+\s+)?$",
    re.I,
)


def _compared_measure(sent: str, n: NumberSpan, rules: list[str]) -> str | None:
    """The measure of a number compared with a toll subject (see ``_COMPARED``)."""
    m = _COMPARED.search(sent, max(0, n.start - 40), n.start)
    if m is None:
        return None
    subj = sent[max(0, m.start() - 80) : m.start()]
    subj = re.split(r"[;:]|\.\s", subj)[-1]
    measure = _toll_measure(subj, None, "") if _TOLL_NOUN.search(subj) else None
    if measure in (None, "?"):
        oms = list(_OBJ_MEASURE.finditer(subj))
        measure = _measure_word(oms[-1].group("m")) if oms else None
    if measure:
        rules.append(f"measure:compared-with:{measure}")
    return measure


# "were buried at a different place" is a burial; "buried under the rubble" is not
_BURIAL = re.compile(
    r"(?:\s+[\w'’-]+){0,2}?"
    + _BURIED_VERB
    + r"(?!\s+(?:under|beneath|below|alive|by\s+an?\s|(?:by|in)\s+(?:the\s+|a\s+)?(?:rubble|debris|"
    r"mud|snow|sand|rocks?|rockfalls?|landslides?|mudslides?|avalanches?|collapsed|collapse|ruins|"
    r"earth)))",
    re.I,
)
# "32 victims had so far been identified", "two victims have yet to be named": the work on the
# dead (see _processed), not a toll by itself
_IDENTIFIED_AFTER = re.compile(
    r"(?:\s+[\w'’-]+){0,6}?\s+(?:identified|named|unidentified|unnamed)\b", re.I
)
# "victims of domestic violence": victims of something other than a deadly event
_VICTIMS_OF_OTHER = re.compile(
    rf"\s+of\s+(?!(?:the|this|that|last|[\w'’-]+['’]s)?\s*(?:[\w-]+\s+){{0,2}}(?:{_EVENT_NOUNS})\b)",
    re.I,
)
_EVENT_VICTIMS = re.compile(rf"\b(?:{_EVENT_NOUNS}|crime|abuse|trafficking|fraud|scam)\s+$", re.I)


# "695,856 victims have received cash aid": the people a relief scheme reached, not the dead
_VICTIMS_AIDED = re.compile(
    r"\s+(?:have\s+|had\s+|were\s+|are\s+|will\s+)?(?:(?:already|now|so\s+far|also)\s+)?"
    r"(?:received|receive|receiving|been\s+(?:given|paid|helped|compensated|registered)|got|"
    r"registered|benefited|benefitted)\b",
    re.I,
)


def _dead_by_noun_or_burial(
    sent: str, n: NumberSpan, end: int, noun: str | None, rules: list[str]
) -> str | None:
    """A count with no other measure: victims are the dead ("Last week we were at 189
    victims", "18 more victims had been found"; not "300 flood victims", the people hit),
    and people buried are dead ("another 60 were buried 40 kilometres away")."""
    if (
        noun == "victims"
        and not _EVENT_VICTIMS.search(sent, max(0, n.start - 30), end)
        and not _IDENTIFIED_AFTER.match(sent, end)
        and not _VICTIMS_OF_OTHER.match(sent, end)
        and not _VICTIMS_AIDED.match(sent, end)
    ):
        rules.append("measure:victims")
        return "killed"
    if noun in (None, "people", "persons", "bodies") and _BURIAL.match(sent, end):
        rules.append("measure:buried")
        return "killed"
    out = noun in (None, "people", "persons", "passengers", "patients")
    if out and _out_of_hospital(sent, end):
        rules.append("measure:out-of-hospital")
        return "injured"
    if out and _TAKEN_TO_NAMED_HOSPITAL.match(sent, end):
        rules.append("measure:taken-to-hospital")
        return "injured"
    return None


def _out_of_hospital(sent: str, end: int) -> bool:
    """ "793 had been discharged", "and 256 have already been sent home" (after words of a
    hospital): people treated and gone home, a part of the injured."""
    m = _OUTFLOW.match(sent, end)
    return bool(m) and bool(m.group("h") or _HOSPITAL_BEFORE.search(sent, 0, end))


# a list of groups closed by "among them": "25 children and 70 women among them"
_PARTS_AMONG = re.compile(
    r"\s+[\w-]+(?:(?:\s*,\s*|\s+and\s+)\d[\d,]*\s+[\w-]+){0,4}\s+among\s+(?:them|the\s+dead)\b",
    re.I,
)


def _context_measure(
    sent: str,
    n: NumberSpan,
    toks: list[tuple[str, int, int]],
    np_: dict,
    end: int,
    kind: str | None,
    is_group_noun: bool,
    prev: Figure | None,
    measure: str | None,
    rules: list[str],
) -> str | None:
    """A missing measure from the words around: "among the", a list's subject, an ellipsis, …"""
    if measure is None and is_group_noun:
        measure = _among_measure(sent, end)
        if measure:
            rules.append("measure:among-the")
    if measure is None:
        lm = _LIST_SUBJECT.search(sent, max(0, n.start - 160), n.start)
        if lm:
            # "the dead include at least 43 Syrians, six Bangladeshis and two Egyptians",
            # "the seven still unaccounted for were three Lebanese, four Syrians and …"
            measure = _measure_word(lm.group("m"))
            if measure:
                rules.append("measure:list-subject")
    if measure is None and prev is not None:
        measure = _list_measure(sent, n, toks, np_, end, is_group_noun, prev, rules)
    if measure is None and (not is_group_noun or kind is None):
        m_of = _OF_THE_AFTER.match(sent, n.end) or _OF_THE_BEFORE.search(
            sent, max(0, n.start - 80), n.start
        )
        if m_of:
            measure = _measure_word(m_of.group("m") or m_of.groupdict()["m2"].split()[-1])
            if measure:
                rules.append("measure:of-the")
            if measure == "injured" and _DIED_AFTER.match(sent, m_of.end()):
                # "two of the injured died overnight": deaths among the injured
                measure = "killed"
                rules.append("measure:injured-who-died")
    if measure is None and is_group_noun:
        # (before a part of the count before: "Of these, 707 people, 297 of them children, died")
        measure = _group_list_measure(sent, n, end, prev, rules)
    if measure is None and prev is not None:
        measure = _previous_measure(sent, n, prev, rules)
    return measure


def _exceeds_whole(sent: str, n: NumberSpan) -> bool:
    """Whether ``n`` is above every count before it in its sentence (then it cannot be a part of
    one: "of them", "including", "among them" lists name parts)."""
    before = [x.high or x.low or 0 for x in find_numbers(sent[: n.start])]
    return bool(before) and n.value > max(before)


def _list_measure(
    sent: str,
    n: NumberSpan,
    toks: list[tuple[str, int, int]],
    np_: dict,
    end: int,
    is_group_noun: bool,
    prev: Figure,
    rules: list[str],
) -> str | None:
    """The previous count's measure for a count that goes on its list: "including …", "25
    children and 70 women among them", a gapped verb, "11 more"."""
    measure: str | None = None
    if (
        measure is None
        and prev is not None
        and re.search(
            r"\b(?:(?:including|among\s+them|of\s+(?:whom|them))\s+(?:[^.;:()]{0,80}?(?:,|\band)\s+)?|"
            r"(?:along\s+with|as\s+well\s+as|together\s+with|among\s+them\s+(?:were|are)|namely)"
            r"\s+(?:[^.;:()]{0,160}?(?:,|\band)\s+)?)$",
            sent[max(0, n.start - 190) : n.start],
            re.I,
        )
    ):
        # "19 peacekeepers had been confirmed dead, along with four police officers and 13 UN
        # staff", "among them 451 children and 700 women": the list after the count keeps its
        # measure
        if _exceeds_whole(sent, n):
            # "937 dead, 343 of them children, and 30 million citizens without a home": a part
            # is never more than the whole it is part of — the list has ended
            rules.append("measure:not-a-part")
            return None
        measure = prev.measure
        rules.append("measure:including")
    if measure is None and prev is not None and is_group_noun and _PARTS_AMONG.match(sent, n.end):
        # "177 people have died, 25 children and 70 women among them": parts named before
        # "among them"
        measure = prev.measure
        rules.append("measure:parts-among-them")
    if (
        measure is None
        and prev is not None
        and prev.kind == "count"
        and is_group_noun
        and re.search(r"\band\s+$", sent[max(0, n.start - 6) : n.start])
        and re.match(r"\s*(?:[,.;)]|$)", sent[end:])
        and not any(rx.search(sent[max(0, n.start - 80) : n.start]) for _, rx in _BEFORE_RX)
        # "found 92 bodies and eight survivors": the living are no part of the dead
        and not re.search(r"\bsurvivors?\b", sent[n.end : end], re.I)
    ):
        # "Of the dead, 37 were children and 88 women.": the verb of the count before is
        # gapped, its measure goes on
        measure = prev.measure
        rules.append("measure:gapped-group")
    if (
        measure is None
        and prev is not None
        and (
            np_["i"] < len(toks)
            and _low(toks[np_["i"]][0]) in ("more", "others", "other")
            # "six bodies were brought out, and 11 more have been found inside"
            or toks
            and _low(toks[0][0]) in ("more", "others")
            and not re.search(r"\b[a-z]+(?:ing|ed)\s+$", sent[max(0, n.start - 20) : n.start])
        )
    ):
        measure = prev.measure
        rules.append("measure:ellipsis-more")
    return measure


def _previous_measure(sent: str, n: NumberSpan, prev: Figure, rules: list[str]) -> str | None:
    """The previous count's measure for a part of it ("Of those, 3,190 …") or its earlier value
    ("climbed to 233, up from 77")."""
    measure: str | None = None
    op = _PART_OPENER.match(sent) if measure is None and prev is not None else None
    if op and op.end() == n.start:
        # "Of those, 3,190 have already been buried": a part of the count before
        measure = prev.measure
        rules.append("measure:part-of-previous")
    if (
        measure is None
        and prev is not None
        and prev.kind == "count"
        and _FROM_BEFORE.search(sent, max(0, n.start - 40), n.start)
    ):
        # "climbed to 233, up from 77", "revised to 315 from 565": the earlier value
        measure = prev.measure
        rules.append("measure:earlier-value")
    return measure


def _level_or_homes_measure(
    sent: str,
    n: NumberSpan,
    end: int,
    noun: str | None,
    kind: str | None,
    is_group_noun: bool,
    prev: Figure | None,
    measure: str | None,
    rules: list[str],
) -> str | None:
    """A missing measure from a toll level or its subject, or from homes lost ("displaced")."""
    if measure is None and (not is_group_noun or kind is None):
        measure = _level_measure(sent, n, prev, rules)
    if measure is None and not is_group_noun:
        measure = _level_subject(sent, n.start, rules)
    if measure is None and (is_group_noun or noun is None) and _HOMELESS_AFTER.match(sent, end):
        measure = "displaced"
        rules.append("measure:homeless")
    if (
        measure is None
        and (is_group_noun or noun is None)
        and _CAMPS_HOLDING.search(sent, max(0, n.start - 80), n.start)
    ):
        # "23 relief camps running in the district, sheltering 2,243 people"
        measure = "displaced"
        rules.append("measure:camps-holding")
    if measure is None and is_group_noun and _HOMES_LOST.match(sent, end):
        # "150 people spent the night in the gym after their homes were judged unsafe"
        measure = "displaced"
        rules.append("measure:homes-lost")
    return measure


def _among_group(
    sent: str, end: int, rules: list[str]
) -> tuple[str | None, str | None, str | None] | None:
    """The group named after "among" ("casualties among Ukrainian troops"): side, kind, noun."""
    rest = sent[end : end + 60]
    am = re.match(r"\s+among\s+(?:the\s+)?", rest)
    if am:
        sub = _noun_phrase(_tokens(rest, am.end(), 6))
        if sub["kind"] is not None or sub["side"]:
            rules.append("group:among")
            return sub["side"], sub["kind"], sub["noun"]
    return None


def _inherited_group(
    sent: str,
    n: NumberSpan,
    side: str | None,
    kind: str | None,
    noun: str | None,
    is_group_noun: bool,
    group_text: str | None,
    prev: Figure | None,
    rules: list[str],
) -> tuple[str | None, str | None, str | None]:
    """Side, kind and group text of a count that names no side: from the previous figure or
    the nearest group before it."""
    generic = not is_group_noun or (kind is None and side is None)
    if side is None and generic:
        # inherit from the previous figure of the sentence ("and 293 injured", "60 others injured")
        anaphoric = not is_group_noun or noun in ("others", "other")
        if (
            anaphoric
            and prev is not None
            and "measure:not-a-part" not in rules
            and prev.kind == "count"
            and (prev.side or prev.group_kind)
        ):
            side, kind = prev.side, prev.group_kind
            group_text = prev.group_text
            rules.append("group:anaphora")
        else:
            fs, fk, ft = _fallback_group(sent, n.start)
            if fs:
                side, kind = fs, kind or fk
                group_text = ft
                rules.append("group:nearest-before")
    elif side is None and kind is not None:
        fs, _, ft = _fallback_group(sent, n.start)
        if fs and ft and re.search(r"\(" + re.escape(ft) + r"\)", sent):
            side = fs
            rules.append("group:parenthetical")
    return side, kind, group_text


def _loser_side(sent: str, n: NumberSpan, rules: list[str]) -> str | None:
    """The side that lost the count ("Russia lost 1,120 soldiers"), or None."""
    losers = list(_LOSER.finditer(sent, 0, n.start))
    sm = losers[-1] if losers else None
    if sm is None:
        return None
    rules.append("group:loser-side")
    return SIDES.get(_low(sm.group("side")))


def _settle_group(
    sent: str,
    n: NumberSpan,
    measure: str,
    noun: str | None,
    side: str | None,
    kind: str | None,
    rules: list[str],
) -> tuple[str | None, str | None]:
    """The count's side and group kind, last touches: a captured or displaced soldier is not a
    military casualty group, "officers" near "police" are police, and "Russia lost 1,120
    soldiers" gives the loser's side."""
    if measure in ("captured", "hostages", "displaced") and noun in MEASURE_GROUP_OVERLAP:
        kind = None
    if noun == "officers" and kind is None:
        kind = "police" if re.search(r"\bpolic", sent, re.I) else None
    if (
        side is None
        and kind is not None
        and _LOSING_BEFORE.search(sent, max(0, n.start - 40), n.start)
    ):
        side = _loser_side(sent, n, rules)
    return side, kind


def _count(
    sent: str, n: NumberSpan, rules: list[str], prev: Figure | None, prev_level: bool = False
) -> Figure | None:
    """The count a number states (measure, group, side), or None when it states none."""
    mult = _MULTIPLE.match(sent, n.end)
    toks = _tokens(sent, n.end)
    if mult:
        return _multiple_figure(sent, n, mult, rules)
    ofm = _OF_THEM.match(sent[n.end :])
    if ofm and prev is not None and prev.kind == "count":
        fig = _of_them_figure(sent, n, ofm, prev, rules)
        if fig is not None:
            return fig
    if _families_or_people(sent, n, rules):
        return None
    if _not_people(sent, n, rules):
        return None
    fig = _part_of_whole_figure(sent, n, rules)
    if fig is not None:
        return fig
    part_of = _PART_BEFORE.search(sent, max(0, n.start - 40), n.start)
    np_ = _noun_phrase(toks)
    fig = _list_member_figure(sent, n, np_, prev, rules)
    if fig is not None:
        return fig
    side, kind, noun = np_["side"], np_["kind"], np_["noun"]
    measure = np_["measure"]
    end = toks[np_["i"] - 1][2] if np_["i"] and np_["i"] <= len(toks) else n.end
    if np_["counted"]:
        return _counted_figure(sent, n, toks, np_, side, noun, end, rules)
    is_group_noun = noun is not None and measure is None
    overlap = noun in MEASURE_GROUP_OVERLAP
    # a table row's label ("Total deaths: 139"), else a verb right before the number governs it
    # ("killed 8 people", "executed 29 prisoners")
    label = _label_measure(sent, n, rules)
    if not label and not side and (row := _tally_row(sent, n, rules)):
        label, side = row[0] or (None if is_group_noun else measure), row[1]
    left = None if label else _left_measure(sent, n.start, is_group_noun or overlap, rules)
    if label:
        measure = label
    elif left and (measure is None or overlap or (left == "killed" and noun in _IN_A_HOSPITAL)):
        if overlap:
            kind = GROUP_NOUNS.get(noun)
            is_group_noun = True
        measure = left
    elif measure and overlap and (am := _among_measure(sent, end)):
        # "At least 13 refugees, among them two Palestinians, were among the dead"
        measure, kind, is_group_noun = am, GROUP_NOUNS.get(noun), True
        rules.append("measure:among-the")
    elif measure:
        rules.append(f"measure-noun:{noun}")
    else:
        measure = _unsaid_measure(
            sent, n, toks, np_, end, noun, kind, is_group_noun, part_of, prev, rules
        )
        if measure is None:
            return None
    # "casualties among Ukrainian troops"
    if not is_group_noun and side is None:
        among = _among_group(sent, end, rules)
        if among is not None:
            side, kind, noun = among
            is_group_noun = True
    group_text = sent[n.end : end].strip() if is_group_noun else None
    side, kind, group_text = _inherited_group(
        sent, n, side, kind, noun, is_group_noun, group_text, prev, rules
    )
    side, kind = _settle_group(sent, n, measure, noun, side, kind, rules)
    return Figure(
        low=n.low,
        high=n.high,
        text=n.text,
        measure=measure,
        group=_group_from(side, kind),
        group_text=group_text,
        side=side,
        group_kind=kind,
        start=n.start,
        end=n.end,
    )


def extract(text: str, published: datetime | None = None) -> list[Trace]:
    """All traces of an article text; figure offsets are made absolute."""
    out: list[Trace] = []
    if not text:
        return out
    flashback = False
    item = False  # in a list item dated years back ("* August 20, 1995: …")
    carry: Figure | None = None
    before = ""
    last_end = 0
    for s, e in split_sentences(text):
        for ws in range(s, e, _MAX_SENTENCE):
            we = min(e, ws + _MAX_SENTENCE)
            sent = text[ws:we]
            item = _dated_item(sent, published) or (item and "\n" not in text[last_end:ws])
            last_end = we
            # "In 1981 … the walkways fell. The collapse killed 114 people."
            told = item or (flashback and _THAT_EVENT.match(sent) and not _PRESENT.search(sent))
            traces = extract_sentence(
                sent, published, carry, _it_toll(before, carry), _cue_measure(before)
            )
            before = sent
            carry = next(
                (
                    tr.figure
                    for tr in reversed(traces)
                    if tr.figure is not None and tr.figure.kind == "count"
                ),
                None,
            )
            for tr in traces:
                tr.start += ws
                if tr.figure is not None:
                    tr.figure.start += ws
                    tr.figure.end += ws
                    if told and tr.figure.event:
                        _mark_flashback(tr)
                out.append(tr)
            flashback = _flashback(sent, published, flashback)
    _rows_of_one_level(out)
    return out


def _rows_of_one_level(traces: list[Trace]) -> None:
    """A tally's rows are areas of one level: a row named like a country that is also a state's
    name ("Georgia" among "North Carolina: 77", "Florida: 17") is that state, a place, when a
    row near it (within 400 characters) is a state's or a county's."""
    rows = [
        tr.figure
        for tr in traces
        if tr.figure is not None and "measure:tally-row" in tr.figure.rule
    ]
    places = [f.start for f in rows if "place:tally-row" in f.rule]
    for f in rows:
        if (
            f.side
            and "place:tally-row" not in f.rule
            and names_subdivision(f.side)
            and any(abs(p - f.start) <= 400 for p in places)
        ):
            f.place, f.side, f.group = f.side, None, None
            f.rule += ",place:tally-row"


# a sentence that goes on with the previous one's count: "Twenty of them are …", "Of those,
# 3,190 …", "Of the 98, 97 were …", a bullet "- and 19 are from …"
_BULLET = r"^[\s\-–—•*]*"
_PART_OPENER = re.compile(
    _BULLET + r"(?:[Oo]f\s+(?:those|them|these|the\s+(?P<n>[\d,]+))\s*,\s*"
    r"|(?:The|Those|These)\s+(?P<n2>[\d,]+)\s+(?:include|included|includes|comprise|comprised)\s+)"
)
_AND_OPENER = re.compile(_BULLET + r"[Aa]nd\s+$")


def _continued(sent: str, nums: list[NumberSpan], carry: Figure | None) -> Figure | None:
    """``carry`` (the previous sentence's last count) when this sentence opens with a part of
    it or a further member of its list, else None."""
    if carry is None:
        return None
    op = _PART_OPENER.match(sent)
    if op:
        said = op.group("n") or op.group("n2")
        whole = parse_number(said) if said else None
        if said and (whole is None or whole[0] not in (carry.low, carry.high)):
            return None  # "Of the 98, …", "The 28 include …" continue only a count of 98, 28
        return carry if any(n.start == op.end() for n in nums) else None
    first = nums[0]
    if _AND_OPENER.match(sent[: first.start]):
        return carry
    if re.fullmatch(_BULLET, sent[: first.start]) and re.match(
        r"\s+of\s+(?:them|those|these|whom)\b", sent[first.end :]
    ):
        return carry
    if re.match(r"\s+more\s+(?:were|was|are)\s+(?:in|on|at)\s", sent[first.end :]):
        return carry  # "Most were found in the lobby, and five more were on the fourth level"
    return None


# "It held at 16", "It could top 350", "the number rose to 820", "raised it to 34": a level of
# the toll the sentence before spoke of
_PRONOUN_SUBJECT = re.compile(
    r"(?:(?:^|[,;:]\s*|\b(?:and|but|when|then|yet|where|earlier)\s+)[\s\-–—•*]*[Ii]t"
    r"|\b[Tt](?:he|hat|his)\s+(?:(?:real|true|actual|final|official|overall|new|latest)\s+)?"
    r"(?:number|figure|count|total))\s+(?!of\b)(?P<rest>[^,;.]{0,60})$"
)
_PRONOUN_OBJECT = re.compile(
    r"\b(?:raised|raises|lowered|lowers|revised|revises|put|puts|set|sets|brought|brings|took|"
    r"takes|pushed|pushes|cut|cuts|increased|reduced)\s+(?:it|(?:the|its|their)\s+(?:own\s+)?"
    r"(?:figure|number|count|total|tally))"
    # "raised its count on Monday from 17 to 25", "revised it again, to 40"
    r"(?:\s+(?:on|late|early)\s+\w+|\s+again|,)*"
    r"\s+(?:(?:up|down)\s+)?(?:to|at|from|from\s+[\d,.]+\s+to)\s+$"
    # "lower than the figure of 13 the governor gave": the toll the sentence before gave
    r"|\b(?:the|that|this)\s+(?:\w+\s+)?(?:figure|number|count|total|tally)\s+of\s+$"
)
_MODAL_ONLY = re.compile(
    r"(?:(?:could|may|might|would|will|should|now|soon|likely|is|was|expected|set|to|already)\s+)*$"
)


_COPULA = re.compile(r"was|were|is|are|be", re.I)


def _pronoun_level(sent: str, n: NumberSpan) -> bool:
    """Whether the number is a level whose subject or object is "it" / "the number" (the toll
    of the sentence before)."""
    before = sent[max(0, n.start - 90) : n.start]
    if _PRONOUN_OBJECT.search(before):
        return True
    sm = _PRONOUN_SUBJECT.search(before)
    if sm is None:
        return False
    rest = sm.group("rest")
    if re.match(r"\s*(?:a\.?m\b|p\.?m\b|o['’]clock)", sent[n.end : n.end + 8], re.I):
        return False  # "It was 3 a.m. when …": a time
    lv = _LEVEL_VERB.search(rest)
    if lv is not None:
        # a bare copula after "it" ("It is one …", "It was 5 …") is no level of a toll
        return not (
            sm.group(0).lstrip(" ,;:-–—•*").startswith(("It", "it"))
            and _COPULA.fullmatch(lv.group("v"))
        )
    return n.qualifier in (
        "top",
        "passed",
        "passes",
        "topped",
        "tops",
        "exceed",
        "pass",
        "above",
        "beyond",
        "well beyond",
    ) and bool(_MODAL_ONLY.fullmatch(rest))


#: a bullet row of a breakdown: "• Drowning in a motor vehicle: 4", "- Other: 5 people"
_BREAKDOWN_LABEL = re.compile(r"\s*[-–•·*]\s*(?P<label>[A-Za-z][^:\n\d•]{1,60}?)\s*:\s*")
_BREAKDOWN_TAIL = re.compile(r"\s*(?:(?:people|persons|deaths|dead|victims)\b)?\s*[.;]?\s*", re.I)


def _breakdown_label(sent: str, n: NumberSpan) -> str | None:
    """The label of a bullet line that is a row of a breakdown ("• Landslide: 11"): the whole
    line is the label, a colon, the number and at most a people noun."""
    m = _BREAKDOWN_LABEL.fullmatch(sent, 0, n.start)
    if m is None or not _BREAKDOWN_TAIL.fullmatch(sent, n.end):
        return None
    return m.group("label").strip()


def _cue_measure(before: str) -> str | None:
    """The measure the last casualty word of the sentence ``before`` names ("… still has the
    most deaths" → killed), for a tally row that goes on from it."""
    cues = list(_TALLY_CUE.finditer(before))
    if not cues:
        return None
    c = cues[-1]
    return "killed" if c.group("k") else "injured" if c.group("i") else "missing"


def _it_toll(before: str, carry: Figure | None) -> str | None:
    """The measure of the toll sentence ``before`` speaks of: its last count's, else its toll
    noun's ("The official count has moved many times" → killed)."""
    if carry is not None and carry.kind == "count":
        return carry.measure
    if before.rstrip().endswith(":") and (cues := list(_TALLY_CUE.finditer(before))):
        # "Country-wise numbers of people lost in the stampede:" introduces a tally
        c = cues[-1]
        return "killed" if c.group("k") else "injured" if c.group("i") else "missing"
    if not before or not _TOLL_NOUN.search(before):
        return None
    m = _toll_measure(before, None, "")
    return m if m and m != "?" else None


def _mark_flashback(tr: Trace) -> None:
    """A figure of a sentence about the earlier event a flashback tells: another event's."""
    if tr.figure is None:
        return
    tr.figure.event = False
    tr.rules.append("event:background:flashback")
    tr.figure.rule = ",".join(filter(None, (tr.figure.rule, tr.rules[-1])))


_PRESENT = re.compile(
    r"\b(?:now|today|tonight|currently|so far|this (?:week|month|year|morning|evening)|"
    r"yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    re.I,
)


# "The collapse killed 114 people": a sentence about the event the text has just told
_THAT_EVENT = re.compile(rf"\s*(?:The|That|This)\s+(?:[\w-]+\s+)?(?:{_EVENT_NOUNS})\b")


#: a list item or line that opens with a date and a colon: "* June 6, 1981: …", "1995 – …"
_DATED_ITEM = re.compile(
    _BULLET + r"(?:(?:[A-Z][a-z]+\.?\s+\d{1,2},?|\d{1,2}\s+[A-Z][a-z]+\.?)\s+)?"
    r"(?P<y>1[5-9]\d\d|20\d\d)\s*[:–—-]\s"
)


def _dated_item(sent: str, published: datetime | None) -> bool:
    """Whether ``sent`` opens a list item about a year two or more before publication: its
    sentences, to the end of the line, tell an earlier event."""
    m = _DATED_ITEM.match(sent)
    return bool(m and published is not None and int(m.group("y")) < published.year - 1)


def _flashback(sent: str, published: datetime | None, was: bool) -> bool:
    """Whether the text after ``sent`` still tells an earlier event: a sentence set "in 1981"
    (two or more years before publication) starts a flashback, one in the present ends it."""
    if published is not None:
        for m in re.finditer(r"\bin\s+(1[5-9]\d\d|20\d\d)\b", sent, re.I):
            if int(m.group(1)) < published.year - 1:
                return True
    return was and not _PRESENT.search(sent)
