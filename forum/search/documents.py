"""What the index holds: one ``SearchDocument`` per topic, reply, user, and plugin document.

A document carries the names of the groups that may read it, so the permission filter runs
inside the search. Deleted topics and posts are not indexed at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from forum.markup import excerpt
from forum.models import (
    Group,
    Organisation,
    Post,
    Profile,
    Space,
    SpacePermission,
    Topic,
    User,
)
from forum.models.group import EVERYONE, REGISTERED
from forum.models.profile import PUBLIC
from forum.models.space import CREATE_TOPIC, MESSAGES, MODERATE, READ, REPLY
from forum.search.analysis import detect_language

BODY_MAX = 20_000
# Topics loaded per statement when many are resolved together (a rebuild, a space).
TOPICS_AT_ONCE = 500
# Every verb that brings "read" with it (permissions.IMPLIED).
READING_VERBS = (READ, CREATE_TOPIC, REPLY, MODERATE)


@dataclass
class SearchDocument:
    key: str
    type: str
    object_id: int
    title: str
    body: str
    language: str
    groups: tuple[str, ...]
    created_at: datetime
    space_id: int | None = None
    author_id: int | None = None
    topic_id: int | None = None
    post_number: int | None = None
    tags: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    status: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _plugin_types() -> dict:
    """Plugins' document types (forum_gather_search_documents), switched-off plugins' too."""
    from forum.plugins_core.calls import indexed_document_types

    return indexed_document_types()


def read_groups(session: Session, space_id: int, moderators_only: bool = False) -> tuple[str, ...]:
    """Names of the groups that may read documents in a space."""
    verbs = (MODERATE,) if moderators_only else READING_VERBS
    names = session.scalars(
        select(Group.name)
        .join(SpacePermission, SpacePermission.group_id == Group.id)
        .where(SpacePermission.space_id == space_id, SpacePermission.verb.in_(verbs))
        .distinct()
    )
    return tuple(sorted(set(names)))


def _language(text: str, author: User | None) -> str:
    return detect_language(text, default=(author.locale if author and author.locale else "fi"))


def _topic_fields(session: Session, topic: Topic, groups_cache: dict) -> dict:
    cache_key = (topic.space_id, not topic.listed)
    if cache_key not in groups_cache:
        groups_cache[cache_key] = read_groups(session, topic.space_id, not topic.listed)
    return {
        "groups": groups_cache[cache_key],
        "space_id": topic.space_id,
        "topic_id": topic.id,
        "tags": tuple(tag.name for tag in topic.tags),
        "status": "closed" if topic.closed or topic.archived else "open",
    }


def _private(topic: Topic) -> bool:
    """Private conversations are never indexed: the index knows groups, not participants."""
    return topic.space.kind == MESSAGES


def topic_document(
    session: Session, topic: Topic, first: Post | None, groups_cache: dict | None = None
) -> SearchDocument | None:
    if topic.deleted_at is not None or first is None or first.deleted_at is not None:
        return None
    if _private(topic):
        return None
    body = excerpt(first.cooked, BODY_MAX)
    return SearchDocument(
        key=f"topic:{topic.id}",
        type="topic",
        object_id=topic.id,
        title=topic.title,
        body=body,
        language=_language(f"{topic.title}\n{body}", topic.user),
        created_at=topic.created_at,
        author_id=topic.user_id,
        post_number=1,
        **_topic_fields(session, topic, {} if groups_cache is None else groups_cache),
    )


def post_document(
    session: Session, post: Post, groups_cache: dict | None = None
) -> SearchDocument | None:
    topic = post.topic
    if post.deleted_at is not None or topic.deleted_at is not None or post.post_number == 1:
        return None
    if _private(topic):
        return None
    body = excerpt(post.cooked, BODY_MAX)
    return SearchDocument(
        key=f"post:{post.id}",
        type="post",
        object_id=post.id,
        title=topic.title,
        body=body,
        language=_language(body, post.user),
        created_at=post.created_at,
        author_id=post.user_id,
        post_number=post.post_number,
        **_topic_fields(session, topic, {} if groups_cache is None else groups_cache),
    )


def user_document(session: Session, user: User) -> SearchDocument | None:
    """PUBLIC fields only: the name and username always, organisations, sector, regions,
    themes and bio only where the person made them public."""
    if not user.active:
        return None
    profile = session.get(
        Profile,
        user.id,
        options=[selectinload(Profile.regions), selectinload(Profile.visibility_rows)],
    )
    public = (
        {name for name, level in profile.visibility().items() if level == PUBLIC}
        if profile
        else set()
    )
    words = [user.username]
    extra: dict[str, str] = {}
    if "organisations" in public:
        words += [m.organisation.name for m in profile.memberships]
    if "themes" in public:
        words += [theme.name for theme in profile.themes]
    if "bio" in public and profile.bio_cooked:
        words.append(excerpt(profile.bio_cooked, BODY_MAX))
    if "sector" in public and profile.sector:
        extra["sector"] = profile.sector
    return SearchDocument(
        key=f"user:{user.id}",
        type="user",
        object_id=user.id,
        title=user.display_name,
        body=" ".join(filter(None, words)),
        language=user.locale or "fi",
        groups=(REGISTERED,),
        created_at=user.created_at,
        author_id=user.id,
        regions=tuple(r.code for r in profile.regions) if "regions" in public else (),
        extra=extra,
    )


def organisation_document(session: Session, organisation: Organisation) -> SearchDocument:
    """An organisation: everything on its page is public."""
    text = " ".join(filter(None, [organisation.name, excerpt(organisation.description, BODY_MAX)]))
    return SearchDocument(
        key=f"organisation:{organisation.id}",
        type="organisation",
        object_id=organisation.id,
        title=organisation.name,
        body=" ".join(filter(None, [organisation.description, organisation.website])),
        language=detect_language(text, default="fi"),
        groups=(EVERYONE,),
        created_at=organisation.created_at,
        regions=(organisation.region.code,) if organisation.region else (),
        status="verified" if organisation.verified else None,
        extra={
            "slug": organisation.slug,
            **({"sector": organisation.sector} if organisation.sector else {}),
        },
    )


def topic_trees(
    session: Session, topic_ids: list[int]
) -> dict[int, list[tuple[str, SearchDocument | None]]]:
    """Each topic with every reply in it, as (key, document or None to delete): topics,
    replies and what the documents read of them loaded together, a few statements per call."""
    topics = {
        topic.id: topic
        for topic in session.scalars(
            select(Topic)
            .where(Topic.id.in_(topic_ids))
            .options(selectinload(Topic.tags), selectinload(Topic.user), selectinload(Topic.space))
        )
    }
    posts: dict[int, list[Post]] = {}
    for post in session.scalars(
        select(Post)
        .where(Post.topic_id.in_(list(topics)))
        .order_by(Post.topic_id, Post.id)
        .options(selectinload(Post.user))
    ):
        posts.setdefault(post.topic_id, []).append(post)
    cache: dict = {}
    trees: dict[int, list[tuple[str, SearchDocument | None]]] = {}
    for topic_id in topic_ids:
        topic = topics.get(topic_id)
        if topic is None:
            trees[topic_id] = [(f"topic:{topic_id}", None)]
            continue
        replies = posts.get(topic_id, [])
        first = next((p for p in replies if p.post_number == 1), None)
        tree = [(f"topic:{topic_id}", topic_document(session, topic, first, cache))]
        tree.extend(
            (f"post:{post.id}", post_document(session, post, cache))
            for post in replies
            if post.post_number != 1
        )
        trees[topic_id] = tree
    return trees


def topic_tree(session: Session, topic_id: int) -> Iterator[tuple[str, SearchDocument | None]]:
    """The topic and every reply in it, as (key, document or None to delete)."""
    yield from topic_trees(session, [topic_id])[topic_id]


def resolve(session: Session, key: str) -> Iterator[tuple[str, SearchDocument | None]]:
    """The documents a queued key stands for: (key, document or None to delete it).

    Keys: ``topic:<id>`` (the topic with its replies), ``post:<id>``, ``user:<id>``,
    ``organisation:<id>``,
    ``space:<id>`` (every topic in it, after a permission change) and plugin types.
    """
    kind, _sep, raw_id = key.partition(":")
    object_id = int(raw_id)
    if kind == "topic":
        yield from topic_tree(session, object_id)
    elif kind == "post":
        # The reply with what its document reads (author, topic, space, tags) in two statements.
        post = session.get(
            Post,
            object_id,
            options=[
                joinedload(Post.user),
                joinedload(Post.topic).joinedload(Topic.space),
                joinedload(Post.topic).selectinload(Topic.tags),
            ],
        )
        if post is None:
            yield key, None
        elif post.post_number == 1:
            yield from topic_tree(session, post.topic_id)
        else:
            yield key, post_document(session, post)
    elif kind == "user":
        user = session.get(User, object_id)
        yield key, user_document(session, user) if user else None
    elif kind == "organisation":
        organisation = session.get(Organisation, object_id)
        yield key, organisation_document(session, organisation) if organisation else None
    elif kind == "space":
        topic_ids = list(session.scalars(select(Topic.id).where(Topic.space_id == object_id)))
        for start in range(0, len(topic_ids), TOPICS_AT_ONCE):
            chunk = topic_ids[start : start + TOPICS_AT_ONCE]
            for tree in topic_trees(session, chunk).values():
                yield from tree
    elif kind in (plugin_types := _plugin_types()):
        yield key, plugin_types[kind].load(session, object_id)
    else:
        raise ValueError(f"unknown search document key {key!r}")


def resolve_many(session: Session, keys: list[str]) -> list[tuple[str, SearchDocument | None]]:
    """``resolve`` for each key in turn, the topics among them loaded together."""
    topic_ids = [int(key.partition(":")[2]) for key in keys if key.startswith("topic:")]
    trees: dict[int, list[tuple[str, SearchDocument | None]]] = {}
    for start in range(0, len(topic_ids), TOPICS_AT_ONCE):
        trees.update(topic_trees(session, topic_ids[start : start + TOPICS_AT_ONCE]))
    changes: list[tuple[str, SearchDocument | None]] = []
    for key in keys:
        if key.startswith("topic:"):
            changes.extend(trees[int(key.partition(":")[2])])
        else:
            changes.extend(resolve(session, key))
    return changes


def all_keys(session: Session) -> Iterator[str]:
    """Every key a full rebuild indexes (topics bring their replies)."""
    for topic_id in session.scalars(select(Topic.id).order_by(Topic.id)):
        yield f"topic:{topic_id}"
    for user_id in session.scalars(select(User.id).order_by(User.id)):
        yield f"user:{user_id}"
    for organisation_id in session.scalars(select(Organisation.id).order_by(Organisation.id)):
        yield f"organisation:{organisation_id}"
    for name, document_type in _plugin_types().items():
        for object_id in document_type.keys(session):
            yield f"{name}:{object_id}"


def count_documents(session: Session) -> dict[str, int]:
    """How many documents of each core type the database says the index should hold."""
    from sqlalchemy import func

    public = Topic.space_id.in_(select(Space.id).where(Space.kind != MESSAGES))
    topics = session.scalar(
        select(func.count(Topic.id))
        .join(Post, (Post.topic_id == Topic.id) & (Post.post_number == 1))
        .where(Topic.deleted_at.is_(None), Post.deleted_at.is_(None), public)
    )
    posts = session.scalar(
        select(func.count(Post.id))
        .join(Topic, Topic.id == Post.topic_id)
        .where(Post.post_number > 1, Post.deleted_at.is_(None), Topic.deleted_at.is_(None), public)
    )
    users = session.scalar(select(func.count(User.id)).where(User.active.is_(True)))
    organisations = session.scalar(select(func.count(Organisation.id)))
    return {
        "topic": topics or 0,
        "post": posts or 0,
        "user": users or 0,
        "organisation": organisations or 0,
    }


def space_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Space.id)))
