"""Claimants, round 5: pronoun subjects that give a count, names with particles, a person "of"
an organisation, counts "according to" a dated document (our own sentences, fictional names)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from monitor.figures import extract_figures
from monitor.figures.claimants import find_claimant

PUB = datetime(2025, 6, 12, 9, 0)  # a Thursday


def figs(text: str):
    return extract_figures(text, published=PUB)


def by_value(text: str, value: float):
    found = [f for f in figs(text) if f.low == value]
    assert found, [(f.low, f.text) for f in figs(text)]
    return found[0]


# ------------------------------------------------- pronoun subjects that give a count


@pytest.mark.parametrize(
    "second",
    [
        "He put the number of injured at more than 4,100.",
        "He told reporters that 4,100 people had been hurt.",
        "At a late briefing he confirmed that 4,100 people were injured.",
        "He also said 4,100 people were injured.",
    ],
)
def test_he_with_a_count_verb_is_the_last_person(second: str) -> None:
    text = f"Dovri's mayor, Ansel Brekke, said 37 people had died in the landslide. {second}"
    f = by_value(text, 4100)
    assert f.claimant.key == "p:breke", f.rule


def test_she_put_the_number_is_the_last_person() -> None:
    text = (
        "The county manager, Ilse Morrow, said on Monday that 14 bodies had been found. "
        "She put the number of people still missing at 31."
    )
    assert by_value(text, 31).claimant.key == "p:morow"


def test_it_said_after_and_is_the_last_organisation() -> None:
    text = (
        "More than 900 people died in the quake, the Tesselin Civil Defence Office said on "
        'Sunday. It called the damage "severe" and said 2,310 people had been injured.'
    )
    f = by_value(text, 2310)
    assert f.claimant.org == "Tesselin Civil Defence Office", f.rule
    assert "claimant:backref:it" in f.rule


def test_it_without_an_organisation_before_names_nobody() -> None:
    text = "Rain fell all week on the valley. It said 40 homes were flooded."
    assert all(not f.claimant.key for f in figs(text))


def test_they_also_announced_is_the_last_group() -> None:
    text = (
        "Osmark authorities said on Friday that 61 people were still missing. "
        "They also announced that three more bodies had been recovered."
    )
    f = by_value(text, 3)
    assert f.claimant.key and "osmark" in f.claimant.key, f.rule


# ------------------------------------------------- names with particles; a person "of" an org


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("The town's mayor, Rafiq al-Dumani, said 40 people had died.", "p:duman"),
        ("The agency's director, Marta van Leuen, said 40 people had died.", "p:leuen"),
        ("Tomas de Arvelo, head of the relief office, said 40 people had died.", "p:arvelo"),
    ],
)
def test_names_with_particles(sentence: str, key: str) -> None:
    c, _ = find_claimant(sentence)
    assert c.key == key


def test_a_person_of_an_organisation_speaks_for_it() -> None:
    c, _ = find_claimant(
        'Inspector Halla Grent of the Tesselin City Police said: "We have found nine bodies."'
    )
    assert c.person == "Inspector Halla Grent"
    assert c.org == "Tesselin City Police"
    assert c.key == "p:grent"


def test_a_ministry_of_a_field_is_no_person() -> None:
    c, _ = find_claimant("The Ministry of the Interior said nine people had died.")
    assert c.person is None and c.org == "Ministry of the Interior"


# ------------------------------------------------- "according to" a document


@pytest.mark.parametrize(
    ("sentence", "org"),
    [
        (
            "The toll rose to 212, according to updated Health Ministry figures.",
            "Health Ministry",
        ),
        (
            "The toll rose to 212, according to a report issued by the Osmark Red Cross.",
            "Osmark Red Cross",
        ),
        (
            "The toll rose to 212, according to the latest bulletin released on Monday by the "
            "Civil Protection Agency.",
            "Civil Protection Agency",
        ),
    ],
)
def test_according_to_a_document_is_its_issuer(sentence: str, org: str) -> None:
    c, _ = find_claimant(sentence)
    assert c.org == org


def test_according_to_media_reports_still_names_nobody() -> None:
    c, _ = find_claimant("The toll rose to 212, according to local media reports.")
    assert not c.key


# ------------------------------------------------- the day a count was issued


def test_a_count_takes_the_day_its_document_was_issued() -> None:
    text = (
        "The storm that struck on Sunday has killed 212 people, according to a report issued "
        "by the Osmark Red Cross on Tuesday."
    )
    f = by_value(text, 212)
    assert f.scope.kind == "cumulative"
    assert f.scope.end == date(2025, 6, 10)
    assert "scope:issued-on" in f.rule


def test_a_count_said_on_a_day_keeps_its_publication_end() -> None:
    f = by_value("The storm has killed 212 people, police said on Tuesday.", 212)
    assert "scope:issued-on" not in f.rule


# ------------------------------------------------- roles and documents that refer back


def test_the_official_refers_back_to_the_fuller_mention() -> None:
    text = (
        "Rescuers are still digging in Dovri, a health ministry official said on Friday. "
        '"We have 88 dead so far," the official told reporters.'
    )
    assert by_value(text, 88).claimant.org == "health ministry official"


def test_the_islands_governor_refers_back_to_the_governor_named_before() -> None:
    text = (
        "Governor Liane Osterby said on Monday that nine people had died. "
        "The toll later rose to 14, the island's governor said."
    )
    assert by_value(text, 14).claimant.key == "p:osterb"


def test_the_ministrys_statement_is_the_ministry() -> None:
    text = (
        "The Osmark Interior Ministry said 120 people had died. "
        "Most of them lived in Dovri, where 70 died, the ministry's statement said."
    )
    f = by_value(text, 70)
    assert f.claimant.org == "Osmark Interior Ministry", f.rule


def test_the_report_added_is_the_body_that_issued_it() -> None:
    text = (
        "The floods have displaced 40,000 people, the Tesselin Relief Agency said in a report "
        "on Friday. At least 12 aid workers were among the dead, the report added."
    )
    f = by_value(text, 12)
    assert f.claimant.org == "Tesselin Relief Agency", f.rule
    assert "claimant:backref:document" in f.rule


def test_the_report_with_nobody_before_stays_a_report() -> None:
    f = by_value("At least 12 aid workers were among the dead, the report said.", 12)
    assert "claimant:backref:document" not in f.rule


# ------------------------------------------------- appositions that open with a role


def test_said_name_spokesman_for_org_keeps_the_org() -> None:
    c, _ = find_claimant(
        "Teams have found 400 dead so far, said Orla Pennick, spokeswoman for the Tesselin "
        "Relief Federation."
    )
    assert c.key == "p:penick"
    assert c.org == "Tesselin Relief Federation"


def test_name_then_executive_director_of_org() -> None:
    c, _ = find_claimant(
        "Ivo Stellan, executive director of the Osmark Disaster Council, said 52 people died."
    )
    assert c.key == "p:stelan"
    assert c.org == "Osmark Disaster Council"


def test_a_place_lead_is_not_the_speaker() -> None:
    c, _ = find_claimant("In Lower Karsk, regional police chief Anya Brell said 37 people died.")
    assert c.key == "p:brel"


# ------------------------------------------------- a count relayed in a relative clause


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        (
            "The mayor thanked volunteers and the Osmark Red Cross, which has put the toll at 15.",
            "o:osmark red cross",
        ),
        (
            "Search teams will keep working, the minister told reporters, deferring to the civil "
            "protection agency, which counts 212 dead so far.",
            "o:civil protection agency",
        ),
        (
            "Officials declined to give a number and pointed to Dr Carla Venn, who estimated "
            "that 40 people had died.",
            "p:ven",
        ),
    ],
)
def test_a_relayed_count_belongs_to_the_body_named(sentence: str, key: str) -> None:
    f = figs(sentence)[0]
    assert f.claimant.key == key, f.rule
    assert "claimant:relayed" in f.rule


@pytest.mark.parametrize(
    "sentence",
    [
        "The storm flattened Dovri, which reported 12 dead.",
        "The mayor said an inquiry would follow into the fire, which has claimed 17 lives.",
    ],
)
def test_a_place_or_an_event_before_which_is_no_claimant(sentence: str) -> None:
    f = figs(sentence)[0]
    assert "claimant:relayed" not in f.rule
    assert not f.claimant.key


# ------------------------------------------------- more attribution shapes


def test_an_of_apposition_gives_the_organisation() -> None:
    c, _ = find_claimant('Commander Ivo Bram, of the Tesselin Police, said: "We found nine."')
    assert (c.person, c.org) == ("Ivo Bram", "Tesselin Police")


def test_said_then_a_lowercase_title_and_a_name() -> None:
    c, _ = find_claimant('"The toll is now 304," said army spokesman Tamin Rahel.')
    assert c.key == "p:rahel"
    assert c.role == "army spokesman"


def test_a_two_word_possessive_owner_before_the_role() -> None:
    c, _ = find_claimant(
        "The aid group's secretary general, Marie el-Drese, said 10 people were missing."
    )
    assert c.key == "p:drese"


def test_an_attribution_between_commas_before_having() -> None:
    c, _ = find_claimant("The fire killed 71 people, police said on Thursday, having searched it.")
    assert c.org == "police"


def test_an_owners_updated_figures_are_the_owners() -> None:
    text = (
        "A strong quake shook the Karsk valley overnight. "
        "The Osmark Interior Ministry's updated figures put the dead at 820."
    )
    f = by_value(text, 820)
    assert f.claimant.org == "Osmark Interior Ministry", f.rule


# ------------------------------------------------- relayed through an outlet or a body


def test_an_outlet_quoting_a_ministrys_figures_gives_the_ministry() -> None:
    c, _ = find_claimant(
        "The toll has risen to 158, Dovri Radio reported on Sunday, quoting figures from "
        "Osmark's health ministry."
    )
    assert c.key == "o:osmark health ministry"


def test_citing_figures_from_a_body_names_that_body() -> None:
    c, _ = find_claimant(
        "Citing figures from the Osmark Red Cross, the relief office says 900 people are "
        "missing, Dovri Radio reported."
    )
    assert c.org == "Osmark Red Cross"


def test_a_rejected_place_subject_does_not_hide_the_speaker_after_it() -> None:
    c, _ = find_claimant("Help came from the Karsk Relief Fund, OCHA says, and 40 people died.")
    assert c.key == "o:ocha"


# ------------------------------------------------- count-giving verbs and documents


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("The Osmark Red Cross federation says 400 people died.", "o:osmark red cross federation"),
        (
            "The Tesselin Red Cross believes about 3,000 people were affected.",
            "o:tesselin red cross",
        ),
        ("In a statement, the ministry set the toll at 1,499.", "o:ministry"),
        ("The Dovri Relief Agency puts the number of dead at 1,499.", "o:dovri relief agency"),
        (
            "The national tally kept by the Osmark Disaster Council still showed 151 dead.",
            "o:osmark disaster council",
        ),
        (
            "An earlier toll, given on Monday by health minister Ana Pell, was 700.",
            "p:pel",
        ),
        (
            "President Ilse Varn offered a lower figure, estimating that 3,000 had died.",
            "p:varn",
        ),
    ],
)
def test_count_giving_verbs_and_documents(sentence: str, key: str) -> None:
    c, _ = find_claimant(sentence)
    assert c.key == key


def test_set_off_is_no_attribution() -> None:
    c, _ = find_claimant("Dozens are missing after the floods that Storm Orla set off on Sunday.")
    assert not c.key


# ------------------------------------------------- relayed sources and role subjects


def test_a_body_quoting_another_relays_its_figure() -> None:
    c, _ = find_claimant(
        "The relief office, quoting government data, had earlier given a toll of 4,460."
    )
    assert c.key == "o:government"


def test_figures_from_a_body_show_are_that_bodys() -> None:
    c, _ = find_claimant(
        "Early figures from the civil defence office show that 7,500 people lost their homes, "
        "the minister told reporters."
    )
    assert c.key == "o:civil defense office"  # defence and defense are one key


def test_a_role_after_a_place_apposition_is_the_speaker() -> None:
    c, _ = find_claimant(
        "The storm killed at least 100 people in Dovri, a town in the north, a senior police "
        "officer said on Sunday."
    )
    assert c.org == "senior police officer"


def test_secretary_general_of_an_org() -> None:
    c, _ = find_claimant(
        '"We count 1,000 bodies," said Mara Velt, secretary general of the Osmark Red Cross.'
    )
    assert (c.key, c.org) == ("p:velt", "Osmark Red Cross")


def test_neither_nor_names_nobody() -> None:
    c, _ = find_claimant(
        "Neither the government nor the relief agency has confirmed his estimate of 1,000 deaths."
    )
    assert not c.key


def test_an_honorific_is_no_role() -> None:
    c, _ = find_claimant("Mr Brask said 30 people had died.")
    assert c.key == "p:brask" and c.role is None


def test_a_day_between_subject_and_verb() -> None:
    c, _ = find_claimant("Osmark's government on Tuesday raised its official death toll to 2,975.")
    assert c.key == "o:osmark government"
    c, _ = find_claimant("The ministry on Sunday said 12 people had died.")
    assert c.key == "o:ministry"


def test_figures_gathered_by_a_plural_acronym() -> None:
    c, _ = find_claimant("Figures gathered by NGOs suggest at least 1,000 people are missing.")
    assert c.key == "o:ngos" and c.person is None


def test_a_role_named_by_its_organisation_gives_the_organisation() -> None:
    text = (
        "Search work goes on, the army spokesman, Tomas Brell, told reporters on Sunday. "
        "He said nine people were still missing."
    )
    f = by_value(text, 9)
    assert f.claimant.key == "p:brel"
    assert f.claimant.org == "army"
