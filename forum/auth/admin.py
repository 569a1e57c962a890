"""Administration of roles: requests to decide, and one person's roles to grant or revoke."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from forum.actions.errors import ActionError
from forum.actions.organisations import organisation_by_name
from forum.actions.roles import decide_role_request, grant_role, revoke_role
from forum.extensions import db
from forum.forms import ConfirmForm
from forum.http_input import parse_id
from forum.i18n import current_language
from forum.models import (
    Group,
    GroupMembership,
    Organisation,
    Profile,
    Region,
    RoleGrant,
    RoleRequest,
    User,
)
from forum.models.group import ADMINISTRATORS, MODERATORS
from forum.models.role import GRANTABLE_ROLES, PENDING
from forum.permissions import is_admin

bp = Blueprint("roles_admin", __name__, url_prefix="/account/admin")


@bp.before_request
@login_required
def _administrators_only():
    if not is_admin(current_user):
        abort(403)
    return


def _person(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _organisation(value: str | None) -> Organisation | None:
    """The organisation an administrator named in a form, by name or address."""
    value = (value or "").strip()
    if not value:
        return None
    return organisation_by_name(value) or db.session.scalar(
        select(Organisation).where(Organisation.slug == value)
    )


def _unknown_organisation() -> None:
    flash(_("There is no organisation of that name."), "error")


@bp.get("/roles")
def requests_page():
    pending = db.session.scalars(
        select(RoleRequest).where(RoleRequest.status == PENDING).order_by(RoleRequest.created_at)
    )
    rows = [(r, db.session.get(Profile, r.user_id)) for r in pending]
    return render_template(
        "account/admin_requests.html", rows=rows, form=ConfirmForm(), language=current_language()
    )


@bp.post("/requests/<int:request_id>")
def decide(request_id: int):
    role_request = db.session.get(RoleRequest, request_id)
    if role_request is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    approve = request.form.get("decision") == "approve"
    organisation = _organisation(request.form.get("organisation"))
    if request.form.get("organisation") and organisation is None:
        _unknown_organisation()
        return redirect(url_for("roles_admin.requests_page"), code=303)
    try:
        decide_role_request(
            current_user._get_current_object(),
            role_request,
            approve=approve,
            message=request.form.get("message", ""),
            organisation=organisation,
        )
    except ActionError as error:
        flash(error.message, "error")
        return redirect(url_for("roles_admin.requests_page"), code=303)
    flash(_("Approved.") if approve else _("Declined."), "success")
    return redirect(url_for("roles_admin.requests_page"), code=303)


@bp.get("/people/<int:user_id>")
def person(user_id: int):
    user = _person(user_id)
    groups = set(
        db.session.scalars(
            select(Group.name)
            .join(GroupMembership, GroupMembership.group_id == Group.id)
            .where(GroupMembership.user_id == user.id)
        )
    )
    return render_template(
        "account/admin_person.html",
        person=user,
        grants=list(db.session.scalars(select(RoleGrant).where(RoleGrant.user_id == user.id))),
        is_moderator=MODERATORS in groups,
        is_administrator=ADMINISTRATORS in groups,
        regions=list(
            db.session.scalars(select(Region).where(Region.current).order_by(Region.code))
        ),
        verified_organisations=list(
            db.session.scalars(
                select(Organisation).where(Organisation.verified).order_by(Organisation.name)
            )
        ),
        language=current_language(),
        form=ConfirmForm(),
    )


@bp.post("/people/<int:user_id>/<any(grant, revoke):change>")
def change_role(user_id: int, change: str):
    user = _person(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    role = request.form.get("role", "")
    if role not in GRANTABLE_ROLES:
        abort(400)
    region_id = request.form.get("region", "")
    region = db.session.get(Region, number) if (number := parse_id(region_id)) else None
    act = grant_role if change == "grant" else revoke_role
    organisation = _organisation(request.form.get("organisation"))
    if request.form.get("organisation") and organisation is None:
        _unknown_organisation()
        return redirect(url_for("roles_admin.person", user_id=user.id), code=303)
    try:
        act(
            current_user._get_current_object(),
            user,
            role,
            region=region,
            organisation=organisation,
        )
    except ActionError as error:
        flash(error.message, "error")
    else:
        flash(_("Roles updated."), "success")
    return redirect(url_for("roles_admin.person", user_id=user.id), code=303)
