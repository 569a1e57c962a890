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
# Every process re-checks its real-time connections this often (0: only when asked), besides
# at once after a suspension, a revoked token or grant, or ended sessions.
REALTIME_RECHECK_SECONDS = 300
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
# Each worker keeps topic pages rendered for visitors who are not signed in and the posts'
# articles, up to this many megabytes (half each), and serves them again until anything shown
# changes (forum/page_cache.py). 0: off.
PAGE_CACHE_MB = 8
TOPICS_PER_PAGE = 30
# A topic counts as new for a person for this many days, until they open it.
NEW_TOPIC_DAYS = 14
# Sign-in through OpenID Connect identity providers. FORUM_OIDC_* configure the provider named
# "default"; OIDC_PROVIDERS (JSON: name -> settings) adds more. See the README.
OIDC_ISSUER = None
OIDC_CLIENT_ID = None
OIDC_PROFILE = "standard"
OIDC_SCOPES = "openid profile"
OIDC_NIN_CLAIM = "nin"
# eIDAS substantial and high, and their Finnish Trust Network equivalents.
OIDC_ACR_VALUES = (
    "http://eidas.europa.eu/LoA/substantial http://eidas.europa.eu/LoA/high "
    "http://ftn.ficora.fi/2017/loa2 http://ftn.ficora.fi/2017/loa3"
)
OIDC_TIMEOUT = 10
OIDC_PROVIDERS = {}
# The forum's own RSA keys (JWK or PEM), published at /auth/jwks.json. Generated into the
# instance folder outside production when unset.
OIDC_SIGNING_KEY = None
OIDC_ENCRYPTION_KEY = None
# The identity key is HMAC-SHA256(pepper, identity number); the pepper comes from the
# environment. Old peppers ({"1": "..."}) still recognise people until they sign in again.
IDENTITY_PEPPER = None
IDENTITY_PEPPER_VERSION = 1
IDENTITY_OLD_PEPPERS = {}
# The development identity provider inside the app (test persons only): never in production.
# It is the provider "default" unless FORUM_OIDC_ISSUER is set; the URLs say where the forum
# (and so the provider, under /dev-idp) is served.
DEV_IDENTITY_PROVIDER = False
DEV_IDENTITY_PROVIDER_FORUM_URL = "http://127.0.0.1:5000"
DEV_IDENTITY_PROVIDER_ISSUER = "http://127.0.0.1:5000/dev-idp"

# Sessions end after this long without a request, and in any case this long after sign-in.
SESSION_IDLE_TIMEOUT = 2 * 60 * 60
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
# The terms of use and privacy notice in force; a new version asks everyone to accept again.
TERMS_VERSION = "2026-11"

# How many reverse proxies stand in front of the forum (nginx: 1). Their X-Forwarded-For and
# X-Forwarded-Proto are trusted that many hops deep; 0 trusts none.
PROXY_COUNT = 0
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
# Moderation: this many open flags from accounts registered at least FLAG_TRUST_DAYS ago hide
# a post until a moderator reviews it.
FLAG_AUTO_HIDE = 3
FLAG_TRUST_DAYS = 7

# Notifications not seen within this many minutes are e-mailed, one mail per burst.
MAIL_NOTIFICATION_DELAY = 10
# SMTP server for outgoing mail, e.g. smtp://user:password@mail.example.org:587?starttls=1;
# without it mail stays queued (and the development outbox page shows it).
SMTP_URL = None
MAIL_FROM = "forum@localhost"
# Failed sends are retried this many times, waiting longer each time, before giving up loudly.
MAIL_MAX_ATTEMPTS = 8

# Rate limits per signed-in person (or API token; per IP address for anonymous callers, and
# always per IP for sign-in), in Flask-Limiter's notation. Redis keeps the counts when
# REDIS_URL is set.
RATELIMIT_ENABLED = True
RATELIMIT_KEY_PREFIX = "forum"
RATELIMIT_SIGN_IN = "20/minute;100/hour"
RATELIMIT_TOPICS = "5/minute;30/day"
RATELIMIT_MESSAGES = "5/minute;50/day"
RATELIMIT_POSTS = "10/minute;300/day"
RATELIMIT_FLAGS = "10/minute;50/day"
RATELIMIT_REACTIONS = "30/minute"
# Data exports: an account with more posts than this gets its ZIP built by the worker, with a
# download link by notification and e-mail; smaller ones download at once.
EXPORT_BACKGROUND_POSTS = 500
# Hours a background export's file is kept (and its link works); a periodic task deletes it.
EXPORT_KEEP_HOURS = 48
# Where background exports are stored; the web servers and the worker must share it (default:
# "exports" under the instance folder).
EXPORT_DIRECTORY = None
RATELIMIT_PROFILES = "10/minute;100/day"

# The largest avatar upload accepted, in bytes.
AVATAR_MAX_BYTES = 5 * 1024 * 1024
RATELIMIT_REGISTRATIONS = "20/minute;200/day"
# Where the forum is reached from outside: links in e-mail are built on it.
PUBLIC_URL = "http://127.0.0.1:5000"
# Background tasks run in the caller instead of the worker (the test suite).
BACKGROUND_IMMEDIATE = False
