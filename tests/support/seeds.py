"""The five seed articles (read at run time from shared/seeds; never copied into the project)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import find_shared

_SHARED = find_shared()
SEEDS: Path | None = _SHARED / "seeds" if _SHARED and (_SHARED / "seeds").is_dir() else None

#: publication order, as EXPECTED.md gives it: (file key, publication date, an outlet for it)
ORDER = [
    ("002", "2022-12-05", "kyivindependent.example"),
    ("003", "2023-03-07", "moscowtimes.example"),
    ("004", "2023-03-13", "italian-outlet.example"),
    ("000", "2023-05-02", "blog-repost.example"),
    ("001", "2023-05-03", "rewrite.example"),
]


def seed_text(key: str) -> str:
    """The raw text of seed ``key`` (e.g. ``"004"``), noise and all."""
    assert SEEDS is not None, "shared/seeds is absent"
    return next(SEEDS.glob(f"{key}_*.txt")).read_text(encoding="utf-8")


def seed_published(day: str) -> datetime:
    """Noon UTC on a seed's publication day."""
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)
