"""Settings for the test suite; tests/conftest.py sets the database and instance path."""

TESTING = True
SECRET_KEY = "testing-secret-key"  # noqa: S105 - public on purpose; refused in production
IDENTITY_PEPPER = "testing-pepper"
# The suite posts far faster than people; rate-limit tests switch limits on in their own app.
RATELIMIT_ENABLED = False
BACKGROUND_IMMEDIATE = True
