"""Places: where a figure applies, and a key under which two spellings of a place compare.

A place must look like a place: a capitalised proper noun in a locative construction ("in / near /
around / at / outside / across / from / off / along X", "the battle for X"), a name with a
place-type word ("Karsk valley", "the Kherson region", "Donetsk Oblast"), or a dateline
("ORVENNA, Valdoria, March 3 (Wire) –"). Common nouns are never places: landmarks ("the Church
of St Aven", "Castle Road", "Market Square"), organisations ("the Geological Institute"), months,
titles. Possessives name the containing place: "Valdoria's Karsk valley" is the Karsk valley,
"Orvenna's old town" is Orvenna.

Normalisation (``place_key``): case and punctuation folded, a leading "the", a possessive owner
and a trailing place-type word dropped, spelling aliases applied — so "the Karsk valley",
"Karsk valley", "Karsk" and "Valdoria's Karsk valley" share the key ``karsk``. A town and the
valley it lies in keep different keys: a town-level count never meets a valley-wide total.
"""

from __future__ import annotations

import re
from functools import lru_cache

from monitor.figures.areas import HOLDERS, area_by_id, resolve
from monitor.figures.vocab import MONTHS, ORG_HEADS, PLACE_ALIASES, SIDES, TITLES, WEEKDAYS

_NAME = r"[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|of|de|la|upon|on))*?(?:\s+[A-Z][\w’'-]+)?"
_TYPE_WORDS = (
    "valley|region|province|oblast|district|county|governorate|state|sector|section|front|"
    "frontline|axis|direction|area|municipality|prefecture|canton|territory|island|islands|"
    "peninsula|basin|delta|highlands|plain|coast|strip"
)
_PREP = (
    r"(?:[Ii]n|[Nn]ear|[Aa]round|[Aa]long|[Oo]utside|[Aa]cross|[Ii]nside|[Ff]rom|[Oo]ff|[Aa]t|"
    r"(?:battle|fight|fighting|struggle)\s+for|"
    # "found on Treasure Island", "on Jolo island": "on" names a place only before an island's
    # own name ("on the Big Island" is a nickname)
    r"[Oo]n(?=\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}\s+(?:[Ii]slands?|Isle|Key)\b))"
)
# "in Zimbabwe's eastern Chimanimani region": the owner's part, named after a compass word
_COMPASS_ADJ = (
    r"(?:north|south|east|west|central|far|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
)
_LOCATIVE = re.compile(
    rf"(?<![\w-]){_PREP}\s+(?:the\s+)?(?:(?!action\b|which\b|that\b|who\b|said\b|told\b|least\b|most\b|"
    rf"times\b|first\b|once\b|dawn\b|night\b|noon\b|midnight\b|all\b)[a-z][\w-]*\s+){{0,5}}?"
    rf"(?P<p>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}}"
    rf"(?:(?<=['’]s)\s+(?:{_COMPASS_ADJ})\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)?)"
    rf"(?:\s+(?P<t>{_TYPE_WORDS})\b)?"
)
_TYPED = re.compile(
    rf"(?<![\w’'])(?P<p>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}})\s+(?P<t>{_TYPE_WORDS})\b"
)
# "Brask, 15 kilometres down the valley from Orvenna", "Orvenna, a market town of 9,000"
_APPOSITIVE = re.compile(
    r"(?<![\w’'-])(?P<p>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?),\s+(?:(?:a|an|the)\s+(?:[a-z][\w-]*\s+){0,3}"
    r"(?:town|city|village|hamlet|port|suburb|district|region|province|valley|county)\b|"
    r"(?:about\s+|some\s+)?\d[\d,.]*\s+(?:kilometres|kilometers|km|miles)\b)"
)
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z’'.-]+(?:\s+[A-Z][A-Z’'.-]+){0,3}),\s+(?:[A-Z][\w.]+\s*){1,3}[,(–—-]"
)
# a capitalised head word that makes a name a landmark or a building, not a place
_LANDMARKS = {
    "church",
    "cathedral",
    "chapel",
    "mosque",
    "synagogue",
    "temple",
    "school",
    "university",
    "college",
    "hospital",
    "clinic",
    "hall",
    "square",
    "street",
    "st",
    "road",
    "rd",
    "lane",
    "avenue",
    "boulevard",
    "bridge",
    "station",
    "airport",
    "park",
    "stadium",
    "arena",
    "market",
    "building",
    "tower",
    "house",
    "palace",
    "museum",
    "library",
    "centre",
    "center",
    "hotel",
    "prison",
    "camp",
    "base",
    "plant",
    "factory",
    "mine",
    "dam",
    "port",
    "harbour",
    "harbor",
}
_NOT_PLACE = (
    {
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "our",
        "president",
        "prime",
        "telegram",
        "facebook",
        "twitter",
        "x",
        "tv",
        "cnn",
        "bbc",
        "world",
        "action",
        "total",
        "all",
        "recent",
        "earthquake",
        "quake",
        "police",
        "mr",
        "mrs",
        "ms",
        "dr",
        "some",
        "many",
        "most",
        "this",
        "that",
        "these",
        "those",
        "we",
        "i",
        "it",
        "they",
        "he",
        "she",
        # the names of gatherings and feasts, which events are named after ("at Hajj tragedy")
        "hajj",
        "haj",
        "umrah",
        "ramadan",
        "eid",
        "christmas",
        "easter",
        "diwali",
        "olympics",
    }
    | set(MONTHS)
    | set(WEEKDAYS)
    | set(ORG_HEADS)
    | set(TITLES)
)
_COUNTRY_SIDES = {v.lower() for v in SIDES.values()}
_BREAKDOWN_BEFORE = re.compile(
    r"\b(?:most|many|some|several|half|all|one|two|three)\s+of\s+(?:them|whom|those)\s+(?:were\s+)?$"
    r"|\b(?:mostly|mainly|largely|chiefly|including)\s+$",
    re.I,
)
_DISTANCE_BEFORE = re.compile(
    r"\b(?:kilometres|kilometers|km|miles|metres|meters)\b[^,.;\d]{0,40}$", re.I
)
_ROLE_OF_BEFORE = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            set(ORG_HEADS)
            | {"governor", "mayor", "minister", "president", "head", "chief", "ministry", "leader"}
        )
    )
    + r")\s+(?:of|for)\s+(?:the\s+)?$",
    re.I,
)
_TYPE_SUFFIX = re.compile(rf"\s+(?:{_TYPE_WORDS})$", re.I)


def _clean(name: str) -> str | None:
    """Drop a possessive owner or ending and trailing type words; None when it is no place."""
    words = name.replace("’", "'").split()
    # "Valdoria's Karsk" → "Karsk"; "Orvenna's" → "Orvenna"
    for i in range(len(words) - 1, -1, -1):
        if words[i].endswith("'s") and i < len(words) - 1:
            words = words[i + 1 :]
            break
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    while len(words) > 1 and words[0][:1].islower():
        words = words[1:]  # "eastern Chimanimani" after its owner is dropped
    while len(words) > 1 and words[0] in ("In", "At", "Near", "From"):
        words = words[1:]  # a sentence's first word: "In Al Haouz province the quake …"
    if not words:
        return None
    low = [w.lower().strip("'.,") for w in words]
    if low[0] in _NOT_PLACE or any(w in _LANDMARKS for w in low):
        return None
    if any(w in ORG_HEADS for w in low) or low[-1] in ("agency", "institute", "relief", "press"):
        return None
    if low[0] in SIDES and low[0] not in _COUNTRY_SIDES and len(low) == 1:
        return None  # "Ukrainian" is an adjective, not a place
    p = " ".join(words)
    for _ in range(2):
        p = _TYPE_SUFFIX.sub("", p)
    if not p or p.lower() in _NOT_PLACE:
        return None
    return PLACE_ALIASES.get(p.lower(), p)


_ADJECTIVE_OF = re.compile(
    r"\s+(?:countries|nations|states|governments|people|peoples|officials|authorities|leaders|"
    r"troops|forces|nationals|citizens|victims|workers|communities)\b"
)


_HELD_MARK = re.compile(r"\b(?P<h>[A-Za-z]+)-(?:held|controlled)\b")
_AREA_NOUN = r"(?:areas?|parts?|territory|territories|regions?|enclave|pocket|zones?)"
# after a name: "northwestern Syria, the areas held by opposition groups", "… that are not
# under government control"
_HELD_AFTER_NAME = re.compile(
    rf"\s*,?\s*(?:the\s+)?(?:{_AREA_NOUN}\s+)?(?:that\s+(?:are|is)\s+)?"
    r"(?:(?:held|controlled)\s+by\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)?(?P<h>[a-z]+)"
    r"|(?P<neg>not\s+)?under\s+(?:the\s+)?(?P<h2>[a-z]+)\s+control)"
)
# no name: "in the insurgent-held areas", "in the rebel-held northwest of the country", "in the
# areas held by the Syrian regime", "in parts not under government control"
_HELD_AREA = re.compile(
    rf"(?<![\w-])(?:[Ii]n|[Aa]cross|[Ff]rom)\s+(?:the\s+)?(?:"
    rf"(?P<h>[a-z]+)-(?:held|controlled)\s+(?:{_AREA_NOUN}|(?:{_COMPASS_ADJ}))\b"
    rf"|{_AREA_NOUN}\s+(?:(?:held|controlled)\s+by\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)?(?P<h2>[a-z]+)"
    r"|(?:that\s+(?:are|is)\s+)?(?P<neg>not\s+)?under\s+(?:the\s+)?(?P<h3>[a-z]+)\s+control))"
)


#: a lowercase landmark noun right after a name ("at Bahanaga Bazar railway station", "at Kamla
#: Mills compound", "near Hanover bridge"): the name is the landmark's
_LANDMARK_AFTER = re.compile(
    r"\s+(?:(?:railway|rail|train|bus|metro|police|fire|petrol|power|oil|main)\s+)?"
    rf"(?:{'|'.join(sorted(_LANDMARKS))}|compound|terminal|junction|mall|complex|"
    r"stadium|mosque|temple|building)\b"
)


#: a possessive determiner between the preposition and a name: what follows is something one
#: owns ("in its newest Displacement Tracking Matrix", "in their report"), not a place
_NOT_A_PLACE_BEFORE = re.compile(
    r"\b(?:its|their|his|her|our|my|your)\s+(?:(?!(?:through|in|into|of|at|on|to|from|across|"
    r"near|along|around|over|off)\b)[a-z][\w-]*\s+){0,3}$"
)  # (not "along its path through the Caribbean": the place is the preposition's)


def _holder_side(word: str | None, negated: bool = False) -> str | None:
    """The side a holder word names (``areas.HOLDERS``); "not under government control" is the
    other side's."""
    side = HOLDERS.get((word or "").lower())
    if side and negated:  # "not under government control": the other side's
        return "opposition" if side == "government" else None
    return side


def _held_name(sent: str, m: re.Match[str], p: str) -> str:
    """``p`` as the part one side holds, when its locative says so ("in rebel-held parts of
    northwest Syria" → "opposition-held Syria"); else ``p``."""
    side = None
    if hm := _HELD_MARK.search(sent, m.start(), m.start("p")):
        side = _holder_side(hm.group("h"))
    elif am := _HELD_AFTER_NAME.match(sent, m.end()):
        side = _holder_side(am.group("h") or am.group("h2"), bool(am.group("neg")))
    return f"{side}-held {p}" if side else p


#: what a held area names in place of its country when its sentence names none
_NO_COUNTRY = "areas"


def held_without_country(place: str) -> bool:
    """Whether ``place`` is an area one side holds whose country its sentence did not name
    ("opposition-held areas": ``_held_areas``)."""
    return place.endswith(f"-held {_NO_COUNTRY}")


def _held_areas(sent: str, start: int, named: dict[int, str]) -> list[tuple[int, str]]:
    """(offset, place) for each area named only by who holds it ("in the insurgent-held areas"):
    "<side>-held <country>" when the sentence names one country, else "<side>-held areas"."""
    found = []
    for m in _HELD_AREA.finditer(sent, start):
        side = _holder_side(m.group("h") or m.group("h2") or m.group("h3"), bool(m.group("neg")))
        if side and not any(0 <= q - m.start() < 60 and "-held " in p for q, p in named.items()):
            found.append((m.start(), side))
    if not found:
        return []
    # the country the sentence names, also before ``start`` ("In Syria the toll stood at 3,553,
    # with 2,166 killed in the rebel-held northwest of the country")
    whole = named if start == 0 else {**_named_mentions(sent, 0), **named}
    countries = {
        a.id
        for p in whole.values()
        if (a := resolve(p)) is not None and a.level == 1 and "|" not in a.id
    }
    area = area_by_id(next(iter(countries))) if len(countries) == 1 else None
    where = area.name if area else _NO_COUNTRY
    return [(pos, f"{side}-held {where}") for pos, side in found]


def place_mentions(sent: str, start: int = 0) -> list[tuple[int, str]]:
    """(offset, place) for every place named in ``sent`` from ``start``, in text order; a place
    one side holds is named so ("opposition-held Syria")."""
    out = _named_mentions(sent, start)
    if "held" in sent or "control" in sent:
        out.update(_held_areas(sent, start, out))
    return sorted(out.items())


def _named_mentions(sent: str, start: int) -> dict[int, str]:
    out: dict[int, str] = {}
    for rx in (_LOCATIVE, _TYPED, _APPOSITIVE):
        for m in rx.finditer(sent, start):
            if _BREAKDOWN_BEFORE.search(sent[max(0, m.start() - 30) : m.start()]):
                continue  # "12 dead, most of them in Orvenna": a breakdown, not the figure's place
            if _DISTANCE_BEFORE.search(sent[max(0, m.start() - 50) : m.start()]):
                continue  # "15 kilometres down the valley from Orvenna": a reference point
            if _ROLE_OF_BEFORE.search(sent[max(0, m.start("p") - 40) : m.start("p")]):
                continue  # "the governor of the Karsk region": a speaker's title, not the figure's place
            if rx is _LOCATIVE and not m.group("t") and _ADJECTIVE_OF.match(sent, m.end("p")):
                continue  # "in the three African countries": an adjective, not a place
            if (
                rx is _LOCATIVE
                and not m.group("t")
                and not m.group("p").endswith(("'s", "’s"))  # "Lisk's harbour" is Lisk's
                and _LANDMARK_AFTER.match(sent, m.end("p"))
            ):
                continue  # "at Bahanaga Bazar railway station": a landmark's name, not a place
            if rx is _LOCATIVE and _NOT_A_PLACE_BEFORE.search(sent[m.start() : m.start("p")]):
                continue  # "in its newest Displacement Tracking Matrix": a thing someone owns
            name = m.group("p")
            p = _clean(name)
            if p is None:
                continue
            if rx is _LOCATIVE:
                p = _held_name(sent, m, p)
            pos = m.start("p")
            if any(abs(pos - q) < 40 and out[q] == p for q in out):
                continue
            out[pos] = p
    return out


def typed_place(text: str) -> str | None:
    """The first region-like place of a text ("Karsk valley", "the Kherson region")."""
    for m in _TYPED.finditer(text):
        if _ROLE_OF_BEFORE.search(text[max(0, m.start("p") - 40) : m.start("p")]):
            continue
        p = _clean(m.group("p"))
        if p:
            return p
    return None


_EVENT_NAMED = re.compile(
    r"(?<![\w’'-])(?P<p>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+(?:earthquake|quake|floods?|storm|"
    r"wildfires?|eruption|landslide|cyclone|hurricane|typhoon)\b"
)


def event_place(text: str) -> str | None:
    """The place an event is named after ("the Karsk earthquake", "Karsk quake toll")."""
    for m in _EVENT_NAMED.finditer(text):
        p = _clean(m.group("p"))
        if p:
            return p
    return None


def find_place(sent: str, start: int = 0) -> str | None:
    """The first place named in ``sent`` (from ``start``), or None."""
    found = place_mentions(sent, start)
    return found[0][1] if found else None


_REPORTED = re.compile(
    r"\b(?:said|says|told|announced|reported|added|confirmed|estimated|stated|wrote)\b"
    r"[^.;“”\"]{0,80}?\bthat\s+",
    re.I,
)


_SUBORDINATE = re.compile(
    r",\s+(?:after|as|when|where|while|whereas|because|since|following|before|until|which|who)\b",
    re.I,
)


def main_clause(sent: str, num_end: int) -> str:
    """The sentence up to the first subordinate clause after the number ("51 killed in the
    earthquake, after more bodies were recovered in Halden Ford": not the count's place)."""
    m = _SUBORDINATE.search(sent, num_end)
    return sent[: m.start()] if m else sent


def reported_start(sent: str, num_start: int) -> int:
    """Where the reported clause begins ("X told a briefing in Tesselin that 212 …"): places in
    the attribution before it are where something was said, not where it happened."""
    start = 0
    for m in _REPORTED.finditer(sent, 0, max(0, num_start)):
        start = m.end()
    return start


def dateline_place(text: str) -> str | None:
    """The city of a wire dateline at the start of a paragraph ("ORVENNA, Valdoria, March 3 –")."""
    for line in text.splitlines()[:4]:
        m = _DATELINE.match(line)
        if m:
            return _clean(m.group("city").title())
    return None


@lru_cache(maxsize=65536)
def place_key(place: str | None) -> str | None:
    """Comparison key of a place: folded case, no "the", no possessive owner, no type word."""
    if not place:
        return None
    p = re.sub(r"^(?:the)\s+", "", place.strip(), flags=re.I)
    cleaned = _clean(p[0].upper() + p[1:]) if p else None
    p = (cleaned or p).lower()
    p = PLACE_ALIASES.get(p, p).lower()
    return re.sub(r"[^\w ]", "", p).strip() or None
