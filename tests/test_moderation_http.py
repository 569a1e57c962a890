"""Moderation pages: flag form, review queue, hide button, slow mode, penalties, audit log."""

from datetime import timedelta

from sqlalchemy import select

from forum.actions.moderation import penalise
from forum.actions.tokens import create_api_token
from forum.extensions import db
from forum.models import AuditRecord, Flag, Post
from forum.models.base import utcnow
from forum.models.group import EVERYONE, MODERATORS, REGISTERED
from tests.conftest import login
from tests.factories import make_admin, make_moderator, make_space, make_topic, make_user
from tests.helpers import csrf_token

GRANTS = {
    EVERYONE: ["see", "read"],
    REGISTERED: ["create_topic", "reply"],
    MODERATORS: ["moderate"],
}


def first_post(topic) -> Post:
    return db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.post_number == 1))


def test_flag_a_post_and_decide_it_in_the_review_queue(app, client):
    author, reader, moderator = make_user("author"), make_user("reader"), make_moderator()
    topic = make_topic(author, make_space(grants=GRANTS), raw="Cheap watches here")
    post = first_post(topic)
    login(client, reader)
    page = client.get(f"/t/{topic.id}")
    assert f"/p/{post.id}/flag" in page.text
    token = csrf_token(client, f"/p/{post.id}/flag")
    sent = client.post(
        f"/p/{post.id}/flag", data={"reason": "spam", "message": "ads", "csrf_token": token}
    )
    assert sent.status_code == 200
    again = client.post(f"/p/{post.id}/flag", data={"reason": "spam", "csrf_token": token})
    assert again.status_code == 409
    assert client.get("/review").status_code == 403

    mod = app.test_client()
    login(mod, moderator)
    queue = mod.get("/review")
    assert "Cheap watches here" in queue.text
    assert "ads" in queue.text
    token = csrf_token(mod, "/review")
    decided = mod.post(
        f"/review/posts/{post.id}",
        data={"outcome": "agreed", "reason": "Advertising", "csrf_token": token},
    )
    assert decided.status_code == 303
    assert db.session.scalar(select(Flag.outcome)) == "agreed"
    assert first_post(topic).deleted_at is not None


def test_flags_through_the_api(client):
    author, reader = make_user("author"), make_user("reader")
    post = first_post(make_topic(author))
    headers = {"Authorization": f"Bearer {create_api_token(reader, 'test')[1]}"}
    made = client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "spam"}, headers=headers)
    assert made.status_code == 201
    twice = client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "spam"}, headers=headers)
    assert (twice.status_code, twice.get_json()["error"]) == (409, "conflict")
    own = {"Authorization": f"Bearer {create_api_token(author, 'test')[1]}"}
    mine = client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "spam"}, headers=own)
    assert mine.status_code == 400


def test_hide_button_and_slow_mode_for_moderators_only(app, client):
    moderator, reader = make_moderator(), make_user("reader")
    topic = make_topic(make_user(), make_space(grants=GRANTS))
    post = first_post(topic)
    login(client, reader)
    token = csrf_token(client, f"/t/{topic.id}")
    assert f"/p/{post.id}/hide" not in client.get(f"/t/{topic.id}").text
    refused = client.post(f"/p/{post.id}/hide", data={"outcome": "hide", "csrf_token": token})
    assert refused.status_code == 403
    mod = app.test_client()
    login(mod, moderator)
    token = csrf_token(mod, f"/t/{topic.id}")
    assert f"/p/{post.id}/hide" in mod.get(f"/t/{topic.id}").text
    assert (
        mod.post(
            f"/t/{topic.id}/slow-mode", data={"seconds": "60", "csrf_token": token}
        ).status_code
        == 303
    )
    assert (
        mod.post(f"/p/{post.id}/hide", data={"outcome": "hide", "csrf_token": token}).status_code
        == 303
    )
    assert first_post(topic).deleted_at is not None


def test_a_suspended_account_is_signed_out_and_its_token_refused(client):
    person = make_user("person")
    headers = {"Authorization": f"Bearer {create_api_token(person, 'test')[1]}"}
    login(client, person)
    assert client.get("/notifications").status_code == 200
    assert client.get("/api/v1/notifications", headers=headers).status_code == 200
    penalise(make_moderator(), person, "suspend", utcnow() + timedelta(days=2), "Spamming")
    assert client.get("/notifications").status_code == 403
    home = client.get("/")
    assert "Spamming" in home.text  # the reason, on the page the person sees
    assert client.get("/api/v1/notifications", headers=headers).status_code == 401


def test_administrators_filter_and_export_the_audit_log(app, client):
    moderator, person = make_moderator("modx"), make_user("person")
    penalise(moderator, person, "silence", utcnow() + timedelta(days=1), "=cmd|' /C calc'!A0")
    login(client, make_admin())
    page = client.get("/admin/audit?action=user.&actor=modx")
    assert "user.silence" in page.text
    assert "user.silence" not in client.get("/admin/audit?actor=person").text
    export = client.get("/admin/audit.csv?subject=person")
    assert export.mimetype == "text/csv"
    assert "user.silence" in export.text
    header, row = export.text.splitlines()[:2]
    assert header.startswith("id,created_at,actor_id")
    assert '""reason"": ""=cmd' in row  # details as JSON: never a cell that starts a formula
    outsider = app.test_client()
    login(outsider, moderator)
    assert outsider.get("/admin/audit").status_code == 404
    assert db.session.scalar(select(AuditRecord.action)) == "user.silence"


def test_a_moderator_sets_holding_and_approves_from_the_queue(app, client):
    moderator, newcomer = make_moderator(), make_user("newcomer")
    space = make_space("held", grants=GRANTS)
    mod = app.test_client()
    login(mod, moderator)
    token = csrf_token(mod, "/s/held")
    assert mod.post("/s/held/hold", data={"count": "2", "csrf_token": token}).status_code == 303
    assert mod.post("/s/held/hold", data={"count": "-1", "csrf_token": token}).status_code == 400
    topic = make_topic(newcomer, space, title="A newcomer asks")
    login(client, make_user("reader"))
    assert client.get(f"/t/{topic.id}").status_code == 404
    queue = mod.get("/review")
    assert "A newcomer asks" in queue.text
    post = first_post(topic)
    decided = mod.post(f"/review/held/{post.id}", data={"outcome": "approve", "csrf_token": token})
    assert decided.status_code == 303
    assert client.get(f"/t/{topic.id}").status_code == 200


def test_report_an_account_and_deal_with_it_in_the_queue(app, client):
    reporter, troll, moderator = make_user("reporter"), make_user("troll"), make_moderator()
    make_topic(troll, make_space(grants=GRANTS))
    login(client, reporter)
    token = csrf_token(client, "/u/troll/report")
    empty = client.post("/u/troll/report", data={"message": " ", "csrf_token": token})
    assert empty.status_code == 400
    sent = client.post("/u/troll/report", data={"message": "Insults everyone", "csrf_token": token})
    assert sent.status_code == 200
    again = client.post("/u/troll/report", data={"message": "Again", "csrf_token": token})
    assert again.status_code == 409
    self_report = client.post("/u/reporter/report", data={"message": "Me", "csrf_token": token})
    assert self_report.status_code == 400

    weaver = make_user("weaver")  # moderates a space, not accounts
    weavers = app.test_client()
    from forum.actions.groups import add_member
    from tests.factories import admin, make_group

    group = make_group("weavers-y")
    add_member(admin(), group, weaver)
    make_space("theirs", grants={**GRANTS, group.name: ["moderate"]})
    login(weavers, weaver)
    assert "Insults everyone" not in weavers.get("/review").text

    mod = app.test_client()
    login(mod, moderator)
    queue = mod.get("/review")
    assert "Insults everyone" in queue.text
    token = csrf_token(mod, "/review")
    penalty = mod.post(
        "/review/users/troll",
        data={"kind": "silence", "days": "3", "reason": "Be civil", "csrf_token": token},
    )
    assert penalty.status_code == 303
    closed = mod.post("/review/users/troll/close", data={"csrf_token": token})
    assert closed.status_code == 303
    assert "Insults everyone" not in mod.get("/review").text
    actions = list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))
    assert actions == ["user.silence", "user.reports_closed"]
