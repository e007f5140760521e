"""Import accuracy: how well ``extract_plan`` reads the five seed plans, and how fast.

Run from the repository root: ``.venv/bin/python bench/import_accuracy.py``. It needs no database.

For every seed the extraction is compared with the hand-checked expectation in
``cchc/documents/tests/expected/seed_<seed>.json``. Both sides are turned into *facts*, one per
non-empty field, and a fact is correct when the other side has the same value:

- plan facts: issuer, number, title, year, issued_on, place, signer.name, signer.title;
- legal-basis facts: (number), (number, kind), (number, date), (number, issuer);
- area facts: (code, title) and (code, local_number);
- task facts: one per (task, field) for title, number, products, lead, coordinators, timeframe text
  and budget. Tasks are paired first: an expected task with the extracted task of the same
  area_code whose normalised title is most similar (difflib ratio ≥ 0.85), each used once; all
  facts of an unpaired task are wrong (missed on one side, spurious on the other);
- target facts: one per target text.

Values are compared normalised: case-folded, punctuation other than ``%`` and ``/`` removed, spaces
collapsed; list fields (products, coordinators) compare as whole lists.

``precision`` = correct extracted facts / extracted facts; ``recall`` = correct expected facts /
expected facts (only fields the expectation states are counted on either side). ``seconds`` is the
median wall time of three ``read_document`` + ``extract_plan`` runs on the seed's text file.

PDF and scans: ``import_seed_003_pdf_seconds`` is the same median for the born-digital PDF of seed
003 (``cchc/documents/tests/files/seed_003.pdf``: PDFium and the shared layout reading; it took
1.24 s with pdfplumber's full layout analysis). ``import_seed_003_scan_seconds`` is one import of
seed 003 scanned the way the tests scan it (its Word version printed by LibreOffice, rendered at 250
dpi, turned a little, speckled, wrapped as an image-only PDF; making the scan is not timed), and
``import_seed_003_scan_tasks`` the tasks it found (the Word file has 43). Without Tesseract or
LibreOffice the two scan lines say ``unavailable``.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS_DIR = Path(os.environ.get("CCHC_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
EXPECTED_DIR = ROOT / "cchc" / "documents" / "tests" / "expected"
PLAN_FIELDS = ("issuer", "number", "title", "year", "issued_on", "place")
TASK_FIELDS = ("title", "number", "products", "lead", "coordinators", "timeframe", "budget")
TITLE_MATCH = 0.85


def _ensure_django() -> None:
    """The extraction is pure; Django is set up only if an import below ever needs it."""
    try:
        from cchc.documents.extraction import extract_plan  # noqa: F401
    except Exception:  # ImproperlyConfigured / AppRegistryNotReady
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()


def norm(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, list):
        normalised = [norm(item) for item in value]
        return tuple(item for item in normalised if item) or None
    if isinstance(value, dict):
        return norm(value.get("text"))
    text = unicodedata.normalize("NFC", str(value)).casefold()
    text = re.sub(r"[^\w%/]+", " ", text)
    return " ".join(text.split()) or None


class Tally:
    def __init__(self) -> None:
        self.expected = 0
        self.extracted = 0
        self.correct = 0

    def compare(self, expected: object, extracted: object) -> None:
        expected, extracted = norm(expected), norm(extracted)
        self.expected += expected is not None
        self.extracted += extracted is not None
        self.correct += expected is not None and expected == extracted

    def missed(self, expected: object) -> None:
        self.expected += norm(expected) is not None

    def spurious(self, extracted: object) -> None:
        self.extracted += norm(extracted) is not None

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def score(expected: dict, actual: dict) -> Tally:
    tally = Tally()
    for key in PLAN_FIELDS:
        if key in expected:
            tally.compare(expected[key], actual.get(key))
    for key in ("name", "title"):
        if key in expected.get("signer", {}):
            tally.compare(expected["signer"][key], (actual.get("signer") or {}).get(key))
    _score_legal_bases(tally, expected.get("legal_bases", []), actual.get("legal_bases", []))
    _score_areas(tally, expected.get("areas", []), actual.get("areas", []))
    _score_tasks(tally, expected.get("tasks", []), actual.get("tasks", []))
    _score_multiset(
        tally,
        [t["text"] for t in expected.get("targets", [])],
        [t["text"] for t in actual.get("targets", [])],
    )
    return tally


def _score_legal_bases(tally: Tally, expected: list[dict], actual: list[dict]) -> None:
    by_number = {norm(basis["number"]): basis for basis in actual}
    used: set[object] = set()
    for basis in expected:
        key = norm(basis["number"])
        other = by_number.get(key)
        tally.compare(basis["number"], other["number"] if other else None)
        for field in ("kind", "date", "issuer"):
            if field in basis:
                tally.compare(basis[field], other.get(field) if other else None)
        if other:
            used.add(key)
    for basis in actual:
        if norm(basis["number"]) not in used:
            tally.spurious(basis["number"])
            for field in ("kind", "date", "issuer"):
                tally.spurious(basis.get(field))


def _score_areas(tally: Tally, expected: list[dict], actual: list[dict]) -> None:
    remaining = list(actual)
    for area in expected:
        other = next((a for a in remaining if a.get("code") == area["code"]), None)
        if other is not None:
            remaining.remove(other)
        tally.compare(
            f"{area['code']} {area['title']}", f"{other['code']} {other['title']}" if other else None
        )
        tally.compare(area.get("local_number"), other.get("local_number") if other else None)
    for area in remaining:
        tally.spurious(area.get("title"))
        tally.spurious(area.get("local_number"))


def _score_tasks(tally: Tally, expected: list[dict], actual: list[dict]) -> None:
    remaining = list(actual)
    for task in expected:
        other = _best_pair(task, remaining)
        if other is None:
            for field in TASK_FIELDS:
                tally.missed(task.get(field))
            continue
        remaining.remove(other)
        for field in TASK_FIELDS:
            if field in task:
                tally.compare(task[field], other.get(field))
    for task in remaining:
        for field in TASK_FIELDS:
            tally.spurious(task.get(field))


def _best_pair(task: dict, candidates: list[dict]) -> dict | None:
    title = norm(task["title"]) or ""
    best, best_ratio = None, TITLE_MATCH
    for candidate in candidates:
        if candidate.get("area_code") != task.get("area_code"):
            continue
        ratio = difflib.SequenceMatcher(None, title, norm(candidate.get("title")) or "").ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _score_multiset(tally: Tally, expected: list[str], actual: list[str]) -> None:
    remaining = [norm(text) for text in actual]
    for text in expected:
        key = norm(text)
        tally.expected += 1
        if key in remaining:
            remaining.remove(key)
            tally.correct += 1
    tally.extracted += len(actual)


def main() -> int:
    _ensure_django()
    from cchc.documents.extraction import extract_plan
    from cchc.documents.readers import read_document

    precisions, recalls, seconds = [], [], []
    for expected_path in sorted(EXPECTED_DIR.glob("seed_*.json")):
        seed = expected_path.stem.removeprefix("seed_")
        source = next(SEEDS_DIR.glob(f"{seed}_*.txt"))
        data = source.read_bytes()
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            draft = extract_plan(read_document(data, source.name))
            timings.append(time.perf_counter() - started)
        tally = score(expected, draft.to_json())
        elapsed = statistics.median(timings)
        precisions.append(tally.precision)
        recalls.append(tally.recall)
        seconds.append(elapsed)
        print(f"import_{seed}_precision: {tally.precision:.3f}")
        print(f"import_{seed}_recall: {tally.recall:.3f}")
        print(f"import_{seed}_seconds: {elapsed:.3f}")
    print(f"import_precision_min: {min(precisions):.3f}")
    print(f"import_recall_min: {min(recalls):.3f}")
    print(f"import_seconds_max: {max(seconds):.3f}")
    _pdf_and_scan(extract_plan, read_document)
    return 0


def _pdf_and_scan(extract_plan, read_document) -> None:
    pdf = ROOT / "cchc" / "documents" / "tests" / "files" / "seed_003.pdf"
    data = pdf.read_bytes()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        extract_plan(read_document(data, pdf.name))
        timings.append(time.perf_counter() - started)
    print(f"import_seed_003_pdf_seconds: {statistics.median(timings):.3f}")

    # the scan reads its settings (the Tesseract command, LibreOffice) and its test helpers use Django
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from cchc.core import pdf as pdf_out
    from cchc.documents import ocr

    missing = ocr.missing() or pdf_out.missing()
    if missing:
        print("import_seed_003_scan_seconds: unavailable")
        print("import_seed_003_scan_tasks: unavailable")
        return
    from cchc.documents.tests import scanning

    scan = scanning.image_pdf("003")
    started = time.perf_counter()
    draft = extract_plan(read_document(scan, "seed_003_scan.pdf"))
    print(f"import_seed_003_scan_seconds: {time.perf_counter() - started:.1f}")
    print(f"import_seed_003_scan_tasks: {len(draft.tasks)}")


if __name__ == "__main__":
    raise SystemExit(main())
