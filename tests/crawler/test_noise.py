"""Residual-noise rules, engine, plain-text splitting and site memory."""

from __future__ import annotations

import pytest

from crawler.noise import (
    InMemorySiteMemory,
    Line,
    clean_text,
    filter_lines,
    learnable,
    line_hash,
    site_key,
    text_to_lines,
)


def rules_for(texts: list[str], **kw) -> list[str | None]:
    return [d.rule for d in filter_lines([Line(t, kind="text") for t in texts], **kw)]


BODY = [
    "HARLOW — Rescue teams pulled 31 people from the collapsed market hall on Monday, officials said.",
    "The hall's roof gave way under heavy snow shortly after 7 a.m., when about 80 traders were setting up stalls.",
    "“We heard a crack like a gunshot and then everything came down,” said trader Ines Maro.",
    "The city engineer said inspections of three similar halls would begin on Tuesday.",
    "Five people remain in hospital, two of them in a serious condition.",
]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Download our blog’s APP from Google Playstore using the link here>>>", "cta_prompt"),
        ("Sign up for our daily newsletter to get the top stories in your inbox.", "cta_prompt"),
        ("Please turn off your Adblock to support us.", "cta_prompt"),
        ("Related article: Council approves new cycle lanes", "related_link"),
        ("Read more: Harbour cranes to be automated by 2027", "related_link"),
        ("[Related: Night market returns to the depot]", "related_link"),
        ("3 min read", "read_time"),
        ("Reading time: 4 minutes", "read_time"),
        ("https://example.org/a/b https://example.org/c", "bare_url"),
        ("Your Name:", "share_widget"),
        ("Recipient Email:", "share_widget"),
        ("Print", "share_widget"),
        ("HIDE CAPTION", "photo_credit"),
        ("Photo: Lena Sorel/Coast Photo Agency", "photo_credit"),
        ("Avatar", "bio_box"),
        ("The Harbour Times news desk", "bio_box"),
        (
            "Tomasz Vell is a senior reporter at the Valley Standard covering public safety.",
            "bio_box",
        ),
        ("March 4, 2026", "timestamp"),
    ],
)
def test_pattern_rules_remove_noise(line: str, rule: str) -> None:
    # noise placed mid-article: only the noise line goes, every article line stays
    texts = BODY[:2] + [line] + BODY[2:]
    rules = rules_for(texts)
    assert rules[2] == rule
    assert all(r is None for i, r in enumerate(rules) if i != 2)


@pytest.mark.parametrize(
    "line",
    [
        "“Sign up for the militia or lose your farm,” the leaflet said, according to villagers.",
        "The company said 40,000 customers subscribe to its flood alerts.",
        "Police said the suspect was arrested at 4:14 p.m. near the station.",
        "Read the full statement, the minister told reporters: “we will rebuild.”",
        "Two were killed.",
        "PARIS —",
        "Photos taken by residents show the river bursting its banks on Sunday.",
        "She is a nurse at the county hospital and has worked nights since the storm.",
    ],
)
def test_article_lines_are_kept(line: str) -> None:
    rules = rules_for(BODY[:2] + [line] + BODY[2:])
    assert rules == [None] * (len(BODY) + 1)


def test_header_glued_to_first_line_only() -> None:
    header = "date 2026-03-13 Home World Europe, breaking news. Markets rally after rate cut"
    assert rules_for([header, *BODY])[0] == "header_glued"
    assert rules_for([*BODY, header])[-1] is None  # position matters: not the first line


def test_tail_teaser_list_dropped_but_not_mid_article() -> None:
    teasers = ["Council approves new cycle lanes for the harbour district.", "Choir wins title."]
    rules = rules_for([*BODY, "Read more", "News Feed", *teasers, "Show More"])
    assert rules[: len(BODY)] == [None] * len(BODY)
    assert rules[len(BODY)] == "list_marker"
    assert rules[len(BODY) + 1 :] == ["teaser_list"] * 4
    # the same heading early in a long text does not swallow the article
    rules = rules_for(["Read more", *BODY, *BODY[::-1]])
    assert rules[0] == "list_marker" and all(r is None for r in rules[1:])


def test_html_teaser_zone_uses_link_cues() -> None:
    lines = [Line(t, "p", 0.0, True) for t in BODY]
    lines += [Line("More from the Post", "head", 0.0, True)]
    lines += [Line("Choir wins national title", "item", 1.0, True)]
    lines += [Line("Night market returns", "item", 1.0, True)]
    decisions = filter_lines(lines)
    assert [d.rule for d in decisions[-3:]] == ["list_marker", "teaser_list", "teaser_list"]
    assert clean_text(decisions) == "\n".join(BODY)


def test_title_and_standfirst_removed_from_html_top() -> None:
    lines = [
        Line("Market hall roof collapses in Harlow", "head", 0.0, True),
        Line("Snow brought down the roof of the 1920s hall.", "head", 0.0, True),
        *[Line(t, "p", 0.0, True) for t in BODY],
    ]
    rules = [d.rule for d in filter_lines(lines, title="Market hall roof collapses in Harlow")]
    assert rules[:2] == ["title_repeat", "standfirst"] and set(rules[2:]) == {None}


def test_repeated_captions_but_not_repeated_content() -> None:
    caption = "Lena Sorel for the Courier, photos"
    question = "What made you start cooking?"
    texts = [caption, BODY[0], question, caption, BODY[1], question, caption, question]
    rules = rules_for(texts)
    assert [r for t, r in zip(texts, rules, strict=True) if t == caption] == ["repeated"] * 3
    assert all(r is None for t, r in zip(texts, rules, strict=True) if t == question)


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Rescue teams pulled 31 people from the collapsed market hall on Monday, and\n"
        "officials said more were feared trapped under the roof.\n\n"
        "Avatar\nThe Harbour Times news desk\n"
    )
    lines = [ln.text for ln in text_to_lines(text)]
    assert lines[0].startswith("Rescue teams") and lines[0].endswith("under the roof.")
    assert lines[1:] == ["Avatar", "The Harbour Times news desk"]


def test_site_memory_learns_boilerplate_after_n_articles() -> None:
    memory = InMemorySiteMemory(min_articles=3)
    promo = "Listen to the Harbour Hour every weekday at noon"
    for i in range(2):
        rules = rules_for(
            [f"Story number {i} about the port strike and its effects.", promo],
            site="harbour.example",
            memory=memory,
        )
        assert rules[1] is None  # not yet learned
    rules = rules_for(
        ["A third, different story about cranes.", promo], site="harbour.example", memory=memory
    )
    assert rules == [None, "site_memory"]
    # another site is unaffected, and a quote is never learned
    assert rules_for([promo], site="other.example", memory=memory) == [None]
    assert not learnable("“We will strike again,” the union said.")
    assert not learnable(" ".join(["word"] * 60))
    assert line_hash("Listen to the HARBOUR hour!") == line_hash("listen to the harbour hour")
    assert site_key("https://www.Harbour.example/a?b=1") == "harbour.example"


def test_explain_disabled_rules() -> None:
    rules = rules_for([*BODY, "1 min read"], disabled=frozenset({"read_time"}))
    assert rules[-1] is None


def test_html_lines_between_two_tail_list_headings_are_teasers() -> None:
    lines = [Line(t, "p", 0.0, True) for t in BODY]
    lines.append(Line("Read more", "p", 0.0, True))
    lines += [Line("Stallholders expect 8,000 visitors at the depot market.", "p", 0.0, True)]
    lines += [Line("Judges praised the choir's folk songs.", "p", 0.0, True)]
    lines.append(Line("Show more", "p", 0.0, True))
    rules = [d.rule for d in filter_lines(lines)]
    assert rules[: len(BODY)] == [None] * len(BODY)
    assert rules[len(BODY) :] == ["list_marker", "teaser_list", "teaser_list", "list_marker"]
    # without the closing heading, unlinked sentences after "Read more" are kept
    rules = [d.rule for d in filter_lines(lines[:-1])]
    assert rules[-2:] == [None, None]


def test_long_first_paragraph_is_never_a_header() -> None:
    lede = "Home World Cup hosts Qatar said on Sunday that " + " ".join(["fans"] * 45) + " arrived."
    assert rules_for([lede, *BODY])[0] is None


@pytest.mark.parametrize("line", ["Like this:", "Loading...", "Skip to content", "Share this:"])
def test_scraped_wordpress_chrome(line: str) -> None:
    assert rules_for([*BODY, line])[-1] == "share_widget"
