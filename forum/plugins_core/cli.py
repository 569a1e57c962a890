"""``flask forum plugins list|enable|disable|settings``."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from forum.actions.errors import ActionError
from forum.actions.plugins import set_plugin_enabled, update_plugin_settings
from forum.plugins_core.state import statuses

plugins_cli = AppGroup("plugins", help="Installed plugins: list, switch on and off, configure.")


@plugins_cli.command("list")
def list_command() -> None:
    """Each installed plugin with its state (enabled, disabled, failed) and the reason."""
    rows = statuses()
    if not rows:
        click.echo("No plugins are installed.")
    for row in rows:
        reason = f"  ({row.reason})" if row.reason else ""
        click.echo(f"{row.name:<24} {row.state:<9} {row.distribution or '-'}{reason}")


@plugins_cli.command("enable")
@click.argument("name")
def enable_command(name: str) -> None:
    """Switch NAME on (every worker process follows at its next request)."""
    _run(lambda: set_plugin_enabled(None, name, True))
    click.echo(f"{name} is enabled.")


@plugins_cli.command("disable")
@click.argument("name")
def disable_command(name: str) -> None:
    """Switch NAME off: its routes, hooks, slots and rooms go at once."""
    _run(lambda: set_plugin_enabled(None, name, False))
    click.echo(f"{name} is disabled.")


@plugins_cli.command("settings")
@click.argument("name")
@click.argument("assignments", nargs=-1)
def settings_command(name: str, assignments: tuple[str, ...]) -> None:
    """Show NAME's settings, or change them: KEY=VALUE ..."""
    values = {}
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        if not sep:
            raise click.ClickException(f"{assignment!r} is not KEY=VALUE.")
        values[key.strip()] = value
    if values:
        _run(lambda: update_plugin_settings(None, name, values))
    row = next((r for r in statuses() if r.name == name), None)
    if row is None:
        raise click.ClickException(f"No plugin called {name} is installed.")
    click.echo(json.dumps(row.settings, indent=2, ensure_ascii=False, sort_keys=True))


def _run(change) -> None:
    try:
        change()
    except ActionError as error:
        raise click.ClickException(error.message) from error


def check_lines() -> list[tuple[str, str, bool]]:
    """Lines for ``flask forum check``: a failed plugin is an error with its reason."""
    return [
        (
            f"plugin {row.name}",
            row.state + (f": {row.reason}" if row.reason else ""),
            row.state != "failed",
        )
        for row in statuses()
    ]
