"""The migrations build the schema from empty on SQLite and PostgreSQL, and match the models."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from forum.extensions import db
from tests.conftest import create_postgres_database, drop_postgres_database, require_postgres
from tests.test_config import run_flask


def test_migrated_schema_matches_the_models():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        drift = compare_metadata(context, db.metadata)
    assert drift == [], f"models and migrations differ; run flask db migrate: {drift}"


def _upgrade_and_inspect(url: str, tmp_path) -> set[str]:
    env = {"FORUM_DATABASE_URL": url, "FORUM_INSTANCE_PATH": str(tmp_path)}
    result = run_flask(["db", "upgrade"], env)
    assert result.returncode == 0, result.stderr
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_builds_an_empty_sqlite_file(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    tables = _upgrade_and_inspect(f"sqlite:///{path}", tmp_path)
    assert {"users", "groups", "spaces", "space_permissions", "regions"} <= tables
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        connection.close()


@pytest.mark.postgres
def test_upgrade_builds_an_empty_postgresql_database(tmp_path):
    url = create_postgres_database(require_postgres(), prefix="forum_migrate")
    try:
        tables = _upgrade_and_inspect(url, tmp_path)
        assert {"users", "groups", "spaces", "space_permissions", "regions"} <= tables
        result = run_flask(
            ["db", "downgrade", "base"],
            {"FORUM_DATABASE_URL": url, "FORUM_INSTANCE_PATH": str(tmp_path)},
        )
        assert result.returncode == 0, result.stderr
    finally:
        drop_postgres_database(url)


def test_downgrade_to_nothing_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    env = {"FORUM_DATABASE_URL": url, "FORUM_INSTANCE_PATH": str(tmp_path)}
    for args in (["db", "upgrade"], ["db", "downgrade", "base"], ["db", "upgrade"]):
        result = run_flask(args, env)
        assert result.returncode == 0, result.stderr


def test_sqlite_connections_enforce_foreign_keys_in_wal_mode(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()
