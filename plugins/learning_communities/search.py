"""Learning communities in the forum's search: one document per community, readable by whom
may read the community's space (so a members-only community stays hidden from outsiders)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.search.documents import SearchDocument, read_groups
from plugins.learning_communities.models import Community

DOCUMENT_TYPE = "learning_communities"


def community_key(community_id: int) -> str:
    """The search key the plugin's actions queue with ``index_on_commit``."""
    return f"{DOCUMENT_TYPE}:{community_id}"


def load_community(session: Session, community_id: int) -> SearchDocument | None:
    community = session.get(Community, community_id)
    if community is None:
        return None
    return SearchDocument(
        key=community_key(community.id),
        type=DOCUMENT_TYPE,
        object_id=community.id,
        title=community.name,
        body=" ".join([community.description, *community.themes]),
        language="fi",
        groups=read_groups(session, community.space_id),
        created_at=community.created_at,
        space_id=community.space_id,
        regions=tuple(region.code for region in community.regions),
    )


def community_ids(session: Session) -> Iterable[int]:
    return session.scalars(select(Community.id).order_by(Community.id))


def community_url(community_id: int) -> str | None:
    from forum.extensions import db

    slug = db.session.scalar(select(Community.slug).where(Community.id == community_id))
    return url_for("lc_communities.show", slug=slug) if slug else None
