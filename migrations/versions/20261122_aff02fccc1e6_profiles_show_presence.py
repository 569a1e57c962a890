"""profiles: show presence

Revision ID: aff02fccc1e6
Revises: 00c01c6b31f1
Create Date: 2026-11-22 07:16:48.926117

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aff02fccc1e6'
down_revision = '00c01c6b31f1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('show_presence', sa.Boolean(), server_default=sa.true(), nullable=False))



def downgrade():
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.drop_column('show_presence')

