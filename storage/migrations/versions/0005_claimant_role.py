"""claimant role

Revision ID: 0005
Revises: 0004

A figure's claimant role ("the Grenfell resident who founded the group", "the health
minister"): whose voice a count carries (an official's or a dissenting one's) is judged on it,
so a stored figure must keep it.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('figure', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('claimant_role', sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table('figure', schema=None) as batch_op:
        batch_op.drop_column('claimant_role')
