"""Database-backed site memory for the residual-noise filter (see ``crawler.noise.memory``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models.boilerplate import BoilerplateLine

DEFAULT_MIN_ARTICLES = 3


class DbSiteMemory:
    """A ``SiteMemory`` whose counts live in the ``boilerplate_line`` table.

    It works inside the caller's session and never commits: the caller decides. Call ``seen``
    once per new article (not for an unchanged re-fetch).

    With ``flush_every=1`` (the default) each ``seen`` writes its counts at once. A crawler
    that extracts while another thread stores articles in the same SQLite file passes a larger
    number: counts are then kept in memory (``is_boilerplate`` sees them at once) and written
    by ``flush`` — every ``flush_every`` articles through ``flush_if_due``, and at the end —
    as ``count = count + n``, so that the extracting thread takes the database's write lock
    once per batch instead of once per article, and concurrent crawlers lose no count. (The
    crawler hands a batch to its writer thread instead: ``take`` here, ``write`` there.)
    """

    def __init__(
        self, session: Session, min_articles: int = DEFAULT_MIN_ARTICLES, flush_every: int = 1
    ) -> None:
        self.session = session
        self.min_articles = min_articles
        self.flush_every = max(1, flush_every)
        self._cache: dict[tuple[str, str], int] = {}
        self._pending: dict[tuple[str, str], int] = {}
        self._last: list[tuple[str, str]] = []
        self._articles = 0  # articles seen since the last flush

    def _rows(self, site: str, hashes: list[str]) -> dict[str, BoilerplateLine]:
        rows: dict[str, BoilerplateLine] = {}
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            stmt = select(BoilerplateLine).where(
                BoilerplateLine.site == site, col(BoilerplateLine.line_hash).in_(chunk)
            )
            rows.update({r.line_hash: r for r in self.session.exec(stmt)})
        return rows

    def seen(self, site: str, line_hashes: Iterable[str]) -> None:
        """Count one more article of ``site`` for each distinct line hash."""
        hashes = sorted(set(line_hashes))
        if not site or not hashes:
            return
        if self.flush_every > 1:
            unknown = [h for h in hashes if (site, h) not in self._cache]
            rows = self._rows(site, unknown) if unknown else {}
            for h in unknown:
                self._cache[(site, h)] = rows[h].count if h in rows else 0
            self._last = [(site, h) for h in hashes]
            for key in self._last:
                self._cache[key] += 1
                self._pending[key] = self._pending.get(key, 0) + 1
            self._articles += 1
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

    def forget_last(self) -> None:
        """Take back the counts of the last ``seen`` when its article was not stored (its
        extraction failed afterwards); only counts not yet flushed can be taken back."""
        for key in self._last:
            if self._pending.get(key, 0) > 0:
                self._pending[key] -= 1
                self._cache[key] -= 1
        self._last = []

    def due(self) -> bool:
        """Whether the next ``flush_if_due`` writes (``flush_every`` articles are counted)."""
        return self.flush_every > 1 and self._articles >= self.flush_every

    def flush_if_due(self) -> None:
        """Call after each article is extracted: ``flush`` when ``flush_every`` articles have
        been counted since the last one (the article's counts can no longer be taken back)."""
        self._last = []
        if self._articles >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        """Write the counts kept in memory (the caller commits)."""
        self.write(self.session, self.take())

    def take(self) -> dict[tuple[str, str], int]:
        """Hand over the counts kept in memory, to be written by ``write`` (in another thread and
        session, maybe): from here on they count as flushed (``forget_last`` leaves them)."""
        pending = {k: n for k, n in self._pending.items() if n > 0}
        self._pending, self._last, self._articles = {}, [], 0
        return pending

    @staticmethod
    def write(session: Session, pending: dict[tuple[str, str], int]) -> None:
        """Add ``pending`` counts (from ``take``) to the table in ``session`` (no commit)."""
        if not pending:
            return
        now = datetime.now(UTC)
        table = BoilerplateLine.__table__  # type: ignore[attr-defined]
        for (site, h), n in sorted(pending.items()):
            stmt = (
                update(table)
                .where(table.c.site == site, table.c.line_hash == h)
                .values(count=table.c.count + n, last_seen=now)
            )
            if session.execute(stmt).rowcount:  # type: ignore[attr-defined]
                continue
            try:
                with session.begin_nested():
                    session.add(
                        BoilerplateLine(
                            site=site, line_hash=h, count=n, first_seen=now, last_seen=now
                        )  # fmt: skip
                    )
            except IntegrityError:  # another crawler inserted it meanwhile
                session.execute(stmt)
        session.flush()

    def is_boilerplate(self, site: str, line_hash: str) -> bool:
        """True when the line appeared in at least ``min_articles`` articles of the site."""
        key = (site, line_hash)
        if key not in self._cache:
            rows = self._rows(site, [line_hash])
            self._cache[key] = rows[line_hash].count if line_hash in rows else 0
        return self._cache[key] >= self.min_articles
