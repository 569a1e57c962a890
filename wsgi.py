"""Entry point for gunicorn (``wsgi:app``) and ``flask --app wsgi``."""

import sys

from forum import create_app
from forum.settings import ConfigError

try:
    app = create_app()
except ConfigError as error:
    sys.exit(f"forum: configuration error: {error}")
