"""Pre-release helper: rebuild the single initial migration from the models.

Run ``python -m storage.migrations.regenerate`` after changing a model while no release exists.
Once figwatch has users, add new revisions with ``alembic revision --autogenerate`` instead.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from storage.db import alembic_config, make_engine

VERSIONS = Path(__file__).with_name("versions")


def main() -> None:
    for old in VERSIONS.glob("*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/empty.db")
        cfg = alembic_config(engine)
        command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
        engine.dispose()


if __name__ == "__main__":
    main()
