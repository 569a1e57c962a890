"""page versions: the counter the anonymous page cache checks

Revision ID: 5e0c3a9d7b21
Revises: a2d02a1800ff
Create Date: 2026-12-04 15:50:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e0c3a9d7b21'
down_revision = 'a2d02a1800ff'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('page_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_versions'))
    )
    op.bulk_insert(table, [{'id': 1, 'version': secrets.randbits(48)}])


def downgrade():
    op.drop_table('page_versions')
