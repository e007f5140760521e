"""The working-day calendar and the reporting periods live low in the house (issue 11, item 1).

``indicators`` and ``plans`` read them from ``cchc.calendar``; ``plans`` keeps no schedule of its own;
``cchc.calendar`` imports no app at module level (it reads the adjustment rows through the app registry).
"""

import ast
import re
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


#: Former second doors to the calendar; every app imports ``cchc.calendar`` itself.
GONE = ("cchc.procedures.calendars", "cchc.procedures.workdays", "cchc.procedures.deadlines", "cchc.reporting.periods")


def test_there_is_one_door_to_the_calendar():
    for module in GONE:
        assert not (CCHC.parent / (module.replace(".", "/") + ".py")).exists(), module
    sources = {**_imports(CCHC), **_imports(CCHC.parent / "bench"), **_imports(CCHC.parent / "tests")}
    offenders = {
        path: sorted(n for n in names if any(n == gone or n.startswith(gone + ".") for gone in GONE))
        for path, names in sources.items()
    }
    # ``from cchc.procedures import calendars`` names the module as ``cchc.procedures.calendars`` too
    assert {path: names for path, names in offenders.items() if names} == {}


def test_no_app_builds_a_calendar_of_its_own():
    """Apps ask ``cchc.calendar.api`` for the administrator's calendar (now, or the version in force on a
    day); none builds one from the package's schedules or its own rows (tests may, to compare)."""
    built = re.compile(r"WorkCalendar\(|WorkCalendar\.official\(|OFFICIAL_SCHEDULES")
    offenders = [
        str(path.relative_to(CCHC.parent)) for path in CCHC.rglob("*.py")
        if "tests" not in path.parts and "calendar" not in path.parts[-2:-1]
        and "migrations" not in path.parts and built.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
