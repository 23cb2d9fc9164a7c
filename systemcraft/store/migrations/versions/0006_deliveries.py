"""deliveries: analysed spoken answers (pace, fillers, STAR timing), linked to a story or a mock

Revision ID: 0006_deliveries
Revises: 0005_log_lp_index
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_deliveries'
down_revision = '0005_log_lp_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=255), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('speaker', sa.String(length=100), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.Column('mock_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('words', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('wpm', sa.Float(), nullable=False),
    sa.Column('fillers_per_minute', sa.Float(), nullable=False),
    sa.Column('pauses', sa.Integer(), nullable=False),
    sa.Column('estimated', sa.Boolean(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('report', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_deliveries_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mock_id'], ['mocks.id'], name=op.f('fk_deliveries_mock_id_mocks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_deliveries_story_id_stories'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_candidate_day', ['candidate_id', 'day'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_deliveries_candidate_day')

    op.drop_table('deliveries')
