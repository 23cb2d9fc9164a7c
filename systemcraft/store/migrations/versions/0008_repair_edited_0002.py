"""repair databases made while 0002_practice_log was still being edited

Revision 0002 was changed after it shipped: commit 8a394af added `plans.travel_days` to it. A database
created by the commits before that (35a4e59, 3205e57) had already recorded 0002 as applied, so it
never got the column and upgraded to 0007 without it; every command then failed (IndexError on
`travel_days`). That was the only edit to a shipped revision file (each other file has one commit in
the history, and tests/store/test_migration_safety.py now pins every file's hash).

This revision looks at the live schema and adds, on SQLite and PostgreSQL, whatever the edited
revision added that the database lacks. On a correct database it does nothing. Downgrading it does
nothing either: the column belongs to 0002 (whose downgrade drops it).

Revision ID: 0008_repair_edited_0002
Revises: 0007_calendar_outcomes
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_repair_edited_0002'
down_revision = '0007_calendar_outcomes'
branch_labels = None
depends_on = None


def added_by_edits() -> dict[str, list[sa.Column]]:
    """What post-ship edits of earlier revisions added, frozen here (never read from tables.py, which
    moves on): table → columns (fresh Column objects on each call). No table or index was added by an edit."""
    return {'plans': [sa.Column('travel_days', sa.JSON(), nullable=True)]}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table, columns in added_by_edits().items():
        present = {c['name'] for c in inspector.get_columns(table)}
        for column in columns:
            if column.name not in present:
                op.add_column(table, column)


def downgrade() -> None:
    pass
