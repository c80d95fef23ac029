"""Backups: one archive holds the database and the private media folder.

    kemitraan-<UTC timestamp>.tar.gz
        manifest.json     what is inside: engine, time, row count per table
        database.dump     PostgreSQL: `pg_dump --format=custom` (restored with pg_restore)
        database.sqlite3  SQLite: a consistent copy made with SQLite's online backup API
        media/...         every file under PRIVATE_MEDIA_ROOT (uploads, exports)

`manage.py backup` writes one, `manage.py restore <archive>` puts it back into the configured (empty)
database and media folder, beat runs `kemitraan.tasks.run_backup` daily and keeps the newest
BACKUP_KEEP archives. See docs/operations.md for restoring after losing the server.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

PREFIX = "kemitraan-"
SUFFIX = ".tar.gz"


class BackupError(Exception):
    pass


def _engine():
    engine = connection.settings_dict["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"backups support PostgreSQL and SQLite, not {engine}")


def _pg_env_and_args(db):
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _run(command, env=None):
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)") from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")
    return result


def table_row_counts(alias="default"):
    """{table: rows} for every table in the database (what a restore is checked against)."""
    conn = connections[alias]
    with conn.cursor() as cursor:
        tables = sorted(conn.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _media_root():
    return Path(settings.PRIVATE_MEDIA_ROOT)


def create_backup(directory=None, *, now=None):
    """Write one archive into `directory` (BACKUP_DIR) and return its path.

    Written under a temporary name and renamed when complete, so a crash never leaves a file that
    looks like a good backup.
    """
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    now = now or datetime.datetime.now(datetime.UTC)
    engine = _engine()
    final = directory / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".work-") as work:
        work = Path(work)
        db = connection.settings_dict
        if engine == "postgresql":
            dump = work / "database.dump"
            env, args = _pg_env_and_args(db)
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *args], env)
        else:
            dump = work / "database.sqlite3"
            source = sqlite3.connect(str(db["NAME"]))
            target = sqlite3.connect(str(dump))
            with target:
                source.backup(target)
            source.close()
            target.close()
        manifest = {
            "format": 1,
            "created": now.isoformat(),
            "engine": engine,
            "database": dump.name,
            "tables": table_row_counts(),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = directory / f".{final.name}.partial"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", arcname="manifest.json")
            archive.add(dump, arcname=dump.name)
            media = _media_root()
            if media.is_dir():
                archive.add(media, arcname="media")
        os.replace(partial, final)
    return final


def prune_backups(directory=None, keep=None):
    """Delete all but the newest `keep` (BACKUP_KEEP) archives; return the deleted paths."""
    directory = Path(directory or settings.BACKUP_DIR)
    keep = settings.BACKUP_KEEP if keep is None else keep
    archives = sorted(directory.glob(f"{PREFIX}*{SUFFIX}"))
    doomed = archives[:-keep] if keep > 0 else archives
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def read_manifest(archive_path):
    with tarfile.open(archive_path, "r:gz") as archive:
        return json.load(archive.extractfile("manifest.json"))


def _database_is_empty():
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore_backup(archive_path, *, force=False):
    """Restore an archive into the configured database and PRIVATE_MEDIA_ROOT.

    Refuses (BackupError) when the database already has tables or the media folder has files,
    unless `force`: restoring is for a new, empty server. Returns the manifest.
    """
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"the archive holds a {manifest['engine']} database; this server uses {engine}")
    media = _media_root()
    if not force:
        if not _database_is_empty():
            raise BackupError("the database is not empty: restore into a new database (or use --force)")
        if media.is_dir() and any(media.iterdir()):
            raise BackupError(f"{media} is not empty: restore into an empty folder (or use --force)")
    with tempfile.TemporaryDirectory(prefix="kemitraan-restore-") as work:
        work = Path(work)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        dump = work / manifest["database"]
        db = connection.settings_dict
        if engine == "postgresql":
            connection.close()
            env, args = _pg_env_and_args(db)
            clean = ["--clean", "--if-exists"] if force else []
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *clean, *args, str(dump)], env)
        else:
            connection.close()
            shutil.copyfile(dump, db["NAME"])
        if (work / "media").is_dir():
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work / "media", media, dirs_exist_ok=True)
    return manifest
