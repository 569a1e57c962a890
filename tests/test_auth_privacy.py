"""The national identity number is never stored, logged or shown; the identity key is a keyed
hash that the pepper can be rotated under."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from forum.actions.accounts import sign_in_identified
from forum.auth.identity import identity_key, normalise_nin
from forum.extensions import db
from forum.models import Identity, User
from tests.oidc.fixtures import sign_in
from tests.oidc.process import NIN


def database_dump() -> str:
    """Every row of every table, as text."""
    lines = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                lines.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(lines)


def spellings(nin: str) -> list[str]:
    digits = "".join(ch for ch in nin if ch.isalnum())
    return [nin, nin.lower(), normalise_nin(nin), digits, digits.lower()]


@pytest.mark.usefixtures("providers")
@pytest.mark.parametrize("name", ["default", "ftn"])
def test_the_identity_number_is_in_no_table_log_or_page(client, caplog, name):
    caplog.set_level(logging.DEBUG)
    response = sign_in(client, name)
    pages = [response.text, client.get("/account/register").text, client.get("/").text]
    with client.session_transaction() as session:
        cookie = repr(dict(session))
    dump = database_dump()
    assert "Aino" in dump, "the dump holds the account"
    logs = "\n".join(record.getMessage() for record in caplog.records) + caplog.text
    for text in (dump, logs, cookie, *pages):
        for spelling in spellings(NIN):
            assert spelling not in text


def test_the_identity_key_is_a_keyed_hash(app):
    key = identity_key(NIN, "pepper-one")
    assert len(key) == 64
    assert key == identity_key(" 010190-998v ", "pepper-one")
    assert key != identity_key(NIN, "pepper-two")


def test_a_rotated_pepper_still_finds_the_person_and_rewrites_the_key(app, monkeypatch):
    first = sign_in_identified("default", "sub-1", NIN, "Aino Testinen")
    old_key = db.session.scalar(select(Identity.identity_key))
    monkeypatch.setitem(app.config, "IDENTITY_OLD_PEPPERS", {"1": app.config["IDENTITY_PEPPER"]})
    monkeypatch.setitem(app.config, "IDENTITY_PEPPER", "a-new-pepper-of-sufficient-length-xx")
    monkeypatch.setitem(app.config, "IDENTITY_PEPPER_VERSION", 2)
    again = sign_in_identified("ftn", "sub-2", NIN, "Aino Testinen")
    assert again.id == first.id
    identity = db.session.scalar(select(Identity))
    assert identity.key_version == 2
    assert identity.identity_key != old_key
    assert db.session.scalar(select(User.id).where(User.id != first.id)) is None
