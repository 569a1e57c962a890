"""People with filled profiles, for the profile, directory and organisation tests."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from PIL import Image
from sqlalchemy import select

from forum.actions.organisations import create_theme
from forum.actions.profiles import update_profile
from forum.extensions import db
from forum.models import Region, Theme, User
from tests.factories import admin, make_user


def region(code: str) -> Region:
    return db.session.scalar(select(Region).where(Region.code == code))


def theme(name: str) -> Theme:
    found = db.session.scalar(select(Theme).where(Theme.name == name))
    return found or create_theme(admin(), name)


def make_person(
    username: str | None = None,
    *,
    display_name: str | None = None,
    organisations: Sequence[tuple[str, str]] = (),
    regions: Sequence[str] = (),
    sector: str = "",
    themes: Sequence[str] = (),
    developer: bool = False,
    bio: str = "",
    links: Sequence[str] = (),
    visibility: Mapping[str, str] | None = None,
) -> User:
    user = make_user(username, display_name=display_name)
    update_profile(
        user,
        organisations=list(organisations),
        region_ids=[region(code).id for code in regions],
        sector=sector,
        theme_ids=[theme(name).id for name in themes],
        developer=developer,
        bio=bio,
        links=list(links),
        visibility=visibility or {},
    )
    return user


def image_bytes(
    size: tuple[int, int] = (400, 300), fmt: str = "JPEG", exif: bool = False, **save: object
) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        data[0x0131] = "GeoTagger 1.0"  # Software
        save["exif"] = data.tobytes()
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()
