"""Site-wide pages: the accent stylesheet, the accessibility statement, the component gallery."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from forum import accessibility, theme
from forum.i18n import current_language

bp = Blueprint("site", __name__)
YEAR = 365 * 24 * 3600


def current_theme() -> theme.Theme:
    return theme.build(current_app.config["ACCENT_COLOUR"])


@bp.get("/theme.css")
def theme_css() -> Response:
    """The accent colour; cached for a year when asked for by its versioned URL."""
    built = current_theme()
    response = Response(built.css, mimetype="text/css")
    response.set_etag(built.version)
    if request.args.get("v") == built.version:
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    response.vary.clear()
    return response.make_conditional(request)


@bp.get("/accessibility")
def accessibility_statement() -> str:
    config = current_app.config
    text = accessibility.statement(
        config["ACCESSIBILITY"], current_language(), config["BABEL_DEFAULT_LOCALE"]
    )
    return render_template("pages/accessibility.html", statement=text)


class SampleForm(FlaskForm):
    """A form shown with its errors in the component gallery."""

    class Meta:
        csrf = False

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter your name.")), Length(max=80)]
    )
    email = EmailField(
        _l("E-mail address"),
        description=_l("We use it only for notifications."),
        validators=[DataRequired(_l("Enter your e-mail address."))],
    )
    region = SelectField(
        _l("Region"), choices=[("", "—"), ("19", "Kainuu"), ("04", "Satakunta")], default=""
    )
    message = TextAreaField(_l("Message"), validators=[DataRequired(_l("Write a message."))])
    agree = BooleanField(
        _l("I accept the forum's rules"),
        validators=[DataRequired(_l("Accept the rules to continue."))],
    )


@bp.get("/components")
def components() -> str:
    """Every shared component on one page, so the browser tests check them all with axe."""
    if not current_app.config["COMPONENT_GALLERY"]:
        abort(404)
    form = SampleForm(formdata=None, data={"name": "Aino Kehittäjä"})
    form.validate()
    return render_template("pages/components.html", form=form)


def theme_url() -> str:
    return url_for("site.theme_css", v=current_theme().version)


def init_app(app: Flask) -> None:
    theme.build(app.config["ACCENT_COLOUR"])
    accessibility.check(app.config["ACCESSIBILITY"])
    app.register_blueprint(bp)
    app.jinja_env.globals["theme_url"] = theme_url
