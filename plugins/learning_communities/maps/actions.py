"""Every change to an ecosystem map: the weaver's drafting, an actor's claim and proposals,
confirmation, published snapshots and imports."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from forum.actions.base import action
from forum.actions.errors import Conflict, NotFound, PermissionDenied, ValidationError
from forum.extensions import db
from forum.models import Region, User
from forum.models.base import utcnow
from forum.permissions import is_registered
from plugins.learning_communities.maps.checks import edge_values, node_values
from plugins.learning_communities.maps.imports import ImportPlan, ImportRefused, Row, plan_import
from plugins.learning_communities.maps.models import (
    CONFIRMED,
    PROPOSED,
    EcoMap,
    Edge,
    Node,
    Snapshot,
)
from plugins.learning_communities.maps.queries import Owner, find_map, map_data
from plugins.learning_communities.rules import can_edit_map, can_view_map


@action
def open_map(owner: Owner) -> EcoMap:
    """The owner's map, started empty the first time it is written to."""
    eco_map = find_map(owner)
    if eco_map is None:
        if isinstance(owner, Region):
            eco_map = EcoMap(region_id=owner.id)
        else:
            eco_map = EcoMap(community_id=owner.id)
        db.session.add(eco_map)
        db.session.flush()
    return eco_map


def _editable(actor: User, owner: Owner) -> EcoMap:
    eco_map = open_map(owner)
    if not can_edit_map(actor, eco_map):
        raise PermissionDenied(_("Only the weavers of this map's region can edit it."))
    return eco_map


def _account(username: str) -> int | None:
    username = (username or "").strip()
    if not username:
        return None
    user_id = db.session.scalar(select(User.id).where(User.username == username))
    if user_id is None:
        raise ValidationError(_("No one is called %(name)s.", name=username), field="username")
    return user_id


def _unique_label(eco_map: EcoMap, label: str, node: Node | None = None) -> None:
    taken = db.session.scalar(select(Node.id).where(Node.map_id == eco_map.id, Node.label == label))
    if taken is not None and (node is None or taken != node.id):
        raise Conflict(_("The map has an actor called %(label)s already.", label=label))


@action
def add_node(actor: User, owner: Owner, *, username: str = "", **values: Any) -> Node:
    eco_map = _editable(actor, owner)
    checked = node_values(**values)
    _unique_label(eco_map, checked["label"])
    node = Node(map_id=eco_map.id, user_id=_account(username), **checked)
    db.session.add(node)
    db.session.flush()
    return node


@action
def edit_node(actor: User, node: Node, *, username: str = "", **values: Any) -> None:
    if not can_edit_map(actor, node.map):
        raise PermissionDenied(_("Only the weavers of this map's region can edit it."))
    checked = node_values(**values)
    _unique_label(node.map, checked["label"], node)
    for key, value in checked.items():
        setattr(node, key, value)
    node.user_id = _account(username)


@action
def delete_node(actor: User, node: Node) -> None:
    if not can_edit_map(actor, node.map):
        raise PermissionDenied(_("Only the weavers of this map's region can edit it."))
    db.session.delete(node)


def _ends(eco_map: EcoMap, source_id: Any, target_id: Any) -> tuple[Node, Node]:
    ends = []
    for value in (source_id, target_id):
        try:
            node = db.session.get(Node, int(value))
        except (TypeError, ValueError):
            node = None
        if node is None or node.map_id != eco_map.id:
            raise ValidationError(
                _("A relation joins two actors on the same map."), field="source_id"
            )
        ends.append(node)
    if ends[0].id == ends[1].id:
        raise ValidationError(_("A relation joins two different actors."), field="target_id")
    return ends[0], ends[1]


def _no_duplicate(eco_map: EcoMap, source: Node, target: Node, kind: str, directed: bool) -> None:
    for edge in eco_map.edges:
        same = edge.source_id == source.id and edge.target_id == target.id
        mirrored = edge.source_id == target.id and edge.target_id == source.id
        if edge.kind == kind and (same or (mirrored and not (directed and edge.directed))):
            raise Conflict(_("These actors have this relation already."))


def _new_edge(eco_map: EcoMap, source_id: Any, target_id: Any, values: dict) -> Edge:
    checked = edge_values(**values)
    source, target = _ends(eco_map, source_id, target_id)
    _no_duplicate(eco_map, source, target, checked["kind"], checked["directed"])
    edge = Edge(map=eco_map, source_id=source.id, target_id=target.id, **checked)
    db.session.add(edge)
    return edge


@action
def add_edge(actor: User, owner: Owner, *, source_id: Any, target_id: Any, **values: Any) -> Edge:
    eco_map = _editable(actor, owner)
    edge = _new_edge(eco_map, source_id, target_id, values)
    db.session.flush()
    return edge


@action
def delete_edge(actor: User, edge: Edge) -> None:
    if not can_edit_map(actor, edge.map):
        raise PermissionDenied(_("Only the weavers of this map's region can edit it."))
    db.session.delete(edge)


@action
def claim_node(actor: User, node: Node) -> None:
    """A registered actor says: this node is me (or my organisation)."""
    if not is_registered(actor) or not can_view_map(actor, node.map):
        raise PermissionDenied(_("Sign in and complete your registration to claim an actor."))
    if node.user_id == actor.id:
        return
    if node.user_id is not None:
        raise Conflict(_("Someone has claimed this actor already."))
    if any(n.user_id == actor.id for n in node.map.nodes):
        raise Conflict(_("You have claimed another actor on this map."))
    node.user_id = actor.id


@action
def propose_edge(actor: User, node: Node, *, target_id: Any, **values: Any) -> Edge:
    """The actor of a claimed node proposes a relation; it waits for confirmation."""
    if node.user_id != actor.id:
        raise PermissionDenied(_("Claim your actor on the map first."))
    edge = _new_edge(node.map, node.id, target_id, values)
    edge.status, edge.proposed_by_id = PROPOSED, actor.id
    db.session.flush()
    return edge


def _may_confirm(actor: User, edge: Edge) -> bool:
    if can_edit_map(actor, edge.map):
        return True
    other_party = {edge.source.user_id, edge.target.user_id} - {edge.proposed_by_id}
    return actor.id in other_party


@action
def decide_edge(actor: User, edge: Edge, *, confirm: bool) -> None:
    """The weaver or the other party confirms a proposed relation, or declines it."""
    if edge.status != PROPOSED:
        raise NotFound(_("This relation is not waiting for confirmation."))
    if not _may_confirm(actor, edge):
        raise PermissionDenied(_("The weaver or the other party confirms a relation."))
    if confirm:
        edge.status = CONFIRMED
    else:
        db.session.delete(edge)


@action
def publish_snapshot(actor: User, owner: Owner) -> Snapshot:
    """Keep the confirmed network as it is today."""
    eco_map = _editable(actor, owner)
    snapshot = Snapshot(
        map_id=eco_map.id, published_at=utcnow(), data=map_data(eco_map, confirmed_only=True)
    )
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


@action
def import_map(
    actor: User, owner: Owner, elements: list[Row], connections: list[Row], *, good_rows_only: bool
) -> ImportPlan:
    """Check every row, then write all of them, or only the good ones when asked; refused
    (nothing written) while a row is bad otherwise. One transaction."""
    eco_map = _editable(actor, owner)
    plan = plan_import(eco_map, elements, connections)
    if plan.errors and not (good_rows_only and plan.good_rows):
        raise ImportRefused(plan)
    nodes = {n.label: n for n in eco_map.nodes}
    for element in plan.elements:
        node = Node(map_id=eco_map.id, user_id=None, **element.values)
        db.session.add(node)
        nodes[node.label] = node
    db.session.flush()
    for connection in plan.connections:
        source, target = nodes[connection.source], nodes[connection.target]
        db.session.add(
            Edge(map=eco_map, source_id=source.id, target_id=target.id, **connection.values)
        )
    db.session.flush()
    return plan
