"""Shapes found in retold real stories (grammar2 round): page furniture, hospital counts,
homelessness, partitives, claimants, scopes. Our own sentences with invented names and places."""

from __future__ import annotations

from datetime import datetime

from monitor.figures import extract_figures
from monitor.figures.sentences import split_sentences

PUB = datetime(2026, 3, 10)
PEOPLE = ("killed", "injured", "missing", "displaced", "casualties", "affected")


def figs(text: str, title: str | None = None):
    return [f for f in extract_figures(text, published=PUB, title=title) if f.measure in PEOPLE]


def vals(text: str) -> list[tuple[float | None, float | None, str]]:
    return [(f.low, f.high, f.measure) for f in figs(text)]


# --- page furniture ---------------------------------------------------------------------------

ARTICLE = "Floods in the Karsk valley have killed 41 people, the agency said.\n\n"


def test_link_lines_are_not_figures():
    for furniture in (
        "Read more: Storm toll in Brask hits 19 with 300 hurt",
        "Related: Orvenna bus crash kills 12",
        "READ  Over 70 killed in Tesselin landslide",
        "Also read: Heatwave leaves 30 dead in Halden",
        "More from World desk: 8 dead, 3 missing after Lorne mudslide",
        "Next post: 6 killed as lorry hits market stall",
        "Most Read: 1 Best beaches · 2 Plans for 90 flats · 3 Missing 9-year-old found",
        "Brask: 400 orphans face a hard winter | Read more",
    ):
        assert vals(ARTICLE + furniture + "\n") == [(41, 41, "killed")], furniture


def test_headline_list_under_a_header_is_furniture():
    text = (
        ARTICLE + "More headlines\n- Quake toll in Verra passes 900\n- Floods kill 15 in Ostmark\n"
    )
    assert vals(text) == [(41, 41, "killed")]
    text = (
        ARTICLE
        + "Related stories:\nTesselin fire: 12 dead, 4 missing\nLorne floods: 900 evacuated\n"
    )
    assert vals(text) == [(41, 41, "killed")]
    text = (
        ARTICLE
        + "- Bus plunges into gorge, 14 hurt\n- 3 dead as boat capsizes\n- Ferry fares rise\n"
    )
    assert vals(text) == [(41, 41, "killed")]


def test_prose_that_looks_like_a_marker_stays():
    text = "More than 70 people were killed in Orvenna.\nRead the agency's full statement below."
    assert vals(text) == [(70, None, "killed")]
    assert len(split_sentences("Related work. More than 70 people died.")) == 2


# --- people in hospital are injured; parts of a whole ------------------------------------------


def test_people_in_hospital_are_injured():
    assert vals("Forty patients are still in hospital in Orvenna, the health board said.") == [
        (40, 40, "injured")
    ]
    assert vals("In all, 58 people are now receiving hospital treatment across Brask.") == [
        (58, 58, "injured")
    ]
    assert vals("Another 22 residents were taken to hospital with burns.") == [(22, 22, "injured")]
    assert vals("Nine people are in a critical condition, doctors in Tesselin said.") == [
        (9, 9, "injured")
    ]


def test_part_with_an_adverb_inherits_the_measure():
    assert vals("The blast in Lorne injured 212 people, 35 of them seriously.") == [
        (212, 212, "injured"),
        (35, 35, "injured"),
    ]


def test_part_of_a_whole_takes_the_measure_said_after_the_whole():
    # the whole (the 61 unaccounted for) is a reference, not a count of the dead
    assert vals("Police said 19 of the 61 are now confirmed dead.") == [(19, 19, "killed")]
    assert vals("At least 40 of the 900 people hurt in Orvenna are in intensive care.") == [
        (40, None, "injured"),
        (900, 900, "injured"),
    ]


# --- people without a home are displaced ---------------------------------------------------------


def test_people_without_a_home_are_displaced():
    for text, low in (
        ("Nearly 40,000 people lost their homes in the Karsk valley floods.", 36000),
        ("About 9,000 residents of Orvenna no longer have a home, the mayor said.", 8100),
        ("More than 12,000 people are now living in 80 makeshift camps around Brask.", 12000),
        ("By Sunday, over 3,000 were still sheltering in 40 evacuation centres.", 3000),
        ("The storm left almost 5,000 people without a home in Tesselin.", 4500),
        ("Some 2,400 people in Lorne have had to leave their homes.", 2160),
    ):
        got = vals(text)
        assert len(got) == 1 and got[0][2] == "displaced" and got[0][0] == low, (text, got)


def test_range_with_one_scale_word_keeps_a_large_first_end():
    assert vals("From 750,000 to 1 million people lost their homes in Verra.") == [
        (750_000, 1_000_000, "displaced")
    ]
    assert vals("Between 2 and 3 million people lost their homes in Verra.") == [
        (2_000_000, 3_000_000, "displaced")
    ]


def test_families_or_people_is_one_count():
    got = vals("Of them, 6,100 families, or 27,300 people, were living in 90 evacuation centres.")
    assert got == [(27_300, 27_300, "displaced")]


def test_population_on_a_date_is_not_a_list_member():
    text = "About 200,000 people lost their homes in Verra, a country of about nine million on March 2."
    assert [v for v in vals(text) if v[0] and v[0] > 1e6] == []


# --- claimants ---------------------------------------------------------------------------------


def claimant_of(sentence: str):
    from monitor.figures.claimants import find_claimant

    return find_claimant(sentence)[0]


def test_transliterations_with_doubled_letters_share_a_key():
    from monitor.figures.claimants import fold

    assert fold("Hassan") == fold("Hasan")
    assert fold("al-Kharraz") == fold("Kharaz") == fold("Al-Kharaz")


def test_organisation_names_are_not_surnames():
    for sentence, key in (
        ("The blast killed 40 people, the United Nations said on Friday.", "o:united nations"),
        ("At least 12 people died, the Valdorian Red Cross said.", "o:valdorian red cross"),
        ("Orvenna World News reports that 30 people have died.", "o:orvenna world news"),
        (
            "The toll rose to 90, according to the Provincial Disaster Risk Reduction and "
            "Management Council.",
            "o:provincial disaster risk reduction and management council",
        ),
        (
            "The toll reached 60, according to the Karsk Ministry's updated count.",
            "o:karsk ministry",
        ),
    ):
        c = claimant_of(sentence)
        assert c.key == key and c.person is None, (sentence, c)


def test_time_words_are_not_claimants():
    c = claimant_of("On Sunday, a spokesman for the Brask health ministry told reporters 30 died.")
    assert c.key == "o:brask health ministry"
    c = claimant_of("On Monday evening the ministry said more than 400 people had died.")
    assert c.key == "o:ministry"
    c = claimant_of("In its Tuesday morning report, the council said 81 people had died.")
    assert c.key == "o:council"


def test_quoted_words_do_not_speak_and_the_speaker_is_credited():
    c = claimant_of('"My office has counted 23 dead," the mayor told reporters in Orvenna.')
    assert c.key == "o:mayor"
    text = (
        "Ilse Marrano, the mayor of Orvenna, said rescuers were still at work.\n"
        '"My office has counted 23 dead," the mayor told reporters.'
    )
    f = figs(text)[-1]
    assert f.low == 23 and f.claimant.key == "p:marano"


def test_a_place_before_the_real_subject_is_not_a_person():
    c = claimant_of(
        "Forty people died after the storm struck Verra, the government said on Monday."
    )
    assert c.key == "o:government"
    c = claimant_of("Officials in the Karsk valley said 12 people had died.")
    assert c.key == "o:officials"


# --- scope: a day in a subordinate clause ----------------------------------------------------------


def test_day_in_a_subordinate_clause_does_not_date_the_level():
    from datetime import date

    (f,) = figs("The death toll in Orvenna rose to 90 as rescuers kept searching on Sunday.")
    assert f.scope.kind == "cumulative" and f.scope.end == date(2026, 3, 10)
    (f,) = figs("The death toll in Orvenna rose to 90 on Sunday.")
    assert f.scope.kind == "cumulative" and f.scope.end == date(2026, 3, 8)


def test_one_off_disaster_day_count_stays_a_day():
    from datetime import date

    (f,) = figs("The landslide in Orvenna killed 138 on Friday.")
    assert f.scope.kind == "day" and f.scope.start == date(2026, 3, 6)


def test_more_on_a_weekday_is_still_a_list_member():
    got = vals("Ten people died on Monday and eight more on Tuesday in Orvenna.")
    assert (8, 8, "killed") in got
