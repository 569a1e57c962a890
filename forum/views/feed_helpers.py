"""Building Atom entries and iCalendar descriptions from news items and events."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Response, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin

from forum.feeds import atom, ical, opening_posts
from forum.models import Event, NewsItem, Post, Topic
from forum.views.helpers import author

#: Feeds answer as an anonymous visitor would see the forum: a feed reader has no session.
ANONYMOUS = AnonymousUserMixin()


def _entry(topic: Topic, post: Post | None, summary: str) -> atom.Entry:
    edited = post.edited_at if post else None
    return atom.Entry(
        id=url_for("topics.show", topic_id=topic.id, _external=True),
        title=topic.title,
        url=url_for("topics.show", topic_id=topic.id, slug=topic.slug, _external=True),
        published=topic.created_at,
        updated=max(topic.created_at, edited) if edited else topic.created_at,
        author=author(topic.user),
        summary=summary,
        content_html=post.cooked if post else "",
        categories=(topic.space.name,),
    )


def news_entries(items: Sequence[NewsItem]) -> list[atom.Entry]:
    posts = opening_posts(i.topic_id for i in items)
    return [_entry(i.topic, posts.get(i.topic_id), i.lead) for i in items]


def event_summary(event: Event) -> str:
    when = format_datetime(event.starts_at, "medium")
    where = " · ".join(p for p in (event.place, event.online_url) if p)
    text = f"{when} – {where}" if where else when
    if event.cancelled:
        text = _("Cancelled: %(text)s", text=text)
    return text


def event_entries(events: Sequence[Event]) -> list[atom.Entry]:
    posts = opening_posts(e.topic_id for e in events)
    return [_entry(e.topic, posts.get(e.topic_id), event_summary(e)) for e in events]


def atom_response(title: str, self_url: str, page_url: str, entries: list[atom.Entry]) -> Response:
    body = atom.render(
        feed_id=self_url,
        title=title,
        self_url=self_url,
        page_url=page_url,
        lang=str(get_locale() or "fi"),
        entries=entries,
    )
    return Response(body, mimetype=atom.MIMETYPE)


def ical_response(events: Sequence[Event], name: str, filename: str) -> Response:
    posts = opening_posts(e.topic_id for e in events)
    descriptions = {}
    for event in events:
        post = posts.get(event.topic_id)
        text = post.raw if post else ""
        if event.cancelled and event.cancel_reason:
            text = f"{_('Cancelled')}: {event.cancel_reason}\n\n{text}"
        descriptions[event.topic_id] = text
    body = ical.render(events, descriptions, name=name)
    response = Response(body, mimetype=ical.MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
