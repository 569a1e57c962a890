"""The hook specifications, one module per section; plugins import everything from
``forum.plugin_api``, which gathers them."""

from __future__ import annotations

import pluggy

PROJECT = "forum"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
