"""Sign-in through OpenID Connect identity providers, sessions, and who is signed in.

Modules: config (providers from the settings), keys (the forum's own keys), client (talking
to a provider), tokens (checks on ID tokens), flow (the authorization code flow), identity
(the identity key), sessions (server-side sessions), views (the /auth pages).
"""

from flask import Flask, url_for
from flask_login import current_user

from forum.extensions import db, login_manager


def registration_step() -> str | None:
    """Where a signed-in person still has to go before they may write: the registration form,
    or the new terms; None when nothing is missing."""
    from forum.models import Profile
    from forum.permissions import registration_complete

    if not current_user.is_authenticated or registration_complete(current_user):
        return None
    profile = db.session.get(Profile, current_user.id)
    if profile is not None and profile.registered_at is not None:
        return url_for("account.terms")
    return url_for("account.register")


def init_app(app: Flask) -> None:
    from forum.auth import account, admin, config, dev_provider, keys, own_data, sessions, views

    providers = config.load(app.config)
    if app.config.get("DEV_IDENTITY_PROVIDER") and app.config["ENV"] != "production":
        dev_provider.init_app(app)
        providers.setdefault(config.DEFAULT, dev_provider.provider_config(app.config))
    for provider in providers.values():
        if provider.private_key:  # refuse an unreadable key at start, not at sign-in
            keys.import_key(provider.private_key, use="sig", alg=keys.SIGNING_ALG)
    needs_keys = any(p.uses_private_key_jwt and not p.private_key for p in providers.values())
    app.extensions["forum_oidc_providers"] = providers
    app.extensions["forum_oidc_keys"] = keys.load(app.config, required=needs_keys)
    login_manager.init_app(app)
    login_manager.user_loader(sessions.load_user)
    login_manager.session_protection = "basic"
    login_manager.login_view = "auth.login"
    app.jinja_env.globals["registration_step"] = registration_step
    app.register_blueprint(views.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(own_data.bp)
    app.register_blueprint(admin.bp)
