"""A PostgreSQL cluster of the test's own: initdb into a temporary folder, trust authentication,
listening on 127.0.0.1 on a free port with its socket in that folder. Stopping it touches
nothing shared. initdb and postgres refuse to run as root, so as root they run as the
``postgres`` system user."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from forum.localserver import free_port

PG_ROOT = Path("/usr/lib/postgresql")
SYSTEM_USER = "postgres"


def server_binaries() -> Path | None:
    """The bin folder of the newest PostgreSQL server installed, or None."""
    found = sorted(
        (path for path in PG_ROOT.glob("*/bin") if (path / "initdb").exists()),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PrivatePostgres:
    """One cluster: ``start``, ``stop`` (fast shutdown, connections cut) and ``start`` again on
    the same port and data."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="forum-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam(SYSTEM_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self._as_user = ["runuser", "-u", SYSTEM_USER, "--"]

    @property
    def url(self) -> str:
        """The server's ``postgres`` database, as the superuser the cluster was made for."""
        user = SYSTEM_USER if self._as_user else pwd.getpwuid(os.geteuid()).pw_name
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = [*self._as_user, str(self.binaries / tool), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"{tool} failed:\n{result.stdout}\n{result.stderr}\n{log}")

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
        )

    def stop(self) -> None:
        """Fast shutdown: open connections are cut, as when the server restarts."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def remove(self) -> None:
        if self.running():
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data))
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    """A running private cluster, removed after the test."""
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("needs the PostgreSQL server programs (initdb, pg_ctl): install postgresql")
    if os.geteuid() == 0 and not _has_user(SYSTEM_USER):
        pytest.skip(
            f"runs PostgreSQL as the {SYSTEM_USER} user, which is missing: install postgresql"
        )
    server = PrivatePostgres(binaries)
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.remove()


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
