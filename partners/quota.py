"""The per-program storage quota: every private file that belongs to a program counts.

Each app that stores files for a program registers where their sizes live, in its
AppConfig.ready() (so this lower app does not import the ones above it):

    from partners.quota import register_file_source
    register_file_source("evidence", Evidence, program="update__milestone__program", size="size")

Sizes are kept on the rows by `core.uploads.PrivateFileField`, so usage is one query (a SUM
subquery per source), never a walk of the disk. Export files are not counted: the server
writes them, anyone may ask for one again, and they are not the partners' uploads.

The limit is `Program.storage_quota_mb` when an administrator has set it, else the
PROGRAM_STORAGE_QUOTA_MB setting.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from partners.models import Program

MB = 1024 * 1024


@dataclass(frozen=True)
class FileSource:
    model: type
    program: str  # lookup path from the model to its Program
    size: str  # the field that holds the file's size in bytes


_SOURCES: dict[str, FileSource] = {}


def register_file_source(key, model, *, program, size):
    _SOURCES[key] = FileSource(model, program, size)


def quota_bytes(program):
    mb = program.storage_quota_mb
    if mb is None:
        mb = settings.PROGRAM_STORAGE_QUOTA_MB
    return mb * MB


def used_bytes(program_id):
    """Bytes stored for the program, over every registered source: one query."""
    if not _SOURCES:
        return 0
    totals = {
        f"used_{key}": Coalesce(
            Subquery(
                source.model.objects.filter(**{source.program: OuterRef("pk")})
                .order_by()
                .values(source.program)
                .annotate(total=Sum(source.size))
                .values("total"),
                output_field=IntegerField(),
            ),
            Value(0),
        )
        for key, source in _SOURCES.items()
    }
    row = Program.objects.filter(pk=program_id).annotate(**totals).values(*totals).first()
    return sum(row.values()) if row else 0


def storage_usage(program):
    """{"used", "quota" (bytes), "used_mb", "quota_mb", "percent"} for the program page: one query."""
    used, quota = used_bytes(program.pk), quota_bytes(program)
    return {
        "used": used,
        "quota": quota,
        "used_mb": round(used / MB, 1),
        "quota_mb": round(quota / MB, 1),
        "percent": min(100, round(used * 100 / quota)) if quota else 100,
    }


def _mb(size):
    return number_format(round(size / MB, 1), 1)


def check_quota(program, adding, *, freeing=0):
    """Refuse `adding` more bytes (after `freeing` some) when the program's quota would be exceeded.

    Call it inside the action's transaction after `lock_program`, so two uploads at once
    cannot both pass.
    """
    used, quota = used_bytes(program.pk), quota_bytes(program)
    if used - freeing + adding <= quota:
        return
    raise ValidationError(
        _(
            "Nothing was saved: the program's storage is full. It uses %(used)s MB of its %(limit)s MB, "
            "and these files need %(size)s MB. Ask the program's facilitator or an administrator for more space."
        )
        % {"used": _mb(used), "limit": _mb(quota), "size": _mb(adding)},
        code="quota",
    )


def lock_program(program_id):
    """The program, its row locked until the end of the transaction (quota checks of two uploads queue up)."""
    return Program.objects.select_for_update().get(pk=program_id)
