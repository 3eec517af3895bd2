"""series counts

Revision ID: 0007
Revises: 0006

Each series' kept state counts its figure and verdict rows as of its writing
(``series_state.figures``, ``series_state.verdicts``), so a series held in memory proves it is
up to date without counting its rows (``monitor.verdicts.held``). Existing states have none
(NULL): those series are counted as before until they are next judged whole.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('series_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('verdicts', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('series_state', schema=None) as batch_op:
        batch_op.drop_column('verdicts')
        batch_op.drop_column('figures')
