"""log lp index: the first day each principle was covered, read from an index (progress, readiness)

Revision ID: 0005_log_lp_index
Revises: 0004_mocks
"""
from alembic import op


revision = '0005_log_lp_index'
down_revision = '0004_mocks'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_log_entries_candidate_lp_day', 'log_entries', ['candidate_id', 'lp', 'day'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_log_entries_candidate_lp_day', table_name='log_entries')
