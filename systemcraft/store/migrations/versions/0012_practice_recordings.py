"""practice recordings: an answer recorded on the Practice page, uploaded in chunks, transcribed, reported

A row follows one recording from its first chunk to its report: the question, the version aimed at, the
story it tells, whether the audio is kept, the S/T/A/R taps, the words with their times (so that a replay
can follow along) and the delivery report it led to. The audio itself is a file, never a column.

Revision ID: 0012_practice_recordings
Revises: 0011_log_task_index
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_practice_recordings'
down_revision = '0011_log_task_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('practice_recordings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=500), nullable=False),
    sa.Column('target', sa.String(length=4), nullable=True),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.Column('keep', sa.Boolean(), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('chunks', sa.Integer(), nullable=False),
    sa.Column('bytes', sa.Integer(), nullable=False),
    sa.Column('audio_bytes', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Float(), nullable=False),
    sa.Column('taps', sa.JSON(), nullable=False),
    sa.Column('transcript', sa.JSON(), nullable=True),
    sa.Column('delivery_id', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_practice_recordings_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['delivery_id'], ['deliveries.id'], name=op.f('fk_practice_recordings_delivery_id_deliveries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_practice_recordings_story_id_stories'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_recordings'))
    )
    with op.batch_alter_table('practice_recordings', schema=None) as batch_op:
        batch_op.create_index('ix_practice_recordings_candidate_state', ['candidate_id', 'state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('practice_recordings', schema=None) as batch_op:
        batch_op.drop_index('ix_practice_recordings_candidate_state')

    op.drop_table('practice_recordings')
