"""Number parser: digits, words, vague amounts, ranges and every qualifier's bounds."""

from __future__ import annotations

import pytest

from monitor.figures.numbers import find_numbers, parse_number, words_to_number


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("20,000", 20000, 20000),
        ("19,136", 19136, 19136),
        ("239", 239, 239),
        ("1.2 million", 1_150_000, 1_250_000),
        ("3 million", 3_000_000, 3_000_000),
        ("25k", 25000, 25000),
        ("2.5bn", 2.45e9, 2.55e9),
        ("five", 5, 5),
        ("a dozen", 12, 12),
        ("twenty-three", 23, 23),
        ("two hundred", 200, 200),
        ("two hundred and fifty", 250, 250),
        ("three thousand five hundred", 3500, 3500),
        ("one million", 1_000_000, 1_000_000),
    ],
)
def test_plain_amounts(text, low, high):
    lo, hi = parse_number(text)
    assert lo == pytest.approx(low) and hi == pytest.approx(high)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("50 to 100", 50, 100),
        ("50-100", 50, 100),
        ("50–100", 50, 100),
        ("between 50 and 100", 50, 100),
        ("from 50 to 100", 50, 100),
        ("1,000-1,500", 1000, 1500),
        ("1 to 2 million", 1_000_000, 2_000_000),
        ("20 or 30", 20, 30),
    ],
)
def test_ranges(text, low, high):
    assert parse_number(text) == (low, high)


def test_descending_pair_is_not_a_range():
    spans = find_numbers("won 3-1")
    assert [(s.low, s.high) for s in spans] == [(3, 3)]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("dozens", 24, 99),
        ("hundreds", 200, 999),
        ("thousands", 2000, 9999),
        ("tens of thousands", 20000, 99999),
        ("hundreds of thousands", 200000, 999999),
        ("millions", 2_000_000, 9_999_999),
        ("several hundred", 300, 900),
        ("a few thousand", 2000, 5000),
        ("several dozen", 36, 108),
        ("a handful", 2, 6),
    ],
)
def test_vague_amounts(text, low, high):
    assert parse_number(text) == (low, high)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("more than 1,100", 1100, None),
        ("over 50", 50, None),
        ("at least 14", 14, None),
        ("upwards of 2,000", 2000, None),
        ("in excess of 300", 300, None),
        ("exceeds 9,000", 9000, None),
        ("tops 4,000", 4000, None),
        ("well over 200", 200, None),
        ("no fewer than 18", 18, None),
        ("20,000+", 20000, None),
        ("just over 100", 100, 110),
        ("nearly 500", 450, 500),
        ("almost 70", 63, 70),
        ("close to 1,000", 900, 1000),
        ("up to 300", 0, 300),
        ("fewer than 20", 0, 20),
        ("less than 50", 0, 50),
        ("as many as 700", 0, 700),
        ("about five", 4.5, 5.5),
        ("around 60", 54, 66),
        ("approximately 250", 225, 275),
        ("some 40", 36, 44),
        ("roughly 12,000", 10800, 13200),
        ("an estimated 3,000", 2700, 3300),
        ("well beyond 64", 64, None),
        ("near 100", 90, 100),
        ("closer to 500", 450, 500),
        ("could top 350", 350, None),
        ("the top 10", 10, 10),
        ("they estimated 4,645", 4645, 4645),
    ],
)
def test_qualifier_bounds(text, low, high):
    lo, hi = parse_number(text)
    assert lo == pytest.approx(low)
    assert (hi is None and high is None) or hi == pytest.approx(high)


def test_qualifier_is_part_of_the_span():
    (s,) = find_numbers("Officials said more than 1,100 soldiers died.")
    assert s.text == "more than 1,100" and s.qualifier == "more than"


@pytest.mark.parametrize("text", ["F-16", "G7", "COVID-19", "Su-25", "MH17"])
def test_glued_codes_are_not_numbers(text):
    assert find_numbers(text) == []


def test_words_to_number_rejects_non_numbers():
    assert words_to_number("five apples") is None
    assert words_to_number("") is None
