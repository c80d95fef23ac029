"""Upload checks shared by every app: size cap, type sniffed from content, private storage.

Files are stored under PRIVATE_MEDIA_ROOT with a generated name and are only
served by views that check access (see `serve_private_file`).
"""

import mimetypes
import os
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF = {"pdf"}
IMAGES = {"jpg", "png", "gif", "webp"}
OFFICE = {"doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"}


@deconstructible
class private_upload_to:  # noqa: N801 - used like a function in model fields
    """upload_to callable: `<folder>/<yyyy>/<uuid>.<ext>`; never the user's file name."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        ext = os.path.splitext(filename)[1].lower()[:8]
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other):
        return isinstance(other, private_upload_to) and other.folder == self.folder


def sniff_extension(upload):
    """The file's real type from its first bytes, or None."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    ext = kind.extension
    return {"jpeg": "jpg"}.get(ext, ext)


def validate_upload(upload, allowed):
    """Refuse files over MAX_UPLOAD_BYTES or whose content is not an allowed type."""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB). The limit is %(limit)s MB."),
            code="too_large",
            params={
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": settings.MAX_UPLOAD_BYTES // 1024 // 1024,
            },
        )
    ext = sniff_extension(upload)
    if ext not in allowed:
        raise ValidationError(
            _("This file type is not allowed. Allowed types: %(types)s."),
            code="bad_type",
            params={"types": ", ".join(sorted(t.upper() for t in allowed))},
        )
    return ext


def serve_private_file(field_file, download_name):
    """Stream a stored private file; the caller has already checked access."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(download_name or field_file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=download_name or os.path.basename(field_file.name))
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
