"""Administration: spaces with their permissions, and groups with their members."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions.errors import ActionError, ValidationError
from forum.actions.groups import add_member, create_group, remove_member
from forum.actions.spaces import create_space, set_grants, update_space
from forum.forms import ConfirmForm, GroupForm, MemberForm, SpaceForm
from forum.http_input import parse_id, parse_int
from forum.models.space import Space
from forum.permissions import is_admin, known_space_verbs
from forum.queries.admin import all_groups, all_spaces, grants_of, group_by_name, space_by_id
from forum.queries.users import user_by_username
from forum.views.helpers import attach_error

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def administrators_only() -> None:
    if not is_admin(current_user):
        abort(403 if current_user.is_authenticated else 404)


@bp.get("/")
def index():
    return redirect(url_for("admin.spaces"))


@bp.get("/spaces")
def spaces() -> str:
    return render_template("admin/spaces.html", spaces=all_spaces())


def _space_values(form: SpaceForm) -> dict:
    position = parse_int((form.position.data or "0").strip())
    if position is None:
        raise ValidationError(_("A position is a whole number."), field="position")
    parent = None
    if form.parent.data:
        parent = space_by_id(number) if (number := parse_id(form.parent.data)) else None
        if parent is None:
            raise ValidationError(_("No such space."), field="parent")
    values = {
        "name": form.name.data or "",
        "slug": form.slug.data or "",
        "description": form.description.data or "",
        "colour": (form.colour.data or "").strip(),
        "position": position,
        "parent": parent,
    }
    # Unticked boxes send nothing: the kinds are read only from a form that showed them.
    if request.form.get("kinds_shown"):
        values.update(
            allows_discussion=bool(form.allows_discussion.data),
            allows_news=bool(form.allows_news.data),
            allows_events=bool(form.allows_events.data),
        )
    return values


def _grants_from_form(groups: list) -> dict[str, list[str]]:
    return {
        group.name: [
            verb for verb in known_space_verbs() if request.form.get(f"grant-{group.name}-{verb}")
        ]
        for group in groups
    }


def _space_page(form: SpaceForm, space: Space | None, grants: dict, status: int = 200):
    return (
        render_template(
            "admin/space.html",
            form=form,
            space=space,
            groups=all_groups(),
            grants=grants,
            verbs=known_space_verbs(),
            parents=[s for s in all_spaces() if s.parent_id is None and s is not space],
        ),
        status,
    )


@bp.route("/spaces/new", methods=["GET", "POST"])
def new_space():
    form = SpaceForm()
    groups = all_groups()
    if request.method == "GET":
        return _space_page(
            form, None, {"everyone": {"see", "read"}, "registered": {"create_topic", "reply"}}
        )
    grants = _grants_from_form(groups)
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    try:
        space = create_space(current_user, grants=grants, **_space_values(form))
    except ActionError as error:
        attach_error(form, error)
        return _space_page(form, None, {k: set(v) for k, v in grants.items()}, error.status)
    return redirect(url_for("admin.edit_space", space_id=space.id, saved=1), code=303)


@bp.route("/spaces/<int:space_id>", methods=["GET", "POST"])
def edit_space(space_id: int):
    space = space_by_id(space_id) or abort(404)
    form = SpaceForm(obj=space) if request.method == "GET" else SpaceForm()
    if request.method == "GET":
        form.parent.data = str(space.parent_id or "")
        form.position.data = str(space.position)
        return _space_page(form, space, grants_of(space))
    grants = _grants_from_form(all_groups())
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    try:
        update_space(current_user, space, **_space_values(form))
        set_grants(current_user, space, grants)
    except ActionError as error:
        attach_error(form, error)
        return _space_page(form, space, {k: set(v) for k, v in grants.items()}, error.status)
    return redirect(url_for("admin.edit_space", space_id=space.id, saved=1), code=303)


@bp.route("/groups", methods=["GET", "POST"])
def groups():
    form = GroupForm()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("errors/400.html"), 400
        try:
            group = create_group(
                current_user, name=form.name.data or "", title=form.title.data or ""
            )
            return redirect(url_for("admin.group", name=group.name), code=303)
        except ActionError as error:
            attach_error(form, error)
            status = error.status
    return render_template("admin/groups.html", form=form, groups=all_groups()), status


@bp.route("/groups/<name>", methods=["GET", "POST"])
def group(name: str):
    found = group_by_name(name) or abort(404)
    form = MemberForm()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("errors/400.html"), 400
        try:
            user = user_by_username(form.username.data or "")
            if user is None:
                raise ValidationError(
                    _("No user is called %(name)s.", name=form.username.data), field="username"
                )
            add_member(current_user, found, user)
            return redirect(url_for("admin.group", name=found.name), code=303)
        except ActionError as error:
            attach_error(form, error)
            status = error.status
    return render_template("admin/group.html", group=found, form=form), status


@bp.post("/groups/<name>/remove/<username>")
def remove(name: str, username: str):
    found = group_by_name(name) or abort(404)
    user = user_by_username(username) or abort(404)
    if ConfirmForm().validate_on_submit():
        remove_member(current_user, found, user)
    return redirect(url_for("admin.group", name=found.name), code=303)
