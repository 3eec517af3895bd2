"""Near-duplicate clusters, derivative links, stated sources and the independence key."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from monitor.article import Article
from monitor.dedup import fingerprint, index_version, source_key
from monitor.dedup.syndication import stated_sources
from monitor.ingest import ingest
from storage.models import (
    ClusterMemberRow,
    ClusterRow,
    DerivativeRow,
    FingerprintRow,
    NearDupKeyRow,
    StatedSourceRow,
)
from storage.neardup import hamming

STORY = """The river Velna broke its banks on Tuesday night and flooded the lower town of Marrow Ford.
Mayor Ilse Brandvik said 14 people were missing and 320 residents had spent the night in the school gym.
"We have never seen the water rise this quickly, the old levee simply gave way," Brandvik told reporters at the bridge.
Firefighters from three neighbouring districts used flat boats to reach houses on Mill Lane, where the water stood two metres deep.
The regional weather office said another 60 millimetres of rain could fall before Thursday.
Shopkeepers on the market square carried sandbags through the night while volunteers handed out blankets and soup.
The railway line to Kessel remains closed and the operator said buses would replace trains until the tracks are inspected.
A spokesman for the provincial government said emergency funds would be released on Wednesday morning."""

DERIVED = """Why Small Towns Keep Flooding

Across the region, towns built on old river crossings are paying for decades of neglected levees.
Engineers have warned for years that the embankments were never designed for this kind of rainfall.
In Marrow Ford the mayor was blunt about what happened overnight.
"We have never seen the water rise this quickly, the old levee simply gave way," Brandvik told reporters at the bridge.
Insurance companies are now expected to review policies for riverside homes, and some owners fear they will be priced out.
The debate about who pays for new defences will not go away once the water recedes.
Mayor Ilse Brandvik said 14 people were missing and 320 residents had spent the night in the school gym.
Climate scientists say heavier bursts of rain are becoming more common in late spring."""

OTHER = """Heavy rain closed the coastal road near Saltby for most of Tuesday, police said.
Drivers were told to use the inland route through Crane Hill while crews cleared mud from the carriageway.
No injuries were reported, but two delivery vans were stuck for several hours near the harbour.
The council said the road would reopen once engineers had checked the retaining wall above the bend."""


def _art(url: str, text: str, title: str, day: int) -> Article:
    return Article(url=url, text=text, title=title, published=datetime(2024, 5, day, 9, tzinfo=UTC))


def _copy(text: str) -> str:
    return "By Wire Staff\n" + text + "\nFollow us for more local news."


def test_fingerprint_is_stable_and_close_for_copies() -> None:
    a, b = fingerprint(STORY), fingerprint(_copy(STORY))
    assert a == fingerprint(STORY) and 0 <= a < 2**64
    assert hamming(a, b) <= 3
    assert hamming(a, fingerprint(OTHER)) > 6


def test_copy_joins_cluster_and_earlier_arrival_becomes_original(engine) -> None:
    first = ingest(_art("https://a.example/flood", STORY, "Flood in Marrow Ford", 10), engine)
    copy = ingest(_art("https://b.example/x", _copy(STORY), "Town under water", 11), engine)
    other = ingest(_art("https://c.example/road", OTHER, "Road closed", 11), engine)
    with Session(engine) as s:
        res = index_version(
            s,
            article_id=copy.article_id,
            version_id=copy.version_id,
            text=_copy(STORY),
            title=None,
            published=None,
            site="b.example",
        )
        assert res.near_copy and res.original_article_id == first.article_id

        m1 = s.get(ClusterMemberRow, first.article_id)
        m2 = s.get(ClusterMemberRow, copy.article_id)
        m3 = s.get(ClusterMemberRow, other.article_id)
        assert m1.cluster_id == m2.cluster_id != m3.cluster_id
        cluster = s.get(ClusterRow, m1.cluster_id)
        assert cluster.original_article_id == first.article_id and cluster.size == 2
    # A copy dated earlier than both arrives late: it becomes the original.
    early = ingest(_art("https://d.example/early", _copy(STORY), "Early", 9), engine)
    with Session(engine) as s:
        cluster = s.get(ClusterRow, s.get(ClusterMemberRow, early.article_id).cluster_id)
        assert cluster.original_article_id == early.article_id and cluster.size == 3
        keys = {source_key(s, a) for a in (first.article_id, copy.article_id, early.article_id)}
        assert keys == {"site:d.example"}
        assert source_key(s, other.article_id) == "site:c.example"


def test_index_version_is_idempotent(engine) -> None:
    res = ingest(_art("https://a.example/flood", STORY, "Flood", 10), engine)
    with Session(engine) as s:
        again = index_version(
            s,
            article_id=res.article_id,
            version_id=res.version_id,
            text=STORY,
            title="Flood",
            published=None,
            site="a.example",
        )
        s.commit()
        assert s.exec(select(FingerprintRow)).all().__len__() == 1
        assert len(s.exec(select(NearDupKeyRow)).all()) == 4
        assert again.original_article_id == res.article_id and not again.near_copy


def test_derivative_links_to_source_and_shares_its_key(engine) -> None:
    src = ingest(_art("https://a.example/flood", STORY, "Flood", 10), engine)
    der = ingest(_art("https://opinion.example/why", DERIVED, "Why towns flood", 12), engine)
    with Session(engine) as s:
        link = s.exec(select(DerivativeRow)).one()
        assert (link.article_id, link.source_article_id) == (der.article_id, src.article_id)
        assert link.passages >= 2 and link.shared_words >= 20
        assert (
            s.get(ClusterMemberRow, der.article_id).cluster_id
            != s.get(ClusterMemberRow, src.article_id).cluster_id
        )
        assert source_key(s, der.article_id) == source_key(s, src.article_id)


def test_revised_version_moves_out_of_cluster(engine) -> None:
    ingest(_art("https://a.example/flood", STORY, "Flood", 10), engine)
    copy = ingest(_art("https://b.example/x", _copy(STORY), "Copy", 11), engine)
    ingest(_art("https://b.example/x", OTHER, "Now about roads", 11), engine)
    with Session(engine) as s:
        member = s.get(ClusterMemberRow, copy.article_id)
        assert s.get(ClusterRow, member.cluster_id).size == 1
        assert len(s.exec(select(NearDupKeyRow)).all()) == 8  # one fingerprint per article


def test_stated_sources_recorded(engine) -> None:
    text = "KESSEL (Reuters) - Officials said the bridge was closed.\nAFP contributed reporting."
    res = ingest(_art("https://e.example/b", text, "Bridge", 3), engine)
    with Session(engine) as s:
        rows = s.exec(select(StatedSourceRow).where(StatedSourceRow.article_id == res.article_id))
        assert {(r.source, r.kind) for r in rows} == {
            ("Reuters", "dateline"),
            ("AFP", "contributed"),
        }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AFP contributed reporting.", {("AFP", "contributed")}),
        ("MARROW FORD (AP) — Water rose.", {("AP", "dateline")}),
        ("An official said so, via CNN.", {("CNN", "via")}),
        ("the AP quoted him saying", {("AP", "agency")}),
        (
            "Reuters and The Associated Press contributed to this report.",
            {("Reuters", "contributed"), ("AP", "contributed")},
        ),
        ("Write to us via email. Apple and APEX rose.", set()),
    ],
)
def test_syndication_markers(text: str, expected: set[tuple[str, str]]) -> None:
    assert {(s.source, s.kind) for s in stated_sources(text)} == expected


def _seeds(seeds_dir: Path) -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("00*.txt"))}


def test_seeds_no_near_copies_and_001_derives_from_000(engine, seeds_dir: Path) -> None:
    seeds = _seeds(seeds_dir)
    order = ["002", "003", "004", "000", "001"]
    ids = {}
    for day, key in enumerate(order, start=1):
        res = ingest(_art(f"https://seed{key}.example/a", seeds[key], f"seed {key}", day), engine)
        ids[key] = res.article_id
    with Session(engine) as s:
        assert all(c.size == 1 for c in s.exec(select(ClusterRow)))
        links = {(d.article_id, d.source_article_id) for d in s.exec(select(DerivativeRow))}
        assert links == {(ids["001"], ids["000"])}
        keys = {k: source_key(s, ids[k]) for k in order}
        assert keys["001"] == keys["000"]
        assert len({keys[k] for k in ("002", "003", "004", "000")}) == 4
        sources = {
            r.source
            for r in s.exec(select(StatedSourceRow).where(StatedSourceRow.article_id == ids["003"]))
        }
        assert {"AFP", "CNN"} <= sources


def test_empty_and_tiny_texts_never_cluster(engine) -> None:
    for i, text in enumerate(["", "   ", "Breaking.", "Breaking."]):
        ingest(_art(f"https://t{i}.example/a", text, "t", 1), engine)
    with Session(engine) as s:
        assert all(c.size == 1 for c in s.exec(select(ClusterRow)))
        assert s.exec(select(NearDupKeyRow)).all() == []


def test_bridging_copy_merges_two_clusters(engine) -> None:
    lines = STORY.splitlines()
    head = "\n".join(lines[0:5])
    tail = "\n".join(lines[3:8])
    a = ingest(_art("https://a.example/head", head, "head", 10), engine)
    c = ingest(_art("https://c.example/tail", tail, "tail", 11), engine)
    with Session(engine) as s:
        assert (
            s.get(ClusterMemberRow, a.article_id).cluster_id
            != s.get(ClusterMemberRow, c.article_id).cluster_id
        )
    b = ingest(_art("https://b.example/full", STORY, "full", 12), engine)
    with Session(engine) as s:
        ids = {s.get(ClusterMemberRow, x.article_id).cluster_id for x in (a, b, c)}
        assert len(ids) == 1
        cluster = s.get(ClusterRow, ids.pop())
        assert cluster.size == 3 and cluster.original_article_id == a.article_id
        assert len(s.exec(select(ClusterRow)).all()) == 1


def test_configurable_layout(engine) -> None:
    from monitor import dedup

    try:
        assert dedup.configure(k=4).widths == (13, 13, 13, 13, 12)
        first = ingest(_art("https://a.example/flood", STORY, "Flood", 10), engine)
        with Session(engine) as s:
            assert len(s.exec(select(NearDupKeyRow)).all()) == 5
        copy = ingest(_art("https://b.example/x", _copy(STORY), "Copy", 11), engine)
        with Session(engine) as s:
            assert (
                s.get(ClusterMemberRow, copy.article_id).cluster_id
                == s.get(ClusterMemberRow, first.article_id).cluster_id
            )
        with pytest.raises(ValueError, match="blocks"):
            dedup.configure(k=3, widths=(32, 32))
    finally:
        dedup.configure()


def test_cluster_original_and_size_follow_every_arrival_order(engine) -> None:
    """A copy joining a cluster updates its original and size from the newcomer alone
    (``index._joined``): after every arrival, in any order and with undated copies (their
    first-seen time), they are what a read of every member gives."""
    import random

    from sqlalchemy import func

    from storage.models import ArticleRow

    rng = random.Random(11)
    days = [rng.choice([None, 3, 5, 5, 8, 12, 20]) for _ in range(12)]
    order = list(range(12))
    rng.shuffle(order)
    for i in order:
        when = None if days[i] is None else datetime(2024, 5, days[i], 9, tzinfo=UTC)
        text = f"By Wire Staff {i}\n" + STORY + f"\nFollow desk {i} for more."
        ingest(Article(url=f"https://w{i}.example/flood", text=text, title="Flood", published=when),
               engine)  # fmt: skip
        with Session(engine) as s:
            clusters = s.exec(select(ClusterRow)).all()
            for c in clusters:
                members = (
                    select(ArticleRow.id)
                    .join(ClusterMemberRow, ClusterMemberRow.article_id == ArticleRow.id)
                    .where(ClusterMemberRow.cluster_id == c.id)
                )
                first = s.exec(
                    members.order_by(
                        func.coalesce(ArticleRow.published, ArticleRow.first_seen), ArticleRow.id
                    ).limit(1)
                ).first()
                size = len(s.exec(members).all())
                assert (c.original_article_id, c.size) == (first, size)
    with Session(engine) as s:  # (all twelve are copies of one story: one cluster)
        assert [c.size for c in s.exec(select(ClusterRow)).all()] == [12]
