"""Rate limits (Flask-Limiter): per person (signed in with a session or calling the API with
one of their tokens), or per IP address for anonymous callers, on sign-in, topics, new
conversations, posts, flags, reactions, profile changes and event registrations.

Each kind has one setting, ``RATELIMIT_<KIND>`` (e.g. ``FORUM_RATELIMIT_POSTS=10/minute``).
Counts live in Redis when ``REDIS_URL`` is set, so that every worker process shares them, and
in memory otherwise. A caller over a limit gets 429 with Retry-After, as a page or as JSON.

Redis being away never refuses a request: the limiter logs a warning once, counts in this
process's memory meanwhile, and goes back to Redis when Redis answers again (it asks after 1,
2, 4, ... up to 32 seconds).
"""

from __future__ import annotations

import logging

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

from forum import redis_client

log = logging.getLogger(__name__)

# Which endpoints count towards which limit; only the methods that change something count.
LIMITED = {
    "SIGN_IN": ("auth.start", "auth.callback"),
    "TOPICS": ("topics.new_topic", "api.new_topic"),
    "MESSAGES": ("messages.new", "api.new_conversation"),
    "POSTS": ("topics.reply", "api.reply"),
    "FLAGS": ("moderation.flag", "api.flag", "moderation.report"),
    "REACTIONS": ("posts.react", "api.react", "api.unreact"),
    "PROFILES": ("profile_settings.profile", "profile_settings.avatar", "api.update_user"),
    "REGISTRATIONS": (
        "events.register",
        "events.unregister",
        "api.event_register",
        "api.event_unregister",
    ),
}
COUNTED_METHODS = {
    "SIGN_IN": ["GET"],
    "TOPICS": ["POST"],
    "MESSAGES": ["POST"],
    "POSTS": ["POST"],
    "FLAGS": ["POST"],
    "REACTIONS": ["POST", "DELETE"],
    "PROFILES": ["POST", "PATCH"],
    "REGISTRATIONS": ["POST", "DELETE"],
}


def caller_key() -> str:
    """Who is counted: the person, however they authenticated (a session, or any of their API
    tokens, which the API has checked before a limit is counted), or else the IP address.
    Nothing the caller writes in a header chooses the bucket."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def init_app(app: Flask) -> None:
    """Attach the limits to the registered endpoints; call after every blueprint is in."""
    redis = app.config.get("REDIS_URL")
    limiter = Limiter(
        caller_key,
        storage_uri=redis or "memory://",
        storage_options=dict(redis_client.OPTIONS) if redis else {},
        headers_enabled=True,
        key_prefix=app.config["RATELIMIT_KEY_PREFIX"],
        enabled=app.config["RATELIMIT_ENABLED"],
        # Redis away: count in memory until it answers again, and should a request meet the
        # failure before the switch, let it through rather than answer 500.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )
    # Flask-Limiter's own logger has a NullHandler, which silences it where no logging is
    # configured; ours reaches the server's log like the forum's other warnings.
    limiter.logger = log
    for kind, endpoints in LIMITED.items():
        value = str(app.config[f"RATELIMIT_{kind}"])
        key = get_remote_address if kind == "SIGN_IN" else caller_key
        decorate = limiter.limit(
            value, key_func=key, methods=COUNTED_METHODS[kind], scope=kind.lower()
        )
        for endpoint in endpoints:
            if endpoint not in app.view_functions:
                raise RuntimeError(f"rate limit {kind} names a missing endpoint {endpoint}")
            app.view_functions[endpoint] = decorate(app.view_functions[endpoint])
    limiter.init_app(app)
    app.extensions["forum_limiter"] = limiter
