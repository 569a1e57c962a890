"""Forms of the account pages. The actions validate the values; these carry them and CSRF."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from forum.i18n import LANGUAGE_NAMES


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def sector_choices() -> list[SelectChoice]:
    return [
        SelectChoice("", _l("Not given")),
        SelectChoice("public", _l("Public sector")),
        SelectChoice("private", _l("Private sector")),
        SelectChoice("third_sector", _l("Third sector (associations, foundations)")),
        SelectChoice("research", _l("Research and education")),
        SelectChoice("citizen", _l("Citizen")),
    ]


def language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


class RegistrationForm(FlaskForm):
    display_name = StringField(_l("Display name"))
    username = StringField(_l("Username"))
    email = StringField(_l("E-mail address"))
    organisation = StringField(_l("Organisation"))
    # The actions check the choices (with a message per field); the form only carries them.
    sector = SelectField(_l("Sector"), choices=sector_choices, validate_choice=False)
    regions = CheckboxesField(_l("Regions"), coerce=int, choices=[], validate_choice=False)
    developer = BooleanField(_l("I develop social innovations"))
    decision_maker = BooleanField(_l("I take part in decisions on adopting them"))
    request_funder = BooleanField(_l("Funder (an administrator confirms it)"))
    request_weaver = BooleanField(_l("Weaver (an administrator confirms it)"))
    locale = SelectField(_l("Language"), choices=language_choices, validate_choice=False)
    show_verified_name = BooleanField(_l("Show my identified name beside my display name"))
    accept_terms = BooleanField(_l("I accept the terms of use and the privacy notice"))
    next = HiddenField()


class TermsForm(FlaskForm):
    accept_terms = BooleanField(_l("I accept the terms of use and the privacy notice"))
    next = HiddenField()


class ErasureForm(FlaskForm):
    content = SelectField(
        _l("What you wrote"),
        choices=lambda: [
            SelectChoice("anonymise", _l("Keep it, under an anonymous author")),
            SelectChoice("delete", _l("Delete it, where the space's rules allow")),
        ],
    )
    confirm = BooleanField(_l("I understand that erasing my account cannot be undone"))
