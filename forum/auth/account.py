"""The person's own account: registration after the first sign-in, and the terms."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from forum.actions.accounts import PLACEHOLDER_PREFIX, accept_terms, register, terms_version
from forum.actions.errors import ActionError
from forum.auth.forms import RegistrationForm, TermsForm
from forum.extensions import db
from forum.http_input import safe_next
from forum.i18n import current_language
from forum.models import Profile, Region, RoleRequest
from forum.models.role import FUNDER, PENDING, WEAVER

bp = Blueprint("account", __name__, url_prefix="/account")


def _region_choices() -> list[SelectChoice]:
    language = current_language()
    regions = db.session.scalars(select(Region).where(Region.current).order_by(Region.code))
    return [SelectChoice(str(region.id), region.name(language)) for region in regions]


def _prefill(form: RegistrationForm, profile: Profile | None) -> None:
    user = current_user
    form.display_name.data = user.display_name
    if not user.username.startswith(PLACEHOLDER_PREFIX):
        form.username.data = user.username
    form.email.data = user.email or ""
    form.locale.data = user.locale or current_language()
    if profile is not None:
        form.organisation.data = profile.organisation
        form.sector.data = profile.sector or ""
        form.regions.data = [region.id for region in profile.regions]
        form.developer.data = profile.is_developer
        form.decision_maker.data = profile.is_decision_maker
        form.show_verified_name.data = profile.show_verified_name
    pending = set(
        db.session.scalars(
            select(RoleRequest.role).where(
                RoleRequest.user_id == user.id, RoleRequest.status == PENDING
            )
        )
    )
    form.request_funder.data = FUNDER in pending
    form.request_weaver.data = WEAVER in pending


@bp.route("/register", methods=["GET", "POST"], endpoint="register")
@login_required
def register_page():
    form = RegistrationForm()
    form.regions.choices = _region_choices()
    profile = db.session.get(Profile, current_user.id)
    errors: dict[str, str] = {}
    if request.method == "GET":
        _prefill(form, profile)
        form.next.data = safe_next(request.args.get("next"))
    elif not form.validate_on_submit():
        errors["form"] = _(
            "The form could not be read. Please check your choices and send it again."
        )
    else:
        roles = [
            r for r, f in ((FUNDER, form.request_funder), (WEAVER, form.request_weaver)) if f.data
        ]
        try:
            register(
                current_user._get_current_object(),
                display_name=form.display_name.data or "",
                username=form.username.data or "",
                email=form.email.data or "",
                organisation=form.organisation.data or "",
                sector=form.sector.data or "",
                region_ids=form.regions.data or [],
                developer=form.developer.data,
                decision_maker=form.decision_maker.data,
                requested_roles=roles,
                locale=form.locale.data,
                show_verified_name=form.show_verified_name.data,
                accepted_terms=terms_version() if form.accept_terms.data else None,
            )
        except ActionError as error:
            errors[error.field or "form"] = error.message
        else:
            return redirect(safe_next(form.next.data), code=303)
    status = 400 if errors else 200
    return render_template(
        "account/register.html",
        form=form,
        errors=errors,
        profile=profile,
        terms_version=terms_version(),
    ), status


@bp.route("/terms", methods=["GET", "POST"])
@login_required
def terms():
    form = TermsForm()
    error = None
    if request.method == "POST":
        if not form.validate_on_submit() or not form.accept_terms.data:
            error = _("Read and accept the terms of use and the privacy notice to continue.")
        else:
            try:
                accept_terms(current_user._get_current_object(), terms_version())
            except ActionError as failure:
                error = failure.message
            else:
                return redirect(safe_next(form.next.data), code=303)
    else:
        form.next.data = safe_next(request.args.get("next"))
    return render_template(
        "account/terms.html", form=form, error=error, terms_version=terms_version()
    ), 400 if error else 200


@bp.get("/terms/text")
def terms_text():
    return render_template("account/terms_text.html", terms_version=terms_version())
