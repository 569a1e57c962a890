"""Serve a WSGI application with gunicorn on 127.0.0.1 and load it with wrk.

Every page figure in bench/ comes from here, so the forum, FlaskBB and the bare Flask floor
are served and loaded the same way: gunicorn with 2 sync workers, wrk with 2 connections.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from forum.localserver import free_port, running
from forum.settings import ROOT

WORKERS = 2
CONNECTIONS = 2
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Target:
    """A page to load: where it is served and the headers (a session cookie) to send."""

    port: int
    path: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"


@contextmanager
def gunicorn(
    env: Mapping[str, str],
    app: str = "wsgi:app",
    *,
    python: str = sys.executable,
    cwd: Path = ROOT,
    log: Path | None = None,
) -> Iterator[tuple[int, int]]:
    """``app`` served by gunicorn (2 sync workers) on a free port; yields (port, master pid)."""
    port = free_port()
    command = [python, "-m", "gunicorn", "--workers", str(WORKERS), "--bind"]
    command += [f"127.0.0.1:{port}", "--log-level", "warning", app]
    with running(command, port, env={**os.environ, **env}, cwd=cwd, log=log, timeout=60) as p:
        yield port, p.pid


def ensure_wrk() -> str:
    """The wrk binary; installed with apt-get when missing and this process is root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
        if found := shutil.which("wrk"):
            return found
    raise SystemExit("bench needs wrk (the HTTP load generator): run 'apt-get install wrk' as root")


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(number) * UNITS[unit], 2)


def parse_wrk(output: str) -> dict:
    """Requests per second, p50 and p99 latency, and failures from ``wrk --latency`` output."""
    # wrk pads times of a second or more with a trailing space ("1.27s ").
    percentiles = dict(re.findall(r"^[ \t]+(50|99)%[ \t]+(\S+)[ \t]*$", output, re.MULTILINE))
    requests = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    return {
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _milliseconds(percentiles["50"]) if "50" in percentiles else None,
        "p99_ms": _milliseconds(percentiles["99"]) if "99" in percentiles else None,
        "requests": int(requests.group(1)) if requests else 0,
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        **({"socket_errors": socket_errors.group(1)} if socket_errors else {}),
    }


def wrk(target: Target, seconds: float) -> dict:
    """Load ``target`` with wrk (1 thread, 2 keep-alive connections) for ``seconds``."""
    command = [ensure_wrk(), "-t1", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency"]
    command += ["--timeout", "30s"]  # a slow page on a busy machine is slow, not an error
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run(
        [*command, target.url], capture_output=True, text=True, check=True, timeout=seconds + 60
    )
    return parse_wrk(result.stdout)


def measure(target: Target, seconds: float, warmup: float = 2.0) -> dict:
    """wrk figures for ``target`` after a warm-up run that is not counted."""
    page_of(target)
    wrk(target, warmup)
    return wrk(target, seconds)


def mean(runs: list[dict]) -> dict:
    keys = ("per_second", "p50_ms", "p99_ms")
    merged = {key: round(sum(run[key] or 0 for run in runs) / len(runs), 2) for key in keys}
    merged["requests"] = sum(run["requests"] for run in runs)
    merged["errors"] = sum(run["errors"] for run in runs)
    return merged


def alternate(a: Target, b: Target, *, rounds: int, seconds: float) -> dict:
    """A and B loaded in turn (A, B, A, B, ...) so both meet the same machine; the ratio of
    their mean requests per second, A/B."""
    page_of(a)
    page_of(b)
    wrk(a, 2.0)
    wrk(b, 2.0)
    runs: tuple[list[dict], list[dict]] = ([], [])
    for _ in range(rounds):
        runs[0].append(wrk(a, seconds))
        runs[1].append(wrk(b, seconds))
    first, second = mean(runs[0]), mean(runs[1])
    ratio = first["per_second"] / second["per_second"] if second["per_second"] else None
    return {"a": first, "b": second, "ratio": round(ratio, 3) if ratio else None}


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kilobytes = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        sizes.append(round(kilobytes / 1024, 1))
    return sizes


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def page_of(target: Target) -> bytes:
    """The page ``target`` answers, which must be a 200: wrk counts a redirect as a success, so
    a URL that redirects (a returning reader sent on to where they left off) would quietly
    measure the redirect instead of the page."""
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(target.url, headers=target.headers)  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:  # 127.0.0.1
            return response.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{target.url} answers {error.code}, not the page") from error


def signed_in(target: Target) -> Target:
    """``target``, after checking that its page offers to sign out: a cookie that failed to
    sign in would quietly measure the anonymous page instead."""
    if b"/auth/logout" not in page_of(target):
        raise RuntimeError(f"the cookie does not sign in at {target.url}")
    return target
