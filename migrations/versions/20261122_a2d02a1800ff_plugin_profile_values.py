"""plugin profile values

Revision ID: a2d02a1800ff
Revises: 36c017a0da92
Create Date: 2026-11-22 10:41:18.071552

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a2d02a1800ff'
down_revision = "36c017a0da92"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plugin_profile_values',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('plugin', sa.String(length=60), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=500), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.CheckConstraint("level IN ('public', 'registered', 'hidden')", name=op.f('ck_plugin_profile_values_level')),
    sa.ForeignKeyConstraint(['user_id'], ['profiles.user_id'], name=op.f('fk_plugin_profile_values_user_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'plugin', 'field', name=op.f('pk_plugin_profile_values'))
    )


def downgrade():
    op.drop_table('plugin_profile_values')
