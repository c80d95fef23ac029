"""Housekeeping tasks of the project itself (run by beat; ids-free and safe to run twice)."""

import logging

from celery import shared_task
from django.core.management import call_command

from kemitraan.actions import do_purge_access_logs, do_record_heartbeat
from kemitraan.backup import create_backup, prune_backups
from kemitraan.models import Heartbeat
from notifications.actions import do_purge_read_notifications, do_purge_reminder_ledger
from reports.actions import do_purge_expired_exports

logger = logging.getLogger(__name__)

# What the daily retention job deletes (docs/operations.md); each period is a setting.
RETENTION_STEPS = {
    "exports": do_purge_expired_exports,
    "read_notifications": do_purge_read_notifications,
    "reminder_ledger": do_purge_reminder_ledger,
    "access_logs": do_purge_access_logs,
}


@shared_task(name="kemitraan.tasks.apply_retention")
def apply_retention():
    """Run every retention step; one that fails is logged and the others still run.

    Each step deletes only rows older than its cut-off, so a repeat (a redelivered message, a
    second beat) finds nothing more to delete. Returns {step: rows deleted}.
    """
    deleted, failed = {}, []
    for name, step in RETENTION_STEPS.items():
        try:
            deleted[name] = step()
        except Exception:
            logger.exception("retention step %s failed", name)
            failed.append(name)
    logger.info("retention: deleted %s", deleted)
    if failed:
        raise RuntimeError(f"retention steps failed: {', '.join(failed)}")
    return deleted


@shared_task(name="kemitraan.tasks.clear_expired_sessions")
def clear_expired_sessions():
    """Delete expired sessions (Django's clearsessions); running it twice deletes nothing more."""
    call_command("clearsessions")


@shared_task(name="kemitraan.tasks.run_backup")
def run_backup():
    """Write a backup archive into BACKUP_DIR and keep the newest BACKUP_KEEP.

    A repeat just writes another archive (the oldest beyond BACKUP_KEEP go), so it is safe to run twice.
    """
    path = create_backup()
    removed = prune_backups()
    logger.info("backup written: %s (%d older removed)", path, len(removed))
    return {"archive": str(path), "removed": len(removed)}


@shared_task(name="kemitraan.tasks.heartbeat", ignore_result=True)
def heartbeat():
    """A worker is alive: record when (beat sends this every minute; /healthz reads it)."""
    at = do_record_heartbeat(Heartbeat.WORKER)
    logger.info("worker heartbeat recorded at %s", at.isoformat())
