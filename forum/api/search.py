"""/api/v1/search: the same search as the page, as JSON."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions.errors import ValidationError
from forum.api import bp
from forum.api.errors import json_error
from forum.queries.pagination import page_number
from forum.queries.search import run_search

PER_PAGE_MAX = 50


@bp.get("/search")
def search():
    try:
        per_page = int(request.args.get("per_page", "20"))
    except ValueError:
        per_page = 0
    if not 1 <= per_page <= PER_PAGE_MAX:
        raise ValidationError(
            _("per_page is a number from 1 to %(max)d.", max=PER_PAGE_MAX), field="per_page"
        )
    result = run_search(
        current_user,
        request.args.get("q", ""),
        page=page_number(request.args.get("page")),
        sort=request.args.get("sort", "relevance"),
        per_page=per_page,
        facets=request.args.get("facets", "1") != "0",
    )
    if result.errors:
        raise ValidationError(" ".join(result.errors), field="q")
    if result.unavailable:
        return json_error(
            503, "search_unavailable", _("Search is being rebuilt. Try again in a few minutes.")
        )
    return jsonify(
        {
            "results": [
                {
                    "type": item.type,
                    "title": item.title.striptags(),
                    "title_html": str(item.title),
                    "snippet_html": str(item.snippet),
                    "url": item.url,
                    "created_at": item.created_at.isoformat(),
                    "space": item.space,
                    "author": item.author,
                }
                for item in result.items
            ],
            "page": result.page,
            "per_page": result.per_page,
            "total": result.total,
            "pages": result.pages,
            "facets": {
                name: [{"value": v, "label": label, "count": n} for v, label, n in values]
                for name, values in result.facets.items()
            },
        }
    )


_PARAMS = [
    {
        "name": "q",
        "in": "query",
        "required": True,
        "description": 'Words, "phrases", -exclusions and operators: @user #space tag: in:title '
        "in:bookmarks in:mine status:open|closed before:YYYY-MM-DD after: region: "
        "type:topic|post|user|organisation|event|practice",
        "schema": {"type": "string", "maxLength": 500},
    },
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "sort", "in": "query", "schema": {"enum": ["relevance", "date"]}},
    {"name": "facets", "in": "query", "schema": {"enum": ["0", "1"]}},
]
_FACET = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "value": {"type": "string"},
            "label": {"type": "string"},
            "count": {"type": "integer"},
        },
    },
}
_RESULT = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "title_html": {"type": "string"},
        "snippet_html": {"type": "string", "description": "Escaped text with <mark> matches"},
        "url": {"type": ["string", "null"]},
        "created_at": {"type": "string", "format": "date-time"},
        "space": {"type": ["string", "null"]},
        "author": {"type": ["string", "null"]},
    },
}
OPENAPI_PATH = {
    "get": {
        "summary": "Search what the caller may read",
        "parameters": _PARAMS,
        "responses": {
            "200": {
                "description": "One page of results, counted after the permission filter",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "results": {"type": "array", "items": _RESULT},
                                "page": {"type": "integer"},
                                "per_page": {"type": "integer"},
                                "total": {"type": "integer"},
                                "pages": {"type": "integer"},
                                "facets": {
                                    "type": "object",
                                    "additionalProperties": _FACET,
                                },
                            },
                        }
                    }
                },
            },
            "400": {"$ref": "#/components/responses/BadRequest"},
            "503": {"$ref": "#/components/responses/Unavailable"},
        },
    }
}
