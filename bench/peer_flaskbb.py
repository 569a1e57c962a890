"""The peer, side by side: FlaskBB and the forum under the same gunicorn and wrk, alternately.

    .venv/bin/python -m bench.peer_flaskbb [--seconds 5] [--rounds 2]

FlaskBB 3.0.0rc5 (the one release that installs today; it needs Python 3.12 or newer) goes into
its own virtual environment outside the repository, under ~/.cache/forum-bench/ (or
$FORUM_BENCH_CACHE), set up with its own commands: makeconfig, install, users new and
``populate --bulk-data --topics 1 --posts 100`` (a topic of 101 posts). The forum gets a topic
of 101 posts too, and both show 10 posts per page (FlaskBB's default); FlaskBB's posts are
given the same Markdown as ours, so both pages carry the same text. FlaskBB's per-request
DEBUG logging is lowered to WARNING, as ours logs nothing per request.

Figures: requests per second, p50 and p99 of each, and ours/FlaskBB for the topic page
anonymous and signed in (FlaskBB's cookie from its login form) and for the home page.
"""

from __future__ import annotations

import argparse
import glob
import http.cookiejar
import re
import shutil
import sqlite3
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import select

from bench.common import CACHE, cached_venv, emit, fresh_app, server_env, session_cookie
from bench.data import build
from bench.server import Target, alternate, gunicorn, signed_in
from forum.extensions import db
from forum.models import Post

VERSION = "3.0.0rc5"
MEMBER = ("member", "member@example.org", "bench-password-2")
TARGET_RATIO = 3.0


def find_python() -> str | None:
    """A Python 3.12 or newer that runs (pyenv shims may exist but refuse), or None."""
    for name in ("python3.13", "python3.12"):
        pattern = str(Path.home() / ".pyenv" / "versions" / "*" / "bin" / name)
        for candidate in [shutil.which(name), *sorted(glob.glob(pattern))]:
            check = [candidate or "", "-c", "import sys; assert sys.version_info >= (3, 12)"]
            if candidate and subprocess.run(check, capture_output=True).returncode == 0:
                return candidate
    return None


def install(python: str) -> Path:
    """The virtual environment with FlaskBB and gunicorn, made once."""
    venv = cached_venv("flaskbb", python, [f"flaskbb=={VERSION}", "gunicorn"])
    # FlaskBB logs into <site-packages>/logs until a configuration says otherwise.
    site = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import flaskbb, os; print(flaskbb.__path__[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site).parent.joinpath("logs").mkdir(exist_ok=True)
    return venv


def configure(config: Path) -> None:
    """Production settings (no DEBUG), any host, the database and logs beside the config."""
    text = config.read_text()
    here = config.parent
    text = text.replace("DEBUG = True", "DEBUG = False")
    text = re.sub(r"^SERVER_NAME = .*$", "SERVER_NAME = None", text, flags=re.MULTILINE)
    text = re.sub(
        r"^SQLALCHEMY_DATABASE_URI = .*$",
        f'SQLALCHEMY_DATABASE_URI = "sqlite:///{here}/flaskbb.sqlite"',
        text,
        flags=re.MULTILINE,
    )
    text = re.sub(r"^LOG_PATH = .*$", f"LOG_PATH = {str(here / 'logs')!r}", text, flags=re.M)
    text = text.replace("'level': 'DEBUG'", "'level': 'WARNING'")
    config.write_text(text)


def set_up_site(venv: Path) -> Path:
    """A FlaskBB site with a topic of 101 posts, made with FlaskBB's own commands, once."""
    site = CACHE / "flaskbb-site"
    config = site / "flaskbb.cfg"
    if (site / "ready").exists():
        return config
    shutil.rmtree(site, ignore_errors=True)
    (site / "logs").mkdir(parents=True)
    flaskbb = [str(venv / "bin" / "flaskbb")]
    steps = [
        ["makeconfig", "--development", "--force", "--output", str(config)],
        ["install", "--force", "-u", "admin", "-e", "admin@example.org", "-p", "bench-password-1"],
        ["users", "new", "-u", MEMBER[0], "-e", MEMBER[1], "-p", MEMBER[2], "-g", "member"],
        ["populate", "--bulk-data", "--topics", "1", "--posts", "100"],
    ]
    for n, step in enumerate(steps):
        command = [*flaskbb, *step] if n == 0 else [*flaskbb, "--config", str(config), *step]
        subprocess.run(command, cwd=site, check=True, capture_output=True)
        if n == 0:
            configure(config)
    (site / "ready").touch()
    return config


def flaskbb_topic(config: Path, texts: list[str]) -> int:
    """The id of FlaskBB's 101-post topic, its posts given ``texts`` in order."""
    with sqlite3.connect(config.parent / "flaskbb.sqlite") as connection:
        topic_id = connection.execute("SELECT id FROM topics ORDER BY post_count DESC").fetchone()[
            0
        ]
        ids = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM posts WHERE topic_id = ? ORDER BY id", (topic_id,)
            )
        ]
        connection.executemany(
            "UPDATE posts SET content = ? WHERE id = ?", list(zip(texts, ids, strict=False))
        )
    return topic_id


def flaskbb_cookie(port: int) -> dict[str, str]:
    """Sign in through FlaskBB's login form; the session cookie it sets."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"http://127.0.0.1:{port}/auth/login"
    page = opener.open(login).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = {"csrf_token": token, "login": MEMBER[0], "password": MEMBER[2], "submit": "Login"}
    opener.open(login, urllib.parse.urlencode(form).encode())
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session=" not in cookies:
        raise RuntimeError("FlaskBB's login form did not sign the member in")
    return {"Cookie": cookies}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    python = find_python()
    if python is None:
        reason = "skipped: FlaskBB 3.0.0rc5 needs python3.12 or python3.13 on PATH or in pyenv"
        return emit("peer_flaskbb", {"skipped": reason}, reason)
    venv = install(python)
    config = set_up_site(venv)
    forum = fresh_app()
    data = build(forum, user_count=100, sizes=(101,))
    with forum.app_context():
        texts = list(
            db.session.scalars(
                select(Post.raw).where(Post.topic_id == data.topics[101]).order_by(Post.post_number)
            )
        )
    their_topic = flaskbb_topic(config, texts)
    ours_cookie = session_cookie(forum, data.users[1])
    flaskbb_app = f"flaskbb:create_app(config={str(config)!r})"
    with (
        gunicorn(server_env(forum, POSTS_PER_PAGE="10")) as (ours, _),
        gunicorn({}, flaskbb_app, python=str(venv / "bin" / "python"), cwd=config.parent) as (
            theirs,
            _,
        ),
    ):
        their_cookie = flaskbb_cookie(theirs)
        pairs = {
            "topic_101_first_page_anonymous": (
                Target(ours, f"/t/{data.topics[101]}?page=1"),
                Target(theirs, f"/topic/{their_topic}"),
            ),
            "topic_101_first_page_signed_in": (
                signed_in(Target(ours, f"/t/{data.topics[101]}?page=1", ours_cookie)),
                signed_in(Target(theirs, f"/topic/{their_topic}", their_cookie)),
            ),
            "home_anonymous": (Target(ours, "/"), Target(theirs, "/")),
        }
        figures: dict = {"flaskbb": VERSION, "flaskbb_python": python, "posts_per_page": 10}
        for name, (a, b) in pairs.items():
            result = alternate(a, b, rounds=args.rounds, seconds=args.seconds)
            figures[name] = {
                "ours": result["a"],
                "flaskbb": result["b"],
                "ratio_ours_to_flaskbb": result["ratio"],
            }
    figures.update(target_ratio=TARGET_RATIO, rounds=args.rounds, seconds_per_round=args.seconds)
    summary = "ours/FlaskBB: " + ", ".join(
        f"{name} {figures[name]['ratio_ours_to_flaskbb']}×" for name in pairs
    )
    return emit("peer_flaskbb", figures, summary + f" (target ≥ {TARGET_RATIO}×)")


if __name__ == "__main__":
    main()
