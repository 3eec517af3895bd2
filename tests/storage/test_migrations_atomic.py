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


def test_a_figure_keeps_its_claimant_role(tmp_path):
    """The role decides a claimant's voice (an official's or a dissenting one's): the migrated
    schema stores it and a stored figure reads it back."""
    from sqlmodel import select

    from monitor.figures import Claimant, Figure
    from monitor.verdicts.listings import figure_to_row, row_to_figure
    from storage.db import connect, session_scope
    from storage.models import ArticleRow
    from storage.models.figures import FigureRow

    engine = connect(f"sqlite:///{tmp_path / 'role.db'}")
    f = Figure(low=120, high=None, text="more than 120", measure="killed",
               claimant=Claimant("Sajad Jamalvatan", None, "p:jamalvatan", "a Grenfell resident"))  # fmt: skip
    with session_scope(engine) as s:
        s.add(ArticleRow(id=1, url="https://a.example/1", site="a.example", title="t"))
        s.flush()
        from storage.models.articles import ArticleVersionRow

        s.add(ArticleVersionRow(id=1, article_id=1, content_hash="0" * 64, text="t"))
        s.flush()
        s.add(figure_to_row(f, article_id=1, version_id=1, url="u", site="a.example", source="s"))
    with session_scope(engine) as s:
        [row] = s.exec(select(FigureRow)).all()
        assert row_to_figure(row).claimant.role == "a Grenfell resident"
    engine.dispose()
