"""Match a unit name written in a plan ("VP", "Sở XD", "Văn phòng Sở") to known units.

The database layer passes candidates as ``(id, name, short_name)`` tuples. Matching ignores case and
diacritics, expands the usual abbreviations, and compares word sets, so "Văn phòng" finds
"Văn phòng Sở Xây dựng" (short name "Văn phòng") and "Sở XD" finds "Sở Xây dựng".
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from cchc.core.text import fold

# Folded abbreviation → folded expansion. Order matters: longer forms first.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("mttq", "mat tran to quoc"),
    ("lddtbxh", "lao dong thuong binh va xa hoi"),
    ("ldtbxh", "lao dong thuong binh va xa hoi"),
    ("nn&ptnt", "nong nghiep va phat trien nong thon"),
    ("nnptnt", "nong nghiep va phat trien nong thon"),
    ("tn&mt", "tai nguyen va moi truong"),
    ("tnmt", "tai nguyen va moi truong"),
    ("tt&tt", "thong tin va truyen thong"),
    ("tttt", "thong tin va truyen thong"),
    ("kh&dt", "ke hoach va dau tu"),
    ("khdt", "ke hoach va dau tu"),
    ("gd&dt", "giao duc va dao tao"),
    ("gddt", "giao duc va dao tao"),
    ("vhttdl", "van hoa the thao va du lich"),
    ("vh-tt-dl", "van hoa the thao va du lich"),
    ("khcn", "khoa hoc va cong nghe"),
    ("kh&cn", "khoa hoc va cong nghe"),
    ("gtvt", "giao thong van tai"),
    ("tckh", "tai chinh ke hoach"),
    ("tc-kh", "tai chinh ke hoach"),
    ("vpubnd", "van phong uy ban nhan dan"),
    ("vp", "van phong"),
    ("ttr", "thanh tra"),
    ("tt", "trung tam"),
    ("xd", "xay dung"),
    ("tc", "tai chinh"),
    ("nv", "noi vu"),
    ("ct", "cong thuong"),
    ("yt", "y te"),
    ("cchc", "cai cach hanh chinh"),
)
_ABBREVIATION_MAP = dict(ABBREVIATIONS)
_STOP_WORDS = frozenset({"cac", "va", "cua", "thuoc", "tai", "truc"})


@dataclass(frozen=True)
class UnitMatch:
    id: Hashable
    name: str
    score: float


def normalise_unit_name(name: str) -> str:
    """Folded, abbreviations expanded, punctuation removed: "Sở XD" → "so xay dung"."""
    tokens = re.findall(r"[a-z0-9&\-]+", fold(name))
    out: list[str] = []
    for index, token in enumerate(tokens):
        if token == "tp":  # "Sở TP" is Justice (Tư pháp); elsewhere TP is a city (thành phố)
            out.append("tu phap" if index and tokens[index - 1] == "so" else "thanh pho")
            continue
        out.append(_ABBREVIATION_MAP.get(token) or token.replace("-", " "))
    return " ".join(" ".join(out).split())


def _words(text: str) -> set[str]:
    return set(text.split())


def _similarity(query: str, candidate: str) -> float:
    if not query or not candidate:
        return 0.0
    if query == candidate:
        return 1.0
    query_words, candidate_words = _words(query), _words(candidate)
    query_core = query_words - _STOP_WORDS or query_words
    candidate_core = candidate_words - _STOP_WORDS or candidate_words
    common = query_core & candidate_core
    if not common:
        return 0.0
    coverage = len(common) / len(query_core)
    precision = len(common) / len(candidate_core)
    score = 0.7 * coverage + 0.3 * precision
    if candidate.startswith(query) or query.startswith(candidate):
        score += 0.1
    return min(score, 0.99)


def rank_units(
    name: str, candidates: Iterable[tuple[Hashable, str, str | None]], *, limit: int = 5
) -> list[UnitMatch]:
    """Candidates ordered by how well they match ``name`` (best first), without zero scores."""
    query = normalise_unit_name(name)
    ranked: list[UnitMatch] = []
    for unit_id, unit_name, short_name in candidates:
        score = max(
            _similarity(query, normalise_unit_name(unit_name or "")),
            _similarity(query, normalise_unit_name(short_name or "")),
        )
        if score > 0:
            ranked.append(UnitMatch(id=unit_id, name=unit_name, score=round(score, 3)))
    ranked.sort(key=lambda match: (-match.score, len(match.name)))
    return ranked[:limit]


def match_unit(
    name: str, candidates: Iterable[tuple[Hashable, str, str | None]], *, threshold: float = 0.75
) -> Hashable | None:
    """The id of the candidate unit ``name`` designates, or None when no candidate is close enough.

    A tie between the two best candidates is not a match: the user has to choose.
    """
    ranked = rank_units(name, candidates, limit=2)
    if not ranked or ranked[0].score < threshold:
        return None
    if len(ranked) > 1 and ranked[1].score == ranked[0].score:
        return None
    return ranked[0].id
