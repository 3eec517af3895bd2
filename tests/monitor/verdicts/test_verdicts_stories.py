"""Stories: which articles are one event (monitor.verdicts.stories.assign_story), on a migrated
SQLite database. Our own headlines and texts, with invented names."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from monitor.verdicts.stories import assign_story, event_kind, headline_names
from storage.db import connect, session_scope
from storage.models import ArticleRow

DAY0 = datetime(2025, 4, 24, 8, tzinfo=UTC)
FIRST = (
    "Kelvane factory collapse kills 86",
    "At least 86 garment workers died when the eight-storey Velka Tower factory block collapsed "
    "in Kelvane, outside the capital of Corvania, on Wednesday, police said.",
)
LATER = (
    "Velka Tower toll now 1,126",
    "Rescuers searching the ruins of the Velka Tower factory block in Corvania said the toll had "
    "reached 1,126.",
)
NO_EVENT_WORD = (
    "A Velka Tower survivor looks for her missing sister",
    "Mirela Dusan has visited the hospitals of Kelvane every day since the Velka Tower came down, "
    "carrying a photograph of her sister.",
)
ANNIVERSARY = (
    "A year on, Velka Tower families still wait for answers",
    "Relatives of the 1,134 people who died when the Velka Tower factory block fell gathered in "
    "Kelvane on Friday.",
)


@pytest.fixture()
def session(tmp_path: Path) -> Iterator[Session]:
    engine = connect(f"sqlite:///{tmp_path / 'stories.db'}")
    with session_scope(engine) as s:
        yield s
    engine.dispose()


def _story(session: Session, aid: int, article: tuple[str, str], when: datetime) -> int:
    title, text = article
    session.add(ArticleRow(id=aid, url=f"https://news.example/{aid}", site="news.example",
                           title=title, published=when))  # fmt: skip
    session.flush()
    return assign_story(session, article_id=aid, text=text, title=title, published=when).id


def test_headline_names_are_the_words_the_body_always_capitalises():
    title = "Police Fear Not Every Velka Tower Victim Can Be Identified"
    text = "The police said the Velka Tower victims may never all be named. A victim's mother wept."
    assert headline_names(text, title) == ["nm:velka", "nm:tower"]


@pytest.mark.parametrize("reverse", [False, True])
def test_a_headline_name_carries_articles_without_an_event_word_and_a_year_on(
    session: Session, reverse: bool
):
    articles = [
        (FIRST, DAY0),
        (LATER, DAY0 + timedelta(days=17)),
        (NO_EVENT_WORD, DAY0 + timedelta(days=7)),
        (ANNIVERSARY, DAY0 + timedelta(days=366)),
    ]
    if reverse:
        articles = articles[::-1]
    ids = {_story(session, i, a, w) for i, (a, w) in enumerate(articles, 1)}
    assert len(ids) == 1


def test_a_story_over_two_countries_keys_each_article_s_toll_by_its_country(session: Session):
    from monitor.figures import extract_figures
    from monitor.verdicts.series import series_key

    texts = [
        ("Storm Ilsa toll in Dominica rises to 12", "Storm Ilsa has killed 12 people in Dominica, "
         "Dominica's police chief said, as the island counted its dead."),
        ("Dominica counts 15 dead after Storm Ilsa", "Dominica's prime minister said 15 people had "
         "died on the island of Dominica since Storm Ilsa struck."),
        ("Storm Ilsa kills 9 in Puerto Rico", "Storm Ilsa has killed nine people in Puerto Rico, the "
         "governor of Puerto Rico said, as Puerto Rico remained without power."),
        ("Puerto Rico toll from Storm Ilsa climbs to 16", "The death toll on the island rose to 16, "
         "Puerto Rico's governor said, as Puerto Rico began to rebuild."),
    ]  # fmt: skip
    keys = []
    for i, (title, text) in enumerate(texts, 1):
        when = DAY0 + timedelta(hours=6 * i)
        session.add(ArticleRow(id=i, url=f"https://news.example/{i}", site="news.example",
                               title=title, published=when))  # fmt: skip
        session.flush()
        ref = assign_story(session, article_id=i, text=text, title=title, published=when)
        (fig,) = [f for f in extract_figures(text, published=when) if f.measure == "killed"]
        keys.append(series_key(fig, ref.context)[0])
    assert len({k.split("|")[0] for k in keys}) == 1  # one story
    # once both countries are the main country of two articles, each has its own series: the
    # governor's 16 is Puerto Rico's, not a rise of Dominica's 15
    assert keys[3].split("|")[3] == "PR"


def test_a_fire_service_is_not_a_fire_and_an_article_naming_the_story_s_kind_joins_it(
    session: Session,
):
    from monitor.verdicts.stories import event_kind, event_kinds

    first = (
        "Tower block collapse in Surfside leaves 4 dead",
        "Four people died when part of a twelve-storey tower block collapsed in Surfside, "
        "Florida, and Miami-Dade Fire Rescue crews are searching the rubble, the mayor said.",
    )
    assert event_kind(first[0], first[1]) == "collapse"
    fire_in_rubble = (
        "Fire in Surfside rubble halts search; toll rises to 9",
        "A fire deep in the rubble forced crews to pause the search on Friday, and the toll from "
        "the Surfside tower collapse rose to nine, officials said.",
    )
    assert event_kind(*fire_in_rubble) == "fire"
    assert "collapse" in event_kinds(*fire_in_rubble)
    a = _story(session, 1, first, DAY0)
    b = _story(session, 2, fire_in_rubble, DAY0 + timedelta(days=2))
    assert a == b


def test_an_article_naming_only_the_victims_countries_joins_the_story_of_its_place(
    session: Session,
):
    from monitor.verdicts.stories import article_areas

    first = (
        "Surfside tower collapse: toll rises to 11",
        "The toll from the tower collapse in Surfside, Florida, rose to 11 on Monday, and 150 "
        "people are unaccounted for, officials said.",
    )
    victims = (
        "Another body found in Surfside rubble",
        "Rescuers recovered another body from the Surfside rubble. Relatives from Israel, "
        "Argentina and Paraguay are waiting for news; Israel has sent a rescue team.",
    )
    assert "US" in article_areas(victims[1], victims[0])
    a = _story(session, 1, first, DAY0)
    b = _story(session, 2, victims, DAY0 + timedelta(days=1))
    assert a == b


def test_event_words_count_in_the_plural_and_a_fire_force_is_a_service():
    title = "Landslides in the Velda hills: toll rises to 40"
    lede = "Soldiers and the fire force dug through mud after two landslides buried the village."
    assert event_kind(title, lede) == "storm"
    assert event_kind("Two trains: crashes on the coast line", "") == "crash"


def test_a_site_the_gazetteer_does_not_know_stands_for_the_story():
    from monitor.verdicts.stories import _apart_regions, story_sites
    from storage.models.figures import StoryRow

    s = StoryRow(event="landslide", areas="IN*5,site:varnakal*3,nm:varnakal*4,site:dorup*1")
    assert story_sites(s) == ("varnakal",)
    s = StoryRow(event="landslide", areas="IN*5,site:varnakal*3,nm:varnakal*1")
    assert story_sites(s) == ()  # its headlines do not name it twice
    assert _apart_regions(["US-fips:37021>US-NC", "US-FL"])
    assert not _apart_regions(["geo:1>US-FL", "geo:2>US-FL"])


def test_the_town_most_of_a_storys_articles_are_about_is_the_events_place():
    from monitor.verdicts.stories import story_town
    from storage.models.figures import StoryRow

    assert story_town(StoryRow(event="collapse", areas="US*9,at:geo:1*6,at:geo:2*2")) == "geo:1"
    assert story_town(StoryRow(event="collapse", areas="US*9,at:geo:1*4,at:geo:2*3")) is None
    assert story_town(StoryRow(event="collapse", areas="US*9,at:geo:1*2")) is None
