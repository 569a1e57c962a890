"""search documents for the postgres backend

Revision ID: 9320ca3cad88
Revises: 82f088d2898c
Create Date: 2026-11-22 07:36:38.405517

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '9320ca3cad88'
down_revision = '82f088d2898c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_documents',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('groups', sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('post_number', sa.Integer(), nullable=True),
    sa.Column('tags', sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), 'postgresql'), nullable=False),
    sa.Column('regions', sa.JSON().with_variant(postgresql.ARRAY(sa.Text()), 'postgresql'), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=True),
    sa.Column('tsv_fi', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=False),
    sa.Column('tsv_sv', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=False),
    sa.Column('tsv_en', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=False),
    sa.Column('title_tsv', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_search_documents'))
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index('ix_search_documents_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_search_documents_groups', ['groups'], unique=False, postgresql_using='gin')
        batch_op.create_index('ix_search_documents_title_tsv', ['title_tsv'], unique=False, postgresql_using='gin')
        batch_op.create_index('ix_search_documents_tsv_en', ['tsv_en'], unique=False, postgresql_using='gin')
        batch_op.create_index('ix_search_documents_tsv_fi', ['tsv_fi'], unique=False, postgresql_using='gin')
        batch_op.create_index('ix_search_documents_tsv_sv', ['tsv_sv'], unique=False, postgresql_using='gin')



def downgrade():
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_tsv_sv', postgresql_using='gin')
        batch_op.drop_index('ix_search_documents_tsv_fi', postgresql_using='gin')
        batch_op.drop_index('ix_search_documents_tsv_en', postgresql_using='gin')
        batch_op.drop_index('ix_search_documents_title_tsv', postgresql_using='gin')
        batch_op.drop_index('ix_search_documents_groups', postgresql_using='gin')
        batch_op.drop_index('ix_search_documents_created_at')

    op.drop_table('search_documents')
