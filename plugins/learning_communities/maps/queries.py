"""Reading maps: find a region's or community's map, and its data in the exchange shape."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from sqlalchemy import select

from forum.extensions import db
from forum.models import Region, User
from plugins.learning_communities.maps.models import CONFIRMED, EcoMap, Edge, Node, Snapshot
from plugins.learning_communities.models import Community

Owner = Region | Community


def owner_filter(owner: Owner):
    if isinstance(owner, Region):
        return EcoMap.region_id == owner.id
    return EcoMap.community_id == owner.id


def find_map(owner: Owner) -> EcoMap | None:
    return db.session.scalar(select(EcoMap).where(owner_filter(owner)))


def snapshots(eco_map: EcoMap | None) -> list[Snapshot]:
    if eco_map is None:
        return []
    return list(
        db.session.scalars(
            select(Snapshot).where(Snapshot.map_id == eco_map.id).order_by(Snapshot.id.desc())
        )
    )


def node_document(node: Node, usernames: dict[int, str]) -> dict[str, Any]:
    return {
        "id": node.id,
        "label": node.label,
        "kind": node.kind,
        "type": node.type,
        "sector": node.sector,
        "tags": list(node.themes),
        "user": usernames.get(node.user_id) if node.user_id else None,
        "profile_url": profile_url(usernames.get(node.user_id)) if node.user_id else None,
    }


def profile_url(username: str | None) -> str | None:
    """The person's public profile page, where the forum has one."""
    if not username or "users.profile" not in current_app.view_functions:
        return None
    return url_for("users.profile", username=username)


def edge_document(edge: Edge, labels: dict[int, str]) -> dict[str, Any]:
    return {
        "id": edge.id,
        "from": labels[edge.source_id],
        "to": labels[edge.target_id],
        "type": edge.kind,
        "direction": "directed" if edge.directed else "undirected",
        "strength": edge.strength,
        "since": edge.since.isoformat() if edge.since else None,
        "source": edge.source_note,
        "status": edge.status,
    }


def map_data(eco_map: EcoMap | None, *, confirmed_only: bool = False) -> dict[str, Any]:
    """The map as Kumu-style ``elements`` and ``connections`` (ends named by label)."""
    if eco_map is None:
        return {"elements": [], "connections": []}
    nodes = list(eco_map.nodes)
    user_ids = {n.user_id for n in nodes if n.user_id}
    usernames = (
        dict(db.session.execute(select(User.id, User.username).where(User.id.in_(user_ids))).all())
        if user_ids
        else {}
    )
    labels = {n.id: n.label for n in nodes}
    edges = [e for e in eco_map.edges if not confirmed_only or e.status == CONFIRMED]
    return {
        "elements": [node_document(n, usernames) for n in nodes],
        "connections": [edge_document(e, labels) for e in edges],
    }
