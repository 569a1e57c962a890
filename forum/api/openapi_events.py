"""The event and news routes of the OpenAPI document."""

from __future__ import annotations

from typing import Any

from forum.api.openapi_notifications import ERRORS, _id, _json

Schema = dict[str, Any]

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_INT = {"type": ["integer", "null"]}

EVENT = {
    "type": "object",
    "required": ["id", "topic", "starts_at", "ends_at", "timezone", "cancelled"],
    "properties": {
        "id": {"type": "integer", "description": "The event's topic id"},
        "topic": {"$ref": "#/components/schemas/Topic"},
        "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": "string", "format": "date-time"},
        "timezone": {"type": "string", "description": "IANA zone, e.g. Europe/Helsinki"},
        "place": {"type": "string"},
        "online_url": NULLABLE_STRING,
        "organiser_name": {"type": "string"},
        "organiser": {"$ref": "#/components/schemas/UserSummary"},
        "region": {**NULLABLE_STRING, "description": "Region code, e.g. MK18"},
        "capacity": NULLABLE_INT,
        "registered": {"type": "integer"},
        "waiting": {"type": "integer"},
        "places_left": NULLABLE_INT,
        "cancelled": {"type": "boolean"},
        "cancel_reason": NULLABLE_STRING,
        "ical_url": {"type": "string"},
        "my_registration": {
            "type": ["object", "null"],
            "properties": {
                "status": {"type": "string", "enum": ["registered", "waiting"]},
                "waiting_position": NULLABLE_INT,
            },
        },
    },
}
NEWS = {
    "type": "object",
    "required": ["id", "topic", "lead"],
    "properties": {
        "id": {"type": "integer", "description": "The news item's topic id"},
        "topic": {"$ref": "#/components/schemas/Topic"},
        "lead": {"type": "string"},
        "image_url": NULLABLE_STRING,
        "image_alt": NULLABLE_STRING,
    },
}

#: What POST /topics takes beyond a discussion's fields, for news and events.
TOPIC_KIND_FIELDS: Schema = {
    "kind": {"type": "string", "enum": ["discussion", "news", "event"]},
    "news": {
        "type": "object",
        "required": ["lead"],
        "properties": {"lead": {"type": "string"}},
    },
    "event": {
        "type": "object",
        "required": ["starts_at", "ends_at"],
        "properties": {
            "starts_at": {
                "type": "string",
                "description": "ISO 8601; without an offset it is local time in timezone",
            },
            "ends_at": {"type": "string"},
            "timezone": {"type": "string", "default": "Europe/Helsinki"},
            "place": {"type": "string"},
            "online_url": {"type": "string"},
            "organiser_name": {"type": "string"},
            "organiser_is_author": {"type": "boolean", "default": True},
            "capacity": {"type": "integer", "minimum": 0},
            "region_id": {"type": "integer"},
        },
    },
}


def _paged(key: str, item: str) -> Schema:
    return {
        "type": "object",
        "properties": {
            key: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
            "pages": {"type": "integer"},
        },
    }


def _query(name: str, description: str, enum: list[str] | None = None) -> Schema:
    schema: Schema = {"type": "string"}
    if enum:
        schema["enum"] = enum
    return {"name": name, "in": "query", "description": description, "schema": schema}


PAGE = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}
EVENT_REF = {"$ref": "#/components/schemas/Event"}

PATHS: Schema = {
    "/events": {
        "get": {
            "summary": "Upcoming events the caller may read, soonest first",
            "parameters": [
                _query("region", "Region code"),
                _query("space", "Space slug"),
                _query("mode", "Online or in person", ["online", "in-person"]),
                PAGE,
            ],
            "responses": {"200": _json(_paged("events", "Event"), "Events")},
        }
    },
    "/events/{event_id}": {
        "get": {
            "summary": "An event",
            "parameters": [_id("event_id")],
            "responses": {"200": _json(EVENT_REF, "The event"), **ERRORS},
        }
    },
    "/events/{event_id}/registration": {
        "post": {
            "summary": "Register (or join the waiting list when full); repeating is harmless",
            "parameters": [_id("event_id")],
            "responses": {"201": _json(EVENT_REF, "The event with my_registration"), **ERRORS},
        },
        "delete": {
            "summary": "Cancel my registration; the first person waiting takes the place",
            "parameters": [_id("event_id")],
            "responses": {"204": {"description": "Cancelled"}, **ERRORS},
        },
    },
    "/news": {
        "get": {
            "summary": "News items the caller may read, newest first",
            "parameters": [PAGE],
            "responses": {"200": _json(_paged("news", "News"), "News")},
        }
    },
    "/news/{news_id}": {
        "get": {
            "summary": "A news item",
            "parameters": [_id("news_id")],
            "responses": {
                "200": _json({"$ref": "#/components/schemas/News"}, "The item"),
                **ERRORS,
            },
        }
    },
}
