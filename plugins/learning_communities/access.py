"""Fetch the plugin's objects for a user, or answer 404 (what one may not see does not exist)."""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import select

from forum.extensions import db
from forum.models import Region, User
from plugins.learning_communities.maps.models import Edge, Node
from plugins.learning_communities.models import Community
from plugins.learning_communities.rules import can_see, can_view_map


def access_region(code: str) -> Region:
    region = db.session.scalar(select(Region).where(Region.code == code.upper()))
    if region is None:
        abort(404)
    return region


def access_community(user: Any, slug: str) -> Community:
    community = db.session.scalar(select(Community).where(Community.slug == slug))
    if community is None or not can_see(user, community):
        abort(404)
    return community


def access_node(user: Any, node_id: int) -> Node:
    node = db.session.get(Node, node_id)
    if node is None or not can_view_map(user, node.map):
        abort(404)
    return node


def access_edge(user: Any, edge_id: int) -> Edge:
    edge = db.session.get(Edge, edge_id)
    if edge is None or not can_view_map(user, edge.map):
        abort(404)
    return edge


def find_user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        abort(404)
    return user
