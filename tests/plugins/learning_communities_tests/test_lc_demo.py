"""The demo data: several regions with weavers, three communities, a map of 20-40 actors."""

from __future__ import annotations

from forum.demo import seed_demo
from plugins.learning_communities.demo import seed
from tests.conftest import login
from tests.factories import make_user


def test_demo_data_is_rich_and_idempotent(client):
    seed_demo()
    created = seed()
    assert any(c.startswith("Kainuu map (26 actors") for c in created)
    assert seed() == []
    data = client.get("/regions/MK18/map/data.json").get_json()
    assert 20 <= len(data["elements"]) <= 40
    assert len(data["connections"]) >= 20
    kainuu = client.get("/regions/MK18").text
    assert "Liisa Kutoja" in kainuu
    assert "Kainuun liikuntaneuvonnan oppimisyhteisö" in kainuu
    assert "Sami Satakunnasta" in client.get("/regions/MK04").text
    listing = client.get("/communities/").text
    assert "Hyvinvointiteknologian lainaamot" in listing
    assert "Kulttuurilähetteen kehittäjät" not in listing  # members only
    community = client.get("/communities/kainuun-liikuntaneuvonnan-oppimisyhteiso").text
    assert "<strong>kolmesta kokeilusta</strong>" in community
    login(client, make_user())
    assert client.get("/regions/MK18/map").status_code == 200
