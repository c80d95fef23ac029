"""Backups that are proven: back up a seeded database, restore it into a new one, compare."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from kemitraan.backup import BackupError, create_backup, prune_backups, read_manifest, table_row_counts

BASE = Path(settings.BASE_DIR)


def manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PRIVATE_MEDIA_ROOT", "REDIS_URL"}}
    env.update({"DJANGO_ENV": "development", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env=env, capture_output=True, text=True, timeout=600
    )


def files_under(root):
    return sorted(p.relative_to(root) for p in Path(root).rglob("*") if p.is_file())


def test_prune_keeps_the_newest_archives(tmp_path):
    names = [f"kemitraan-2026010{day}-020000.tar.gz" for day in range(1, 6)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("not a backup")
    removed = prune_backups(tmp_path, keep=2)
    assert sorted(p.name for p in removed) == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == [*names[3:], "notes.txt"]


def test_sqlite_backup_and_restore_into_a_new_database(tmp_path):
    """On SQLite: migrate a file database, add an upload, back up, restore into a new file, compare."""
    source_db, source_media = tmp_path / "source.sqlite3", tmp_path / "media-a"
    target_db, target_media = tmp_path / "restored.sqlite3", tmp_path / "media-b"
    backups = tmp_path / "backups"
    (source_media / "evidence").mkdir(parents=True)
    payload = os.urandom(4096)
    (source_media / "evidence" / "laporan.pdf").write_bytes(payload)
    source = {"DATABASE_URL": f"sqlite:///{source_db}", "PRIVATE_MEDIA_ROOT": str(source_media)}
    assert manage("migrate", "--noinput", **source).returncode == 0
    result = manage("backup", "--dir", str(backups), **source)
    assert result.returncode == 0, result.stderr
    (archive,) = backups.glob("kemitraan-*.tar.gz")
    manifest = read_manifest(archive)
    assert manifest["engine"] == "sqlite"

    target = {"DATABASE_URL": f"sqlite:///{target_db}", "PRIVATE_MEDIA_ROOT": str(target_media)}
    result = manage("restore", str(archive), **target)
    assert result.returncode == 0, result.stderr

    def counts(path):
        with sqlite3.connect(path) as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}

    assert counts(target_db) == counts(source_db)
    assert (target_media / "evidence" / "laporan.pdf").read_bytes() == payload

    again = manage("restore", str(archive), **target)
    assert again.returncode != 0
    assert "not empty" in again.stderr


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL); CI runs it there"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_of_the_demo_restores_into_a_new_database(tmp_path, settings):
    """The CI proof: seed_demo, back up, restore into a NEW database and an empty media folder;
    every table's row count matches and uploaded files are the same bytes."""
    import psycopg2

    call_command("seed_demo", verbosity=0)
    media = Path(settings.PRIVATE_MEDIA_ROOT)
    uploads = files_under(media)
    assert uploads, "seed_demo stores evidence files"
    before = table_row_counts()
    assert before["roadmap_milestone"] > 0

    archive = create_backup(tmp_path / "backups")
    assert read_manifest(archive)["tables"] == before

    db = connection.settings_dict
    new_name = f"{db['NAME']}_restored"
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{new_name}"')
        cursor.execute(f'CREATE DATABASE "{new_name}"')
    try:
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{new_name}"
        restored_media = tmp_path / "restored-media"
        result = manage("restore", str(archive), DATABASE_URL=url, PRIVATE_MEDIA_ROOT=str(restored_media))
        assert result.returncode == 0, result.stderr

        restored = psycopg2.connect(
            dbname=new_name, user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
        )
        try:
            with restored.cursor() as cursor:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                tables = sorted(row[0] for row in cursor.fetchall())
                after = {}
                for table in tables:
                    cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                    after[table] = cursor.fetchone()[0]
        finally:
            restored.close()
        assert after == before

        assert files_under(restored_media) == uploads
        sample = uploads[:: max(1, len(uploads) // 10)]
        for relative in sample:
            assert (restored_media / relative).read_bytes() == (media / relative).read_bytes()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{new_name}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db
def test_restore_refuses_an_archive_of_another_engine(tmp_path, monkeypatch):
    from kemitraan import backup

    monkeypatch.setattr(backup, "read_manifest", lambda path: {"engine": "oracle"})
    with pytest.raises(BackupError, match="oracle"):
        backup.restore_backup(tmp_path / "x.tar.gz")


@pytest.mark.django_db
def test_beat_runs_the_backup_daily_and_the_task_keeps_backup_keep(tmp_path, settings, monkeypatch):
    from django_celery_beat.models import PeriodicTask

    from kemitraan import tasks

    entry = PeriodicTask.objects.get(task="kemitraan.tasks.run_backup")
    assert (entry.crontab.minute, entry.crontab.hour, entry.crontab.day_of_week) == ("0", "2", "*")

    settings.BACKUP_DIR, settings.BACKUP_KEEP = tmp_path, 2
    for day in (1, 2, 3):
        (tmp_path / f"kemitraan-2026010{day}-020000.tar.gz").write_bytes(b"old")
    written = tmp_path / "kemitraan-20260104-020000.tar.gz"
    monkeypatch.setattr(tasks, "create_backup", lambda: written.write_bytes(b"new") and written)
    result = tasks.run_backup.delay().get()
    assert result == {"archive": str(written), "removed": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kemitraan-20260103-020000.tar.gz", written.name]
