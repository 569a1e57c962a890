"""Filter hooks (``forum_filter_*``), which may change or refuse what the core does, and the
account hooks (``forum_account_*``): a person's data in the export and in the erasure."""

from __future__ import annotations

from typing import Any

from forum.plugins_core.hookspecs import hookspec


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
