"""Learning communities: /communities/, /communities/<slug> and what members and facilitators
do there."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from forum.access import access_topic
from forum.actions.errors import ActionError
from forum.extensions import db
from forum.http_input import parse_id
from forum.models import Region, Topic
from forum.permissions import is_admin
from forum.views.helpers import require_signed_in
from plugins.learning_communities.access import access_community, find_user
from plugins.learning_communities.communities import actions
from plugins.learning_communities.gatherings.actions import record_summary, tag_gathering
from plugins.learning_communities.models import INVITED, REQUESTED, Gathering
from plugins.learning_communities.queries import current_regions, joined_members, pending
from plugins.learning_communities.rules import (
    can_manage,
    is_member,
    membership,
    visible_communities,
    weaver_region_codes,
)
from plugins.learning_communities.views.common import attempt, form, form_list, me, problem
from plugins.learning_communities.views.maps import community_owner, map_routes

bp = Blueprint("lc_communities", __name__, url_prefix="/communities")

map_routes(bp, community_owner)


@bp.get("/")
def index():
    return render_template(
        "learning_communities/communities.html",
        communities=visible_communities(current_user),
        may_found=is_admin(current_user) or bool(weaver_region_codes(current_user)),
    )


@bp.get("/new")
def new():
    codes = weaver_region_codes(current_user)
    regions = [r for r in current_regions() if is_admin(current_user) or r.code in codes]
    if not regions:
        return render_template("errors/403.html"), 403
    return render_template(
        "learning_communities/new_community.html",
        regions=regions,
        chosen=request.args.get("region", ""),
    )


@bp.post("/")
def create():
    codes = form_list("regions")
    regions = list(db.session.scalars(select(Region).where(Region.code.in_(codes))))
    require_signed_in()
    try:
        community = actions.create_community(
            me(),
            name=form("name"),
            description=form("description"),
            themes=form_list("themes"),
            regions=regions,
            policy=form("policy", "open"),
            visibility=form("visibility", "public"),
        )
    except ActionError as error:
        return problem(error, url_for("lc_communities.new"))
    flash(_("The community was founded."), "success")
    return redirect(url_for("lc_communities.show", slug=community.slug), code=303)


def _gathering_topics(community) -> list[tuple[Topic, Gathering | None]]:
    topics = db.session.scalars(
        select(Topic)
        .where(Topic.space_id == community.space_id, Topic.deleted_at.is_(None))
        .order_by(Topic.created_at.desc())
        .limit(50)
    )
    return [(t, db.session.get(Gathering, t.id)) for t in topics]


def _events(community) -> list[Topic]:
    """Core event topics in the community's space: its gatherings people register for."""
    return list(
        db.session.scalars(
            select(Topic).where(
                Topic.space_id == community.space_id,
                Topic.deleted_at.is_(None),
                Topic.kind == "event",
            )
        )
    )


@bp.get("/<slug>")
def show(slug: str):
    community = access_community(current_user, slug)
    member = is_member(community, current_user)
    manager = can_manage(current_user, community)
    topics = _gathering_topics(community)
    return render_template(
        "learning_communities/community.html",
        community=community,
        place=membership(community, current_user),
        member=member,
        manager=manager,
        members=joined_members(community),
        requests=pending(community, REQUESTED) if manager else [],
        invitations=pending(community, INVITED) if manager else [],
        topics=topics,
        gatherings=[(t, g) for t, g in topics if g is not None],
        events=_events(community),
    )


def _back(community) -> str:
    return url_for("lc_communities.show", slug=community.slug)


@bp.post("/<slug>/join")
def join(slug: str):
    community = access_community(current_user, slug)
    return attempt(lambda: actions.join(me(), community), _back(community), _("Done."))


@bp.post("/<slug>/leave")
def leave(slug: str):
    community = access_community(current_user, slug)
    back = url_for("lc_communities.index")
    return attempt(lambda: actions.leave(me(), community), back, _("You left the community."))


@bp.post("/<slug>/invite")
def invite(slug: str):
    community = access_community(current_user, slug)
    user = find_user(form("username"))
    return attempt(lambda: actions.invite(me(), community, user), _back(community), _("Invited."))


@bp.post("/<slug>/members/<username>")
def manage_member(slug: str, username: str):
    """Approve or decline a request, remove a member, or change a member's role."""
    community = access_community(current_user, slug)
    user = find_user(username)
    decision = form("decision")

    def do() -> None:
        if decision in ("approve", "decline"):
            actions.decide_request(me(), community, user, approve=decision == "approve")
        elif decision == "remove":
            actions.leave(me(), community, user)
        else:
            actions.set_role(me(), community, user, decision)

    return attempt(do, _back(community), _("Done."))


@bp.post("/<slug>/status")
def status(slug: str):
    community = access_community(current_user, slug)
    return attempt(
        lambda: actions.set_status(me(), community, form("status"), form("reason")),
        _back(community),
        _("Saved."),
    )


@bp.post("/<slug>/gatherings")
def gathering(slug: str):
    """Tag a topic of the community's space as a gathering."""
    community = access_community(current_user, slug)
    topic = access_topic(current_user, parse_id(request.form.get("topic_id")) or 0)
    return attempt(lambda: tag_gathering(me(), topic, form("kind")), _back(community), _("Saved."))


@bp.post("/<slug>/gatherings/<int:topic_id>/summary")
def summary(slug: str, topic_id: int):
    community = access_community(current_user, slug)
    topic = access_topic(current_user, topic_id)
    count = form("participants").strip()
    numbers = [v.lstrip("#") for v in form_list("produced")]
    produced = [int(n) if n.isdigit() else -1 for n in numbers]  # -1: "there is no topic"
    return attempt(
        lambda: record_summary(
            me(),
            topic,
            minutes=form("minutes"),
            participants=(int(count) if count.isdigit() else -1) if count else None,
            organisations=form_list("organisations"),
            produced_topic_ids=produced,
        ),
        _back(community),
        _("Saved."),
    )
