"""Uploaded files: checked before they are stored, served only as attachments.

Every upload goes through Django's storage API (local disk by default, object storage in
production). Nothing uploaded is ever rendered inline by the browser: files are sent with
``Content-Disposition: attachment`` and ``X-Content-Type-Options: nosniff`` by ``file_response``.
"""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

#: what an evidence or document upload may be, by extension, with the leading bytes it must start with
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".txt": (),
    ".csv": (),
    ".zip": (b"PK\x03\x04",),
}


@dataclass(frozen=True)
class UploadPolicy:
    extensions: frozenset[str]
    max_bytes: int

    def describe(self) -> str:
        return ", ".join(sorted(e.lstrip(".").upper() for e in self.extensions))


class OversizedUpload(UploadedFile):
    """A file larger than ``MAX_UPLOAD_BYTES``: its name and size only, its content thrown away as it arrived."""

    def __init__(self, *, name: str, size: int, field_name: str, content_type: str | None) -> None:
        super().__init__(file=io.BytesIO(), name=name, content_type=content_type, size=size)
        self.field_name = field_name


class SizeLimitUploadHandler(FileUploadHandler):
    """The first upload handler (``FILE_UPLOAD_HANDLERS``): counts each file's bytes as they arrive and
    stops passing them on past ``MAX_UPLOAD_BYTES``.

    The rest of the request is still read (no connection reset), the oversized file reaches the view as an
    ``OversizedUpload`` (name and size, no content), and ``validate_upload`` refuses it in the form with a
    Vietnamese message naming the file and the limit. A smaller file goes on to Django's handlers unchanged.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MAX_UPLOAD_BYTES:
            return None  # nothing more reaches the handlers that keep the file
        return raw_data

    def file_complete(self, file_size):
        if self.received <= settings.MAX_UPLOAD_BYTES:
            return None  # the next handler returns the file
        return OversizedUpload(
            name=self.file_name, size=self.received, field_name=self.field_name, content_type=self.content_type
        )


def validate_upload(upload, policy: UploadPolicy) -> None:
    """Refuse an empty, oversized or disguised file with a Vietnamese message.

    The size limit is the policy's or ``MAX_UPLOAD_BYTES`` (the site's, for every upload), whichever is smaller.
    """
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in policy.extensions:
        raise ValidationError(
            _("Files of type {ext} are not accepted; allowed: {allowed}.").format(ext=extension or "?", allowed=policy.describe())
        )
    if upload.size == 0:
        raise ValidationError(_("The file {name} is empty.").format(name=name))
    limit = min(policy.max_bytes, settings.MAX_UPLOAD_BYTES)
    if upload.size > limit or isinstance(upload, OversizedUpload):
        raise ValidationError(
            _("The file {name} is {size} MB; the limit is {limit} MB.").format(
                name=name, size=round(upload.size / 1048576, 1), limit=round(limit / 1048576, 1)
            )
        )
    signatures = SIGNATURES.get(extension, ())
    if signatures:
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(sig) for sig in signatures):
            raise ValidationError(_("The content of {name} does not match a {ext} file.").format(name=name, ext=extension))


def file_response(file_field, *, download_name: str | None = None) -> FileResponse:
    """Send a stored file as a download, never inline; a record whose file is gone from storage is a 404."""
    name = download_name or PurePath(file_field.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/html") or "xml" in content_type or "svg" in content_type:
        content_type = "application/octet-stream"
    try:
        handle = file_field.open("rb")
    except FileNotFoundError as exc:  # the record outlived its file (storage restored from an older backup)
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    return _download_only(response)


def bytes_response(data: bytes, *, download_name: str, content_type: str) -> HttpResponse:
    """Send a file made on the fly (an export) as a download, never inline, with the headers of ``file_response``.

    The name is written as ``file_response`` writes it: quoted when ASCII, RFC 5987 (``filename*=utf-8''…``) otherwise.
    """
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, PurePath(download_name).name)
    return _download_only(response)


def _download_only(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
