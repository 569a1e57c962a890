"""The forum application."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from forum import settings
from forum.http_input import IdConverter, TextConverter


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application. ``config`` overrides every other source of settings."""
    from forum import (
        api,
        auth,
        background,
        cli,
        database,
        i18n,
        page_cache,
        ratelimits,
        realtime,
        search,
        security,
        views,
    )
    from forum.extensions import csrf, db, migrate
    from forum.plugins_core import manager

    env = settings.environment(config)
    instance = settings.instance_path(config)
    app = Flask(
        __name__,
        instance_path=str(instance),
        template_folder=str(settings.ROOT / "templates"),
        static_folder=str(settings.ROOT / "static"),
    )
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = TextConverter
    settings.load(app.config, env, instance, config)
    instance.mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(settings.ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    manager.load(app)
    auth.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    views.init_app(app)
    page_cache.init_app(app)
    api.init_app(app)
    realtime.init_app(app)
    search.init_app(app)
    ratelimits.init_app(app)
    background.init_app(app)
    if app.config["PROXY_COUNT"]:
        hops = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    cli.init_app(app)
    manager.wire(app)
    return app
