"""The working-day calendar and the reporting periods live low in the house (issue 11, item 1).

``indicators`` and ``plans`` read them from ``cchc.calendar``; ``plans`` keeps no schedule of its own;
``cchc.calendar`` imports no app at module level (it reads the adjustment rows through the app registry).
"""

import ast
from pathlib import Path

CCHC = Path(__file__).resolve().parents[1] / "cchc"


def _imports(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(CCHC.parent))] = names
    return found


def test_indicators_and_plans_no_longer_import_the_reporting_periods():
    offenders = {
        path: sorted(n for n in names if n.startswith("cchc.reporting.periods") or n == "cchc.reporting.periods")
        for app in ("indicators", "plans")
        for path, names in _imports(CCHC / app).items()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_plans_keep_no_schedule_of_their_own():
    sources = {path: (CCHC.parent / path).read_text(encoding="utf-8") for path in _imports(CCHC / "plans")}
    assert [path for path, text in sources.items() if ("OFFICIAL_SCHEDULES" in text or ".official(" in text)
            and "/tests/" not in path] == []
    assert [path for path, names in _imports(CCHC / "plans").items() if "cchc.procedures.workdays" in names] == []


def test_the_calendar_package_imports_no_app():
    offenders = {
        path: sorted(n for n in names if n.startswith("cchc.") and not n.startswith("cchc.calendar"))
        for path, names in _imports(CCHC / "calendar").items()
        if "/tests/" not in path
    }
    assert {path: names for path, names in offenders.items() if names} == {}
