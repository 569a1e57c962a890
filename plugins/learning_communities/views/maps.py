"""Ecosystem map pages, the same for a region (/regions/<code>/map) and a community
(/communities/<slug>/map), and the node and relation forms (/maps/...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions.errors import ActionError
from forum.extensions import db
from forum.http_input import parse_id
from forum.i18n import current_language
from forum.models import Region
from forum.views.helpers import require_signed_in
from plugins.learning_communities.access import (
    access_community,
    access_edge,
    access_node,
    access_region,
)
from plugins.learning_communities.labels import NODE_TYPES, RELATION_KINDS
from plugins.learning_communities.maps import actions
from plugins.learning_communities.maps.figures import compare, figures
from plugins.learning_communities.maps.imports import MAX_BYTES, read_rows, to_csv, to_json
from plugins.learning_communities.maps.models import PROPOSED, EcoMap, Snapshot
from plugins.learning_communities.maps.queries import Owner, find_map, map_data, snapshots
from plugins.learning_communities.models import Community
from plugins.learning_communities.rules import can_edit_map
from plugins.learning_communities.views.common import attempt, form, form_list, me, problem

bp = Blueprint("lc_maps", __name__, url_prefix="/maps")


def owner_of(eco_map: EcoMap) -> Owner:
    if eco_map.region_id is not None:
        return db.session.get(Region, eco_map.region_id)
    return db.session.get(Community, eco_map.community_id)


def map_url(owner: Owner, endpoint: str = "map", **values: Any) -> str:
    if isinstance(owner, Region):
        return url_for(f"lc_regions.{endpoint}", key=owner.code, **values)
    return url_for(f"lc_communities.{endpoint}", key=owner.slug, **values)


def owner_name(owner: Owner) -> str:
    return owner.name(current_language()) if isinstance(owner, Region) else owner.name


def _node_values() -> dict[str, Any]:
    return {
        "label": form("label"),
        "kind": form("kind", "organisation"),
        "type": form("type"),
        "sector": form("sector"),
        "themes": form_list("themes"),
    }


def _edge_values() -> dict[str, Any]:
    return {
        "kind": form("kind"),
        "directed": form("directed") == "1",
        "strength": form("strength", "1"),
        "since": form("since"),
        "source_note": form("source_note"),
    }


def map_routes(bp: Blueprint, resolve: Callable[[str], Owner]) -> None:
    """Add the map's pages to ``bp``, each finding its owner with ``resolve(key)``."""

    def page(key: str):
        owner = resolve(key)
        eco_map = find_map(owner)
        data = map_data(eco_map)
        confirmed = map_data(eco_map, confirmed_only=True)
        editor = eco_map is not None and can_edit_map(current_user, eco_map)
        if eco_map is None:
            editor = can_edit_map(current_user, _unsaved_map(owner))
        history = snapshots(eco_map)
        return render_template(
            "learning_communities/map.html",
            owner=owner,
            owner_name=owner_name(owner),
            key=key,
            endpoint_base=bp.name,
            data=data,
            figures=figures(confirmed),
            editor=editor,
            snapshots=history,
            proposed=[c for c in data["connections"] if c["status"] == PROPOSED],
            node_types=NODE_TYPES,
            relation_kinds=RELATION_KINDS,
            sectors=sorted({e["sector"] for e in data["elements"] if e["sector"]}),
            themes=sorted({t for e in data["elements"] for t in e["tags"]}),
            mine=[
                e for e in data["elements"] if e["user"] == getattr(current_user, "username", None)
            ],
        )

    def data_json(key: str):
        return jsonify(map_data(find_map(resolve(key))))

    def export(key: str, fmt: str):
        data = map_data(find_map(resolve(key)))
        body, mimetype = (
            (to_csv(data), "text/csv") if fmt == "csv" else (to_json(data), "application/json")
        )
        return Response(
            body,
            mimetype=mimetype,
            headers={"Content-Disposition": f'attachment; filename="map-{key}.{fmt}"'},
        )

    def add_node(key: str):
        owner = resolve(key)
        return attempt(
            lambda: actions.add_node(me(), owner, username=form("username"), **_node_values()),
            map_url(owner),
            _("The actor was added."),
        )

    def add_edge(key: str):
        owner = resolve(key)
        return attempt(
            lambda: actions.add_edge(
                me(),
                owner,
                source_id=form("source_id"),
                target_id=form("target_id"),
                **_edge_values(),
            ),
            map_url(owner),
            _("The relation was added."),
        )

    def import_file(key: str):
        owner = resolve(key)
        require_signed_in()
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            abort(400)
        try:
            elements, connections = read_rows(upload.read(MAX_BYTES + 1), upload.filename)
            plan = actions.import_map(
                me(), owner, elements, connections, good_rows_only=form("good_rows_only") == "1"
            )
        except ActionError as error:
            return problem(error, map_url(owner))
        return render_template("learning_communities/imported.html", plan=plan, back=map_url(owner))

    def snapshot(key: str):
        owner = resolve(key)
        return attempt(
            lambda: actions.publish_snapshot(me(), owner), map_url(owner), _("Published.")
        )

    def comparison(key: str):
        owner = resolve(key)
        eco_map = find_map(owner)
        chosen = []
        for name in ("a", "b"):
            snap = db.session.get(Snapshot, parse_id(request.args.get(name)) or 0)
            if snap is None or eco_map is None or snap.map_id != eco_map.id:
                abort(404)
            chosen.append(snap)
        old, new = sorted(chosen, key=lambda s: s.published_at)
        return render_template(
            "learning_communities/compare.html",
            owner_name=owner_name(owner),
            old=old,
            new=new,
            changes=compare(old.data, new.data),
            back=map_url(owner),
        )

    bp.add_url_rule("/<key>/map", "map", page)
    bp.add_url_rule("/<key>/map/data.json", "map_data", data_json)
    bp.add_url_rule("/<key>/map/export.<any(csv, json):fmt>", "map_export", export)
    bp.add_url_rule("/<key>/map/nodes", "map_add_node", add_node, methods=["POST"])
    bp.add_url_rule("/<key>/map/edges", "map_add_edge", add_edge, methods=["POST"])
    bp.add_url_rule("/<key>/map/import", "map_import", import_file, methods=["POST"])
    bp.add_url_rule("/<key>/map/snapshots", "map_snapshot", snapshot, methods=["POST"])
    bp.add_url_rule("/<key>/map/compare", "map_compare", comparison)


def _unsaved_map(owner: Owner) -> EcoMap:
    """A map not yet saved, to ask whether the person could start it."""
    if isinstance(owner, Region):
        return EcoMap(region_id=owner.id)
    return EcoMap(community_id=owner.id)


def region_owner(key: str) -> Region:
    return access_region(key)


def community_owner(key: str) -> Community:
    return access_community(current_user, key)


@bp.post("/nodes/<int:node_id>")
def node(node_id: int):
    """Edit, delete or claim an actor; or propose a relation from one's own actor."""
    found = access_node(current_user, node_id)
    back = map_url(owner_of(found.map))
    what = form("do")
    if what == "delete":
        return attempt(lambda: actions.delete_node(me(), found), back, _("Deleted."))
    if what == "claim":
        return attempt(lambda: actions.claim_node(me(), found), back, _("The actor is yours."))
    if what == "propose":
        return attempt(
            lambda: actions.propose_edge(
                me(), found, target_id=form("target_id"), **_edge_values()
            ),
            back,
            _("The relation was proposed; it shows once confirmed."),
        )
    return attempt(
        lambda: actions.edit_node(me(), found, username=form("username"), **_node_values()),
        back,
        _("Saved."),
    )


@bp.post("/edges/<int:edge_id>")
def edge(edge_id: int):
    """Confirm, decline or delete a relation."""
    found = access_edge(current_user, edge_id)
    back = map_url(owner_of(found.map))
    what = form("do")
    if what == "delete":
        return attempt(lambda: actions.delete_edge(me(), found), back, _("Deleted."))
    return attempt(
        lambda: actions.decide_edge(me(), found, confirm=what == "confirm"), back, _("Saved.")
    )
