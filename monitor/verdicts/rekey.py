"""Re-keying a story's figures when what the story is changes.

A figure's series key depends on its story as it was when the figure was stored: a toll with no
place of its own is the story's while the story is about one country, but the article's country
once the story spans several (``monitor.verdicts.series``). Stories learn their shape as their
articles arrive, so without this the order articles arrive in would decide which figures meet.
When an article changes its story's shape (``StoryRef.reshaped``), every stored figure of the
story is keyed again with the story as it now is; the figures whose key changed move (with
their verdict rows) and both their old and new series are judged again from the start — a late
verdict where a relation changed, alerting only a relation that figure or a copy of its claim
never had (``record.rejudge_series``). It reads every article of the story, once per change of
shape — a few times per story at most, since a story's countries apart only grow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, delete, update
from sqlmodel import Session, col, select

from monitor.verdicts.held import mark_written
from monitor.verdicts.listings import row_to_figure
from monitor.verdicts.record import figures_context, rejudge_series
from monitor.verdicts.series import series_key
from monitor.verdicts.stories import story_context
from storage.locks import advisory_xact_locks
from storage.models import ArticleRow, ArticleVersionRow
from storage.models.figures import FigureRow, StoryRow, VerdictRow
from storage.models.series import SeriesValueRow

_FIG = FigureRow.__table__  # type: ignore[attr-defined]
_VER = VerdictRow.__table__  # type: ignore[attr-defined]
_SV = SeriesValueRow.__table__  # type: ignore[attr-defined]


def rekey_story(
    session: Session,
    story_id: int,
    *,
    source_key: Callable[[int], str] | None = None,
    superseded: list[int] | None = None,
) -> list[VerdictRow]:
    """Key the stored figures of story ``story_id`` again with the story as it now is, move the
    ones whose key changed, and judge their old and new series again. Returns the late verdict
    rows that alert. Call after ``assign_story`` in the same transaction (its story lock held)."""
    moves = _moves(session, story_id)
    if not moves:
        return []
    keys = {k for m in moves for k in (m["old_key"], m["new_key"]) if k}
    advisory_xact_locks(session, {f"figures:{k}" for k in keys})
    mark_written(session, keys)
    session.flush()
    session.execute(
        update(_FIG)
        .where(_FIG.c.id == bindparam("fid"))
        .values(
            comparison_key=bindparam("new_key"),
            area_id=bindparam("area_id"),
            area_level=bindparam("area_level"),
            series_note=bindparam("note"),
        ),
        moves,
    )
    session.execute(
        update(_VER)
        .where(_VER.c.figure_id == bindparam("fid"))
        .values(comparison_key=bindparam("new_key")),
        [{"fid": m["fid"], "new_key": m["new_key"]} for m in moves],
    )
    # the moved figures' values leave their old series' kept state; both series are written
    # again whole by ``rejudge_series``
    session.execute(delete(_SV).where(_SV.c.figure_id.in_([m["fid"] for m in moves])))
    session.expire_all()  # ORM objects read before hold the old keys
    out: list[VerdictRow] = []
    for key in sorted(keys):
        out.extend(rejudge_series(session, key, source_key, superseded))
    return out


def _moves(session: Session, story_id: int) -> list[dict[str, Any]]:
    """The story's figures whose series key is no longer the stored one: their new key, area
    and note (as ``record_figures`` writes them)."""
    story = session.get(StoryRow, story_id)
    rows = session.exec(select(FigureRow).where(FigureRow.story_id == story_id)).all()
    by_version: dict[int, list[FigureRow]] = defaultdict(list)
    for r in rows:
        by_version[r.version_id].append(r)
    versions = session.exec(
        select(ArticleVersionRow, ArticleRow.title)
        .join(ArticleRow, col(ArticleRow.id) == col(ArticleVersionRow.article_id))
        .where(col(ArticleVersionRow.id).in_(list(by_version)))
    ).all()
    moves: list[dict[str, Any]] = []
    for version, article_title in versions:
        mine = by_version[version.id]  # type: ignore[index]
        figs = [row_to_figure(r) for r in mine]
        title = version.title or article_title
        ctx = figures_context(story_context(story_id, story, version.text, title), figs)
        for r, fig in zip(mine, figs, strict=True):
            key, place, why = series_key(fig, ctx)
            if key == r.comparison_key:
                continue
            moves.append({
                "fid": r.id, "old_key": r.comparison_key, "new_key": key,
                "area_id": place.id if place else None,
                "area_level": place.level if place else None,
                "note": (place.path or place.name) if place else why,
            })  # fmt: skip
    return moves
