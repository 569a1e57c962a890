"""Setup hooks (``forum_load_*``): called once while the application is built, for every
installed plugin, enabled or not, so that switching a plugin on needs no restart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forum.plugins_core.hookspecs import hookspec
from forum.plugins_core.hookspecs.items import Setting


@hookspec
def forum_load_blueprints(app: Any) -> list[Any]:
    """Blueprints to register. Routes of a disabled plugin answer 404.

    Example::

        @hookimpl
        def forum_load_blueprints(app):
            from plugins.example.views import bp
            return [bp]
    """


@hookspec
def forum_load_socketio_handlers(server: Any) -> None:
    """Register Socket.IO event handlers on ``server`` (a flask_socketio.SocketIO).

    Example::

        @hookimpl
        def forum_load_socketio_handlers(server):
            @server.on("example.ping")
            def ping(data):
                if plugin_enabled("example"):
                    return {"pong": True}
                return None
    """


@hookspec
def forum_load_room_authorisers() -> Mapping[str, Any]:
    """Room kinds a plugin owns: ``{kind: authorise(user, id) -> bool}``. Joins are refused
    while the plugin is disabled.

    Example::

        @hookimpl
        def forum_load_room_authorisers():
            return {"community": lambda user, ident: is_member(user, ident)}
    """


@hookspec
def forum_load_cli_commands() -> list[Any]:
    """Click commands added under ``flask forum``.

    Example::

        @hookimpl
        def forum_load_cli_commands():
            @click.command("example-hello")
            def hello():
                click.echo("hello")
            return [hello]
    """


@hookspec
def forum_load_jinja_filters() -> Mapping[str, Any]:
    """Jinja filters: ``{"shout": lambda text: text.upper()}``."""


@hookspec
def forum_load_jinja_globals() -> Mapping[str, Any]:
    """Jinja globals: ``{"example_motto": lambda: "Together"}``."""


@hookspec
def forum_load_migrations() -> str | None:
    """The directory of the plugin's own Alembic branch, applied by ``flask db upgrade``.

    Example::

        @hookimpl
        def forum_load_migrations():
            return str(Path(__file__).parent / "migrations")
    """


@hookspec
def forum_load_translations() -> str | None:
    """A directory of Babel catalogues (``<lang>/LC_MESSAGES/messages.mo``) merged into the
    forum's. In-repo plugins may instead keep their messages in the core catalogues.

    Example::

        @hookimpl
        def forum_load_translations():
            return str(Path(__file__).parent / "translations")
    """


@hookspec
def forum_load_settings_schema() -> Mapping[str, Setting]:
    """The plugin's settings, validated on every change and at start.

    Example::

        @hookimpl
        def forum_load_settings_schema():
            return {"greeting": Setting("str", "Hei", label="Greeting", max_length=80)}
    """


@hookspec
def forum_load_permission_verbs() -> list[str]:
    """Permission verbs the plugin introduces, usable in ``can(user, verb, space)``.

    Example: ``return ["facilitate"]``.
    """


@hookspec
def forum_load_demo_data() -> list[str]:
    """Add demo data through the plugin's actions (idempotent); return what was created.
    Called by ``flask forum seed-demo`` for enabled plugins.

    Example::

        @hookimpl
        def forum_load_demo_data():
            return ["3 notes"] if actions.seed_notes() else []
    """
