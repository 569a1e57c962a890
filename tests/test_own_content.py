"""A person's posts in their data export, and what erasure leaves of them."""

import io
import json
import zipfile

from sqlalchemy import func, select

from forum.actions.erasure import erase_account
from forum.actions.posts import edit_post
from forum.actions.reactions import add_reaction
from forum.actions.reading import add_bookmark
from forum.extensions import db
from forum.models import Post, PostRevision
from tests.conftest import login
from tests.factories import make_post, make_topic, make_user
from tests.helpers import csrf_token


def test_the_export_holds_the_persons_posts_and_reactions(client):
    aino = make_user("aino")
    topic = make_topic(aino, title="Kehittämisklinikka", raw="Ensimmäinen viesti")
    reply = make_post(topic, make_user(), "A reply")
    add_reaction(aino, reply, "thanks")
    add_bookmark(aino, reply, note="muista")
    login(client, aino)
    start = client.post(
        "/account/export", data={"csrf_token": csrf_token(client, "/account/settings")}
    )
    data = json.loads(
        zipfile.ZipFile(io.BytesIO(client.get(start.headers["Location"]).data)).read("account.json")
    )
    assert [(p["topic_title"], p["raw"]) for p in data["posts"]] == [
        ("Kehittämisklinikka", "Ensimmäinen viesti")
    ]
    assert data["activity"]["reactions"][0]["kind"] == "thanks"
    assert data["activity"]["bookmarks"][0]["note"] == "muista"


def test_after_erasure_posts_show_an_anonymous_author(client):
    aino = make_user("aino", display_name="Aino Kehittäjä")
    topic = make_topic(aino, raw="Kept for the discussion")
    erase_account(aino)
    page = client.get(f"/t/{topic.id}").text
    assert "Kept for the discussion" in page
    assert "Entinen jäsen" in page
    assert "Aino Kehittäjä" not in page
    assert "@aino" not in page


def test_erasure_with_deletion_removes_the_text_and_its_history(client):
    aino = make_user("aino")
    topic = make_topic(make_user(), raw="Someone else's topic")
    post = make_post(topic, aino, "First words")
    edit_post(aino, post, "Second thoughts")
    erase_account(aino, delete_content=True)
    page = client.get(f"/t/{topic.id}").text
    assert "First words" not in page
    assert "Second thoughts" not in page
    db.session.rollback()
    stored = db.session.scalar(select(Post).where(Post.id == post.id))
    assert (stored.raw, stored.cooked, stored.deleted_at is not None) == ("", "", True)
    assert db.session.scalar(select(func.count()).select_from(PostRevision)) == 0
    db.session.refresh(topic)
    assert topic.posts_count == 1
