"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from forum.api import bp
from forum.api import openapi_events as event_paths
from forum.api import openapi_messages as message_paths
from forum.api import openapi_notifications as notification_paths
from forum.api import openapi_people as people_paths
from forum.api.search import OPENAPI_PATH as SEARCH_PATH
from forum.plugins_core.calls import api_paths

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Schema, description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
}
PAGE_PARAM = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}


def _id_param(name: str) -> Schema:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _body(schema: Schema) -> Schema:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


_paged = people_paths.paged


USER = {
    "type": ["object", "null"],
    "required": ["username", "display_name"],
    "properties": {"username": {"type": "string"}, "display_name": {"type": "string"}},
}
SPACE = {
    "type": "object",
    "required": [
        "id",
        "slug",
        "name",
        "description",
        "colour",
        "parent_id",
        "position",
        "url",
        "can",
    ],
    "properties": {
        "id": {"type": "integer"},
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "colour": {"type": "string"},
        "parent_id": {"type": ["integer", "null"]},
        "position": {"type": "integer"},
        "url": {"type": "string"},
        "can": {"type": "object", "additionalProperties": {"type": "boolean"}},
    },
}
TOPIC = {
    "type": "object",
    "required": [
        "id",
        "space_id",
        "title",
        "slug",
        "kind",
        "tags",
        "author",
        "created_at",
        "bumped_at",
        "posts_count",
        "last_post_number",
        "last_read_post_number",
        "pinned",
        "pinned_globally",
        "closed",
        "archived",
        "listed",
        "url",
        "can",
    ],
    "properties": {
        "id": {"type": "integer"},
        "space_id": {"type": "integer"},
        "title": {"type": "string"},
        "slug": {"type": "string"},
        "kind": {"type": "string", "enum": ["discussion", "news", "event"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "author": _ref("UserSummary"),
        "created_at": {"type": "string", "format": "date-time"},
        "bumped_at": {"type": "string", "format": "date-time"},
        "posts_count": {"type": "integer"},
        "last_post_number": {"type": "integer"},
        "last_read_post_number": {"type": ["integer", "null"]},
        "unread": {"type": "integer", "description": "In lists: posts the caller has not read"},
        "pinned": {"type": "boolean"},
        "pinned_globally": {"type": "boolean"},
        "closed": {"type": "boolean"},
        "archived": {"type": "boolean"},
        "listed": {"type": "boolean"},
        "url": {"type": "string"},
        "can": {"type": "object", "additionalProperties": {"type": "boolean"}},
    },
}
POST = {
    "type": "object",
    "required": [
        "id",
        "topic_id",
        "post_number",
        "author",
        "reply_to_post_number",
        "created_at",
        "edited_at",
        "version",
        "deleted",
        "raw",
        "cooked",
    ],
    "properties": {
        "id": {"type": "integer"},
        "topic_id": {"type": "integer"},
        "post_number": {"type": "integer"},
        "author": _ref("UserSummary"),
        "reply_to_post_number": {"type": ["integer", "null"]},
        "created_at": {"type": "string", "format": "date-time"},
        "edited_at": {"type": ["string", "null"], "format": "date-time"},
        "version": {"type": "integer"},
        "deleted": {"type": "boolean"},
        "raw": {"type": ["string", "null"], "description": "Markdown as written"},
        "cooked": {"type": ["string", "null"], "description": "Sanitised HTML"},
        "reactions": {"type": "object", "additionalProperties": {"type": "integer"}},
        "my_reactions": {"type": "array", "items": {"type": "string"}},
        "can": {"type": "object", "additionalProperties": {"type": "boolean"}},
    },
}
ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "Stable code, e.g. invalid, forbidden"},
        "message": {"type": "string", "description": "For people, in their language"},
        "field": {"type": "string"},
    },
}


def document() -> Schema:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Social Innovation Forum API",
            "version": "1",
            "description": "Spaces, topics, posts and reactions. Authenticate with a "
            "personal token from your settings page: Authorization: Bearer fst_...",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"token": []}, {}],
        "paths": {
            "/spaces": {
                "get": {
                    "summary": "Spaces the caller may see",
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "properties": {"spaces": {"type": "array", "items": _ref("Space")}},
                            },
                            "Spaces",
                        )
                    },
                },
                "post": {
                    "summary": "Create a space (administrators)",
                    "requestBody": _body(
                        {
                            "type": "object",
                            "required": ["name", "slug"],
                            "properties": {
                                "name": {"type": "string"},
                                "slug": {"type": "string"},
                                "description": {"type": "string"},
                                "colour": {"type": "string"},
                                "position": {"type": "integer"},
                                "parent_id": {"type": "integer"},
                                "grants": {
                                    "type": "object",
                                    "additionalProperties": {
                                        "type": "array",
                                        "items": {"type": "string"},
                                    },
                                },
                            },
                        }
                    ),
                    "responses": {"201": _json(_ref("Space"), "Created"), **ERRORS},
                },
            },
            "/spaces/{space_id}/topics": {
                "get": {
                    "summary": "Topics of a space, latest first",
                    "parameters": [_id_param("space_id"), PAGE_PARAM],
                    "responses": {"200": _json(_paged("topics", "Topic"), "Topics"), **ERRORS},
                }
            },
            "/topics": {
                "post": {
                    "summary": "Start a topic",
                    "requestBody": _body(
                        {
                            "type": "object",
                            "required": ["space_id", "title", "raw"],
                            "properties": {
                                "space_id": {"type": "integer"},
                                "title": {"type": "string"},
                                "raw": {"type": "string"},
                                "tags": {"type": "array", "items": {"type": "string"}},
                                **event_paths.TOPIC_KIND_FIELDS,
                            },
                        }
                    ),
                    "responses": {"201": _json(_ref("Topic"), "Created"), **ERRORS},
                }
            },
            "/topics/{topic_id}": {
                "get": {
                    "summary": "A topic with one page of its posts",
                    "parameters": [_id_param("topic_id"), PAGE_PARAM],
                    "responses": {
                        "200": _json(
                            {
                                **_paged("posts", "Post"),
                                "properties": {
                                    **_paged("posts", "Post")["properties"],
                                    "topic": _ref("Topic"),
                                },
                            },
                            "The topic and its posts",
                        ),
                        **ERRORS,
                    },
                }
            },
            "/topics/{topic_id}/posts": {
                "post": {
                    "summary": "Reply",
                    "parameters": [_id_param("topic_id")],
                    "requestBody": _body(
                        {
                            "type": "object",
                            "required": ["raw"],
                            "properties": {
                                "raw": {"type": "string"},
                                "reply_to": {"type": "integer"},
                            },
                        }
                    ),
                    "responses": {"201": _json(_ref("Post"), "Created"), **ERRORS},
                }
            },
            "/posts/{post_id}": {
                "patch": {
                    "summary": "Edit a post; base_version guards against overwriting",
                    "parameters": [_id_param("post_id")],
                    "requestBody": _body(
                        {
                            "type": "object",
                            "required": ["raw"],
                            "properties": {
                                "raw": {"type": "string"},
                                "base_version": {"type": "integer"},
                            },
                        }
                    ),
                    "responses": {
                        "200": _json(_ref("Post"), "Edited"),
                        "409": {"$ref": "#/components/responses/Conflict"},
                        **ERRORS,
                    },
                },
                "delete": {
                    "summary": "Delete a post (restorable)",
                    "parameters": [_id_param("post_id")],
                    "responses": {"204": {"description": "Deleted"}, **ERRORS},
                },
            },
            "/posts/{post_id}/reactions": {
                "post": {
                    "summary": "React to a post",
                    "parameters": [_id_param("post_id")],
                    "requestBody": _body(
                        {
                            "type": "object",
                            "required": ["kind"],
                            "properties": {"kind": {"type": "string"}},
                        }
                    ),
                    "responses": {
                        "201": {"description": "Added"},
                        "409": {"$ref": "#/components/responses/Conflict"},
                        **ERRORS,
                    },
                }
            },
            "/posts/{post_id}/reactions/{kind}": {
                "delete": {
                    "summary": "Take a reaction back",
                    "parameters": [
                        _id_param("post_id"),
                        {
                            "name": "kind",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {"204": {"description": "Removed"}, **ERRORS},
                }
            },
            "/search": SEARCH_PATH,
            **people_paths.PATHS,
            **notification_paths.PATHS,
            **message_paths.PATHS,
            **event_paths.PATHS,
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "UserSummary": USER,
                **people_paths.SCHEMAS,
                "Space": SPACE,
                "Topic": TOPIC,
                "Post": POST,
                "Error": ERROR,
                "Notification": notification_paths.NOTIFICATION,
                "Conversation": message_paths.CONVERSATION,
                "Event": event_paths.EVENT,
                "News": event_paths.NEWS,
            },
            "responses": {
                name: _json(_ref("Error"), description)
                for name, description in (
                    ("BadRequest", "Invalid input"),
                    ("Unauthorized", "Missing or invalid token"),
                    ("Forbidden", "Not allowed"),
                    ("NotFound", "No such thing, or not visible to the caller"),
                    ("Conflict", "Conflicts with the current state"),
                    ("Unavailable", "The search index is being rebuilt"),
                    ("TooManyRequests", "Rate limit reached; see Retry-After"),
                )
            },
        },
    }


@bp.get("/openapi.json")
def openapi():
    described = document()
    described["paths"].update(api_paths())
    return jsonify(described)
