"""Database-backed site memory for the residual-noise filter (see ``crawler.noise.memory``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlmodel import Session, select

from storage.models.boilerplate import BoilerplateLine

DEFAULT_MIN_ARTICLES = 3


class DbSiteMemory:
    """A ``SiteMemory`` whose counts live in the ``boilerplate_line`` table.

    It works inside the caller's session and never commits: the ingest transaction decides. Call
    ``seen`` once per new article (not for an unchanged re-fetch).
    """

    def __init__(self, session: Session, min_articles: int = DEFAULT_MIN_ARTICLES) -> None:
        self.session = session
        self.min_articles = min_articles
        self._cache: dict[tuple[str, str], int] = {}

    def _rows(self, site: str, hashes: list[str]) -> dict[str, BoilerplateLine]:
        rows: dict[str, BoilerplateLine] = {}
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            stmt = select(BoilerplateLine).where(
                BoilerplateLine.site == site, BoilerplateLine.line_hash.in_(chunk)
            )
            rows.update({r.line_hash: r for r in self.session.exec(stmt)})
        return rows

    def seen(self, site: str, line_hashes: Iterable[str]) -> None:
        """Count one more article of ``site`` for each distinct line hash."""
        hashes = sorted(set(line_hashes))
        if not site or not hashes:
            return
        now = datetime.now(UTC)
        rows = self._rows(site, hashes)
        for h in hashes:
            row = rows.get(h)
            if row is None:
                row = BoilerplateLine(site=site, line_hash=h, count=0, first_seen=now)
                self.session.add(row)
            row.count += 1
            row.last_seen = now
            self._cache[(site, h)] = row.count
        self.session.flush()

    def is_boilerplate(self, site: str, line_hash: str) -> bool:
        """True when the line appeared in at least ``min_articles`` articles of the site."""
        key = (site, line_hash)
        if key not in self._cache:
            rows = self._rows(site, [line_hash])
            self._cache[key] = rows[line_hash].count if line_hash in rows else 0
        return self._cache[key] >= self.min_articles
