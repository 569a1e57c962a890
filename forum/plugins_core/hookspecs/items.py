"""The plain items plugins hand to the core through the setup and gather hooks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation. ``endpoint`` is a Flask endpoint name."""

    endpoint: str
    label: str
    values: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class AdminPage:
    """A page in the administration menu."""

    endpoint: str
    label: str


@dataclass(frozen=True)
class Setting:
    """One typed plugin setting: ``type`` is ``bool``, ``int``, ``str`` or ``choice``."""

    type: str
    default: Any
    label: str = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 500


@dataclass(frozen=True)
class DocumentType:
    """A kind of search document a plugin indexes, named ``<plugin>`` or ``<plugin>_<thing>``.

    ``load(session, id)`` builds one ``forum.search.documents.SearchDocument`` (None: not, or no
    longer, indexed); ``keys(session)`` lists every id for a full rebuild; ``url(id)`` is the
    address a result links to. The plugin's actions queue changes with
    ``forum.search.index_on_commit(f"{name}:{id}")``.
    """

    name: str
    label: str
    load: Callable[[Any, int], Any]
    keys: Callable[[Any], Iterable[int]]
    url: Callable[[int], str | None] = lambda _object_id: None
