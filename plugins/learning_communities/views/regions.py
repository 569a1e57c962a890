"""Regional pages: /regions/ and /regions/<code>."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from forum.permissions import is_admin
from plugins.learning_communities.access import access_region
from plugins.learning_communities.maps.queries import find_map
from plugins.learning_communities.queries import centres_by_region, current_regions, region_page
from plugins.learning_communities.rules import visible_communities, weaver_region_codes
from plugins.learning_communities.views.maps import map_routes, region_owner

bp = Blueprint("lc_regions", __name__, url_prefix="/regions")

map_routes(bp, region_owner)


@bp.get("/")
def index():
    communities = visible_communities(current_user)
    counts: dict[int, int] = {}
    for community in communities:
        for region in community.regions:
            counts[region.id] = counts.get(region.id, 0) + 1
    return render_template(
        "learning_communities/regions.html",
        regions=current_regions(),
        centres=centres_by_region(),
        counts=counts,
        national=[c for c in communities if not c.regions],
    )


@bp.get("/<code>")
def show(code: str):
    region = access_region(code)
    data = region_page(current_user, region)
    eco_map = find_map(region)
    return render_template(
        "learning_communities/region.html",
        nodes=len(eco_map.nodes) if eco_map else 0,
        may_found=is_admin(current_user) or region.code in weaver_region_codes(current_user),
        **data,
    )
