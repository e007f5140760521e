"""Writing a criteria set to XLSX in the layout ``criteria_import.parse`` reads back into the same tree.

One sheet: the set's title on the first row, then a header ("Mã", "Lĩnh vực, tiêu chí, tiêu chí thành phần",
"Điểm tối đa", "Phương pháp đánh giá", "Tài liệu kiểm chứng", "Hướng dẫn chấm điểm"), a row per area,
criterion and sub-criterion with its scoring options in the rows under it (no code, the option's points in the
points column), the total, then the "Điểm thưởng" and "Điểm trừ" sections. Written through
``cchc.core.xlsx``, so text that starts like a formula is neutralised (the reader takes the quote off again).
Labels are always Vietnamese: they are the layout the reader recognises.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import pgettext

from cchc.core import xlsx
from cchc.parindex.criteria_import import APPRAISAL, BOTH, SURVEY, json_number


def write_xlsx(tree: dict) -> bytes:
    """The XLSX file of ``tree`` (the dict ``criteria_import.parse`` returns, numbers as Decimal or int)."""
    with translation.override("vi"):
        headers = [
            pgettext("criteria file", "Code"),
            pgettext("criteria file", "Area, criterion, sub-criterion"),
            pgettext("criteria file", "Maximum points"),
            pgettext("criteria file", "Assessment method"),
            pgettext("criteria file", "Evidence"),
            pgettext("criteria file", "Scoring guidance"),
        ]
        methods = {
            APPRAISAL: pgettext("criteria file", "Appraisal"),
            SURVEY: pgettext("criteria file", "Survey"),
            BOTH: pgettext("criteria file", "Appraisal and survey"),
        }
        workbook = xlsx.new_workbook()
        xlsx.add_table(
            workbook,
            pgettext("criteria file", "Criteria set"),
            headers,
            list(_rows(tree, methods)),
            widths=(10, 60, 10, 18, 12, 50),
            wrap=True,
            above=[[tree.get("title") or ""]],
        )
        return xlsx.to_bytes(workbook)


def _rows(tree: dict, methods: dict[str, str]):
    for node in tree["nodes"]:
        yield [
            node["code"],
            node["title"],
            json_number(node["max_points"]),
            methods.get(node["method"], ""),
            "x" if node["evidence_required"] else "",
            node.get("guidance") or "",
        ]
        for option in node.get("options") or ():
            yield ["", option["label"], json_number(option["points"]), "", "", ""]
    yield ["", pgettext("criteria file", "Total"), json_number(tree["total_points"]), "", "", ""]
    for heading, items in ((pgettext("criteria file", "Bonus points"), tree.get("bonus") or ()),
                           (pgettext("criteria file", "Penalty points"), tree.get("penalty") or ())):
        if not items:
            continue
        yield ["", heading, "", "", "", ""]
        for item in items:
            yield [item["code"], item["title"], json_number(item["max_points"]), "", "", ""]
