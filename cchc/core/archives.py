"""Zip archives uploaded by users (XLSX, DOCX): refused before they are opened when they would unzip too far.

An XLSX or DOCX file is a zip archive. A few megabytes can unzip to gigabytes (a "zip bomb": a sheet of
millions of empty rows compresses a thousand to one), and the readers (openpyxl, python-docx, docxtpl)
would hold much of it in memory. ``check_archive`` reads only the archive's directory and refuses an
archive whose entries together unzip to more than ``UPLOAD_MAX_UNZIPPED_BYTES``, that has more than
``UPLOAD_MAX_ARCHIVE_ENTRIES`` entries, or one large entry compressed more than
``UPLOAD_MAX_COMPRESSION_RATIO`` to one. The sizes in the directory bind the readers: Python's
``zipfile`` never returns more bytes for an entry than its directory declares.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

#: an entry smaller than this is not held to the compression ratio (styles and the like compress very well)
RATIO_FROM_BYTES = 1024 * 1024

MEGABYTE = 1024 * 1024


class ArchiveError(ValueError):
    """An archive refused before reading; the message is Vietnamese."""


def check_archive(file, *, what: str) -> list[zipfile.ZipInfo]:
    """The entries of the zip archive ``file`` (a binary file object), or ``ArchiveError``.

    ``what`` names the file in the message ("The file ban-ghi.xlsx"). The file is left at its start.
    """
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise ArchiveError(_("{what} is not a valid Office file (zip): {error}").format(what=what, error=error)) from None
    finally:
        file.seek(0)
    if len(entries) > settings.UPLOAD_MAX_ARCHIVE_ENTRIES:
        raise ArchiveError(
            _("{what} holds {count} parts; at most {limit} are accepted.").format(
                what=what, count=len(entries), limit=settings.UPLOAD_MAX_ARCHIVE_ENTRIES
            )
        )
    limit = settings.UPLOAD_MAX_UNZIPPED_BYTES
    if sum(entry.file_size for entry in entries) > limit:
        raise ArchiveError(
            _("{what} unzips to more than {limit} MB; it cannot be read.").format(what=what, limit=_megabytes(limit))
        )
    ratio = settings.UPLOAD_MAX_COMPRESSION_RATIO
    for entry in entries:
        if entry.file_size >= RATIO_FROM_BYTES and entry.file_size > ratio * max(entry.compress_size, 1):
            raise ArchiveError(
                _("{what} is compressed more than {ratio} to 1 ({name}); it cannot be read.").format(
                    what=what, ratio=ratio, name=entry.filename[:80]
                )
            )
    return entries


def _megabytes(size: int) -> str:
    return f"{round(size / MEGABYTE, 2):g}"
