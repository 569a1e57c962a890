"""Pages cost a fixed number of SQL queries, however many posts or topics they show."""

from forum.actions.reactions import add_reaction
from tests.conftest import login
from tests.factories import make_post, make_space, make_topic, make_user
from tests.statements import statements_run


def busy_topic(posts: int):
    """A topic whose replies come from different people, with reactions and reply links."""
    topic = make_topic(space=make_space())
    people = [make_user() for _ in range(5)]
    for n in range(posts - 1):
        post = make_post(topic, people[n % 5], reply_to=1 if n % 3 == 0 else None)
        add_reaction(people[(n + 1) % 5], post, "like")
    return topic


def queries_for(client, path: str) -> int:
    client.get(path)  # warm caches that are per process, not per request
    with statements_run() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_topic_page_queries_do_not_grow_with_posts(app, client):
    reader = make_user()
    login(client, reader)
    small = busy_topic(10)
    large = busy_topic(200)
    per_page = app.config["POSTS_PER_PAGE"]
    last_page = -(-200 // per_page)
    assert queries_for(client, f"/t/{small.id}") == queries_for(client, f"/t/{large.id}")
    # The first page also answers the first post's template slots (plugins may look up the
    # topic there), so later pages are compared with each other.
    assert queries_for(client, f"/t/{large.id}?page=2") == queries_for(
        client, f"/t/{large.id}?page={last_page}"
    )


def test_topic_list_queries_do_not_grow_with_topics(client):
    login(client, make_user())
    few_space, many_space = make_space("few"), make_space("many")
    authors = [make_user() for _ in range(4)]
    for n in range(3):
        make_topic(authors[n % 4], few_space, tags=[f"tag{n}"])
    for n in range(25):
        topic = make_topic(authors[n % 4], many_space, tags=[f"tag{n}", "shared"])
        make_post(topic, authors[(n + 1) % 4])
    assert queries_for(client, "/s/few") == queries_for(client, "/s/many")
    assert queries_for(client, "/tags/tag0") == queries_for(client, "/tags/shared")


def test_a_page_of_stored_articles_asks_for_no_reaction_counts(client):
    login(client, make_user())
    path = f"/t/{busy_topic(5).id}"

    def reaction_counts() -> int:
        with statements_run() as statements:
            assert client.get(path).status_code == 200
        return sum("count(*)" in s and "FROM reactions" in s for s in statements)

    assert reaction_counts() == 1  # the articles are rendered and stored
    assert reaction_counts() == 0
