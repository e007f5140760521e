"""Backup and restore of the database and the uploaded files as one archive (``manage.py backup`` /
``manage.py restore``).

The archive is a tar.gz holding ``database.dump`` (PostgreSQL, ``pg_dump -Fc``) or
``database.sqlite3`` (SQLite, the online backup API), every file of the default storage under
``files/`` (read through Django's storage API, so object storage works too) and ``manifest.json``:
the SHA-256 of every member, the database vendor and the row count of every table.

A restore checks the whole archive against its manifest before it changes anything, refuses a
database that holds data (or a storage that holds files) unless forced, then restores the database
(``pg_restore --clean --if-exists`` / the backup API) and the files through the storage API, and
checks the row counts and the checksums again.
"""

import datetime as dt
import hashlib
import io
import json
import os
import posixpath
import shutil
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files/"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


# --- reading the live system -----------------------------------------------------------------------


def storage_files(storage=default_storage, path: str = "") -> list[str]:
    """Every file name of ``storage`` below ``path``, walking directories with ``listdir``."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return []
    names = [posixpath.join(path, name) for name in files]
    for directory in directories:
        names += storage_files(storage, posixpath.join(path, directory))
    return sorted(names)


def table_counts() -> dict[str, int]:
    """The number of rows of every table of the default database."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":  # SQLite's own tables (sqlite_stat1 after ANALYZE) are not data
            tables = [table for table in tables if not table.startswith("sqlite_")]
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (table names from introspection)
            counts[table] = cursor.fetchone()[0]
    return counts


def holds_data() -> tuple[int, int, int]:
    """(users, units, stored files): what makes a restore target "not empty"."""
    tables = connection.introspection.table_names()
    counts = []
    for table in ("accounts_user", "units_unit"):
        if table in tables:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts.append(cursor.fetchone()[0])
        else:
            counts.append(0)
    return counts[0], counts[1], len(storage_files())


def _vendor() -> str:
    if connection.vendor not in DUMP:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not {vendor}.").format(vendor=connection.vendor))
    return connection.vendor


def _pg_env() -> dict[str, str]:
    """libpq's environment for the default database, so no password appears on a command line."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, value in {
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGHOST": db.get("HOST"),
        "PGPORT": str(db.get("PORT") or ""),
    }.items():
        if value:
            env[key] = value
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(_("{program} failed: {error}").format(program=command[0], error=result.stderr.strip()))


def _dump_database(target: Path) -> dict[str, int]:
    """Dump the database to ``target``; return the row counts of that very copy."""
    if _vendor() == "postgresql":
        # Count and dump in one snapshot, so that the counts describe the dump even while officers work.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts()
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  "--file", str(target)])
        return counts
    import sqlite3

    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        tables = [row[0] for row in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]
        return {table: copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)}  # noqa: S608
    finally:
        copy.close()


def _restore_database(source: Path) -> None:
    if _vendor() == "postgresql":
        connections.close_all()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", "--dbname", connection.settings_dict["NAME"], str(source)])
        connections.close_all()
    else:
        import sqlite3

        connection.ensure_connection()
        original = sqlite3.connect(source)
        try:
            original.backup(connection.connection)
        finally:
            original.close()


# --- writing -----------------------------------------------------------------------------------------


class _Hashing(io.RawIOBase):
    """Reads a file once: tarfile copies it while the SHA-256 is computed."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def backup_write(*, path: Path) -> dict:
    """Write the database and every stored file to the archive ``path``; return its manifest."""
    vendor = _vendor()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    checksums: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(path, "w:gz") as archive:
        dump = Path(scratch) / DUMP[vendor]
        counts = _dump_database(dump)
        checksums[DUMP[vendor]] = _sha256_file(dump)
        archive.add(dump, arcname=DUMP[vendor], recursive=False)
        for name in storage_files():
            info = tarfile.TarInfo(FILES + name)
            info.size = default_storage.size(name)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            with default_storage.open(name, "rb") as handle:
                reader = _Hashing(handle)
                archive.addfile(info, reader)
            checksums[FILES + name] = reader.digest.hexdigest()
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": {"vendor": vendor, "member": DUMP[vendor], "tables": counts},
            "sha256": checksums,
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
        archive.addfile(info, io.BytesIO(data))
    return manifest


# --- reading an archive -----------------------------------------------------------------------------


def _safe_name(member: tarfile.TarInfo) -> str:
    """The member's name if it is a plain file with a relative path inside the archive, else refuse."""
    name = member.name
    parts = PurePosixPath(name).parts
    if (
        not member.isreg()
        or name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in parts
        or (parts and ":" in parts[0])
        or not parts
    ):
        raise BackupError(_("The archive holds an unsafe entry ({name}); nothing was restored.").format(name=name))
    return name


def _read_members(archive: tarfile.TarFile) -> tuple[dict | None, dict[str, str]]:
    """The manifest and the SHA-256 of every other member, refusing unsafe or repeated entries."""
    found: dict[str, str] = {}
    manifest = None
    for member in archive:
        name = _safe_name(member)
        if name in found or (name == MANIFEST and manifest is not None):
            raise BackupError(_("The archive holds {name} twice; nothing was restored.").format(name=name))
        handle = archive.extractfile(member)
        if name == MANIFEST:
            try:
                manifest = json.loads(handle.read())
            except ValueError as error:
                raise BackupError(_("The archive's manifest is unreadable; nothing was restored.")) from error
            continue
        digest = hashlib.sha256()
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
        found[name] = digest.hexdigest()
    return manifest, found


def backup_verify(*, path: Path) -> dict:
    """Read the whole archive, check every entry against the manifest and return the manifest."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest, found = _read_members(archive)
    except (OSError, EOFError, zlib.error, tarfile.TarError) as error:
        raise BackupError(_("{path} is not a backup archive: {error}").format(path=path, error=error)) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("The archive has no manifest this version can read; nothing was restored."))
    expected = manifest.get("sha256", {})
    if found != expected:
        differing = sorted(name for name in set(found) | set(expected) if found.get(name) != expected.get(name))
        raise BackupError(
            _("The archive does not match its manifest ({names}); nothing was restored.").format(
                names=", ".join(differing[:5])
            )
        )
    return manifest


def backup_restore(*, path: Path, force: bool = False) -> dict:
    """Restore the database and the stored files from ``path``, after checking it; return its manifest."""
    manifest = backup_verify(path=path)
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            _("The archive holds a {archived} database; this server uses {vendor}. Nothing was restored.").format(
                archived=manifest["database"]["vendor"], vendor=vendor
            )
        )
    users, units, files = holds_data()
    if (users or units or files) and not force:
        raise BackupError(
            _(
                "The database or the file storage is not empty ({users} users, {units} units, {files} files). "
                "A restore replaces everything: run it again with --force if that is intended. Nothing was restored."
            ).format(users=users, units=units, files=files)
        )
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(path, "r:gz") as archive:
        names = set(manifest["sha256"])
        for member in archive:
            name = _safe_name(member)
            if name == manifest["database"]["member"]:
                target = Path(scratch) / "database"
                with archive.extractfile(member) as source, open(target, "wb") as copy:
                    shutil.copyfileobj(source, copy, CHUNK)
                _restore_database(target)
        for existing in storage_files():
            if FILES + existing not in names:
                default_storage.delete(existing)
        for member in archive:
            name = _safe_name(member)
            if not name.startswith(FILES):
                continue
            stored_name = name[len(FILES) :]
            if default_storage.exists(stored_name):
                default_storage.delete(stored_name)
            with archive.extractfile(member) as source:
                saved = default_storage.save(stored_name, File(source, name=posixpath.basename(stored_name)))
            if saved != stored_name:
                raise BackupError(_("The storage saved {name} as {saved}.").format(name=stored_name, saved=saved))
    _check_restored(manifest)
    return manifest


def _check_restored(manifest: dict) -> None:
    counts = table_counts()
    expected = manifest["database"]["tables"]
    if counts != expected:
        differing = sorted(t for t in set(counts) | set(expected) if counts.get(t) != expected.get(t))
        raise BackupError(_("After the restore the row counts differ in {tables}.").format(tables=", ".join(differing[:5])))
    stored = {}
    for name in storage_files():
        digest = hashlib.sha256()
        with default_storage.open(name, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        stored[FILES + name] = digest.hexdigest()
    expected_files = {k: v for k, v in manifest["sha256"].items() if k.startswith(FILES)}
    if stored != expected_files:
        raise BackupError(_("After the restore the stored files differ from the archive."))
