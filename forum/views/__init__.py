"""Blueprints of the core pages."""

from flask import Flask

from forum.permissions import can, is_admin
from forum.plugins_core import views as admin_plugins
from forum.plugins_core.calls import run_hook
from forum.views import admin, errors, lists, main, posts, search, settings, site, spaces, topics
from forum.views.helpers import author, is_present, timetag, topic_url


def init_app(app: Flask) -> None:
    app.register_blueprint(main.bp)
    app.register_blueprint(spaces.bp)
    app.register_blueprint(lists.bp)
    app.register_blueprint(topics.bp)
    app.register_blueprint(posts.bp)
    app.register_blueprint(settings.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_plugins.bp)
    app.register_blueprint(search.bp)
    site.init_app(app)
    errors.init_app(app)
    app.jinja_env.globals.update(can=can, is_admin=is_admin, topic_url=topic_url, run_hook=run_hook)
    app.jinja_env.filters.update(timetag=timetag, author=author, is_present=is_present)
