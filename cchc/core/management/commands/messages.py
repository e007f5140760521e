"""Extract and compile the Vietnamese catalogues: one per app (cchc/<app>/locale) and one for
project templates (locale/). ``make messages`` runs it; translators then fill the msgstr.

locale/drf holds the hand-made translation of Django REST framework's own messages. It is
only compiled, never extracted: makemessages run from the base directory writes to the first
entry of LOCALE_PATHS (locale/) and never walks into locale/, so it leaves locale/drf alone."""

import os
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import BaseCommand, call_command

PROJECT_IGNORES = ["cchc/*", ".venv/*", "static/*", "var/*", "e2e/*", "bench/*", "node_modules/*"]


class Command(BaseCommand):
    help = "Update the vi .po catalogues from the source and compile them to .mo."

    def add_arguments(self, parser):
        parser.add_argument("--compile-only", action="store_true", help="Only compile .po to .mo.")
        parser.add_argument("--app", help="Only extract this app's catalogue (e.g. plans); project templates are skipped.")

    def handle(self, *args, compile_only=False, app=None, **options):
        base = Path(settings.BASE_DIR)
        if not compile_only:
            cwd = Path.cwd()
            try:
                self._extract(base, app)
            finally:
                os.chdir(cwd)
        self._compile(base)

    def _extract(self, base: Path, app: str | None) -> None:
        options = {"locale": ["vi"], "no_obsolete": True, "verbosity": 0, "add_location": "file"}
        for app_dir in sorted((base / "cchc").iterdir()):
            if (app_dir / "apps.py").exists() and app in (None, app_dir.name):
                (app_dir / "locale").mkdir(exist_ok=True)
                os.chdir(app_dir)
                call_command("makemessages", **options)
        if app is None:
            os.chdir(base)
            call_command("makemessages", ignore_patterns=PROJECT_IGNORES, **options)

    def _compile(self, base: Path) -> None:
        for po_path in sorted(base.glob("**/vi/LC_MESSAGES/django.po")):
            if {".venv", "node_modules"} & set(po_path.relative_to(base).parts):
                continue
            po = polib.pofile(str(po_path))
            po.save_as_mofile(str(po_path.with_suffix(".mo")))
            missing = len(po.untranslated_entries()) + len(po.fuzzy_entries())
            self.stdout.write(f"{po_path.relative_to(base)}: {len(po)} strings, {missing} to translate")
