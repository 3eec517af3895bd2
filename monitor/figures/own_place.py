"""The place a count is its own, from the ways real reporting states it around the count.

``grammar._attribute_place`` reads the common shapes ("394 dead in Al Haouz", "In Georgia, the
toll …", "Leyte province accounted for 5,160"). The helpers here read the others, each one shape
of real copy (docs/figures.md, "The count's own place"):

- ``toll_owner``: the place owns the toll as a possessive or a noun modifier ("Louisiana's death
  toll reached 13", "Iran death toll at Hajj tragedy hits 227", "the Kerala flood toll rose to
  27", "NCDHHS puts Buncombe County's Helene deaths at 42");
- ``worst_hit``: the place ranked as the worst hit, the count in its with-clause ("Zinda Jan
  district was the hardest hit, with 1,294 deaths", "Palu, the provincial capital, was the worst
  hit, with 1,703 bodies");
- ``claimant_place``: a subnational authority that counts its own ("The Sindh government has said
  the number of deaths has risen to 402", "Georgia raised its count from 17 to 25", "Lee County
  Sheriff … said");
- ``struck_place``: the province or state the event struck, the count in the participle after it
  ("the floods have devastated Sindh, killing at least 702 people");
- ``place_before``: the place right before the count, set off by a comma ("Most of the dead were
  found in the city of Palu, 1,352 people");
- ``demonym_place``: a state's or a province's people as the counted noun ("11 Tennesseans have
  died").

Each returns the place's name as the sentence gives it, or None; only names the gazetteer knows
(or that are areas by their own words) are taken, so a person, an organisation or an event's name
is never made a place.
"""

from __future__ import annotations

import re

from monitor.figures.areas import names_admin1, names_subdivision, resolve
from monitor.figures.vocab import SIDES

#: a capitalised name of up to three words, with an optional type word
_NAME = (
    r"[A-Z][\w.-]*(?:\s+[A-Z][\w-]+){0,2}"
    r"(?:\s+(?:province|state|county|district|region|prefecture|governorate|County|District|"
    r"Province|Prefecture))?"
)
_QUALIFIER = r"(?:(?:at\s+least|more\s+than|over|about|some|nearly|almost|around|another)\s+)?"
_TYPED_AREA = re.compile(
    r"\s(?:province|state|county|district|region|prefecture|governorate)$", re.I
)


#: words that open an organisation's or a common noun's name, never a place's ("National
#: Disaster Management Authority", "Island officials", "Federal authorities")
_GENERIC = {
    "national", "federal", "state", "provincial", "regional", "local", "municipal", "county",
    "district", "city", "island", "central", "interior", "health", "emergency", "disaster",
    "civil", "government", "police", "officials", "authorities", "the", "a", "an",
}  # fmt: skip


def _area_name(name: str, *, sub: bool = False, bare_local: bool = True) -> str | None:
    """``name`` without a leading "The" when it names an area: one the gazetteer knows, a
    state's or a province's name however ambiguous ("Florida"), or a name its own type word
    makes an area ("Zinda Jan district", "Lee County"). With ``sub``, only a subdivision: not a
    country (unless it is also a state's name, "Georgia"), not a town. Without ``bare_local``, a
    county, district or town must carry its type word: a bare one ("Maui's toll", "Wayanad toll",
    "Maui officials") most often names the event's own place, whose toll is the whole event's."""
    name = re.sub(r"^(?:The|the)\s+", "", name.strip())
    if not name or not name[0].isupper() or name.split()[0].lower() in _GENERIC:
        return None
    typed = bool(_TYPED_AREA.search(name))
    if names_admin1(name):
        area = resolve(name)
        if sub and area is not None and area.id.startswith("geo:"):
            # "New York Gov. Kathy Hochul": the state, not the city of its name
            for unit in ("state", "province", "region"):
                if resolve(f"{name} {unit}") is not None:
                    return f"{name} {unit}"
        return name
    area = resolve(name)
    if area is None:
        return name if typed and (not sub or names_subdivision(name)) else None
    if area.level >= 3 and not typed and not bare_local:
        return None
    if sub and (area.level < 2 or area.id.startswith("geo:")):
        return None
    return name


# ------------------------------------------------------------------------------------------
# the toll's owner

_TOLL_NOUN = (
    r"(?:death\s+toll|toll|tally|total(?:\s+number\s+of\s+(?:[\w-]+\s+)?deaths)?|"
    r"(?:number\s+of\s+)?(?:deaths|dead|fatalities))"
)
#: what may stand between the owner and its toll: "official", "flood", "Helene" (a storm's
#: name after a possessive), "virus"; never a word that names another thing ("Matrix"). (An
#: event named after a county or a town, "Maui's wildfire death toll", is the whole event's:
#: ``_area_name`` takes no bare county or town here.)
_TOLL_MODIFIER = (
    r"(?:(?:official|confirmed|overall|latest|storm|flood(?:ing|s)?|rain|quake|earthquake|"
    r"landslide|cyclone|hurricane|fire|wildfire|virus|[a-z]+-related)['’]?\s+){0,2}"
)
_TOLL_OWNER = re.compile(
    rf"(?<![\w'’-])(?P<p>{_NAME})(?:(?P<poss>['’]s?)\s+(?:{_TOLL_MODIFIER}[A-Z][\w-]+\s+)?|\s+)"
    rf"{_TOLL_MODIFIER}{_TOLL_NOUN}\b(?P<rest>[^.;:\d]{{0,60}})$"
)  # ("North Carolina's official Florence death toll": a storm's name after the possessive)
#: the toll's verb or preposition, right before the count: "rises to", "hits", "reached",
#: "stood at", "now", "at"
_TOLL_LEVEL = re.compile(
    r"\b(?:rises?|rose|risen|climb(?:s|ed)?|hits?|reach(?:es|ed)?|stands?|stood|is|was|tops?|"
    r"topped|pass(?:es|ed)|surpass(?:es|ed)|exceed(?:s|ed)?|jump(?:s|ed)?|increase[sd]?|"
    r"(?:went|goes|gone)\s+up|revised|now|at|to)\s+" + _QUALIFIER + r"$"
)


def toll_owner(sent: str, start: int) -> str | None:
    """The place owning the toll whose level the count at ``start`` is: "Louisiana's death toll
    reached 13", "Hajj stampede: Nigeria death toll rises further, now 168", "the U.S. toll to
    at least 103". The toll's clause must run to the count with no other number in between."""
    m = _TOLL_OWNER.search(sent, max(0, start - 140), start)
    if m is None or not _TOLL_LEVEL.search(m.group("rest")):
        return None
    if re.search(r"\b(?:of|from|in|for)\s+(?:the\s+)?[A-Z]", m.group("rest")):
        return None  # "Iran's toll of the Hajj crush in Mina": another place names the toll
    return _area_name(m.group("p"), bare_local=False)


# ------------------------------------------------------------------------------------------
# the worst hit

_WORST_HIT = re.compile(
    rf"(?:^\s*|[,;:]\s+|\b(?:said|says)\s+(?:that\s+)?)(?P<p>{_NAME})"
    r"(?:,\s+[^,;.]{1,50},|\s+in\s+the\s+[a-z]+)?"  # "Palu, the provincial capital,"; "in the south"
    r"\s+(?:is|was|are|were|has\s+been|have\s+been|had\s+been|remains?|remained)\s+(?:still\s+)?"
    r"(?:the\s+)?(?:hardest|worst|most\s+(?:badly|severely))[- ](?:hit|affected)"
    r"(?:\s+(?:area|province|district|region|state|county|city|town|village))?"
    r",?\s+with\s+(?:[a-z]+\s+(?:reporting|counting|confirming|recording)\s+)?"
    r"(?:\d[\d,]*\s+[a-z ]{1,30}?(?:,\s+|\s+and\s+))*" + _QUALIFIER + r"$"
)


#: the count, then the worst-hit area it was counted in, named in apposition: "110 deaths had
#: been reported in one of the worst-hit areas, Ahrweiler in Rhineland-Palatinate"
_IN_WORST_HIT = re.compile(
    r"\s+(?:[a-z]+\s+){0,4}?in\s+one\s+of\s+the\s+(?:worst|hardest)[- ](?:hit|affected)\s+"
    rf"(?:areas|districts|towns|regions|provinces|counties|villages),\s+(?P<p>{_NAME})"
)


def worst_hit(sent: str, start: int, end: int | None = None) -> str | None:
    """The place a sentence ranks as the worst hit when the count is in its with-clause: "Sindh
    province in the south is still the worst hit, with authorities reporting 522 deaths"; or the
    worst-hit area named after the count ("110 deaths had been reported in one of the worst-hit
    areas, Ahrweiler in Rhineland-Palatinate")."""
    m = _WORST_HIT.search(sent, max(0, start - 200), start)
    if m is None and end is not None and (m := _IN_WORST_HIT.match(sent, end)):
        # the construction says the name is an area, known to the gazetteer or not
        name = m.group("p")
        return name if name.split()[0].lower() not in _GENERIC else None
    return _area_name(m.group("p")) if m else None


# ------------------------------------------------------------------------------------------
# a subnational authority counting its own

_AUTHORITY = (
    r"(?:(?:state|provincial|county|district|regional|local|municipal)\s+)?"
    r"(?:government|authorities|officials|health\s+department|"
    r"department\s+of\s+health(?:\s+and\s+human\s+services)?|"
    r"(?:disaster|emergency)\s+(?:management\s+|mitigation\s+)?(?:agency|authority|office)|"
    r"medical\s+examiners?(?:\s+commission)?|public\s+health|sheriff|coroner)"
)  # (not a governor: "Hawaii Governor Josh Green" speaks of a fire on Maui, the whole event)
_AUTHORITY_PLACE = re.compile(
    rf"(?:^\s*|[,;]\s+|\b(?:and|while|but)\s+)(?:[Tt]he\s+)?(?P<p>{_NAME})(?:['’]s)?\s+"
    rf"(?i:{_AUTHORITY})(?!\w)"
)
#: an authority of a place named after it: "Authorities in the German state of Rhineland-
#: Palatinate said …", "Officials in neighbouring Qinghai said …"
_AUTHORITY_IN = re.compile(
    r"(?:^\s*|[,;]\s+)(?:(?:State|Provincial|Local|County|District)\s+)?(?:Authorities|Officials|"
    r"officials|authorities)\s+in\s+(?:the\s+)?(?:(?:neighbouring|neighboring)\s+)?"
    r"(?:(?:[\w-]+\s+){0,2}(?:state|province|region|county|district|prefecture)\s+of\s+)?"
    rf"(?P<p>{_NAME})\s+(?:have\s+|has\s+)?(?:said|say|says|reported|confirmed|told)\b"
)
#: the place itself as the one that counts: "Georgia raised its count", "Pennsylvania reported
#: that …", "Ontario is reporting 27 more deaths"
_PLACE_REPORTS = re.compile(
    rf"^\s*(?:The\s+)?(?P<p>{_NAME})\s+(?:has\s+|have\s+|had\s+|is\s+|was\s+)?(?:now\s+)?"
    r"(?:raised|lowered|revised|reported|reporting|confirmed|confirming|updated|said|says|"
    r"counts|counted|put)\b(?!\s+[A-Z])"
)


#: an attribution after the count: "…, Lee County Sheriff Carmine Marceno told a press
#: conference", "…, the Sindh government said"
_TRAILING_AUTHORITY = re.compile(
    rf",\s+(?:[Tt]he\s+)?(?P<p>{_NAME})(?:['’]s)?\s+(?i:{_AUTHORITY})(?!\w)[^,.;]{{0,40}}?"
    r"\b(?:said|says|told|reported|announced|confirmed)\b"
)


def claimant_place(sent: str, start: int) -> str | None:
    """The state, province, county or district whose own authority gives the count ("The Sindh
    government has said …", "Lee County Sheriff Carmine Marceno said …", "Georgia raised its
    count on Monday from 17 to 25", "…, Lee County Sheriff Carmine Marceno told reporters" when
    no other number stands between): the count is that place's. A country's authority is not
    read here (its count is the country's or the whole event's, which the story decides)."""
    for rx in (_AUTHORITY_PLACE, _AUTHORITY_IN, _PLACE_REPORTS):
        for m in rx.finditer(sent, 0, start):
            if m.end() > start:
                break
            name = _area_name(m.group("p"), sub=True, bare_local=False)
            if name:
                return name
    m = _TRAILING_AUTHORITY.search(sent, start)
    if m and not re.search(r"\d", sent[start + 1 : m.start()].lstrip("0123456789,. ")):
        return _area_name(m.group("p"), sub=True, bare_local=False)
    return None


# ------------------------------------------------------------------------------------------
# the area the event struck

_STRUCK = re.compile(
    r"\b(?:devastated|ravaged|battered|hit|struck|slammed|lashed|pounded|shook|flooded|"
    r"inundated|swept\s+through|tore\s+through|ripped\s+through)\s+"
    r"(?:(?:parts?|much|most|large\s+parts)\s+of\s+)?"
    r"(?:the\s+(?:[\w-]+\s+){0,3}?(?:of|state\s+of|province\s+of)\s+)?"
    rf"(?P<p>{_NAME})(?:\s+(?:state|province))?,\s+(?:killing|leaving)\s+" + _QUALIFIER + r"$"
)


def struck_place(sent: str, start: int) -> str | None:
    """A province or state the event struck, the count in the participle right after it: "the
    floods have devastated Sindh, killing at least 702 people", "the cyclone also hit the former
    French enclave of Puducherry, leaving at least seven people dead". A town or a country is
    not taken: a quake that struck a town killed people around it, a country is the story's."""
    m = _STRUCK.search(sent, max(0, start - 120), start)
    return _area_name(m.group("p"), sub=True) if m else None


# ------------------------------------------------------------------------------------------
# the place right before the count

_PLACE_BEFORE = re.compile(
    r"\b(?:were|was)\s+(?:found|recorded|reported|killed)\s+in\s+"
    r"(?:the\s+(?:city|town|province|district|state|county|village)\s+of\s+)?"
    rf"(?P<p>{_NAME}),\s+$"
)


def place_before(sent: str, start: int, end: int) -> str | None:
    """The place named right before the count when the count restates whom it found there:
    "Most of the dead were found in the city of Palu, 1,352 people, he said"."""
    m = _PLACE_BEFORE.search(sent, max(0, start - 100), start)
    if m is None or not re.match(r"\s+(?:people|dead|bodies|victims|deaths)\b", sent[end:]):
        return None
    return _area_name(m.group("p"))


# ------------------------------------------------------------------------------------------
# demonyms of subnational places

_DEMONYM = re.compile(r"\s+(?:more\s+)?(?P<d>[A-Z][a-z]{2,}(?:ians|ans|ers))\b")
#: a demonym's ending and the endings of the place it may come from ("Kentuckians" → Kentucky,
#: "Floridians" → Florida, "Tennesseans" → Tennessee, "Texans" → Texas, "Quebecers" → Quebec)
_DEMONYM_ROOTS = (
    ("ians", ("y", "a", "ia", "i", "")),
    ("ans", ("e", "a", "as", "", "o")),
    ("ers", ("",)),
)


def demonym_place(sent: str, end: int) -> str | None:
    """The state or province whose people are the counted noun right after the count: "11
    Tennesseans have died". A country's people are its group, not read here."""
    m = _DEMONYM.match(sent, end)
    if m is None:
        return None
    word = m.group("d")
    if word.lower() in SIDES:
        return None  # "41 Palestinians": a nationality is the count's group
    for ending, roots in _DEMONYM_ROOTS:
        if not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        for root in roots:
            if names_admin1(stem + root):
                return stem + root
    return None


# ------------------------------------------------------------------------------------------
# a whole whose breakdown names places after it

_BREAKDOWN_MEMBER = re.compile(
    r"(?:\b(?:\d[\d,]*|[a-z]+)\s+of\s+(?:them|those|these|whom)(?:\s+[a-z]+){0,2}?\s+"
    r"(?:(?:were|was|are|is)\s+)?|\bincluding\s+(?:\d[\d,]*|[a-z]+)(?:\s+[a-z]+){0,2}?\s+|"
    r":\s+(?:\d[\d,]*|[a-z]+)(?:\s+[a-z]+){0,2}?\s+)(?:in|at|on|from)\s+(?:the\s+)?$"
)


def breakdown_member_place(sent: str, end: int, place: str) -> bool:
    """Whether ``place``, named after the count that ends at ``end``, is a member's of the
    count's own breakdown ("at least 80 deaths, 76 of them in Florida", "the toll is 210: 88
    dead in Kerala", "killed 28, including 19 in Tennessee"): the whole is not that place's."""
    at = sent.find(place, end)
    return at > end and bool(_BREAKDOWN_MEMBER.search(sent, end, at))


# ------------------------------------------------------------------------------------------
# the count, an aside, then where they died

_ASIDE_THEN_PLACE = re.compile(
    r"(?:\s+(?:people|persons|victims))?,\s+[^,;.]{1,60}?,\s+(?:have\s+|had\s+)?(?:(?:were|was)\s+)?"
    rf"(?:died|killed|been\s+killed|drowned|perished)\s+in\s+(?:the\s+)?(?P<p>{_NAME})\b"
)


def aside_place(sent: str, end: int) -> str | None:
    """The place the count died in, after an aside that breaks the count down: "707 people, 297
    of them children and 132 women, died in Sindh"."""
    m = _ASIDE_THEN_PLACE.match(sent, end)
    return _area_name(m.group("p")) if m else None
