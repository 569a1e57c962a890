"""The accessibility statement: generated from configuration, in every language, linked."""

import pytest

from forum import create_app
from forum.settings import ConfigError

SETTING = {
    "organisation": {"fi": "Testivirasto", "sv": "Testverket", "en": "The Test Agency"},
    "email": "palaute@example.fi",
    "assessed": "2026-03-15",
    "limitations": {"fi": ["Kartta ei toimi näppäimistöllä."], "en": ["The map needs a mouse."]},
}


@pytest.fixture
def statement_client(tmp_path):
    app = create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path), "ACCESSIBILITY": SETTING})
    return app.test_client()


def test_every_page_links_the_statement_from_its_footer(client):
    page = client.get("/")
    footer = page.text.split('<footer class="site-footer">')[1]
    assert 'href="/accessibility"' in footer
    assert "Saavutettavuusseloste" in footer


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("fi", ["Saavutettavuusseloste", "Testivirasto", "15. maaliskuuta 2026", "Kartta ei"]),
        ("sv", ["Tillgänglighetsutlåtande", "Testverket", "15 mars 2026", "Kartta ei"]),
        ("en", ["Accessibility statement", "The Test Agency", "March 15, 2026", "needs a mouse"]),
    ],
)
def test_statement_is_generated_from_configuration(statement_client, language, phrases):
    page = statement_client.get("/accessibility", headers={"Accept-Language": language})
    assert page.status_code == 200
    assert f'<html lang="{language}">' in page.text
    for phrase in phrases:
        assert phrase in page.text
    assert 'href="mailto:palaute@example.fi"' in page.text
    assert "saavutettavuusvaatimukset.fi" in page.text


def test_without_limitations_the_forum_claims_full_compliance(tmp_path):
    setting = {**SETTING, "limitations": []}
    app = create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path), "ACCESSIBILITY": setting})
    page = app.test_client().get("/accessibility", headers={"Accept-Language": "en"})
    assert "The forum meets the level AA" in page.text
    assert "partially" not in page.text
    assert "Content that is not accessible" not in page.text


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"email": "not an address"}, "not an e-mail address"),
        ({"assessed": "15.3.2026"}, "not a date"),
        ({"organisation": ""}, "needs organisation"),
        ({"limitations": "all of it"}, "limitations"),
    ],
)
def test_a_statement_that_cannot_be_published_refuses_to_start(tmp_path, change, complaint):
    with pytest.raises(ConfigError, match=complaint):
        create_app(
            {
                "ENV": "testing",
                "INSTANCE_PATH": str(tmp_path),
                "ACCESSIBILITY": {**SETTING, **change},
            }
        )


def test_the_component_gallery_is_not_served_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("FORUM_IDENTITY_PEPPER", "p" * 40)
    app = create_app({"ENV": "production", "INSTANCE_PATH": str(tmp_path)})
    assert app.test_client().get("/components").status_code == 404
