"""The actor directory over many profiles, served in-process by the Flask test client.

    .venv/bin/python -m bench.directory [--people 1000] [--seconds 3]

Profiles get random regions, sectors, themes and visibility choices; the figures are requests
per second for the unfiltered first page, a region filter, region + role + theme, a text
search, the last page, and the JSON API, for an anonymous and a signed-in reader.
"""

from __future__ import annotations

import argparse
import random

from flask import Flask
from sqlalchemy import select

from bench.common import emit, fresh_app, rate
from bench.pages import session_cookie
from forum.actions.accounts import mark_registered
from forum.actions.bootstrap import ensure_reference_data
from forum.actions.organisations import create_theme
from forum.actions.profiles import update_profile
from forum.actions.users import create_user
from forum.extensions import db
from forum.models import Region
from forum.models.profile import PROFILE_FIELDS, SECTORS, VISIBILITY_LEVELS

THEMES = ("Ikääntyneet", "Lapset ja nuoret", "Mielenterveys", "Liikunta", "Kulttuuri")
ORGANISATIONS = [f"Organisaatio {n}" for n in range(60)]


def build(app: Flask, people: int, seed: int = 2026) -> int:
    """Make ``people`` registered profiles; returns the id of a registered reader."""
    rng = random.Random(seed)
    with app.app_context():
        ensure_reference_data()
        admin = create_user(
            "bench-admin", "Bench Admin", "admin@bench.test", groups=("administrators",)
        )
        themes = [create_theme(admin, name).id for name in THEMES]
        regions = list(db.session.scalars(select(Region.id)))
        for n in range(people):
            user = create_user(f"person{n}", f"Henkilö {n:04d}", f"p{n}@bench.test")
            mark_registered(user)
            update_profile(
                user,
                organisations=[(rng.choice(ORGANISATIONS), "asiantuntija")],
                region_ids=rng.sample(regions, rng.randint(1, 2)),
                sector=rng.choice(SECTORS),
                theme_ids=rng.sample(themes, rng.randint(0, 3)),
                developer=rng.random() < 0.5,
                visibility={name: rng.choice(VISIBILITY_LEVELS) for name in PROFILE_FIELDS},
            )
        viewer = create_user("bench-viewer", "Bench Viewer", "viewer@bench.test")
        mark_registered(viewer)
        return viewer.id


def main(people: int = 1000, seconds: float = 3.0) -> dict:
    app = fresh_app()
    viewer = build(app, people)
    client = app.test_client()
    pages = {
        "first_page": "/directory",
        "region": "/directory?region=MK18",
        "region_role_theme": "/directory?region=MK06&role=developer&theme=Liikunta",
        "text": "/directory?q=organisaatio+1",
        "last_page": f"/directory?page={-(-people // 20)}",
        "api_region": "/api/v1/directory?region=MK18",
    }
    cookie = session_cookie(app, viewer)
    signed_in = "Bench Viewer" in client.get("/directory", headers={"Cookie": cookie}).text
    figures: dict[str, dict] = {}
    for name, path in pages.items():
        figures[f"{name}_anonymous"] = rate(lambda p=path: client.get(p), seconds, warmup=3)
        figures[f"{name}_signed_in"] = rate(
            lambda p=path: client.get(p, headers={"Cookie": cookie}), seconds, warmup=3
        )
    summary = ", ".join(f"{k} {v['per_second']:.0f}/s" for k, v in figures.items())
    return emit(
        "directory",
        {"database": "sqlite", "people": people, "signed_in": signed_in, "pages": figures},
        summary,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=3.0)
    arguments = parser.parse_args()
    main(arguments.people, arguments.seconds)
