"""Series keys: which figures are the same quantity, so that one can update another.

A series is (story, measure, population, area, scope class). Each part is resolved, not read off
the surface:

- **area**: the figure's place resolved in the gazetteer (``monitor.figures.areas``) with the
  article's countries as context — "Derna" and "the city of Derna" are one area, "Al Haouz
  province" and "Morocco" are two (a province count never meets the national total). A place the
  gazetteer does not know keeps its normalised name (``raw:<key>``) and is compared only with
  the same name, never with a resolved area. A figure with no place, or placed in the one country
  (or main place) of a single-country article, is about the whole story (``story``); in an article
  about several countries, each country is its own area and the unplaced total is the story's.
- **population**: who is counted — "people", "residents" and unqualified civilians are everyone;
  children, students, soldiers of one side, foreigners are their own series.
- **scope**: cumulative to date, per-day (a day's count and a daily rate), per-week …, or a period
  with its dates.

Figures never judged get no key, with the reason: projections ("could reach 10,000"), figures
about another event ("a 1960 quake killed 12,000"), increments ("six more bodies"), multiples,
and figures that count nothing known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from monitor.figures.areas import Area, area_by_id, article_countries, resolve
from monitor.figures.model import Figure
from monitor.figures.places import held_without_country, place_key
from monitor.figures.vocab import MEASURE_AFTER, MEASURE_BEFORE

#: measures that count people: the ones verdicts judge (homes and aftershocks are kept, not judged)
PEOPLE_MEASURES = {*MEASURE_AFTER, *MEASURE_BEFORE, "affected", "evacuated", "dead", "wounded"} - {
    "rescued"  # survivors pulled out: good news that grows by the hour, not a toll to revise
}

#: counted groups that mean "everyone" in a casualty count
EVERYONE = {"", "people", "person", "persons", "civilian", "civilians", "residents", "victims",
            "patients", "pilgrims", "worshippers", "nationals", "citizens", "passengers"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SeriesPlace:
    """Where a series is: a resolved area, a name the gazetteer does not know, or the story."""

    id: str
    name: str
    level: int | None = None
    path: str = ""


STORY_WIDE = SeriesPlace("story", "the whole story")

#: event kinds that go on for weeks (a day's count there is not the toll to date)
ONGOING = {"war", "attack", "epidemic", "heat", ""}

#: words that make an unresolved "place" the event's own name ("Typhoon Haiyan", "the Sewol")
_EVENT_NAME = re.compile(
    r"\b(?:typhoon|hurricane|cyclone|storm|quake|earthquake|flood|floods|fire|blaze|disaster|"
    r"tragedy|explosion|blast|collapse|ferry|sinking|wildfire|tower|plaza)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class SeriesContext:
    """What the article tells about its figures' series: its story and event kind, its countries
    (gazetteer context) and ``home``: the areas that stand for the whole story in this article —
    its one dominant country, and its main place when the gazetteer does not know it ("Grenfell
    Tower", "Rana Plaza")."""

    story_id: int | None = None
    event: str = ""
    countries: tuple[str, ...] = ()
    home: tuple[str, ...] = ()
    event_areas: tuple[str, ...] = ()  # the headline's place (and regions above it)
    #: in a story spanning several countries (a hurricane over three islands), the country this
    #: article is about: its figures with no place of their own are that country's
    home_country: str | None = None
    #: the countries of a story that spans several, each a series of its own
    apart: tuple[str, ...] = ()
    #: the story's headlines name regions of its country apart (a storm's Florida and North
    #: Carolina): its country's places are not all the event's place
    spread: bool = False
    #: the story's sites, places the gazetteer does not know that stand for it ("raw:wayanad")
    sites: tuple[str, ...] = ()


def scope_class(fig: Figure) -> str:
    """'per-day' for a day or a daily rate, 'per-<unit>' for other rates, else the scope kind."""
    sc = fig.scope
    if sc.kind == "day":
        return "per-day"
    if sc.kind == "rate":
        return f"per-{sc.unit or 'day'}"
    return sc.kind


def population(fig: Figure) -> str:
    """Who is counted, normalised: 'people' for everyone, '<side>, people' for a side's or a
    nation's people ("Iranians", "Iranian pilgrims", "465 of its pilgrims": one population),
    else the group ('Russia, military')."""
    g = (fig.group or "").strip().lower()
    side = (fig.side or "").strip().lower()
    if side and (g == side or g in EVERYONE or (fig.group_kind or "").lower() in EVERYONE):
        return f"{side}, people"
    return "people" if g in EVERYONE else g


@lru_cache(maxsize=65536)
def _place(
    place: str | None, countries: tuple[str, ...], home: tuple[str, ...], spread: bool = False
) -> SeriesPlace:
    if not place:
        return STORY_WIDE
    area: Area | None = resolve(place, countries=countries)
    area = _unit_of_its_name(area)
    if area is not None:
        if (
            area.id in home
            or any(
                p in home and p not in countries and not (spread and len(p) == 2)
                for p in area.parents
            )
            or (not spread and area.level >= 2 and _above_home_town(area.id, home))
        ):
            return STORY_WIDE  # the event's place, or a place within it (Lahaina in Maui) — but
            # in a story spread over several regions of its country, each region is its own
        return SeriesPlace(area.id, area.name, area.level, area.path())
    key = place_key(place)
    if not key or _EVENT_NAME.search(place):
        return STORY_WIDE
    raw = f"raw:{key.replace(' ', '')}"  # "Zinda Jan" and "Zindajan" are one name
    if any(h.startswith("raw:") and h.replace(" ", "") == raw for h in home):
        return STORY_WIDE
    return SeriesPlace(raw, place)


def _above_home_town(area_id: str, home: tuple[str, ...]) -> bool:
    """Whether an area holds the town or district the story happened in ("Odisha" for a train
    crash at Balasore): its count there is the event's."""
    for h in home:
        town = area_by_id(h) if ":" in h or "-" in h else None
        if town is not None and town.level >= 3 and area_id in town.parents:
            return True
    return False


def _unit_of_its_name(area: Area | None) -> Area | None:
    """A town that gives its name to the province or district it lies in stands for that unit
    ("13 in Chichaoua" beside "191 in Chichaoua province"): breakdowns count by unit."""
    if area is None or area.level < 3:
        return area
    for unit in ("province", "district", "prefecture", "county", "governorate"):
        found = resolve(f"{area.name} {unit}", countries=(area.country,))
        if (
            found is not None
            and found.id != area.id
            and 2 <= found.level < area.level
            and set(found.parents) <= set(area.parents)
        ):
            return found
    return area


_LEAD = re.compile(r"^(?:(?:in|at|near|around|across|from|of|the)\s+)+", re.I)
_POSSESSIVE = re.compile(r"['’]s?$")


def _bare(place: str) -> str:
    """A place name without its leading preposition or article and its possessive ending:
    "Zimbabwe's" is Zimbabwe."""
    return _POSSESSIVE.sub("", _LEAD.sub("", place.strip()))


def _whole(ctx: SeriesContext) -> SeriesPlace:
    """What a figure about "the whole story" of this article covers: the story, or in a story
    over several countries, the article's country."""
    area = area_by_id(ctx.home_country) if ctx.home_country and ctx.apart else None
    if area is None:
        return STORY_WIDE
    return SeriesPlace(area.id, area.name, area.level, area.path())


def series_place(fig: Figure, ctx: SeriesContext = SeriesContext()) -> SeriesPlace:
    """The area a figure covers (see ``_series_place``). In a story over several countries, a
    figure said of them together is the whole story ("the combined toll", "in the three
    countries", "about 700 people across Mozambique, Zimbabwe and Malawi"); a figure with no
    place of its own is the one story country its segment or else its clause names ("which
    brings Zimbabwe's death toll to 259", "Mozambique cyclone toll rises to 242, Zimbabwe's
    passes 100"), the whole story when its clause names two or more, else the article's
    country."""
    place = _series_place(fig, ctx)
    if "+" in place.id and ctx.apart and set(place.id.split("+")) <= set(ctx.apart):
        return STORY_WIDE  # "the Turkey-Syria earthquakes": the story's countries together
    if not ctx.apart and _over_many(fig, ctx.countries):
        return STORY_WIDE  # "at least 166 in six states", "201 deaths in North and South
        # Carolina, Georgia, Florida, Tennessee and Virginia" (a story over several countries
        # has its own rules for lists of them, below)
    named = _named_countries(fig, ctx.apart)
    if ctx.apart and (_COMBINED.search(_segment(fig)) or len(_listed_after(fig, ctx.apart)) >= 2):
        return STORY_WIDE  # "the combined toll in the three countries has climbed to 700",
        # "has killed about 700 people across Mozambique, Zimbabwe and Malawi"
    if len(named) == 1 and place.level == 1 and place.id != named[0] and place.id in ctx.apart:
        place = STORY_WIDE  # "…259 people in Zimbabwe, and in Malawi 56 people died": its own
        # segment's country, not the clause's first
    if len(named) >= 2 and (place is STORY_WIDE or place.level == 1 and not _attached(fig)):
        return STORY_WIDE  # "officials in Mozambique and Zimbabwe said the storm killed 740"
    if place is not STORY_WIDE:
        return place
    area = area_by_id(named[0]) if named else None
    if area is not None:
        return SeriesPlace(area.id, area.name, area.level, area.path())
    return _whole(ctx)


_CLAUSE_SEP = re.compile(r";|\s+(?:while|whereas)\s+")
_SEGMENT_SEP = re.compile(r";|,\s|\s+(?:while|whereas)\s+|\s[-–—]\s")
_NUMBER_WORDS = r"(?:two|three|four|five|six|seven|eight|nine|ten|several|both|all)"
#: a figure said of all the countries of a story together
_COMBINED = re.compile(
    rf"\b(?:combined|(?:across|in|for|of) (?:the |all |both )?(?:{_NUMBER_WORDS} )?"
    rf"(?:\w+ )?(?:countries|nations)|{_NUMBER_WORDS}[- ](?:country|nation)\b)"
    # a region of the world the story's countries lie in: "the toll in western Europe rose to
    # 184", "Europe's flood toll passes 180", "taking the total for Europe to at least 200"
    r"|\b(?:(?:[Ww]estern|[Ee]astern|[Nn]orthern|[Ss]outhern|[Cc]entral|south-?east(?:ern)?|"
    r"South-?east(?:ern)?)\s+)?(?:Europe|Africa|Asia|the\s+Caribbean|the\s+Balkans|the\s+Middle\s+"
    r"East|Latin\s+America|Central\s+America|South\s+America|the\s+Sahel)\b(?!\s+(?:Union|Commission|"
    r"Parliament|Council|Development|Centre|Center|Agency|Bank|News)\b)",
    re.I,
)


def _named_countries(fig: Figure, apart: tuple[str, ...]) -> list[str]:
    """The story countries the figure's own words name: those of its segment when it names one
    ("Mozambique cyclone toll rises to 242, Zimbabwe's passes 100"), else those of its clause."""
    if not apart:
        return []
    own = [c for c in article_countries(_segment(fig)) if c in apart]
    if len(own) == 1:
        return own
    return [c for c in article_countries(_clause(fig)) if c in apart]


_NAME = r"[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)*"
#: "… people across Mozambique, Zimbabwe and Malawi": a list of names right after the figure
_LIST_AFTER = re.compile(
    rf"\s*(?:[a-z]+\s+){{0,4}}(?:across|in|throughout|over)\s+(?:the\s+)?{_NAME}"
    rf"(?:,\s+{_NAME})*,?\s+and\s+{_NAME}"
)


def _listed_after(fig: Figure, apart: tuple[str, ...]) -> list[str]:
    """The story countries named right after the figure, before any other number or the end of
    the clause: "about 700 people across Mozambique, Zimbabwe and Malawi"."""
    sent = fig.sentence or ""
    at = sent.find(fig.text) if fig.text else -1
    if at < 0:
        return []
    m = _LIST_AFTER.match(sent, at + len(fig.text))
    return [c for c in article_countries(m.group(0)) if c in apart] if m else []


#: "in six states", "across three provinces": a count over several areas of one kind
_ACROSS_MANY = re.compile(
    rf"\s*(?:[a-z]+\s+){{0,4}}?(?:in|across|throughout|over)\s+(?:the\s+)?(?:{_NUMBER_WORDS}|\d+)\s+"
    r"(?:states|provinces|regions|counties|districts|prefectures|countries|islands)\b"
)


def _over_many(fig: Figure, countries: tuple[str, ...]) -> bool:
    """Whether the words right after the count spread it over several areas: "in six states",
    or a list naming two or more places the gazetteer knows ("in North and South Carolina,
    Georgia, Florida and Tennessee")."""
    sent = fig.sentence or ""
    at = sent.find(fig.text) if fig.text else -1
    if at < 0:
        return False
    end = at + len(fig.text)
    if _ACROSS_MANY.match(sent, end):
        return True
    m = _LIST_AFTER.match(sent, end)
    if m is None:
        return False
    names = re.findall(_NAME, m.group(0))
    found = {a.id for nm in names if (a := resolve(nm, countries=countries)) is not None}
    return len(found) >= 2


def _segment(fig: Figure) -> str:
    """The part of the figure's sentence between commas, semicolons, and dashes that holds
    it (a number's own thousands commas do not split it)."""
    sent = fig.sentence or ""
    at = sent.find(fig.text) if fig.text else -1
    if at < 0:
        return sent
    start, end = 0, len(sent)
    for m in _SEGMENT_SEP.finditer(sent):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at + len(fig.text):
            end = m.start()
            break
    return sent[start:end]


def _clause(fig: Figure) -> str:
    """The part of the figure's sentence between semicolons (or "while") that holds it:
    "Mozambique has reported 602 deaths; in Malawi, at least 59 have died"."""
    sent = fig.sentence or ""
    at = sent.find(fig.text) if fig.text else -1
    if at < 0:
        return sent
    start = 0
    for m in _CLAUSE_SEP.finditer(sent):
        if m.start() > at:
            return sent[start : m.start()]
        start = m.end()
    return sent[start:]


def _series_place(fig: Figure, ctx: SeriesContext) -> SeriesPlace:
    """The area a figure covers (see the module docstring). A place the figure only inherits
    from its article (headline, lede, dateline) is not its own in a one-off event (a war's
    articles are about its places: the battle for Bakhmut) unless its claimant speaks for that
    place: "the toll rose to 820" under a headline about one province is the national toll;
    "150 were taken in, said the deputy mayor of Brask" in Brask's article stays Brask's."""
    if not fig.place:
        return STORY_WIDE
    inherited = "place:article" in fig.rule
    if "place:event-site" in fig.rule and ctx.event not in ONGOING:
        site = resolve(_bare(fig.place), countries=ctx.countries)
        home = {h for h in (*ctx.home, *ctx.apart) if len(h) == 2}
        if site is not None and site.level == 1 and home and site.id not in home:
            # "the strongest earthquake to hit Ecuador in decades killed 235" in a story of
            # Japan's quakes: another event's site, so another series
            return SeriesPlace(site.id, site.name, site.level, site.path())
        return STORY_WIDE  # "since the ferry overturned off Jindo": the event's site
    if inherited and ctx.event not in ONGOING and not _local_claimant(fig):
        return STORY_WIDE  # a one-off event: the article's place is the event's
    if (
        ctx.event not in ONGOING
        and not _attached(fig)
        and not _local_claimant(fig)
        and not (ctx.apart or ctx.spread)
    ):
        # "the quake, centred in Al Haouz province, has killed 820": a place named somewhere in
        # the clause describes the event, not the count, in a one-off event — unless it is
        # another country
        area = resolve(_bare(fig.place), countries=ctx.countries)
        held = area is not None and "|held:" in area.id  # the part one side holds: a count's
        if area is not None and area.level >= 2 and area.country in ctx.countries and not held:
            return STORY_WIDE  # (a place the gazetteer does not know stays its own: it may be
            # another event's town; an article with no known country has no such context)
    # a local official's count is the place's own, even where that place stands for the story
    # — but a country's officials in a story of that country give the story's toll
    home = tuple(h for h in ctx.home if len(h) == 2 or h in ctx.sites) if inherited else ctx.home
    # (the story's own site stays the story's: its district collector gives the story's toll)
    countries = ctx.countries
    if held_without_country(fig.place):
        # "in the insurgent-held areas": of the country the article is about
        own = ctx.home_country or next((h for h in ctx.home if len(h) == 2), None)
        countries = (own,) if own else countries
    return _place(_bare(fig.place), countries, home, ctx.spread)


_ATTACHED = ("place:local", "place:attached", "measure:list-member", "place:toll-of",
             "place:fronted", "place:frame", "place:anaphora", "place:tally-row",
             "place:section")  # fmt: skip


def _attached(fig: Figure) -> bool:
    """Whether the figure's place is its own: right after the count ("13 dead in Marrakesh"), a
    list member's, or the toll's ("Derna's toll")."""
    return any(r in fig.rule for r in _ATTACHED)


_LOCAL_ROLE = re.compile(
    r"\b(?:mayor|deputy mayor|village|town|municipal|local|district|county|councillor|sheriff)",
    re.I,
)


def _local_claimant(fig: Figure) -> bool:
    """Whether the figure's claimant speaks for the place it inherits ("Henrik Solva, deputy
    mayor of Brask" in an article about Brask)."""
    key = place_key(fig.place)
    c = fig.claimant
    words = " ".join(x for x in (c.role, c.org, c.person) if x).lower()
    return bool(key) and key in words


def scope_key(fig: Figure, event: str = "") -> str:
    """The scope part of a series key: the class, and a period's dates or label. In a one-off
    event (a quake, a fire) a count "on Saturday" is the toll to date, not a day's rate."""
    sc = fig.scope
    cls = scope_class(fig)
    if sc.kind == "day" and event not in ONGOING:
        return "cumulative"
    if sc.kind == "period" and event not in ONGOING and _runs_to_now(fig):
        return "cumulative"  # "since the blast", "this month": the toll to date
    if sc.kind != "period":
        return cls
    # months, not days: "since December" said on 2 May and on 3 May is one period
    if sc.vague:
        week = f"{sc.end.isocalendar()[0]}w{sc.end.isocalendar()[1]}" if sc.end else ""
        return f"period:vague:{sc.label.lower()}:{week}"
    if sc.start and sc.end:
        return f"period:{sc.start:%Y-%m}:{sc.end:%Y-%m}"
    if sc.end:
        return f"period:..:{sc.end:%Y-%m}:{sc.label.lower()}"
    return f"period:{sc.label.lower()}"


def _runs_to_now(fig: Figure) -> bool:
    """Whether a period runs up to the publication date (within two days)."""
    end, pub = fig.scope.end, fig.published
    return end is not None and pub is not None and (pub.date() - end).days <= 2


def unjudged_reason(fig: Figure) -> str | None:
    """Why a figure is kept without a verdict, or None when it is judged."""
    if fig.modality == "projection":
        return "a projection: kept and shown, never compared with counts"
    if not fig.event:
        return "about another event: kept, never judged against this story"
    if fig.scope.kind == "increment":
        return "an increment (a change, not a level): kept, never compared with levels"
    if fig.kind == "multiple" or not fig.measure:
        return "not a count of its own"
    if fig.measure.removeprefix("ratio:") not in PEOPLE_MEASURES:
        return "counts things, not people (homes, aftershocks, livestock): kept, not judged"
    if vague(fig):
        return "a vague amount (dozens, hundreds, thousands): kept, too wide to judge"
    return None


#: a day's count in the past 24 hours (rule marks of ``monitor.figures.scope``)
_PAST_DAY_RULES = ("scope:past_24h", "scope:past_unit", "scope:days_toll")
_PAST_WORD = re.compile(r"\b(?:past|last|previous)\b", re.I)


_VAGUE = re.compile(
    r"\b(?:dozens|hundreds|thousands|millions|scores|several|numerous|a few|many)\b", re.I
)


def vague(fig: Figure) -> bool:
    """An amount in words that spans a wide interval: "dozens", "hundreds", "thousands" (not
    "as many", which repeats a number already given)."""
    text = fig.text.lower()
    return (
        not any(ch.isdigit() for ch in text) and "as many" not in text and bool(_VAGUE.search(text))
    )


def series_key(
    fig: Figure, ctx: SeriesContext = SeriesContext()
) -> tuple[str | None, SeriesPlace | None, str]:
    """(key, place, why) of a figure's series; key None when the figure is never judged."""
    why = unjudged_reason(fig)
    if why:
        return None, None, why
    if (
        ctx.event not in ONGOING
        and fig.scope.kind == "day"
        and (
            any(r in fig.rule for r in _PAST_DAY_RULES)
            # "in last 24 hours" (not "within 24 hours of the quake": the toll since it)
            or ("scope:past_n" in fig.rule and _PAST_WORD.search(fig.scope.label))
        )
    ):
        return None, None, "a day's count (the past 24 hours): kept, never compared with the toll"
    if ctx.event not in ONGOING and _WIDER_WAR.search(_clause(fig)):
        return None, None, "a count of the war around the event: kept, never judged against it"
    place = series_place(fig, ctx)
    if place is STORY_WIDE and not fig.place and _LOCAL_ROLE.search(fig.claimant.role or ""):
        return None, None, "a local official's count with no place named: its area is unknown"
    pop = population(fig)
    if "place:tally-row" in fig.rule and pop.endswith(", people"):
        pop = "people"  # a tally row's own place wins over a side carried to it
    if pop.endswith(", people") and (nation := _nation(fig.side, ctx.countries)) is not None:
        # a nation's people ("154 Iranians", "464 Iranian pilgrims") are that country's toll
        # in the story ("Iran has reported 136 deaths"), wherever the article was written
        pop, place = "people", nation
    if fig.kind == "ratio":
        pop = f"ratio:{pop}"
    key = f"{ctx.story_id or 0}|{fig.measure}|{pop}|{place.id}|{scope_key(fig, ctx.event)}"
    return key, place, "judged in its series"


#: a count of the war an event happened in, not of the event ("since the war broke out on October
#: 7, about 3,000 people have been killed", "had died in 11 days of bombardment")
_WIDER_WAR = re.compile(
    r"\b(?:since\s+the\s+(?:war|conflict|fighting|offensive|invasion)|(?:in|during|throughout)\s+"
    r"the\s+(?:war|conflict)\b|the\s+(?:war|conflict)\s+(?:has|had)\b|\d+\s+(?:days|weeks|months)\s+"
    r"of\s+(?:\w+\s+){0,2}(?:bombardment|air\s*strikes|strikes|shelling|fighting|war))",
    re.I,
)


def _nation(side: str | None, countries: tuple[str, ...] = ()) -> SeriesPlace | None:
    """The country a side names ("Iran"), as a series place — or the state, where the rows of
    a tally are one country's states ("Georgia: 25" beside "North Carolina: 77"); None for other
    sides."""
    if not side:
        return None
    area = resolve(side, countries=countries)
    if area is None or area.level != 2 or area.country not in countries:
        area = resolve(side)  # a nation ("Peru"), whatever the article's countries
    if area is None or area.level > 2 or area.level == 2 and area.country not in countries:
        return None
    return SeriesPlace(area.id, area.name, area.level, area.path())


def comparison_key(fig: Figure, ctx: SeriesContext = SeriesContext()) -> str | None:
    """The series key of a figure (outside any story by default): for tests and pure judging."""
    return series_key(fig, ctx)[0]


def explain_series(fig: Figure, ctx: SeriesContext) -> dict[str, object]:
    """What ``figwatch explain`` shows of a figure's series: its area (with parents), story,
    series key (or why it has none), modality and whether it is about this event."""
    key, place, why = series_key(fig, ctx)
    return {
        "area": place.id if place else None,
        "area_path": (place.path or place.name) if place else None,
        "area_level": place.level if place else None,
        "story": f"{ctx.event or 'unknown event'}"
        + (f" in {', '.join(ctx.countries[:3])}" if ctx.countries else ""),
        "series": key,
        "why": why,
        "modality": fig.modality,
        "event": fig.event,
    }
