"""organisations, themes, profile fields and visibility

Revision ID: d70a14771bd8
Revises: 7315266e45ac
Create Date: 2026-11-22 09:26:27.272279

The free-text organisation of each profile becomes a membership of an Organisation row (found
by name, case ignored, or created unverified); a funder grant's organisation name becomes a
reference to an organisation row, verified, since an administrator granted the role for it.
"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd70a14771bd8'
down_revision = "7315266e45ac"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('name', name=op.f('uq_themes_name'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('sector', sa.String(length=20), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('verified', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("sector IS NULL OR sector IN ('public', 'private', 'third_sector', 'research', 'citizen')", name=op.f('ck_organisations_sector')),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_organisations_region_id_regions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_organisations_verified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_organisations_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisations_slug'))
    )
    op.create_table('organisation_memberships',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('shown', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_memberships_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organisation_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'organisation_id', name=op.f('pk_organisation_memberships'))
    )
    with op.batch_alter_table('organisation_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_memberships_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('profile_themes',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_profile_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['profiles.user_id'], name=op.f('fk_profile_themes_user_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'theme_id', name=op.f('pk_profile_themes'))
    )
    op.create_table('profile_visibility',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.CheckConstraint("level IN ('public', 'registered', 'hidden')", name=op.f('ck_profile_visibility_level')),
    sa.ForeignKeyConstraint(['user_id'], ['profiles.user_id'], name=op.f('fk_profile_visibility_user_id_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'field', name=op.f('pk_profile_visibility'))
    )
    _organisations_from_free_text()
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bio_raw', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('bio_cooked', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('links', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('avatar_version', sa.String(length=16), nullable=True))
        batch_op.drop_column('organisation')

    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_role_grants_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'], ondelete='CASCADE')
    _funder_grants_to_rows()
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_role_grants_scope'), type_='check')
        batch_op.drop_column('organisation')
        batch_op.create_check_constraint(
            batch_op.f('ck_role_grants_scope'),
            "(role = 'weaver' AND region_id IS NOT NULL AND organisation_id IS NULL) OR "
            "(role = 'funder' AND region_id IS NULL AND organisation_id IS NOT NULL)",
        )


def _slug(name, taken):
    text = unicodedata.normalize('NFKD', name).encode('ascii', 'ignore').decode('ascii')
    base = re.sub(r'[^a-z0-9]+', '-', text.lower()).strip('-')[:76].rstrip('-') or 'organisation'
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f'{base}-{n}'
    taken.add(slug)
    return slug


def _organisation_ids(connection, names, verified):
    """Organisation id by lower-cased name, creating the missing ones."""
    organisations = sa.table(
        'organisations',
        sa.column('id', sa.Integer), sa.column('name', sa.String), sa.column('slug', sa.String),
        sa.column('website', sa.String), sa.column('description', sa.Text),
        sa.column('verified', sa.Boolean), sa.column('verified_at', sa.DateTime(timezone=True)),
        sa.column('created_at', sa.DateTime(timezone=True)),
    )
    rows = connection.execute(sa.select(organisations.c.id, organisations.c.name, organisations.c.slug)).all()
    ids = {name.lower(): i for i, name, _slug in rows}
    taken = {slug for _i, _name, slug in rows}
    now = sa.func.current_timestamp()
    for name in names:
        name = ' '.join(name.split())[:120]
        if not name or name.lower() in ids:
            continue
        connection.execute(organisations.insert().values(
            name=name, slug=_slug(name, taken), website='', description='', verified=verified,
            verified_at=now if verified else None, created_at=now,
        ))
        ids[name.lower()] = connection.execute(
            sa.select(organisations.c.id).where(organisations.c.name == name)
        ).scalar_one()
    return ids


def _organisations_from_free_text():
    connection = op.get_bind()
    profiles = sa.table('profiles', sa.column('user_id', sa.Integer), sa.column('organisation', sa.String))
    memberships = sa.table(
        'organisation_memberships',
        sa.column('user_id', sa.Integer), sa.column('organisation_id', sa.Integer),
        sa.column('title', sa.String), sa.column('shown', sa.Boolean), sa.column('position', sa.Integer),
    )
    rows = connection.execute(
        sa.select(profiles.c.user_id, profiles.c.organisation).where(profiles.c.organisation != '')
    ).all()
    ids = _organisation_ids(connection, [name for _u, name in rows], verified=False)
    for user_id, name in rows:
        organisation_id = ids.get(' '.join(name.split())[:120].lower())
        if organisation_id is not None:
            connection.execute(memberships.insert().values(
                user_id=user_id, organisation_id=organisation_id, title='', shown=True, position=0,
            ))


def _funder_grants_to_rows():
    connection = op.get_bind()
    grants = sa.table(
        'role_grants', sa.column('id', sa.Integer), sa.column('organisation', sa.String),
        sa.column('organisation_id', sa.Integer),
    )
    rows = connection.execute(
        sa.select(grants.c.id, grants.c.organisation).where(grants.c.organisation.is_not(None))
    ).all()
    ids = _organisation_ids(connection, [name for _i, name in rows], verified=True)
    for grant_id, name in rows:
        connection.execute(grants.update().where(grants.c.id == grant_id).values(
            organisation_id=ids[' '.join(name.split())[:120].lower()],
        ))



def downgrade():
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation', sa.VARCHAR(length=120), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_role_grants_scope'), type_='check')
    op.execute(
        "UPDATE role_grants SET organisation = "
        "(SELECT name FROM organisations WHERE organisations.id = role_grants.organisation_id)"
    )
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_role_grants_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_column('organisation_id')
        batch_op.create_check_constraint(
            batch_op.f('ck_role_grants_scope'),
            "(role = 'weaver' AND region_id IS NOT NULL AND organisation IS NULL) OR "
            "(role = 'funder' AND region_id IS NULL AND organisation IS NOT NULL)",
        )

    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation', sa.VARCHAR(length=120), server_default='', nullable=False))
    op.execute(
        "UPDATE profiles SET organisation = COALESCE((SELECT o.name FROM organisations o "
        "JOIN organisation_memberships m ON m.organisation_id = o.id "
        "WHERE m.user_id = profiles.user_id AND m.position = 0), '')"
    )
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.drop_column('avatar_version')
        batch_op.drop_column('links')
        batch_op.drop_column('bio_cooked')
        batch_op.drop_column('bio_raw')

    op.drop_table('profile_visibility')
    op.drop_table('profile_themes')
    with op.batch_alter_table('organisation_memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_memberships_organisation_id'))

    op.drop_table('organisation_memberships')
    op.drop_table('organisations')
    op.drop_table('themes')
