"""series tail

Revision ID: 0006
Revises: 0005

What the verdict engine reads of a series that is not held in memory: each representative's
liveness and reach by value (``series_value``), and each series' latest values
(``series_state``). Existing series have no state yet: the first article of each reads the
series whole, as before, and writes it.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('series_state',
    sa.Column('comparison_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('last', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('latest', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('comparison_key')
    )
    op.create_table('series_value',
    sa.Column('figure_id', sa.Integer(), nullable=False),
    sa.Column('comparison_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('live', sa.Boolean(), nullable=False),
    sa.Column('vclass', sa.Integer(), nullable=False),
    sa.Column('reach_lo', sa.Float(), nullable=True),
    sa.Column('reach_hi', sa.Float(), nullable=True),
    sa.Column('approx', sa.Boolean(), nullable=False),
    sa.Column('span_lo', sa.Float(), nullable=True),
    sa.Column('span_hi', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['figure_id'], ['figure.id'], ),
    sa.PrimaryKeyConstraint('figure_id')
    )
    with op.batch_alter_table('series_value', schema=None) as batch_op:
        batch_op.create_index('ix_series_value_reach', ['comparison_key', 'vclass', 'reach_lo'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('series_value', schema=None) as batch_op:
        batch_op.drop_index('ix_series_value_reach')
    op.drop_table('series_value')
    op.drop_table('series_state')
