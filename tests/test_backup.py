"""``flask forum backup`` and ``flask forum restore``: a forum built through the actions is
backed up, restored into a new, empty instance and found whole there; restore refuses
instances that hold data and archives that are tampered with.

On PostgreSQL the database travels by pg_dump -Fc and pg_restore, as the README says, and the
archive carries the files."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import make_url, text

from forum import background
from forum.actions.news import NewsFields
from forum.actions.profiles import set_avatar
from forum.actions.reactions import add_reaction
from forum.actions.registration import register_for_event
from forum.actions.topics import create_topic
from forum.extensions import db, migrate
from forum.models import Post, Topic, User
from tests.conftest import create_postgres_database, drop_postgres_database, require_postgres
from tests.event_helpers import make_event, make_kind_space
from tests.factories import make_post, make_topic, make_user
from tests.people_helpers import image_bytes
from tests.plugin_helpers import migrated_app
from tests.search_helpers import use_backend

SQLITE_ONLY = "SQLite backup: the PostgreSQL deployment uses pg_dump (README)"
TABLES = (
    "users",
    "profiles",
    "topics",
    "posts",
    "post_revisions",
    "reactions",
    "events",
    "event_registrations",
    "news_items",
)
USER_FILES = ("avatars", "uploads")
ABSOLUTE = Path("/escaped-from-a-forum-backup.txt")


@pytest.fixture
def on_postgres(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--database") == "postgresql"


@pytest.fixture
def search(app: Flask) -> Iterator[object]:
    yield from use_backend(app, "whoosh")


@pytest.fixture
def scene(search: object) -> None:
    """A forum with a discussion, a reaction, an event registration, an avatar and a news
    image."""
    author, reader = make_user(), make_user()
    space = make_kind_space()
    topic = make_topic(author, space, title="Marmalade recipes from Kainuu")
    reply = make_post(topic, reader, "Bitter oranges make the best marmalade.")
    add_reaction(author, reply, "like")
    event = make_event(author, space)
    register_for_event(reader, event)
    set_avatar(reader, image_bytes((300, 300)))
    create_topic(
        author,
        space,
        title="News with a picture",
        raw="The body of the news.",
        kind="news",
        news=NewsFields(lead="A lead.", image=image_bytes(fmt="PNG"), image_alt="An orange"),
    )


def run(application: Flask, *args: str) -> tuple[int, str]:
    """``flask forum ARGS`` on ``application``, in its own application context."""
    with application.app_context():
        result = application.test_cli_runner().invoke(args=["forum", *args])
        db.session.remove()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def rows(application: Flask, table: str) -> list[tuple]:
    with application.app_context():
        query = text(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - names from TABLES
        found = [tuple(r) for r in db.session.execute(query)]
        db.session.remove()
    return found


def user_files(instance: Path) -> dict[str, bytes]:
    return {
        path.relative_to(instance).as_posix(): path.read_bytes()
        for folder in USER_FILES
        for path in (instance / folder).rglob("*")
        if path.is_file()
    }


@contextmanager
def new_instance(app: Flask, folder: Path, database_url: str | None = None) -> Iterator[Flask]:
    """An application on a brand-new instance folder (and, unless given, its own SQLite file),
    not migrated: what an operator has before restoring."""
    if database_url is None and app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # The suite's own database: the tests that use it expect a refusal before any write.
        database_url = app.config["DATABASE_URL"]
    target = migrated_app(folder, database_url=database_url, upgrade=False)
    try:
        yield target
    finally:
        with target.app_context():
            db.engine.dispose()
        background.init_app(app)


@contextmanager
def postgres_copy(app: Flask, folder: Path) -> Iterator[str]:
    """The README's procedure: pg_dump -Fc the forum's database, pg_restore it into a new one."""
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("needs pg_dump and pg_restore: apt-get install postgresql-client")
    source = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    copy = create_postgres_database(require_postgres(), prefix="forum_restore")
    plain = make_url(copy).set(drivername="postgresql").render_as_string(hide_password=False)
    dump = folder / "forum.dump"
    try:
        subprocess.run(
            ["pg_dump", "-Fc", "-f", str(dump), source.render_as_string(hide_password=False)],
            check=True,
        )
        subprocess.run(["pg_restore", "--no-owner", "-d", plain, str(dump)], check=True)
        yield copy
    finally:
        drop_postgres_database(copy)


def test_a_restored_instance_holds_every_post_reaction_registration_and_upload(
    app, scene, tmp_path, on_postgres
):
    archive = tmp_path / "forum-backup.tar.gz"
    code, output = run(app, "backup", str(archive))
    assert code == 0, output
    assert ("pg_dump" in output) == on_postgres
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
        names = set(opened.getnames())
    assert manifest["database"]["kind"] == ("postgresql" if on_postgres else "sqlite")
    assert ("database.sqlite3" in names) != on_postgres
    assert manifest["schema_heads"]
    uploads = user_files(Path(app.instance_path))
    assert any(n.startswith("avatars/") for n in uploads)
    assert any(n.startswith("uploads/news/") for n in uploads)
    assert {f"instance/{n}" for n in uploads} <= names

    database = postgres_copy(app, tmp_path) if on_postgres else nullcontext()
    with database as url, new_instance(app, tmp_path / "restored", url) as target:
        code, output = run(target, "restore", str(archive))
        assert code == 0, output
        for table in TABLES:
            assert rows(target, table) == rows(app, table), table
        assert user_files(Path(target.instance_path)) == uploads
        page = target.test_client().get("/search", query_string={"q": "bitter oranges"})
        assert page.status_code == 200
        assert "Marmalade recipes from Kainuu" in page.get_data(as_text=True)
        code, output = run(target, "search-check")
        assert code == 0, output


def test_restore_refuses_an_instance_that_already_holds_a_forum(app, scene, tmp_path):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip(SQLITE_ONLY)
    archive = tmp_path / "forum-backup.tar.gz"
    assert run(app, "backup", str(archive))[0] == 0
    with new_instance(app, tmp_path / "used") as target:
        with target.app_context():
            upgrade(revision="heads")
            make_user("already-here")
            db.session.remove()
        code, output = run(target, "restore", str(archive))
        assert code == 1
        assert "already holds a forum" in output
        assert "--force" in output
        assert [r[1] for r in rows(target, "users")] == ["already-here"]

        code, output = run(target, "restore", "--force", str(archive))
        assert code == 0, output
        assert rows(target, "posts") == rows(app, "posts")


def test_restore_refuses_an_instance_that_holds_uploaded_files(app, scene, tmp_path):
    archive = tmp_path / "forum-backup.tar.gz"
    assert run(app, "backup", str(archive))[0] == 0
    folder = tmp_path / "used"
    avatar = folder / "avatars" / "7" / "abc-48.jpg"
    avatar.parent.mkdir(parents=True)
    avatar.write_bytes(b"someone's picture")
    with new_instance(app, folder) as target:
        code, output = run(target, "restore", str(archive))
    assert code == 1
    assert "already holds uploaded files" in output
    assert "--force" in output
    assert avatar.read_bytes() == b"someone's picture"
    assert not (folder / "uploads").exists()


def rewritten(
    archive: Path,
    target: Path,
    extra: tarfile.TarInfo | None = None,
    change: Callable[[str, bytes], bytes] = lambda _name, data: data,
) -> Path:
    """A copy of ``archive`` with each entry's bytes passed through ``change`` and ``extra``
    added, listed in the manifest as the backup would list it."""
    added = b"x" * extra.size if extra is not None else b""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            if member.name == "manifest.json" and extra is not None:
                manifest = json.loads(data)
                digest = hashlib.sha256(added).hexdigest()
                manifest["files"][extra.name] = {"size": len(added), "sha256": digest}
                data = json.dumps(manifest).encode()
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        if extra is not None:
            copy.addfile(extra, io.BytesIO(added) if extra.isreg() else None)
    return target


def entry(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = 1 if kind == tarfile.REGTYPE else 0
    return info


@pytest.mark.parametrize(
    "extra",
    [
        entry("instance/../../escaped.txt"),
        entry("../escaped.txt"),
        entry(str(ABSOLUTE)),
        entry("instance/avatars/evil", tarfile.SYMTYPE, "../../../escaped.txt"),
        entry("instance/avatars/hard", tarfile.LNKTYPE, "/etc/passwd"),
    ],
    ids=["dotdot-inside", "dotdot", "absolute", "symlink", "hardlink"],
)
def test_restore_refuses_entries_that_escape_the_instance(app, scene, tmp_path, extra):
    archive = tmp_path / "forum-backup.tar.gz"
    assert run(app, "backup", str(archive))[0] == 0
    tampered = rewritten(archive, tmp_path / "tampered.tar.gz", extra=extra)
    folder = tmp_path / "deep" / "new"
    with new_instance(app, folder) as target:
        code, output = run(target, "restore", str(tampered))
    assert code == 1
    assert f"Refused: the archive entry {extra.name!r}" in output
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not (folder / "avatars").exists()
    assert not ABSOLUTE.exists()


def test_restore_refuses_a_changed_file_and_an_unknown_schema(app, scene, tmp_path):
    archive = tmp_path / "forum-backup.tar.gz"
    assert run(app, "backup", str(archive))[0] == 0

    def flip_an_avatar(name: str, data: bytes) -> bytes:
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("instance/avatars/") else data

    def newer_schema(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema_heads"] = ["ffff0000beef"]
        return json.dumps(manifest).encode()

    cases = [
        (flip_an_avatar, "does not match its checksum"),
        (newer_schema, "revision ffff0000beef is unknown to this version"),
    ]
    for number, (change, message) in enumerate(cases):
        tampered = rewritten(archive, tmp_path / f"changed{number}.tar.gz", change=change)
        folder = tmp_path / f"new{number}"
        with new_instance(app, folder) as target:
            code, output = run(target, "restore", str(tampered))
        assert code == 1
        assert message in output
        assert not (folder / "avatars").exists()
    (tmp_path / "not-a-backup.tar.gz").write_bytes(b"plain text")
    with new_instance(app, tmp_path / "new") as target:
        code, output = run(target, "restore", str(tmp_path / "not-a-backup.tar.gz"))
    assert code == 1
    assert "is not a readable forum backup" in output


def test_a_backup_to_a_missing_directory_says_so(app, tmp_path):
    code, output = run(app, "backup", str(tmp_path / "nowhere" / "backup.tar.gz"))
    assert code == 1
    assert "does not exist" in output


def test_a_backup_taken_while_someone_posts_is_consistent(app, tmp_path):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip(SQLITE_ONLY)
    topic = make_topic()
    topic_id, author_id = topic.id, make_user().id
    stop, posted = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def keep_posting() -> None:
        with app.app_context():
            try:
                while not stop.is_set():
                    make_post(db.session.get(Topic, topic_id), db.session.get(User, author_id))
                    db.session.remove()
                    posted.set()
            except BaseException as error:
                failures.append(error)
                posted.set()

    writer = threading.Thread(target=keep_posting)
    writer.start()
    archives = []
    try:
        for number in range(3):
            posted.wait(10)
            committed = db.session.query(Post).count()
            db.session.remove()
            archive = tmp_path / f"backup{number}.tar.gz"
            code, output = run(app, "backup", str(archive))
            assert code == 0, output
            archives.append((archive, committed))
    finally:
        stop.set()
        writer.join()
    assert not failures
    for number, (archive, committed) in enumerate(archives):
        copy = tmp_path / f"copy{number}.sqlite3"
        with tarfile.open(archive) as opened:
            copy.write_bytes(opened.extractfile("database.sqlite3").read())
        connection = sqlite3.connect(copy)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            count, highest = connection.execute(
                "SELECT COUNT(*), MAX(post_number) FROM posts WHERE topic_id = ?", (topic_id,)
            ).fetchone()
            last = connection.execute(
                "SELECT last_post_number FROM topics WHERE id = ?", (topic_id,)
            ).fetchone()[0]
            assert count == highest == last
            # Every post committed before the backup began is in it.
            assert connection.execute("SELECT COUNT(*) FROM posts").fetchone()[0] >= committed
        finally:
            connection.close()


def test_an_archive_of_an_older_schema_is_brought_up_to_date(app, tmp_path, on_postgres):
    """SQLite: restore upgrades the database itself; PostgreSQL: it says to run db upgrade
    after pg_restore."""
    url = create_postgres_database(require_postgres()) if on_postgres else None
    archive = tmp_path / "old.tar.gz"
    try:
        with new_instance(app, tmp_path / "old", url) as old, old.app_context():
            script = ScriptDirectory.from_config(migrate.get_config())
            heads = set(script.get_heads())
            older = next(
                revision.down_revision
                for revision in map(script.get_revision, sorted(heads))
                if isinstance(revision.down_revision, str)
            )
            upgrade(revision=older)
            code, output = run(old, "backup", str(archive))
            assert code == 0, output
        with new_instance(app, tmp_path / "new", url) as target:
            code, output = run(target, "restore", str(archive))
            assert code == 0, output
            with target.app_context(), db.engine.connect() as connection:
                current = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        if url:
            drop_postgres_database(url)
    if on_postgres:
        assert "Run flask --app wsgi db upgrade" in output
        assert older in current
    else:
        assert "Upgraded the database" in output
        assert current == heads
