"""Stories: articles grouped by the event they report, so that figures are compared only within
their event.

An article joins a story when it reports the same kind of event (earthquake, flood, fire …) in an
overlapping place (its countries from the gazetteer, else its main place's name) within a time
window — or, whatever its words, when it is a near-copy or derivative of an article already in a
story. Otherwise it opens a new story. The window is symmetric, so an older article crawled late
joins the story it belongs to whatever the order of arrival.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlmodel import Session, col, select

from monitor.figures.areas import article_countries, country_scores, resolve
from monitor.figures.context import article_place
from monitor.figures.places import place_key, place_mentions
from monitor.figures.sentences import split_sentences
from monitor.verdicts.series import SeriesContext
from storage.locks import advisory_xact_lock
from storage.models.figures import StoryMemberRow, StoryRow
from storage.timeutil import as_utc, utcnow

#: how far an article may lie before a story's first or after its last article and still join it
#: (tolls are revised for months: Puerto Rico's Maria toll eleven months on; a battle runs for a
#: season; two events of one kind in one country within this window share a story)
BEFORE = timedelta(days=30)
AFTER = timedelta(days=180)
#: how far apart an article and a story may lie when the headline also shares a name with the
#: story's headlines ("Rana Plaza", "Grenfell"): anniversaries and final tolls come a year on
NAMED = timedelta(days=400)

#: event kinds and the words that name them (first match in the headline, else in the lede)
EVENT_WORDS: dict[str, tuple[str, ...]] = {
    "earthquake": ("earthquake", "quake", "tremor", "aftershock", "seismic", "tsunami"),
    # a storm's deaths are mostly its floods and landslides: one kind of event
    "storm": (
        "hurricane",
        "typhoon",
        "cyclone",
        "storm",
        "tornado",
        "super typhoon",
        "flood",
        "floods",
        "flooding",
        "flash flood",
        "dam collapse",
        "dams burst",
        "deluge",
        "landslide",
        "mudslide",
        "monsoon",
    ),
    "fire": ("fire", "wildfire", "blaze", "inferno", "bushfire", "wildfires", "fires"),
    "explosion": ("explosion", "blast", "explosions", "blasts"),
    "collapse": ("collapse", "collapsed", "building collapse"),
    "shipwreck": ("ferry", "capsized", "sinking", "sank", "shipwreck", "boat disaster"),
    "war": (
        "war",
        "battle",
        "offensive",
        "invasion",
        "shelling",
        "front line",
        "frontline",
        "airstrike",
        "airstrikes",
        "troops",
        "soldiers",
    ),
    "attack": ("attack", "shooting", "gunman", "bombing", "massacre", "stabbing"),
    "crash": ("crash", "derailment", "derailed", "plane crash", "collision"),
    "crush": ("stampede", "stampedes", "crush", "crowd crush", "crowd surge"),
    "epidemic": ("outbreak", "epidemic", "pandemic", "cholera", "virus"),
    "heat": ("heatwave", "heat wave", "drought", "famine"),
}
_EVENT_RX = {  # each word also in the plural ("landslides", "crashes")
    kind: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?:e?s)?\b", re.I)
    for kind, words in EVENT_WORDS.items()
}
# "Miami-Dade Fire Rescue", "the fire chief", "firefighters": a service, not a fire
_EVENT_RX["fire"] = re.compile(
    r"\b(?:fire|wildfire|blaze|inferno|bushfire|wildfires|fires)\b(?!\s+(?:and\s+)?(?:rescue|department|"
    r"dept|services?|force|chief|brigades?|station|trucks?|engines?|fighters?|crews?|officials?|marshal|"
    r"captain|commissioner|authority)\b)",
    re.I,
)


@dataclass(slots=True)
class StoryRef:
    """The story an article joined, and the context its figures' series are keyed in."""

    id: int
    context: SeriesContext
    created: bool = False
    #: the story's shape changed with this article (it now spans several countries, or has a
    #: country of its own): the series keys of its stored figures are to be worked out again
    reshaped: bool = False


def event_kind(title: str | None, text: str) -> str:
    """The event an article reports: the kind named most in its headline and lede ('' if none)."""
    counts = _kind_counts(title, text)
    best, score = "", 0
    for kind, n in counts.items():
        if n > score:
            best, score = kind, n
    return best


def event_kinds(title: str | None, text: str) -> set[str]:
    """Every kind of event an article's headline and lede name (a collapse story's "fire in the
    rubble", a cyclone's cholera): an article naming a story's kind may join it."""
    return {kind for kind, n in _kind_counts(title, text).items() if n}


@lru_cache(maxsize=8)
def _kind_counts(title: str | None, text: str) -> dict[str, int]:
    """How often each kind of event is named: the headline counts three times, the lede (its
    first 160 words) once. Cached: one ingest asks for the kind and for the kinds."""
    lede = " ".join(text.split()[:160])
    return {
        kind: 3 * len(rx.findall(title or "")) + len(rx.findall(lede))
        for kind, rx in _EVENT_RX.items()
    }


def article_areas(text: str, title: str | None) -> list[str]:
    """The article's countries (ISO codes), else the normalised names of the places it names
    (main place first): places the gazetteer does not know."""
    countries = article_countries(text, title)
    place, _rule = article_place(text, title)
    if countries:
        # the country of the article's own place ("Surfside" in an article naming only the
        # victims' home countries)
        cc = _place_country(text, title, place, countries)
        return [*countries, cc] if cc and cc not in countries else countries
    names = [place] if place else []
    body = f"{title or ''}\n{text[:6000]}"
    for start, end in split_sentences(body):
        names.extend(p for _, p in place_mentions(body[start:end]))
    keys = [place_key(n) for n in names]
    return list(dict.fromkeys(f"raw:{k}" for k in keys if k))


def _place_country(
    text: str, title: str | None, place: str | None, countries: list[str]
) -> str | None:
    """The country of the article's own place, else of the first place its lede names that the
    gazetteer resolves ("Florida" is ambiguous; "Surfside" is not)."""
    names = [place] if place else []
    lede = f"{title or ''}\n{text[:1500]}"
    for start, end in split_sentences(lede)[:4]:
        names.extend(p for _, p in place_mentions(lede[start:end]))
    for name in dict.fromkeys(names):
        area = resolve(name, countries=countries) or resolve(name)
        if area is not None and area.country:
            return area.country
    return None


def article_home(text: str, title: str | None) -> tuple[str, ...]:
    """The areas that stand for the whole story in an article: its dominant country (when no
    other country comes close: an article about two countries has none) and its main place when
    the gazetteer does not know it ("Grenfell Tower", "the Karsk valley")."""
    scores = country_scores(text, title)
    ranked = scores.most_common(2)
    home: list[str] = []
    if ranked and (len(ranked) == 1 or ranked[1][1] < 0.5 * ranked[0][1]):
        home.append(ranked[0][0])
    place, _rule = article_place(text, title)
    if (
        place
        and place_key(place)
        and not _PART.search(place)
        and not re.search(rf"\b{re.escape(place)}\s+{_PART.pattern}", f"{title or ''} {text}", re.I)
        and resolve(place, countries=[c for c, _ in ranked]) is None
    ):
        home.append(f"raw:{place_key(place)}")
    return tuple(home)


#: an unknown place named as an administrative unit ("Marrow county") is one part of a wider
#: event, never the event's own place
_PART = re.compile(r"\b(?:county|district|province|municipality|prefecture|commune|ward)\b", re.I)


def headline_areas(text: str, title: str | None) -> tuple[str, ...]:
    """The place the headline names below the country, and the regions between the two ("Beirut
    blast", "Maui fire" → Maui, Hawaii): the event's own place, unless the article breaks its
    figures down by place (``monitor.verdicts.record`` then drops it)."""
    place, rule = article_place(text, title)
    if not place or rule != "headline":
        return ()
    area = resolve(place, countries=article_countries(text, title))
    if area is None or area.level < 2 or "|held:" in area.id:
        return ()  # (what one side holds is where a count was made, never the event's place)
    return (area.id, *(p for p in area.parents if "-" in p or ":" in p))


_NAME_WORD = re.compile(r"\b[A-Z][\w'’-]{3,}\b")
_NOT_NAMES = re.compile(
    r"^(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|update|live|breaking|"
    r"video|photos|analysis|opinion|exclusive|watch)$",
    re.I,
)


def headline_names(text: str, title: str | None) -> list[str]:
    """The proper names a headline shares with its story ("Grenfell", "Rana", "Sewol"): words of
    the headline that the body writes capitalised and never in lower case (so a title-cased
    "Police" or "Toll" is not one). Stored with the story's areas as ``nm:<word>``."""
    if not title:
        return []
    body = text[:20000]
    out = []
    for w in dict.fromkeys(_NAME_WORD.findall(title)):
        word = w.rstrip("'’s") if w.endswith(("'s", "’s")) else w
        if len(word) < 4 or _NOT_NAMES.match(word) or _is_event_word(word):
            continue
        # written capitalised inside a sentence (not only at its start) and never in lower case
        if re.search(rf"(?<![.!?\"“]\s)(?<!^)\b{re.escape(word)}\b", body, re.M) and not re.search(
            rf"\b{re.escape(word.lower())}\b", body
        ):
            out.append(f"nm:{word.lower()}")
    return out


def _is_event_word(word: str) -> bool:
    return any(rx.fullmatch(word) for rx in _EVENT_RX.values())


def _names(story: StoryRow) -> set[str]:
    return {a for a in story.area_counts() if a.startswith("nm:")}


def _affinity(story: StoryRow, areas: list[str]) -> tuple[int, int, int]:
    counts = story.area_counts()
    return (sum(counts.get(a, 0) for a in areas), sum(counts.values()), -(story.id or 0))


_NOT_AREAS = ("hl:", "nm:", "home:", "site:", "at:")


def _overlap(a: list[str], b: list[str]) -> bool:
    """Whether two lists of areas may be one event's: countries must meet countries, and names
    the gazetteer does not know must meet such names; a side with only countries and a side
    with only unknown names cannot be told apart (they may be one event)."""
    a = [x for x in a if not x.startswith(_NOT_AREAS)]  # headline places, names and homes
    b = [x for x in b if not x.startswith(_NOT_AREAS)]  # are not the story's areas
    if not a or not b:
        return True
    known_a = {x for x in a if not x.startswith("raw:")}
    known_b = {x for x in b if not x.startswith("raw:")}
    if known_a and known_b:
        return bool(known_a & known_b)
    if not known_a and not known_b:
        return bool(set(a) & set(b))
    return True


@dataclass(frozen=True, slots=True)
class StoryText:
    """What ``assign_story`` and ``story_context`` read of an article's text and title alone,
    worked out once (``story_text``): ahead, in a crawl's analysis worker (``monitor.ingest.
    pretext``), or by ``assign_story`` itself. Valid only for the text and title it was made from."""

    areas: list[str]  # article_areas
    event: str  # event_kind
    kinds: frozenset[str]  # event_kinds
    names: list[str]  # headline_names
    chain: tuple[str, ...]  # headline_areas
    home: tuple[str, ...]  # article_home
    countries: tuple[str, ...]  # article_countries
    site: str | None  # article_site
    town: str | None

    @property
    def home_country(self) -> str | None:
        """The article's one dominant country (ISO code), if it has one."""
        return self.home[0] if self.home and ":" not in self.home[0] else None


def story_text(text: str, title: str | None) -> StoryText:
    """The text-only facts of an article that stories read (see ``StoryText``)."""
    site, town = article_site(text, title)
    return StoryText(
        areas=article_areas(text, title),
        event=event_kind(title, text),
        kinds=frozenset(event_kinds(title, text)),
        names=headline_names(text, title),
        chain=headline_areas(text, title),
        home=article_home(text, title),
        countries=tuple(article_countries(text, title)),
        site=site,
        town=town,
    )


def assign_story(
    session: Session,
    *,
    article_id: int,
    text: str,
    title: str | None,
    published: datetime | None,
    related: Sequence[int] = (),
    facts: StoryText | None = None,
) -> StoryRef:
    """The story of an article (joined or opened), recorded in ``story_member``. ``related``:
    articles it copies or re-uses passages of (their story wins). ``facts``: ``story_text`` of
    this very text and title, when made ahead. Idempotent."""
    st = facts if facts is not None else story_text(text, title)
    areas, event, kinds = st.areas, st.event, st.kinds
    member = session.get(StoryMemberRow, article_id)
    if member is not None:
        story_row = session.get(StoryRow, member.story_id)
        return StoryRef(
            member.story_id, story_context(member.story_id, story_row, text, title, facts=st)
        )
    when = as_utc(published) or utcnow()
    advisory_xact_lock(session, f"stories:{event}")
    story = None
    for other in related:
        m = session.get(StoryMemberRow, other) if other != article_id else None
        if m is not None:
            story = session.get(StoryRow, m.story_id)
            break
    names = st.names
    if story is None:
        q = select(StoryRow).where(
            col(StoryRow.first_published) <= when + NAMED,
            col(StoryRow.last_published) >= when - NAMED,
        )
        cands = [
            s for s in session.exec(q).all() if _joins(s, when, event, areas, set(names), kinds)
        ]
        if cands:
            # a story of its own kind of event first, then the one that names the article's
            # places most often (the bigger one on a tie)
            story = max(cands, key=lambda s: (s.event == event, _affinity(s, areas)))
    created = story is None
    if story is None:
        story = StoryRow(
            event=event,
            label=(title or text[:80]).strip()[:200],
            areas="",
            first_published=when,
            last_published=when,
        )
    else:
        story.event = story.event or event  # a story opened by an article without event words
        story.first_published = min(as_utc(story.first_published) or when, when)
        story.last_published = max(as_utc(story.last_published) or when, when)
    chain = st.chain  # the place and its regions, counted as one place
    home = st.home_country
    site, town = st.site, st.town
    shape = None if created else story_shape(story)
    story.count_areas(
        [
            *areas,
            *names,
            *([f"hl:{'>'.join(chain)}"] if chain else []),
            *([f"home:{home}"] if home else []),
            *([f"site:{site}"] if site else []),
            *([f"at:{town}"] if town else []),
        ]
    )
    session.add(story)
    session.flush()
    session.add(StoryMemberRow(article_id=article_id, story_id=story.id))  # type: ignore[arg-type]
    session.flush()
    reshaped = shape is not None and shape != story_shape(story)
    context = story_context(story.id, story, text, title, facts=st)
    return StoryRef(story.id, context, created, reshaped)  # type: ignore[arg-type]


def story_shape(
    story: StoryRow | None,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool, str | None]:
    """What of a story keys its figures' series: the countries it spans apart, its country, its
    site (a place the gazetteer does not know), whether it spreads over regions apart, and the
    country leading a story over several (an article about none of them counts for it)."""
    apart = _countries_apart(story)  # (grows only; the leading country needs twice the next
    # one's articles, so it swings only while the story is small)
    return (
        apart,
        () if apart else _story_country(story),
        (*story_sites(story), *([t] if (t := story_town(story)) else [])),
        _spread(story),
        _leading_country(story) if apart else None,
    )


def article_site(text: str, title: str | None) -> tuple[str | None, str | None]:
    """The article's own place, once: as a normalised name when the gazetteer does not know it
    ("Wayanad", "Mina": the story may take it for the event's site), else as its area id when it
    is a town or county (the story may take it for the event's town)."""
    place, _rule = article_place(text, title)
    if not place:
        return None, None
    area = resolve(place, countries=article_countries(text, title))
    if area is not None:
        town = area.level >= 3 and "|" not in area.id
        return None, area.id if town else None
    key = place_key(place)
    return (key if key and not _EVENT_NAME_WORDS.search(place) else None), None


#: words that make a place the event's name, not its site
_EVENT_NAME_WORDS = re.compile(
    r"\b(?:typhoon|hurricane|cyclone|storm|express|railways?|category|congress)\b", re.I
)


def story_town(story: StoryRow | None) -> str | None:
    """The town a story happened in: the own place of three or more of its articles and of
    twice as many as any other town ("Surfside" in a building collapse's articles)."""
    if story is None:
        return None
    towns = sorted(
        ((n, a[3:]) for a, n in story.area_counts().items() if a.startswith("at:")), reverse=True
    )
    if not towns or towns[0][0] < 3 or (len(towns) > 1 and towns[0][0] < 2 * towns[1][0]):
        return None
    return towns[0][1]


def story_sites(story: StoryRow | None) -> tuple[str, ...]:
    """The story's site: a place the gazetteer does not know that is the own place of two or
    more of its articles, twice as many as any other such place, and whose words its headlines
    name as proper names in two or more ("Wayanad" in "Wayanad landslides: toll rises to 308"):
    its figures there are the whole story's. A district the gazetteer does not know is thus not one part of the event when the
    story is about it."""
    if story is None:
        return ()
    counts = story.area_counts()
    ranked = sorted(((n, a[5:]) for a, n in counts.items() if a.startswith("site:")), reverse=True)
    if not ranked or ranked[0][0] < 2 or (len(ranked) > 1 and ranked[0][0] < 2 * ranked[1][0]):
        return ()  # one site, named twice as often as any other ("Brask" is one town of the
        # "Karsk valley" its local paper writes about)
    site = ranked[0][1]
    return (site,) if all(counts.get(f"nm:{w}", 0) >= 2 for w in site.split()) else ()


def _joins(
    story: StoryRow,
    when: datetime,
    event: str,
    areas: list[str],
    names: set[str],
    kinds: Set[str] = frozenset(),
) -> bool:
    """Whether an article (published ``when``, about ``event`` in ``areas``, its headline naming
    ``names``) belongs to ``story``: the same kind of event in an overlapping place within the
    window; or a headline name shared with the story's headlines, which also carries an article
    with no event word ("Police fear not every Grenfell victim can be identified") or a victim's
    other country, and reaches a year on (an anniversary's revised toll)."""
    shared = bool(names & _names(story))
    first = as_utc(story.first_published) or when
    last = as_utc(story.last_published) or when
    near = first <= when + BEFORE and last >= when - AFTER
    if story.event and story.event in kinds and event != story.event:
        event = story.event  # it names the story's kind of event too: the same event
    if event and story.event == event and near and _overlap(story.area_list(), areas):
        return True
    if (
        not (event and story.event)
        and near
        and areas
        and story.area_list()
        and _overlap(story.area_list(), areas)
    ):
        return True  # no event word on one side: the story of its places
    if not shared or (event and story.event and story.event != event):
        return False
    return near or _overlap(story.area_list(), areas)


def text_context(text: str, title: str | None = None) -> SeriesContext:
    """The series context a text would have, without a database (``figwatch explain``): its
    event kind, countries and home areas; no story id."""
    return SeriesContext(
        event=event_kind(title, text),
        countries=tuple(article_countries(text, title)),
        home=article_home(text, title),
        event_areas=headline_areas(text, title),
    )


def _event_areas(story: StoryRow | None, own: tuple[str, ...]) -> tuple[str, ...]:
    """The places that stand for the story as a whole: the ones its headlines have named at least
    twice, and this headline's own place while no other headline names another place (one
    article's town is not the story's place when headlines name different towns)."""
    if story is None:
        return own
    chains = {
        a.removeprefix("hl:"): n for a, n in story.area_counts().items() if a.startswith("hl:")
    }
    shared = [x for chain, n in chains.items() if n >= 2 for x in chain.split(">")]
    if set(chains) <= {">".join(own)}:
        return tuple(dict.fromkeys([*own, *shared]))
    if _apart_regions(list(chains)):
        return ()  # headlines name two regions apart (a storm's Florida and North Carolina):
        # neither is the event's place, each is one part of it
    return tuple(dict.fromkeys(shared))


def _apart_regions(chains: list[str]) -> bool:
    """Whether headline chains ("US-fips:37021>US-NC", "US-FL") end in two regions, neither of
    which is in the other's chain."""
    # (only ISO subdivisions are compared: a city's GeoNames region, "geo-admin1:IN.21", may be
    # the same region as "IN-OD" under another code)
    parts = [p for c in chains if _ISO_SUB.match((p := c.split(">"))[-1])]
    return any(a[-1] != b[-1] and a[-1] not in b and b[-1] not in a for a in parts for b in parts)


_ISO_SUB = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


#: events at one site (a building, a ship, a crowd): the countries their articles are about are
#: the victims' or the outlets', never places the event spans
ONE_SITE = {"fire", "explosion", "collapse", "shipwreck", "attack", "crash", "crush"}


def _countries_apart(story: StoryRow | None) -> tuple[str, ...]:
    """The countries of a story that spans several, each the main country of two or more of its
    articles (a hurricane over Dominica and Puerto Rico, a quake in two countries): each
    country's toll is then a series of its own. Empty for a story of one country, and for an
    event at one site (``ONE_SITE``: the Hajj crush's articles about Iran are about Iranian
    pilgrims, not about a toll in Iran)."""
    if story is None or story.event in ONE_SITE:
        return ()
    homes = [a[5:] for a, n in story.area_counts().items() if a.startswith("home:") and n >= 2]
    return tuple(sorted(homes)) if len(homes) >= 2 else ()


def _leading_country(story: StoryRow | None) -> str | None:
    """The country most of a story's articles are about, when it leads the next by two to one
    (an earthquake in Nepal that also killed people in India and Tibet)."""
    if story is None:
        return None
    homes = sorted(
        ((n, a[5:]) for a, n in story.area_counts().items() if a.startswith("home:")), reverse=True
    )
    if not homes or (len(homes) > 1 and homes[0][0] < 2 * homes[1][0]):
        return None
    return homes[0][1]


def story_context(
    story_id: int | None,
    story: StoryRow | None,
    text: str,
    title: str | None,
    facts: StoryText | None = None,
) -> SeriesContext:
    """The series context of one of a story's articles, as the story now is (``facts``:
    ``story_text`` of this very text and title, when already made)."""
    st = facts if facts is not None else story_text(text, title)
    apart = _countries_apart(story)
    main = () if apart else _story_country(story)
    sites = tuple(f"raw:{s}" for s in story_sites(story))
    spread = _spread(story)
    town = story_town(story)
    return SeriesContext(
        story_id=story_id,
        event=story.event if story else "",
        countries=st.countries,
        home=tuple(dict.fromkeys([*st.home, *main, *sites])),
        event_areas=tuple(
            dict.fromkeys(
                [
                    *_event_areas(story, st.chain),
                    *([town] if town and not spread else []),
                ]
            )
        ),
        # an article about no one country, in a story led by one, is about the leading one
        home_country=st.home_country or _leading_country(story),
        apart=apart,
        spread=spread,
        sites=sites,
    )


def _spread(story: StoryRow | None) -> bool:
    """Whether the story's headlines name regions of its country apart (``_apart_regions``)."""
    if story is None:
        return False
    return _apart_regions([a[3:] for a in story.area_counts() if a.startswith("hl:")])


def _story_country(story: StoryRow | None) -> tuple[str, ...]:
    """The country of a one-country story (the main country of most of its articles): "Haiti"
    in an article about aid from three countries is still the story's toll."""
    if story is None:
        return ()
    homes = {a[5:]: n for a, n in story.area_counts().items() if a.startswith("home:")}
    if not homes:
        return ()
    top = max(homes, key=lambda c: homes[c])
    # one article's country is the story's while no other country is any article's (a story
    # crawled latest first has one article at the start)
    return (top,) if homes[top] >= 2 or len(homes) == 1 else ()
