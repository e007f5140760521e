"""How a recognised import is compared with the Word import of the same seed.

A task agrees when its title, lead and timeframe read like the Word file's:

- the title compared case-folded, with punctuation and spacing dropped, allowing the slips
  recognition makes in a word or two of a long text (similarity ≥ 0.9);
- the lead and the timeframe equal once folded as the platform reads them (``cchc.core.text.fold``:
  case and diacritics dropped, "đ" as "d"), with punctuation and spacing dropped. The platform
  never uses these two fields as spelled: the lead is matched to a unit on its folded name
  (``units.normalise_unit_name``) and the timeframe is parsed on folded text
  (``plans.timeframe``), so "Các phòng chuyền mồn, đơn vị" (a tone mark misread, the commonest
  slip of Tesseract's Vietnamese model) designates the same unit as "Các phòng chuyên môn, đơn
  vị", while "Văn phòng" for "Thanh tra Sở" or "Năm 2024" for "Quý I/2024" still disagree.

``found`` pairs each Word task with the most similar recognised one, so a task split in two or an
extra row does not shift every later pair.
"""

from __future__ import annotations

import difflib
import unicodedata

from cchc.core.text import fold
from cchc.documents.tests.support import file_draft


def word_tasks(seed: str) -> list[dict]:
    return file_draft(f"seed_{seed}.docx").to_json()["tasks"]


def norm(value) -> str:
    if isinstance(value, dict):
        value = value.get("text")
    text = unicodedata.normalize("NFC", str(value or "")).casefold()
    return "".join(char for char in text if char.isalnum())


def folded(value) -> str:
    """``value`` as the platform reads a lead or a timeframe: folded, letters and digits only."""
    return "".join(char for char in fold(norm(value)) if char.isalnum())


def agrees(task: dict, wanted: dict) -> bool:
    title = difflib.SequenceMatcher(None, norm(task["title"]), norm(wanted["title"])).ratio()
    return (title >= 0.9 and folded(task["lead"]) == folded(wanted["lead"])
            and folded(task["timeframe"]) == folded(wanted["timeframe"]))


def agreement(tasks: list[dict], wanted: list[dict]) -> float:
    """The share of tasks (paired in order) whose title, lead and timeframe agree."""
    if not wanted:
        return 0.0
    return sum(agrees(task, want) for task, want in zip(tasks, wanted, strict=False)) / len(wanted)


def disagreements(tasks: list[dict], wanted: list[dict]) -> list[str]:
    """What differs, for a failing assertion's message."""
    out = []
    for index, (task, want) in enumerate(zip(tasks, wanted, strict=False), start=1):
        if not agrees(task, want):
            out.append(f"{index}: {task['title'][:60]!r} | {task['lead']!r} | {task['timeframe']['text']!r} ≠ "
                       f"{want['title'][:60]!r} | {want['lead']!r} | {want['timeframe']['text']!r}")
    return out


def found(tasks: list[dict], wanted: list[dict]) -> float:
    """The share of the Word file's tasks that have a recognised task agreeing with them."""
    if not wanted or not tasks:
        return 0.0
    hits = 0
    for want in wanted:
        best = max(tasks, key=lambda task: difflib.SequenceMatcher(None, norm(task["title"]), norm(want["title"])).ratio())
        hits += agrees(best, want)
    return hits / len(wanted)
