"""Gatherings: a topic of the community's space tagged with a kind, its summary shown on the
topic and on the community page."""

from __future__ import annotations

from plugins.learning_communities.communities.actions import join
from tests.conftest import login
from tests.factories import PUBLIC, admin, make_space, make_topic, make_user
from tests.plugins.learning_communities_tests.helpers import form, make_community, make_weaver


def test_the_weaver_tags_a_gathering_and_records_its_summary(client):
    weaver = make_weaver("MK18")
    community = make_community(weaver, "Klinikkayhteisö")
    member = make_user()
    join(member, community)
    topic = make_topic(member, community.space, title="Kehittämisklinikka 3.12.")
    produced = make_topic(member, community.space, title="Jatkotyö: liikuntaneuvonta")
    login(client, member)
    refused = form(
        client, "/communities/klinikkayhteiso/gatherings", {"topic_id": topic.id, "kind": "clinic"}
    )
    assert refused.status_code == 403
    login(client, weaver)
    tagged = form(
        client, "/communities/klinikkayhteiso/gatherings", {"topic_id": topic.id, "kind": "clinic"}
    )
    assert tagged.status_code == 303
    summary = form(
        client,
        f"/communities/klinikkayhteiso/gatherings/{topic.id}/summary",
        {
            "minutes": "**Sovittiin** pilotista.<script>alert(1)</script>",
            "participants": "14",
            "organisations": "Kajaanin kaupunki\nKainuun hyvinvointialue",
            "produced": str(produced.id),
        },
    )
    assert summary.status_code == 303
    for path in (f"/t/{topic.id}", "/communities/klinikkayhteiso"):
        page = client.get(path).text
        assert "<strong>Sovittiin</strong>" in page
        assert "<script>alert(1)" not in page
        assert "Kajaanin kaupunki, Kainuun hyvinvointialue" in page
        assert f'href="/t/{produced.id}"' in page
        assert "14" in page
    login(client, make_user())
    assert "<strong>Sovittiin</strong>" in client.get(f"/t/{topic.id}").text


def test_bad_summaries_and_topics_outside_the_community_are_refused(client):
    weaver = make_weaver("MK18")
    community = make_community(weaver, "Rajatut")
    elsewhere = make_topic(make_user(), make_space("muu-tila", grants=PUBLIC))
    topic = make_topic(weaver, community.space)
    login(client, weaver)
    path = "/communities/rajatut/gatherings"
    assert form(client, path, {"topic_id": elsewhere.id, "kind": "clinic"}).status_code == 400
    assert form(client, path, {"topic_id": topic.id, "kind": "party"}).status_code == 400
    summary = f"/communities/rajatut/gatherings/{topic.id}/summary"
    assert form(client, summary, {"minutes": "x"}).status_code == 404  # not a gathering yet
    assert form(client, path, {"topic_id": topic.id, "kind": "future_workshop"}).status_code == 303
    assert form(client, summary, {"minutes": "x", "participants": "many"}).status_code == 400
    hidden = make_topic(admin(), make_space("piilo", grants={}))
    assert form(client, summary, {"minutes": "x", "produced": str(hidden.id)}).status_code == 400
    assert form(client, summary, {"minutes": "x", "produced": "seuraava"}).status_code == 400
    assert form(client, path, {"topic_id": "abc", "kind": "clinic"}).status_code == 404


def test_a_gathering_is_a_core_event_people_register_for(client):
    from forum.actions.registration import register_for_event
    from tests.event_helpers import make_event

    weaver = make_weaver("MK18")
    community = make_community(weaver, "Tapaamisyhteisö")
    member = make_user()
    join(member, community)
    event = make_event(weaver, community.space, title="Verkostotapaaminen Kajaanissa", capacity=1)
    register_for_event(member, event)
    page = client.get("/communities/tapaamisyhteiso")
    assert "Verkostotapaaminen Kajaanissa" in page.text
    login(client, weaver)
    tagged = form(
        client,
        "/communities/tapaamisyhteiso/gatherings",
        {"topic_id": event.topic_id, "kind": "networking"},
    )
    assert tagged.status_code == 303
    event_page = client.get(f"/t/{event.topic_id}", headers={"Accept-Language": "en"}).text
    assert "1 of 1 places taken, 0 left" in event_page
    assert "Open discussion and networking session" in event_page
