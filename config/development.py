"""The embedded default: SQLite, Whoosh and demo data under instance/."""

TEMPLATES_AUTO_RELOAD = True
IDENTITY_PEPPER = "insecure-development-pepper-not-for-production"
DEV_IDENTITY_PROVIDER = True
