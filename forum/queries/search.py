"""The search page's data: a query run for a user, with results ready to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from forum.extensions import db
from forum.models import Bookmark, Organisation, Post, Region, Space, Topic, User
from forum.models.space import READ
from forum.permissions import can, group_names, is_admin
from forum.plugins_core.calls import hidden_document_types, search_document_types
from forum.search import IndexUnavailable, backend
from forum.search.analysis import fold
from forum.search.backend import SearchRequest, highlight_terms
from forum.search.highlight import SNIPPET_LENGTH, highlight
from forum.search.query import SORTS, TYPES, ParsedQuery, parse_query

PER_PAGE = 20
PAGE_MAX = 500


@dataclass
class ResultItem:
    key: str
    type: str
    title: Markup
    snippet: Markup
    url: str | None
    created_at: datetime
    space: str | None
    author: str | None
    type_label: str = ""  # a plugin's document type (its DocumentType label)


@dataclass
class SearchPage:
    text: str
    query: ParsedQuery
    page: int = 1
    per_page: int = PER_PAGE
    sort: str = "relevance"
    errors: list[str] = field(default_factory=list)
    unavailable: bool = False
    items: list[ResultItem] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def searched(self) -> bool:
        return not self.errors and not self.unavailable and not self.query.empty


def run_search(
    user: object,
    text: str,
    *,
    page: int = 1,
    sort: str = "relevance",
    filters: dict[str, str] | None = None,
    per_page: int = PER_PAGE,
    facets: bool = True,
) -> SearchPage:
    """Parse ``text`` (plus the form's filters: type, space, region), search as ``user``."""
    if filters:
        text = " ".join(
            [text, *(_filter_operator(name, value) for name, value in filters.items() if value)]
        ).strip()
    query = parse_query(text)
    result = SearchPage(text=text, query=query, per_page=per_page)
    result.errors.extend(query.errors)
    if sort not in SORTS:
        result.errors.append(_("Results are sorted by relevance or by date."))
    result.sort = sort
    if not 1 <= page <= PAGE_MAX:
        result.errors.append(_("There is no such page of results."))
    result.page = page
    if result.errors or query.empty:
        return result
    request = _resolve(user, query, result.errors)
    if result.errors:
        return result
    request.page, request.per_page, request.sort = page, per_page, sort
    try:
        found = backend().search(request, facets=facets)
    except IndexUnavailable:
        result.unavailable = True
        return result
    result.total = found.total
    result.items = _items(found.hits, highlight_terms(query))
    result.facets = _facet_labels(found.facets)
    return result


def _filter_operator(name: str, value: str) -> str:
    prefix = {"type": "type:", "space": "#", "region": "region:"}[name]
    return f"{prefix}{value.split()[0]}" if value.split() else ""


def _resolve(user: object, query: ParsedQuery, errors: list[str]) -> SearchRequest:
    signed_in = bool(getattr(user, "is_authenticated", False))
    request = SearchRequest(
        query=query,
        groups=None if is_admin(user) else group_names(user),
        hidden_types=hidden_document_types(),
    )
    if query.author:
        author = db.session.scalar(select(User.id).where(User.username == query.author))
        if author is None:
            errors.append(_("No one is called @%(name)s.", name=query.author))
        request.author_id = author
    if query.in_mine:
        if not signed_in:
            errors.append(_("Sign in to search your own posts."))
        else:
            request.author_id = user.id
    if query.space:
        space = db.session.scalar(select(Space).where(Space.slug == query.space))
        if space is None or not can(user, READ, space):
            errors.append(_("No space has the address #%(slug)s.", slug=query.space))
        else:
            request.space_id = space.id
    if query.region:
        request.region = _region_code(query.region)
        if request.region is None:
            errors.append(_("No region is called %(name)s.", name=query.region))
    if query.in_bookmarks:
        if not signed_in:
            errors.append(_("Sign in to search your bookmarks."))
        else:
            rows = db.session.execute(
                select(Post.id, Post.post_number, Post.topic_id)
                .join(Bookmark, Bookmark.post_id == Post.id)
                .where(Bookmark.user_id == user.id)
            )
            request.only_keys = frozenset(
                f"topic:{topic_id}" if number == 1 else f"post:{post_id}"
                for post_id, number, topic_id in rows
            )
    return request


def _region_code(value: str) -> str | None:
    wanted = fold(value).replace("-", " ")
    for region in db.session.scalars(select(Region)):
        names = (region.code, region.name_fi, region.name_sv, region.name_en)
        if any(fold(name).replace("-", " ") == wanted for name in names):
            return region.code
    return None


def _items(hits: list, terms: set[str]) -> list[ResultItem]:
    from forum.views.helpers import topic_url

    topic_ids = {h.topic_id for h in hits if h.topic_id}
    topics = {t.id: t for t in db.session.scalars(select(Topic).where(Topic.id.in_(topic_ids)))}
    space_ids = {h.space_id for h in hits if h.space_id}
    spaces = dict(
        db.session.execute(select(Space.id, Space.name).where(Space.id.in_(space_ids))).all()
    )
    author_ids = {h.author_id for h in hits if h.author_id}
    authors = dict(
        db.session.execute(select(User.id, User.display_name).where(User.id.in_(author_ids))).all()
    )
    plugin_types = {d.name: d for d in search_document_types()}
    pages = _page_urls(hits)
    items = []
    for hit in hits:
        topic = topics.get(hit.topic_id)
        url = pages.get(hit.key)
        if topic is not None:
            url = topic_url(topic, hit.post_number if hit.type == "post" else None)
        elif hit.type in plugin_types:
            url = plugin_types[hit.type].url(hit.object_id)
        title = topic.title if topic is not None else hit.title
        items.append(
            ResultItem(
                key=hit.key,
                type=hit.type,
                title=highlight(title, terms if hit.type != "post" else set()),
                snippet=highlight(hit.body, terms, SNIPPET_LENGTH),
                url=url,
                created_at=hit.created_at,
                space=spaces.get(hit.space_id),
                author=authors.get(hit.author_id),
                type_label=str(plugin_types[hit.type].label) if hit.type in plugin_types else "",
            )
        )
    return items


def _page_urls(hits: list) -> dict[str, str]:
    """Addresses of the people and organisations among ``hits``."""
    from flask import url_for

    user_ids = [h.object_id for h in hits if h.type == "user"]
    organisation_ids = [h.object_id for h in hits if h.type == "organisation"]
    urls = {
        f"user:{i}": url_for("people.profile", username=name)
        for i, name in db.session.execute(
            select(User.id, User.username).where(User.id.in_(user_ids))
        )
    }
    urls.update(
        (f"organisation:{i}", url_for("people.organisation", slug=slug))
        for i, slug in db.session.execute(
            select(Organisation.id, Organisation.slug).where(Organisation.id.in_(organisation_ids))
        )
    )
    return urls


def _facet_labels(facets: dict[str, dict[str, int]]) -> dict[str, list[tuple[str, str, int]]]:
    """Facet counts as (value for the filter, label, count), largest first."""
    labelled: dict[str, list[tuple[str, str, int]]] = {}
    space_ids = [int(v) for v in facets.get("space", {}) if v.isdigit()]
    spaces = {
        str(i): (slug, name)
        for i, slug, name in db.session.execute(
            select(Space.id, Space.slug, Space.name).where(Space.id.in_(space_ids))
        )
    }
    labelled["space"] = [
        (spaces[v][0], spaces[v][1], n) for v, n in facets.get("space", {}).items() if v in spaces
    ]
    type_labels = _type_labels()
    labelled["type"] = [(v, type_labels.get(v, v), n) for v, n in facets.get("type", {}).items()]
    codes = list(facets.get("region", {}))
    regions = dict(
        db.session.execute(select(Region.code, Region.name_fi).where(Region.code.in_(codes))).all()
    )
    labelled["region"] = [
        (code, regions.get(code, code), n) for code, n in facets.get("region", {}).items()
    ]
    for name in labelled:
        labelled[name].sort(key=lambda item: (-item[2], item[1]))
    return labelled


def _type_labels() -> dict[str, str]:
    return {
        "topic": _("Topics"),
        "post": _("Replies"),
        "user": _("People"),
        "organisation": _("Organisations"),
        "event": _("Events"),
        "practice": _("Practices"),
    } | {d.name: str(d.label) for d in search_document_types()}


def type_choices() -> list[tuple[str, str]]:
    labels = _type_labels()
    return [(t, labels[t]) for t in TYPES]


def region_choices() -> list[tuple[str, str]]:
    return [
        (code, name)
        for code, name in db.session.execute(
            select(Region.code, Region.name_fi)
            .where(Region.current.is_(True))
            .order_by(Region.code)
        )
    ]
