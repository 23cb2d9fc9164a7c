"""stories.form_token, mocks.run, practice_recordings.start_token: sent twice, stored once, in any server process

A new story's form carries a one-time token, a mock run the token of its run, and each press of Record on
the Practice page a token of that attempt; each is stored with the row it created. Sent again (Back after
the story was edited, a stop or a start retried by the browser, a request that reached another server
process), the token finds the row already stored instead of adding a second one.
A unique index per candidate makes two at the same instant store one. Existing rows hold NULL.

Revision ID: 0013_once_tokens
Revises: 0012_practice_recordings
"""
from alembic import op
import sqlalchemy as sa


revision = '0013_once_tokens'
down_revision = '0012_practice_recordings'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_token', sa.String(length=24), nullable=True))
        batch_op.create_index('ux_stories_candidate_form_token', ['candidate_id', 'form_token'], unique=True)
    with op.batch_alter_table('mocks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('run', sa.String(length=24), nullable=True))
        batch_op.create_index('ux_mocks_candidate_run', ['candidate_id', 'run'], unique=True)
    with op.batch_alter_table('practice_recordings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('start_token', sa.String(length=24), nullable=True))
        batch_op.create_index('ux_practice_recordings_candidate_start_token', ['candidate_id', 'start_token'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('practice_recordings', schema=None) as batch_op:
        batch_op.drop_index('ux_practice_recordings_candidate_start_token')
        batch_op.drop_column('start_token')
    with op.batch_alter_table('mocks', schema=None) as batch_op:
        batch_op.drop_index('ux_mocks_candidate_run')
        batch_op.drop_column('run')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index('ux_stories_candidate_form_token')
        batch_op.drop_column('form_token')
