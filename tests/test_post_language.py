"""A post records the language it is written in, and the page marks a post whose language
differs from the page's with ``lang`` (WCAG 3.1.2), so a screen reader reads it right."""

from __future__ import annotations

import re

from forum.actions.posts import edit_post
from tests.conftest import login
from tests.factories import make_post, make_topic, make_user

FINNISH = (
    "Etsimme kumppania, joka on mukana liikuntaneuvonnan kehittämisessä ja myös rahoituksessa."
)
SWEDISH = "Vi söker en partner som kan vara med och utveckla modellen för hela regionen."
ENGLISH = "We are looking for a partner who is in the same kind of work and with the same aims."


def body_lang(page: str, number: int) -> str | None:
    """The lang attribute of post ``number``'s body, None when it has none."""
    article = page[page.index(f'id="p{number}"') :]
    tag = re.search(r'<div class="post__body"([^>]*)>', article).group(1)
    found = re.search(r'lang="([a-z]+)"', tag)
    return found.group(1) if found else None


def test_a_post_in_another_language_than_the_page_is_marked(client):
    topic = make_topic(make_user(locale="fi"), raw=FINNISH)
    make_post(topic, make_user(locale="fi"), SWEDISH)
    make_post(topic, make_user(locale="sv"), ENGLISH)
    finnish_page = client.get(f"/t/{topic.id}", headers={"Accept-Language": "fi"}).text
    assert [body_lang(finnish_page, n) for n in (1, 2, 3)] == [None, "sv", "en"]
    swedish_page = client.get(f"/t/{topic.id}", headers={"Accept-Language": "sv"}).text
    assert [body_lang(swedish_page, n) for n in (1, 2, 3)] == ["fi", None, "en"]


def test_a_short_text_takes_the_authors_language_and_quotations_do_not_count(client):
    swede = make_user(locale="sv")
    topic = make_topic(make_user(locale="fi"), raw=FINNISH)
    make_post(topic, swede, "Tack!")
    quoting = f"> {SWEDISH}\n\nTämä on hyvä ajatus, ja se sopii myös meille."
    make_post(topic, swede, quoting)
    page = client.get(f"/t/{topic.id}", headers={"Accept-Language": "fi"}).text
    assert body_lang(page, 2) == "sv"
    assert body_lang(page, 3) is None


def test_an_edit_records_the_new_language_and_the_live_event_carries_it(client, captured_events):
    author = make_user(locale="fi")
    topic = make_topic(author, raw=FINNISH)
    post = make_post(topic, author, FINNISH)
    created = [p for name, _, p in captured_events if name == "post.created"]
    assert created[-1]["language"] == "fi"
    edit_post(author, post, SWEDISH)
    updated = [p for name, _, p in captured_events if name == "post.updated"]
    assert updated[-1]["language"] == "sv"
    login(client, author)
    page = client.get(f"/t/{topic.id}", headers={"Accept-Language": "fi"}).text
    assert body_lang(page, 2) == "sv"
