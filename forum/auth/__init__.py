"""Sign-in through OpenID Connect identity providers, sessions, and who is signed in.

Modules: config (providers from the settings), keys (the forum's own keys), client (talking
to a provider), tokens (checks on ID tokens), flow (the authorization code flow), identity
(the identity key), sessions (server-side sessions), views (the /auth pages).
"""

from flask import Flask

from forum.extensions import login_manager


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
    app.register_blueprint(views.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(own_data.bp)
    app.register_blueprint(admin.bp)
