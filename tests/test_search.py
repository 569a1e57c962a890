"""Search through the page and the API: languages, phrases, operators, highlighting."""

from __future__ import annotations

import os

import pytest

from forum.actions.posts import delete_post, edit_post, restore_post
from forum.actions.topics import edit_topic, set_topic_status
from forum.models.space import READ
from forum.queries.search import run_search
from tests.conftest import login
from tests.factories import admin, make_post, make_space, make_topic, make_user
from tests.search_helpers import backend_names, use_backend

ENGLISH = {"Accept-Language": "en"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "search" in metafunc.fixturenames:
        metafunc.parametrize("search", backend_names(metafunc.config), indirect=True)


@pytest.fixture
def search(request, app):
    yield from use_backend(app, request.param)


def titles(user, text: str, **kwargs) -> list[str]:
    result = run_search(user, text, **kwargs)
    assert not result.errors, result.errors
    assert not result.unavailable
    return [item.title.striptags() for item in result.items]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("innovaatio", "Sosiaalisten innovaatioiden levittäminen kunnissa"),
        ("innovaatio", "Kokeilimme uusia innovaatioita kirjastossa"),
        ("innovaatio", "Mitä innovaatiossa on uutta?"),
        ("kehittämisklinikka", "Keskustelimme kehittämisklinikoissa rahoituksesta"),
        ("kehittämisklinikoissa", "Seuraava kehittämisklinikka pidetään Oulussa"),
        ("klinikka", "Seuraava kehittämisklinikka pidetään Oulussa"),
        ("yhteistyö", "Haemme yhteistyötä järjestöjen kanssa"),
        ("yhteistyötä", "Alueellinen yhteistyö on tärkeää"),
    ],
)
def test_finnish_inflections_and_compounds_are_found(search, query, text):
    user = make_user(locale="fi")
    make_topic(user, title="Aihe numero yksi", raw=text)
    make_topic(user, title="Toinen aihe", raw="Tässä puhutaan aivan muusta asiasta.")
    assert titles(user, query) == ["Aihe numero yksi"]


@pytest.mark.parametrize(
    ("query", "text", "locale"),
    [
        ("innovation", "Sociala innovationer i kommunerna", "sv"),
        ("samarbete", "Vi söker samarbeten med föreningar", "sv"),
        ("develop", "We are developing new services together", "en"),
        ("clinics", "The clinic met in Oulu last week", "en"),
    ],
)
def test_swedish_and_english_stemming(search, query, text, locale):
    user = make_user(locale=locale)
    make_topic(user, title="First subject", raw=text)
    make_topic(user, title="Second subject", raw="Nothing of that kind here at all.")
    assert titles(user, query) == ["First subject"]


def test_accents_fold_and_titles_match(search):
    user = make_user()
    make_topic(user, title="Yhteistyö maakunnassa", raw="Tervetuloa keskustelemaan.")
    assert titles(user, "yhteistyo") == ["Yhteistyö maakunnassa"]


def test_phrases_need_the_words_together(search):
    user = make_user(locale="en")
    make_topic(user, title="Together", raw="The social innovation day is in May.")
    make_topic(user, title="Apart", raw="An innovation that is social, and a day off.")
    assert sorted(titles(user, "social innovation")) == ["Apart", "Together"]
    assert titles(user, '"social innovation day"') == ["Together"]


def test_excluded_words_leave_results_out(search):
    user = make_user(locale="en")
    make_topic(user, title="Funding calls", raw="Funding for pilots in Oulu.")
    make_topic(user, title="Funding news", raw="Funding for pilots in Turku.")
    assert titles(user, "funding -oulu") == ["Funding news"]
    assert titles(user, 'funding -"pilots in turku"') == ["Funding calls"]


def test_author_space_tag_title_and_type_operators(search):
    anna, ben = make_user("anna", locale="en"), make_user("ben", locale="en")
    one, two = make_space("one"), make_space("two")
    topic = make_topic(anna, one, title="Welfare pilots", raw="Pilots everywhere.", tags=["hyte"])
    make_post(topic, ben, "More pilots from me.")
    make_topic(ben, two, title="Other things", raw="Pilots elsewhere too.")
    assert sorted(titles(anna, "pilots @anna")) == ["Welfare pilots"]
    assert sorted(titles(anna, "pilots @ben")) == ["Other things", "Welfare pilots"]
    assert titles(anna, "pilots #two") == ["Other things"]
    # A reply carries its topic's tags.
    assert titles(anna, "tag:hyte") == ["Welfare pilots", "Welfare pilots"]
    assert titles(anna, "tag:hyte type:topic") == ["Welfare pilots"]
    assert titles(anna, "welfare in:title") == ["Welfare pilots"]
    assert titles(anna, "everywhere in:title") == []
    result = run_search(anna, "pilots type:post")
    assert [item.type for item in result.items] == ["post"]
    assert titles(anna, "type:practice") == []


def test_status_dates_mine_and_bookmarks(search):
    from forum.actions.reading import add_bookmark

    user = make_user(locale="en")
    open_topic = make_topic(user, title="Open question", raw="Budget planning.")
    closed = make_topic(make_user(), title="Closed question", raw="Budget planning too.")
    set_topic_status(admin(), closed, closed=True)
    assert titles(user, "budget status:open") == ["Open question"]
    assert titles(user, "budget status:closed") == ["Closed question"]
    assert titles(user, "budget in:mine") == ["Open question"]
    assert sorted(titles(user, "budget after:2000-01-01")) == ["Closed question", "Open question"]
    assert titles(user, "budget before:2000-01-01") == []
    assert titles(user, "budget in:bookmarks") == []
    add_bookmark(user, _first(open_topic))
    assert titles(user, "budget in:bookmarks") == ["Open question"]


def _first(topic):
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import Post

    return db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.post_number == 1))


def test_people_are_found_by_name(search):
    viewer = make_user()
    make_user("liisa", display_name="Liisa Laine")
    assert titles(viewer, "liisa type:user") == ["Liisa Laine"]
    assert titles(viewer, "laine") == ["Liisa Laine"]
    assert titles(viewer, "region:uusimaa") == []


def test_highlighting_marks_matches_on_the_page(search, client):
    user = make_user(locale="fi")
    make_topic(user, title="Innovaatiot arjessa", raw="Puhumme innovaatioiden <b>käytöstä</b>.")
    login(client, user)
    page = client.get("/search", query_string={"q": "innovaatio"})
    assert page.status_code == 200
    assert "<mark>innovaatioiden</mark>" in page.text
    assert "<mark>Innovaatiot</mark> arjessa" in page.text
    assert "<b>käytöstä</b>" not in page.text


def test_sort_by_date_and_pagination(search):
    user = make_user(locale="en")
    for n in range(25):
        make_topic(user, title=f"Meeting notes {n:02d}", raw="Notes of the meeting.")
    result = run_search(user, "meeting", sort="date")
    assert result.total == 25
    assert len(result.items) == 20
    assert result.items[0].title.striptags() == "Meeting notes 24"
    second = run_search(user, "meeting", sort="date", page=2)
    assert [i.title.striptags() for i in second.items][-1] == "Meeting notes 00"


def test_edits_deletes_and_restores_update_the_index(search):
    user = make_user(locale="en")
    topic = make_topic(user, title="Original title", raw="Original words here.")
    reply = make_post(topic, user, "A reply about gardening.")
    edit_topic(user, topic, title="Renamed subject")
    assert titles(user, "renamed") == ["Renamed subject"]
    edit_post(user, reply, "A reply about swimming.")
    assert titles(user, "gardening") == []
    assert titles(user, "swimming") == ["Renamed subject"]
    delete_post(user, reply)
    assert titles(user, "swimming") == []
    restore_post(user, reply)
    assert titles(user, "swimming") == ["Renamed subject"]


def test_a_rolled_back_action_indexes_nothing(search):
    from forum.actions.base import action
    from forum.actions.topics import create_topic

    user = make_user(locale="en")
    space = make_space()

    @action
    def failing():
        create_topic(user, space, title="Never committed", raw="Ghost words.")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing()
    make_topic(user, space, title="Committed", raw="Real words.")
    assert titles(user, "ghost") == []
    assert titles(user, "real") == ["Committed"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 600, "at most 500 characters"),
        ('"unbalanced quote', "quotation mark is not closed"),
        ("foo:bar", "Unknown search operator: foo:"),
        ("before:2024-13-45", "YYYY-MM-DD"),
        ("status:maybe", "status: takes one of open, closed"),
        ("type:thing", "type: takes one of"),
        ("in:nowhere", "in: takes one of"),
        ("@nobody", "No one is called @nobody"),
        ("#no-such-space", "No space has the address #no-such-space"),
        ("region:atlantis", "No region is called atlantis"),
    ],
)
def test_bad_queries_get_a_clear_message(search, client, query, message):
    page = client.get("/search", query_string={"q": query}, headers=ENGLISH)
    assert page.status_code == 200
    assert message in page.text
    api = client.get("/api/v1/search", query_string={"q": query}, headers=ENGLISH)
    assert api.status_code == 400
    assert message in api.json["message"]


def test_empty_query_shows_the_form(search, client):
    page = client.get("/search")
    assert page.status_code == 200
    assert 'id="search-q"' in page.text
    assert "result" not in page.text.split('role="search"', 2)[-1].split("</form>", 1)[1]


def test_api_search_returns_results_with_marks(search, client):
    user = make_user(locale="en")
    make_topic(user, title="Open data", raw="Open data for regions.")
    response = client.get("/api/v1/search", query_string={"q": "regions"})
    assert response.status_code == 200
    body = response.json
    assert body["total"] == 1
    assert body["results"][0]["title"] == "Open data"
    assert "<mark>regions</mark>" in body["results"][0]["snippet_html"]
    assert {f["value"] for f in body["facets"]["type"]} == {"topic"}


def test_private_space_needs_read_to_be_searched(search):
    member = make_user(locale="en")
    outsider = make_user(locale="en")
    from tests.factories import make_group

    group = make_group(members=[member])
    private = make_space(grants={group.name: [READ, "create_topic"]})
    make_topic(member, private, title="Secret plan", raw="Confidential budget.")
    assert titles(member, "confidential") == ["Secret plan"]
    assert titles(outsider, "confidential") == []
    assert titles(admin(), "confidential") == ["Secret plan"]


def test_moving_a_topic_to_a_private_space_hides_it_at_once(search):
    from forum.actions.spaces import set_grants
    from forum.actions.topics import move_topic
    from tests.factories import make_group

    member, outsider = make_user(locale="en"), make_user(locale="en")
    group = make_group(members=[member])
    public = make_space()
    private = make_space(grants={group.name: [READ]})
    topic = make_topic(member, public, title="Travel grants", raw="Grants for travel.")
    make_post(topic, member, "More about grants.")
    assert len(titles(outsider, "grants")) == 2
    move_topic(admin(), topic, private)
    assert titles(outsider, "grants") == []
    assert run_search(outsider, "grants").total == 0
    assert len(titles(member, "grants")) == 2
    set_grants(admin(), private, {"everyone": [READ]})
    assert len(titles(outsider, "grants")) == 2


def test_hidden_topics_and_unlisted_ones(search):
    user = make_user(locale="en")
    topic = make_topic(user, title="Unlisted notes", raw="Notes kept quiet.")
    set_topic_status(admin(), topic, listed=False)
    assert titles(user, "quiet") == []
    assert titles(admin(), "quiet") == ["Unlisted notes"]
    set_topic_status(admin(), topic, listed=True)
    delete_post(user, _first(topic))
    assert titles(user, "quiet") == []
    assert titles(admin(), "quiet") == []


def test_a_missing_index_says_it_is_being_rebuilt_and_reindex_repairs_it(search, app, client):
    import shutil

    user = make_user(locale="en")
    make_topic(user, title="Resilient", raw="Searchable words.")
    if search.name == "whoosh":
        shutil.rmtree(search.directory)
        page = client.get("/search", query_string={"q": "searchable"}, headers=ENGLISH)
        assert page.status_code == 200
        assert "Search is being rebuilt" in page.text
        assert client.get("/api/v1/search", query_string={"q": "searchable"}).status_code == 503
    else:
        search.clear()
    runner = app.test_cli_runner()
    check = runner.invoke(args=["forum", "search-check"])
    assert check.exit_code != 0
    result = runner.invoke(args=["forum", "reindex"])
    assert result.exit_code == 0, result.output
    assert "documents/s" in result.output
    assert titles(user, "searchable") == ["Resilient"]
    check = runner.invoke(args=["forum", "search-check"])
    assert check.exit_code == 0, check.output
    assert "matches the database" in check.output


# Whoosh leaves the unreadable table-of-contents file open when it gives up on it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_a_corrupt_index_does_not_break_the_page(search, client):
    if search.name != "whoosh":
        pytest.skip("a directory only the whoosh backend has")
    for path in search.directory.iterdir():
        if path.name != "READY":
            path.write_bytes(b"\x00garbage")
    search._ix = None
    page = client.get("/search", query_string={"q": "anything"}, headers=ENGLISH)
    assert page.status_code == 200
    assert "Search is being rebuilt" in page.text


def test_a_failed_index_write_never_fails_the_action_and_is_retried(search, app, caplog):
    from forum.search import pending_keys

    user = make_user(locale="en")
    original = search.write

    def broken(changes):
        raise OSError("disk full")

    search.write = broken
    try:
        topic = make_topic(user, title="Kept anyway", raw="Durable words.")
    finally:
        search.write = original
    assert topic.id
    assert "search indexing failed" in caplog.text
    assert f"topic:{topic.id}" in pending_keys()
    assert titles(user, "durable") == []
    result = app.test_cli_runner().invoke(args=["forum", "reindex", "--pending"])
    assert result.exit_code == 0, result.output
    assert titles(user, "durable") == ["Kept anyway"]
    assert pending_keys() == []


def test_check_names_the_backend_and_the_finnish_analysis(search, app):
    result = app.test_cli_runner().invoke(args=["forum", "check"])
    assert "search backend" in result.output
    assert "finnish analysis" in result.output
    assert "Voikko lemmatiser" in result.output or "Snowball stemmer only" in result.output


def test_concurrent_writers_lose_nothing(search, app):
    """Threads index at once (one writer at a time inside the backend); every document lands."""
    import threading

    from forum.search import index_now

    user = make_user(locale="en")
    topics = [make_topic(user, title=f"Parallel {n}", raw="Concurrent words.") for n in range(8)]
    search.clear()
    errors: list[BaseException] = []

    def work(topic_id: int) -> None:
        try:
            with app.app_context():
                assert index_now([f"topic:{topic_id}"])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(t.id,)) for t in topics]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert run_search(user, "concurrent").total == 8


def test_an_erased_account_leaves_the_index_with_its_content(search):
    from forum.actions.erasure import erase_account

    viewer = make_user(locale="en")
    person = make_user("vanishing", display_name="Vanishing Person", locale="en")
    make_topic(person, title="Personal story", raw="Memorable anecdote.")
    assert titles(viewer, "vanishing") == ["Vanishing Person"]
    erase_account(person, delete_content=True)
    assert titles(viewer, "vanishing") == []
    assert titles(viewer, "anecdote") == []


def test_a_stopped_rebuild_resumes_from_its_checkpoint(search, monkeypatch):
    from forum.search import rebuild as rebuild_module
    from forum.search.documents import all_keys

    user = make_user(locale="en")
    for n in range(3):
        make_topic(user, title=f"Resumable {n}", raw="Checkpoint words.")
    monkeypatch.setattr(rebuild_module, "BATCH", 2)
    original = search.index_prepared
    calls = []

    def flaky(prepared, new=False):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("stopped")
        return original(prepared, new=new)

    search.index_prepared = flaky
    try:
        with pytest.raises(OSError, match="stopped"):
            rebuild_module.rebuild()
    finally:
        search.index_prepared = original
    assert rebuild_module.checkpoint_path().exists()
    done, _written = rebuild_module.rebuild()
    with _session() as session:
        assert done == len(list(all_keys(session)))
    assert not rebuild_module.checkpoint_path().exists()
    assert len(titles(user, "checkpoint")) == 3
    assert rebuild_module.drift()["missing"] == []


def _session():
    from sqlalchemy.orm import Session

    from forum.extensions import db

    return Session(db.engine)


def test_text_analysed_ahead_indexes_the_same_terms_at_the_same_positions():
    """A rebuild's worker processes analyse text ahead; the index must get what analysing
    in place gives, compound parts sharing their word's position."""
    from forum.search.analysis import ForumTokenizer, analysed_value, language_tagged

    tokenizer = ForumTokenizer()

    def pairs(value: str) -> list[tuple[int, str]]:
        return [(token.pos, token.text) for token in tokenizer(value, positions=True)]

    for text, language in [
        ("Kehittämisklinikoissa kokeiltiin yhteistyötä kuntien kanssa.", "fi"),
        ("The social innovations of municipalities", "en"),
        ("Samarbete mellan kommunerna", "sv"),
    ]:
        in_place = pairs(language_tagged(text, language))
        assert in_place
        assert pairs(analysed_value(text, language)) == in_place


def _prepare_then_die_in_a_worker(documents: list) -> list:
    """The backend's prepare in the test's process; a worker process that runs it dies."""
    from forum.search import backend

    if os.getpid() != int(os.environ["FORUM_TEST_PROCESS"]):
        os._exit(1)
    return type(backend()).prepare(documents)


def test_a_rebuild_whose_analysis_process_dies_still_completes(search, monkeypatch, caplog):
    from forum.search import rebuild as rebuild_module

    user = make_user(locale="en")
    for n in range(3):
        make_topic(user, title=f"Sturdy {n}", raw="Perseverance words.")
    monkeypatch.setattr(rebuild_module, "BATCH", 2)
    monkeypatch.setenv("FORUM_TEST_PROCESS", str(os.getpid()))
    monkeypatch.setattr(search, "prepare", _prepare_then_die_in_a_worker)
    rebuild_module.rebuild(fresh=True)
    assert "the analysis process failed" in caplog.text
    assert len(titles(user, "perseverance")) == 3
    assert rebuild_module.drift()["missing"] == []
