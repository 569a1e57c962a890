"""Titles and names must show something: text made only of invisible characters is refused,
and bidirectional overrides, which would make a title show other words than it holds, are
removed."""

from __future__ import annotations

import pytest

from forum.actions.errors import ValidationError
from forum.actions.profiles import update_profile
from forum.actions.topics import edit_topic
from forum.actions.users import create_user
from tests.factories import make_space, make_topic, make_user
from tests.test_http_input import bearer

INVISIBLE = [
    "\u202e\u202e\u202e\u202e\u202e",  # right-to-left override
    "\u200b\u200b\u200b\u200b\u200b",  # zero-width space
    "\u200b \u200c \u200d \u2060 \ufeff",  # zero-width joiners, word joiner, BOM, spaces
    "\u2066\u2067\u2068\u2069\u200e\u200f",  # isolates and direction marks
    "\u3164\u3164\u3164\u3164\u3164",  # Hangul filler
    "\u00a0\u2003\u3000\u00a0\u2003",  # no-break, em and ideographic spaces
]
INVISIBLE_IDS = ["rlo", "zwsp", "joiners", "isolates", "hangul-filler", "wide-spaces"]


@pytest.mark.parametrize("title", INVISIBLE, ids=INVISIBLE_IDS)
def test_a_title_of_invisible_characters_is_refused_through_the_api(client, title):
    space = make_space()
    answer = client.post(
        "/api/v1/topics",
        json={"space_id": space.id, "title": title, "raw": "Body"},
        headers=bearer(make_user()),
    )
    assert answer.status_code == 400, answer.text
    assert answer.get_json()["field"] == "title"


@pytest.mark.parametrize("title", INVISIBLE, ids=INVISIBLE_IDS)
def test_a_title_edited_to_invisible_characters_is_refused(title):
    author = make_user()
    topic = make_topic(author, title="A visible title")
    with pytest.raises(ValidationError) as refused:
        edit_topic(author, topic, title=title)
    assert refused.value.field == "title"


def test_bidirectional_overrides_are_removed_from_a_title():
    author = make_user()
    topic = make_topic(author, title="Invoice \u202egpj.exe\u202c for \u2067you\u2069")
    assert topic.title == "Invoice gpj.exe for you"
    edit_topic(author, topic, title="\u202dKainuu\u202c \u200fmeeting")
    assert topic.title == "Kainuu \u200fmeeting"


def test_a_title_in_a_right_to_left_script_is_kept():
    topic = make_topic(title="\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645")
    assert topic.title == "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645"


@pytest.mark.parametrize("name", INVISIBLE, ids=INVISIBLE_IDS)
def test_a_display_name_of_invisible_characters_is_refused(name):
    with pytest.raises(ValidationError) as refused:
        create_user("ghost", name)
    assert refused.value.field == "display_name"
    person = make_user()
    with pytest.raises(ValidationError):
        update_profile(person, display_name=name)
