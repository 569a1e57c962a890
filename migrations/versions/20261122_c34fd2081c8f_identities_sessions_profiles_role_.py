"""identities, sessions, profiles, role requests

Revision ID: c34fd2081c8f
Revises: f8218766793b
Create Date: 2026-11-22 06:30:56.523461

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c34fd2081c8f'
down_revision = 'f8218766793b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('identities',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_version', sa.Integer(), nullable=False),
    sa.Column('identity_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_identities_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_identities')),
    sa.UniqueConstraint('identity_key', name=op.f('uq_identities_identity_key'))
    )
    op.create_table('profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('verified_name', sa.String(length=160), nullable=True),
    sa.Column('show_verified_name', sa.Boolean(), nullable=False),
    sa.Column('organisation', sa.String(length=120), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=True),
    sa.Column('is_developer', sa.Boolean(), nullable=False),
    sa.Column('is_decision_maker', sa.Boolean(), nullable=False),
    sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('terms_version', sa.String(length=20), nullable=True),
    sa.Column('terms_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("sector IS NULL OR sector IN ('public', 'private', 'third_sector', 'research', 'citizen')", name=op.f('ck_profiles_sector')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_profiles'))
    )
    op.create_table('provider_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_provider_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider_links')),
    sa.UniqueConstraint('provider', 'subject', name=op.f('uq_provider_links_provider_subject'))
    )
    with op.batch_alter_table('provider_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_links_user_id'), ['user_id'], unique=False)

    op.create_table('role_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('funder', 'weaver')", name=op.f('ck_role_requests_role')),
    sa.CheckConstraint("status IN ('pending', 'approved', 'declined')", name=op.f('ck_role_requests_status')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_role_requests_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_role_requests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_requests'))
    )
    with op.batch_alter_table('role_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_requests_user_id'), ['user_id'], unique=False)

    op.create_table('user_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('provider', sa.String(length=40), nullable=True),
    sa.Column('acr', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('profile_regions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_profile_regions_region_id_regions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['profiles.user_id'], name=op.f('fk_profile_regions_user_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'region_id', name=op.f('pk_profile_regions'))
    )
    # Accounts made before strong identification existed were made by operators: registered.
    op.execute(
        "INSERT INTO profiles (user_id, show_verified_name, organisation, is_developer, "
        "is_decision_maker, terms_version, terms_accepted_at, registered_at) "
        "SELECT id, false, '', false, false, '2026-11', created_at, created_at FROM users"
    )


def downgrade():
    op.drop_table('profile_regions')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))

    op.drop_table('user_sessions')
    with op.batch_alter_table('role_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_requests_user_id'))

    op.drop_table('role_requests')
    with op.batch_alter_table('provider_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_links_user_id'))

    op.drop_table('provider_links')
    op.drop_table('profiles')
    op.drop_table('identities')
