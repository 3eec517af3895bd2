"""Tables ``series_value`` and ``series_state``: what the verdict engine reads of a series when
it is not held in memory (``monitor.verdicts.tail``), kept up to date in each article's
transaction.

``series_value`` has one row per representative (one value per article version and voice) with
its liveness under the held verdicts and where its value reaches (``monitor.verdicts.values``),
so the values a new figure could agree with are read by an index on value. ``series_state`` has
one row per series: the time of its latest value and its latest live values (overall, of counts,
of voices that do not dissent, of each voice), as figure ids, and its figure and verdict rows'
counts.
"""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class SeriesValueRow(SQLModel, table=True):
    """One representative of a series, by value."""

    __tablename__ = "series_value"
    __table_args__ = (Index("ix_series_value_reach", "comparison_key", "vclass", "reach_lo"),)

    figure_id: int = Field(foreign_key="figure.id", primary_key=True)
    comparison_key: str
    live: bool = True
    # how it is found (``monitor.verdicts.tail``): 0 an exact count, 1 another short reach (both
    # by ``reach_lo``), 2 a wide or unbounded reach (read with every such one)
    vclass: int = 0
    reach_lo: float | None = None  # None: unbounded
    reach_hi: float | None = None
    approx: bool = False  # rounded ("about 5,000"): agreement is judged on its stated number
    span_lo: float | None = None  # the span it is judged on (None: unbounded)
    span_hi: float | None = None


class SeriesStateRow(SQLModel, table=True):
    """A series' latest value (its time) and latest live values (JSON: figure ids)."""

    __tablename__ = "series_state"

    comparison_key: str = Field(primary_key=True)
    last: str = "[]"  # the latest representative's time order, JSON
    latest: str = "{}"  # ``monitor.verdicts.tail.Latest`` as JSON
    # the series' figure and verdict rows when it was written (None: not counted; the held
    # memory then counts the rows, ``monitor.verdicts.held``)
    figures: int | None = None
    verdicts: int | None = None


#: both tables (for a store created table by table)
SERIES_TABLES = [SeriesValueRow.__table__, SeriesStateRow.__table__]  # type: ignore[attr-defined]
