"""Finding, loading and wiring plugins into an application.

``load(app)`` runs early in create_app: it discovers the ``forum.plugins`` entry points,
registers each plugin module with pluggy and collects what must be known before anything else
is set up (settings schema, migrations, translations, Jinja filters, markup additions).
``wire(app)`` runs last: blueprints, the plugin's templates and static files, Socket.IO
handlers, rooms and CLI commands. A plugin that fails at any step is recorded as failed with the
reason, and the forum goes on without it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy
from flask import Blueprint, Flask, request

from forum import plugin_api
from forum.models.space import SPACE_VERBS
from forum.plugin_api import ENTRY_POINT_GROUP, Setting

log = logging.getLogger(__name__)
CORE = "core"
VERB_RE = re.compile(r"[a-z][a-z_]{0,19}")
EXTENSION_KEY = "forum_plugins"
UNSAFE_TAGS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "link",
        "meta",
        "base",
        "svg",
        "math",
        "frame",
        "frameset",
        "template",
        "textarea",
        "select",
    }
)
UNSAFE_ATTRIBUTES = frozenset(
    {
        "style",
        "href",
        "src",
        "srcset",
        "action",
        "formaction",
        "class",
        "id",
        "name",
        "xlink:href",
        "background",
        "poster",
        "data",
    }
)


@dataclass
class PluginInfo:
    """What the forum knows about one installed plugin."""

    name: str
    module_name: str
    distribution: str | None = None
    module: ModuleType | None = None
    error: str | None = None
    default_enabled: bool = True
    description: str = ""
    schema: dict[str, Setting] = field(default_factory=dict)
    migrations: str | None = None
    blueprints: list[str] = field(default_factory=list)

    @property
    def package_dir(self) -> Path | None:
        if self.module is None or not getattr(self.module, "__file__", None):
            return None
        return Path(self.module.__file__).parent

    @property
    def loaded(self) -> bool:
        return self.module is not None and self.error is None


@dataclass
class Plugins:
    """The plugins of one application (``app.extensions["forum_plugins"]``)."""

    pm: pluggy.PluginManager
    infos: dict[str, PluginInfo] = field(default_factory=dict)
    #: Last failure of a hook at run time in this process, per plugin.
    runtime_failures: dict[str, str] = field(default_factory=dict)
    room_authorisers: dict[str, tuple[str, Any]] = field(default_factory=dict)
    blueprint_owners: dict[str, str] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)
    markup: dict[str, tuple[frozenset[str], dict[str, frozenset[str]]]] = field(
        default_factory=dict
    )

    def loaded_names(self) -> list[str]:
        return [name for name, info in self.infos.items() if info.loaded]

    def fail(self, name: str, reason: str) -> None:
        info = self.infos[name]
        info.error = reason
        log.error("plugin %s failed: %s", name, reason)
        if info.module is not None and self.pm.is_registered(info.module):
            self.pm.unregister(info.module)


def is_core(name: str) -> bool:
    """Whether a registered implementation is the core's own (``core`` or ``core.<part>``)."""
    return name == CORE or name.startswith(f"{CORE}.")


def discover() -> list[metadata.EntryPoint]:
    """The plugins installed in the environment, in a stable order."""
    return sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def call_setup(plugins: Plugins, name: str, hook: str, **kwargs: Any) -> Any:
    """Call one plugin's setup hook; a failure marks the plugin failed and returns None."""
    info = plugins.infos[name]
    if not info.loaded:
        return None
    for impl in getattr(plugins.pm.hook, hook).get_hookimpls():
        if impl.plugin_name != name:
            continue
        try:
            return impl.function(*[kwargs[arg] for arg in impl.argnames])
        except Exception as error:
            plugins.fail(name, f"{hook}: {_reason(error)}")
            return None
    return None


def load(app: Flask) -> Plugins:
    from forum.plugins_core import defaults

    pm = pluggy.PluginManager(plugin_api.PROJECT)
    pm.add_hookspecs(plugin_api)
    pm.register(defaults, name=CORE)
    for part_name, part in defaults.PARTS.items():
        pm.register(part, name=part_name)
    plugins = Plugins(pm=pm)
    app.extensions[EXTENSION_KEY] = plugins
    claims: dict[str, list[metadata.EntryPoint]] = {}
    for entry_point in discover():
        claims.setdefault(entry_point.name, []).append(entry_point)
    for name, entry_points in claims.items():
        if len(entry_points) == 1 and name != CORE:
            _load_one(plugins, entry_points[0])
            continue
        owners = ", ".join(sorted(ep.dist.name if ep.dist else ep.value for ep in entry_points))
        plugins.infos[name] = PluginInfo(
            name, entry_points[0].value, error=f"the name {name} is claimed by {owners}"
        )
        log.error("plugin name %s is claimed more than once (%s); none is loaded", name, owners)
    for name in plugins.loaded_names():
        _collect(app, plugins, name)
    return plugins


def _load_one(plugins: Plugins, entry_point: metadata.EntryPoint) -> None:
    name = entry_point.name
    dist = entry_point.dist.name if entry_point.dist else None
    info = plugins.infos[name] = PluginInfo(name, entry_point.value, dist)
    if not name.isidentifier() or not name.islower():
        info.error = "a plugin name is a lower-case Python identifier"
        return
    try:
        module = entry_point.load()
    except Exception as error:
        info.error = f"import: {_reason(error)}"
        log.exception("plugin %s could not be imported", name)
        return
    info.module = module
    info.default_enabled = bool(getattr(module, "DEFAULT_ENABLED", True))
    info.description = (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""
    try:
        plugins.pm.register(module, name=name)
        plugins.pm.check_pending()
    except Exception as error:
        plugins.fail(name, f"hooks: {_reason(error)}")


def _collect(app: Flask, plugins: Plugins, name: str) -> None:
    info = plugins.infos[name]
    schema = call_setup(plugins, name, "forum_load_settings_schema") or {}
    if not all(isinstance(s, Setting) for s in dict(schema).values()):
        plugins.fail(name, "forum_load_settings_schema: values must be Setting")
        return
    info.schema = dict(schema)
    info.migrations = call_setup(plugins, name, "forum_load_migrations")
    if info.migrations and not Path(info.migrations).is_dir():
        plugins.fail(name, f"migrations directory {info.migrations} is missing")
        return
    translations = call_setup(plugins, name, "forum_load_translations")
    if translations:
        app.config.setdefault("PLUGIN_TRANSLATION_DIRECTORIES", []).append(str(translations))
    for verb in call_setup(plugins, name, "forum_load_permission_verbs") or ():
        if not VERB_RE.fullmatch(str(verb)) or verb in SPACE_VERBS:
            plugins.fail(name, f"permission verb {verb!r} is taken or not a-z and _ (at most 20)")
            return
        owner = plugins.verbs.setdefault(str(verb), name)
        if owner != name:
            plugins.fail(name, f"permission verb {verb} is already used by {owner}")
            return
    if not _extend_markup(plugins, name):
        return
    app.jinja_env.filters.update(call_setup(plugins, name, "forum_load_jinja_filters") or {})
    app.jinja_env.globals.update(call_setup(plugins, name, "forum_load_jinja_globals") or {})


def _extend_markup(plugins: Plugins, name: str) -> bool:
    """Add the plugin's tags and attributes to the sanitiser, refusing what could run script,
    style the page or carry a URL past the sanitiser's checks."""
    tags: set[str] = set()
    attributes: dict[str, set[str]] = {}
    call_setup(plugins, name, "forum_filter_markup_allowlist", tags=tags, attributes=attributes)
    names = {a.lower() for values in attributes.values() for a in values}
    unsafe = ({t.lower() for t in tags} & UNSAFE_TAGS) | {
        a for a in names if a.startswith("on") or a in UNSAFE_ATTRIBUTES
    }
    if unsafe:
        plugins.fail(name, f"markup allow-list: {', '.join(sorted(unsafe))} cannot be allowed")
        return False
    plugins.markup[name] = (frozenset(tags), {t: frozenset(v) for t, v in attributes.items()})
    return True


def wire(app: Flask) -> None:
    """Register what each plugin adds to the application, after the core's own parts."""
    from forum.cli import forum_cli
    from forum.plugins_core import state
    from forum.realtime import sockets

    plugins: Plugins = app.extensions[EXTENSION_KEY]
    babel = app.extensions.get("babel")
    more = app.config.get("PLUGIN_TRANSLATION_DIRECTORIES", [])
    if babel is not None and more:
        babel.translation_directories.extend(more)
        # Flask-Babel keeps one translations cache per process, keyed by locale alone.
        babel.instance.domain_instance.cache.clear()
    for impl in plugins.pm.hook.forum_load_room_authorisers.get_hookimpls():
        if is_core(impl.plugin_name):
            for kind, authorise in impl.function().items():
                plugins.room_authorisers[kind] = (CORE, authorise)
    for name in plugins.loaded_names():
        _wire_blueprints(app, plugins, name)
        call_setup(plugins, name, "forum_load_socketio_handlers", server=sockets(app))
        if not _claim_rooms(plugins, name):
            continue
        for command in call_setup(plugins, name, "forum_load_cli_commands") or ():
            forum_cli.add_command(command)
    app.before_request(state.refuse_disabled_blueprint)


def _claim_rooms(plugins: Plugins, name: str) -> bool:
    """Take the plugin's room kinds; one the core or another plugin has fails the plugin."""
    rooms = dict(call_setup(plugins, name, "forum_load_room_authorisers") or {})
    taken = sorted(kind for kind in rooms if kind in plugins.room_authorisers)
    if taken:
        owners = ", ".join(f"{k} ({plugins.room_authorisers[k][0]})" for k in taken)
        plugins.fail(name, f"room kind already used: {owners}")
        return False
    for kind, authorise in rooms.items():
        plugins.room_authorisers[kind] = (name, authorise)
    return True


def _wire_blueprints(app: Flask, plugins: Plugins, name: str) -> None:
    info = plugins.infos[name]
    blueprints = list(call_setup(plugins, name, "forum_load_blueprints", app=app) or ())
    package = info.package_dir
    if package is not None and ((package / "templates").is_dir() or (package / "static").is_dir()):
        own = Blueprint(
            f"plugin_{name}",
            info.module_name,
            url_prefix=f"/plugins/{name}",
            template_folder=str(package / "templates"),
            static_folder=str(package / "static") if (package / "static").is_dir() else None,
        )
        blueprints.insert(0, own)
    for blueprint in blueprints:
        problem = _prefix_problem(app, blueprint)
        if problem:
            plugins.fail(name, problem)
            return
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
        plugins.blueprint_owners[blueprint.name] = name
        info.blueprints.append(blueprint.name)


def _prefix_problem(app: Flask, blueprint: Blueprint) -> str | None:
    prefix = (blueprint.url_prefix or "").rstrip("/")
    if not prefix:
        return f"blueprint {blueprint.name} needs a url_prefix"
    if blueprint.name in app.blueprints:
        return f"blueprint name {blueprint.name} is already used"
    for rule in app.url_map.iter_rules():
        if rule.rule == prefix or rule.rule.startswith(prefix + "/"):
            return f"URL prefix {prefix} is already used by {rule.endpoint}"
    return None


def plugins_of(app: Flask) -> Plugins:
    return app.extensions[EXTENSION_KEY]


def blueprint_plugin() -> str | None:
    """The plugin whose blueprint serves the current request, if any."""
    from flask import current_app

    owners = plugins_of(current_app).blueprint_owners
    for name in request.blueprints:
        if name in owners:
            return owners[name]
    return None
