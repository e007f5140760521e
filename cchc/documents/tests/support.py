"""Helpers for the document pipeline tests: the seed plans, their expectations and the test files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.documents.extraction import PlanDraft, extract_plan
from cchc.documents.readers import read_document

TESTS = Path(__file__).resolve().parent
FILES = TESTS / "files"
EXPECTED = TESTS / "expected"
SEEDS = TESTS.parents[2].parent / "shared" / "seeds"
SEED_IDS = ("000", "001", "002", "003", "004")


def seed_path(seed: str) -> Path:
    found = sorted(SEEDS.glob(f"{seed}_*.txt"))
    if not found:
        pytest.skip("../shared/seeds is not next to the repository")
    return found[0]


def seed_bytes(seed: str) -> bytes:
    return seed_path(seed).read_bytes()


def expected(seed: str) -> dict:
    return json.loads((EXPECTED / f"seed_{seed}.json").read_text(encoding="utf-8"))


_DRAFTS: dict[str, PlanDraft] = {}


def seed_draft(seed: str) -> PlanDraft:
    """The extraction of one seed's text file (cached: extraction is pure)."""
    if seed not in _DRAFTS:
        path = seed_path(seed)
        _DRAFTS[seed] = extract_plan(read_document(path.read_bytes(), path.name))
    return _DRAFTS[seed]


def file_draft(name: str) -> PlanDraft:
    if name not in _DRAFTS:
        path = FILES / name
        _DRAFTS[name] = extract_plan(read_document(path.read_bytes(), path.name))
    return _DRAFTS[name]
