"""Demo organisations, themes and profiles: real kinds of Finnish actors across regions.

Idempotent like forum/demo.py: organisations and themes by name; a person's profile is filled
only while it has no organisation yet.
"""

from __future__ import annotations

from sqlalchemy import func, select

from forum.actions.organisations import create_theme, save_organisation, set_organisation_verified
from forum.actions.profiles import update_profile
from forum.actions.roles import grant_role
from forum.extensions import db
from forum.models import Organisation, OrganisationMembership, Region, RoleGrant, Theme, User
from forum.models.profile import PUBLIC

ORGANISATIONS = [
    # name, region code, sector, website, description, verified
    (
        "Kainuun hyvinvointialue",
        "MK18",
        "public",
        "https://hyvinvointialue.kainuu.fi",
        "Sosiaali-, terveys- ja pelastuspalvelut Kainuussa; liikuntaneuvonnan palveluketju.",
        True,
    ),
    (
        "Kainuun ELY-keskus",
        "MK18",
        "public",
        "https://www.ely-keskus.fi/kainuu",
        "Alueellinen kehittämisrahoitus ja ESR+-hankkeet.",
        True,
    ),
    (
        "Sosiaali- ja terveysjärjestöjen avustuskeskus STEA",
        "MK01",
        "public",
        "https://www.stea.fi",
        "Rahoittaa sosiaali- ja terveysjärjestöjen toimintaa ja kokeiluja.",
        True,
    ),
    (
        "Suomen Kulttuurirahasto",
        "MK01",
        "third_sector",
        "https://skr.fi",
        "Säätiö, joka tukee taidetta, tiedettä ja kansalaistoimintaa.",
        True,
    ),
    (
        "SOSTE Suomen sosiaali ja terveys ry",
        "MK01",
        "third_sector",
        "https://www.soste.fi",
        "Sosiaali- ja terveysalan järjestöjen kattojärjestö.",
        False,
    ),
    (
        "Auran kunta",
        "MK02",
        "public",
        "https://www.aura.fi",
        "Monitoimitalo, jossa kirjasto, nuorisotila ja neuvola ovat saman katon alla.",
        False,
    ),
    (
        "Satakunnan hyvinvointialue",
        "MK04",
        "public",
        "https://www.sata.fi",
        "Hyvinvointiteknologian lainaamo kotona asumisen tueksi.",
        True,
    ),
    (
        "Tampereen kaupunki",
        "MK06",
        "public",
        "https://www.tampere.fi",
        "Kulttuurilähete: taide ja kulttuuri osana hyvinvoinnin tukea.",
        True,
    ),
    (
        "Tampereen yliopisto",
        "MK06",
        "research",
        "https://www.tuni.fi",
        "Sosiaalisten innovaatioiden vaikuttavuuden tutkimus.",
        True,
    ),
    (
        "Oulun yliopisto",
        "MK17",
        "research",
        "https://www.oulu.fi",
        "",
        False,
    ),
    (
        "Österbottens välfärdsområde",
        "MK15",
        "public",
        "https://www.osterbottensvalfard.fi",
        "Social- och hälsovård samt räddningsväsende i Österbotten.",
        False,
    ),
    (
        "Kainuun Liikunta ry",
        "MK18",
        "third_sector",
        "",
        "Liikuntaneuvontaa ja ryhmiä yhdessä hyvinvointialueen kanssa.",
        False,
    ),
]

THEMES = [
    "Ikääntyneet",
    "Lapset ja nuoret",
    "Mielenterveys",
    "Liikunta ja hyvinvointi",
    "Kulttuuri ja osallisuus",
    "Hyvinvointiteknologia",
    "Työllisyys",
    "Yhteisöllinen asuminen",
]

PROFILES = [
    # username, organisations (name, title), regions, sector, themes, developer, decision-maker, bio
    (
        "aino.kehittaja",
        [("Kainuun hyvinvointialue", "kehittämispäällikkö"), ("Kainuun Liikunta ry", "hallitus")],
        ["MK18"],
        "public",
        ["Liikunta ja hyvinvointi", "Ikääntyneet"],
        True,
        False,
        "Kehitän Kainuun **liikuntaneuvonnan palveluketjua** ja etsin kumppaneita levitykseen.",
    ),
    (
        "mikko.rahoittaja",
        [("Kainuun ELY-keskus", "rahoitusasiantuntija")],
        ["MK18", "MK17"],
        "public",
        ["Työllisyys"],
        False,
        False,
        "ESR+-rahoitus ja kehittämishankkeet Kainuussa ja Pohjois-Pohjanmaalla.",
    ),
    (
        "liisa.kutoja",
        [("Kainuun ELY-keskus", "alueellinen kutoja")],
        ["MK18"],
        "public",
        ["Mielenterveys", "Lapset ja nuoret"],
        True,
        False,
        "Kokoan Kainuun oppimisyhteisöä ja kartoitan alueen innovaatioekosysteemiä.",
    ),
    (
        "erik.beslut",
        [("Österbottens välfärdsområde", "utvecklingsdirektör")],
        ["MK15"],
        "public",
        ["Ikääntyneet", "Hyvinvointiteknologia"],
        False,
        True,
        "Jag bereder beslut om att ta i bruk nya verksamhetsmodeller.",
    ),
]

GRANTS = [("mikko.rahoittaja", "Kainuun ELY-keskus"), ("liisa.kutoja", "MK18")]


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def seed_people(admin: User) -> list[str]:
    """Create what is missing of the demo organisations, themes and profiles."""
    created: list[str] = []
    for name, code, sector, website, description, verified in ORGANISATIONS:
        if db.session.scalar(select(Organisation.id).where(Organisation.name == name)):
            continue
        region = db.session.scalar(select(Region).where(Region.code == code))
        organisation = save_organisation(
            admin,
            None,
            name=name,
            region=region,
            sector=sector,
            website=website,
            description=description,
        )
        if verified:
            set_organisation_verified(admin, organisation, True)
        created.append(f"organisation {organisation.slug}")
    for name in THEMES:
        if not db.session.scalar(select(Theme.id).where(Theme.name == name)):
            create_theme(admin, name)
            created.append(f"theme {name}")
    themes = {t.name: t.id for t in db.session.scalars(select(Theme))}
    regions = {r.code: r.id for r in db.session.scalars(select(Region))}
    for username, orgs, codes, sector, interests, developer, decider, bio in PROFILES:
        user = _user(username)
        if user is None or db.session.scalar(
            select(func.count()).where(OrganisationMembership.user_id == user.id)
        ):
            continue
        update_profile(
            user,
            organisations=orgs,
            region_ids=[regions[code] for code in codes],
            sector=sector,
            theme_ids=[themes[name] for name in interests],
            developer=developer,
            decision_maker=decider,
            bio=bio,
            visibility=dict.fromkeys(("organisations", "regions", "roles", "bio"), PUBLIC),
        )
        created.append(f"profile {username}")
    for username, scope in GRANTS:
        user = _user(username)
        if user is None or db.session.scalar(
            select(RoleGrant.id).where(RoleGrant.user_id == user.id)
        ):
            continue
        if scope.startswith("MK"):
            region = db.session.scalar(select(Region).where(Region.code == scope))
            grant_role(admin, user, "weaver", region=region)
        else:
            organisation = db.session.scalar(select(Organisation).where(Organisation.name == scope))
            grant_role(admin, user, "funder", organisation=organisation)
        created.append(f"role {username}")
    return created
