"""manage.py restore ARCHIVE [--force]: the pair of manage.py backup (see cchc.core.backup)."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from cchc.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from an archive written by manage.py backup."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="Replace a database and a file storage that already hold data."
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest = backup_restore(path=Path(archive), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(1 for name in manifest["sha256"] if name.startswith("files/"))
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(f"{archive}: {rows} rows in {len(manifest['database']['tables'])} tables, {files} files, checked")
