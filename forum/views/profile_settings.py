"""The person's own profile settings: fields, who sees each, organisations and avatar."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from forum import avatars
from forum.actions.errors import ActionError
from forum.actions.profiles import remove_avatar, set_avatar, update_profile
from forum.forms import ConfirmForm
from forum.i18n import current_language
from forum.models.profile import DEFAULT_VISIBILITY, PROFILE_FIELDS
from forum.plugin_api import ProfileField
from forum.plugins_core.calls import profile_fields
from forum.profile_forms import AvatarForm, ProfileForm, field_labels, visibility_choices
from forum.queries.directory import theme_choices
from forum.queries.plugin_profiles import own_plugin_values
from forum.queries.profiles import own_profile
from forum.queries.regions import regions_by_id
from forum.views.helpers import attach_error

bp = Blueprint("profile_settings", __name__, url_prefix="/settings")


def _choices(form: ProfileForm) -> None:
    language = current_language()
    form.regions.choices = [SelectChoice(str(r.id), r.name(language)) for r in regions_by_id()]
    form.themes.choices = [SelectChoice(str(i), name) for i, name in theme_choices()]


def _prefill(form: ProfileForm) -> None:
    user = current_user
    profile = own_profile(user)
    form.display_name.data = user.display_name
    form.show_verified_name.data = profile.show_verified_name
    form.organisations.data = "\n".join(
        f"{m.organisation.name} | {m.title}" if m.title else m.organisation.name
        for m in profile.memberships
    )
    form.show_memberships.data = all(m.shown for m in profile.memberships)
    form.sector.data = profile.sector or ""
    form.regions.data = [r.id for r in profile.regions]
    form.themes.data = [t.id for t in profile.themes]
    form.developer.data = profile.is_developer
    form.decision_maker.data = profile.is_decision_maker
    form.bio.data = profile.bio_raw
    form.links.data = "\n".join(profile.links or [])
    for name, level in profile.visibility().items():
        getattr(form, f"visibility_{name}").data = level


def _organisations(text: str) -> list[tuple[str, str]]:
    entries = []
    for line in text.splitlines():
        name, _sep, title = line.partition("|")
        if name.strip():
            entries.append((name.strip(), title.strip()))
    return entries


def _plugin_entries() -> dict[str, tuple[str, str | None]]:
    """The sent values of plugin profile fields (``field.<plugin>.<name>``), with their
    ``level.<plugin>.<name>``; the action refuses names no enabled plugin declares."""
    return {
        key.removeprefix("field."): (value, request.form.get(f"level.{key[6:]}"))
        for key, value in request.form.items()
        if key.startswith("field.")
    }


def _plugin_fields() -> list[tuple[str, ProfileField, str, str]]:
    """(key, field, value, level) for each enabled plugin's field: as sent, else as stored."""
    stored = own_plugin_values(current_user)
    rows = []
    for plugin, item in profile_fields():
        key = f"{plugin}.{item.name}"
        fact = stored.get(key)
        value, level = (fact.value, fact.level) if fact else ("", DEFAULT_VISIBILITY)
        rows.append(
            (
                key,
                item,
                request.form.get(f"field.{key}", value),
                request.form.get(f"level.{key}", level),
            )
        )
    return rows


def _page(
    form: ProfileForm, avatar_form: AvatarForm, status: int, error: ActionError | None = None
) -> tuple[str, int]:
    return render_template(
        "people/settings.html",
        form=form,
        avatar_form=avatar_form,
        remove_form=ConfirmForm(),
        labels=field_labels(),
        fields=PROFILE_FIELDS,
        profile=own_profile(current_user),
        plugin_fields=_plugin_fields(),
        plugin_error=error,
        visibility_choices=visibility_choices(),
    ), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm()
    _choices(form)
    status = 200
    if request.method == "GET":
        _prefill(form)
    elif not form.validate_on_submit():
        form.form_errors.append(_("The form could not be read. Please send it again."))
        status = 400
    else:
        try:
            update_profile(
                current_user._get_current_object(),
                display_name=form.display_name.data or "",
                show_verified_name=form.show_verified_name.data,
                organisations=_organisations(form.organisations.data or ""),
                show_memberships=form.show_memberships.data,
                sector=form.sector.data or "",
                region_ids=form.regions.data or [],
                theme_ids=form.themes.data or [],
                developer=form.developer.data,
                decision_maker=form.decision_maker.data,
                bio=form.bio.data or "",
                links=(form.links.data or "").splitlines(),
                visibility={
                    name: getattr(form, f"visibility_{name}").data
                    for name in PROFILE_FIELDS
                    if getattr(form, f"visibility_{name}").data
                },
                plugin_values=_plugin_entries(),
            )
        except ActionError as error:
            attach_error(form, error)
            return _page(form, AvatarForm(), 400, error)
        else:
            flash(_("Your profile was saved."), "success")
            return redirect(url_for("profile_settings.profile"), code=303)
    return _page(form, AvatarForm(), status)


@bp.post("/avatar")
@login_required
def avatar():
    form = AvatarForm()
    upload = request.files.get("avatar")
    error = None
    if not form.validate_on_submit():
        error = _("The form could not be read. Please send it again.")
    elif upload is None or not upload.filename:
        error = _("Choose a picture to upload.")
    elif (request.content_length or 0) > avatars.max_bytes() + 64 * 1024:
        error = avatars.too_large_message()
    else:
        try:
            set_avatar(current_user._get_current_object(), upload.read(avatars.max_bytes() + 1))
        except ActionError as failure:
            error = failure.message
    if error:
        form.avatar.errors = [error]
        profile_form = ProfileForm(formdata=None)
        _choices(profile_form)
        _prefill(profile_form)
        return _page(profile_form, form, 400)
    flash(_("Your picture was saved."), "success")
    return redirect(url_for("profile_settings.profile"), code=303)


@bp.post("/avatar/remove")
@login_required
def avatar_remove():
    if ConfirmForm().validate_on_submit():
        remove_avatar(current_user._get_current_object())
        flash(_("Your picture was removed."), "success")
    return redirect(url_for("profile_settings.profile"), code=303)
