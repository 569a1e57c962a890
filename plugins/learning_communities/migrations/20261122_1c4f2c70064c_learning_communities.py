"""learning communities

Revision ID: 1c4f2c70064c
Revises: 
Create Date: 2026-11-22 09:30:26.842137

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1c4f2c70064c'
down_revision = None
branch_labels = ('learning_communities',)
# The core's regions, spaces, groups, topics and users, which the plugin's tables refer to.
depends_on = '3c42eb4917a6'


def upgrade():
    op.create_table('lc_regional_centres',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name_fi', sa.String(length=120), nullable=False),
    sa.Column('name_sv', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lc_regional_centres')),
    sa.UniqueConstraint('code', name=op.f('uq_lc_regional_centres_code'))
    )
    op.create_table('lc_centre_regions',
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['lc_regional_centres.id'], name=op.f('fk_lc_centre_regions_centre_id_lc_regional_centres'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_lc_centre_regions_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('centre_id', 'region_id', name=op.f('pk_lc_centre_regions'))
    )
    op.create_table('lc_communities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('policy', sa.String(length=12), nullable=False),
    sa.Column('visibility', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('closed_reason', sa.String(length=500), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('members_group_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("policy IN ('open', 'request', 'invitation')", name=op.f('ck_lc_communities_policy')),
    sa.CheckConstraint("status IN ('forming', 'active', 'dormant', 'closed')", name=op.f('ck_lc_communities_status')),
    sa.CheckConstraint("visibility IN ('public', 'members')", name=op.f('ck_lc_communities_visibility')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_lc_communities_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['members_group_id'], ['groups.id'], name=op.f('fk_lc_communities_members_group_id_groups'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_lc_communities_space_id_spaces'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lc_communities')),
    sa.UniqueConstraint('slug', name=op.f('uq_lc_communities_slug'))
    )
    op.create_table('lc_region_spaces',
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_lc_region_spaces_region_id_regions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], name=op.f('fk_lc_region_spaces_space_id_spaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('space_id', 'region_id', name=op.f('pk_lc_region_spaces'))
    )
    with op.batch_alter_table('lc_region_spaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lc_region_spaces_region_id'), ['region_id'], unique=False)

    op.create_table('lc_community_members',
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('member', 'facilitator')", name=op.f('ck_lc_community_members_role')),
    sa.CheckConstraint("state IN ('joined', 'requested', 'invited')", name=op.f('ck_lc_community_members_state')),
    sa.ForeignKeyConstraint(['community_id'], ['lc_communities.id'], name=op.f('fk_lc_community_members_community_id_lc_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lc_community_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('community_id', 'user_id', name=op.f('pk_lc_community_members'))
    )
    with op.batch_alter_table('lc_community_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lc_community_members_user_id'), ['user_id'], unique=False)

    op.create_table('lc_community_regions',
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['lc_communities.id'], name=op.f('fk_lc_community_regions_community_id_lc_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_lc_community_regions_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('community_id', 'region_id', name=op.f('pk_lc_community_regions'))
    )
    op.create_table('lc_gatherings',
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('minutes_raw', sa.Text(), nullable=False),
    sa.Column('minutes_cooked', sa.Text(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('organisations', sa.JSON(), nullable=False),
    sa.Column('produced_topic_ids', sa.JSON(), nullable=False),
    sa.Column('summary_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('networking', 'clinic', 'future_workshop')", name=op.f('ck_lc_gatherings_kind')),
    sa.ForeignKeyConstraint(['community_id'], ['lc_communities.id'], name=op.f('fk_lc_gatherings_community_id_lc_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['summary_by_id'], ['users.id'], name=op.f('fk_lc_gatherings_summary_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_lc_gatherings_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('topic_id', name=op.f('pk_lc_gatherings'))
    )
    with op.batch_alter_table('lc_gatherings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lc_gatherings_community_id'), ['community_id'], unique=False)

    op.create_table('lc_maps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=True),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(region_id IS NULL) <> (community_id IS NULL)', name=op.f('ck_lc_maps_one_owner')),
    sa.ForeignKeyConstraint(['community_id'], ['lc_communities.id'], name=op.f('fk_lc_maps_community_id_lc_communities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_lc_maps_region_id_regions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lc_maps')),
    sa.UniqueConstraint('community_id', name=op.f('uq_lc_maps_community_id')),
    sa.UniqueConstraint('region_id', name=op.f('uq_lc_maps_region_id'))
    )
    op.create_table('lc_map_nodes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('organisation', 'person')", name=op.f('ck_lc_map_nodes_kind')),
    sa.CheckConstraint("type IN ('developer', 'funder', 'decision_maker', 'knowledge_producer', 'network_coordinator')", name=op.f('ck_lc_map_nodes_type')),
    sa.ForeignKeyConstraint(['map_id'], ['lc_maps.id'], name=op.f('fk_lc_map_nodes_map_id_lc_maps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lc_map_nodes_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lc_map_nodes')),
    sa.UniqueConstraint('map_id', 'label', name='uq_lc_map_nodes_label')
    )
    with op.batch_alter_table('lc_map_nodes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lc_map_nodes_map_id'), ['map_id'], unique=False)

    op.create_table('lc_map_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['map_id'], ['lc_maps.id'], name=op.f('fk_lc_map_snapshots_map_id_lc_maps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lc_map_snapshots'))
    )
    with op.batch_alter_table('lc_map_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lc_map_snapshots_map_id'), ['map_id'], unique=False)

    op.create_table('lc_map_edges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('map_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('directed', sa.Boolean(), nullable=False),
    sa.Column('strength', sa.Integer(), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('source_note', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('partnership', 'funding', 'service', 'knowledge_sharing', 'membership')", name=op.f('ck_lc_map_edges_kind')),
    sa.CheckConstraint("status IN ('confirmed', 'proposed')", name=op.f('ck_lc_map_edges_status')),
    sa.CheckConstraint('source_id <> target_id', name=op.f('ck_lc_map_edges_not_self')),
    sa.CheckConstraint('strength BETWEEN 1 AND 3', name=op.f('ck_lc_map_edges_strength')),
    sa.ForeignKeyConstraint(['map_id'], ['lc_maps.id'], name=op.f('fk_lc_map_edges_map_id_lc_maps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_lc_map_edges_proposed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['lc_map_nodes.id'], name=op.f('fk_lc_map_edges_source_id_lc_map_nodes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['lc_map_nodes.id'], name=op.f('fk_lc_map_edges_target_id_lc_map_nodes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lc_map_edges')),
    sa.UniqueConstraint('map_id', 'source_id', 'target_id', 'kind', name='uq_lc_map_edges_pair')
    )
    with op.batch_alter_table('lc_map_edges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lc_map_edges_map_id'), ['map_id'], unique=False)



def downgrade():
    with op.batch_alter_table('lc_map_edges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lc_map_edges_map_id'))

    op.drop_table('lc_map_edges')
    with op.batch_alter_table('lc_map_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lc_map_snapshots_map_id'))

    op.drop_table('lc_map_snapshots')
    with op.batch_alter_table('lc_map_nodes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lc_map_nodes_map_id'))

    op.drop_table('lc_map_nodes')
    op.drop_table('lc_maps')
    with op.batch_alter_table('lc_gatherings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lc_gatherings_community_id'))

    op.drop_table('lc_gatherings')
    op.drop_table('lc_community_regions')
    with op.batch_alter_table('lc_community_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lc_community_members_user_id'))

    op.drop_table('lc_community_members')
    with op.batch_alter_table('lc_region_spaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lc_region_spaces_region_id'))

    op.drop_table('lc_region_spaces')
    op.drop_table('lc_communities')
    op.drop_table('lc_centre_regions')
    op.drop_table('lc_regional_centres')
