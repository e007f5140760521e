"""The outline (đề cương) of a periodic CCHC report: its sections, in order.

Source: reporting_regime.md §3. The official outline attached to Văn bản 581/BNV-CCHC could not be
read (UNCONFIRMED); this is the structure used across provincial reports, which follows the reform
areas of Nghị quyết 76/NQ-CP:

    I.   Công tác chỉ đạo, điều hành CCHC
    II.  Kết quả thực hiện các nhiệm vụ CCHC (one heading per reform area)
    III. Đánh giá chung: 1. Ưu điểm; 2. Tồn tại, hạn chế và nguyên nhân
    IV.  Phương hướng, nhiệm vụ kỳ tới
    V.   Đề xuất, kiến nghị
    Phụ lục: biểu số liệu

Reform-area codes are the glossary's. Tasks of the PAR INDEX and emulation areas are reported under
section I, as the outline's item I.4 ("đánh giá chỉ số CCHC…") does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    code: str
    number: str
    title: str
    required: bool
    #: the heading this section sits under (II. for the reform areas), if any
    group: str = ""

    @property
    def full_number(self) -> str:
        """ "I.", "II.1.", "III.2.": the number with its heading's, to name the section on its own."""
        return f"{str(self.group).split(' ', 1)[0]}{self.number}" if self.group else self.number

    @property
    def name(self) -> str:
        return f"{self.full_number} {self.title}"


RESULTS_GROUP = _("II. RESULTS OF THE REFORM TASKS")
ASSESSMENT_GROUP = _("III. OVERALL ASSESSMENT")

SECTIONS: tuple[Section, ...] = (
    Section("direction", "I.", _("DIRECTION AND ADMINISTRATION OF ADMINISTRATIVE REFORM"), required=True),
    Section("institutions", "1.", _("Institutional reform"), required=False, group=RESULTS_GROUP),
    Section("procedures", "2.", _("Administrative procedure reform"), required=False, group=RESULTS_GROUP),
    Section("apparatus", "3.", _("Reform of the state apparatus"), required=False, group=RESULTS_GROUP),
    Section("civil_service", "4.", _("Civil service reform"), required=False, group=RESULTS_GROUP),
    Section("public_finance", "5.", _("Public finance reform"), required=False, group=RESULTS_GROUP),
    Section(
        "digital_government",
        "6.",
        _("Building e-government and digital local government"),
        required=False,
        group=RESULTS_GROUP,
    ),
    Section("strengths", "1.", _("Strengths"), required=True, group=ASSESSMENT_GROUP),
    Section(
        "limitations",
        "2.",
        _("Limitations, shortcomings and their causes"),
        required=True,
        group=ASSESSMENT_GROUP,
    ),
    Section("next_tasks", "IV.", _("DIRECTIONS AND TASKS FOR THE NEXT PERIOD"), required=True),
    Section("recommendations", "V.", _("PROPOSALS AND RECOMMENDATIONS"), required=False),
)
SECTION_CODES: tuple[str, ...] = tuple(section.code for section in SECTIONS)
BY_CODE: dict[str, Section] = {section.code: section for section in SECTIONS}

#: reform area (glossary code) → the section that reports it
AREA_SECTION: dict[str, str] = {
    "direction": "direction",
    "par_index": "direction",
    "emulation": "direction",
    "institutions": "institutions",
    "procedures": "procedures",
    "apparatus": "apparatus",
    "civil_service": "civil_service",
    "public_finance": "public_finance",
    "digital_government": "digital_government",
}


def missing_required(sections: dict[str, str]) -> list[Section]:
    """Required sections that are empty or blank, in outline order."""
    return [s for s in SECTIONS if s.required and not (sections.get(s.code) or "").strip()]


def clean_sections(sections: dict[str, object]) -> dict[str, str]:
    """Only the outline's codes, as stripped text (other keys are dropped)."""
    return {code: str(sections.get(code) or "").strip() for code in SECTION_CODES}
