"""The people routes of the OpenAPI document: profiles, organisations and the directory."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
}
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": TEXT}
NULLABLE_TEXT = {"type": ["string", "null"]}
LEVEL = {"type": "string", "enum": ["public", "registered", "hidden"]}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Schema, description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _path(name: str) -> Schema:
    return {"name": name, "in": "path", "required": True, "schema": TEXT}


def _query(name: str, description: str) -> Schema:
    return {"name": name, "in": "query", "description": description, "schema": TEXT}


def paged(key: str, item: str, extra: Schema | None = None) -> Schema:
    """A page of ``item``s under ``key``, with the page numbers (``extra``: more properties)."""
    return {
        "type": "object",
        "required": [key, "page", "per_page", "total", "pages"],
        "properties": {
            key: {"type": "array", "items": _ref(item)},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
            "pages": {"type": "integer"},
            **(extra or {}),
        },
    }


ORGANISATION = {
    "type": "object",
    "required": ["slug", "name", "verified", "url"],
    "properties": {
        "slug": TEXT,
        "name": TEXT,
        "verified": {"type": "boolean"},
        "region": {**NULLABLE_TEXT, "description": "Statistics Finland region code"},
        "sector": NULLABLE_TEXT,
        "url": TEXT,
        "title": {**TEXT, "description": "The person's role there (in a profile)"},
    },
}
ORGANISATION_PAGE = {
    "allOf": [
        ORGANISATION,
        {
            "type": "object",
            "properties": {
                "website": TEXT,
                "description": TEXT,
                "verified_at": {"type": ["string", "null"], "format": "date-time"},
                "members": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"username": TEXT, "display_name": TEXT, "title": TEXT},
                    },
                },
            },
        },
    ]
}
PROFILE = {
    "type": "object",
    "description": "A field the person hid from the caller is absent.",
    "required": ["username", "display_name", "joined_at", "url"],
    "properties": {
        "username": TEXT,
        "display_name": TEXT,
        "joined_at": {"type": "string", "format": "date-time"},
        "url": TEXT,
        "avatar_url": NULLABLE_TEXT,
        "identified_name": {**TEXT, "description": "The identified name, if the person shows it"},
        "organisations": {"type": "array", "items": _ref("Organisation")},
        "sector": NULLABLE_TEXT,
        "regions": {
            "type": "array",
            "items": {"type": "object", "properties": {"code": TEXT, "name": TEXT}},
        },
        "roles": {
            "type": "array",
            "items": {"enum": ["developer", "decision-maker", "funder", "weaver"]},
        },
        "themes": TEXTS,
        "bio": {"type": "object", "properties": {"raw": TEXT, "cooked": TEXT}},
        "links": TEXTS,
        "visibility": {
            "type": "object",
            "description": "Only in the caller's own profile",
            "additionalProperties": LEVEL,
        },
        "plugin_fields": {
            "type": "object",
            "description": (
                "Only on /users/{username}: the enabled plugins' extra fields the caller may "
                "see, by <plugin>.<name> (visibility only in the caller's own profile)"
            ),
            "additionalProperties": {
                "type": "object",
                "properties": {"label": TEXT, "value": TEXT, "visibility": LEVEL},
            },
        },
    },
}
PROFILE_CHANGE = {
    "type": "object",
    "description": "Fields left out stay as they are.",
    "properties": {
        "display_name": TEXT,
        "sector": {"enum": ["", "public", "private", "third_sector", "research", "citizen"]},
        "region_ids": {"type": "array", "items": {"type": "integer"}},
        "theme_ids": {"type": "array", "items": {"type": "integer"}},
        "developer": {"type": "boolean"},
        "decision_maker": {"type": "boolean"},
        "show_identified_name": {"type": "boolean"},
        "bio": {**TEXT, "description": "Markdown"},
        "links": {**TEXTS, "description": "http(s) addresses, at most five"},
        "organisations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": TEXT, "title": TEXT},
            },
        },
        "visibility": {"type": "object", "additionalProperties": LEVEL},
        "plugin_fields": {
            "type": "object",
            "description": "Enabled plugins' fields by <plugin>.<name>; an empty value removes one",
            "additionalProperties": {
                "type": "object",
                "properties": {"value": TEXT, "visibility": LEVEL},
            },
        },
    },
}
FILTERS = [
    _query("q", "Part of a name or an organisation's name"),
    _query("region", "Region code, e.g. MK18"),
    _query("sector", "public, private, third_sector, research or citizen"),
    _query("role", "developer, decision_maker, funder or weaver"),
    _query("theme", "A theme's name"),
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
]

PATHS: dict[str, Schema] = {
    "/users/{username}": {
        "get": {
            "summary": "A profile, with the fields the caller may see",
            "parameters": [_path("username")],
            "responses": {"200": _json(_ref("User"), "The profile"), **ERRORS},
        },
        "patch": {
            "summary": "Change the caller's own profile",
            "parameters": [_path("username")],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("ProfileChange")}},
            },
            "responses": {"200": _json(_ref("User"), "The changed profile"), **ERRORS},
        },
    },
    "/organisations": {
        "get": {
            "summary": "Organisations, by name, region and sector (role=funder: verified ones)",
            "parameters": FILTERS,
            "responses": {
                "200": _json(paged("organisations", "Organisation"), "A page"),
                **ERRORS,
            },
        }
    },
    "/organisations/{slug}": {
        "get": {
            "summary": "An organisation with the members who show their membership",
            "parameters": [_path("slug")],
            "responses": {"200": _json(ORGANISATION_PAGE, "The organisation"), **ERRORS},
        }
    },
    "/directory": {
        "get": {
            "summary": "The actor directory: people (or kind=organisations) by the filters",
            "description": (
                "A person matches a filter only through a field the caller may see. The "
                "enabled plugins' directory filters are further query parameters, named "
                "<plugin> or <plugin>_<thing> (unknown or switched-off ones are ignored)."
            ),
            "parameters": [
                {
                    "name": "kind",
                    "in": "query",
                    "schema": {"enum": ["people", "organisations"]},
                },
                *FILTERS,
            ],
            "responses": {
                "200": _json(
                    {
                        "oneOf": [
                            paged("people", "User", {"kind": {"const": "people"}}),
                            paged(
                                "organisations",
                                "Organisation",
                                {"kind": {"const": "organisations"}},
                            ),
                        ]
                    },
                    "A page of people or organisations",
                ),
                **ERRORS,
            },
        }
    },
}
SCHEMAS: dict[str, Schema] = {
    "User": PROFILE,
    "Organisation": ORGANISATION,
    "ProfileChange": PROFILE_CHANGE,
}
