"""Settings shared by every environment. FORUM_* environment variables override them.

Secrets never live here: FORUM_SECRET_KEY (and later the OIDC secrets and the identity pepper)
come from the environment only.
"""

SITE_NAME = {
    "fi": "Sosiaalisten innovaatioiden foorumi",
    "sv": "Forumet för sociala innovationer",
    "en": "Social Innovation Forum",
}

# Replaced by FORUM_SECRET_KEY; production refuses to start while it is this value.
SECRET_KEY = "insecure-development-key"  # noqa: S105 - public on purpose; refused in production

# None means an SQLite file under the instance path.
DATABASE_URL = None
REDIS_URL = None
SEARCH_BACKEND = "whoosh"

LANGUAGES = ("fi", "sv", "en")
BABEL_DEFAULT_LOCALE = "fi"
BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"

WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
HSTS = False
SQLALCHEMY_ECHO = False

# Reactions people can give a post, in the order they are shown.
REACTIONS = ("like", "thanks", "insightful")
POSTS_PER_PAGE = 20
TOPICS_PER_PAGE = 30
# A topic counts as new for a person for this many days, until they open it.
NEW_TOPIC_DAYS = 14

# One accent colour for links and buttons (#rrggbb). The forum darkens or lightens it where
# needed so that text keeps a WCAG AA contrast in both the light and the dark colour scheme.
ACCENT_COLOUR = "#1f5c7a"

# The accessibility statement at /accessibility. Texts may be one string or one per language.
ACCESSIBILITY = {
    "organisation": {
        "fi": "Sosiaalisten innovaatioiden osaamiskeskus",
        "sv": "Kompetenscentret för sociala innovationer",
        "en": "The Competence Centre for Social Innovation",
    },
    "email": "saavutettavuus@example.org",
    "assessed": "2026-11-22",
    "limitations": {
        "fi": ["Keskustelijoiden lisäämissä kuvissa voi puuttua tekstivastine."],
        "sv": ["Bilder som deltagarna lägger till kan sakna textalternativ."],
        "en": ["Images added by participants may lack a text alternative."],
    },
    "supervisor_url": "https://www.saavutettavuusvaatimukset.fi/",
}

# /components shows every shared component, for development and the browser tests.
COMPONENT_GALLERY = True
