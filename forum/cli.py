"""``flask --app wsgi forum ...``: set-up and maintenance commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import make_url, text

from forum.actions.bootstrap import ensure_reference_data
from forum.actions.errors import ActionError
from forum.actions.tokens import create_api_token
from forum.actions.users import create_user
from forum.demo import seed_demo
from forum.extensions import db
from forum.models.group import ADMINISTRATORS
from forum.queries.users import user_by_username

forum_cli = AppGroup("forum", help="Forum set-up and maintenance.")


@forum_cli.command("init")
def init_command() -> None:
    """Create the built-in groups and load the regions (idempotent; run after each upgrade)."""
    ensure_reference_data()
    click.echo("Reference data is in place.")


@forum_cli.command("seed-demo")
def seed_demo_command() -> None:
    """Add the demo actors and spaces (idempotent)."""
    created = seed_demo()
    click.echo(f"Demo data: created {', '.join(created)}." if created else "Demo data is in place.")


@forum_cli.command("create-user")
@click.argument("username")
@click.option("--email", required=True, help="E-mail address.")
@click.option("--name", "display_name", required=True, help="Display name.")
@click.option("--admin", is_flag=True, help="Make the user an administrator.")
def create_user_command(username: str, email: str, display_name: str, admin: bool) -> None:
    """Create an account, e.g. the first administrator."""
    ensure_reference_data()
    try:
        user = create_user(username, display_name, email, groups=(ADMINISTRATORS,) if admin else ())
    except ActionError as error:
        raise click.ClickException(error.message) from error
    role = "administrator" if admin else "user"
    click.echo(f"Created {role} {user.username} (id {user.id}).")


@forum_cli.command("api-token")
@click.argument("username")
@click.option("--name", default="command line", help="What the token is for.")
def api_token_command(username: str, name: str) -> None:
    """Make a personal API token for USERNAME and print it (shown only this once)."""
    user = user_by_username(username)
    if user is None:
        raise click.ClickException(f"No user is called {username}.")
    try:
        _token, secret = create_api_token(user, name)
    except ActionError as error:
        raise click.ClickException(error.message) from error
    click.echo(secret)


@forum_cli.command("check")
def check_command() -> None:
    """Print how the forum is configured and whether its services answer."""
    config = current_app.config
    problems = 0

    def line(name: str, value: str, ok: bool = True) -> None:
        nonlocal problems
        problems += not ok
        click.echo(f"{'ok ' if ok else 'ERR'} {name:<16} {value}")

    line("environment", config["ENV"])
    line("instance path", config["INSTANCE_PATH"], os.access(config["INSTANCE_PATH"], os.W_OK))
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_heads()
        heads = ScriptDirectory(current_app.extensions["migrate"].directory).get_heads()
        at_head = set(current) == set(heads)
        schema = "at head" if at_head else f"at {current or 'nothing'}, head is {heads}"
        line("database", f"{url.render_as_string(hide_password=True)} ({schema})", at_head)
    except Exception as error:
        line("database", f"{url.render_as_string(hide_password=True)}: {error}", False)
    line("redis", *_redis_status(config.get("REDIS_URL")))
    line("search backend", config["SEARCH_BACKEND"])
    languages = config["LANGUAGES"]
    compiled = [
        lang
        for lang in languages
        if (
            Path(current_app.root_path) / "translations" / lang / "LC_MESSAGES" / "messages.mo"
        ).exists()
    ]
    line("languages", " ".join(languages), compiled == list(languages))
    if problems:
        sys.exit(1)


def _redis_status(url: str | None) -> tuple[str, bool]:
    if not url:
        return "not configured (single process)", True
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError as error:
        return f"{url}: {error}", False
    return f"{url} (answers)", True


@forum_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
def worker_command(workers: int) -> None:
    """Run the background worker: mail, digests and other tasks, periodic ones included."""
    from forum.background import run_worker

    run_worker(workers)


@forum_cli.command("send-mail")
def send_mail_command() -> None:
    """Queue due notification mails and digests, and send what is due (for cron, instead of
    the worker)."""
    from forum.actions.mail import queue_digests, queue_notification_mails
    from forum.notify.outbox import deliver_due

    queue_notification_mails()
    queue_digests()
    sent, failed = deliver_due()
    click.echo(f"Sent {sent}, failed {failed} (failed ones are retried later).")


def init_app(app: Flask) -> None:
    app.cli.add_command(forum_cli)
