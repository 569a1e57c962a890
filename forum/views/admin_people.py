"""Administration of organisations (details, verification) and of the themes of interest."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from forum.access import access_organisation, access_theme
from forum.actions.errors import ActionError
from forum.actions.organisations import (
    create_theme,
    delete_theme,
    rename_theme,
    save_organisation,
    set_organisation_verified,
)
from forum.forms import ConfirmForm
from forum.i18n import current_language
from forum.models import Organisation
from forum.permissions import is_admin
from forum.profile_forms import OrganisationForm, ThemeForm
from forum.queries.directory import all_organisations, all_themes
from forum.queries.regions import current_regions, region_by_code
from forum.views.helpers import attach_error

bp = Blueprint("admin_people", __name__, url_prefix="/admin")


@bp.before_request
def administrators_only() -> None:
    if not is_admin(current_user):
        abort(403 if current_user.is_authenticated else 404)


def _organisation_form(organisation: Organisation | None) -> OrganisationForm:
    form = OrganisationForm(obj=organisation if request.method == "GET" else None)
    form.region.choices = [SelectChoice("", _("Not given"))] + [
        SelectChoice(code, name) for code, name in current_regions(current_language())
    ]
    if request.method == "GET" and organisation is not None:
        form.region.data = organisation.region.code if organisation.region else ""
        form.sector.data = organisation.sector or ""
    return form


def _save(form: OrganisationForm, organisation: Organisation | None) -> Organisation | None:
    if not form.validate_on_submit():
        form.form_errors.append(_("The form could not be read. Please send it again."))
        return None
    try:
        return save_organisation(
            current_user._get_current_object(),
            organisation,
            name=form.name.data or "",
            region=region_by_code(form.region.data or ""),
            sector=form.sector.data or "",
            website=form.website.data or "",
            description=form.description.data or "",
        )
    except ActionError as error:
        attach_error(form, error)
        return None


@bp.route("/organisations", methods=["GET", "POST"])
def organisations():
    form = _organisation_form(None)
    if request.method == "POST":
        saved = _save(form, None)
        if saved is not None:
            return redirect(url_for("admin_people.organisation", slug=saved.slug), code=303)
    return render_template(
        "admin/organisations.html", organisations=all_organisations(), form=form
    ), 400 if form.errors else 200


@bp.route("/organisations/<slug>", methods=["GET", "POST"])
def organisation(slug: str):
    item = access_organisation(slug)
    form = _organisation_form(item)
    if request.method == "POST":
        saved = _save(form, item)
        if saved is not None:
            flash(_("Saved."), "success")
            return redirect(url_for("admin_people.organisation", slug=saved.slug), code=303)
    return render_template(
        "admin/organisation.html", organisation=item, form=form, confirm=ConfirmForm()
    ), 400 if form.errors else 200


@bp.post("/organisations/<slug>/<any(verify, unverify):change>")
def verify(slug: str, change: str):
    item = access_organisation(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    set_organisation_verified(current_user._get_current_object(), item, change == "verify")
    flash(_("Verified.") if change == "verify" else _("Verification withdrawn."), "success")
    return redirect(url_for("admin_people.organisation", slug=item.slug), code=303)


@bp.route("/themes", methods=["GET", "POST"])
def themes():
    form = ThemeForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            form.form_errors.append(_("The form could not be read. Please send it again."))
        else:
            try:
                create_theme(current_user._get_current_object(), form.name.data or "")
            except ActionError as error:
                attach_error(form, error)
            else:
                flash(_("Theme added."), "success")
                return redirect(url_for("admin_people.themes"), code=303)
    return render_template(
        "admin/themes.html", themes=all_themes(), form=form, confirm=ConfirmForm()
    ), 400 if form.errors else 200


@bp.post("/themes/<int:theme_id>/<any(rename, delete):change>")
def change_theme(theme_id: int, change: str):
    theme = access_theme(theme_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if change == "rename":
            rename_theme(current_user._get_current_object(), theme, request.form.get("name", ""))
        else:
            delete_theme(current_user._get_current_object(), theme)
    except ActionError as error:
        flash(error.message, "error")
    else:
        flash(_("Theme renamed.") if change == "rename" else _("Theme removed."), "success")
    return redirect(url_for("admin_people.themes"), code=303)
