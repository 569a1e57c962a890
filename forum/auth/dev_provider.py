"""The development identity provider: a small OpenID Provider inside the app (authlib's server
side), with test persons and a choice of assurance level.

On only when DEV_IDENTITY_PROVIDER is set, in development or testing (production refuses to
start with it). When no FORUM_OIDC_ISSUER is set it becomes the provider "default", and the
forum's client talks to it over HTTP exactly as to a real one. Codes and tokens live in this
process's memory: it is for one development server, not for production.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from dataclasses import dataclass, field

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Blueprint, Flask, abort, current_app, jsonify, redirect, render_template, request
from joserfc.jwk import RSAKey

from forum.auth.config import ProviderConfig
from forum.extensions import csrf
from forum.http_input import same_origin

CLIENT_ID = "forum-development"
PREFIX = "/dev-idp"
CODE_TTL = 300
TOKEN_TTL = 600
ASSURANCE_LEVELS = (
    ("http://eidas.europa.eu/LoA/substantial", "substantial"),
    ("http://eidas.europa.eu/LoA/high", "high"),
    ("http://eidas.europa.eu/LoA/low", "low (refused by the forum)"),
)


@dataclass(frozen=True)
class TestPerson:
    sub: str
    given_name: str
    family_name: str
    # Fictitious numbers from the test range (individual numbers 900-999 are never issued).
    nin: str = field(repr=False)


PERSONS = (
    TestPerson("test-aino", "Aino", "Testinen", "010190-998V"),
    TestPerson("test-bertil", "Bertil", "Testsson", "020285-9992"),
    TestPerson("test-kaisa", "Kaisa", "Kokeilija", "150375-997L"),
    TestPerson("test-matti", "Matti", "Meikäläinen", "311299-996B"),
    TestPerson("test-sanna", "Sanna", "Sample", "070707-9952"),
)


@dataclass
class Grant:
    """An authorization code, then the access token it became."""

    code: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    person: TestPerson
    acr: str
    auth_time: int
    expires: float

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return self.acr

    def get_amr(self) -> list[str]:
        return ["test"]


class Store:
    """Codes and access tokens of this process, forgotten when they expire."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.codes: dict[str, Grant] = {}
        self.tokens: dict[str, tuple[float, TestPerson]] = {}

    def purge(self) -> None:
        now = time.time()
        self.codes = {k: v for k, v in self.codes.items() if v.expires > now}
        self.tokens = {k: v for k, v in self.tokens.items() if v[0] > now}


class Client(ClientMixin):
    def __init__(self, secret: str, redirect_uri: str) -> None:
        self.secret, self.redirect_uri = secret, redirect_uri

    def get_client_id(self) -> str:
        return CLIENT_ID

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in (scope or "").split() if s in ("openid", "profile", "nin"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(client_secret, self.secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "client_secret_basic"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


def _state() -> tuple[Store, RSAKey, AuthorizationServer]:
    return current_app.extensions["forum_dev_idp"]


def issuer() -> str:
    return str(current_app.config["DEV_IDENTITY_PROVIDER_ISSUER"]).rstrip("/")


def client_secret(config) -> str:
    """Derived from the secret key: stable across restarts, never configured by hand."""
    key = str(config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, b"development identity provider", hashlib.sha256).hexdigest()


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic",)

    def save_authorization_code(self, code: str, req) -> None:
        store, _key, _issuer = _state()
        person, acr = req.user
        data = req.payload.data
        grant = Grant(
            code=code,
            redirect_uri=req.payload.redirect_uri,
            scope=req.payload.scope,
            nonce=data.get("nonce"),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
            person=person,
            acr=acr,
            auth_time=int(time.time()),
            expires=time.time() + CODE_TTL,
        )
        with store.lock:
            store.purge()
            store.codes[code] = grant

    def query_authorization_code(self, code: str, client) -> Grant | None:
        store, _key, _issuer = _state()
        with store.lock:
            grant = store.codes.get(code)
        return grant if grant and grant.expires > time.time() else None

    def delete_authorization_code(self, authorization_code: Grant) -> None:
        store, _key, _issuer = _state()
        with store.lock:
            store.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: Grant) -> TestPerson:
        return authorization_code.person


class IdToken(OpenIDCode):
    def __init__(self) -> None:
        super().__init__(require_nonce=True)

    def exists_nonce(self, nonce: str, req) -> bool:
        return False

    def resolve_client_private_key(self, client) -> RSAKey:
        return _state()[1]

    def get_client_algorithm(self, client) -> str:
        return "RS256"

    def get_encode_header(self, client) -> dict[str, str]:
        return {"alg": "RS256", "kid": _state()[1].kid, "typ": "JWT"}

    def get_client_claims(self, client) -> dict:
        return {"iss": issuer(), "aud": [CLIENT_ID], "exp": int(time.time()) + CODE_TTL}

    def generate_user_info(self, user: TestPerson, scope: str) -> UserInfo:
        return UserInfo(sub=user.sub)


def user_claims(person: TestPerson) -> dict[str, str]:
    return {
        "sub": person.sub,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "name": f"{person.given_name} {person.family_name}",
        "nin": person.nin,
    }


bp = Blueprint("dev_idp", __name__, url_prefix=PREFIX)


@bp.get("/.well-known/openid-configuration")
def discovery():
    base = issuer()
    return jsonify(
        {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "end_session_endpoint": f"{base}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "acr_values_supported": [value for value, _label in ASSURANCE_LEVELS],
            "scopes_supported": ["openid", "profile", "nin"],
        }
    )


@bp.get("/jwks")
def jwks():
    return jsonify({"keys": [_state()[1].as_dict(private=False)]})


@bp.route("/authorize", methods=["GET", "POST"])
def authorize():
    if request.method == "GET":
        try:
            _state()[2].get_consent_grant(end_user=None)
        except OAuth2Error as error:
            return render_template("auth/dev_provider_error.html", error=error.error), 400
        return render_template(
            "auth/dev_provider.html", persons=PERSONS, levels=ASSURANCE_LEVELS, args=request.args
        )
    person = next((p for p in PERSONS if p.sub == request.form.get("person")), None)
    acr = request.form.get("acr")
    if person is None or acr not in {value for value, _label in ASSURANCE_LEVELS}:
        abort(400)
    return _state()[2].create_authorization_response(grant_user=(person, acr))


@bp.post("/token")
@csrf.exempt
def token():
    return _state()[2].create_token_response()


@bp.get("/userinfo")
def userinfo():
    header = request.headers.get("Authorization", "")
    store, _key, _issuer = _state()
    with store.lock:
        entry = store.tokens.get(header.removeprefix("Bearer ").strip())
    if not header.startswith("Bearer ") or entry is None or entry[0] <= time.time():
        return jsonify({"error": "invalid_token"}), 401
    return jsonify(user_claims(entry[1]))


@bp.get("/logout")
def logout():
    target = request.args.get("post_logout_redirect_uri", "")
    if request.args.get("client_id") == CLIENT_ID and same_origin(
        target, current_app.config["DEV_IDENTITY_PROVIDER_FORUM_URL"]
    ):
        return redirect(target, code=303)
    return render_template("auth/signed_out.html")


def save_token(token: dict, req) -> None:
    store, _key, _issuer = _state()
    with store.lock:
        store.purge()
        store.tokens[token["access_token"]] = (time.time() + TOKEN_TTL, req.user)


def query_client(client_id: str) -> Client | None:
    if client_id != CLIENT_ID:
        return None
    forum = current_app.config["DEV_IDENTITY_PROVIDER_FORUM_URL"].rstrip("/")
    return Client(client_secret(current_app.config), f"{forum}/auth/oidc/default/callback")


def provider_config(config) -> ProviderConfig:
    """How the forum's client reaches this provider, as "default"."""
    return ProviderConfig(
        name="default",
        issuer=str(config["DEV_IDENTITY_PROVIDER_ISSUER"]).rstrip("/"),
        discovery_url=(
            f"{str(config['DEV_IDENTITY_PROVIDER_ISSUER']).rstrip('/')}"
            "/.well-known/openid-configuration"
        ),
        client_id=CLIENT_ID,
        client_secret=client_secret(config),
        scopes=("openid", "profile", "nin"),
        acr_values=tuple(str(config["OIDC_ACR_VALUES"]).split()),
        title="Test identification (development)",
        timeout=5.0,
    )


def init_app(app: Flask) -> None:
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, private=True)
    key.ensure_kid()
    server = AuthorizationServer()
    app.config.setdefault("OAUTH2_TOKEN_EXPIRES_IN", {"authorization_code": TOKEN_TTL})
    server.init_app(app, query_client=query_client, save_token=save_token)
    server.register_grant(CodeGrant, [CodeChallenge(required=True), IdToken()])
    app.extensions["forum_dev_idp"] = (Store(), key, server)
    app.register_blueprint(bp)
