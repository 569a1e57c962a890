"""No page asks anything of another host, every resource loads, and pages stay light."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest

from tests.browser.harness import VIEWPORTS
from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser

# The budget for a topic page without images, compressed.
PAGE_WEIGHT_BUDGET = 150 * 1024


def foreign(urls: list[str], origin: str) -> list[str]:
    """The URLs that would leave the forum: another scheme, host or port."""
    own = urlsplit(origin)
    local_schemes = {"data", "blob", "about"}
    return [
        url
        for url in urls
        if urlsplit(url).scheme not in local_schemes
        and (urlsplit(url).scheme, urlsplit(url).netloc) != (own.scheme, own.netloc)
    ]


def test_foreign_finds_other_hosts_and_ports():
    origin = "http://127.0.0.1:5001"
    urls = [
        "http://127.0.0.1:5001/static/css/forum.css",
        "data:image/png;base64,AAAA",
        "https://fonts.googleapis.com/css2?family=Inter",
        "http://127.0.0.1:5002/",
        "https://127.0.0.1:5001/",
    ]
    assert foreign(urls, origin) == urls[2:]


@pytest.mark.parametrize("viewport", [VIEWPORTS[0], VIEWPORTS[3]], ids=lambda v: v.name)
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.id)
def test_page_requests_nothing_from_another_host(visit, live_server, spec, viewport):
    seen = visit(spec, viewport)
    seen.page.wait_for_load_state("networkidle")
    assert seen.requests, "the recorder saw the page itself"
    assert foreign(seen.requests, live_server.origin) == []


@pytest.mark.parametrize("spec", [p for p in PAGES if p.status == 200], ids=lambda p: p.id)
def test_every_resource_loads_and_the_page_stays_light(visit, spec):
    """Stylesheets, icons and the generated theme answer 200, and the page with its resources
    weighs under the budget, gzip-compressed as a production proxy would send it."""
    seen = visit(spec)
    page = seen.page
    page.wait_for_load_state("networkidle")
    entries = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name).concat([location.href])"
    )
    total = 0
    for url in entries:
        answer = page.request.get(url)
        assert answer.status == 200, url
        total += len(gzip.compress(answer.body()))
    budget = spec.weight_budget or PAGE_WEIGHT_BUDGET
    assert total < budget, f"{spec.path}: {total} bytes compressed"
