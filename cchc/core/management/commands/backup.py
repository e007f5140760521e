"""manage.py backup [ARCHIVE]: the database and every uploaded file in one tar.gz (see cchc.core.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from cchc.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Write the database and every uploaded file to one archive (tar.gz) with a SHA-256 manifest."

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="Where to write; default var/backups/cchc-<date>-<time>.tar.gz")

    def handle(self, *args, archive=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = Path(archive) if archive else Path(settings.VAR_DIR) / "backups" / f"cchc-{stamp}.tar.gz"
        try:
            manifest = backup_write(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(1 for name in manifest["sha256"] if name.startswith("files/"))
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(f"{path}: {rows} rows in {len(manifest['database']['tables'])} tables, {files} files")
