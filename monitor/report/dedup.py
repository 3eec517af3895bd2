"""The dedup report: clusters of near-copies (original first) and derivative links, from the DB."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from monitor.dedup import passages as P
from monitor.report.render import render_html, write_csv, write_json
from storage.models import (
    ArticleRow,
    ArticleVersionRow,
    ClusterMemberRow,
    ClusterRow,
    DerivativeRow,
    StatedSourceRow,
)
from storage.neardup import hamming
from storage.timeutil import as_utc, utcnow

Format = Literal["html", "csv", "json"]
MAX_TEXT = 20_000  # characters of an article shown in the HTML


@dataclass
class Segment:
    """A piece of article text; ``shared`` pieces are highlighted."""

    text: str
    shared: bool


@dataclass
class Member:
    """One article in the report."""

    article_id: int
    url: str
    site: str
    title: str | None
    published: datetime | None
    stated_sources: list[str] = field(default_factory=list)
    lag: timedelta | None = None
    distance: int | None = None
    similarity: float | None = None
    containment: float | None = None
    headline_changed: bool = False
    segments: list[Segment] = field(default_factory=list)


@dataclass
class DerivedRef:
    """A derivative article re-using this cluster (``anchor`` numbers its card in the HTML)."""

    anchor: int
    site: str
    title: str | None


@dataclass
class Cluster:
    """A cluster of near-copies: its original, then the copies by publication time."""

    id: int
    original: Member
    copies: list[Member]
    derived_by: list[DerivedRef] = field(default_factory=list)

    @property
    def size(self) -> int:
        return 1 + len(self.copies)

    @property
    def max_lag(self) -> timedelta | None:
        lags = [c.lag for c in self.copies if c.lag is not None]
        return max(lags) if lags else None


@dataclass
class Derivative:
    """``article`` re-uses passages of the earlier ``source``."""

    article: Member
    source: Member
    shared_words: int
    passages: int
    coverage: float
    source_segments: list[Segment] = field(default_factory=list)


@dataclass
class DedupReport:
    generated: datetime
    since: datetime | None
    clusters: list[Cluster]
    derivatives: list[Derivative]


def segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """``text`` cut into plain and shared (highlighted) pieces."""
    text = text[:MAX_TEXT]
    out: list[Segment] = []
    pos = 0
    for a, b in P.merge_spans([(a, min(b, len(text))) for a, b in spans if a < len(text)]):
        if a > pos:
            out.append(Segment(text[pos:a], False))
        out.append(Segment(text[a:b], True))
        pos = b
    if pos < len(text):
        out.append(Segment(text[pos:], False))
    return out


def _when(a: ArticleRow) -> datetime | None:
    return as_utc(a.published) or as_utc(a.first_seen)


def _norm_title(t: str | None) -> str:
    return " ".join((t or "").lower().split())


class _Loader:
    def __init__(self, session: Session) -> None:
        self.s = session

    def text(self, a: ArticleRow) -> str:
        v = self.s.get(ArticleVersionRow, a.current_version_id) if a.current_version_id else None
        return v.text if v is not None else ""

    def member(self, a: ArticleRow) -> Member:
        sources = self.s.exec(
            select(StatedSourceRow.source).where(StatedSourceRow.version_id == a.current_version_id)
        ).all()
        return Member(
            article_id=a.id,  # type: ignore[arg-type]
            url=a.url,
            site=a.site,
            title=a.title,
            published=_when(a),
            stated_sources=sorted(set(sources)),
        )


def build(engine: Engine, since: datetime | None = None) -> DedupReport:
    """Collect clusters with more than one member and derivative links (optionally recent ones)."""
    since = as_utc(since)
    with Session(engine) as s:
        load = _Loader(s)
        clusters: list[Cluster] = []
        for c in s.exec(select(ClusterRow).where(col(ClusterRow.size) > 1)):
            rows = s.exec(
                select(ArticleRow, ClusterMemberRow)
                .join(ClusterMemberRow, col(ClusterMemberRow.article_id) == col(ArticleRow.id))
                .where(ClusterMemberRow.cluster_id == c.id)
            ).all()
            if since is not None and not any((_when(a) or since) >= since for a, _ in rows):
                continue
            by_id = {a.id: (a, m) for a, m in rows}
            if c.original_article_id not in by_id:
                continue
            orig_row, orig_m = by_id[c.original_article_id]
            orig_text = load.text(orig_row)
            original = load.member(orig_row)
            original.segments = segments(orig_text, [])
            copies = []
            for a, m in sorted(rows, key=lambda r: (_when(r[0]) or utcnow(), r[0].id)):
                if a.id == orig_row.id:
                    continue
                mem = load.member(a)
                text = load.text(a)
                al = P.align(text, orig_text)
                d = hamming(m.simhash, orig_m.simhash)
                mem.distance = d
                mem.similarity = round(1 - d / 64, 3)
                mem.containment = round(
                    al.shared_words / max(1, min(al.new_words, al.old_words)), 3
                )
                if mem.published and original.published:
                    mem.lag = mem.published - original.published
                mem.headline_changed = _norm_title(a.title) != _norm_title(orig_row.title)
                mem.segments = segments(text, [p.new_span for p in al.passages])
                copies.append(mem)
            clusters.append(Cluster(c.id, original, copies))  # type: ignore[arg-type]
        clusters.sort(key=lambda c: c.original.published or utcnow(), reverse=True)

        derivatives: list[Derivative] = []
        for d in s.exec(select(DerivativeRow).order_by(col(DerivativeRow.id))):
            a, src = s.get(ArticleRow, d.article_id), s.get(ArticleRow, d.source_article_id)
            if a is None or src is None:
                continue
            if since is not None and (_when(a) or since) < since:
                continue
            detail = json.loads(d.detail or "[]")
            art, source = load.member(a), load.member(src)
            if art.published and source.published:
                art.lag = art.published - source.published
            a_text = v.text if (v := s.get(ArticleVersionRow, d.version_id)) is not None else ""
            s_text = (
                v.text if (v := s.get(ArticleVersionRow, d.source_version_id)) is not None else ""
            )
            art.segments = segments(a_text, [tuple(p["new"]) for p in detail])
            src_spans = [p.new_span for p in P.align(s_text, a_text).passages]
            derivatives.append(
                Derivative(
                    art,
                    source,
                    d.shared_words,
                    d.passages,
                    d.coverage,
                    segments(s_text, src_spans),
                )
            )
    by_member = {m.article_id: c for c in clusters for m in [c.original, *c.copies]}
    for n, d in enumerate(derivatives, start=1):
        cluster = by_member.get(d.source.article_id)
        if cluster is not None:
            cluster.derived_by.append(DerivedRef(n, d.article.site, d.article.title))
    return DedupReport(utcnow(), since, clusters, derivatives)


CSV_FIELDS = [
    "cluster_id",
    "role",
    "article_id",
    "site",
    "title",
    "url",
    "published",
    "lag_seconds",
    "distance",
    "similarity",
    "containment",
    "headline_changed",
    "source_article_id",
    "shared_words",
    "stated_sources",
]


def _csv_rows(report: DedupReport):
    def row(m: Member, **extra):
        return {
            "article_id": m.article_id,
            "site": m.site,
            "title": m.title,
            "url": m.url,
            "published": m.published,
            "lag_seconds": m.lag.total_seconds() if m.lag is not None else None,
            "distance": m.distance,
            "similarity": m.similarity,
            "containment": m.containment,
            "headline_changed": m.headline_changed,
            "stated_sources": "; ".join(m.stated_sources),
            **extra,
        }

    for c in report.clusters:
        yield row(c.original, cluster_id=c.id, role="original")
        for m in c.copies:
            yield row(m, cluster_id=c.id, role="copy", source_article_id=c.original.article_id)
    for d in report.derivatives:
        yield row(
            d.article,
            role="derivative",
            source_article_id=d.source.article_id,
            shared_words=d.shared_words,
        )


def to_data(report: DedupReport) -> dict:
    """The report as plain data (JSON output), without the rendered text segments."""
    data = asdict(report)
    for c, cd in zip(report.clusters, data["clusters"], strict=True):
        cd["size"] = c.size
    for m in _walk_members(data):
        shared = [s["text"] for s in m.pop("segments") if s["shared"]]
        m["shared_passages"] = shared
    for d in data["derivatives"]:
        d.pop("source_segments", None)
    return data


def _walk_members(data: dict):
    for c in data["clusters"]:
        yield c["original"]
        yield from c["copies"]
    for d in data["derivatives"]:
        yield d["article"]
        yield d["source"]


def write(report: DedupReport, path: Path, fmt: Format = "html") -> None:
    """Write the report to ``path`` as HTML (one self-contained file), CSV or JSON."""
    if fmt == "html":
        path.write_text(render_html("dedup.html.j2", report=report), encoding="utf-8")
    elif fmt == "csv":
        write_csv(path, _csv_rows(report), CSV_FIELDS)
    elif fmt == "json":
        write_json(path, to_data(report))
    else:
        raise ValueError(f"unknown report format {fmt!r}")
