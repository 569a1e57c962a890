"""Start a server process on 127.0.0.1 and wait until it answers.

One place for what the benchmarks and the tests that need a real process (several workers,
a browser, an SMTP server) all do: pick a free port, start, poll, stop.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from forum.settings import ROOT


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_environment(settings: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without its FORUM_* variables, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORUM_")}
    env.update(settings or {})
    return env


def answers(port: int, path: str | None) -> bool:
    """Whether the port takes a connection (``path`` None) or answers an HTTP GET of ``path``
    with any status."""
    try:
        if path is None:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, urllib.error.URLError):
        return False


def wait_until_ready(
    process: subprocess.Popen,
    port: int,
    path: str | None = "/",
    timeout: float = 30,
    log: Path | None = None,
) -> None:
    """Poll until the server answers; raise with its log if it exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if answers(port, path):
            return
        time.sleep(0.1)
    stop(process)
    output = log.read_text(errors="replace") if log and log.exists() else ""
    raise RuntimeError(f"the server on port {port} did not answer within {timeout} s\n{output}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running(
    command: Sequence[str],
    port: int,
    *,
    env: Mapping[str, str] | None = None,
    path: str | None = "/",
    log: Path | None = None,
    timeout: float = 30,
    cwd: Path = ROOT,
) -> Iterator[subprocess.Popen]:
    """``command`` (which listens on ``port``) running until the block ends; output to ``log``
    or discarded."""
    with open(log, "wb") if log else open(os.devnull, "wb") as output:
        process = subprocess.Popen(
            list(command), cwd=cwd, env=dict(env or os.environ), stdout=output, stderr=output
        )
    try:
        wait_until_ready(process, port, path, timeout, log)
        yield process
    finally:
        stop(process)
