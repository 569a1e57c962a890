"""Run the test OpenID Provider (provider.mjs, panva/oidc-provider) as a separate process and
walk a browser through it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests

HERE = Path(__file__).resolve().parent
FORUM = "http://forum.test"
EIDAS_SUBSTANTIAL = "http://eidas.europa.eu/LoA/substantial"
EIDAS_LOW = "http://eidas.europa.eu/LoA/low"
# Fictitious identity numbers from the test range (individual numbers 900-999).
NIN = "010190-998V"
OTHER_NIN = "020285-9992"


def require_node() -> str:
    node = shutil.which("node")
    if not node or not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.skip("needs Node.js and oidc-provider: install nodejs and npm, then run make setup")
    return node


@dataclass
class ProviderProcess:
    process: subprocess.Popen
    issuer: str

    def control(self, path: str, body: dict[str, Any] | None = None) -> None:
        response = requests.post(f"{self.issuer}/test/{path}", json=body or {}, timeout=10)
        response.raise_for_status()

    def set_person(self, sub: str, claims: dict[str, Any], acr: str = EIDAS_SUBSTANTIAL) -> None:
        self.control("person", {"sub": sub, "claims": claims, "acr": acr})

    def tamper(self, **change: Any) -> None:
        self.control("tamper", change)

    def reset(self) -> None:
        self.control("reset")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def start_provider(config: dict[str, Any]) -> ProviderProcess:
    node = require_node()
    process = subprocess.Popen(
        [node, str(HERE / "provider.mjs")],
        cwd=HERE,
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline() if process.stdout else ""
    if not line.startswith("listening "):
        process.kill()
        raise RuntimeError(f"the test provider did not start: {line!r}")
    return ProviderProcess(process=process, issuer=line.split()[1])


def walk_to_callback(url: str, browser: requests.Session | None = None) -> str:
    """Follow the provider's redirects as a browser would, until they lead back to the forum."""
    browser = browser or requests.Session()
    for _hop in range(20):
        if url.startswith(FORUM):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), f"{url}: {response.status_code} {response.text}"
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("too many redirects at the provider")
