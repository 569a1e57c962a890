"""A page of results with what a pagination control needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_number(value: object, default: int = 1) -> int:
    """A 1-based page number from a query-string value; anything odd gives the default."""
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if 1 <= number <= 100_000 else default
