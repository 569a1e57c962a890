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


PROFILE_FIELD_TYPES = ("str", "choice", "url")


@dataclass(frozen=True)
class ProfileField:
    """An extra profile field. ``type`` is ``str`` (free text up to ``max_length``), ``choice``
    (one of ``choices``, pairs of value and label) or ``url`` (an http(s) address). The core
    stores the values, keyed by person, plugin and ``name``, with the same who-sees-it choice
    as its own fields; they leave every surface while the plugin is off."""

    name: str
    label: str
    type: str = "str"
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = 200


@dataclass(frozen=True)
class DirectoryFilter:
    """A filter of the people directory, named ``<plugin>`` or ``<plugin>_<thing>`` (also its
    query parameter). ``choices`` are pairs of value and label; only those values are accepted.

    Either ``field`` names one of the plugin's own ProfileFields, and a person matches when that
    field holds the chosen value and its owner lets the viewer see it; or
    ``narrow(query, value, viewer)`` returns the directory's ``select(User)`` narrowed to the
    people matching ``value`` (Profile is joined; it may use ``forum.queries.plugin_profiles``).
    """

    name: str
    label: str
    choices: tuple[tuple[str, str], ...]
    field: str = ""
    narrow: Callable[[Any, str, Any], Any] | None = None
