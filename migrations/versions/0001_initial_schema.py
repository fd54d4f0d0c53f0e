"""initial schema: articles, events, actors, links and evidence

Revision ID: 0001
Revises: 
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('norm_name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('norm_name', 'kind', name='uq_actor_norm_name_kind')
    )
    op.create_table('article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=512), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('published_at', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('ingested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash', name='uq_article_content_hash'),
    sa.UniqueConstraint('external_id', name='uq_article_external_id')
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index('ix_article_source', ['source'], unique=False)

    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('date_start', sa.Date(), nullable=False),
    sa.Column('date_end', sa.Date(), nullable=False),
    sa.Column('granularity', sa.String(length=16), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('trigger', sa.String(length=200), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=True),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_date_end', ['date_end'], unique=False)
        batch_op.create_index('ix_event_date_start_id', ['date_start', 'id'], unique=False)
        batch_op.create_index('ix_event_granularity', ['granularity'], unique=False)

    op.create_table('actor_alias',
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('norm_alias', sa.String(length=300), nullable=False),
    sa.Column('alias', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('actor_id', 'norm_alias')
    )
    with op.batch_alter_table('actor_alias', schema=None) as batch_op:
        batch_op.create_index('ix_actor_alias_norm_alias', ['norm_alias'], unique=False)

    op.create_table('event_actor',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'actor_id', 'role')
    )
    with op.batch_alter_table('event_actor', schema=None) as batch_op:
        batch_op.create_index('ix_event_actor_actor_event', ['actor_id', 'event_id'], unique=False)

    op.create_table('event_country',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'country')
    )
    with op.batch_alter_table('event_country', schema=None) as batch_op:
        batch_op.create_index('ix_event_country_country_event', ['country', 'event_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('expression', sa.Text(), nullable=False),
    sa.Column('expression_start', sa.Integer(), nullable=False),
    sa.Column('expression_end', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('granularity', sa.String(length=16), nullable=False),
    sa.Column('date_start', sa.Date(), nullable=False),
    sa.Column('date_end', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_event_id'), ['event_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_event_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_article_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('event_country', schema=None) as batch_op:
        batch_op.drop_index('ix_event_country_country_event')

    op.drop_table('event_country')
    with op.batch_alter_table('event_actor', schema=None) as batch_op:
        batch_op.drop_index('ix_event_actor_actor_event')

    op.drop_table('event_actor')
    with op.batch_alter_table('actor_alias', schema=None) as batch_op:
        batch_op.drop_index('ix_actor_alias_norm_alias')

    op.drop_table('actor_alias')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_granularity')
        batch_op.drop_index('ix_event_date_start_id')
        batch_op.drop_index('ix_event_date_end')

    op.drop_table('event')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index('ix_article_source')

    op.drop_table('article')
    op.drop_table('actor')
