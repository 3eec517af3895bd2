"""Tables ``figure`` and ``verdict``.

``article_id``/``version_id`` refer to the integrator's ``article``/``article_version`` tables;
they are plain indexed integers here (the integrator adds foreign keys). Intervals are floats with
NULL for an unbounded side; structured fields are JSON strings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class FigureRow(SQLModel, table=True):
    """One extracted figure of one article version."""

    __tablename__ = "figure"
    # the verdict lookup: comparable figures of one key, newest first (flat at 10^6 figures)
    __table_args__ = (Index("ix_figure_key_asof", "comparison_key", "as_of", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    version_id: int = Field(foreign_key="article_version.id", index=True)
    url: str = ""
    site: str = ""
    source_key: str = Field(default="", index=True)
    published: datetime | None = None
    kind: str = "count"
    measure: str = Field(index=True)
    counted_group: str | None = None
    group_text: str | None = None
    side: str | None = None
    group_kind: str | None = None
    place: str | None = None
    scope_kind: str = "cumulative"
    scope_unit: str | None = None
    scope_start: date | None = None
    scope_end: date | None = None
    scope_label: str = ""
    scope_vague: bool = False
    as_of: date | None = Field(default=None, index=True)
    low: float | None = None
    high: float | None = None
    text: str = ""
    sentence: str = ""
    char_start: int = 0
    char_end: int = 0
    claimant_person: str | None = None
    claimant_org: str | None = None
    claimant_role: str | None = None  # "the Grenfell resident who founded the group": its voice
    claimant_key: str | None = Field(default=None, index=True)
    comparison_key: str | None = Field(default=None, index=True)  # the series key
    rule: str = ""
    data: str = "{}"  # Figure.to_dict() as JSON
    created_at: datetime = Field(default_factory=_now)
    story_id: int | None = Field(default=None, index=True)
    area_id: str | None = None
    area_level: int | None = None
    modality: str = "count"
    event: bool = True
    series_note: str = ""  # why the figure has no series, or how its place resolved


class StoryRow(SQLModel, table=True):
    """An event: articles grouped by what happened, where and when (``monitor.verdicts.stories``)."""

    __tablename__ = "story"

    id: int | None = Field(default=None, primary_key=True)
    event: str = Field(default="", index=True)
    label: str = ""
    areas: str = ""  # country codes or raw:<place> keys with counts: "PG*2,raw:karsk*5"
    first_published: datetime = Field(default_factory=_now, index=True)
    last_published: datetime = Field(default_factory=_now, index=True)
    created_at: datetime = Field(default_factory=_now)

    def area_counts(self) -> dict[str, int]:
        """The story's areas with how many of its articles named each ("raw:karsk*5")."""
        out: dict[str, int] = {}
        for item in self.areas.split(","):
            if item:
                key, _, n = item.partition("*")
                out[key] = out.get(key, 0) + (int(n) if n.isdigit() else 1)
        return out

    def area_list(self) -> list[str]:
        """The story's areas, most named first."""
        counts = self.area_counts()
        return sorted(counts, key=lambda k: -counts[k])

    def count_areas(self, areas: list[str]) -> None:
        """Add one article's areas to the counts."""
        counts = self.area_counts()
        for a in areas:
            counts[a] = counts.get(a, 0) + 1
        self.areas = ",".join(f"{k}*{n}" for k, n in counts.items())


class StoryMemberRow(SQLModel, table=True):
    """Which story an article belongs to."""

    __tablename__ = "story_member"

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)


class VerdictRow(SQLModel, table=True):
    """The verdict on one new figure, with both sides for an alert."""

    __tablename__ = "verdict"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    figure_id: int = Field(foreign_key="figure.id", index=True)
    stored_figure_id: int | None = Field(default=None, foreign_key="figure.id", index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    version_id: int = Field(foreign_key="article_version.id", index=True)
    stored_article_id: int | None = None
    comparison_key: str | None = Field(default=None, index=True)
    reason: str = ""
    new_sentence: str = ""
    stored_sentence: str | None = None
    new_url: str = ""
    stored_url: str | None = None
    independent_sources: int = 1
    idempotency_key: str = Field(unique=True, index=True)
    data: str = "{}"  # Verdict.to_dict() as JSON
    created_at: datetime = Field(default_factory=_now)
