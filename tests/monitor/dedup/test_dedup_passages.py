"""Passage alignment: shared runs, their spans, the topic gate, and the sampled lookup hashes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from monitor.article import Article
from monitor.dedup import passages as P
from monitor.ingest import ingest
from storage.models import DerivativeRow

QUOTE = "the harbour wall was never meant to hold back a storm of this size, the engineer said"
OLD = f"Waves flooded the quay at Saltby overnight. {QUOTE}. Boats were moved inland by noon."
NEW = (
    "Opinion: coastal towns must plan for worse winters and stronger tides than before. "
    f"As one official put it, {QUOTE}. The council meets on Friday to discuss repairs."
)


def test_align_finds_the_shared_run_with_spans_in_both_texts() -> None:
    al = P.align(NEW, OLD)
    [p] = al.passages
    assert p.text.lower().startswith("the harbour wall") and p.text.endswith("engineer said")
    assert NEW[p.new_span[0] : p.new_span[1]] == p.text
    assert OLD[p.old_span[0] : p.old_span[1]].lower().startswith("the harbour wall")
    assert p.words == len(QUOTE.replace(",", "").split())
    assert 0 < al.coverage < 1 and al.topic > 0


def test_short_common_phrases_are_not_passages() -> None:
    a = "Officials said on Monday that the talks would continue, a spokesman said."
    b = "The ministry said on Monday that the road would reopen next week."
    assert P.align(a, b).passages == []
    assert not P.align(a, b).is_derivative()


def test_topic_gate_blocks_shared_boilerplate() -> None:
    plate = (
        "Subscribe to our morning newsletter for the top stories of the day from our desk, "
        "and share this story with your friends."
    )
    a = (
        "Rain closed the coastal road near Saltby for most of Tuesday, police said. Drivers were "
        "sent inland through Crane Hill while crews cleared mud and stones from the carriageway. "
        "Two delivery vans were stuck for hours near the harbour, and the council said engineers "
        "would inspect the retaining wall above the bend before reopening. Bus services to the "
        "ferry terminal ran an hour late, and the school at Crane Hill sent pupils home early as "
        f"a precaution against further slides. {plate}"
    )
    b = (
        "The Verin orchestra opened its season with a new symphony by the composer Ada Roon, "
        "whose slow movement drew a standing ovation. Critics praised the brass section and the "
        "young conductor, Mila Farr, who took over the ensemble last spring after a long search "
        "for a successor. The programme also included a rarely heard violin concerto, played by "
        "the orchestra's leader, and an encore of folk dances arranged for strings and harp. "
        f"{plate}"
    )
    al = P.align(a, b)
    assert al.shared_words >= P.MIN_SHARED_WORDS and al.topic < P.MIN_TOPIC
    assert not al.is_derivative()


def test_index_hashes_are_a_sample_of_shingles() -> None:
    hashes = P.index_hashes(NEW)
    every = {h for h in P.shingles([t.word for t in P.tokens(NEW)]) if h}
    assert hashes <= every and all(h % P.SAMPLE_MOD == 0 for h in hashes)
    assert P.index_hashes(NEW) == hashes  # stable


def test_merge_spans() -> None:
    assert P.merge_spans([(5, 9), (0, 3), (2, 4), (9, 12)]) == [(0, 4), (5, 12)]


def test_tokens_fold_case_and_accents() -> None:
    assert [t.word for t in P.tokens("Zürich’s CAFÉ")] == ["zurich", "s", "cafe"]


def test_late_arriving_earlier_source_becomes_the_source(engine) -> None:
    long_old = (
        OLD + " "
    ) * 3 + "Residents on Beach Row were told to stay upstairs until the tide turned."
    long_new = (NEW + " ") * 2 + "Insurers are expected to review policies for homes on the front."
    der = ingest(
        Article(
            url="https://op.example/a", text=long_new, published=datetime(2025, 2, 3, tzinfo=UTC)
        ),
        engine,
    )
    src = ingest(
        Article(
            url="https://news.example/b", text=long_old, published=datetime(2025, 2, 1, tzinfo=UTC)
        ),
        engine,
    )
    with Session(engine) as s:
        [link] = s.exec(select(DerivativeRow)).all()
        assert (link.article_id, link.source_article_id) == (der.article_id, src.article_id)
