"""``flask --app wsgi forum ...``: set-up and maintenance commands."""

from __future__ import annotations

import os
import sys
import time
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
from forum.backup import BackupError, create_backup, restore_backup
from forum.demo import seed_demo
from forum.extensions import db, migrate
from forum.models.group import ADMINISTRATORS
from forum.plugins_core.calls import gather
from forum.plugins_core.cli import check_lines as plugin_check_lines
from forum.plugins_core.cli import plugins_cli
from forum.queries.users import user_by_username
from forum.search import IndexUnavailable
from forum.search import backend as search_backend
from forum.search.analysis import finnish_analysis

forum_cli = AppGroup("forum", help="Forum set-up and maintenance.")


@forum_cli.command("init")
def init_command() -> None:
    """Create the built-in groups and load the regions (idempotent; run after each upgrade)."""
    ensure_reference_data()
    click.echo("Reference data is in place.")


@forum_cli.command("seed-demo")
def seed_demo_command() -> None:
    """Add the demo actors and spaces (idempotent)."""
    created = seed_demo() + gather("forum_load_demo_data")
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
        heads = ScriptDirectory.from_config(migrate.get_config()).get_heads()
        at_head = set(current) == set(heads)
        schema = "at head" if at_head else f"at {current or 'nothing'}, head is {heads}"
        line("database", f"{url.render_as_string(hide_password=True)} ({schema})", at_head)
    except Exception as error:
        line("database", f"{url.render_as_string(hide_password=True)}: {error}", False)
    line("redis", *_redis_status(config.get("REDIS_URL")))
    line("search backend", *_search_status())
    line("finnish analysis", finnish_analysis(), True)
    languages = config["LANGUAGES"]
    compiled = [
        lang
        for lang in languages
        if (
            Path(current_app.root_path) / "translations" / lang / "LC_MESSAGES" / "messages.mo"
        ).exists()
    ]
    line("languages", " ".join(languages), compiled == list(languages))
    for name, value, ok in plugin_check_lines():
        line(name, value, ok)
    if problems:
        sys.exit(1)


def _search_status() -> tuple[str, bool]:
    try:
        return search_backend().status()
    except Exception as error:
        return f"{current_app.config['SEARCH_BACKEND']}: {error}", False


@forum_cli.command("reindex")
@click.option("--fresh", is_flag=True, help="Start over instead of resuming a stopped rebuild.")
@click.option("--pending", is_flag=True, help="Only retry documents whose indexing failed.")
def reindex_command(fresh: bool, pending: bool) -> None:
    """Rebuild the search index from the database (resumable), or retry failed documents."""
    from forum.search import pending_keys, retry_pending
    from forum.search.rebuild import rebuild, total_keys

    if pending:
        count = len(pending_keys())
        try:
            retry_pending()
        except Exception as error:
            raise click.ClickException(f"Retrying {count} documents failed: {error}") from error
        click.echo(f"Retried {count} pending documents.")
        return
    started = time.monotonic()
    with click.progressbar(length=total_keys(), label="Indexing", show_pos=True) as bar:
        done, written = rebuild(fresh=fresh, progress=lambda keys, _docs: bar.update(keys))
    seconds = max(time.monotonic() - started, 1e-6)
    click.echo(
        f"Indexed {written} documents from {done} sources in {seconds:.1f} s "
        f"({written / seconds:.0f} documents/s)."
    )


@forum_cli.command("search-check")
def search_check_command() -> None:
    """Compare the search index with the database and report drift."""
    from forum.search.rebuild import drift

    try:
        report = drift()
    except IndexUnavailable as error:
        raise click.ClickException(f"The index cannot be read: {error}") from error
    click.echo(f"expected {report['expected']}, indexed {report['indexed']}")
    for name in ("missing", "extra"):
        keys = report[name]
        if keys:
            shown = ", ".join(keys[:20]) + (" …" if len(keys) > 20 else "")
            click.echo(f"{name} {len(keys)}: {shown}")
    if report["missing"] or report["extra"]:
        click.echo("Drift found: run flask forum reindex.")
        sys.exit(1)
    click.echo("The index matches the database.")


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


@forum_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a backup archive (tar.gz) to PATH: the SQLite database, copied safely while the
    forum runs, the search index and the uploaded files. PostgreSQL: the files only."""
    try:
        report = create_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    what = "database and " if report.database == "sqlite" else ""
    click.echo(
        f"Wrote {report.path} ({report.size / 2**20:.1f} MB): {what}"
        f"{report.files - bool(what)} files."
    )
    if report.database != "sqlite":
        click.echo(
            "The database is not in the archive: back it up with pg_dump -Fc "
            "(README: Backup and restore)."
        )


@forum_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database and files already here.")
def restore_command(path: Path, force: bool) -> None:
    """Restore a backup archive into this (empty) instance; stop the forum first."""
    try:
        report = restore_backup(path, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    what = "the database and " if report.database == "sqlite" else ""
    click.echo(f"Restored {what}{report.files} files from {path}.")
    if report.upgraded:
        click.echo("Upgraded the database to this version's schema.")
    for note in report.notes:
        click.echo(note)


def init_app(app: Flask) -> None:
    forum_cli.add_command(plugins_cli)
    app.cli.add_command(forum_cli)
