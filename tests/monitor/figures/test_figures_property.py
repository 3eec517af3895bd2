"""Robustness: extraction and the number parser never raise and stay linear on hostile input."""

from __future__ import annotations

import time
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.figures import explain, extract_figures
from monitor.figures.numbers import find_numbers, parse_number

ALPHABET = st.sampled_from(
    list("0123456789,.-–+:%$ \n\"“”'()abcdefghijklmnopqrstuvwxyzABCKMRU")
    + [
        "killed ",
        "more than ",
        "between ",
        " and ",
        " to ",
        "million ",
        "dozens ",
        "Russian ",
        "soldiers ",
        "said ",
        "on 12 March ",
        "daily ",
        "five ",
        "for every ",
        "as many wounded ",
    ]
)
texts = st.lists(ALPHABET, max_size=120).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extract_never_raises(text):
    figs = extract_figures(text, published=datetime(2024, 3, 10))
    for f in figs:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.low is None or f.high is None or f.low <= f.high
    explain(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_number_parser_never_raises(text):
    find_numbers(text)
    parse_number(text)
    extract_figures(text)


def _timed(fn, arg) -> float:
    t = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t


def test_megabyte_of_digits_and_commas_is_fast():
    blob = "1,2" * 350_000  # ~1 MB, no sentence breaks
    assert _timed(find_numbers, blob) < 30
    assert _timed(extract_figures, blob) < 30


def test_hostile_repetitions_stay_linear():
    units = (
        "more than ",
        "five ",
        "killed and ",
        "a, ",
        "“",
        "1-",
        "between 1 and ",
        "Aaa Bbb, ",
        "according to Aaa ",
        "- Aaa ",
        "in Aaa said ",
        "twenty-one ",
        "5 killed, ",
    )
    for unit in units:
        small = unit * 2_000
        big = unit * 8_000
        ts, tb = _timed(extract_figures, small), _timed(extract_figures, big)
        assert tb < max(1.0, ts * 12), (unit, ts, tb)
