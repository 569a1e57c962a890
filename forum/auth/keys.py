"""The forum's own keys: one to sign (client assertions, request objects), one that providers
encrypt ID tokens and userinfo to. Both are published at /auth/jwks.json.

Keys come from OIDC_SIGNING_KEY and OIDC_ENCRYPTION_KEY (a JWK as JSON, or PEM). Outside
production, missing keys are generated once and kept in the instance folder, so that the
development provider and tests work without set-up; production refuses to run without them
when a provider needs them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from joserfc.jwk import KeySet, RSAKey

from forum.settings import ConfigError

SIGNING_ALG = "RS256"
ENCRYPTION_ALG = "RSA-OAEP-256"
ENCRYPTION_ENC = "A256GCM"
KEY_FILE = "oidc-keys.json"


@dataclass(frozen=True)
class ForumKeys:
    signing: RSAKey
    encryption: RSAKey

    def public_jwks(self) -> dict[str, Any]:
        return {
            "keys": [
                self.signing.as_dict(private=False),
                self.encryption.as_dict(private=False),
            ]
        }

    def decryption_keys(self) -> KeySet:
        return KeySet([self.encryption])


def import_key(value: str | dict, *, use: str, alg: str, kid: str | None = None) -> RSAKey:
    """An RSA private key from a JWK (dict or JSON) or PEM text, with ``use``/``alg`` set."""
    raw: Any = value
    if isinstance(value, str) and value.lstrip().startswith("{"):
        raw = json.loads(value)
    parameters = {"use": use, "alg": alg}
    if kid:
        parameters["kid"] = kid
    try:
        key = RSAKey.import_key(raw, parameters)
    except (ValueError, TypeError) as error:
        raise ConfigError(f"An OIDC key could not be read ({error.__class__.__name__}).") from error
    if not key.is_private:
        raise ConfigError("An OIDC key must be a private key.")
    key.ensure_kid()
    return key


def _generated(path: Path) -> dict[str, dict]:
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    keys = {}
    for name, use, alg in (("signing", "sig", SIGNING_ALG), ("encryption", "enc", ENCRYPTION_ALG)):
        key = RSAKey.generate_key(2048, parameters={"use": use, "alg": alg}, private=True)
        key.ensure_kid()
        keys[name] = key.as_dict(private=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(keys, handle)
    return keys


def load(config: dict, *, required: bool) -> ForumKeys | None:
    """The forum's keys from the settings, generated outside production when absent."""
    signing, encryption = config.get("OIDC_SIGNING_KEY"), config.get("OIDC_ENCRYPTION_KEY")
    if not signing or not encryption:
        if config["ENV"] == "production":
            if required:
                raise ConfigError(
                    "FORUM_OIDC_SIGNING_KEY and FORUM_OIDC_ENCRYPTION_KEY must be set (RSA private "
                    "keys as JWK or PEM) for providers that use private_key_jwt or the ftn profile."
                )
            return None
        stored = _generated(Path(config["INSTANCE_PATH"]) / KEY_FILE)
        signing, encryption = signing or stored["signing"], encryption or stored["encryption"]
    return ForumKeys(
        signing=import_key(signing, use="sig", alg=SIGNING_ALG),
        encryption=import_key(encryption, use="enc", alg=ENCRYPTION_ALG),
    )


def forum_keys() -> ForumKeys | None:
    return current_app.extensions["forum_oidc_keys"]
