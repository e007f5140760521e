"""The campaign's results as an Excel workbook (``cchc.core.xlsx``: text that looks like a formula is
neutralised) and as a one-page Word summary (``cchc.core.docx_render``: sandboxed and autoescaped).

Both are staff downloads behind the scoped results page; nothing here is ever public.
"""

from __future__ import annotations

from django.utils import timezone

from cchc.core import docx_render, xlsx
from cchc.core.public_site import site_name
from cchc.surveys.choices import profile_label
from cchc.surveys.docx_template import PATH as SUMMARY_TEMPLATE
from cchc.surveys.results import Summary
from cchc.surveys.selectors import CampaignResults, Row

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def headline_label(found: CampaignResults) -> str:
    return "Tỷ lệ hài lòng" if found.campaign.questionnaire.scale == "likert5" else "Điểm có trọng số"


def _percent(ratio) -> float | None:
    value = None if ratio is None else ratio.percent(2)
    return None if value is None else float(value)


def _summary_cells(summary: Summary) -> list:
    mean = summary.mean.rounded(2) if summary.mean is not None and summary.mean.fraction is not None else None
    return [*summary.counts, summary.valid, None if mean is None else float(mean), _percent(summary.headline)]


def scope_text(found: CampaignResults) -> str:
    period = f"{found.month_from:%m/%Y}" if found.month_from else f"{found.campaign.starts_on:%d/%m/%Y}"
    period += " – " + (f"{found.month_to:%m/%Y}" if found.month_to else f"{found.campaign.ends_on:%d/%m/%Y}")
    names = ", ".join(u.name for u in found.units[:5]) + (f" và {len(found.units) - 5} đơn vị khác" if len(found.units) > 5 else "")
    return f"Đơn vị: {names}; thời gian: {period}"


def results_xlsx(found: CampaignResults, responses):
    choices = found.campaign.questionnaire.choice_list()
    counts = [f"{c['letter']}. {c['label']}" for c in sorted(choices, key=lambda c: c["value"])]
    counts += [f"Lựa chọn {n}" for n in range(len(counts) + 1, 6)]
    headers = ["Nội dung", "Số phiếu", *counts, "Câu trả lời hợp lệ", "Điểm trung bình", headline_label(found) + " (%)"]
    workbook = xlsx.new_workbook()
    above = [[found.campaign.title], [scope_text(found)]]

    def sheet(title: str, rows: list[Row]):
        xlsx.add_table(workbook, title, headers, [[r.label, r.summary.responses, *_summary_cells(r.summary)] for r in rows],
                       widths=[60], above=above)

    sheet("Tổng hợp", [Row("all", "Toàn bộ", found.overall)])
    sheet("Theo nhận định", found.items)
    sheet("Theo nhóm", found.groups)
    sheet("Theo đơn vị", found.by_unit)
    sheet("Theo lĩnh vực", found.by_sector)
    sheet("Theo tháng", found.by_month)
    for _name, (label, rows) in found.by_profile.items():
        sheet(f"Theo {label.lower()}", rows)
    items = [row.key for row in found.items]
    answer_headers = ["Ngày", "Đơn vị", "Kênh", "Quầy", "Lĩnh vực", "Thủ tục", "Giới tính", "Độ tuổi", "Trình độ",
                      *[f"Câu {n}" for n in range(1, len(items) + 1)], "Ý kiến khác"]

    def answer_rows():
        for response in responses.iterator(chunk_size=2000):
            chosen = {a.item_id: a.choice for a in response.answers.all()}
            yield [response.submitted_on, response.unit.name, response.get_channel_display(), response.counter, response.sector,
                   response.procedure_text, profile_label("sex", response.sex), profile_label("age_band", response.age_band),
                   profile_label("education", response.education), *[chosen.get(pk) for pk in items], response.comment]

    xlsx.add_table(workbook, "Phiếu trả lời", answer_headers, answer_rows(), above=above, wrap=False)
    return xlsx.xlsx_response(workbook, f"ket-qua-khao-sat-{found.campaign.pk}.xlsx")


def summary_context(found: CampaignResults) -> dict:
    def row(r: Row) -> dict:
        return {"label": r.label, "answers": r.summary.answers, "responses": r.summary.responses, "headline": r.summary.headline_text()}

    rated = [r for r in found.items if r.summary.valid]
    lowest = sorted(rated, key=lambda r: (r.summary.headline.fraction, r.key))[:3]
    return {
        "site_name": site_name(), "campaign": found.campaign.title, "scope": scope_text(found),
        "responses": found.responses, "paper": found.paper, "headline_label": headline_label(found),
        "headline": found.overall.headline_text(), "mean": found.overall.mean_text(),
        "groups": [row(r) for r in found.groups], "units": [row(r) for r in found.by_unit], "lowest": [row(r) for r in lowest],
        "made_on": timezone.localdate(),
    }


def summary_docx(found: CampaignResults) -> bytes:
    return docx_render.render(SUMMARY_TEMPLATE.read_bytes(), summary_context(found))


def results_docx(found: CampaignResults):
    from cchc.core.uploads import bytes_response

    return bytes_response(summary_docx(found), download_name=f"tom-tat-khao-sat-{found.campaign.pk}.docx", content_type=DOCX_TYPE)
