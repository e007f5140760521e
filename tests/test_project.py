"""Project-wide checks: migrations, translations, the committed API schema."""

import io
from pathlib import Path

import polib
import pytest
import rest_framework
import yaml
from django.conf import settings
from django.core.management import call_command

BASE = Path(settings.BASE_DIR)
DRF_CATALOGUE = BASE / "locale" / "drf" / "vi" / "LC_MESSAGES" / "django.po"


def catalogues() -> list[Path]:
    """The per-app catalogues, the project's (locale/vi) and DRF's messages (locale/drf/vi)."""
    found = BASE.glob("**/vi/LC_MESSAGES/django.po")
    return sorted(p for p in found if not {".venv", "node_modules"} & set(p.relative_to(BASE).parts))


@pytest.mark.django_db
def test_no_pending_migrations():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_there_is_a_vietnamese_catalogue_per_app_with_strings():
    assert len(catalogues()) >= 3


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: str(p.relative_to(BASE)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    empty = [e.msgid for e in po if e.translated() is False and not e.obsolete]
    assert empty == [], f"untranslated or fuzzy in {po_path}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run make messages"
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in polib.mofile(str(mo_path))}
    source = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in po if not e.obsolete}
    assert compiled == source, f"{mo_path} is older than {po_path}: run make messages"


def test_the_rest_framework_catalogue_is_checked_and_loaded():
    assert DRF_CATALOGUE in catalogues()
    assert [Path(p) for p in settings.LOCALE_PATHS] == [BASE / "locale", DRF_CATALOGUE.parents[2]]


def test_every_rest_framework_message_has_a_vietnamese_translation():
    """A DRF upgrade that adds or rewords a message fails here until locale/drf/vi has it."""
    english = Path(rest_framework.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    drf = [(e.msgctxt, e.msgid, e.msgid_plural) for e in polib.mofile(str(english)) if e.msgid]
    ours = {(e.msgctxt, e.msgid, e.msgid_plural) for e in polib.pofile(str(DRF_CATALOGUE)) if e.translated()}
    assert len(drf) > 100, f"{english} no longer lists DRF's messages"
    missing = [msgid for msgctxt, msgid, plural in drf if (msgctxt, msgid, plural) not in ours]
    assert missing == [], f"DRF messages without a Vietnamese translation in {DRF_CATALOGUE}"


def test_committed_openapi_schema_is_current():
    out = io.StringIO()
    call_command("spectacular", "--lang", "vi", "--validate", "--fail-on-warn", stdout=out)
    generated = yaml.safe_load(out.getvalue())
    committed = yaml.safe_load((BASE / "docs" / "openapi.yaml").read_text(encoding="utf-8"))
    assert committed == generated, "docs/openapi.yaml is stale: run make schema"


def _project_sources() -> list[Path]:
    """The project's Python files (apps, settings, commands, benchmarks), tests included."""
    skipped = {".venv", "node_modules", "var", "migrations"}
    return sorted(p for p in BASE.glob("**/*.py") if not skipped & set(p.relative_to(BASE).parts))


def test_every_word_template_is_rendered_through_the_sandbox():
    """docxtpl is used in one module only (``cchc.core.docx_render``): no template is filled with a plain
    Jinja environment, whatever app adds one."""
    helper = BASE / "cchc" / "core" / "docx_render.py"
    users = [str(p.relative_to(BASE)) for p in _project_sources()
             if p not in (helper, Path(__file__)) and ("DocxTemplate" in p.read_text(encoding="utf-8") or "from docxtpl import" in
                                 p.read_text(encoding="utf-8").replace("from docxtpl import RichText", ""))]
    assert users == []


def test_every_spreadsheet_is_read_through_the_bounded_reader():
    """openpyxl's ``load_workbook`` and the ``csv`` module read users' tables in one module only
    (``cchc.core.spreadsheets``), which refuses zip bombs and caps rows and columns; tests may build files."""
    reader = BASE / "cchc" / "core" / "spreadsheets.py"
    users = [str(p.relative_to(BASE)) for p in _project_sources()
             if p not in (reader, Path(__file__)) and "tests" not in p.relative_to(BASE).parts and p.parts[-2] != "bench"
             and ("load_workbook" in p.read_text(encoding="utf-8") or "csv.reader" in p.read_text(encoding="utf-8"))]
    assert users == []


def _imported_modules(path: Path) -> set[str]:
    import ast

    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def test_procedures_do_not_read_the_indicators_selectors():
    """The dossier pages ask ``cchc.units.selectors.data_scope`` whose data belongs to a unit; the
    procedures app sits below the indicators app and never imports its selectors (its tests may, to
    check figures end to end)."""
    offenders = sorted(
        str(p.relative_to(BASE)) for p in (BASE / "cchc" / "procedures").rglob("*.py")
        if "tests" not in p.relative_to(BASE).parts and any(m == "cchc.indicators.selectors" or m.startswith("cchc.indicators.selectors.") for m in _imported_modules(p))
    )
    assert offenders == []


def test_there_is_one_rule_for_the_data_of_a_unit():
    """``cchc.units.selectors.data_scope`` is the only rule for "the data of unit X for a window"."""
    retired = ("def data_unit_ids", "def subtree_for_data", "def units_for_data")
    found = sorted(str(p.relative_to(BASE)) for p in _project_sources()
                   if p != Path(__file__) and any(name in p.read_text(encoding="utf-8") for name in retired))
    assert found == []
