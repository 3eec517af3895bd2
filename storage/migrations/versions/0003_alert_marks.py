"""alert marks

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 10:00:00.000000

The desk's judgement on alerts (``figwatch alerts mark ID right|wrong``): one row per alerted
verdict, with the claim key that keeps a wrong claim from alerting again.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('alert_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verdict_id', sa.Integer(), nullable=False),
    sa.Column('outbox_id', sa.Integer(), nullable=False),
    sa.Column('mark', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('why', sa.Text(), nullable=True),
    sa.Column('claim_key', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True),
    sa.Column('alerted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('marked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('alert_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_mark_verdict_id'), ['verdict_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_alert_mark_claim_key'), ['claim_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_alert_mark_alerted_at'), ['alerted_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('alert_mark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_mark_alerted_at'))
        batch_op.drop_index(batch_op.f('ix_alert_mark_claim_key'))
        batch_op.drop_index(batch_op.f('ix_alert_mark_verdict_id'))
    op.drop_table('alert_mark')
