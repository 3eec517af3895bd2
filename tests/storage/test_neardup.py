"""The persistent near-duplicate index: exact recall against brute force, on SQLite and PostgreSQL."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from storage.db import connect
from storage.neardup import Layout, NearDupIndex, hamming, to_signed, to_unsigned

U64 = st.integers(min_value=0, max_value=2**64 - 1)


@given(U64)
def test_signed_roundtrip(value: int) -> None:
    s = to_signed(value)
    assert -(2**63) <= s < 2**63 and to_unsigned(s) == value


@given(U64, st.integers(min_value=0, max_value=3), st.randoms(use_true_random=False))
def test_pigeonhole_some_block_key_is_shared(value: int, d: int, rnd: random.Random) -> None:
    other = value
    for bit in rnd.sample(range(64), d):
        other ^= 1 << bit
    layout = Layout()
    assert set(layout.keys(value)) & set(layout.keys(other))


def test_layout_validation() -> None:
    assert Layout.even(4).widths == (13, 13, 13, 13, 12)
    with pytest.raises(ValueError, match="sum to 64"):
        Layout(3, (16, 16, 16))
    with pytest.raises(ValueError, match="at least 4 blocks"):
        Layout(3, (32, 32))
    keys = Layout().keys(0xFFFF_0000_1234_8000)
    assert keys == [0xFFFF, (1 << 32) | 0, (2 << 32) | 0x1234, (3 << 32) | 0x8000]


def _flip(fp: int, d: int, rnd: random.Random) -> int:
    for bit in rnd.sample(range(64), d):
        fp ^= 1 << bit
    return fp


@pytest.mark.parametrize("layout", [Layout(), Layout.even(4), Layout(2, (20, 22, 22))])
def test_recall_matches_brute_force(engine, layout: Layout) -> None:
    rnd = random.Random(11)
    base = [rnd.getrandbits(64) for _ in range(400)]
    items = base + [_flip(base[rnd.randrange(400)], rnd.randrange(7), rnd) for _ in range(200)]
    index = NearDupIndex(space=7, layout=layout)
    with engine.begin() as conn:
        index.add_many(conn, enumerate(items))
    queries = [_flip(items[rnd.randrange(len(items))], rnd.randrange(7), rnd) for _ in range(150)]
    with engine.connect() as conn:
        for q in queries:
            truth = {i for i, v in enumerate(items) if hamming(q, v) <= layout.k}
            got = index.query(conn, q)
            assert {m.item_id for m in got} == truth
            assert all(m.distance == hamming(q, m.fingerprint) for m in got)
            # a smaller k narrows, never widens
            assert {m.item_id for m in index.query(conn, q, k=1)} == {
                i for i in truth if hamming(q, items[i]) <= 1
            }


def test_spaces_are_separate_and_remove_forgets(engine) -> None:
    a, b = NearDupIndex(space=1), NearDupIndex(space=2)
    with engine.begin() as conn:
        a.add(conn, 1, 2**64 - 1)
        b.add(conn, 2, 2**64 - 1)
    with engine.begin() as conn:
        assert [m.item_id for m in a.query(conn, 2**64 - 2)] == [1]
        a.remove(conn, 1)
        assert a.query(conn, 2**64 - 1) == []
        assert [m.item_id for m in b.query(conn, 2**64 - 1)] == [2]


def test_index_persists_across_engines(db_url: str) -> None:
    """Nothing is rebuilt in memory: a new engine (a restarted daemon) finds what was stored."""
    engine = connect(db_url)
    with engine.begin() as conn:
        NearDupIndex(space=3).add(conn, 42, 0x0123_4567_89AB_CDEF)
    engine.dispose()
    engine = connect(db_url)
    with engine.connect() as conn:
        [m] = NearDupIndex(space=3).query(conn, 0x0123_4567_89AB_CDEF ^ 0b101)
    engine.dispose()
    assert (m.item_id, m.distance) == (42, 2)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_lookup_searches_the_primary_key(engine) -> None:
    keys = Layout().keys(12345)
    with engine.connect() as conn:
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT item_id, fp FROM neardup_key WHERE space = ? "
            "AND bkey IN (?, ?, ?, ?)",
            (0, *keys),
        ).fetchall()
    detail = " ".join(str(r[-1]) for r in plan)
    assert "USING PRIMARY KEY (space=? AND bkey=?)" in detail, detail


@pytest.mark.postgres
def test_postgres_lookup_can_use_the_index(pg_url: str) -> None:
    engine = connect(pg_url)
    keys = Layout().keys(12345)
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = conn.exec_driver_sql(
            "EXPLAIN SELECT item_id, fp FROM neardup_key WHERE space = %s AND bkey IN (%s, %s, %s, %s)",
            (0, *keys),
        ).fetchall()
    engine.dispose()
    assert "neardup_key_pkey" in " ".join(r[0] for r in plan)


@settings(max_examples=25, deadline=None)
@given(st.lists(U64, min_size=1, max_size=30), U64)
def test_query_equals_brute_force_property(tmp_path_factory, values: list[int], q: int) -> None:
    path = tmp_path_factory.mktemp("nd") / "p.db"
    engine = connect(f"sqlite:///{path}")
    index = NearDupIndex(space=5)
    near = [q ^ (1 << (i % 64)) for i in range(3)] + values
    with engine.begin() as conn:
        index.add_many(conn, enumerate(near))
        got = {m.item_id for m in index.query(conn, q)}
    engine.dispose()
    assert got == {i for i, v in enumerate(near) if hamming(q, v) <= 3}
