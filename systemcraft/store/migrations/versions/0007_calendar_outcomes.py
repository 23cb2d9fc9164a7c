"""calendar_events (what the last .ics export said, for stable UIDs, SEQUENCE and cancellations) and
interview_outcomes (how an interview went)

Revision ID: 0007_calendar_outcomes
Revises: 0006_deliveries
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_calendar_outcomes'
down_revision = '0006_deliveries'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=200), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_calendar_events_plan_id_plans'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_events')),
    sa.UniqueConstraint('plan_id', 'uid', name=op.f('uq_calendar_events_plan_id'))
    )
    op.create_table('interview_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('interview_date', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'],
                            name=op.f('fk_interview_outcomes_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_interview_outcomes_plan_id_plans'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_outcomes'))
    )


def downgrade() -> None:
    op.drop_table('interview_outcomes')
    op.drop_table('calendar_events')
