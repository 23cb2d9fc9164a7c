"""mocks

Revision ID: 0004_mocks
Revises: 0003_stories_reviews
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_mocks'
down_revision = '0003_stories_reviews'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('persona', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('phases', sa.JSON(), nullable=False),
    sa.Column('actual_minutes', sa.JSON(), nullable=False),
    sa.Column('marks', sa.JSON(), nullable=False),
    sa.Column('rater', sa.String(length=20), nullable=True),
    sa.Column('scores', sa.JSON(), nullable=True),
    sa.Column('recommendation', sa.Integer(), nullable=True),
    sa.Column('strengths', sa.JSON(), nullable=True),
    sa.Column('improvements', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_mocks_candidate_id_candidates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mocks'))
    )
    with op.batch_alter_table('mocks', schema=None) as batch_op:
        batch_op.create_index('ix_mocks_candidate_day', ['candidate_id', 'day'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('mocks', schema=None) as batch_op:
        batch_op.drop_index('ix_mocks_candidate_day')

    op.drop_table('mocks')
