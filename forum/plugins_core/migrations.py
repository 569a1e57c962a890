"""Plugin migrations: each plugin's Alembic branch is one more version location.

The core's revisions carry the branch label ``core``; a plugin's first revision has the plugin's
name as its branch label. ``flask db upgrade`` applies every head (the core's and each
plugin's), and ``flask db migrate`` builds on ``core@head`` unless told ``--head <plugin>@head``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import click
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask_migrate import cli as migrate_cli

from forum.extensions import migrate


@migrate.configure
def add_plugin_version_locations(config: Config) -> Config:
    """Flask-Migrate calls this for every Alembic command (and for ``script_directory``)."""
    from forum.plugins_core.manager import plugins_of

    locations = [str(Path(config.get_main_option("script_location")) / "versions")]
    for info in plugins_of(current_app).infos.values():
        if info.loaded and info.migrations:
            locations.append(str(Path(info.migrations)))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(locations))
    return config


@cache
def _script(key: tuple[str, ...]) -> ScriptDirectory:
    """The scripts of the core and the plugins named in ``key`` (read once per process)."""
    return ScriptDirectory.from_config(migrate.get_config())


def _key(app: Flask) -> tuple[str, ...]:
    from forum.plugins_core.manager import plugins_of

    infos = plugins_of(app).infos.values()
    plugin_dirs = sorted(str(i.migrations) for i in infos if i.loaded and i.migrations)
    return (str(app.extensions["migrate"].directory), *plugin_dirs)


def applied_revisions(app: Flask, heads: list[str]) -> frozenset[str]:
    """Every revision at or below the database's ``heads``."""
    return _applied(_key(app), tuple(sorted(heads)))


@cache
def _applied(key: tuple[str, ...], heads: tuple[str, ...]) -> frozenset[str]:
    script = _script(key)
    try:
        return frozenset(r.revision for r in script.iterate_revisions(heads, "base"))
    except Exception:  # a revision the scripts do not know (a removed plugin): nothing certain
        return frozenset(heads)


def branch_heads(app: Flask, directory: str) -> frozenset[str]:
    """Head revisions of the scripts in a plugin's migrations ``directory``."""
    return _branch_heads(_key(app), str(Path(directory).resolve()))


@cache
def _branch_heads(key: tuple[str, ...], directory: str) -> frozenset[str]:
    script = _script(key)
    own = [r for r in script.walk_revisions() if str(Path(r.path).resolve().parent) == directory]
    below = {d for r in own for d in r._all_down_revisions}
    return frozenset(r.revision for r in own if r.revision not in below)


def _set_default(command: click.Command, param: str, value: str) -> None:
    for option in command.params:
        if option.name == param:
            option.default = value


# ``flask db upgrade`` applies the core's and every plugin's branch; new core revisions build
# on the core's branch.
_set_default(migrate_cli.upgrade, "revision", "heads")
_set_default(migrate_cli.migrate, "head", "core@head")
_set_default(migrate_cli.revision, "head", "core@head")
