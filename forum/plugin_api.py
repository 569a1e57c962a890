"""The plugin contract: pluggy hook specifications, named ``forum_<kind>_<thing>``.

A plugin is a module (usually ``plugins/<name>/plugin.py``) whose functions carry ``@hookimpl``
and have the name of a specification; it is found through the ``forum.plugins`` entry-point
group (see forum/plugins_core/manager.py and docs/plugins.md). Plugins import everything from
here; the specifications live in forum/plugins_core/hookspecs/, one module per section:

- **setup** (``forum_load_*``, setup.py): called once when the application is built, for every
  installed plugin, enabled or not, so that switching a plugin on needs no restart;
- **events** (``forum_event_*``, events.py): called after the transaction that caused them
  commits, with the event's declared payload (forum/event_types.py); they cannot undo it;
- **gather** (``forum_gather_*``, gather.py): each enabled plugin adds items to a list the core
  shows;
- **filters** (``forum_filter_*``, filters.py): each enabled plugin may change or refuse what
  the core does;
- **account** (``forum_account_*``, filters.py): a person's data in the export and the erasure;
- **template slots** (``forum_tpl_*``, slots.py): HTML for named places in the core templates,
  rendered by ``{{ run_hook("forum_tpl_...", ...) }}``.

Hooks of a disabled plugin are not called (the state is read once per request), and a plugin
whose hook raises is logged and skipped while the rest of the page or action goes on. The core
registers its own implementations of the same hooks (forum/plugins_core/defaults.py).
"""

from __future__ import annotations

from forum.plugins_core.hookspecs import PROJECT, hookimpl, hookspec
from forum.plugins_core.hookspecs.events import *  # noqa: F403
from forum.plugins_core.hookspecs.filters import *  # noqa: F403
from forum.plugins_core.hookspecs.gather import *  # noqa: F403
from forum.plugins_core.hookspecs.items import (
    AdminPage,
    DirectoryFilter,
    DocumentType,
    NavItem,
    ProfileField,
    Setting,
)
from forum.plugins_core.hookspecs.setup import *  # noqa: F403
from forum.plugins_core.hookspecs.slots import *  # noqa: F403

__all__ = [
    "ENTRY_POINT_GROUP",
    "PROJECT",
    "AdminPage",
    "DirectoryFilter",
    "DocumentType",
    "NavItem",
    "ProfileField",
    "Setting",
]
__all__ += ["hookimpl", "hookspec"]

#: The entry-point group plugins are declared in (``[project.entry-points."forum.plugins"]``).
ENTRY_POINT_GROUP = "forum.plugins"
