"""Posts record the language they are written in (posts.language)

Revision ID: 36c017a0da92
Revises: 6c717eda54e6
Create Date: 2026-11-22 09:41:32.882104

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '36c017a0da92'
down_revision = "6c717eda54e6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))



def downgrade():
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_column('language')

