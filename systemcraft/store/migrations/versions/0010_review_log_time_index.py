"""review_log time index: today's answers read from an index (the Review page, the day's limits, undo)

The day's answers are counted, and the last one found for undo, by `reviewed_at` on every Review page
and every answer. Three years of answers (100,000 rows) made each of those reads a full scan (~35 ms).

Revision ID: 0010_review_log_time_index
Revises: 0009_review_previous
"""
from alembic import op


revision = '0010_review_log_time_index'
down_revision = '0009_review_previous'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_review_log_reviewed_at', 'review_log', ['reviewed_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_review_log_reviewed_at', table_name='review_log')
