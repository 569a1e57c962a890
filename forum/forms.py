"""Forms shared by the core pages. Flask-WTF adds the CSRF token to each."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, InputRequired

from forum.i18n import LANGUAGE_NAMES


class LanguageForm(FlaskForm):
    locale = StringField(validators=[InputRequired(), AnyOf(list(LANGUAGE_NAMES))])
    next = HiddenField()


class PostForm(FlaskForm):
    """A form with nothing but its CSRF token: buttons that change state (sign out, ...)."""
