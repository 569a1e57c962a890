"""Backup and restore of a forum: one tar.gz archive with a JSON manifest.

An archive holds ``manifest.json``; the SQLite database as ``database.sqlite3`` (embedded
default only: a PostgreSQL database is backed up with ``pg_dump``, see the README); and the
instance folder's files under ``instance/`` (avatars, news and other uploaded images, the
Whoosh index, the generated OpenID Connect keys, anything else kept there), except what the
forum rebuilds by itself (``LEFT_OUT``).

A restore replaces whole files: the database file and the instance folder's directories. It
writes no rows, so it does not go through ``forum/actions/`` (whose job is to validate and
write one change in one transaction, with its events): there is no change to validate
against the forum's rules, only an archive to check, and nothing to announce, since the forum
is stopped while it is restored.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from sqlalchemy import inspect, make_url, text

from forum.extensions import db, migrate
from forum.search import EXTENSION as SEARCH_EXTENSION
from forum.search import backend as search_backend
from forum.search import index_now, make_backend

FORMAT = "social-innovation-forum-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
INSTANCE = "instance"
# Rebuilt by the forum, so never archived: the background task queue (periodic tasks
# re-create themselves), the search index's retry list and a stopped rebuild's checkpoint
# (a restore reconciles the index with the database), exports (made again on request).
LEFT_OUT = ("background.sqlite3", "search-pending.txt", "search-reindex.json", "exports")
# Directories that only people fill: an instance with files in them is not empty.
USER_FILES = ("avatars", "uploads")
# Tables whose rows make a database one that a restore must not overwrite unasked.
DATA_TABLES = ("users", "topics")
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
WHOOSH_LOCK = "WRITELOCK"
TEMP_PREFIX = ".forum-backup-"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message says why and what to do."""


@dataclass
class BackupReport:
    path: Path
    database: str
    files: int
    size: int


@dataclass
class RestoreReport:
    database: str
    files: int
    upgraded: bool
    notes: list[str] = field(default_factory=list)


# -- where things are ----------------------------------------------------------------------


def _instance() -> Path:
    return Path(current_app.instance_path)


def database_kind() -> str:
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()


def _sqlite_path() -> Path:
    return Path(make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database or "").resolve()


def _whoosh_directory() -> Path | None:
    directory = getattr(search_backend(), "directory", None)
    return Path(directory) if directory is not None else None


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrate.get_config())


def _forum_version() -> str:
    try:
        return metadata.version("social-innovation-forum")
    except metadata.PackageNotFoundError:
        return "unknown"


def _skipped(instance: Path, path: Path, live: set[Path]) -> bool:
    """Whether an instance file stays out of the archive: rebuildable, a ``live`` database's
    own file, or a temporary file of a backup or restore under way."""
    relative = path.relative_to(instance)
    if relative.parts[0] in LEFT_OUT or any(p.startswith(TEMP_PREFIX) for p in relative.parts):
        return True
    return path in live or path.name.endswith(WHOOSH_LOCK)


def _database_files() -> set[Path]:
    """The live SQLite files (the database's and the task queue's): never archived as files,
    never overwritten by an archive's instance files."""
    databases = [_instance() / LEFT_OUT[0]]
    if database_kind() == "sqlite":
        databases.append(_sqlite_path())
    return {Path(f"{d}{suffix}") for d in databases for suffix in ("", *SQLITE_SIDE_FILES)}


def _instance_files(instance: Path, leave_out: Path | None) -> Iterator[Path]:
    live = _database_files()
    for root, dirs, files in os.walk(instance):
        dirs.sort()
        if leave_out is not None:
            dirs[:] = [d for d in dirs if Path(root, d) != leave_out]
        for name in sorted(files):
            path = Path(root, name)
            if path.is_file() and not path.is_symlink() and not _skipped(instance, path, live):
                yield path


# -- backup --------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_sqlite(target: Path) -> list[str]:
    """An online copy of the live database (SQLite's backup API: one consistent snapshot,
    writers go on meanwhile); returns its schema heads."""
    source = sqlite3.connect(_sqlite_path(), timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The copy of the database failed its integrity check.")
        return _sqlite_heads(copy)
    finally:
        copy.close()
        source.close()


def _sqlite_heads(connection: sqlite3.Connection) -> list[str]:
    try:
        return sorted(r[0] for r in connection.execute("SELECT version_num FROM alembic_version"))
    except sqlite3.OperationalError:
        return []


def _live_heads() -> list[str]:
    with db.engine.connect() as connection:
        return sorted(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


@contextmanager
def _whoosh_write_lock(directory: Path) -> Iterator[None]:
    """Hold the index's own write lock, which every Whoosh writer takes before it changes a
    segment, so that the files copied meanwhile form one committed state."""
    from whoosh import index as whoosh_index

    if not whoosh_index.exists_in(directory):
        yield
        return
    lock = whoosh_index.open_dir(directory).lock(WHOOSH_LOCK)
    lock.acquire(blocking=True)
    try:
        yield
    finally:
        lock.release()


def create_backup(path: Path) -> BackupReport:
    """Write the archive to ``path`` (a temporary file renamed into place when complete)."""
    path = path.resolve()
    if path.is_dir():
        raise BackupError(f"{path} is a directory; give the archive's file name.")
    if not path.parent.is_dir():
        raise BackupError(f"The directory {path.parent} does not exist.")
    instance = _instance()
    kind = database_kind()
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, dir=path.parent) as scratch:
        staged: dict[str, Path] = {}
        if kind == "sqlite":
            staged[DATABASE] = Path(scratch, DATABASE)
            heads = _copy_sqlite(staged[DATABASE])
        else:
            heads = _live_heads()
        whoosh = _whoosh_directory()
        if whoosh is not None and instance in whoosh.parents and whoosh.is_dir():
            copy = Path(scratch, "whoosh")
            with _whoosh_write_lock(whoosh):
                shutil.copytree(whoosh, copy, ignore=shutil.ignore_patterns(f"*{WHOOSH_LOCK}"))
            for file in sorted(p for p in copy.rglob("*") if p.is_file()):
                relative = whoosh.relative_to(instance) / file.relative_to(copy)
                staged[f"{INSTANCE}/{relative.as_posix()}"] = file
        else:
            whoosh = None
        for file in _instance_files(instance, leave_out=whoosh):
            if file != path:
                staged[f"{INSTANCE}/{file.relative_to(instance).as_posix()}"] = file
        files = {}
        for name, file in list(staged.items()):
            try:
                files[name] = {"size": file.stat().st_size, "sha256": _sha256(file)}
            except FileNotFoundError:  # removed meanwhile, e.g. an avatar just replaced
                del staged[name]
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "forum_version": _forum_version(),
            "schema_heads": heads,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"kind": kind, "included": kind == "sqlite"},
            "search_backend": current_app.config["SEARCH_BACKEND"],
            "left_out": list(LEFT_OUT),
            "files": files,
        }
        temporary = Path(scratch, "archive.tar.gz")
        with tarfile.open(temporary, "w:gz", compresslevel=6) as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), time.time(), 0o600
            archive.addfile(info, io.BytesIO(data))
            for name, file in staged.items():
                with file.open("rb") as handle:
                    info = tarfile.TarInfo(name)
                    stat = file.stat()
                    info.size, info.mtime = files[name]["size"], stat.st_mtime
                    info.mode = stat.st_mode & 0o777
                    archive.addfile(info, handle)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    return BackupReport(path, kind, len(files), path.stat().st_size)


# -- restore -------------------------------------------------------------------------------


def _checked_name(member: tarfile.TarInfo) -> str:
    """The member's name when it is a plain file inside the archive's own layout."""
    name = member.name
    if not member.isreg():
        what = "a link" if member.issym() or member.islnk() else "not a plain file"
        raise BackupError(
            f"Refused: the archive entry {name!r} is {what}; a forum backup holds only plain files."
        )
    parts = name.split("/")
    plain = not name.startswith("/") and "\\" not in name and not {"", ".", ".."} & set(parts)
    in_layout = name in (MANIFEST, DATABASE) or (parts[0] == INSTANCE and len(parts) > 1)
    if not (plain and in_layout):
        raise BackupError(
            f"Refused: the archive entry {name!r} points outside the instance "
            "folder; the archive was not written by flask forum backup or was "
            "tampered with."
        )
    return name


def _read_manifest(archive: tarfile.TarFile, names: dict[str, tarfile.TarInfo]) -> dict:
    if MANIFEST not in names:
        raise BackupError("The archive has no manifest.json: it is not a forum backup.")
    try:
        manifest = json.loads(archive.extractfile(names[MANIFEST]).read())
    except ValueError as error:
        raise BackupError(f"The archive's manifest.json cannot be read: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("The archive's manifest.json is not a forum backup's manifest.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The archive's format version is {manifest.get('format_version')!r}; this forum "
            f"reads version {FORMAT_VERSION}. Restore it with the forum version that made it."
        )
    listed = set(manifest.get("files", {}))
    present = set(names) - {MANIFEST}
    if listed != present:
        odd = sorted(listed ^ present)[:5]
        raise BackupError(f"The archive does not match its manifest ({', '.join(odd)}).")
    return manifest


def _check_schema(heads: list[str]) -> bool:
    """Refuse revisions this code does not know; True when the archive is behind the code."""
    script = _script()
    for revision in heads:
        try:
            known = script.get_revision(revision)
        except CommandError:
            known = None
        if known is None:
            raise BackupError(
                f"The backup's schema revision {revision} is unknown to this version of the "
                "forum: it was made by a newer version. Install that version (or newer) first."
            )
    return set(heads) != set(script.get_heads())


def _sqlite_has_data(path: Path) -> bool:
    if not path.exists():
        return False
    connection = sqlite3.connect(path, timeout=30)
    try:
        for table in DATA_TABLES:
            with suppress(sqlite3.OperationalError):  # no such table: not migrated yet
                if connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():  # noqa: S608
                    return True
        return False
    finally:
        connection.close()


def _database_has_data() -> bool:
    present = set(inspect(db.engine).get_table_names())
    with db.engine.connect() as connection:
        return any(
            connection.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first()  # noqa: S608
            for table in DATA_TABLES
            if table in present
        )


def _user_files(instance: Path) -> list[Path]:
    return [p for d in USER_FILES for p in (instance / d).rglob("*") if p.is_file()]


def _refuse_unless_empty(kind: str) -> None:
    instance = _instance()
    if kind == "sqlite" and _sqlite_has_data(_sqlite_path()):
        raise BackupError(
            f"The database {_sqlite_path()} already holds a forum. Restore into an empty "
            "instance, or give --force to replace it and the instance's files."
        )
    if found := _user_files(instance):
        raise BackupError(
            f"The instance folder {instance} already holds uploaded files (e.g. "
            f"{found[0].relative_to(instance)}). Restore into an empty instance, or give "
            "--force to replace them."
        )


def _extract(
    archive: tarfile.TarFile, members: list[tarfile.TarInfo], files: dict, staging: Path
) -> None:
    """Write each member under ``staging`` and check its size and checksum."""
    for member in members:
        target = staging.joinpath(*PurePosixPath(member.name).parts)
        if staging.resolve() not in target.resolve().parents:
            raise BackupError(f"Refused: the archive entry {member.name!r} escapes the instance.")
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with archive.extractfile(member) as source, target.open("xb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        target.chmod(member.mode & 0o777)
        expected = files[member.name]
        if digest.hexdigest() != expected.get("sha256") or target.stat().st_size != expected.get(
            "size"
        ):
            raise BackupError(
                f"The archive entry {member.name!r} does not match its checksum: "
                "the archive is damaged or was changed."
            )


def _put_database(staged: Path) -> None:
    connection = sqlite3.connect(staged)
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The archive's database failed its integrity check.")
    finally:
        connection.close()
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    db.engine.dispose()
    placed = target.with_name(f"{TEMP_PREFIX}{target.name}")
    shutil.copyfile(staged, placed)
    for suffix in SQLITE_SIDE_FILES:
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(placed, target)


def _put_files(staged_instance: Path, force: bool) -> None:
    instance = _instance()
    replaced = {p.name for p in staged_instance.iterdir()} if staged_instance.is_dir() else set()
    if force:
        replaced |= {*USER_FILES, "search"}
    for name in sorted(replaced):
        existing = instance / name
        if existing in _database_files():
            continue
        if existing.is_dir() and not existing.is_symlink():
            shutil.rmtree(existing)
        else:
            existing.unlink(missing_ok=True)
        if (staged_instance / name).exists():
            os.replace(staged_instance / name, existing)


def _reconcile_search(notes: list[str]) -> None:
    """Bring a restored Whoosh index in line with the database (the two were copied one
    after the other, and the retry list is not archived)."""
    from forum.search.rebuild import drift

    current_app.extensions[SEARCH_EXTENSION] = make_backend(current_app._get_current_object())
    search = search_backend()
    if getattr(search, "directory", None) is None:
        return
    if not search.ready():
        notes.append("The search index is not complete: run flask forum reindex.")
        return
    report = drift()
    keys = [*report["missing"], *report["extra"]]
    if keys and not index_now(keys):
        notes.append("Updating the search index failed: run flask forum reindex.")


def restore_backup(path: Path, force: bool = False) -> RestoreReport:
    """Restore the archive at ``path`` into this instance (refused unless it is empty, or
    ``force``), then upgrade a restored SQLite database to this code's schema."""
    kind = database_kind()
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest, behind = _unpack(archive, kind, force)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(f"{path} is not a readable forum backup (tar.gz): {error}") from error
    notes: list[str] = []
    upgraded = False
    if kind == "sqlite" and behind:
        from flask_migrate import upgrade

        upgrade(revision="heads")
        upgraded = True
    elif behind:
        notes.append(
            "Run flask --app wsgi db upgrade: the backup's schema is older than this code."
        )
    if kind == "sqlite" or _database_has_data():
        _reconcile_search(notes)
    else:
        notes.append(
            "The database is empty: restore it with pg_restore (README: Backup and restore), "
            "then run flask forum search-check."
        )
    restored = sum(1 for name in manifest["files"] if name != DATABASE)
    return RestoreReport(kind, restored, upgraded, notes)


def _unpack(archive: tarfile.TarFile, kind: str, force: bool) -> tuple[dict, bool]:
    """Check the archive, then put its database and files in place; returns the manifest
    and whether its schema is behind this code's."""
    names: dict[str, tarfile.TarInfo] = {}
    for member in archive.getmembers():
        name = _checked_name(member)
        if name in names:
            raise BackupError(f"Refused: the archive holds {name!r} twice.")
        names[name] = member
    manifest = _read_manifest(archive, names)
    archived = manifest.get("database", {}).get("kind")
    if archived != kind:
        raise BackupError(
            f"The backup is of a {archived} forum and this forum is configured for {kind}. "
            "Set FORUM_DATABASE_URL to match (README: Backup and restore)."
        )
    behind = _check_schema(list(manifest.get("schema_heads", [])))
    if not force:
        _refuse_unless_empty(kind)
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX, dir=_instance()) as scratch:
        staging = Path(scratch)
        files = manifest["files"]
        _extract(archive, [names[n] for n in files], files, staging)
        if kind == "sqlite":
            _put_database(staging / DATABASE)
        _put_files(staging / INSTANCE, force)
    return manifest, behind
