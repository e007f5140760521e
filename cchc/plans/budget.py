"""A task's budget as the source of funding (pure, no database)."""

from __future__ import annotations

import re

#: "Kinh phí" / "Nguồn kinh phí" at the start of a budget cell: the column's own label ("Kinh phí dự kiến"),
#: which plans repeat in every cell ("Kinh phí Thường xuyên") and pages already show as the field's name.
_BUDGET_LABEL = re.compile(r"^(?:nguồn\s+)?kinh\s+phí\s*:?\s+(?=\S)", re.IGNORECASE)


def budget_text(text: str) -> str:
    """A budget cell as the source of funding alone: "Kinh phí Thường xuyên" → "Thường xuyên";
    "Kinh phí thường xuyên, Kinh phí đào tạo" → "Thường xuyên, đào tạo"; other words are kept as written."""
    parts = [" ".join(part.split()) for part in re.split(r"[,;]", text) if part.strip()]
    cleaned = []
    for index, part in enumerate(parts):
        source = _BUDGET_LABEL.sub("", part)
        if source != part and len(source) > 1 and source[1:2].islower():
            source = (source[0].upper() if index == 0 else source[0].lower()) + source[1:]
        cleaned.append(source)
    return ", ".join(cleaned)
