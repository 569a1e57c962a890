"""The private-message routes of the OpenAPI document."""

from __future__ import annotations

from typing import Any

from forum.api.openapi_notifications import ERRORS

Schema = dict[str, Any]

CONVERSATION = {
    "allOf": [
        {"$ref": "#/components/schemas/Topic"},
        {
            "type": "object",
            "properties": {
                "participants": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/UserSummary"},
                },
                "unread": {"type": "integer", "description": "In the list: unread posts"},
            },
        },
    ]
}
REF = {"$ref": "#/components/schemas/Conversation"}
PAGE = {
    "page": {"type": "integer"},
    "per_page": {"type": "integer"},
    "total": {"type": "integer"},
    "pages": {"type": "integer"},
}
TOPIC_ID = {"name": "topic_id", "in": "path", "required": True, "schema": {"type": "integer"}}
PAGE_PARAM = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}


def _json(schema: Schema, description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(schema: Schema) -> Schema:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


PATHS: Schema = {
    "/messages": {
        "get": {
            "summary": "The caller's private conversations, latest activity first",
            "parameters": [PAGE_PARAM],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {"conversations": {"type": "array", "items": REF}, **PAGE},
                    },
                    "A page of conversations",
                ),
                **ERRORS,
            },
        },
        "post": {
            "summary": "Start a private conversation (up to ten people in all)",
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["recipients", "title", "raw"],
                    "properties": {
                        "recipients": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Usernames",
                        },
                        "title": {"type": "string"},
                        "raw": {"type": "string"},
                    },
                }
            ),
            "responses": {"201": _json(REF, "Started"), **ERRORS},
        },
    },
    "/messages/{topic_id}": {
        "get": {
            "summary": "A conversation the caller is in, with a page of its posts (marked read)",
            "parameters": [TOPIC_ID, PAGE_PARAM],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "conversation": REF,
                            "posts": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Post"},
                            },
                            **PAGE,
                        },
                    },
                    "The conversation",
                ),
                **ERRORS,
            },
        }
    },
    "/messages/{topic_id}/posts": {
        "post": {
            "summary": "Reply in a conversation",
            "parameters": [TOPIC_ID],
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["raw"],
                    "properties": {"raw": {"type": "string"}, "reply_to": {"type": "integer"}},
                }
            ),
            "responses": {"201": _json({"$ref": "#/components/schemas/Post"}, "Posted"), **ERRORS},
        }
    },
}
