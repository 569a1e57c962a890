"""Template slots (``forum_tpl_*``): HTML for named places in the core templates, rendered by
``{{ run_hook("forum_tpl_...", ...) }}``."""

from __future__ import annotations

from typing import Any

from forum.plugins_core.hookspecs import hookspec


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
