"""The learning-communities ecosystem map in a real browser: Cytoscape.js draws the network
from the JSON endpoint, a click on a node shows its details, the tables hold the same counts."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAP = "/regions/MK18/map"  # Kainuu's demo map (plugins/learning_communities/demo.py)


def test_the_map_draws_the_network_and_a_click_shows_a_node(visit, live_server):
    visit_ = visit(MAP)
    page = visit_.page
    graph = page.locator("#lc-graph")
    expect(graph).to_have_attribute("data-node-count", "26", timeout=10_000)
    canvas = graph.locator("canvas").first
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box is not None
    assert box["width"] > 100
    assert box["height"] > 100

    # The tables without JavaScript show the same counts.
    actors = page.locator("#lc-actors tbody tr")
    relations = page.locator("#lc-relations tbody tr")
    assert actors.count() == 26
    data = page.request.get(live_server.url(f"{MAP}/data.json")).json()
    assert relations.count() == len(data["connections"])

    positions = json.loads(graph.get_attribute("data-positions") or "{}")
    x, y = positions["Kainuun hyvinvointialue"]
    graph_box = graph.bounding_box()
    page.mouse.click(graph_box["x"] + x, graph_box["y"] + y)
    details = page.locator("#lc-node-details")
    expect(details).to_be_visible()
    expect(details.locator("h3")).to_have_text("Kainuun hyvinvointialue")
    expect(details).to_contain_text("Kainuun Liikunta ry")  # a related actor
    assert visit_.console_errors == []


def test_filters_hide_the_nodes_of_other_types(visit):
    page = visit(MAP).page
    graph = page.locator("#lc-graph")
    expect(graph).to_have_attribute("data-node-count", "26", timeout=10_000)
    page.select_option("#lc-filter-type", "funder")
    expect(graph).to_have_attribute("data-visible-count", "4")


def test_without_javascript_the_tables_carry_the_map(visit):
    visit_ = visit(MAP, java_script_enabled=False)
    page = visit_.page
    expect(page.locator("#lc-graph-section")).to_be_hidden()
    assert page.locator("#lc-actors tbody tr").count() == 26
