"""Upload checks shared by every app: size cap, type sniffed from content, private storage.

Files are stored under PRIVATE_MEDIA_ROOT with a generated name and are only
served by views that check access (see `serve_private_file`).

The type of a stored file always comes from its content, never from the name the
uploader gave it:

- `PrivateFileField` stores a file as `<uuid>.<ext>` where `ext` is sniffed from the
  bytes (`bin` when the content is not one of `SERVED_TYPES`), and records its size;
- `serve_private_file` sends the MIME type of `SERVED_TYPES` only when the stored
  extension and the stored bytes agree, and `application/octet-stream` otherwise
  (older uploads kept the uploader's extension, `.html` or `.svg` included);
- the download name carries that checked extension too.
"""

import os
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

PDF = {"pdf"}
IMAGES = {"jpg", "png", "gif", "webp"}
OFFICE = {"doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"}

# The closed list of what a stored file is ever served as, by its checked extension.
# Anything else (html, svg, xml, js, unknown) is served as application/octet-stream.
SERVED_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    # Text has no magic number: only fields that declare it (`text_types`, files the server
    # writes itself, such as CSV exports) may store and serve it.
    "csv": "text/csv",
}
OCTET_STREAM = "application/octet-stream"
UNKNOWN_EXTENSION = "bin"
SNIFF_BYTES = 8192


def _extension(name):
    ext = os.path.splitext(name or "")[1].lower().lstrip(".")
    return {"jpeg": "jpg"}.get(ext, ext)


def _guess(head):
    kind = filetype.guess(head)
    if kind is None:
        return None
    return {"jpeg": "jpg"}.get(kind.extension, kind.extension)


@deconstructible
class private_upload_to:  # noqa: N801 - used like a function in model fields
    """upload_to callable: `<folder>/<yyyy>/<uuid>.<ext>`; never the user's file name.

    `ext` is kept only when it is one of SERVED_TYPES (PrivateFileField has already replaced
    it with the sniffed one); anything else is stored as `.bin`.
    """

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        ext = _extension(filename)
        if ext not in SERVED_TYPES:
            ext = UNKNOWN_EXTENSION
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}.{ext}"

    def __eq__(self, other):
        return isinstance(other, private_upload_to) and other.folder == self.folder


def sniff_extension(upload):
    """The file's real type from its first bytes, or None."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return _guess(head)


def stored_extension(content, name="", text_types=()):
    """The extension a file is stored under: its sniffed type if servable, else `bin`.

    The name only counts for a text type the field declares (text cannot be sniffed).
    """
    ext = sniff_extension(content)
    if ext in SERVED_TYPES:
        return ext
    if ext is None and _extension(name) in text_types:
        return _extension(name)
    return UNKNOWN_EXTENSION


def safe_file_name(name, ext):
    """A name to show and download under: the user's stem with the checked extension.

    `safe_file_name("laporan.html", "png") == "laporan.png"`.
    """
    stem = os.path.splitext(os.path.basename(name or ""))[0].strip()[:100] or "file"
    return f"{stem}.{ext or UNKNOWN_EXTENSION}"


class PrivateFieldFile(FieldFile):
    def save(self, name, content, save=True):
        """Store under an extension derived from the content, and record the size on the row.

        Every way of saving a file goes through here (actions, admin, seeds, tests), so no
        path can store a file under the uploader's extension or leave the size column stale.
        """
        ext = stored_extension(content, name, self.field.text_types)
        if self.field.size_field:
            setattr(self.instance, self.field.size_field, content.size)
        super().save(f"file.{ext}", content, save)

    save.alters_data = True

    def delete(self, save=True):
        if self.field.size_field:
            setattr(self.instance, self.field.size_field, 0)
        super().delete(save)

    delete.alters_data = True


class PrivateFileField(models.FileField):
    """A FileField for private files: stored name from the content, size kept on the row.

    `size_field`: the name of the integer field that holds the file's size in bytes (the
    program storage quota sums it). `text_types`: extensions of text formats the server
    itself writes into this field (they cannot be sniffed), e.g. `{"csv"}` for exports.
    """

    attr_class = PrivateFieldFile

    def __init__(self, *args, size_field=None, text_types=(), **kwargs):
        self.size_field = size_field
        self.text_types = frozenset(text_types)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.size_field:
            kwargs["size_field"] = self.size_field
        if self.text_types:
            kwargs["text_types"] = sorted(self.text_types)
        return name, path, args, kwargs


def validate_upload(upload, allowed):
    """Refuse files over MAX_UPLOAD_BYTES or whose content is not an allowed type.

    Returns the sniffed extension: use it for the name shown to people (`safe_file_name`).
    """
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB). The limit is %(limit)s MB."),
            code="too_large",
            params={
                "size": number_format(round(upload.size / 1024 / 1024, 1), 1),  # "10,5" in Indonesian
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


def served_extension(field_file, head):
    """The stored file's extension when its content agrees with it, else None.

    Files stored before content-derived names (the uploader's `.html`, `.svg`, or a `.pdf`
    that holds something else) get None and are served as application/octet-stream.
    """
    ext = _extension(field_file.name)
    if ext not in SERVED_TYPES:
        return None
    sniffed = _guess(head)
    if sniffed == ext:
        return ext
    if sniffed is None and ext in getattr(field_file.field, "text_types", ()):
        return ext
    return None


def serve_private_file(field_file, download_name):
    """Stream a stored private file; the caller has already checked access.

    Always an attachment with `nosniff`; the Content-Type comes from the checked content.
    With object storage (PRIVATE_STORAGE=s3) the answer is a redirect to a signed URL that
    expires after PRIVATE_MEDIA_URL_EXPIRE seconds and carries the same name and type.
    """
    if not field_file:
        raise Http404
    if settings.PRIVATE_STORAGE == "s3":
        return _redirect_to_signed_url(field_file, download_name)
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    ext = served_extension(field_file, head)
    filename = safe_file_name(download_name or field_file.name, ext)
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Type"] = SERVED_TYPES.get(ext, OCTET_STREAM)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _object_head(field_file):
    """The first SNIFF_BYTES of an object in S3-compatible storage (one ranged GET), or Http404."""
    from botocore.exceptions import ClientError  # here: only deployments with PRIVATE_STORAGE=s3 load boto
    from storages.utils import clean_name

    storage = field_file.storage
    key = storage._normalize_name(clean_name(field_file.name))
    try:
        answer = storage.connection.meta.client.get_object(
            Bucket=storage.bucket_name, Key=key, Range=f"bytes=0-{SNIFF_BYTES - 1}"
        )
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "InvalidRange"):
            raise Http404 from exc
        raise
    return answer["Body"].read()


def _redirect_to_signed_url(field_file, download_name):
    head = _object_head(field_file)
    ext = served_extension(field_file, head)
    filename = safe_file_name(download_name or field_file.name, ext)
    url = field_file.storage.url(
        field_file.name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": SERVED_TYPES.get(ext, OCTET_STREAM),
        },
        expire=settings.PRIVATE_MEDIA_URL_EXPIRE,
    )
    response = HttpResponseRedirect(url)
    # The signed URL is for this person and this minute: never cached or shared.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
