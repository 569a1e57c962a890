"""The plugin contract: pluggy hook specifications, named ``forum_<kind>_<thing>``.

A plugin is a module (usually ``plugins/<name>/plugin.py``) whose functions carry ``@hookimpl``
and have the name of a specification below; it is found through the ``forum.plugins`` entry-point
group (see forum/plugin_manager.py and docs/plugins.md). The sections:

- **setup** (``forum_load_*``): called once when the application is built, for every installed
  plugin, enabled or not, so that switching a plugin on needs no restart;
- **events** (``forum_event_*``): called after the transaction that caused them commits, with
  the event's declared payload (forum/event_types.py); they cannot undo or add to it;
- **gather** (``forum_gather_*``): each enabled plugin adds items to a list the core shows;
- **filters** (``forum_filter_*``): each enabled plugin may change or refuse what the core does;
- **account** (``forum_account_*``): a person's data in the export and in the erasure;
- **template slots** (``forum_tpl_*``): HTML for named places in the core templates, rendered by
  ``{{ run_hook("forum_tpl_...", ...) }}``.

Hooks of a disabled plugin are not called (the state is read once per request), and a plugin
whose hook raises is logged and skipped while the rest of the page or action goes on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pluggy

PROJECT = "forum"
#: The entry-point group plugins are declared in (``[project.entry-points."forum.plugins"]``).
ENTRY_POINT_GROUP = "forum.plugins"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation. ``endpoint`` is a Flask endpoint name."""

    endpoint: str
    label: str
    values: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class AdminPage:
    """A page in the administration menu."""

    endpoint: str
    label: str


@dataclass(frozen=True)
class Setting:
    """One typed plugin setting: ``type`` is ``bool``, ``int``, ``str`` or ``choice``."""

    type: str
    default: Any
    label: str = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 500


@dataclass(frozen=True)
class DocumentType:
    """A kind of search document a plugin indexes (see forum/search/)."""

    name: str
    label: str
    documents: Any  # callable() -> iterable of dicts with id, title, body, url, space_id


# --- setup ------------------------------------------------------------------------------------


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


# --- events (after commit) ----------------------------------------------------------------------


@hookspec
def forum_event_user_registered(user_id: int) -> None:
    """A person completed registration. Example: ``log.info("welcome %s", user_id)``."""


@hookspec
def forum_event_topic_created(payload: Mapping[str, Any]) -> None:
    """A topic was created; ``payload`` is the ``topic.created`` event (forum/event_types.py).

    Example::

        @hookimpl
        def forum_event_topic_created(payload):
            queue_welcome(payload["topic_id"])
    """


@hookspec
def forum_event_post_created(payload: Mapping[str, Any]) -> None:
    """A post was made; ``payload`` is the ``post.created`` event.

    Example: ``count_words(payload["post_id"])``.
    """


@hookspec
def forum_event_post_edited(payload: Mapping[str, Any]) -> None:
    """A post was edited; ``payload`` is the ``post.updated`` event."""


@hookspec
def forum_event_post_hidden(payload: Mapping[str, Any]) -> None:
    """A moderator hid a post; ``payload`` is the ``post.hidden`` event."""


@hookspec
def forum_event_post_deleted(payload: Mapping[str, Any]) -> None:
    """A post was deleted (softly); ``payload`` is the ``post.deleted`` event."""


@hookspec
def forum_event_reaction_changed(payload: Mapping[str, Any]) -> None:
    """A reaction was added or removed; ``payload`` is the ``reaction.changed`` event."""


@hookspec
def forum_event_flag_raised(payload: Mapping[str, Any]) -> None:
    """Someone flagged a post for moderators; ``payload`` is the ``flag.raised`` event."""


@hookspec
def forum_event_moderation_act(payload: Mapping[str, Any]) -> None:
    """A moderator acted (hide, lock, move, silence); ``payload`` is ``moderation.act``."""


@hookspec
def forum_event_event_registration(payload: Mapping[str, Any]) -> None:
    """Someone registered for (or cancelled) an event; ``payload`` is ``event.registration``."""


# --- gather ----------------------------------------------------------------------------------


@hookspec
def forum_gather_navigation(user: Any) -> list[NavItem]:
    """Links for the main navigation, for ``user`` (anonymous or signed in).

    Example: ``return [NavItem("regions.index", _("Regions"), order=20)]``.
    """


@hookspec
def forum_gather_admin_pages() -> list[AdminPage]:
    """Pages in the administration menu. Example:
    ``return [AdminPage("example.admin", _("Example"))]``."""


@hookspec
def forum_gather_search_documents() -> list[DocumentType]:
    """Search document types. Documents of a disabled plugin drop out of results.

    Example: ``return [DocumentType("practice", _("Good practice"), all_practices)]``.
    """


@hookspec
def forum_gather_notification_types() -> list[str]:
    """Notification kinds the plugin sends. Example: ``return ["community.invited"]``."""


@hookspec
def forum_gather_profile_fields() -> list[Mapping[str, Any]]:
    """Extra profile fields: ``[{"name": "region", "label": _("Region"), "type": "str"}]``."""


@hookspec
def forum_gather_directory_filters() -> list[Mapping[str, Any]]:
    """Filters of the people and organisation directory:
    ``[{"name": "region", "label": _("Region"), "choices": [...]}]``."""


@hookspec
def forum_gather_api_resources() -> Mapping[str, Any]:
    """OpenAPI path items for the plugin's API routes, merged into /api/v1/openapi.json.

    Example: ``return {"/example/notes": {"get": {"summary": "Notes", "responses": {...}}}}``.
    """


# --- filters ---------------------------------------------------------------------------------


@hookspec
def forum_filter_markup_allowlist(tags: set[str], attributes: dict[str, set[str]]) -> None:
    """Add HTML tags and plain attributes the sanitiser keeps, in place. Called once at start;
    the additions apply to posts written while the plugin is on (cooked posts keep their HTML).
    Tags and attributes that could run script, style the page or carry URLs are refused.

    Example: ``tags.add("abbr"); attributes.setdefault("abbr", set()).add("title")``.
    """


@hookspec
def forum_filter_post_validate(user: Any, topic: Any, raw: str) -> str | None:
    """Refuse a new or edited post by returning a message the writer sees; ``None`` accepts.

    Example::

        @hookimpl
        def forum_filter_post_validate(user, topic, raw):
            if "lorem ipsum" in raw.lower():
                return _("Write real text, please.")
            return None
    """


# --- account data ----------------------------------------------------------------------------


@hookspec
def forum_account_export(user: Any) -> tuple[str, Any] | None:
    """A section of the person's data export: ``return ("notes", [...])``."""


@hookspec
def forum_account_erase(user: Any, delete_content: bool) -> None:
    """Erase or anonymise the person's data, inside the erasure's transaction.

    Example: ``db.session.execute(delete(Note).where(Note.user_id == user.id))`` (in actions).
    """


# --- template slots --------------------------------------------------------------------------


@hookspec
def forum_tpl_header_nav() -> str:
    """HTML at the end of the main navigation list (``<li>`` items)."""


@hookspec
def forum_tpl_home_sections() -> str:
    """Sections on the home page, after the spaces.

    Example: ``return render_template("example/home.html")``.
    """


@hookspec
def forum_tpl_space_header(space: Any) -> str:
    """HTML below a space's heading."""


@hookspec
def forum_tpl_topic_before_first_post(topic: Any) -> str:
    """HTML above the first post of a topic."""


@hookspec
def forum_tpl_topic_after_first_post(topic: Any) -> str:
    """HTML below the first post of a topic."""


@hookspec
def forum_tpl_post_footer(post: Any) -> str:
    """HTML in the footer of each post."""


@hookspec
def forum_tpl_profile_sections(user: Any) -> str:
    """Sections on a person's public profile and on their account settings page."""


@hookspec
def forum_tpl_profile_header(user: Any) -> str:
    """HTML below the name and badges at the top of a person's public profile (/u/<name>).

    Example: ``return Markup('<p class="muted">Mentor in the Kainuu community</p>')``.
    """


@hookspec
def forum_tpl_directory_filters(filters: Any) -> str:
    """HTML after the actor directory's search form; ``filters`` holds the chosen values
    (``filters.q``, ``.kind``, ``.region``, ``.sector``, ``.role``, ``.theme``)."""


@hookspec
def forum_tpl_organisation_sections(organisation: Any) -> str:
    """Sections on an organisation's page (/org/<slug>), after its members."""


@hookspec
def forum_tpl_user_menu(user: Any) -> str:
    """HTML in the signed-in person's account area of the header."""


@hookspec
def forum_tpl_admin_menu() -> str:
    """HTML at the end of the administration menu (``<li>`` items)."""


@hookspec
def forum_tpl_composer_toolbar(topic: Any, space: Any) -> str:
    """HTML in the composer, above the text field (``topic`` is None for a new topic)."""
