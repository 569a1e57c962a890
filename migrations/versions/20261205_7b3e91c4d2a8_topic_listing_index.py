"""topic listing index: covers the topic lists' count and page ids

Revision ID: 7b3e91c4d2a8
Revises: 5e0c3a9d7b21
Create Date: 2026-12-05 09:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '7b3e91c4d2a8'
down_revision = '5e0c3a9d7b21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.create_index(
            'ix_topics_listing',
            ['space_id', 'bumped_at', 'listed', 'deleted_at', 'pinned_globally'],
            unique=False,
        )
        batch_op.drop_index('ix_topics_space_id_bumped_at')


def downgrade():
    with op.batch_alter_table('topics', schema=None) as batch_op:
        batch_op.create_index('ix_topics_space_id_bumped_at', ['space_id', 'bumped_at'], unique=False)
        batch_op.drop_index('ix_topics_listing')
