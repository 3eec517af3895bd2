"""Sentence shapes of real casualty reporting (level verbs, lists, projections, background
figures, increments, number formats, misreads). Our own sentences with invented names; the shapes
come from real news (see benchmarks/data/figures_real.jsonl for retold real rows)."""

from __future__ import annotations

from datetime import datetime

import pytest

from monitor.figures import extract_figures
from monitor.figures.model import fmt_figure

PUB = datetime(2026, 3, 10)


def figs(text: str, people: bool = True):
    out = extract_figures(text, published=PUB)
    if people:
        out = [
            f
            for f in out
            if f.measure in ("killed", "injured", "missing", "displaced", "casualties")
        ]
    return out


def vals(text: str) -> list[tuple[float | None, float | None, str]]:
    return [(f.low, f.high, f.measure) for f in figs(text)]


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,low,high",
    [
        ("The death toll in Orvenna crossed 24 000 on Friday.", 24000, None),
        ("More than 35\u00a0000 people have died in the Karsk valley.", 35000, None),
        ("At least 30\u202f000 people have died in Brask province.", 30000, None),
        ("In Tesselin the toll stood at 3, 621, officials said.", 3621, 3621),
        ("More than two dozen people were killed in Halden Ford.", 24, None),
        ("Three dozen people died in the Karsk valley.", 36, 36),
    ],
)
def test_number_formats(text, low, high):
    assert vals(text) == [(low, high, "killed")]


def test_dateline_is_not_a_range():
    got = vals("RIVERTON, June 3 – Twenty-one people have died in the floods, police said.")
    assert got == [(21, 21, "killed")]


def test_change_from_to_gives_two_values():
    assert sorted(vals("The confirmed toll in Orvenna rose from eight to 14 on Monday.")) == [
        (8, 8, "killed"),
        (14, 14, "killed"),
    ]


@pytest.mark.parametrize(
    "text,said",
    [
        ("At least 23 people died in Orvenna.", "at least 23"),
        ("More than 23 people died in Orvenna.", "more than 23"),
        ("About 4,500 people died in Orvenna.", "about 4,500"),
        ("Up to 20,000 people are feared dead in Orvenna.", "up to 20,000"),
        ("Nearly 300 people died in Orvenna.", "nearly 300"),
        ("Between 50 and 100 people died in Orvenna.", "50–100"),
        ("239 people died in Orvenna.", "239"),
    ],
)
def test_fmt_figure_says_what_the_text_said(text, said):
    assert fmt_figure(figs(text)[0]) == said


# --- level verbs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,low,high,measure",
    [
        ("The death toll in Orvenna surpassed 4,000 on Friday.", 4000, None, "killed"),
        ("The death toll in Orvenna rose above 4,200, officials said.", 4200, None, "killed"),
        ("The toll in the Karsk valley passed 2,600 overnight.", 2600, None, "killed"),
        ("The toll in the Karsk valley crossed 2,600 overnight.", 2600, None, "killed"),
        ("The toll in the Karsk valley topped 2,600 overnight.", 2600, None, "killed"),
        ("The official death toll in Brask stood at 212.", 212, 212, "killed"),
        ("The death toll in Brask is now 3,517, the agency said.", 3517, 3517, "killed"),
        ("The toll in Brask has exceeded 1,000.", 1000, None, "killed"),
        ("The confirmed total in Brask now stands at 5,766.", 5766, 5766, "killed"),
        ("The toll in Brask climbed to 310 overnight.", 310, 310, "killed"),
        ("The toll in Brask jumped to 415.", 415, 415, "killed"),
        ("The toll in Brask reached 512 on Monday.", 512, 512, "killed"),
        ("The toll in Brask hit 640 on Monday.", 640, 640, "killed"),
        ("The missing count in Brask was revised down to one.", 1, 1, "missing"),
        ("The injured count in Brask was raised to over 1,000.", 1000, None, "injured"),
        ("The list of people unaccounted for in Brask was cut to 31.", 31, 31, "missing"),
        ("The number of evacuees in Brask rose to 61,938.", 61938, 61938, "displaced"),
        ("Officials revised the toll in Brask up to 94.", 94, 94, "killed"),
    ],
)
def test_level_verbs(text, low, high, measure):
    assert vals(text) == [(low, high, measure)]


def test_level_nears_is_nearly():
    ((low, high, m),) = vals("The death toll in Orvenna nears 300.")
    assert (low, high, m) == (270, 300, "killed")


@pytest.mark.parametrize(
    "text,want",
    [
        (
            "Three more deaths in Orvenna brought the total to 4,236.",
            [(3, 3, "killed", "increment"), (4236, 4236, "killed", "cumulative")],
        ),
        (
            "Two new deaths in Halden Ford took the town's total to 78.",
            [(2, 2, "killed", "increment"), (78, 78, "killed", "cumulative")],
        ),
        (
            "The Karsk agency put the dead at 1,913 and the injured at 4,420.",
            [(1913, 1913, "killed", "cumulative"), (4420, 4420, "injured", "cumulative")],
        ),
        (
            "Officials cut the toll in Tesselin from about 565 to 315.",
            [(508.5, 621.5, "killed", "cumulative"), (315, 315, "killed", "cumulative")],
        ),
        (
            "The toll in Tesselin climbed to 233, up from 77 a week earlier.",
            [(233, 233, "killed", "cumulative"), (77, 77, "killed", "cumulative")],
        ),
    ],
)
def test_level_objects_and_earlier_values(text, want):
    got = [(f.low, f.high, f.measure, f.scope.kind) for f in figs(text)]
    assert got == want


# --- breakdowns and lists ---------------------------------------------------------------------


def test_list_members_take_the_head_measure_and_their_own_place():
    got = figs("The quake killed 2,046 in Valdoria, 78 in Ostrel and 4 in Marnia.")
    assert [(f.low, f.measure, f.place) for f in got] == [
        (2046, "killed", "Valdoria"),
        (78, "killed", "Ostrel"),
        (4, "killed", "Marnia"),
    ]


def test_list_members_with_place_types():
    got = figs(
        "The report counts 2,012 dead in Al Haouz province, 1,293 in Taroudant and 91 in Chichaoua."
    )
    assert [(f.low, f.measure, f.place) for f in got] == [
        (2012, "killed", "Al Haouz"),
        (1293, "killed", "Taroudant"),
        (91, "killed", "Chichaoua"),
    ]


def test_list_members_counties():
    got = figs("Floods have killed 304 people in Kerrow county, 72 in Lissar county.")
    assert [(f.low, f.measure) for f in got] == [(304, "killed"), (72, "killed")]
    assert got[1].place and got[1].place.lower().startswith("lissar")


def test_gapped_member():
    got = figs("Valdoria's agency reported 1,213 dead and Ostrel 553, bringing the total to 1,766.")
    assert [(f.low, f.measure) for f in got] == [
        (1213, "killed"),
        (553, "killed"),
        (1766, "killed"),
    ]
    assert got[1].place == "Ostrel"


def test_verb_before_the_number_is_no_list_member():
    got = figs("The storm killed 8 people and injured 41 in Lorne County.")
    assert [(f.low, f.measure) for f in got] == [(8, "killed"), (41, "injured")]


@pytest.mark.parametrize(
    "text,want",
    [
        ("Sixty-eight of the dead were in Kerrow county.", [(68, "killed")]),
        ("Of those deaths, 1,388 were in Orvenna, the agency said.", [(1388, "killed")]),
        (
            "Of the 72 people missing in Brask, 51 are from Halden Ford.",
            [(72, "missing"), (51, "missing")],
        ),
        (
            "More than 9,000 people have died in the valley, at least 6,000 of them in Orvenna.",
            [(9000, "killed"), (6000, "killed")],
        ),
    ],
)
def test_breakdowns(text, want):
    assert [(f.low, f.measure) for f in figs(text)] == want


# --- projections ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,low,high",
    [
        ("The toll in Orvenna could reach 10,000, the mayor said.", 10000, 10000),
        ("The death toll in Orvenna may rise to 1,000.", 1000, 1000),
        ("The toll in Orvenna is expected to rise to 300.", 300, 300),
        ("The death toll in Orvenna could climb to 20,000.", 20000, 20000),
        ("Up to 2,000 people are feared dead in Orvenna.", 0, 2000),
        ("Officials fear the toll in Orvenna could pass 7,000.", 7000, None),
    ],
)
def test_projections_are_kept_and_marked(text, low, high):
    (f,) = figs(text)
    assert (f.low, f.high, f.measure, f.modality) == (low, high, "killed", "projection")


def test_counts_stay_counts():
    (f,) = figs("The death toll in Orvenna rose to 1,000 on Friday.")
    assert f.modality == "count"


# --- background figures -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In 1988 a quake there killed more than 9,000 people.",
        "The 1960 Agadir earthquake killed 12,000 people.",
        "It is the deadliest quake since 1987, when a tremor took about 1,000 lives.",
        "A quake in the same province killed 628 people in 2004.",
        "The great 1931 earthquake in Velmar, in the west of the country, killed almost 9,000.",
        "That takes the count past the 4,118 deaths recorded after the quake that levelled the "
        "northern coast almost 25 years ago.",
        "More than 600 people died in the earthquake 20 years ago.",
    ],
)
def test_background_figures_are_another_event(text):
    (f,) = figs(text)
    assert f.event is False
    assert f.scope.kind == "cumulative"


def test_this_years_event_is_this_event():
    (f,) = figs("The 2026 Karsk earthquake has killed 41 people.")
    assert f.event is True


@pytest.mark.parametrize(
    "text",
    [
        "The quake has killed 1,500 people, the deadliest since a quake 25 years ago.",
        "At least 40 people died in the floods in a valley hit by a landslide ten years ago.",
    ],
)
def test_a_comparison_with_an_event_years_ago_keeps_the_figure_this_event_s(text):
    (f,) = figs(text)
    assert f.event is True


# --- increments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,low,high",
    [
        ("Six more bodies were recovered overnight in Orvenna.", 6, 6),
        ("A further 12 people died in Orvenna on Tuesday.", 12, 12),
        ("The death toll in Orvenna rose by 40 on Tuesday.", 40, 40),
        ("The death toll in Orvenna went up by more than 200.", 200, None),
    ],
)
def test_increments(text, low, high):
    (f,) = figs(text)
    assert (f.low, f.high, f.measure, f.scope.kind) == (low, high, "killed", "increment")


def test_more_after_a_sibling_count_lists():
    got = figs("Police said 12 people were killed in Bray and 30 more were injured in Lorne.")
    assert [f.scope.kind for f in got] == ["cumulative", "cumulative"]


def test_new_deaths_on_a_day_stay_that_days_count():
    (f,) = figs("Authorities in Corvo reported 18 new cholera deaths on Tuesday.")
    assert f.scope.kind == "day"


def test_increment_then_level():
    got = figs("Rescuers found 214 more bodies in Orvenna, raising the toll to 1,453.")
    assert [(f.low, f.scope.kind) for f in got] == [(214, "increment"), (1453, "cumulative")]


# --- non-casualties ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "More than 1,200 aftershocks have been recorded in Orvenna since the quake.",
        "Some 51,800 homes were destroyed and 240,000 more damaged in Orvenna.",
        "Thousands of homes in Orvenna were flattened by the magnitude 6.8 quake.",
        "Losses in Orvenna were put at about $400 million.",
        "The magnitude 7.2 quake struck 40 km from Orvenna.",
    ],
)
def test_non_casualties_are_no_people_figures(text):
    assert figs(text) == []


def test_a_list_item_dated_years_back_is_background_to_the_end_of_its_line():
    text = (
        "Earlier rail disasters:\n"
        "* March 3, 1984: A night train left a bridge over the Vessa. More than 410 died.\n"
        "* 2001 - Two expresses met head-on near Korrin. The official toll stood at 212.\n"
        "The toll in Friday's crash rose to 288."
    )
    out = figs(text)
    assert [(f.low, f.event) for f in out] == [(410, False), (212, False), (288, True)]
