"""Survey arithmetic on counts of answers (pure Python, no database).

A distribution is the number of answers that chose 1…5 (``n1`` … ``n5``). From it, as the
questionnaire's scale defines (sipas.md §2.3 and §6):

* Likert 1–5: the mean point, and the satisfaction share = answers 4–5 over valid answers
  (``count(answer ∈ {4,5}) / count(valid answers) × 100``);
* weighted options A–E: the score = Σ weight × answers / valid answers, in percent (e.g. A 100,
  B 60, C 20, D 0); an option without a weight ("không biết") is not a valid answer.

Ratios stay numerator over denominator (``cchc.indicators.formulas.Ratio``), so a parent's figure is
the ratio of the sums, never an average of percentages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc.indicators.formulas import Ratio, format_decimal_vi

LIKERT = "likert5"


@dataclass(frozen=True)
class Summary:
    counts: tuple[int, ...]
    #: (choice dict, count, share of all answers as a Ratio)
    distribution: list[tuple[dict, int, Ratio]] = field(default_factory=list)
    valid: int = 0
    mean: Ratio | None = None
    satisfied: Ratio | None = None
    score: Ratio | None = None
    responses: int = 0

    @property
    def answers(self) -> int:
        return sum(self.counts)

    @property
    def headline(self) -> Ratio | None:
        """The figure the questionnaire reports: the satisfaction share, or the weighted score."""
        return self.satisfied if self.satisfied is not None else self.score

    def mean_text(self) -> str:
        if self.mean is None or self.mean.fraction is None:
            return "—"
        return format_decimal_vi(self.mean.rounded(2), 2)

    def headline_text(self) -> str:
        ratio = self.headline
        return "—" if ratio is None else ratio.display()


def summarise(counts, choices: list[dict], scale: str, *, responses: int = 0) -> Summary:
    """The summary of ``counts`` (n1…n5) for a questionnaire whose choices are ``choices`` (``choice_list``)."""
    counts = tuple(int(c or 0) for c in counts)
    if len(counts) != 5:
        raise ValueError("counts must hold n1 … n5")
    total = sum(counts)
    by_value = {choice["value"]: choice for choice in choices}
    distribution = [(choice, counts[choice["value"] - 1], Ratio(counts[choice["value"] - 1], total)) for choice in choices]
    if scale == LIKERT:
        valid = total
        points = sum(value * counts[value - 1] for value in range(1, 6))
        return Summary(counts, distribution, valid, mean=Ratio(points, valid), satisfied=Ratio(counts[3] + counts[4], valid),
                       responses=responses)
    weighted = [(value, choice.get("weight")) for value, choice in by_value.items()]
    valid = sum(counts[value - 1] for value, weight in weighted if weight is not None)
    points = sum(int(weight) * counts[value - 1] for value, weight in weighted if weight is not None)
    return Summary(counts, distribution, valid, score=Ratio(points, 100 * valid), responses=responses)


def add(*count_rows) -> tuple[int, ...]:
    """Element-wise sum of several n1…n5 tuples."""
    return tuple(sum(column) for column in zip(*count_rows, strict=True)) if count_rows else (0, 0, 0, 0, 0)


def check_options(options) -> list[str]:
    """Vietnamese problems of a weighted option list (2 to 5 options, each a label and a weight 0–100 or none)."""
    problems = []
    if not isinstance(options, list) or not 2 <= len(options) <= 5:
        return ["Cần từ 2 đến 5 phương án trả lời (A–E)."]
    for index, option in enumerate(options):
        letter = "ABCDE"[index]
        if not isinstance(option, dict) or not str(option.get("label", "")).strip():
            problems.append(f"Phương án {letter}: thiếu nội dung.")
            continue
        weight = option.get("weight")
        if weight is not None and (isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100):
            problems.append(f"Phương án {letter}: trọng số phải là số nguyên từ 0 đến 100, hoặc để trống.")
    return problems
