"""A series kept in memory between articles (``monitor.verdicts.held``) judges as a fresh read does:
in any order, across rolled-back transactions (whose row ids SQLite hands out again) and with
two articles in one transaction."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlmodel import Session, SQLModel, create_engine, select

from monitor.figures import extract_figures
from monitor.verdicts import held, record_figures
from storage.models.figures import FigureRow, VerdictRow
from storage.models.series import SERIES_TABLES

SAYS = "Police spokesman Tomas Novak said {n} protesters were arrested in Ostrava so far."
OTHER = "The Red Cross said {n} protesters were arrested in Ostrava so far."


def _rec(session: Session, aid: int, text: str, day: int) -> None:
    pub = datetime(2024, 3, 1) + timedelta(days=day, hours=aid % 7)
    url = f"https://s{aid % 4}.example/{aid}"
    figs = extract_figures(text, published=pub, url=url)
    record_figures(session, article_id=aid, version_id=aid * 10, url=url,
                   site=url.split("/")[2], published=pub, figures=figs)  # fmt: skip


def _run(plan: list[tuple[str, int, str, int]], *, forget: bool) -> list[tuple]:
    """Ingest ``plan`` (action, article, text, day); ``forget``: empty the memory each time."""
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(
        engine, tables=[FigureRow.__table__, VerdictRow.__table__, *SERIES_TABLES]
    )
    pending: Session | None = None
    for action, aid, text, day in plan:
        if forget:
            held._CACHE.clear()
        s = pending or Session(engine)
        _rec(s, aid, text, day)
        if action == "rollback":
            s.rollback()
        if action == "hold":  # the next article joins this transaction
            pending = s
            continue
        if action != "rollback":
            s.commit()
        s.close()
        pending = None
    with Session(engine) as s:
        rows = s.exec(select(VerdictRow).order_by(VerdictRow.idempotency_key)).all()
        out = [(v.idempotency_key, v.kind, v.stored_figure_id, v.independent_sources, v.reason)
               for v in rows]  # fmt: skip
    engine.dispose()
    return out


def test_memory_judges_as_a_fresh_read():
    for seed in range(3):
        rng = random.Random(seed)
        plan = []
        for aid in rng.sample(range(1, 31), 30):
            action = rng.choice(["commit"] * 6 + ["rollback", "hold"])
            if action == "rollback":  # a failed article first, then a real one with its ids
                plan.append(("rollback", 100 + aid, SAYS.format(n=rng.randint(1, 99)), 30))
                action = "commit"
            text = rng.choice([SAYS, OTHER]).format(n=rng.choice([10, 20, 25, 40, 41, 60]))
            plan.append((action, aid, text, rng.randrange(10)))
        at = rng.randrange(len(plan))  # two articles in one transaction that rolls back
        plan[at:at] = [("hold", 97, SAYS.format(n=33), 5), ("rollback", 98, OTHER.format(n=34), 6)]
        plan.append(("commit", 99, SAYS.format(n=70), 12))
        kept = _run(plan, forget=False)
        assert kept == _run(plan, forget=True)
        assert any(kind == "updates" for _, kind, *_ in kept)
