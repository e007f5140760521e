"""How a recognised import is compared with the Word import of the same seed.

A task agrees when its title, lead and timeframe read like the Word file's: compared case-folded,
with punctuation and spacing dropped, and (for the long title only) allowing the slips recognition
makes in a word or two (similarity ≥ 0.9). ``found`` pairs each Word task with the most similar
recognised one, so a task split in two or an extra row does not shift every later pair.
"""

from __future__ import annotations

import difflib
import unicodedata

from cchc.documents.tests.support import file_draft


def word_tasks(seed: str) -> list[dict]:
    return file_draft(f"seed_{seed}.docx").to_json()["tasks"]


def norm(value) -> str:
    if isinstance(value, dict):
        value = value.get("text")
    text = unicodedata.normalize("NFC", str(value or "")).casefold()
    return "".join(char for char in text if char.isalnum())


def agrees(task: dict, wanted: dict) -> bool:
    title = difflib.SequenceMatcher(None, norm(task["title"]), norm(wanted["title"])).ratio()
    return title >= 0.9 and norm(task["lead"]) == norm(wanted["lead"]) and norm(task["timeframe"]) == norm(wanted["timeframe"])


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
