"""``flask forum ...`` commands."""

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Group, GroupMembership, Region, Space, User
from forum.permissions import is_admin


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["forum", "seed-demo"])
    assert first.exit_code == 0, first.output
    assert "space kainuu" in first.output
    totals = (count(User), count(Space), count(Group), count(GroupMembership))
    second = runner.invoke(args=["forum", "seed-demo"])
    assert second.exit_code == 0, second.output
    assert "Demo data is in place." in second.output
    assert (count(User), count(Space), count(Group), count(GroupMembership)) == totals


def test_seed_demo_has_a_private_space_for_weavers(app):
    app.test_cli_runner().invoke(args=["forum", "seed-demo"])
    weavers = db.session.scalar(select(Group).where(Group.name == "weavers"))
    members = {m.user.username for m in weavers.memberships}
    assert members == {"liisa.kutoja"}
    kutojat = db.session.scalar(select(Space).where(Space.slug == "kutojat"))
    assert {p.group.name for p in kutojat.permissions} == {"weavers"}


def test_init_loads_all_nineteen_regions(app):
    result = app.test_cli_runner().invoke(args=["forum", "init"])
    assert result.exit_code == 0
    codes = set(db.session.scalars(select(Region.code)))
    assert len(codes) == 19
    assert {"MK01", "MK18", "MK21"} <= codes
    kainuu = db.session.scalar(select(Region).where(Region.code == "MK18"))
    assert (kainuu.name("fi"), kainuu.name("sv"), kainuu.name("en")) == (
        "Kainuu",
        "Kajanaland",
        "Kainuu",
    )


def test_create_user_makes_an_administrator(app):
    result = app.test_cli_runner().invoke(
        args=[
            "forum",
            "create-user",
            "Aino",
            "--email",
            "aino@example.org",
            "--name",
            "Aino A.",
            "--admin",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "aino"))
    assert user.display_name == "Aino A."
    assert is_admin(user)


def test_create_user_refuses_a_taken_or_invalid_username(app):
    runner = app.test_cli_runner()
    args = ["--email", "a@example.org", "--name", "A"]
    assert runner.invoke(args=["forum", "create-user", "aino", *args]).exit_code == 0
    taken = runner.invoke(
        args=["forum", "create-user", "AINO", "--email", "b@example.org", "--name", "B"]
    )
    assert taken.exit_code != 0
    assert "aino" in taken.output
    invalid = runner.invoke(
        args=["forum", "create-user", "a b!", "--email", "c@example.org", "--name", "C"]
    )
    assert invalid.exit_code != 0
    assert count(User) == 1


def test_check_reports_a_healthy_installation(app):
    result = app.test_cli_runner().invoke(args=["forum", "check"])
    assert result.exit_code == 0, result.output
    assert "ok  database" in result.output
    assert "(at head)" in result.output
    assert "ok  languages        fi sv en" in result.output


def test_check_fails_when_redis_does_not_answer(app):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    try:
        result = app.test_cli_runner().invoke(args=["forum", "check"])
    finally:
        app.config["REDIS_URL"] = None
    assert result.exit_code == 1
    assert "ERR redis" in result.output
