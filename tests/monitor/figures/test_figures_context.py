"""Article context, places, level verbs and event days (our own sentences, fictional places)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from monitor.figures import extract_figures
from monitor.figures.claimants import same_claimant
from monitor.figures.context import article_place
from monitor.figures.model import Claimant
from monitor.figures.places import find_place, place_key
from monitor.verdicts.series import comparison_key

PUB = datetime(2025, 6, 12, 9, 0)  # a Thursday


def one(text: str, **kw):
    figs = extract_figures(text, published=PUB, **kw)
    assert len(figs) == 1, [f.text for f in figs]
    return figs[0]


# ---------------------------------------------------------------- places


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Ten people died in the Lennar valley.", "Lennar"),
        ("Ten people died in Osmark's Lennar valley.", "Lennar"),
        ("Ten houses in Dovri's old town collapsed.", "Dovri"),
        ("The floods hit the Tavel region hardest.", "Tavel"),
        ("Most damage was near the Church of St Ilse.", None),
        ("Crews worked on Mill Road all night.", None),
        ("Relief came from the Geological Institute.", None),
        ("Aid reached cut-off villages as Osmark braced for rain.", None),
        ("Pella, 20 kilometres down the river from Dovri, was spared.", "Pella"),
        ("Dovri, a market town of 8,000, was hit hardest.", "Dovri"),
    ],
)
def test_a_place_must_look_like_a_place(sentence: str, place: str | None):
    assert find_place(sentence) == place


def test_place_keys_fold_article_possessive_and_type_word():
    keys = {place_key(p) for p in ("the Lennar valley", "Lennar valley", "Lennar", "Lennar Valley")}
    assert keys == {"lennar"}
    assert place_key("Dovri") != place_key("Lennar valley")


def test_breakdown_attribution_and_subordinate_places_are_not_the_figures():
    f = one("Nine people have died, most of them in Dovri, the agency said.")
    assert f.place is None
    f = one("The spokesman told reporters in Pella that 40 people had been injured.")
    assert f.place is None
    f = one("Seven people were killed in the Lennar valley, after a bridge fell in Dovri.")
    assert f.place == "Lennar"
    f = one("Ilse Varro, the governor of the Tavel region, said 300 people had been evacuated.")
    assert f.place is None


# ---------------------------------------------------------------- article place


def test_article_place_headline_then_lede_then_dateline():
    text = "Rescuers worked through the night.\nThe agency said 30 people were missing."
    assert article_place(text, "Storm kills 9 in the Lennar valley") == ("Lennar", "headline")
    assert article_place("Crews searched homes in Dovri on Monday.\n" + text, None) == (
        "Dovri",
        "lede",
    )
    wire = "PELLA, Osmark, June 12 (Wire) – Rescuers worked through the night.\n" + text
    assert article_place(wire, "Rescuers dig on") == ("Pella", "dateline")


def test_figure_without_place_inherits_the_article_place():
    text = (
        "A storm flooded the Lennar valley on Tuesday.\n"
        "The civil defence agency said 30 people were missing.\n"
        "Police have arrested 4 people for looting in Dovri."
    )
    a, b = extract_figures(text, published=PUB, title="Floods in the Lennar valley")
    assert a.place == "Lennar" and "place:article-headline" in a.rule
    assert b.place == "Dovri"  # its own place wins
    assert comparison_key(a) == "0|missing|people|raw:lennar|cumulative"


def test_event_wide_count_never_takes_the_articles_town():
    text = (
        "Shops in Dovri stayed shut.\n"
        "The official death toll rose to 31 on Wednesday, the civil defence agency said."
    )
    f = extract_figures(text, published=PUB, title="Curfew in Dovri after looting")[0]
    assert f.place is None  # the article names no region: no anchor rather than the wrong one
    f = extract_figures(text, published=PUB, title="Lennar valley floods: curfew in Dovri")[0]
    assert f.place == "Lennar"


# ---------------------------------------------------------------- claimant back-references


def test_the_agency_resolves_to_the_agency_named_earlier():
    text = (
        "The Osmark Civil Defence Agency said on Monday that 12 people had died.\n"
        "The agency said 30 people were missing."
    )
    a, b = extract_figures(text, published=PUB)
    assert b.claimant.key == a.claimant.key == "o:osmark civil defense agency"
    assert "claimant:backref:agency" in b.rule


def test_pronoun_and_role_back_references():
    text = (
        "Ilse Varro, the governor of the Tavel region, said the army would help.\n"
        "“More than 200 homes are gone,” she said.\n"
        "The governor said 1,500 people had been displaced."
    )
    a, b = extract_figures(text, published=PUB)
    assert a.claimant.key == b.claimant.key == "p:varo"  # doubled letters fold (Varro = Varo)


def test_a_spokeswoman_speaks_for_her_organisation():
    text = (
        "The Osmark Civil Defence Agency opened a hotline.\n"
        "Dana Mirel, its spokeswoman, said 40 people had been injured."
    )
    f = extract_figures(text, published=PUB)[0]
    assert f.claimant.key == "p:mirel" and f.claimant.org == "Osmark Civil Defence Agency"
    assert same_claimant(
        f.claimant,
        Claimant(org="the Osmark Civil Defence Agency", key="o:osmark civil defense agency"),
    )


def test_continuation_keeps_the_previous_claimant_and_groups_stay():
    text = (
        "The agency said in its first update that 12 people had been killed.\n"
        "Another 30 people were reported missing."
    )
    a, b = extract_figures(text, published=PUB)
    assert b.claimant.key == a.claimant.key and b.group is None


def test_named_organisation_after_a_head_noun_is_not_a_person():
    f = one("At least 70 people have died, the relief charity Lantern Aid said.")
    assert f.claimant.key == "o:lantern aid"


def test_one_organisation_written_two_ways_but_not_two_countries():
    agency = Claimant(org="National Civil Defence Agency", key="o:national civil defence agency")
    assert same_claimant(agency, Claimant(org="Osmark's civil defence agency", key="o:x"))
    assert same_claimant(
        agency, Claimant(org="the country's National Civil Defence Agency", key="o:y")
    )
    a = Claimant(org="Osmark's interior ministry", key="o:osmark interior ministry")
    b = Claimant(org="Tavia's interior ministry", key="o:tavia interior ministry")
    assert not same_claimant(a, b)


# ---------------------------------------------------------------- measures from the subject, scope


@pytest.mark.parametrize(
    ("sentence", "measure", "low"),
    [
        ("The number of people killed by the storm in Dovri has risen to 19.", "killed", 19),
        ("The number of people forced from their homes has risen to about 900.", "displaced", 810),
        ("The agency revised the number of people missing down to 11.", "missing", 11),
        ("The agency's count had stood at 27 on Wednesday morning.", "killed", 27),
        ("Aftershocks had slowed to about 20 a day.", "aftershocks", 18),
        ("The agency has put the toll at 41.", "killed", 41),
    ],
)
def test_level_verbs_take_the_measure_of_their_subject(sentence: str, measure: str, low: float):
    f = one(sentence)
    assert (f.measure, f.low) == (measure, pytest.approx(low))


def test_a_level_on_a_day_is_cumulative_as_of_that_day():
    f = one("The death toll stood at 48 on Tuesday, the agency said.")
    assert f.scope.kind == "cumulative" and f.as_of == date(2025, 6, 10)


@pytest.mark.parametrize(
    "sentence",
    [
        "A storm hit the Lennar valley before dawn on Tuesday, killing 12 people.",
        "The storm, which struck on Tuesday, killed 12 people.",
        "Officials said 212 people had been injured since the storm struck on Tuesday.",
    ],
)
def test_the_events_day_is_not_a_day_count(sentence: str):
    f = one(sentence)
    assert f.scope.kind == "cumulative" and f.as_of == PUB.date()


def test_explicitly_bounded_days_stay_days():
    assert one("On Tuesday alone, 12 people were killed in Dovri.").scope.kind == "day"
    assert one("239 soldiers were killed on 10 June near Dovri.").scope.kind == "day"
    assert one("Floods killed 8 people in Dovri in the past 24 hours.").scope.kind == "day"


def test_the_agency_is_the_organisation_even_after_its_spokeswoman_spoke():
    text = (
        "Dana Mirel, spokeswoman for the Osmark Civil Defence Agency, said crews were tired.\n"
        "The agency said 17 people were missing.\n"
        "The spokeswoman said 40 people had been injured."
    )
    a, b = extract_figures(text, published=PUB)
    assert a.claimant.key == "o:osmark civil defense agency" and a.claimant.person is None
    assert b.claimant.key == "p:mirel"


def test_people_whose_homes_were_lost_are_displaced():
    f = one(
        "About 90 people spent the night in the town hall after their homes were judged unsafe."
    )
    assert (f.measure, f.low) == ("displaced", pytest.approx(81))
    assert extract_figures("About 90 people spent the night in the town hall.", published=PUB) == []
