"""A series read by key at its end (``monitor.verdicts.tail``) judges as the whole series does,
and the state it reads (``series_value``, ``series_state``), kept up to date article by article
on either path, is the state written afresh from the whole series."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, SQLModel, create_engine, select

from monitor.figures import extract_figures
from monitor.verdicts import held, record, record_figures, tail
from monitor.verdicts.judge import StoredFigure, live_flags, overlaps
from storage.models.figures import FigureRow, VerdictRow
from storage.models.series import SERIES_TABLES, SeriesStateRow, SeriesValueRow

SAYS = [
    "Police spokesman Tomas Novak said {n} people were killed in Ostrava so far.",
    "The Red Cross said {n} people were killed in Ostrava so far.",
    "Residents said {n} people were killed in Ostrava so far, more than officials admit.",
    "About {n} people were killed in Ostrava, officials said.",
    "The toll was revised to {n} dead in Ostrava, police said.",
    "Between {n} and {m} people were killed in Ostrava, the Red Cross estimated.",
]


def _plan(rng: random.Random, n: int) -> list[tuple[int, str, int]]:
    out = []
    for aid in range(1, n + 1):
        v = rng.choice([40, 41, 60, 100, 120, 150, 1000, 2000])
        text = rng.choice(SAYS).format(n=f"{v:,}", m=f"{v * 2:,}")
        if rng.random() < 0.3:  # a second value of another voice in the same article
            text += " " + rng.choice(SAYS[:3]).format(n=v + rng.choice([0, 1, 20]), m="")
        # mostly in time order (the tail path), sometimes late (the whole series)
        day = aid // 3 if rng.random() < 0.7 else rng.randrange(max(1, aid // 3))
        out.append((aid, text, day))
    return out


def _kept(s: Session) -> tuple[dict, dict]:
    values = {r.figure_id: r.live for r in s.exec(select(SeriesValueRow)).all()}
    # (the kept counts of each series' rows too: ``held`` proves its memory up to date by them)
    states = {r.comparison_key: (r.last, json.loads(r.latest), r.figures, r.verdicts)
              for r in s.exec(select(SeriesStateRow)).all()}  # fmt: skip
    return values, states


def _afresh(s: Session) -> tuple[dict, dict]:
    """The state written from each whole series."""
    keys = set(s.exec(select(SeriesStateRow.comparison_key)).all())
    for key in keys:
        held.mark_written(s, {key})  # read whole, held nowhere
        series, _ = held.load(s, key, ())

        def verdict(f, series=series):
            h = series.held.get(f.id)
            return h[-1] if h else None

        live = {f.id for f, ok in live_flags(series.reps, verdict, {}) if ok}
        tail.rebuild(s, key, series.reps, lambda r, live=live: r.id in live)
    out = _kept(s)
    s.rollback()
    return out


def _run(plan: list[tuple[int, str, int]], mode: str, monkeypatch: pytest.MonkeyPatch) -> list:
    held._CACHE.clear()
    with monkeypatch.context() as m:
        if mode == "whole":
            m.setattr(record, "holds", lambda session, key: True)
        if mode == "tail":
            m.setattr(record, "holds", lambda session, key: False)
        engine = create_engine("sqlite://")
        SQLModel.metadata.create_all(
            engine, tables=[FigureRow.__table__, VerdictRow.__table__, *SERIES_TABLES]
        )
        rng = random.Random(len(plan))
        for aid, text, day in plan:
            if mode == "forget" and rng.random() < 0.5:
                held._CACHE.clear()
            pub = datetime(2024, 3, 1) + timedelta(days=day, hours=aid % 7)
            url = f"https://s{aid % 4}.example/{aid}"
            with Session(engine) as s:
                record_figures(s, article_id=aid, version_id=aid * 10, url=url,
                               site=url.split("/")[2], published=pub,
                               figures=extract_figures(text, published=pub, url=url))  # fmt: skip
                s.commit()
            with Session(engine) as s:
                assert _kept(s) == _afresh(s), (mode, aid)
        with Session(engine) as s:
            rows = s.exec(select(VerdictRow).order_by(VerdictRow.idempotency_key)).all()
            out = [(v.idempotency_key, v.kind, v.stored_figure_id, v.independent_sources,
                    v.reason) for v in rows]  # fmt: skip
        engine.dispose()
    held._CACHE.clear()
    return out


def test_a_series_read_at_its_end_judges_as_the_whole_series(monkeypatch):
    for seed in range(8):  # (seed 7 loses a category's latest live value to a late arrival)
        plan = _plan(random.Random(seed), 36)
        whole = _run(plan, "whole", monkeypatch)
        assert any(kind == "updates" for _, kind, *_ in whole)
        assert _run(plan, "tail", monkeypatch) == whole, seed
        assert _run(plan, "forget", monkeypatch) == whole, seed


def test_the_tail_path_reads_the_newest_values_a_lone_peak_is_judged_on(monkeypatch):
    # in time order (the tail path for every article after the first): 4,870 stands alone, so
    # 130 after it updates 120 — on the whole series and on the values read by key alike
    said = "By now {n} people have been killed in Ostrava."  # nobody named: no correction
    values = [100, 120, 4870, 130, 150, 160, 170]
    plan = [(aid, said.format(n=f"{v:,}"), aid) for aid, v in enumerate(values, start=1)]
    whole = _run(plan, "whole", monkeypatch)
    assert any(kind == "updates" and "stands alone" in reason for _, kind, _, _, reason in whole)
    assert _run(plan, "tail", monkeypatch) == whole


def test_values_read_by_value_are_those_a_scan_finds():
    from sqlalchemy import insert

    from tests.monitor.verdicts.test_values import _figure

    rng = random.Random(5)
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine, tables=SERIES_TABLES)
    figs = [StoredFigure(_figure(rng), id=i) for i in range(1, 301)]
    with Session(engine) as s:
        s.execute(insert(SeriesValueRow), [tail.value_row("k", f, i % 3 > 0)
                                            for i, f in enumerate(figs)])  # fmt: skip
        for _ in range(200):
            f = StoredFigure(_figure(rng), id=0)
            for live_only in (False, True):
                got = set(tail._agreeing_ids(s, "k", f, live_only))
                want = {g.id for i, g in enumerate(figs)
                        if overlaps(f.figure, g.figure) and (i % 3 > 0 or not live_only)}  # fmt: skip
                assert want <= got
    engine.dispose()
