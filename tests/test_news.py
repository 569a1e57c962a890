"""News: the composer with its lead and image, the listing, the home page, the image rules."""

from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select

from forum.extensions import db
from forum.models import NewsItem, Topic
from forum.models.group import REGISTERED
from tests.conftest import login
from tests.event_helpers import english_client, make_kind_space, make_news
from tests.factories import admin, make_user
from tests.helpers import csrf_token


@pytest.fixture
def client(app):
    return english_client(app)


def jpeg_with_exif(size=(2400, 1800)) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "Secret camera maker"  # Make
    exif[0x8825] = {1: "N", 2: (60.0, 10.0, 0.0)}  # GPS info
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def post_news(client, space, **fields):
    path = f"/s/{space.slug}/new-topic?kind=news"
    data = {
        "csrf_token": csrf_token(client, path),
        "title": "Hyvinvointialueen uutinen",
        "raw": "Koko uutinen.",
        "lead": "Lyhyt ingressi.",
        **fields,
    }
    return client.post(path, data=data, content_type="multipart/form-data")


def test_a_news_item_with_an_image_is_resized_and_stripped_of_exif(client, app):
    space = make_kind_space()
    login(client, make_user())
    response = post_news(
        client,
        space,
        image=(BytesIO(jpeg_with_exif()), "photo.jpg"),
        image_alt="Punainen neliö",
    )
    assert response.status_code == 303
    item = db.session.scalar(select(NewsItem))
    page = client.get(response.headers["Location"]).text
    assert "Lyhyt ingressi." in page
    assert f'src="/news/images/{item.image}" alt="Punainen neliö"' in page
    with client.get(f"/news/images/{item.image}") as image_response:
        assert image_response.status_code == 200
        data = image_response.data
    stored = Image.open(BytesIO(data))
    assert stored.format == "JPEG"
    assert max(stored.size) == 1600
    assert not stored.getexif()
    assert b"Secret camera maker" not in data


def test_svg_and_non_images_are_refused_with_a_clear_error(client):
    space = make_kind_space()
    login(client, make_user())
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for data, name in ((svg, "evil.svg"), (b"%PDF-1.4 not an image", "doc.jpg")):
        response = post_news(client, space, image=(BytesIO(data), name), image_alt="x")
        assert response.status_code == 400
        assert "The file is not an image" in response.text
    assert db.session.scalar(select(NewsItem)) is None


def test_an_image_needs_a_description_and_a_lead_is_required(client):
    space = make_kind_space()
    login(client, make_user())
    response = post_news(client, space, image=(BytesIO(jpeg_with_exif((50, 50))), "a.jpg"))
    assert response.status_code == 400
    assert "Describe the image" in response.text
    response = post_news(client, space, lead="")
    assert response.status_code == 400
    assert "A lead paragraph has" in response.text


def test_a_space_that_takes_no_news_refuses_it(client):
    from tests.factories import make_space

    space = make_space()
    login(client, make_user())
    response = post_news(client, space)
    assert response.status_code == 400
    assert "This space does not take news." in response.text
    assert db.session.scalar(select(Topic)) is None


def test_news_listing_and_home_page_show_only_readable_news(client):
    public = make_kind_space()
    private = make_kind_space(grants={REGISTERED: ["see", "read", "create_topic", "reply"]})
    make_news(space=public, title="Julkinen uutinen", lead="Kaikille.")
    make_news(admin(), private, title="Sisäinen uutinen")
    listing = client.get("/news").text
    assert "Julkinen uutinen" in listing
    assert "Kaikille." in listing
    assert "Sisäinen uutinen" not in listing
    home = client.get("/").text
    assert "Julkinen uutinen" in home
    assert "Sisäinen uutinen" not in home
    login(client, make_user())
    assert "Sisäinen uutinen" in client.get("/news").text


def test_news_listing_is_paginated(client):
    space = make_kind_space()
    author = make_user()
    for n in range(21):
        make_news(author, space, title=f"Uutinen numero {n}")
    first = client.get("/news").text
    assert "Uutinen numero 20" in first
    assert "Uutinen numero 0<" not in first
    assert 'rel="next"' in first
    assert "Uutinen numero 0<" in client.get("/news?page=2").text


def test_images_of_private_news_are_not_served_to_outsiders(client):
    private = make_kind_space(grants={REGISTERED: ["see", "read", "create_topic", "reply"]})
    from forum.actions.news import NewsFields
    from forum.actions.topics import create_topic

    topic = create_topic(
        admin(),
        private,
        title="Private with image",
        raw="Text",
        kind="news",
        news=NewsFields(lead="Lead", image=jpeg_with_exif((40, 40)), image_alt="Red"),
    )
    name = db.session.get(NewsItem, topic.id).image
    assert client.get(f"/news/images/{name}").status_code == 404
    assert client.get("/news/images/../../etc/passwd").status_code == 404
    login(client, make_user())
    with client.get(f"/news/images/{name}") as response:
        assert response.status_code == 200
