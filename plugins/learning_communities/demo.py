"""Demo data."""

from __future__ import annotations


def seed() -> list[str]:
    return []
