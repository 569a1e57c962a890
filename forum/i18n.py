"""Interface language: the person's setting, then the browser's, then Finnish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from forum.extensions import babel

SESSION_KEY = "locale"
# Each language named in itself, as a language switch should show it.
LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # CLI commands and background work speak the default language.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    return visitor_locale()


def visitor_locale() -> str:
    """The language chosen on the language switch, else the browser's, else the default."""
    languages = current_app.config["LANGUAGES"]
    if session.get(SESSION_KEY) in languages:
        return session[SESSION_KEY]
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def site_name() -> str:
    names = current_app.config["SITE_NAME"]
    return names.get(current_language()) or names[current_app.config["BABEL_DEFAULT_LOCALE"]]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        current_language=current_language, site_name=site_name, language_names=LANGUAGE_NAMES
    )
    app.context_processor(bound_gettext)
    app.after_request(_vary_on_language)


def bound_gettext() -> dict[str, Callable[..., str]]:
    """``_``, ``gettext`` and ``ngettext`` bound to this render's translations.

    Flask-Babel's template callables look the translations up again on every call (a topic
    page makes about sixty). These behave as Jinja's new-style ones: the text is always a
    format string, and is marked safe where the template autoescapes.
    """
    translations = get_translations()

    @pass_context
    def gettext(context: Context, string: str, /, **variables: Any) -> str:
        text = translations.ugettext(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - our catalogues' text, as Jinja's own gettext
        return text % variables

    @pass_context
    def ngettext(
        context: Context, singular: str, plural: str, num: int, /, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - as above
        return text % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def _vary_on_language(response):
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response
