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
