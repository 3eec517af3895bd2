"""Shapes found in the retold real stories, round 4: places that keep a count, the frame of a
breakdown, where the event happened, owners of a count, reports that show, asides, the speaker
who is not the counted group, victims' nationalities, and asides that carry another scope. Our
own sentences; real place names so that the gazetteer knows them."""

from __future__ import annotations

from datetime import datetime

from monitor.figures import extract_figures
from monitor.figures.claimants import Claimant, claimants_differ, find_claimant
from monitor.verdicts.series import STORY_WIDE, SeriesContext, series_place

PUB = datetime(2026, 3, 10)


def figs(text: str):
    return extract_figures(text, published=PUB)


def one(text: str):
    [f] = figs(text)
    return f


def test_a_place_that_keeps_the_count_is_the_counts_own():
    f = one("Cebu province accounted for 73 deaths.")
    assert (f.low, f.place) == (73, "Cebu")
    assert "place:local" in f.rule or "place:attached" in f.rule
    f = one("Negros Occidental recorded 12 dead by Monday.")
    assert f.place == "Negros Occidental"
    whole, part = figs("Of the 900 dead, 640 were from Central Visayas.")
    assert part.low == 640 and part.place == "Central Visayas" and "place:attached" in part.rule
    # a body that keeps the count is not a place
    f = one("Officials counted 37 deaths in the first hours.")
    assert f.place is None


def test_the_frame_of_a_breakdown_is_its_heads_place():
    [head, *rest] = figs(
        "In Taroudant province the storm caused 310 deaths, with 44 in Chichaoua province and "
        "9 in the Marrakech prefecture, the ministry said."
    )
    assert (head.low, head.place) == (310, "Taroudant") and "place:fronted" in head.rule
    assert [f.place for f in rest] == ["Chichaoua", "Marrakech"]
    # no breakdown after it: the frame stays a clause place (the event's, in a one-off event)
    f = one("In Derna, more than 900 people were killed.")
    assert "place:fronted" not in f.rule


def test_where_the_event_happened_is_not_what_the_count_covers():
    f = one("Divers searched for the 120 passengers still missing since the ferry capsized off "
            "Mokpo on Monday.")  # fmt: skip
    assert "place:event-site" in f.rule
    ctx = SeriesContext(event="ferry", countries=("KR",))
    assert series_place(f, ctx) is STORY_WIDE
    # in a war a strike's town is the count's own
    assert series_place(f, SeriesContext(event="war", countries=("KR",))) is not STORY_WIDE


def test_the_owner_of_a_count_is_its_claimant():
    [un, gov] = figs(
        "The U.N. figure of 2,210 dead is almost twice the government's count of 1,190, which "
        "was published on Monday."
    )
    assert (un.low, un.claimant.key) == (2210, "o:un")
    assert (gov.low, gov.claimant.key) == (1190, "o:government")
    assert "claimant:owner-of-count" in gov.rule


def test_a_report_that_shows_and_a_figure_released_by_someone():
    c, rule = find_claimant("The toll has climbed to nearly 6,200, a United Nations report shows.")
    assert (c.org, rule) == ("United Nations", "report_shows")
    c, rule = find_claimant(
        "The latest official figure, released on Monday by Hana Rostami, health minister in the "
        "eastern government, puts the dead at 1,402."
    )
    assert c.person == "Hana Rostami" and rule == "released_by"


def test_an_aside_between_speaker_and_verb():
    c, _ = find_claimant(
        "The World Health Organization, for its part, said 2,000 bodies were found."
    )
    assert c.org == "World Health Organization"


def test_a_document_speaks_for_its_organisation():
    statement = Claimant(org="ministry's statement", key="o:ministry statement")
    ministry = Claimant(org="Interior Ministry", key="o:interior ministry")
    assert not claimants_differ(statement, ministry)
    assert claimants_differ(ministry, Claimant(org="Red Cross", key="o:red cross"))


def test_the_speaker_is_not_the_counted_group():
    f = one("British police said on Tuesday that the toll of the fire has climbed to 64.")
    assert f.group in (None, "") and f.side is None and f.claimant.org == "British police"


def test_victims_nationalities_are_their_own_groups():
    got = [(f.low, f.side) for f in figs(
        "The dead include at least 12 Syrians, four Bangladeshis, two Egyptians and three "
        "Filipinos."
    )]  # fmt: skip
    assert got == [(12, "Syria"), (4, "Bangladesh"), (2, "Egypt"), (3, "Philippines")]


def test_a_year_in_a_relative_clause_is_not_the_counts_scope():
    f = one("The toll, which reached 53 by Thursday, makes it the worst disaster since the state's "
            "founding, which came in 1959.")  # fmt: skip
    assert f.scope.kind == "cumulative"


def test_people_restating_families_take_the_families_measure():
    f = one("The storm has affected 20,110 families, equivalent to 96,400 persons, officials said.")
    assert (f.low, f.measure) == (96_400, "affected")


def test_an_expected_final_toll_is_a_projection():
    f = one("A final toll of around 300 is expected, the coastguard said.")
    assert f.modality == "projection"
    f = one("The toll of 45 is expected to rise, the coastguard said.")  # a count that may grow
    assert f.modality == "count"


def test_a_government_named_by_its_seat_is_an_organisation():
    assert find_claimant("The Kremlin says 50 soldiers died.")[0].key == "o:kremlin"
    assert find_claimant("At least 12 were killed, the Pentagon said.")[0].key == "o:pentagon"
