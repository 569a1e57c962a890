"""Configuration from config/ and FORUM_* variables; production refuses unsafe settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from forum import create_app
from forum.settings import ROOT, ConfigError, database_url


def run_flask(
    args: list[str], env: dict[str, str], cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FORUM_")}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_secret_key_exits_with_one_clear_line(tmp_path):
    result = run_flask(
        ["forum", "check"], {"FORUM_ENV": "production", "FORUM_INSTANCE_PATH": str(tmp_path)}
    )
    assert result.returncode != 0
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert "FORUM_SECRET_KEY" in message
    assert "Traceback" not in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="FORUM_SECRET_KEY"):
        create_app({"ENV": "production", "SECRET_KEY": "short", "INSTANCE_PATH": str(tmp_path)})


def test_production_starts_with_a_real_secret_key(tmp_path):
    result = run_flask(
        ["forum", "check"],
        {
            "FORUM_ENV": "production",
            "FORUM_SECRET_KEY": "k" * 40,
            "FORUM_IDENTITY_PEPPER": "p" * 40,
            "FORUM_INSTANCE_PATH": str(tmp_path),
        },
    )
    assert "environment      production" in result.stdout
    assert "FORUM_SECRET_KEY" not in result.stderr


def test_an_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="FORUM_ENV"):
        create_app({"ENV": "staging", "INSTANCE_PATH": str(tmp_path)})


def test_environment_variables_override_the_config_files(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setenv("FORUM_SEARCH_BACKEND", "postgres")
    monkeypatch.setenv("FORUM_REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("FORUM_SECRET_KEY", "12345678901234567890123456789012345")
    app = create_app({"ENV": "testing"})
    assert app.instance_path == str(tmp_path / "inst")
    assert (tmp_path / "inst").is_dir()
    assert app.config["SEARCH_BACKEND"] == "postgres"
    assert app.config["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    assert app.config["SECRET_KEY"] == "12345678901234567890123456789012345"
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'inst' / 'forum.sqlite3'}"
    )


def test_database_urls_are_normalised_to_psycopg(tmp_path):
    assert database_url("postgres://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql+psycopg://u@h/db", tmp_path) == "postgresql+psycopg://u@h/db"
    assert database_url(None, tmp_path) == f"sqlite:///{tmp_path / 'forum.sqlite3'}"
