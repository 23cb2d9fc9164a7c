"""log task index: the log entry a finished task wrote, found by its task (undo of a Done)

Undo removes the entry its Done wrote (`DELETE … WHERE candidate_id = … AND task_id = …`). With three
years of practice log (50,000 entries) that statement scanned every entry of the candidate (~5 ms of
the 6 ms an undo takes).

Revision ID: 0011_log_task_index
Revises: 0010_review_log_time_index
"""
from alembic import op


revision = '0011_log_task_index'
down_revision = '0010_review_log_time_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_log_entries_task', 'log_entries', ['task_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_log_entries_task', table_name='log_entries')
