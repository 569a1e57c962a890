"""The OpenAPI document, driven by Schemathesis against a real server: every operation, with
generated parameters and bodies, never answers 5xx, and every answer is documented (status
code, content type, body schema).

Each operation runs twice per example: once with the generated path parameters (mostly ids of
nothing: 404s and 400s), and once with the path parameters pointing at real objects seeded for
the test (a public space, a topic with replies, an event, a news item, a conversation, a
notification, an organisation), so that the 2xx answers are checked too. The caller is an
administrator with a personal API token, so that every operation may succeed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from forum.actions.tokens import create_api_token
from forum.api.openapi import document
from forum.extensions import db
from forum.models import Notification, Organisation
from tests.event_helpers import make_event, make_kind_space, make_news
from tests.factories import make_admin, make_conversation, make_post, make_topic, make_user
from tests.people_helpers import make_person
from tests.test_fuzz_api import FUZZ as API_FUZZ
from tests.test_fuzz_api import fresh_random
from tests.test_http_input import bearer

# Few examples per operation, derandomized: the same cases on every run, ~1-3 s per operation.
SETTINGS = settings(API_FUZZ, max_examples=10, derandomize=True, database=None)
Schema = dict[str, Any]


def resolved(schema: Schema, document: Schema) -> Schema:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def undocumented_fields(schema: Schema, value: Any, document: Schema, where: str = "") -> list[str]:
    """The fields of ``value`` that ``schema`` does not name, wherever they are nested."""
    schema = resolved(schema, document)
    if "allOf" in schema:
        parts = [resolved(part, document) for part in schema["allOf"]]
        schema = {"properties": {k: v for part in parts for k, v in part["properties"].items()}}
    for key in ("oneOf", "anyOf"):
        if key in schema:
            tries = [undocumented_fields(part, value, document, where) for part in schema[key]]
            return min(tries, key=len)
    if isinstance(value, list) and "items" in schema:
        return [
            field
            for item in value
            for field in undocumented_fields(schema["items"], item, document, f"{where}[]")
        ]
    if not isinstance(value, dict) or "properties" not in schema:
        return []
    found = []
    for name, item in value.items():
        if name in schema["properties"]:
            found += undocumented_fields(
                schema["properties"][name], item, document, f"{where}.{name}"
            )
        elif "additionalProperties" not in schema:
            found.append(f"{where}.{name}")
    return found


@schemathesis.check
def documented_fields_only(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """Every field of a JSON answer is in the document, where clients learn what it means."""
    document = case.operation.schema.raw_schema
    answer = case.operation.definition.raw["responses"].get(str(response.status_code), {})
    while "$ref" in answer:
        answer = document["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    schema = answer.get("content", {}).get("application/json", {}).get("schema")
    if schema is not None:
        extra = undocumented_fields(schema, response.json(), document)
        assert not extra, f"Undocumented fields: {', '.join(sorted(set(extra)))}"


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    documented_fields_only,
]


@dataclass
class Seeded:
    """The objects real ids point at, and the header that authenticates as their admin."""

    headers: dict[str, str]
    path_parameters: dict[str, object]


@pytest.fixture
def seeded() -> Seeded:
    boss = make_admin("boss")
    member = make_person("member", organisations=[("Sosiaalikehitys Oy", "Chair")])
    space = make_kind_space()
    topic = make_topic(boss, space, tags=["kokeilu"])
    post = make_post(topic, member, raw="A reply for @boss to read.")
    make_post(topic, make_user(), reply_to=post.post_number)
    event = make_event(boss, space, capacity=10)
    news = make_news(boss, space)
    conversation = make_conversation(boss, member)
    notification = db.session.scalar(select(Notification).where(Notification.user_id == boss.id))
    organisation = db.session.scalar(select(Organisation))
    _, secret = create_api_token(boss, "schemathesis")
    return Seeded(
        headers={"Authorization": f"Bearer {secret}"},
        path_parameters={
            "space_id": space.id,
            "topic_id": topic.id,
            "post_id": post.id,
            "kind": "like",
            "username": "boss",
            "slug": organisation.slug,
            "notification_id": notification.id if notification else 1,
            "event_id": event.topic_id,
            "news_id": news.topic_id,
            "conversation_topic_id": conversation.id,
        },
    )


@pytest.fixture
def api_schema(live_server: str) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{live_server}/api/v1/openapi.json")


def strategy(
    operation: schemathesis.APIOperation, seeded: Seeded
) -> st.SearchStrategy[schemathesis.Case]:
    """Valid and invalid requests, with path parameters as generated or pointing at the seeded
    objects, and a generated body's space_id pointing at the seeded space."""
    strategies = [operation.as_strategy(mode) for mode in GenerationMode]
    names = {p.name for p in operation.path_parameters}
    if names:
        real = {name: seeded.path_parameters[name] for name in names}
        if operation.path.startswith("/messages/"):
            real["topic_id"] = seeded.path_parameters["conversation_topic_id"]
        strategies += [operation.as_strategy(mode, path_parameters=real) for mode in GenerationMode]
    return st.one_of(strategies).map(lambda case: in_seeded_space(case, seeded))


def in_seeded_space(case: schemathesis.Case, seeded: Seeded) -> schemathesis.Case:
    if isinstance(case.body, dict) and isinstance(case.body.get("space_id"), int):
        case.body["space_id"] = seeded.path_parameters["space_id"]
    return case


OPERATIONS = [
    (method.upper(), path)
    for path, item in document()["paths"].items()
    for method in item
    if method in {"get", "post", "put", "patch", "delete"}
]


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_answers_as_documented(
    api_schema: schemathesis.BaseSchema, seeded: Seeded, method: str, path: str
):
    operation = api_schema[path][method]

    @SETTINGS
    @given(case=strategy(operation, seeded))
    def answers_as_documented(case: schemathesis.Case) -> None:
        fresh_random()
        case.call_and_validate(headers=seeded.headers, checks=CHECKS)

    answers_as_documented()


ID_OPERATIONS = [
    (method, path)
    for method, path in OPERATIONS
    if any(
        parameter["in"] == "path" and parameter["schema"].get("type") == "integer"
        for parameter in document()["paths"][path][method.lower()].get("parameters", [])
    )
]


@pytest.mark.parametrize(
    ("method", "path"), ID_OPERATIONS, ids=[f"{m} {p}" for m, p in ID_OPERATIONS]
)
def test_an_id_beyond_the_database_is_not_found_whatever_the_method(client, method, path):
    """Werkzeug answered 405 for ``DELETE /posts/<huge>``, as if only PATCH were allowed there."""
    address = "/api/v1" + re.sub(r"\{\w*_id\}", str(2**40), path).replace("{kind}", "like")
    answer = client.open(address, method=method, headers=bearer(make_user()), json={})
    assert answer.status_code == 404, answer.text
    assert answer.json["error"] == "not_found"


@pytest.mark.parametrize(
    "path", ["/api/v1/users/a%00b", "/api/v1/organisations/a%00b", "/u/a%00b", "/tags/a%00b"]
)
def test_a_nul_in_a_name_in_the_address_is_not_found(client, path):
    """PostgreSQL refuses NUL even in a query's parameters: this was a 500 there."""
    assert client.get(path, headers=bearer(make_user())).status_code == 404


def test_a_nul_in_a_recipients_name_is_a_bad_request(client):
    """Found by the run above on PostgreSQL: the name went straight into the query."""
    answer = client.post(
        "/api/v1/messages",
        json={"title": "Hello", "raw": "Hi", "recipients": ["Z\u0000x"]},
        headers=bearer(make_user()),
    )
    assert answer.status_code == 400, answer.text
    assert answer.json["field"] == "recipients"
