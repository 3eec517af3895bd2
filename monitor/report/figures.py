"""The figure-timeline report: each tracked measure over time, one line per claimant.

A "measure" here is a comparison key (measure, counted group, place, scope class): exactly the
figures the verdicts compare. Each gets a chart (inline SVG) and a table; figures whose verdict
raised an alert are ringed in the chart and flagged in the table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Literal

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from monitor import extras
from monitor.figures.model import fmt_value
from monitor.report.render import render_html, write_csv, write_json
from storage.models import ArticleRow, FigureRow, OutboxRow, VerdictRow
from storage.timeutil import as_utc, utcnow

Format = Literal["html", "csv", "json"]


@dataclass(slots=True)
class Row:
    """One figure in a timeline."""

    figure_id: int
    when: datetime
    value: str
    low: float | None
    high: float | None
    claimant: str
    site: str
    title: str | None
    url: str
    sentence: str
    verdict: str | None
    alerted: bool


@dataclass(slots=True)
class Timeline:
    """All figures of one comparison key, oldest first, and the chart drawn from them."""

    key: str
    label: str
    rows: list[Row] = field(default_factory=list)
    svg: str = ""

    @property
    def alerts(self) -> int:
        return sum(r.alerted for r in self.rows)


@dataclass(slots=True)
class FiguresReport:
    """The timelines worth showing (most figures first)."""

    generated: datetime
    since: datetime | None
    timelines: list[Timeline]
    charts: bool = True  # False without the 'charts' extra: tables only, and a note saying so


def _label(f: FigureRow) -> str:
    scope = f.scope_label or (f"per {f.scope_unit}" if f.scope_kind == "rate" else f.scope_kind)
    parts = [f.measure, f.counted_group or f.group_text, f.place, scope]
    return " · ".join(p for p in parts if p)


def _when(f: FigureRow) -> datetime:
    if f.as_of is not None:
        return datetime.combine(f.as_of, time(12), tzinfo=UTC)
    return as_utc(f.published) or datetime.combine(date.today(), time(12), tzinfo=UTC)


def build(
    engine: Engine, since: datetime | None = None, *, measure: str | None = None, limit: int = 20
) -> FiguresReport:
    """Timelines of the ``limit`` comparison keys with the most figures (at least two each)."""
    with Session(engine) as session:
        counted = (
            select(FigureRow.comparison_key, func.count())
            .where(col(FigureRow.comparison_key).is_not(None))
            .group_by(FigureRow.comparison_key)
            .having(func.count() > 1)
            .order_by(func.count().desc(), FigureRow.comparison_key)
            .limit(limit)
        )
        if measure:
            counted = counted.where(FigureRow.measure == measure)
        if since is not None:
            counted = counted.where(FigureRow.published >= since)
        keys = [k for k, _ in session.exec(counted).all()]
        if not keys:
            return FiguresReport(utcnow(), since, [])
        figures = session.exec(
            select(FigureRow).where(col(FigureRow.comparison_key).in_(keys))
        ).all()
        ids = [f.id for f in figures]
        verdicts = {
            v.figure_id: v
            for v in session.exec(select(VerdictRow).where(col(VerdictRow.figure_id).in_(ids)))
        }
        alerted = set(
            session.exec(
                select(VerdictRow.figure_id)
                .join(OutboxRow, col(OutboxRow.verdict_id) == VerdictRow.id)
                .where(col(VerdictRow.figure_id).in_(ids))
            ).all()
        )
        titles = dict(
            session.exec(
                select(ArticleRow.id, ArticleRow.title).where(
                    col(ArticleRow.id).in_({f.article_id for f in figures})
                )
            ).all()
        )
    timelines: dict[str, Timeline] = {}
    for f in figures:
        key = f.comparison_key or ""
        tl = timelines.setdefault(key, Timeline(key=key, label=_label(f)))
        v = verdicts.get(f.id)  # type: ignore[arg-type]
        tl.rows.append(
            Row(
                figure_id=f.id,  # type: ignore[arg-type]
                when=_when(f),
                value=fmt_value(f.low, f.high, f.text),
                low=f.low,
                high=f.high,
                claimant=f.claimant_person or f.claimant_org or "unattributed",
                site=f.site,
                title=titles.get(f.article_id),
                url=f.url,
                sentence=f.sentence,
                verdict=v.kind if v else None,
                alerted=f.id in alerted,
            )
        )
    ordered = [timelines[k] for k in keys if k in timelines]
    charts = extras.has("charts")
    for tl in ordered:
        tl.rows.sort(key=lambda r: (r.when, r.figure_id))
    if charts:
        from monitor.report.charts import Point, timeline_svg

        for tl in ordered:
            series: dict[str, list[Point]] = defaultdict(list)
            for r in tl.rows:
                series[r.claimant].append(Point(r.when, r.low, r.high, r.alerted))
            tl.svg = timeline_svg(series, title=tl.label)
    return FiguresReport(utcnow(), since, ordered, charts)


FIELDS = ["key", "label", "when", "value", "low", "high", "claimant", "site", "title", "url",
          "verdict", "alerted", "sentence"]  # fmt: skip


def _flat(report: FiguresReport) -> list[dict]:
    return [
        {"key": tl.key, "label": tl.label, **{k: getattr(r, k) for k in FIELDS[2:]}}
        for tl in report.timelines
        for r in tl.rows
    ]


def write(report: FiguresReport, path: Path, fmt: Format = "html") -> None:
    """Write the report as one self-contained HTML file, CSV (one row per figure) or JSON."""
    if fmt == "html":
        path.write_text(render_html("figures.html.j2", report=report), encoding="utf-8")
    elif fmt == "csv":
        write_csv(path, _flat(report), FIELDS)
    else:
        write_json(
            path,
            {
                "generated": report.generated,
                "since": report.since,
                "timelines": [
                    {"key": tl.key, "label": tl.label,
                     "rows": [{k: getattr(r, k) for k in FIELDS[2:]} for r in tl.rows]}
                    for tl in report.timelines
                ],
            },
        )  # fmt: skip
