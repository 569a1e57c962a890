"""The notification and flag routes of the OpenAPI document."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
    "429": {"$ref": "#/components/responses/TooManyRequests"},
}
REF = {"$ref": "#/components/schemas/Notification"}
LINK = {"type": ["object", "null"]}
PAGE = {"type": "string", "format": "uri", "description": "The page to open"}

NOTIFICATION = {
    "type": "object",
    "required": ["id", "kind", "read", "created_at", "actor", "text", "topic", "post"],
    "properties": {
        "id": {"type": "integer"},
        "kind": {
            "type": "string",
            "enum": [
                "mention",
                "group_mention",
                "quote",
                "reply",
                "message",
                "new_topic",
                "new_post",
                "reaction",
                "moderation",
                "event_promoted",
                "event_cancelled",
            ],
        },
        "read": {"type": "boolean"},
        "created_at": {"type": "string", "format": "date-time"},
        "actor": {"$ref": "#/components/schemas/UserSummary"},
        "text": {"type": "string", "description": "What happened, in the caller's language"},
        "topic": {
            **LINK,
            "required": ["id", "title", "url"],
            "properties": {"id": {"type": "integer"}, "title": {"type": "string"}, "url": PAGE},
        },
        "post": {
            **LINK,
            "required": ["id", "post_number", "url"],
            "properties": {
                "id": {"type": "integer"},
                "post_number": {"type": "integer"},
                "url": PAGE,
            },
        },
    },
}


def _json(schema: Schema, description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _id(name: str) -> Schema:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


PATHS: Schema = {
    "/notifications": {
        "get": {
            "summary": "The caller's notifications, newest first",
            "parameters": [
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {"name": "unread", "in": "query", "schema": {"type": "string", "enum": ["1"]}},
            ],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "notifications": {"type": "array", "items": REF},
                            "page": {"type": "integer"},
                            "per_page": {"type": "integer"},
                            "total": {"type": "integer"},
                            "pages": {"type": "integer"},
                            "unread": {"type": "integer"},
                        },
                    },
                    "A page of notifications",
                ),
                **ERRORS,
            },
        }
    },
    "/notifications/read": {
        "post": {
            "summary": "Mark every notification read",
            "responses": {
                "200": _json(
                    {"type": "object", "properties": {"marked": {"type": "integer"}}}, "Done"
                ),
                **ERRORS,
            },
        }
    },
    "/notifications/{notification_id}/read": {
        "post": {
            "summary": "Mark one notification read",
            "parameters": [_id("notification_id")],
            "responses": {"200": _json(REF, "The notification"), **ERRORS},
        }
    },
    "/posts/{post_id}/flags": {
        "post": {
            "summary": "Flag a post to its moderators",
            "parameters": [_id("post_id")],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["reason"],
                            "properties": {
                                "reason": {
                                    "type": "string",
                                    "enum": ["spam", "inappropriate", "off_topic", "other"],
                                },
                                "message": {"type": "string"},
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": {"description": "Flagged"},
                "409": {"description": "Flagged already"},
                **ERRORS,
            },
        }
    },
}
