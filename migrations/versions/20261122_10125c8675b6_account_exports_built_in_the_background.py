"""account exports built in the background; plugins' permission verbs on spaces

Revision ID: 10125c8675b6
Revises: 3c42eb4917a6
Create Date: 2026-11-22 09:39:32.751659

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '10125c8675b6'
down_revision = '3c42eb4917a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('file_name', sa.String(length=80), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('ready_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_account_exports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_exports'))
    )
    with op.batch_alter_table('account_exports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_exports_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_exports_user_id'), ['user_id'], unique=False)

    # Plugins add permission verbs (forum_load_permission_verbs): the actions check verbs now.
    with op.batch_alter_table('space_permissions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_space_permissions_verb'), type_='check')


def downgrade():
    with op.batch_alter_table('space_permissions', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'verb', "verb IN ('see', 'read', 'create_topic', 'reply', 'moderate')"
        )

    with op.batch_alter_table('account_exports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_exports_user_id'))
        batch_op.drop_index(batch_op.f('ix_account_exports_expires_at'))

    op.drop_table('account_exports')
