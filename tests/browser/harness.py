"""The pieces of the browser tests: a live forum in its own process, Debian's chromium, axe-core.

Used by tests/browser/conftest.py and by ``make screenshots`` (tests/browser/screenshots.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forum.localserver import clean_environment, free_port, stop, wait_until_ready
from forum.settings import ROOT

CHROMIUM = Path(os.environ.get("FORUM_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def missing_tools() -> str | None:
    """Why the browser tests cannot run here, with what to install; None when they can."""
    if not CHROMIUM.exists():
        return (
            f"needs Debian's chromium at {CHROMIUM}: run 'make setup' as root, or "
            "'apt-get install chromium'"
        )
    if not AXE.exists():
        return "needs axe-core from npm: run 'make setup' (npm ci)"
    return None


class LiveServer:
    """The forum served by ``flask run`` in a subprocess on 127.0.0.1, on its own migrated
    SQLite database with the demo data, configured only through FORUM_* variables."""

    def __init__(self, instance: Path, settings: dict[str, str] | None = None) -> None:
        self.instance = instance
        self.settings = settings or {}
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.log = instance / "server.log"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.origin + path

    def _env(self) -> dict[str, str]:
        """The server's whole configuration. The development identity provider runs inside the
        forum, which reaches it over HTTP at its own address, as it would a real one."""
        return clean_environment(
            {
                "FORUM_ENV": "testing",
                "FORUM_INSTANCE_PATH": str(self.instance),
                "FORUM_DEV_IDENTITY_PROVIDER": "true",
                "FORUM_DEV_IDENTITY_PROVIDER_FORUM_URL": self.origin,
                "FORUM_DEV_IDENTITY_PROVIDER_ISSUER": f"{self.origin}/dev-idp",
                **{f"FORUM_{k}": v for k, v in self.settings.items()},
            }
        )

    def _flask(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "flask", "--app", "wsgi", *args]

    def start(self, timeout: float = 30) -> LiveServer:
        self.instance.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        for command in (("db", "upgrade"), ("forum", "seed-demo")):
            subprocess.run(
                self._flask(*command),
                cwd=ROOT,
                env=self._env(),
                check=True,
                capture_output=True,
                timeout=120,
            )
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                self._flask("run", "--host", "127.0.0.1", "--port", str(self.port), "--no-reload"),
                cwd=ROOT,
                env=self._env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until_ready(self.process, self.port, timeout=timeout, log=self.log)
        return self

    def grant(self, username: str, group: str) -> None:
        """Make a registered person a member of ``group`` (tests/browser/grant.py)."""
        subprocess.run(
            [sys.executable, "-m", "tests.browser.grant", username, group],
            cwd=ROOT,
            env=self._env(),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def stop(self) -> None:
        if self.process:
            stop(self.process)


@dataclass(frozen=True)
class Viewport:
    """A screen and colour scheme a page is checked in."""

    name: str
    width: int
    height: int
    color_scheme: str = "light"

    def context_options(self) -> dict[str, Any]:
        return {
            "viewport": {"width": self.width, "height": self.height},
            "color_scheme": self.color_scheme,
            "reduced_motion": "reduce",
            "locale": "fi-FI",
        }


MOBILE = 360
DESKTOP = 1280
VIEWPORTS = [
    Viewport("mobile-light", MOBILE, 740, "light"),
    Viewport("mobile-dark", MOBILE, 740, "dark"),
    Viewport("desktop-light", DESKTOP, 860, "light"),
    Viewport("desktop-dark", DESKTOP, 860, "dark"),
]


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary),
  }));
}"""


def axe_violations(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Violations of the WCAG 2.1 A and AA rules on the page as it is now.

    axe is added to every page of a context as an init script (see ``new_context``), which
    the page's strict Content-Security-Policy does not block.
    """
    return page.evaluate(AXE_RUN, tags or WCAG_21_AA)


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node}" for node in violation["nodes"][:5])
    return "\n".join(lines)


def new_context(browser: Any, viewport: Viewport, **options: Any) -> Any:
    """A fresh browser context (no cookies) in ``viewport``, with axe-core loaded."""
    context = browser.new_context(**{**viewport.context_options(), **options})
    context.add_init_script(path=str(AXE))
    return context
