"""Figures of a map computed from its exchange data: counts, degree, clusters, introductions,
and the difference between two snapshots."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

MOST_CONNECTED = 5
INTRODUCTIONS_MAX = 20


@dataclass
class Figures:
    by_type: list[tuple[str, int]]
    by_sector: list[tuple[str, int]]
    by_relation: list[tuple[str, int]]
    most_connected: list[tuple[str, int]]
    isolated: list[str]
    clusters: list[list[str]]
    introductions: list[tuple[str, str, list[str]]]


def _neighbours(data: dict[str, Any]) -> dict[str, set[str]]:
    neighbours: dict[str, set[str]] = {e["label"]: set() for e in data["elements"]}
    for c in data["connections"]:
        neighbours[c["from"]].add(c["to"])
        neighbours[c["to"]].add(c["from"])
    return neighbours


def _clusters(neighbours: dict[str, set[str]]) -> list[list[str]]:
    """Connected components of two or more actors, largest first."""
    seen: set[str] = set()
    clusters = []
    for start in sorted(neighbours):
        if start in seen:
            continue
        stack, component = [start], []
        seen.add(start)
        while stack:
            label = stack.pop()
            component.append(label)
            for other in neighbours[label] - seen:
                seen.add(other)
                stack.append(other)
        if len(component) > 1:
            clusters.append(sorted(component))
    return sorted(clusters, key=lambda c: (-len(c), c))


def _introductions(data: dict[str, Any], neighbours: dict[str, set[str]]) -> list:
    """Pairs of actors who share themes but have no relation, most shared themes first."""
    themes = {e["label"]: {t.lower(): t for t in e["tags"]} for e in data["elements"]}
    labels = sorted(themes)
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            shared = sorted(themes[a][k] for k in themes[a].keys() & themes[b].keys())
            if shared and b not in neighbours[a]:
                pairs.append((a, b, shared))
    pairs.sort(key=lambda p: (-len(p[2]), p[0], p[1]))
    return pairs[:INTRODUCTIONS_MAX]


def figures(data: dict[str, Any]) -> Figures:
    neighbours = _neighbours(data)
    degree = Counter({label: len(others) for label, others in neighbours.items()})
    return Figures(
        by_type=sorted(Counter(e["type"] for e in data["elements"]).items()),
        by_sector=sorted(Counter(e["sector"] or "-" for e in data["elements"]).items()),
        by_relation=sorted(Counter(c["type"] for c in data["connections"]).items()),
        most_connected=[
            (label, n)
            for label, n in sorted(degree.items(), key=lambda x: (-x[1], x[0]))[:MOST_CONNECTED]
            if n
        ],
        isolated=sorted(label for label, n in degree.items() if n == 0),
        clusters=_clusters(neighbours),
        introductions=_introductions(data, neighbours),
    )


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list]:
    """Actors and relations added and removed between two snapshots."""

    def relations(data: dict[str, Any]) -> set[tuple[str, str, str]]:
        return {(c["from"], c["to"], c["type"]) for c in data["connections"]}

    old_actors = {e["label"] for e in old["elements"]}
    new_actors = {e["label"] for e in new["elements"]}
    return {
        "actors_added": sorted(new_actors - old_actors),
        "actors_removed": sorted(old_actors - new_actors),
        "relations_added": sorted(relations(new) - relations(old)),
        "relations_removed": sorted(relations(old) - relations(new)),
    }
