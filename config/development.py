"""The embedded default: SQLite, Whoosh and demo data under instance/."""

TEMPLATES_AUTO_RELOAD = True
