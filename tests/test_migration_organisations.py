"""The organisations migration turns free-text organisations into rows and links."""

from __future__ import annotations

import sqlite3

from tests.test_config import run_flask

BEFORE = "3c42eb4917a6"


def test_free_text_organisations_and_funder_grants_become_rows(tmp_path):
    path = tmp_path / "before.sqlite3"
    env = {"FORUM_DATABASE_URL": f"sqlite:///{path}", "FORUM_INSTANCE_PATH": str(tmp_path)}
    result = run_flask(["db", "upgrade", BEFORE], env)
    assert result.returncode == 0, result.stderr
    connection = sqlite3.connect(path)
    now = "2026-11-22 08:00:00.000000"
    with connection:
        for n, organisation in ((1, "Kainuun ELY-keskus"), (2, "kainuun  ely-keskus"), (3, "")):
            connection.execute(
                "INSERT INTO users (id, username, display_name, active, created_at) "
                "VALUES (?, ?, ?, 1, ?)",
                (n, f"person{n}", f"Person {n}", now),
            )
            connection.execute(
                "INSERT INTO profiles (user_id, show_verified_name, organisation, is_developer, "
                "is_decision_maker, show_presence) VALUES (?, 0, ?, 0, 0, 1)",
                (n, organisation),
            )
        connection.execute(
            "INSERT INTO role_grants (user_id, role, organisation, created_at) "
            "VALUES (1, 'funder', 'STEA', ?)",
            (now,),
        )
    connection.close()
    result = run_flask(["db", "upgrade"], env)
    assert result.returncode == 0, result.stderr
    connection = sqlite3.connect(path)
    try:
        organisations = connection.execute(
            "SELECT name, slug, verified FROM organisations ORDER BY id"
        ).fetchall()
        assert organisations == [
            ("Kainuun ELY-keskus", "kainuun-ely-keskus", 0),
            ("STEA", "stea", 1),
        ]
        members = connection.execute(
            "SELECT user_id, organisation_id FROM organisation_memberships ORDER BY user_id"
        ).fetchall()
        assert members == [(1, 1), (2, 1)]
        assert connection.execute("SELECT organisation_id FROM role_grants").fetchall() == [(2,)]
    finally:
        connection.close()
    result = run_flask(["db", "downgrade", BEFORE], env)
    assert result.returncode == 0, result.stderr
    connection = sqlite3.connect(path)
    try:
        assert connection.execute(
            "SELECT organisation FROM profiles ORDER BY user_id"
        ).fetchall() == [("Kainuun ELY-keskus",), ("Kainuun ELY-keskus",), ("",)]
        assert connection.execute("SELECT organisation FROM role_grants").fetchall() == [("STEA",)]
    finally:
        connection.close()
