"""plugin states

Revision ID: 82f088d2898c
Revises: aff02fccc1e6
Create Date: 2026-11-22 07:20:45.793728

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '82f088d2898c'
down_revision = 'aff02fccc1e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plugin_states',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_plugin_states'))
    )


def downgrade():
    op.drop_table('plugin_states')
