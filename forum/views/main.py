"""The home page and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session
from flask_login import current_user

from forum.actions.errors import ActionError
from forum.actions.users import set_locale
from forum.forms import LanguageForm
from forum.http_input import safe_next
from forum.i18n import SESSION_KEY
from forum.queries.news import latest_news
from forum.queries.spaces import visible_space_tree

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    return render_template(
        "home.html", tree=visible_space_tree(current_user), news=latest_news(current_user, 3)
    )


@bp.post("/language")
def language():
    form = LanguageForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    locale = form.locale.data
    session[SESSION_KEY] = locale
    if current_user.is_authenticated:
        try:
            set_locale(current_user, locale, current_app.config["LANGUAGES"])
        except ActionError as error:
            return render_template("errors/400.html", message=error.message), 400
    return redirect(safe_next(form.next.data or request.referrer), code=303)
