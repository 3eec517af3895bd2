"""Re-keying a story's figures when the story turns out to span several countries
(``monitor.verdicts.rekey``): the series a figure falls in must not depend on the order the
articles arrived in. Fictional articles about a fictional cyclone, written for this test."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from monitor.article import Article
from monitor.ingest import ingest
from monitor.verdicts.rekey import _moves
from storage.db import session_scope
from storage.models.alerts import OutboxRow
from storage.models.figures import FigureRow, StoryRow, VerdictRow

ZW = "1|killed|people|ZW|cumulative"
MZ = "1|killed|people|MZ|cumulative"

ARTICLES = [
    ("z1", datetime(2024, 3, 11, 9), "Cyclone Kela kills 31 in Zimbabwe",
     "The death toll from Cyclone Kela rose to 31 on Monday, the information ministry said in "
     "Harare. Roads in the east remain cut off."),
    ("z2", datetime(2024, 3, 12, 9), "Zimbabwe cyclone toll climbs to 45",
     "The death toll from Cyclone Kela climbed to 45 on Tuesday, the information ministry said "
     "in Harare, as rescuers reached villages in the east."),
    ("m1", datetime(2024, 3, 12, 15), "Cyclone Kela: Mozambique counts 120 dead",
     "The death toll from Cyclone Kela in Mozambique rose to 120 on Tuesday, the disaster "
     "agency said in Maputo. Beira was still flooded."),
    ("m2", datetime(2024, 3, 13, 9), "Mozambique cyclone toll reaches 150",
     "The disaster agency said in Maputo on Wednesday that the death toll from Cyclone Kela had "
     "risen to 150. Aid flights landed in Beira."),
    ("z3", datetime(2024, 3, 13, 15), "Cyclone toll in Zimbabwe rises to 52",
     "The death toll from Cyclone Kela rose to 52 on Wednesday, the information ministry said "
     "in Harare."),
]  # fmt: skip


def _ingest_all(engine) -> None:
    for slug, pub, title, text in ARTICLES:
        article = Article(url=f"https://news.example/{slug}", title=title, text=text,
                          published=pub, source="test")  # fmt: skip
        ingest(article, engine)


def _latest(session) -> dict[float, tuple[str, float | None]]:
    figs = {f.id: f for f in session.exec(select(FigureRow)).all()}
    out: dict[float, tuple[str, float | None]] = {}
    for v in session.exec(select(VerdictRow).order_by(VerdictRow.id)).all():  # type: ignore[arg-type]
        ref = figs.get(v.stored_figure_id)
        out[figs[v.figure_id].low] = (v.kind, ref.low if ref else None)
    return out


def test_a_story_that_turns_out_to_span_two_countries_keys_its_earlier_figures_again(engine):
    _ingest_all(engine)
    with session_scope(engine) as session:
        keys = {f.low: f.comparison_key for f in session.exec(select(FigureRow)).all()}
        # the Zimbabwe tolls stored while the story was Zimbabwe's alone ("story") moved to
        # Zimbabwe's series once Mozambique's articles made it a story of two countries
        assert keys == {31: ZW, 45: ZW, 52: ZW, 120: MZ, 150: MZ}
        latest = _latest(session)
        # 120 was first set against Zimbabwe's 45 (the story was one country then): its late
        # verdict is the first value of Mozambique's series
        assert latest[120] == ("new", None)
        assert latest[150] == ("updates", 120)
        assert latest[52] == ("updates", 45)  # Zimbabwe's toll meets Zimbabwe's
        assert latest[45] == ("updates", 31)
        story = session.exec(select(StoryRow)).one()
        assert _moves(session, story.id) == []  # nothing is left to move
        alerts = len(session.exec(select(OutboxRow)).all())
        verdicts = len(session.exec(select(VerdictRow)).all())
    _ingest_all(engine)  # the same articles again: nothing new, nothing alerted twice
    with session_scope(engine) as session:
        assert len(session.exec(select(OutboxRow)).all()) == alerts
        assert len(session.exec(select(VerdictRow)).all()) == verdicts


def test_a_story_of_one_country_is_never_keyed_again(engine):
    one = [a for a in ARTICLES if a[0].startswith("z")]
    for slug, pub, title, text in one:
        ingest(Article(url=f"https://news.example/{slug}", title=title, text=text,
                       published=pub, source="test"), engine)  # fmt: skip
    with session_scope(engine) as session:
        keys = {f.comparison_key for f in session.exec(select(FigureRow)).all()}
        assert keys == {"1|killed|people|story|cumulative"}
        story = session.exec(select(StoryRow)).one()
        assert _moves(session, story.id) == []


def test_a_story_led_by_one_country_gives_it_the_tolls_of_articles_about_no_one_country():
    from monitor.verdicts.stories import _leading_country, story_context

    led = StoryRow(event="earthquake", areas="home:NP*4,home:IN*2,NP*6,IN*3")
    assert _leading_country(led) == "NP"
    even = StoryRow(event="earthquake", areas="home:NP*3,home:IN*2")
    assert _leading_country(even) is None
    text = "Rescue teams kept digging on Monday as the quake's toll rose to 4,310."
    assert story_context(1, led, text, None).home_country == "NP"
    assert story_context(1, even, text, None).home_country is None


def test_an_event_at_one_site_never_spans_countries():
    from monitor.verdicts.stories import _countries_apart, event_kind

    assert event_kind("Crowd crush at the shrine kills 300", "") == "crush"
    homes = "home:SA*5,home:IR*4,home:NG*2"
    assert _countries_apart(StoryRow(event="crush", areas=homes)) == ()
    assert _countries_apart(StoryRow(event="storm", areas=homes)) == ("IR", "NG", "SA")
