"""Claimants: who gave a figure ("X said", "according to X", "X told CNN", "citing NATO
estimates", "- X, spokesperson"), and name keys that survive transliteration
(Cherevatyi / Cherevatyy / Cherevaty, Serhii / Serhiy, Zelensky / Zelenskyy)."""

from __future__ import annotations

import re
import unicodedata

from monitor.figures.model import Claimant
from monitor.figures.vocab import MONTHS, ORG_HEADS, SIDES, SPEECH_VERBS, TITLES, WEEKDAYS

_CAPW = r"(?:[A-Z][\w&’'.-]*|U\.S\.|U\.K\.)"
# name particles inside a person's name ("Eduardo del Rosario", "Ursula von Daren")
_PARTICLE = r"(?:de|del|della|da|dos|van|von|der|bin|ibn)"
_CAPSEQ = rf"{_CAPW}(?:\s+(?:(?:of|for)\s+(?:the\s+)?|the\s+|and\s+|{_PARTICLE}\s+(?=[A-Z]))?{_CAPW}){{0,6}}"
_HEADS = "|".join(ORG_HEADS)
# a claimant phrase: capitalised words, optionally a possessive, optionally a lowercase tail that
# ends in an organisation head noun ("Russia's defence ministry", "US intelligence officials")
_X = rf"(?P<x>(?:(?:An?|The)\s+(?:unidentified\s+|unnamed\s+|senior\s+|anonymous\s+)?)?{_CAPSEQ}(?:\s+(?:[a-z][\w-]*\s+){{0,3}}(?:{_HEADS}|federation|society|societies))?(?:\s+\([A-Z][A-Za-z]{{1,10}}\))?)"
_VERBS = "|".join(SPEECH_VERBS)
_AUX = r"(?:\s+(?:has|have|had|also|previously|later|earlier|separately|now|still|again|initially|then|first))*"
# a role word that can open an apposition without an article ("spokesman for the federation",
# "executive director of the council")
_ROLE_WORD = (
    r"(?:spokes\w+|head|chief|commander|minister|director|governor|mayor|secretary|president|"
    r"coordinator|administrator|commissioner|superintendent|general|commandant|coroner|sheriff|"
    r"chairman|chairwoman|chairperson)"
)
_APPOS = rf"(?:,\s+(?P<app>[A-Z]{{2,10}}|(?:a|an|the|its|his|her|their|[A-Z][\w-]*(?:'s|’s))\s+[^;.]{{2,100}}?|who\s+[^;.,]{{2,80}}?|(?:quoting|citing)\s+[^;.,]{{2,60}}?|(?:of|from)\s+(?:the\s+)?[A-Z][^;.,]{{2,80}}?|{_ROLE_WORD}\b[^;.]{{0,100}}?|(?:[a-z]+\s+){{1,2}}{_ROLE_WORD}\s+(?:of|for|at)\b[^;.]{{0,100}}?)[,”\"’]*)?"

# a person's name: capitalised words, with particles and "al-"/"el-" prefixes ("Abdulmenam
# al-Ghaithi", "Lieutenant Tarek al-Kharraz", "Eduardo del Rosario")
_NAMEW = r"(?:(?:al|el|ul)-)?[A-Z][\w’'-]+"
_NAME = rf"{_NAMEW}(?:\s+(?:{_PARTICLE}\s+)?{_NAMEW}){{0,3}}"
_ROLE_HEADS = "|".join(
    sorted(set(ORG_HEADS) | {"engineer", "seismologist", "director", "chief", "head"})
)
# a day between a subject and its verb ("Puerto Rico's government on Tuesday raised its toll")
_WHEN = rf"(?:\s+(?:on|late\s+on|early\s+on)\s+(?i:{'|'.join(WEEKDAYS)}))?"
# documents a body gives a count in, and the words that date them
_DOCS = r"(?:count|toll|death\s+toll|tally|figures?|report|data|statement|bulletin|list|update)"
_DOC_ADJ = r"(?:provisional|updated|latest|new|revised|preliminary|official|final|initial|earlier)"
# any lowercase role noun before ", Name Surname, said" ("The county manager, …", "the acting
# prime minister in the east, …"): the name between commas is the speaker
_ANY_ROLE = r"(?<=\s)[a-z][a-z-]{2,}(?=,\s+[A-Z][\w’'-]+\s+(?:(?:al|el)-)?[A-Z])"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        # "Early figures from the civil defence office show that …, the minister told reporters":
        # the body whose figures the sentence relays, not who relays them
        "figures_from",
        re.compile(
            r"\b(?i:figures|data|estimates|numbers|statistics|counts?)\s+(?:(?:gathered|compiled|collected|"
            r"kept)\s+)?(?:from|by|of)\s+(?:the\s+)?"
            rf"(?P<x>(?:[A-Z][\w’'.-]*\s+){{0,5}}[A-Z][\w’'.-]*(?:\s+(?:[a-z][\w-]*\s+){{0,2}}(?:{_HEADS}))?"
            rf"|(?:[a-z][\w-]*\s+){{0,3}}(?:{_HEADS}))\s+(?:show|showed|shows|suggest|suggests|"
            r"suggested|indicate|indicates|indicated|put|puts)\b"
        ),
    ),
    # "The governor of the Karsk region, Ilse Marrano, said" / "Orvenna's mayor, Teodor Lusk, said"
    (
        "role_name_said",
        re.compile(
            rf"(?:^|[,;:]\s+|\b[Aa]nd\s+|[”\"]\s*)(?P<role>(?:(?:The|the|Its|its|His|his|Her|her|Their|their)\s+)?"
            rf"(?:(?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*(?:’s|'s)\s+)?(?:[a-z][\w-]*\s+){{0,3}}(?:{_ROLE_HEADS}|{_ANY_ROLE})"
            rf"(?:\s+(?:of|for|at|in)\s+(?:the\s+)?[A-Za-z][\w’'-]+(?:\s+[A-Za-z][\w’'-]+){{0,3}})?),\s+"
            rf"(?P<x>{_NAME}),{_AUX}\s+(?:{_VERBS})\b"
        ),
    ),
    # clause-final attribution: "…, the regional governor said." / "…, Kyiv claims."
    (
        "tail_said",
        re.compile(
            rf"(?:^|[,;”\"]\s*|\s[–—-]\s)(?:(?:the|a|an|The|A|An)\s+)?(?P<x>(?:[\w’'.-]+\s+){{0,8}}?[\w’'.-]+(?:\s+\([A-Z][A-Za-z]{{1,10}}\))?)"
            rf"{_AUX}\s+(?:{_VERBS})(?:\s+(?:on|late|early|last|this)\s+\w+)?\s*[.!]?[”\"]?\s*$"
        ),
    ),
    (
        # "According to police spokesperson Dan Karki, …", "According to Rolpa's chief district
        # officer Nawaraj Sapkota, …": the titled person, for the body the title names
        "according_to_titled",
        re.compile(
            rf"\b[Aa]ccording\s+to\s+(?:(?:the|a|an)\s+)?(?P<role>(?:[A-Z][\w’'-]*(?:'s|’s)\s+)?"
            rf"(?:[a-z][\w-]*\s+){{0,4}}?(?:{_ROLE_WORD}|officer|official|magistrate|collector|"
            rf"inspector))\s+(?P<x>{_NAME})(?=\s*[,;.]|\s*$)"
        ),
    ),
    (
        # "The official count from the Fire and Disaster Management Agency was 19 dead", "The
        # latest update from Coordinator Luis Puente puts the number killed at 223"
        "doc_from",
        re.compile(
            rf"\b(?:[Tt]he|[Aa]n?)\s+(?:{_DOC_ADJ}\s+)*(?:{_DOCS})\s+(?:from|by|of)\s+(?:the\s+)?{_X}"
            r"\s+(?:was|is|were|are|puts?|stands?|stood|showed|shows|gave|gives|came\s+to|"
            r"comes\s+to|reached|reaches|rose|climbed)\b"
        ),
    ),
    (
        "according_to",
        re.compile(
            rf"\b[Aa]ccording\s+to\s+(?:the\s+|an?\s+)?(?:{_DOC_ADJ}\s+)*{_X}(?:\s+(?P<p>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}}))?"
            rf"(?:,\s+(?P<app>(?:a|an|the|its|his|her|their|[A-Z][\w-]*(?:'s|’s))\s+[^;,\d]{{2,100}}))?"
        ),
    ),
    (
        # "according to a provisional count the Interior Ministry issued", "according to a
        # report issued by Lebanon's caretaker government": the body behind the document
        "according_to_count",
        re.compile(
            rf"\b[Aa]ccording\s+to\s+(?:the|a|an)\s+(?:{_DOC_ADJ}\s+)*(?:{_DOCS})\s+"
            rf"(?:issued|released|published|compiled|given|put\s+out)\s+"
            rf"(?:(?:on|late|early)\s+\w+\s+)?by\s+(?:the\s+)?{_X}"
        ),
    ),
    (
        "according_to_role",
        re.compile(
            rf"\b[Aa]ccording\s+to\s+(?:the|a|an)\s+(?P<x>(?:[a-z][\w-]*\s+){{0,3}}(?:{_HEADS}))\b"
        ),
    ),
    (
        # "citing the UN", "quoting figures from Lebanon's health ministry"
        "citing",
        re.compile(
            rf"\b(?:[Cc]iting|[Qq]uoting)\s+(?:(?:figures|data|estimates|numbers|statistics|"
            rf"(?:a|the)\s+(?:statement|report|count))\s+(?:from|by|of)\s+)?(?:the\s+)?{_X}"
        ),
    ),
    (
        "x_in_place_said",
        re.compile(
            rf"\b(?P<x>[A-Z][a-z]+)\s+in\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?(?:\s+(?:valley|region|province|state|county|district|city|area))?{_AUX}\s+(?:{_VERBS})\b"
        ),
    ),
    (
        "x_said",
        re.compile(
            rf"{_X}{_APPOS}{_WHEN}{_AUX}\s+(?:{_VERBS})\b(?!\s+(?:are|is|were|was|have|had|vary|show)\b)"
        ),
    ),
    (
        "the_org_said",
        re.compile(
            rf"\b(?:[Tt]he|[Aa]n?)\s+(?P<x>(?:[a-z][\w-]*\s+){{0,3}}(?:{_HEADS})){_WHEN}{_AUX}\s+(?:{_VERBS})\b"
        ),
    ),
    (
        # "…has grown to 158, Al Arabiya television reported on Saturday, quoting …", "…has gone
        # up to 30, police said on Friday, and they expect …": an attribution between commas
        "mid_said",
        re.compile(
            rf",\s+(?:(?:the|a|an|The|A|An)\s+)?(?P<x>(?:[\w’'.-]+\s+){{0,4}}?[\w’'.-]+)"
            rf"{_AUX}\s+(?:{_VERBS})(?:\s+(?:on|late|early|last|this)\s+\w+)?\s*,\s+"
            rf"(?:and|but|quoting|citing|adding|saying|having|while|as|who|which|though)\b"
        ),
    ),
    (
        "said_x",
        re.compile(
            rf"\b(?:said|says|according\s+to)\s+(?!that\b){_X}(?![\w’'-])"
            # "said Port-au-Prince "is flattened"": the subject of what was said, not a speaker
            rf"(?![“\"]?\s*[“\"]?\s*(?:is|was|were|are|had|has|have|will|would|could|lay|lies)\b)"
            # "said Gwendolyn Pang, the organisation's secretary general"
            rf"(?:,\s+(?P<app>(?:(?:a|an|the|its|his|her|their|[A-Z][\w-]*(?:'s|’s))\s+|"
            rf"(?:[a-z]+\s+){{0,2}}{_ROLE_WORD}\s+(?:of|for|at)\b)[^;.,\d]{{2,80}}))?"
        ),
    ),
    (
        # '"The toll is now 304," said army spokesman Tamin Rahel': a titled person after "said"
        "said_titled",
        re.compile(rf"\b(?:said|says)\s+(?P<x>(?:[a-z][\w-]*\s+){{1,3}}{_NAME})\s*(?:[.,;]|$)"),
    ),
    (
        # "…has climbed to nearly 11,500, a United Nations report shows"
        "report_shows",
        re.compile(
            r"(?:^|,\s+)(?:a|an|the|A|An|The)\s+(?:new\s+|latest\s+|revised\s+)?"
            r"(?P<x>(?:[A-Z][\w.’'-]*\s+){1,5}?)(?:(?:situation\s+)?report|data|figures|statistics|"
            r"tally|assessment|survey|bulletin)\s+(?:shows?|showed|says?|said|finds|found)\b"
        ),
    ),
    (
        # "The most recent official figure, released on Saturday by Othman Abdeljalil, …"
        "released_by",
        re.compile(
            rf"\b(?:figures?|toll|count|tally|report|data|statement|estimate|bulletin),?\s+"
            rf"(?:released|published|issued|given|compiled|kept|maintained|provided|put\s+out)\s+"
            rf"(?:(?:on|late|early)\s+\w+\s+)?by\s+(?:the\s+)?{_X}"
            rf"(?:,\s+(?P<app>(?:a|an|the|its|his|her|their|[A-Z][\w-]*(?:'s|’s)|[a-z]+\s+minister)\s*[^;,\d]{{2,100}}))?"
        ),
    ),
    (
        # "An earlier toll, given on Monday by literacy minister Ana Pell, …": a titled person
        "released_by_titled",
        re.compile(
            rf"\b(?:figures?|toll|count|tally|report|estimate|bulletin),?\s+(?:released|published|"
            rf"issued|given|compiled|put\s+out)\s+(?:(?:on|late|early)\s+\w+\s+)?by\s+"
            rf"(?P<x>(?:[a-z][\w-]*\s+){{1,3}}{_NAME})\b"
        ),
    ),
    (
        # "President Ilse Varn offered a lower figure, estimating that …"
        "x_participle",
        re.compile(
            rf"^\s*(?:The\s+)?{_X}\s+(?:[a-z][\w-]*\s+){{1,6}}?[a-z][\w-]*,\s+"
            rf"(?:estimating|saying|putting|adding|reporting|noting|claiming)\b"
        ),
    ),
    ("dash", re.compile(rf"(?:\s[-–—]\s*|[-–—]\s+){_X}(?:,\s*(?P<app>[^.;]{{2,80}}))?\s*$")),
]

_MONTHS_WD = "|".join(list(MONTHS) + list(WEEKDAYS))

_PRONOUNS = {
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "who",
    "which",
    "that",
    "this",
    "there",
    "one",
}

_STOP_X = {
    "my",
    "our",
    "your",
    "his",
    "her",
    "its",
    "their",
    "earlier",
    "later",
    "the",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "there",
    "but",
    "and",
    "however",
    "meanwhile",
    "in",
    "on",
}


def fold(name: str) -> str:
    """Transliteration-insensitive key for one name word ("Cherevatyy" → "cherevat")."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"^(?:al|el|ul)[-‐‑’']", "", s)  # "al-Kharaz" = "Kharraz"
    s = re.sub(r"[^a-z]", "", s)
    s = re.sub(r"([a-z])\1+", r"\1", s)  # doubled letters: Hassan = Hasan, Kharraz = Kharaz
    s = (
        s.replace("kh", "h")
        .replace("zh", "z")
        .replace("ts", "c")
        .replace("yu", "u")
        .replace("ya", "a")
    )
    s = re.sub(r"(?:iy|yy|yi|ii|ij|y|i)$", "", s)
    s = s.replace("y", "i")
    return s


def org_key(org: str) -> str:
    """Normalised organisation key ("Russia's defence ministry" → "russia defense ministry")."""
    s = org.lower().replace("’", "'").replace("'s", "").replace("defence", "defense")
    s = re.sub(r"\b(?:the|a|an|unidentified|unnamed|senior|anonymous)\b", " ", s)
    s = s.replace("u.s.", "us").replace("u.k.", "uk").replace("u.n.", "un")
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


# last words of organisations' proper names that are not generic heads ("United Nations",
# "Red Cross", "Libyan Red Crescent", "Morocco World News", "Maui County", "City Hall")
_ORG_NAME_WORDS = {
    "nations",
    "cross",
    "crescent",
    "news",
    "now",
    "times",
    "post",
    "press",
    "tv",
    "television",
    "radio",
    "channel",
    "county",
    "hall",
    "survey",
    "reduction",
    "management",
    "programme",
    "program",
    "fund",
    "bank",
    "federation",
    "societies",
    "society",
    "institute",
    "centre",
    "center",
    "association",
    "bureau",
    "brigade",
    "board",
    "trust",
    "authority",
    "england",
    "arabiya",
    "jazeera",
    "reuters",
    "xinhua",
}
# a time phrase glued before a claimant ("On Saturday, a spokesperson …", "In its Wednesday
# morning report, the council said", "On Saturday evening the ministry said")
_TIME_LEAD = re.compile(
    rf"^(?:(?:on|in|at|by|late|early|last|this|its|their)\s+)*(?:(?:{'|'.join(list(MONTHS) + list(WEEKDAYS))})(?:['’]s)?"
    r"|morning|afternoon|evening|night|today|yesterday|earlier|later)\b(?:\s+(?:morning|afternoon|"
    r"evening|night|situation\s+report|report|statement|briefing|bulletin|update))*\s*,?\s*",
    re.I,
)
_COMMON_PLURALS = {
    "officers",
    "residents",
    "officials",
    "witnesses",
    "survivors",
    "rescuers",
    "doctors",
    "police",
    "relatives",
    "volunteers",
    "locals",
    "authorities",
}


#: governments and institutions named by their seat
_SEATS = {"kremlin", "pentagon", "white house", "elysee", "élysée", "downing street", "quai d'orsay",
          "blue house", "zhongnanhai", "vatican"}  # fmt: skip


def _is_org(x: str) -> bool:
    words = x.replace("’", "'").split()
    low = [w.lower().strip(".,") for w in words]
    if any(w in ORG_HEADS for w in low):
        return True
    if low and (low[-1] in _ORG_NAME_WORDS or low[0] in ("al-arabiya", "al-jazeera")):
        return True
    if " ".join(low) in _SEATS:
        return True  # "the Kremlin says": a government by its seat, not a person
    if any(w.endswith(("'s",)) for w in low):
        return True
    if len(words) == 1 and (
        words[0].isupper() or low[0] in SIDES or re.fullmatch(r"[A-Z]{2,}s", words[0])
    ):  # "OCHA", "NGOs"
        return True
    return all(w.lower() in SIDES or w.isupper() for w in words)


def _titled_person(x: str) -> bool:
    """ "Mayor Ana Lopez", "Regional governor Oleh Synehubov": a title then a capitalised name."""
    words = x.split()
    if len(words) < 2 or words[-1].lower() in ORG_HEADS or words[-1].isupper():
        return False
    i = len(words)
    while (
        i > 0
        and words[i - 1][:1].isupper()
        and words[i - 1].lower() not in TITLES
        and words[i - 1].lower() not in ORG_HEADS
        and words[i - 1].lower() not in SIDES
    ):
        i -= 1
    name = words[i:]
    return 1 <= len(name) <= 3 and i > 0 and words[i - 1].lower() in TITLES | set(ORG_HEADS)


def split_person(x: str) -> tuple[str | None, str | None]:
    """(person, title-or-org) from a phrase like "Ukrainian President Volodymyr Zelenskyy"."""
    words = x.split()
    i = 0
    while i < len(words) - 1 and (
        words[i].lower().strip(",") in TITLES or words[i].lower() in SIDES
    ):
        i += 1
    person = words[i:]
    if not person or len(person) > 3 or not person[0][:1].isupper():
        return None, x  # "Minister of Foreign Affairs" names no person
    if any(w.lower() in SIDES or w.isupper() for w in person):
        return None, x
    return " ".join(person), " ".join(words[:i]) or None


# the last word of a ministry's or office's field: "Minister of Home Affairs Mike Madiro"
_FIELDS = {
    "affairs", "health", "defence", "defense", "interior", "environment", "information",
    "works", "resources", "development", "security", "services", "management", "protection",
    "relief", "planning", "communications", "transport", "education", "finance", "justice",
    "agriculture", "publicity", "broadcasting", "housing", "welfare", "labour", "labor",
    "energy", "trade", "economy", "tourism", "response", "reduction", "safety", "operations",
    "disasters", "emergencies", "preparedness", "rehabilitation", "reconstruction",
}  # fmt: skip


_OFFICE_TITLES = {"minister", "secretary", "commissioner", "director", "administrator"}


def _name_after_title(x: str) -> tuple[str, str] | None:
    """(name, title) when a phrase ends with a name after its last title word: "Land and
    Environment Minister Celso Correia", "Deputy Minister of Home Affairs Mike Madiro"; None when
    no name follows ("Minister of Foreign Affairs")."""
    words = x.split()
    idx = max((i for i, w in enumerate(words) if w.lower().strip(",") in TITLES), default=None)
    if idx is None or words[idx].lower().strip(",") not in _OFFICE_TITLES:
        return None  # ("County Mayor Ana Lopez" stays one phrase: the county speaks)
    rest = words[idx + 1 :]
    j = 0
    if rest and rest[0].lower() in ("of", "for"):
        ends = [k for k, w in enumerate(rest) if w.lower() in _FIELDS or w.lower() in ORG_HEADS]
        if not ends:
            return None
        j = ends[-1] + 1
    name = rest[j:]
    if not 2 <= len(name) <= 3 or any(
        not w[:1].isupper()
        or w.isupper()
        or w.lower() in ORG_HEADS
        or w.lower() in SIDES
        or w.lower() in TITLES
        or w.lower() in _FIELDS
        for w in name
    ):
        return None
    return " ".join(name), " ".join(words[: idx + 1 + j])


def _person_of_org(x: str) -> Claimant | None:
    """ "Commander Stuart Cundy of the Metropolitan Police", "Yann Fridez of the International
    Committee of the Red Cross": a named person (two or three name words after any titles) who
    speaks for the organisation after "of"/"from"/"at"; None for any other phrase ("Ministry of
    the Interior", "Minister of Foreign Affairs")."""
    m = re.match(r"^(?P<p>.+?)\s+(?:of|from|at)\s+(?:the\s+)?(?P<o>[A-Z].+)$", x)
    if not m or not _is_org(m.group("o")):
        return None
    person, title = split_person(m.group("p"))
    if person is None or not 2 <= len(person.split()) <= 3:
        return None
    if any(
        w.lower() in ORG_HEADS or w.lower() in TITLES or w.lower() in _ORG_NAME_WORDS
        for w in person.split()
    ):
        return None
    role = f"{title} of {m.group('o')}" if title else None
    return Claimant(person=person, org=m.group("o"), key="p:" + fold(person.split()[-1]), role=role)


_HONORIFICS = {"mr", "mrs", "ms", "dr", "miss", "sir"}


def make_claimant(x: str | None, app: str | None = None) -> Claimant:
    """Build a Claimant with its match key from the phrase and optional appositive."""
    if not x or not (x[0].isupper() or _is_org(x)):
        return Claimant()
    x = x.strip(' ,.;:”"’“')
    x = re.sub(
        rf"^(?:(?:in|on|at|by|since|last|early|late)\s+(?:{_MONTHS_WD})\s+)", "", x, flags=re.I
    )
    x = re.sub(
        r"^(?:(?:according\s+to|however|meanwhile|but|and|so|yet|also|in|on|at|since|after|before|while|when|if|although|an?|the|unidentified|unnamed|senior|anonymous)\b,?\s*)+",
        "",
        x,
        flags=re.I,
    )
    if not x or not (x[0].isupper() or _is_org(x)):
        return Claimant()
    x = re.sub(r"\s+(?:estimates?|data|figures|report)$", "", x)
    x = re.sub(r"(?<=\w)['’]s$", "", x)  # "the Interior Ministry's updated toll"
    if x.lower() in _COMMON_PLURALS:
        return Claimant(org=x.lower(), key="o:" + x.lower())
    of_org = _person_of_org(x)
    if of_org is not None:
        return of_org
    titled = _name_after_title(x)
    if titled is not None and _is_org(x):
        # "Land and Environment Minister Celso Correia": a person with a long title
        return Claimant(
            person=titled[0],
            org=_role_org(titled[1]),
            key="p:" + fold(titled[0].split()[-1]),
            role=titled[1],
        )
    if _is_org(x) and not _titled_person(x):
        return Claimant(person=None, org=x, key="o:" + org_key(x))
    person, title = split_person(x)
    if person is None:
        return Claimant(org=x, key="o:" + org_key(x))
    org = None
    if app:
        om = re.search(r"\b(?:of|for|at|from)\s+(?:the\s+)?(.+)$", app.strip(' ,”"’'))
        org = om.group(1).strip(' ,”"’“') if om else None
    surname = person.split()[-1]
    # "Governor Liane Osterby": the title is kept as her role, so "the governor" refers back
    role = title if title and not app and title.lower().strip(".") not in _HONORIFICS else None
    return Claimant(person=person, org=org, key="p:" + fold(surname), role=role)


_PERSON_TITLES = {
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokesmen",
    "governor",
    "mayor",
    "minister",
    "president",
    "commander",
    "general",
    "officer",
    "prosecutor",
    "official",
}


def _role_org(role: str) -> str | None:
    """The organisation a role names: "The agency's spokeswoman" → "agency", "the governor of
    the Karsk region" → "Karsk region", "its spokeswoman" → "its" (resolved from context)."""
    r = role.replace("’", "'")
    m = re.match(r"^(?:the\s+)?(?P<o>[\w' -]+?)'s\s+", r, re.I)
    if m:
        return m.group("o")
    m = re.search(r"\b(?:of|for|at)\s+(?:the\s+)?(?P<o>.+)$", r)
    if m:
        return m.group("o")
    m = re.match(r"^(its|their|his|her)\b", r, re.I)
    return m.group(1).lower() if m else None


# news outlets that relay a figure ("…, U.N. officials added, according to NBC News"); when the
# sentence also names who gave the figure, that speaker is the claimant
_OUTLET = re.compile(
    r"\b(?:CNN|NBC|CBS|ABC|BBC|AFP|AP|Reuters|Xinhua|Anadolu|Al\s+Jazeera|Al[- ]Arabiya|"
    r"Associated\s+Press|Agence\s+France-Presse|news\s+agency|television|TV|newspaper|radio|"
    r"broadcaster|channel|[A-Z]\w+\s+(?:News|Times|Post|Herald|Tribune|Journal|Radio|Television))\b"
)
# verbs a place is the subject of when it is where the dead were counted, not who counted them
_PLACE_VERBS = re.compile(
    r"\s*(?:(?:has|have|had|also|now|so\s+far)\s+)*"
    r"(?:counted|recorded|registered|logged|accounted|reported|counts|records|reports|"
    r"confirmed|confirms)\b"
)


def _is_outlet(c: Claimant) -> bool:
    return bool(c.org and not c.person and _OUTLET.search(c.org))


_ASIDE = re.compile(
    r",\s+(?:for\s+(?:its|his|her|their)\s+part|in\s+turn|for\s+now|meanwhile|however|separately|"
    r"in\s+a\s+statement"
    # "Kyodo News, drawing on a wide network, counted 36 deaths": a participle's aside
    r"|(?:drawing|relying|basing\s+its\s+count|working)\s+on\s+[^,;.]{2,60})\s*,"
)


def find_claimant(sentence: str) -> tuple[Claimant, str | None]:
    """The claimant of a sentence and the rule that found it (empty Claimant when none).

    A news outlet that only relays ("…, officials said, according to NBC News"; "…, Xinhua news
    agency said" after "Leo Dacaynos … said") gives way to the speaker the sentence names; a
    phrase with digits, or a province or town that "counted" its dead, is no claimant."""
    # "The World Health Organization, for its part, said …": an aside between speaker and verb
    sentence = _ASIDE.sub("", sentence)
    c, rule = _find_claimant(sentence)
    if _is_outlet(c) and c.org:
        # blank the outlet's attribution and look again for a speaker
        blanked = re.sub(
            rf"(?:,\s*)?(?:according\s+to\s+)?(?:the\s+)?{re.escape(c.org)}[^,.;]*", " ", sentence
        )
        c2, rule2 = _find_claimant(blanked)
        if c2.key and not _is_outlet(c2):
            return c2, f"{rule2}:over-outlet"
    return c, rule


def _find_claimant(sentence: str) -> tuple[Claimant, str | None]:
    for rule, rx in _PATTERNS:
        pos = 0
        while (m := rx.search(sentence, pos)) is not None:
            c = _claimant_of_match(sentence, rule, m)
            if c is not None:
                return c, rule
            # a rejected subject ("from the Red Crescent, OCHA says") may hide the speaker
            # that follows it: search again right after the rejected phrase
            pos = m.end("x") if m.start() < m.end("x") < m.end() else max(m.end(), pos + 1)
    return Claimant(), None


def _titled_name(x: str) -> Claimant | None:
    """ "National Civil Protection Coordinator Luis Felipe Puente" → the person, with the title
    as role (None when the phrase does not end in a titled person's name)."""
    tm = re.match(rf"^(?P<role>.*\b(?i:{_ROLE_WORD}))\s+(?P<n>{_NAME})$", x.strip())
    if not tm:
        return None
    person, _ = split_person(tm.group("n"))
    if not person:
        return None
    return Claimant(person=person, key="p:" + fold(person.split()[-1]), role=tm.group("role"))


def _claimant_of_match(sentence: str, rule: str, m: re.Match[str]) -> Claimant | None:
    """The claimant one match of the pattern ``rule`` names, or None to try the next match."""
    x = m.group("x")
    if _not_a_speaker(sentence, m, x, rule):
        return None
    app = m.groupdict().get("app")
    p = m.groupdict().get("p")
    if (
        rule == "x_said"
        and app
        and (
            am := re.match(
                r"(?:the|an?)\s+((?:[a-z][\w-]*\s+){0,2}(?:" + _HEADS + r"))$", app.strip()
            )
        )
        and not re.match(r"\s*,", sentence[m.end("app") :])
    ):
        # "… struck the Philippines, the government said", "…, a senior police officer said":
        # the subject is the role after the comma
        a2 = am.group(1)
        return Claimant(org=a2, key="o:" + org_key(a2))
    if app and (qm := re.match(r"(?:quoting|citing)\s+(?:the\s+)?(.+)$", app.strip(' ,”"’'))):
        # "The United Nations, quoting government data, gave a toll of 4,460": the source
        # relayed, not the body relaying it
        src = make_claimant(qm.group(1))
        if src.key:
            return src
    tl = _TIME_LEAD.match(x)
    if tl:
        x = x[tl.end() :].strip()
        if not x and app:
            return _org_after_time_lead(app)
        x = re.sub(r"^(?:the|a|an)\s+", "", x)
        if not x or x.lower() in _STOP_X:
            return None
    if rule == "doc_from" and (titled := _titled_name(x)):
        return titled  # "the latest update from National Civil Protection Coordinator Luis Puente"
    if rule in ("role_name_said", "according_to_titled"):
        role = m.group("role").strip()
        person, _ = split_person(x)
        if person:
            return Claimant(
                person=person,
                org=_role_org(role),
                key="p:" + fold(person.split()[-1]),
                role=role,
            )
        return None
    if rule == "tail_said" and re.search(r"\baccording\s+to\b", x, re.I):
        return None  # "…, according to (media) reports.": "reports" is no speaker here
    if rule in ("tail_said", "said_titled", "released_by_titled") and x[:1].islower():
        return _titled_claimant(x)
    if p and not _is_org(p):
        person, _ = split_person(p)
        if person:
            c = make_claimant(p, None)
            c.org = x.strip(' ,”"’“')
            return c
    c = make_claimant(x, app)
    lead = re.split(r"[,;:(]", sentence[max(0, m.start("x") - 60) : m.start("x")])[-1]
    if c.key and c.person and (sm := _SPOKES_BEFORE.search(lead)):
        # "Gaza health ministry spokesman Ashraf Al-Qidra said": the person, for the ministry
        role = sm.group(0).strip()
        return Claimant(person=c.person, org=_role_org(role), key=c.key, role=role)
    if (
        c.key
        and c.person
        and re.search(
            rf"\b(?:{_HEADS}|charity|company|firm|network|foundation|fund)\s+$",
            sentence[max(0, m.start("x") - 30) : m.start("x")],
        )
    ):
        # "the relief charity Hearthline Relief said": a named organisation, not a person
        c = Claimant(org=x.strip(' ,”"’“'), key="o:" + org_key(x))
    if c.key:
        if app and not c.role:
            c.role = app.strip(' ,”"’“')
        return c
    return None


_SPOKES_BEFORE = re.compile(
    r"(?:[A-Za-z][\w'’-]*\s+){0,4}?(?:spokesman|spokeswoman|spokesperson)\s+$", re.I
)


# rules whose own words put a preposition before the claimant ("quoting figures from X")
_SOURCE_RULES = {"citing", "according_to_count", "released_by", "figures_from", "doc_from"}


def _not_a_speaker(sentence: str, m: re.Match[str], x: str, rule: str = "") -> bool:
    """Whether the match's subject ``x`` is a place, a stop word, a number or a name inside a
    quotation rather than who speaks."""
    if rule not in _SOURCE_RULES and re.search(
        r"\b(?:in|near|at|from|of|outside|around)\s+(?:the\s+)?$",
        sentence[max(0, m.start("x") - 12) : m.start("x")],
        re.I,
    ):
        return True  # "… in Velmora, …" / "Police in Dunmore said": a place, not a speaker
    if re.search(
        r"\b(?:[Nn]either|nor)\s+(?:the\s+)?$", sentence[max(0, m.start("x") - 12) : m.start("x")]
    ):
        return True  # "Neither the government nor the agency has confirmed it": nobody gave it
    first = x.split()[0].lower()
    if first in _STOP_X and len(x.split()) == 1:
        return True
    if re.search(r"\d", x):
        return True  # "Balido 82 people were missing": not a name
    if re.fullmatch(r"(?:dozens|hundreds|thousands|scores|many|several|some|most)", x, re.I):
        return True  # "Hundreds reported killed in blast": the count, not who reported it
    if (
        x[:1].isupper()
        and not _is_org(x)
        and _PLACE_VERBS.match(sentence, m.end("x"))
        and _is_place(x)
    ):
        return True  # "Capiz counted 86 dead": where they died, not who counted
    if x.lower() in _STOP_X:
        return True
    bare = re.sub(r"^(?:the|a|an)\s+", "", x.strip(), flags=re.I)
    if re.fullmatch(rf"(?:{_DOC_ADJ}\s+)+(?:{_DOCS})", bare, re.I) or (
        re.fullmatch(rf"(?:{_DOC_ADJ}\s*)+", bare, re.I)
        and re.match(rf"\s+(?:{_DOC_ADJ}\s+)*(?:{_DOCS})\b", sentence[m.end("x") :], re.I)
    ):
        return True  # "the latest report puts deaths at 112": the report's age, not a speaker
    if re.match(
        r"\s+(?:confirmed|reported|official|estimated)\s+(?:death\s+)?(?:toll|count|tally|dead|"
        r"deaths|number|figure)\b",
        sentence[m.end("x") :],
        re.I,
    ):
        return True  # "Surfside confirmed toll rises to 28": an adjective, nobody confirms
    before = sentence[: m.start("x")]
    if (before.count('"') % 2 == 1 or before.count("“") > before.count("”")) and re.search(
        r"[”\"]", sentence[m.end("x") :]
    ):
        return True  # a name inside a quotation is not its speaker ("My office has …," …)
    return x.split()[0].lower() in ("my", "our", "your")


def _org_after_time_lead(app: str) -> Claimant | None:
    """The organisation in the appositive when the subject was only a time lead: "On Saturday,
    a spokesperson for the Lebanese health ministry told AFP"."""
    a2 = re.sub(r"^(?:the|a|an)\s+", "", app.strip(' ,”"’'))
    if a2[:1].isupper():  # "…, published on Wednesday, the Federation counted"
        return Claimant(org=a2, key="o:" + org_key(a2))
    om = re.search(r"\b(?:of|for|at|from)\s+(?:the\s+)?(.+)$", app.strip(' ,”"’'))
    if om:
        org = om.group(1).strip(' ,”"’“')
        return Claimant(org=org, key="o:" + org_key(org))
    return None


def _titled_claimant(x: str) -> Claimant | None:
    """A lower-case subject at the sentence's end ("…, the relief charity Lantern Aid said"):
    a named organisation, a titled person, or the role itself as the organisation."""
    titled = re.match(
        r"^(?P<t>(?:[a-z][\w-]*\s+){1,3})(?P<n>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})$",
        x,
    )
    last = titled.group("t").split()[-1] if titled else ""
    if titled and last in ORG_HEADS and last not in _PERSON_TITLES:
        # "the relief charity Lantern Aid said": a named organisation
        name = titled.group("n")
        return Claimant(org=name, key="o:" + org_key(name))
    if (
        titled
        and titled.group("n").split()[0].lower() not in ORG_HEADS
        and not re.search(r"\b(?:in|of|at|from|for|near|on|by|and)\s+$", titled.group("t"))
    ):
        name = titled.group("n")
        role = titled.group("t").strip()
        return Claimant(person=name, key="p:" + fold(name.split()[-1]), role=role)
    role = re.sub(r"^(?:the|a|an)\s+", "", x)
    if role.split()[0] in _PRONOUNS or len(role) < 3:
        return None
    return Claimant(org=role, key="o:" + org_key(role))


def _is_place(x: str) -> bool:
    """Whether a capitalised phrase names a province, town or country (the area index)."""
    from monitor.figures.areas import resolve

    try:
        return resolve(x) is not None
    except Exception:  # noqa: BLE001 - the index is optional data; no place then
        return False


# words that qualify an organisation's name without naming another organisation
_ORG_MODIFIERS = {"national", "country", "state", "federal", "official", "the", "government"}


def _org_form(c: Claimant) -> tuple[set[str], set[str]] | None:
    """(name words, owner words) of the organisation a claimant speaks for: an organisation's own
    name, or a person's organisation ("Mirela Vostrand" of the civil protection agency)."""
    org = c.org if (c.person or not c.key) else (c.org or c.key[2:])
    if not org:
        return None
    text = org.replace("’", "'")
    owners = {org_key(w) for w in re.findall(r"([A-Za-z]+)'s\b", text)}
    words = set(org_key(text).split()) - _ORG_MODIFIERS
    return (words, owners) if words else None


def same_org(a: Claimant, b: Claimant) -> bool:
    """One organisation written two ways: "the country's National Civil Protection Agency",
    "Valdoria's civil protection agency" and "National Civil Protection Agency" are one; the
    extra words may only be qualifiers ("national") or a possessive owner ("Valdoria's"), so
    "Russia's defence ministry" and "Ukraine's defence ministry" stay two."""
    fa, fb = _org_form(a), _org_form(b)
    if fa is None or fb is None:
        return False
    (wa, oa), (wb, ob) = fa, fb
    if wa == wb:
        return True
    if wa < wb:
        return (wb - wa) <= ob
    if wb < wa:
        return (wa - wb) <= oa
    return False


def same_claimant(a: Claimant, b: Claimant) -> bool:
    """True when both are known and name the same person (by folded surname) or organisation
    (a person speaking for an organisation counts as that organisation: ``same_org``)."""
    if not a.key or not b.key:
        return False
    if a.key == b.key:
        return True
    if a.key.startswith("p:") and b.key.startswith("p:"):
        return False
    return same_org(a, b)


_GENERIC = {
    "officials",
    "official",
    "sources",
    "source",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    # an organisation's document speaks for it: "the ministry's statement", "the agency's report"
    "statement",
    "report",
    "bulletin",
    "briefing",
    "release",
    "update",
    "tally",
}


def _org_tokens(c: Claimant) -> set[str]:
    words: set[str] = set()
    if c.key and c.key.startswith("o:"):
        words |= set(c.key[2:].split())
    if c.org:
        words |= set(org_key(c.org).split())
    return words - _GENERIC


def related(a: Claimant, b: Claimant) -> bool:
    """Same claimant, or organisations where one's words contain the other's ("US" and "US
    intelligence officials"; a spokesman and his own command) — not safe to call different."""
    if same_claimant(a, b):
        return True
    ta, tb = _org_tokens(a), _org_tokens(b)
    return bool(ta and tb and (ta <= tb or tb <= ta))


def claimants_differ(a: Claimant, b: Claimant) -> bool:
    """True only when both are known and clearly different (not ``related``)."""
    return bool(a.key and b.key and a.key != b.key and not related(a, b))
