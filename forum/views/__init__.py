"""Blueprints of the core pages."""

from flask import Flask

from forum.views import errors, main, site, spaces


def init_app(app: Flask) -> None:
    app.register_blueprint(main.bp)
    app.register_blueprint(spaces.bp)
    site.init_app(app)
    errors.init_app(app)
