"""Regional learning communities: regions and their centres, weavers' regional spaces,
learning communities with gatherings, and ecosystem maps.

On by default: it is the forum's regional backbone. Switched off, its pages, navigation,
template slots and search documents disappear; its data stays.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from forum.extensions import db
from forum.plugin_api import DocumentType, NavItem, hookimpl
from plugins.learning_communities import models  # noqa: F401  (tables for the migrations)
from plugins.learning_communities.maps import models as map_models  # noqa: F401

DEFAULT_ENABLED = True
HERE = Path(__file__).parent


# --- setup ---


@hookimpl
def forum_load_blueprints(app: Any) -> list[Any]:
    from plugins.learning_communities.views.communities import bp as communities
    from plugins.learning_communities.views.maps import bp as maps
    from plugins.learning_communities.views.regions import bp as regions

    return [regions, communities, maps]


@hookimpl
def forum_load_migrations() -> str:
    return str(HERE / "migrations")


@hookimpl
def forum_load_jinja_globals() -> dict[str, Any]:
    from plugins.learning_communities.labels import jinja_globals

    return jinja_globals()


@hookimpl
def forum_load_cli_commands() -> list[Any]:
    @click.command("regional-centres")
    def load() -> None:
        """Load the regional centres from the plugin's data file (idempotent)."""
        from plugins.learning_communities.regions.actions import load_centres

        click.echo(f"{load_centres()} regional centres are in place.")

    return [load]


@hookimpl
def forum_load_demo_data() -> list[str]:
    from plugins.learning_communities.demo import seed

    return seed()


# --- gather ---


@hookimpl
def forum_gather_navigation(user: Any) -> list[NavItem]:
    return [
        NavItem("lc_regions.index", _("Regions"), order=40),
        NavItem("lc_communities.index", _("Learning communities"), order=41),
    ]


@hookimpl
def forum_gather_search_documents() -> list[DocumentType]:
    """Communities, each readable by whom may read its space (members-only stays hidden)."""
    from plugins.learning_communities import search

    return [
        DocumentType(
            search.DOCUMENT_TYPE,
            _("Learning community"),
            search.load_community,
            search.community_ids,
            search.community_url,
        )
    ]


# --- account data ---


@hookimpl
def forum_account_export(user: Any) -> tuple[str, Any]:
    from plugins.learning_communities.maps.models import Node
    from plugins.learning_communities.models import CommunityMember

    places = db.session.scalars(select(CommunityMember).where(CommunityMember.user_id == user.id))
    nodes = db.session.scalars(select(Node).where(Node.user_id == user.id))
    return "learning_communities", {
        "communities": [
            {"community": p.community.name, "role": p.role, "state": p.state} for p in places
        ],
        "map_actors": [{"label": n.label, "map": n.map_id} for n in nodes],
    }


@hookimpl
def forum_account_erase(user: Any, delete_content: bool) -> None:
    from plugins.learning_communities.communities.actions import erase_person

    erase_person(user)


# --- template slots ---


@hookimpl
def forum_tpl_topic_after_first_post(topic: Any) -> str:
    """A gathering's kind and, once recorded, its summary."""
    from plugins.learning_communities.models import Gathering

    gathering = db.session.get(Gathering, topic.id)
    if gathering is None:
        return ""
    return render_template("learning_communities/topic_gathering.html", g=gathering)


@hookimpl
def forum_tpl_space_header(space: Any) -> str:
    """A community's space links back to its community page."""
    from plugins.learning_communities.models import Community

    community = db.session.scalar(select(Community).where(Community.space_id == space.id))
    if community is None:
        return ""
    return render_template("learning_communities/space_header.html", community=community)
