"""Starting topics, replying, and what bad input gets, through the pages."""

import html

import pytest
from sqlalchemy import func, select

from forum.actions.topics import set_topic_status
from forum.extensions import db
from forum.models import Draft, Post, Topic
from tests.conftest import login
from tests.factories import REGISTERED_ONLY, admin, make_post, make_space, make_topic, make_user
from tests.helpers import csrf_token


def posts_in(topic: Topic) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Post).where(Post.topic_id == topic.id)
    )


@pytest.fixture
def aino(client):
    user = make_user("aino")
    login(client, user)
    return user


def test_a_registered_actor_starts_a_topic_and_replies(client, aino):
    space = make_space("yleinen", name="Yleinen")
    token = csrf_token(client, "/s/yleinen/new-topic")
    answer = client.post(
        "/s/yleinen/new-topic",
        data={
            "title": "Kehittämisklinikka Kainuussa",
            "raw": "Kuka lähtee **mukaan**?",
            "tags": "klinikka, kainuu",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 303
    topic = db.session.scalar(select(Topic).where(Topic.space_id == space.id))
    assert answer.headers["Location"].startswith(f"/t/{topic.id}/kehittamisklinikka-kainuussa")
    page = client.get(answer.headers["Location"]).text
    assert "Kehittämisklinikka Kainuussa" in page
    assert "Kuka lähtee <strong>mukaan</strong>?" in page
    assert "#klinikka" in page
    assert "#kainuu" in page

    reply = client.post(
        f"/t/{topic.id}/reply",
        data={"raw": "Minä!", "reply_to": "1", "csrf_token": csrf_token(client, f"/t/{topic.id}")},
    )
    assert reply.status_code == 303
    assert reply.headers["Location"].endswith("#p2")
    page = client.get(f"/t/{topic.id}").text
    assert "Minä!" in page
    assert "in reply to" in page or "vastauksena" in page


def test_anonymous_visitors_read_but_cannot_write(client):
    topic = make_topic(space=make_space("open"))
    assert client.get(f"/t/{topic.id}").status_code == 200
    assert client.get("/s/open/new-topic").status_code == 403
    token = csrf_token(client, f"/t/{topic.id}")
    assert (
        client.post(f"/t/{topic.id}/reply", data={"raw": "x", "csrf_token": token}).status_code
        == 403
    )
    assert posts_in(topic) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Hi", "raw": "Body text"}, "3"),
        ({"title": "x" * 201, "raw": "Body text"}, "200"),
        ({"title": "A fine title", "raw": "   "}, "empty"),
        ({"title": "A fine title", "raw": "nul\x00byte"}, "control"),
        ({"title": "A fine title", "raw": "x" * 32_001}, "32000"),
        ({"title": "A fine title", "raw": "Body", "tags": "not/valid"}, "tag"),
        ({"title": "A fine title", "raw": "Body", "tags": "a b c d e f"}, "5"),
    ],
)
def test_bad_topic_input_gets_a_clear_error_and_keeps_the_text(client, aino, data, message):
    make_space("s")
    data = {"csrf_token": csrf_token(client, "/s/s/new-topic"), **data}
    answer = client.post("/s/s/new-topic", data=data, headers={"Accept-Language": "en"})
    assert answer.status_code == 400
    assert "Please check the form" in answer.text or "Tarkista lomake" in answer.text
    assert message in answer.text
    if data["raw"].strip() and "\x00" not in data["raw"] and len(data["raw"]) < 100:
        assert data["raw"] in answer.text
    assert db.session.scalar(select(func.count()).select_from(Topic)) == 0


def test_invalid_utf8_in_a_form_is_no_server_error(client, aino):
    topic = make_topic()
    body = b"raw=%FF%FE%00bad&csrf_token=" + csrf_token(client, f"/t/{topic.id}").encode()
    answer = client.post(
        f"/t/{topic.id}/reply", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 400
    assert posts_in(topic) == 1


def test_unknown_ids_are_404(client, aino):
    assert client.get("/t/999999").status_code == 404
    assert client.get("/p/999999").status_code == 404
    assert client.get("/s/nope/new-topic").status_code == 404
    token = csrf_token(client)
    assert client.post("/t/999999/reply", data={"raw": "x", "csrf_token": token}).status_code == 404


def test_no_topic_in_a_space_the_user_may_not_post_in(client, aino):
    make_space("readonly", grants={"everyone": ["see", "read"]})
    token = csrf_token(client)
    answer = client.post(
        "/s/readonly/new-topic", data={"title": "Hello there", "raw": "Body", "csrf_token": token}
    )
    assert answer.status_code == 403
    assert "Body" in answer.text  # the text is kept in the form


def test_a_reply_to_a_closed_topic_is_refused_and_the_text_kept(client, aino):
    topic = make_topic()
    set_topic_status(admin(), topic, closed=True)
    answer = client.post(
        f"/t/{topic.id}/reply",
        data={"raw": "My careful reply", "csrf_token": csrf_token(client, f"/t/{topic.id}")},
        headers={"Accept-Language": "en"},
    )
    assert answer.status_code == 403
    assert "closed" in answer.text
    assert "My careful reply" in answer.text
    assert posts_in(topic) == 1


def test_a_reply_to_a_missing_post_number_is_refused(client, aino):
    topic = make_topic()
    answer = client.post(
        f"/t/{topic.id}/reply",
        data={"raw": "Reply", "reply_to": "77", "csrf_token": csrf_token(client, f"/t/{topic.id}")},
    )
    assert answer.status_code == 400
    assert posts_in(topic) == 1


def test_script_in_a_post_is_shown_as_text(client, aino):
    topic = make_topic(raw='<script>alert("x")</script> [click](javascript:alert(1))')
    page = client.get(f"/t/{topic.id}").text
    assert '<script>alert("x")' not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;" in page


def test_drafts_survive_a_closed_tab_and_go_when_posted(client, aino):
    make_space("s")
    token = csrf_token(client, "/s/s/new-topic")
    saved = client.post(
        "/s/s/new-topic",
        data={
            "title": "Half a title",
            "raw": "A long text in progress",
            "save_draft": "1",
            "csrf_token": token,
        },
    )
    assert saved.status_code == 200
    again = client.get("/s/s/new-topic").text
    assert "Half a title" in again
    assert "A long text in progress" in again
    client.post("/s/s/new-topic", data={"title": "Whole title", "raw": "Done", "csrf_token": token})
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0


def test_quote_prefills_the_composer_with_a_quote_of_the_post(client, aino):
    author = make_user("liisa")
    topic = make_topic(author, raw="Ecosystem maps help weavers.")
    page = html.unescape(client.get(f"/t/{topic.id}/reply?quote=1").text)
    assert f'[quote="liisa, post:1, topic:{topic.id}"]' in page
    assert "Ecosystem maps help weavers." in page


def test_registered_only_space_is_not_readable_anonymously(client):
    topic = make_topic(space=make_space("members", grants=REGISTERED_ONLY))
    assert client.get(f"/t/{topic.id}").status_code == 404
    login(client, make_user())
    assert client.get(f"/t/{topic.id}").status_code == 200


def test_post_permalink_goes_to_the_right_page_and_anchor(app, client):
    topic = make_topic()
    author = make_user()
    for _ in range(app.config["POSTS_PER_PAGE"] + 2):
        last = make_post(topic, author)
    answer = client.get(f"/p/{last.id}")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"page=2#p{last.post_number}")
    assert f'id="p{last.post_number}"' in client.get(answer.headers["Location"]).text
