"""manage.py backup / restore: the database and the uploaded files, one archive, checked both ways.

These run on whichever database the suite runs on: SQLite in `make test`, PostgreSQL in the CI step
that runs the suite there (pg_dump / pg_restore). The fresh-database restore runs in a subprocess
pointed at a new, empty database and file folder, as an operator would on a new server.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from cchc.accounts.models import User
from cchc.core.backup import storage_files, table_counts
from cchc.core.testing.database import restore_initial_rows
from cchc.core.testing.personas import build_world

# pg_dump and pg_restore work on committed data, so these tests commit. Their flushes must not take
# the rows the data migrations wrote (metric catalogue, official calendar) from the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _initial_rows_back_after_the_module(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        restore_initial_rows()

FILES = {
    "evidence/2026/bien-ban-họp.pdf": b"%PDF-1.4 bi\xc3\xaan b\xe1\xba\xa3n\n" * 50,
    "imports/2026/05/ke-hoach.docx": bytes(range(256)) * 40,
    "readme.txt": b"",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored(storage) -> dict[str, str]:
    result = {}
    for name in storage_files(storage):
        with storage.open(name, "rb") as handle:
            result[name] = sha256(handle.read())
    return result


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_world()
    for name, data in FILES.items():
        assert default_storage.save(name, ContentFile(data)) == name
    return tmp_path / "media"


@pytest.fixture
def archive(media, tmp_path):
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


@contextmanager
def fresh_database(tmp_path: Path):
    """(DATABASE_URL, row counter) of a new empty database of the suite's kind; dropped afterwards."""
    if connection.vendor == "sqlite":
        path = tmp_path / "fresh.sqlite3"

        def count():
            with sqlite3.connect(path) as db:
                tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
                return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}

        yield f"sqlite:///{path}", count
        return
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    server = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def count():
        with psycopg.connect(f"{server}/{name}") as fresh:
            tables = [r[0] for r in fresh.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return {t: fresh.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}

    try:
        yield f"{server}/{name}", count
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restore_into_a_fresh_database_and_storage_gives_equal_row_counts_and_files(media, tmp_path):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # SQLite then keeps statistics in sqlite_stat1, which is not data
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    counts, files = table_counts(), stored(default_storage)
    assert not any(table.startswith("sqlite_") for table in counts)
    assert counts["units_unit"] > 5 and counts["accounts_user"] > 3
    assert files == {name: sha256(data) for name, data in FILES.items()}
    fresh_media = tmp_path / "fresh-media"

    with fresh_database(tmp_path) as (url, count_rows):
        env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
        env.update(DATABASE_URL=url, MEDIA_ROOT=str(fresh_media), VAR_DIR=str(tmp_path / "var"))
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300, check=False,
        )
        assert result.returncode == 0, result.stderr
        assert count_rows() == counts

    assert stored(FileSystemStorage(location=fresh_media)) == files


def test_the_archive_holds_a_manifest_of_every_member_and_the_row_counts(archive):
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        members = {name: sha256(tar.extractfile(name).read()) for name in names if name != "manifest.json"}

    dump = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert sorted(names) == sorted([dump, "manifest.json", *("files/" + name for name in FILES)])
    assert manifest["sha256"] == members
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"] == table_counts()


def test_it_refuses_a_database_that_holds_data_then_replaces_it_with_force(media, archive):
    counts = table_counts()
    User.objects.create_user(username="moi.tao", password="x")
    default_storage.save("evidence/late.txt", ContentFile(b"after the backup"))
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())

    assert str(refused.value) == (
        "Cơ sở dữ liệu hoặc kho tệp đã có dữ liệu ({users} người dùng, {units} đơn vị, 4 tệp). Khôi phục sẽ thay thế "
        "toàn bộ: chạy lại với --force nếu đúng ý. Chưa khôi phục gì."
    ).format(users=before["accounts_user"], units=before["units_unit"])
    assert table_counts() == before
    assert default_storage.exists("evidence/late.txt")

    call_command("restore", str(archive), "--force", stdout=io.StringIO())

    assert table_counts() == counts
    assert not User.objects.filter(username="moi.tao").exists()
    assert stored(default_storage) == {name: sha256(data) for name, data in FILES.items()}


def forged(tmp_path: Path, name: str, kind=tarfile.REGTYPE) -> Path:
    path = tmp_path / "forged.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        data = b"owned"
        manifest = json.dumps({"format": 1, "sha256": {name: sha256(data)}, "database": {}}).encode()
        for member_name, content in ((name, data), ("manifest.json", manifest)):
            info = tarfile.TarInfo(member_name)
            info.type = kind if member_name == name else tarfile.REGTYPE
            info.linkname = "/etc/passwd" if info.type != tarfile.REGTYPE else ""
            info.size = len(content) if info.type == tarfile.REGTYPE else 0
            tar.addfile(info, io.BytesIO(content) if info.type == tarfile.REGTYPE else None)
    return path


@pytest.mark.parametrize(
    ("name", "kind"),
    [("../evil.txt", tarfile.REGTYPE), ("files/../../evil.txt", tarfile.REGTYPE), ("/tmp/evil.txt", tarfile.REGTYPE),
     ("files/link", tarfile.SYMTYPE), ("files/hard", tarfile.LNKTYPE)],
    ids=["parent", "parent-inside-files", "absolute", "symlink", "hardlink"],
)
def test_it_refuses_an_archive_entry_outside_the_archive_and_changes_nothing(tmp_path, settings, name, kind):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = forged(tmp_path, name, kind)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), "--force", stdout=io.StringIO())

    assert str(refused.value) == f"Tệp sao lưu có mục không an toàn ({name}); chưa khôi phục gì."
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    assert storage_files() == []
    assert User.objects.count() == 0


def test_it_refuses_an_archive_whose_files_do_not_match_the_manifest(media, archive, tmp_path):
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(tampered, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "files/readme.txt":
                data = b"changed"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    before = table_counts()

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tampered), "--force", stdout=io.StringIO())

    assert str(refused.value) == "Tệp sao lưu không khớp với bản kê của nó (files/readme.txt); chưa khôi phục gì."
    assert table_counts() == before
