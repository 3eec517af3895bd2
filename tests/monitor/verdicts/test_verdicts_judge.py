"""Series verdicts over Figure objects (no database): keys, spans and the judging rules."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from monitor.figures import Claimant, Figure, Scope
from monitor.figures.claimants import fold
from monitor.verdicts.judge import StoredFigure, judge, overlaps, scope_class
from monitor.verdicts.series import SeriesContext, comparison_key, series_key


def fig(low, high, *, measure="killed", group="Russia, military", side="Russia", place="Bakhmut",
        scope=None, who=None, pub=datetime(2024, 3, 10), kind="count", text=None, **kw):  # fmt: skip
    c = Claimant()
    if who:
        c = (
            Claimant(person=who, key="p:" + fold(who.split()[-1]))
            if who[0].isupper() and " " in who
            else Claimant(org=who, key="o:" + who)
        )
    return Figure(low=low, high=high, text=text or str(low), measure=measure, kind=kind,
                  group=group, side=side, group_kind="military", place=place,
                  scope=scope or Scope("cumulative"), claimant=c, sentence=f"{low} {measure}",
                  published=pub, **kw)  # fmt: skip


def stored(f, i=1, url=None, source=None):
    return StoredFigure(f, id=i, article_id=i, url=url or f"https://a{i}.example/x", source=source)


D1, D2, D3 = datetime(2024, 3, 10), datetime(2024, 3, 11), datetime(2024, 3, 12)


def test_day_and_daily_rate_share_a_series_but_periods_do_not():
    day = fig(239, 239, scope=Scope("day", start=date(2024, 3, 9)))
    rate = fig(50, 100, scope=Scope("rate", unit="day"))
    period = fig(1100, None, scope=Scope("period", start=date(2024, 3, 1), end=date(2024, 3, 9)))
    assert scope_class(day) == scope_class(rate) == "per-day"
    ctx = SeriesContext(event="war")
    assert comparison_key(day, ctx) == comparison_key(rate, ctx) != comparison_key(period, ctx)


def test_a_one_off_event_counts_a_day_as_the_toll_to_date():
    day = fig(80, 80, group="people", side=None, scope=Scope("day", start=date(2024, 3, 9)))
    total = fig(70, 70, group="people", side=None)
    ctx = SeriesContext(event="earthquake")
    assert comparison_key(day, ctx) == comparison_key(total, ctx)


def test_key_separates_measure_population_place_and_story():
    a = fig(10, 10)
    assert comparison_key(a) != comparison_key(fig(10, 10, measure="injured"))
    assert comparison_key(a) != comparison_key(fig(10, 10, group="children", side=None))
    assert comparison_key(a) != comparison_key(fig(10, 10, place="Soledar"))
    assert (
        series_key(a, SeriesContext(story_id=1))[0] != series_key(a, SeriesContext(story_id=2))[0]
    )


def test_projections_background_increments_and_vague_amounts_are_never_judged():
    assert comparison_key(fig(10000, None, modality="projection")) is None
    assert comparison_key(fig(9000, None, event=False)) is None
    assert comparison_key(fig(6, 6, scope=Scope("increment"))) is None
    assert comparison_key(fig(200, 999, text="hundreds")) is None
    assert comparison_key(fig(50, 100, text="50 to 100")) is not None


def test_at_least_stands_for_its_number():
    assert not overlaps(fig(120, None), fig(250, 250))
    assert overlaps(fig(120, None), fig(120, 120))
    v = judge(fig(250, 250, pub=D2), [stored(fig(120, None, pub=D1))])
    assert v.kind == "updates"


def test_confirms_on_overlap_and_counts_sources_once():
    old = [
        stored(fig(100, 100, pub=D1), 1, source="wire"),
        stored(fig(100, 100, pub=D1), 2, source="wire"),
    ]
    v = judge(fig(100, 100, pub=D2), old, new_source="other")
    assert v.kind == "confirms" and v.independent_sources == 2


def test_seed_like_update_from_rate_to_day():
    rate = fig(
        50, 100, scope=Scope("rate", unit="day"), who="Serhii Cherevatyi", pub=datetime(2022, 12, 5)
    )
    day = fig(239, 239, scope=Scope("day", start=date(2023, 3, 12)), who="Serhiy Cherevatyi",
              pub=datetime(2023, 3, 13))  # fmt: skip
    assert judge(day, [stored(rate)]).kind == "updates"


def test_a_higher_official_count_in_a_later_article_updates():
    old = stored(fig(50, 50, who="health ministry", pub=D1))
    v = judge(fig(78, 78, who="civil protection agency", pub=D2), [old])
    assert v.kind == "updates"  # officials are one voice: the toll rose


def test_an_independent_count_against_the_official_one_contradicts():
    old = stored(fig(41, 41, who="civil protection agency", pub=D1))
    assert judge(fig(60, None, who="Red Cross", pub=D1 + timedelta(hours=6)), [old]).kind == (
        "contradicts"
    )


def test_two_sources_side_by_side_contradict():
    agency = stored(fig(27, 27, who="civil protection agency", pub=D1), 1)
    charity = StoredFigure(
        fig(34, 34, who="relief charity", pub=D1), id=2, article_id=1, url=agency.url
    )
    charity.figure.start, charity.figure.article_url = 40, agency.url
    v = judge(charity.figure, [agency], new_article_id=1)
    assert v.kind == "contradicts"


def test_a_lower_count_from_another_claimant_contradicts_within_the_window():
    high = stored(fig(11300, 11300, who="Red Crescent", pub=D1))
    assert judge(fig(5300, 5300, who="interior ministry", pub=D2), [high]).kind == "contradicts"
    late = fig(5300, 5300, who="interior ministry", pub=D1 + timedelta(days=10))
    assert judge(late, [high]).kind == "contradicts"  # still below another source's latest


def test_same_claimant_going_down_corrects():
    v = judge(
        fig(97, 97, who="Maui police", pub=D2), [stored(fig(115, 115, who="Maui police", pub=D1))]
    )
    assert v.kind == "corrects"


def test_a_lower_toll_for_the_same_period_is_no_update():
    """'Killed since December' grows as a toll to date does: lowered by its own claimant it
    corrects, lowered by an unnamed or related source it is stale; a lower daily rate updates."""
    since = Scope("period", start=date(2023, 12, 1), end=date(2024, 3, 10), label="since December")
    old = stored(fig(20000, None, scope=since, who="Pentagon", pub=D1))
    assert judge(fig(12000, 12000, scope=since, who="Pentagon", pub=D2), [old]).kind == "corrects"
    assert judge(fig(12000, 12000, scope=since, pub=D2), [old]).kind == "stale"
    rate = stored(fig(900, 900, scope=Scope("rate", unit="day"), who="Pentagon", pub=D1))
    lower = fig(50, 50, scope=Scope("rate", unit="day"), who="Pentagon", pub=D2)
    assert judge(lower, [rate]).kind == "updates"


def test_missing_people_falling_is_an_update():
    old = stored(fig(1000, 1000, measure="missing", who="governor", pub=D1))
    assert judge(fig(385, 385, measure="missing", who="governor", pub=D2), [old]).kind == "updates"


def test_a_reprint_of_an_older_value_is_stale():
    a, b = stored(fig(100, 100, pub=D1), 1), stored(fig(150, 150, pub=D2), 2)
    assert judge(fig(100, 100, pub=D3), [a, b]).kind == "stale"


def test_repeating_a_toll_above_a_later_lower_count_confirms_it():
    """A toll only grows: after the Red Cross's 100 and a ministry's lower 80, "100" again is
    the higher toll confirmed, not a reprint of an old value (and a later 135 updates it)."""
    rc = stored(fig(100, 100, who="Red Cross", pub=D1), 1)
    low = stored(fig(80, 80, who="health ministry", pub=D2), 2)
    v = judge(fig(100, None, pub=D3), [rc, low])
    assert v.kind == "confirms" and v.stored is rc
    # a value that does not grow (the missing) is still a reprint
    a = stored(fig(100, 100, measure="missing", pub=D1), 1)
    b = stored(fig(80, 80, measure="missing", pub=D2), 2)
    assert judge(fig(100, 100, measure="missing", pub=D3), [a, b]).kind == "stale"


def test_one_organisation_s_offices_revising_the_missing_do_not_contradict_it():
    """The missing go both ways; two *different* sources' values at about the same time
    disagree — but the UN and its OCHA are one voice: its new value updates its own."""
    ocha = stored(fig(203, 203, measure="missing", who="ocha", pub=D1), 1)
    v = judge(fig(191, 191, measure="missing", who="united nations", pub=D2), [ocha])
    assert v.kind == "updates"
    police = stored(fig(203, 203, measure="missing", who="police", pub=D1), 1)
    v = judge(fig(191, 191, measure="missing", who="red cross", pub=D2), [police])
    assert v.kind == "contradicts"


def test_an_unattributed_lower_count_after_a_higher_one_is_stale():
    v = judge(fig(140, 140, pub=D2), [stored(fig(150, 150, pub=D1))])
    assert v.kind == "stale"


def test_a_rise_past_a_lone_peak_updates_the_value_before_it():
    # 100, then one report's 4,870 (a misplaced total) that nobody repeats, then 300
    a, peak = stored(fig(100, 100, pub=D1), 1), stored(fig(4870, 4870, pub=D2), 2)
    v = judge(fig(300, 300, pub=D3), [a, peak])
    assert (v.kind, v.stored.figure.low) == ("updates", 100)
    # a peak two reports agree on stands: the lower value after it is an old count
    again = stored(fig(4870, 4870, pub=D2), 3)
    assert judge(fig(300, 300, pub=D3), [a, peak, again]).kind == "stale"
    # a value that does not rise above the others is still an old count
    assert judge(fig(90, 90, pub=D3), [a, peak]).kind == "stale"
    # a floor the lone value reaches agrees with it: "over 1,600" after 1,576 and 1,697
    b, lone = stored(fig(1576, 1576, pub=D1), 1), stored(fig(1697, 1697, pub=D2), 2)
    assert judge(fig(1600, None, pub=D3, text="over 1,600"), [b, lone]).kind == "stale"


def test_older_figure_is_never_judged_against_a_newer_one():
    v = judge(fig(100, 100, pub=D1), [stored(fig(150, 150, pub=D2))])
    assert v.kind == "new"


def test_an_article_counts_once_per_claimant_with_its_highest_value():
    # "rose to 2,012 from 1,305": the next article's 2,100 updates 2,012, not 1,305
    a = StoredFigure(fig(2012, 2012, pub=D1), id=1, article_id=1, url="https://a.example/1")
    b = StoredFigure(fig(1305, 1305, pub=D1), id=2, article_id=1, url="https://a.example/1")
    v = judge(fig(2100, 2100, pub=D2), [b, a])
    assert v.kind == "updates" and v.stored.figure.low == 2012


def test_a_round_headline_value_gives_way_to_the_count_it_rounds():
    """A round "toll rises to 19,000" over the article's own 18,991: the article counted 18,991, and the
    next article's 29,605 updates that."""
    head = StoredFigure(fig(19000, 19000, pub=D1), id=1, article_id=1, url="https://a.example/1")
    body = StoredFigure(fig(18991, 18991, pub=D1), id=2, article_id=1, url="https://a.example/1")
    v = judge(fig(29605, 29605, pub=D2), [head, body])
    assert v.kind == "updates" and v.stored.figure.low == 18991
    # a precise count more than 1 % below a round one is another value: the round one stands
    low = StoredFigure(fig(18342, 18342, pub=D1), id=3, article_id=1, url="https://a.example/1")
    v = judge(fig(29605, 29605, pub=D2), [head, low])
    assert v.stored.figure.low == 19000


def test_verdict_dict_is_json_ready():
    v = judge(fig(250, 250, pub=D2), [stored(fig(120, None, pub=D1))])
    json.dumps(v.to_dict())


def test_explain_shows_area_story_series_and_modality():
    from typer.testing import CliRunner

    from figwatch.cli import app

    text = (
        "The death toll from the earthquake in Morocco rose to 2,012, the interior ministry said,"
        " with 1,293 killed in Al Haouz province. The toll could reach 3,000."
    )
    res = CliRunner().invoke(app, ["explain", text, "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["number"]: r["series_info"] for r in json.loads(res.output) if r.get("figure")}
    assert rows["2,012"]["area"] == "story" and rows["2,012"]["story"] == "earthquake in MA"
    assert rows["1,293"]["area"] == "MA-HAO" and "⊂ Morocco" in rows["1,293"]["area_path"]
    assert rows["1,293"]["series"].endswith("|MA-HAO|cumulative")
    assert rows["3,000"]["modality"] == "projection" and rows["3,000"]["series"] is None


def test_a_count_inside_an_older_estimate_band_is_not_a_reprint():
    # "between 60,000 and 90,000 may be dead" on day 1, a count of 41,000 on day 2, then a count
    # of 71,520 on day 3: the count updates 41,000, it does not repeat the band
    band = stored(fig(60000, 90000, text="between 60,000 and 90,000", pub=D1), 1)
    first = stored(fig(41000, 41000, pub=D2), 2)
    v = judge(fig(71520, 71520, pub=D3), [band, first])
    assert v.kind == "updates" and v.stored.figure.low == 41000
    assert not overlaps(fig(71520, 71520), band.figure)
    assert overlaps(fig(65000, 95000), band.figure)  # two bands that meet still agree


def test_people_rescued_are_kept_but_not_judged():
    assert comparison_key(fig(45, 45, measure="rescued", group="people", side=None)) is None


def test_a_place_named_elsewhere_in_the_clause_is_the_event_s_in_a_one_off_event():
    ctx = SeriesContext(event="earthquake", countries=("MA",))
    loose = fig(820, 820, group="people", side=None, place="Al Haouz province",
                rule="measure-before:killed")  # fmt: skip
    own = fig(394, 394, group="people", side=None, place="Al Haouz province",
              rule="measure-before:killed,place:local")  # fmt: skip
    total = fig(632, 632, group="people", side=None, place=None)
    # "the quake, centred in Al Haouz province, has killed 820": the toll, not the province's
    assert series_key(loose, ctx)[0] == series_key(total, ctx)[0]
    # "394 deaths in Al Haouz province": the province's own count
    assert series_key(own, ctx)[0] != series_key(total, ctx)[0]
    # in a war, a place in the clause is the front's
    war = SeriesContext(event="war", countries=("MA",))
    assert series_key(loose, war)[0] != series_key(total, war)[0]


def test_a_partial_count_is_history_not_the_series_level():
    # 135 killed; then "two of the dead came from one town" (stale: a partial count); then 149:
    # the 149 updates 135, not 2
    toll = stored(fig(135, 135, pub=D1), 1)
    part = stored(fig(2, 2, pub=D2), 2)
    v = judge(fig(149, 149, pub=D3), [toll, part])
    assert v.kind == "updates" and v.stored.figure.low == 135


def test_a_floor_the_other_count_reaches_is_no_contradiction():
    count = stored(fig(2300, 2300, who="emergency services", pub=D1), 1)
    # "more than 1,000 dead", a minister said the same day: both can be true
    v = judge(fig(1000, None, who="health minister", pub=D1 + timedelta(hours=3)), [count])
    assert v.kind != "contradicts"
    charity = stored(fig(3800, None, who="Red Crescent", pub=D1), 1)
    v = judge(fig(3845, 3845, who="interior ministry", pub=D1 + timedelta(hours=3)), [charity])
    assert v.kind != "contradicts"
    # a count below another source's floor does contradict it
    v = judge(fig(78, 78, who="health ministry", pub=D1 + timedelta(hours=3)),
              [stored(fig(100, None, who="Red Cross", pub=D1), 1)])  # fmt: skip
    assert v.kind == "contradicts"


def test_a_town_that_names_its_province_stands_for_the_province():
    ctx = SeriesContext(event="earthquake", countries=("MA",))
    town = fig(191, 191, group="people", side=None, place="Chichaoua", rule="place:local")
    unit = fig(202, 202, group="people", side=None, place="Chichaoua province", rule="place:local")
    assert series_key(town, ctx)[0] == series_key(unit, ctx)[0]


def test_patients_are_everyone():
    ctx = SeriesContext(event="fire")
    a = fig(74, 74, measure="injured", group="patients", side=None, place=None)
    b = fig(78, 78, measure="injured", group="people", side=None, place=None)
    assert series_key(a, ctx)[0] == series_key(b, ctx)[0]


def test_one_number_reworded_is_one_value():
    close = fig(4500, 5000, text="close to 5,000")
    about = fig(4500, 5500, text="about 5,000")
    assert overlaps(close, about)
    v = judge(fig(4500, 5500, text="about 5,000", pub=D2), [stored(close)])
    assert v.kind == "confirms"
    assert not overlaps(fig(4500, 5500, text="about 5,000"), fig(6000, 6000, text="6,000"))


def test_an_earlier_value_recalled_is_stale_and_the_current_one_still_updates():
    old = stored(fig(27, 27, pub=D1), 1)
    latest = stored(fig(41, 41, pub=D2), 2)
    recalled = fig(30, 30, pub=D3, text="30")
    recalled.sentence = "The agency had put the toll at 30 on Wednesday."
    assert judge(recalled, [old, latest]).kind == "stale"
    now = fig(52, 52, pub=D3, text="52")
    now.sentence = "The toll rose to 52, up from 41 earlier in the week."
    assert judge(now, [old, latest]).kind == "updates"


def test_a_value_marked_as_the_whole_toll_represents_its_article():
    # one town's 300 and the national tally's 151 in one article: the tally is the level
    town = fig(300, 300, pub=D1, place=None)
    town.sentence = "The storm left 300 people dead in a single town."
    tally = fig(151, 151, pub=D1, place=None)
    tally.sentence = "The national tally still showed only 151 people killed."
    a = StoredFigure(town, id=1, article_id=1, url="https://a.example/1")
    b = StoredFigure(tally, id=2, article_id=1, url="https://a.example/1")
    v = judge(fig(229, 229, pub=D2, place=None), [a, b])
    assert v.kind == "updates" and v.stored.figure.low == 151


def test_an_organisation_and_its_acronym_are_one_voice():
    from monitor.verdicts.judge import voice

    un = fig(4400, None, who="united nations", place=None)
    un_short = fig(4460, 4460, who="un", place=None)
    assert voice(un) == voice(un_short) != voice(fig(1, 1, who="red cross", place=None))


def test_a_cue_that_dates_the_event_does_not_make_the_value_recalled():
    from monitor.verdicts.judge import _recalled

    now = fig(178, 178, place=None, text="178")
    now.sentence = "The explosion at the port last week has now killed 178 people, the UN said."
    assert not _recalled(now)
    old = fig(27, 27, place=None, text="27")
    old.sentence = "The agency had put the toll at 27 on Wednesday."
    assert _recalled(old)


def test_an_article_s_current_value_represents_it_not_the_earlier_one_it_gives():
    from monitor.verdicts.judge import earlier, representatives

    sent = "The list of the missing has shrunk to 212 names, down from more than 400 on Monday."
    now = fig(212, 212, measure="missing", group=None, side=None, place=None, text="212")
    was = fig(400, None, measure="missing", group=None, side=None, place=None,
              text="more than 400")  # fmt: skip
    now.sentence = was.sentence = sent
    assert earlier(was) and not earlier(now)
    cut = fig(145, 145, measure="missing", group=None, side=None, place=None, text="145")
    cut.sentence = "The missing count was revised to 128 from 145 after duplicates were removed."
    assert earlier(cut)
    [rep] = representatives([stored(now, 1), StoredFigure(was, id=2, article_id=1)])
    assert rep.figure is now
    # "killing as many as 216" stands for 216, not for its open floor
    most = fig(0, 216, group=None, side=None, place=None, text="as many as 216")
    other = fig(209, 209, group=None, side=None, place=None)
    [rep] = representatives([stored(other, 1), StoredFigure(most, id=2, article_id=1)])
    assert rep.figure is most
    # a figure the sentence disputes does not stand for the article
    talk = fig(9000, 9000, group=None, side=None, place=None)
    talk.sentence = "The governor said talk of 9000 dead in the province was exaggerated."
    [rep] = representatives([stored(other, 1), StoredFigure(talk, id=2, article_id=1)])
    assert rep.figure is other


def test_a_day_s_total_is_not_the_whole_toll():
    from monitor.verdicts.judge import total

    day = fig(18, 18, text="18", group=None, side=None, place=None)
    day.sentence = "Crews found eight more bodies; Wednesday's total was 18 bodies recovered."
    whole = fig(300, 300, text="300", group=None, side=None, place=None)
    whole.sentence = "The national total of 300 dead was confirmed on Wednesday."
    assert not total(day) and total(whole)


def test_in_a_story_over_several_countries_a_sentence_s_one_country_keys_its_toll():
    from monitor.figures import extract_figures
    from monitor.verdicts.series import STORY_WIDE, SeriesContext, series_place

    ctx = SeriesContext(apart=("MZ", "ZW"), countries=("MZ", "ZW"), event="storm")
    [one] = extract_figures(
        "More bodies were carried downstream, which brings Zimbabwe's death toll to 259.",
        published=D1,
    )
    assert series_place(one, ctx).id == "ZW"
    [both] = [
        f
        for f in extract_figures(
            "Officials in Mozambique and Zimbabwe said the storm had killed 740 people.",
            published=D1,
        )
        if f.low == 740
    ]
    assert series_place(both, ctx) is STORY_WIDE


def _places(text: str, ctx) -> dict[float, str]:
    from monitor.figures import extract_figures
    from monitor.verdicts.series import series_place

    return {f.low: series_place(f, ctx).id for f in extract_figures(text, published=D1)}


def test_a_story_s_countries_together_are_the_whole_story_and_each_segment_its_own_country():
    from monitor.verdicts.series import SeriesContext

    ctx = SeriesContext(apart=("MW", "MZ", "ZW"), countries=("MW", "MZ", "ZW"), event="storm",
                        home_country="MZ")  # fmt: skip
    # "combined", "in the three countries", "three-nation": the whole story, not the article's
    assert _places("The combined death toll in the three countries has climbed to 812.", ctx) == {
        812: "story"
    }
    assert _places("Rescuers say the three-nation toll is now 905.", ctx) == {905: "story"}
    # a list of the story's countries right after the number: all of them
    got = _places("The storm has now killed about 640 people across Malawi, Zimbabwe and "
                  "Mozambique.", ctx)  # fmt: skip
    assert set(got.values()) == {"story"}
    # a headline's segments: each toll its own country
    got = _places("Mozambique storm toll rises to 318, Zimbabwe's passes 140", ctx)
    assert got == {318: "MZ", 140: "ZW"}
    # a country the segment names wins over the clause's first
    got = _places("The storm killed at least 233 people in Zimbabwe, and in Malawi 61 people "
                  "died in the floods before it.", ctx)  # fmt: skip
    assert got == {233: "ZW", 61: "MW"}
    # a one-country story is untouched: no home country, no apart
    assert _places("The combined toll has climbed to 812.", SeriesContext(event="storm")) == {
        812: "story"
    }


def test_an_article_that_breaks_tolls_down_by_country_keys_its_unplaced_toll_by_its_country():
    from monitor.figures import extract_figures
    from monitor.verdicts.record import _broken_down
    from monitor.verdicts.series import SeriesContext

    text = ("Mozambique has counted 431 deaths; in Malawi, at least 47 people have died. "
            "In Zimbabwe the storm killed 180.")  # fmt: skip
    ctx = SeriesContext(countries=("MW", "MZ", "ZW"), event="storm", home_country="MZ")
    assert _broken_down(ctx, extract_figures(text, published=D1)) == ("MW", "MZ", "ZW")
    one = "The storm killed 431 in Mozambique, among them 20 children."
    assert _broken_down(ctx, extract_figures(one, published=D1)) == ()


def test_a_dissenting_voice_contradicts_the_standing_official_count_days_later():
    official = fig(79, 79, group=None, side=None, place=None, who="Metropolitan Police",
                   pub=datetime(2024, 6, 23))  # fmt: skip
    group = fig(120, None, group=None, side=None, place=None, who="Sajad Jamalvatan",
                pub=datetime(2024, 6, 26), text="more than 120")  # fmt: skip
    group.claimant.role = "the resident who founded the survivors' group"
    v = judge(group, [stored(official, 1)], new_article_id=2)
    assert v.kind == "contradicts" and v.stored.figure is official
    # an officer's role that names relief work is still an official's
    officer = fig(803, 803, group=None, side=None, place=None, who="Lieutenant Mir Rabbi",
                  pub=datetime(2024, 6, 26))  # fmt: skip
    officer.claimant.role = "an officer in the army control room coordinating the relief effort"
    assert judge(officer, [stored(official, 1)], new_article_id=2).kind == "updates"


def test_a_count_cut_once_duplicates_are_removed_is_a_correction():
    kw = dict(measure="missing", group=None, side=None, place=None, who="county officials")
    before = fig(145, 145, pub=datetime(2024, 7, 1), **kw)
    after = fig(128, 128, pub=datetime(2024, 7, 2), **kw)
    after.sentence = (
        "Officials cut their count of people missing to 128 from 145 on Friday, once duplicate "
        "names were taken out."
    )
    assert judge(after, [stored(before, 1)], new_article_id=2).kind == "corrects"
    found = fig(120, 120, pub=datetime(2024, 7, 3), **kw)
    found.sentence = "The number of people missing fell to 120 as more residents were found safe."
    assert judge(found, [stored(before, 1)], new_article_id=2).kind == "updates"


def test_two_sources_counts_of_the_missing_at_about_the_same_time_disagree():
    """A count that goes both ways (the missing fall as people are found) cannot be put in
    order by its value: two named sources' different counts a day apart contradict."""
    kw = {"group": None, "side": None, "place": None, "measure": "missing"}
    guard = fig(305, None, who="coast guard", pub=D1, text="more than 305", **kw)
    officials = fig(291, 291, who="interior ministry", pub=D2, **kw)
    v = judge(officials, [stored(guard, 1)], new_article_id=2)
    assert v.kind == "contradicts" and v.stored.figure is guard
    # the same source's next count is an update, and so is another source's a week on
    later = fig(288, 288, who="coast guard", pub=D2, **kw)
    assert judge(later, [stored(guard, 1)], new_article_id=2).kind == "updates"
    week = fig(120, 120, who="interior ministry", pub=datetime(2024, 3, 18), **kw)
    assert judge(week, [stored(guard, 1)], new_article_id=2).kind == "updates"
    # a toll that only grows: a higher count from another source the next day is news
    dead = {**kw, "measure": "killed"}
    first = fig(40, 40, who="coast guard", pub=D1, **dead)
    assert judge(fig(44, 44, who="interior ministry", pub=D2, **dead),
                 [stored(first, 1)], new_article_id=2).kind == "updates"  # fmt: skip


def test_a_value_above_its_own_voice_and_a_higher_other_updates_the_latest():
    kw = {"group": None, "side": None, "place": None}
    own = fig(171, 171, who="health ministry", pub=D1, **kw)
    un = fig(178, 178, who="United Nations agency", pub=D2, **kw)
    new = fig(188, 188, who="health ministry", pub=D3, **kw)
    prior = [stored(own, 1), stored(un, 2)]
    v = judge(new, prior, new_article_id=3)
    assert v.kind == "updates" and v.stored.figure is un
    # between the two (days later: no rival claim then), it updates its own voice's value
    mid = fig(175, 175, who="health ministry", pub=datetime(2024, 3, 20), **kw)
    v = judge(mid, prior, new_article_id=3)
    assert v.kind == "updates" and v.stored.figure is own


def test_a_nation_s_people_are_that_country_s_toll_in_the_story():
    """ "154 Iranians", "464 Iranian pilgrims", "Iran lost 465 of its pilgrims" and "Iran has
    reported 136 deaths" (in an article from Iran) are one series: Iran's toll in the story."""
    from monitor.figures import extract_figures
    from monitor.verdicts.series import SeriesContext, series_key

    ctx = SeriesContext(story_id=3, event="crush", countries=("IR", "SA"), apart=("IR", "SA"),
                        home_country="IR")  # fmt: skip
    texts = ["So far 171 Iranians have been declared dead.",
             "Tehran says 402 Iranian pilgrims died in the crush.",
             "Iran lost 409 of its pilgrims.",
             "Iran has reported the largest number of deaths at 188."]  # fmt: skip
    keys = {series_key(f, ctx)[0] for t in texts for f in extract_figures(t, published=D1)}
    assert keys == {"3|killed|people|IR|cumulative"}
    # a side's soldiers stay a population of their own
    [troops] = extract_figures("Iran said 12 of its soldiers were killed.", published=D1)
    assert series_key(troops, ctx)[0] != "3|killed|people|IR|cumulative"
