"""example notes

Revision ID: c1bc3043c392
Revises: 
Create Date: 2026-11-22 07:22:00.626392

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1bc3043c392'
down_revision = None
branch_labels = ('example',)
# The core's users table, which the notes refer to.
depends_on = '11c4aa134106'


def upgrade():
    op.create_table('example_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=280), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_example_notes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_example_notes'))
    )
    with op.batch_alter_table('example_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_example_notes_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('example_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_example_notes_user_id'))

    op.drop_table('example_notes')
