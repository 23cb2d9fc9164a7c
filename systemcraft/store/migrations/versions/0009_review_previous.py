"""review_log.previous: what an answer changed, so that it can be undone

Each answer now keeps, with its review row, the card as it was before: its FSRS state, due instant and
due day, and (once the answer ticks the day's review task) that task and the instant it was ticked. Undo
puts the card back from it. Rows written before this revision hold NULL: those answers cannot be undone.

Revision ID: 0009_review_previous
Revises: 0008_repair_edited_0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_review_previous'
down_revision = '0008_repair_edited_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('review_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('review_log', schema=None) as batch_op:
        batch_op.drop_column('previous')
