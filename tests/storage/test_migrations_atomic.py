"""A schema upgrade is all or nothing: a process that dies in the middle leaves no half schema."""

from __future__ import annotations

from pathlib import Path

import alembic.command
import pytest
from sqlalchemy import inspect

import storage.db as db
from storage.db import DatabaseError, make_engine


def test_an_upgrade_that_fails_midway_leaves_no_tables(tmp_path: Path, monkeypatch) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/half.db")
    real = alembic.command.upgrade

    def dies_after_the_ddl(cfg, revision):  # type: ignore[no-untyped-def]
        real(cfg, revision)  # every table created ...
        raise RuntimeError("killed")  # ... then the process dies before the commit

    monkeypatch.setattr(alembic.command, "upgrade", dies_after_the_ddl)
    with pytest.raises(DatabaseError):
        db.upgrade(engine)
    assert inspect(engine).get_table_names() == []
    monkeypatch.undo()
    db.upgrade(engine)  # and the next start builds the whole schema
    assert "article" in inspect(engine).get_table_names()
    engine.dispose()
