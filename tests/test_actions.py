"""The action road: one transaction, effects after commit, clear errors for bad input."""

import pytest
from sqlalchemy import func, select

from forum.actions.base import action, on_commit
from forum.actions.errors import Conflict, PermissionDenied, ValidationError
from forum.actions.spaces import create_space
from forum.actions.users import create_user
from forum.extensions import db
from forum.models import Space, User
from tests.factories import admin, make_space, make_user


def users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_effects_run_after_commit_and_never_after_rollback():
    ran: list[str] = []

    @action
    def succeed() -> None:
        create_user("kept", "Kept")
        on_commit(lambda: ran.append("kept"))
        assert ran == []

    @action
    def fail() -> None:
        create_user("lost", "Lost")
        on_commit(lambda: ran.append("lost"))
        raise ValidationError("no")

    succeed()
    with pytest.raises(ValidationError):
        fail()
    assert ran == ["kept"]
    assert db.session.scalar(select(User.username).where(User.username == "lost")) is None


def test_nested_actions_commit_once_and_roll_back_together():
    @action
    def two_users_then_fail() -> None:
        create_user("first", "First")
        create_user("second", "Second")
        raise Conflict("stop")

    with pytest.raises(Conflict):
        two_users_then_fail()
    assert users() == 0


def test_a_failing_effect_does_not_undo_the_commit(caplog):
    @action
    def with_broken_effect() -> None:
        create_user("stays", "Stays")
        on_commit(lambda: 1 / 0)

    with_broken_effect()
    assert users() == 1
    assert "after-commit effect" in caplog.text


@pytest.mark.parametrize(
    ("username", "display_name", "email", "field"),
    [
        ("ab", "Too short", None, "username"),
        ("x" * 31, "Too long", None, "username"),
        ("bad name", "Space inside", None, "username"),
        ("-dash", "Leading dash", None, "username"),
        ("nul\x00byte", "Null byte", None, "username"),
        ("fine", "", None, "display_name"),
        ("fine", "Line\nbreak", None, "display_name"),
        ("fine", "Bell\x07", None, "display_name"),
        ("fine", "Fine", "not-an-address", "email"),
    ],
)
def test_create_user_refuses_bad_input_with_a_field(username, display_name, email, field):
    with pytest.raises(ValidationError) as raised:
        create_user(username, display_name, email)
    assert raised.value.field == field
    assert raised.value.message
    assert users() == 0


def test_usernames_and_email_domains_are_normalised():
    user = create_user("  Aino.K  ", "Aino  Kehittäjä", "Aino@Example.ORG")
    assert user.username == "aino.k"
    assert user.display_name == "Aino Kehittäjä"
    assert user.email == "Aino@example.org"
    with pytest.raises(Conflict):
        create_user("other", "Other", "aino@example.org")


def test_only_administrators_create_spaces():
    with pytest.raises(PermissionDenied):
        create_space(make_user(), name="Mine", slug="mine")
    assert db.session.scalar(select(Space).where(Space.slug == "mine")) is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "Bad Slug"}, "slug"),
        ({"slug": "double--dash"}, "slug"),
        ({"name": ""}, "name"),
        ({"colour": "red"}, "colour"),
        ({"description": "x" * 2001}, "description"),
    ],
)
def test_create_space_refuses_bad_input(changes, field):
    values = {"name": "Space", "slug": "space"} | changes
    with pytest.raises(ValidationError) as raised:
        create_space(admin(), **values)
    assert raised.value.field == field


def test_spaces_nest_one_level_and_slugs_are_unique():
    parent = make_space("parent")
    child = make_space("child", parent=parent)
    with pytest.raises(ValidationError):
        make_space("grandchild", parent=child)
    with pytest.raises(Conflict):
        make_space("parent")


def test_unknown_group_or_verb_in_grants_is_refused():
    with pytest.raises(ValidationError):
        make_space(grants={"nobody": ["read"]})
    with pytest.raises(ValidationError):
        make_space(grants={"registered": ["delete_everything"]})
