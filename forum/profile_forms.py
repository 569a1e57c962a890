"""Forms of the profile settings and the organisation administration. The actions validate the
values; these carry them and CSRF."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from forum.auth.forms import CheckboxesField, sector_choices
from forum.models.profile import HIDDEN, PROFILE_FIELDS, PUBLIC, REGISTERED_ONLY


def field_labels() -> dict[str, str]:
    return {
        "organisations": _l("Organisations"),
        "sector": _l("Sector"),
        "regions": _l("Regions"),
        "roles": _l("Roles"),
        "themes": _l("Themes of interest"),
        "bio": _l("About me"),
        "links": _l("Links"),
        "activity": _l("Recent activity"),
    }


def visibility_choices() -> list[SelectChoice]:
    return [
        SelectChoice(PUBLIC, _l("Everyone")),
        SelectChoice(REGISTERED_ONLY, _l("Registered actors")),
        SelectChoice(HIDDEN, _l("Only me")),
    ]


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Display name"))
    show_verified_name = BooleanField(_l("Show my identified name beside my display name"))
    organisations = TextAreaField(
        _l("Organisations"),
        description=_l(
            "One organisation per line; after a vertical bar, your role there. "
            "Example: Kainuun hyvinvointialue | development manager"
        ),
    )
    show_memberships = BooleanField(_l("List me as a member on the organisations' pages"))
    sector = SelectField(_l("Sector"), choices=sector_choices, validate_choice=False)
    regions = CheckboxesField(_l("Regions"), coerce=int, choices=[], validate_choice=False)
    themes = CheckboxesField(
        _l("Themes of interest"), coerce=int, choices=[], validate_choice=False
    )
    developer = BooleanField(_l("I develop social innovations"))
    decision_maker = BooleanField(_l("I take part in decisions on adopting them"))
    bio = TextAreaField(
        _l("About me"), description=_l("Markdown: **bold**, _italic_, lists, links.")
    )
    links = TextAreaField(_l("Links"), description=_l("One web address per line, at most five."))


# One "who sees it" choice per field: ProfileForm.visibility_<field>.
for _name in PROFILE_FIELDS:
    setattr(
        ProfileForm,
        f"visibility_{_name}",
        SelectField(choices=visibility_choices, validate_choice=False),
    )


class AvatarForm(FlaskForm):
    avatar = FileField(_l("Picture"), description=_l("JPEG, PNG, GIF or WebP, at most 5 MB."))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"))
    region = SelectField(_l("Region"), choices=[], validate_choice=False)
    sector = SelectField(_l("Sector"), choices=sector_choices, validate_choice=False)
    website = StringField(_l("Website"))
    description = TextAreaField(_l("Description"))


class ThemeForm(FlaskForm):
    name = StringField(_l("Theme"))
