"""Outputs of a campaign: the announcement decision (DOCX, Decree 30 layout, ranking annex) and every score (XLSX)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cchc.core import docx_render, xlsx
from cchc.documents import layout
from cchc.parindex import selectors
from cchc.parindex.choices import Level
from cchc.parindex.docx_template import PATH
from cchc.parindex.models import AssessmentCampaign, Score
from cchc.parindex.numbers import format_points

#: how the annex and the subject name the units of each level
LEVEL_WORDS = {
    Level.PROVINCE: "các tỉnh, thành phố",
    Level.DEPARTMENT: "các sở, ban, ngành",
    Level.DISTRICT: "Ủy ban nhân dân các huyện, thị xã, thành phố",
    Level.COMMUNE: "Ủy ban nhân dân các xã, phường, đặc khu",
    Level.DIVISION: "các phòng chuyên môn",
}


def _change(row) -> str:
    if row.change.index is None:
        return "—"
    sign = "+" if row.change.index > 0 else ""
    text = f"{sign}{format_points(row.change.index)}"
    if row.change.rank:
        text += f" ({'+' if row.change.rank > 0 else ''}{row.change.rank} bậc)"
    return text


def announcement_context(campaign: AssessmentCampaign) -> dict:
    """Everything the decision shows, as plain values (the template is a Word file)."""
    ranking = selectors.campaign_ranking(campaign)
    criteria_set = campaign.criteria_set
    issuer = campaign.unit
    is_committee = issuer.kind in ("central_city", "province")
    issuer_name = f"ỦY BAN NHÂN DÂN {issuer.name.upper()}" if is_committee else issuer.name.upper()
    words = LEVEL_WORDS.get(criteria_set.level, "")
    year = criteria_set.year
    published = campaign.published_on
    bases = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"]
    if criteria_set.legal_basis:
        bases.append(f"Căn cứ {criteria_set.legal_basis};")
    bases.append(f"Căn cứ kết quả tự đánh giá, thẩm định và điều tra xã hội học xác định Chỉ số cải cách hành chính năm {year};")
    bases.append("Theo đề nghị của Giám đốc Sở Nội vụ.")
    date_words = layout.place_and_date("", published)
    return {
        "parent_name": "",
        "issuer_name": issuer_name,
        "number": campaign.decision_number or "……/QĐ-UBND",
        "place_date": layout.place_and_date(issuer.short_name.replace("TP ", "") if issuer.short_name else issuer.name, published, year + 1),
        "subject": f"Công bố Chỉ số cải cách hành chính năm {year} của {words}",
        "authority": f"CHỦ TỊCH {issuer_name}",
        "bases": bases,
        "articles": [
            {"heading": "Điều 1.", "text": f"Công bố Chỉ số cải cách hành chính năm {year} của {len(ranking.rows)} đơn vị thuộc "
                                           f"{words} (Phụ lục kèm theo)."},
            {"heading": "Điều 2.", "text": "Căn cứ kết quả Chỉ số cải cách hành chính được công bố, thủ trưởng các cơ quan, đơn vị "
                                           "phân tích, đánh giá những mặt hạn chế và đề ra giải pháp khắc phục, nâng cao hiệu quả "
                                           "công tác cải cách hành chính trong năm tiếp theo."},
            {"heading": "Điều 3.", "text": "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Giám đốc Sở Nội vụ, thủ trưởng "
                                           "các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này."},
        ],
        "recipients": ["- Như Điều 3;", "- Bộ Nội vụ;", "- Lưu: VT."],
        "signer_title": (campaign.signer_title or "Chủ tịch").upper(),
        "signer_name": campaign.signer_name,
        "annex_title": f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} CỦA {words.upper()}",
        "date_words": date_words,
        "issuer_title": f"Chủ tịch Ủy ban nhân dân {issuer.name}" if is_committee else issuer.name,
        "rows": [
            {"no": i, "name": row.unit.name, "appraised": format_points(row.appraised), "survey": format_points(row.survey),
             "bonus": format_points(row.bonus), "penalty": format_points(row.penalty), "points": format_points(row.points),
             "index": format_points(row.index), "label": row.label or "—", "rank": str(row.rank), "change": _change(row)}
            for i, row in enumerate(ranking.rows, 1)
        ],
    }


def announcement_docx(campaign: AssessmentCampaign) -> bytes:
    return docx_render.render(PATH.read_bytes(), announcement_context(campaign))


def score_rows(campaign: AssessmentCampaign):
    """One row per unit and criterion: every value side by side."""
    scores = {(s.assessment_id, s.criterion_id): s for s in Score.objects.filter(assessment__campaign=campaign)}
    criteria = [c for c in selectors.criteria_of(campaign.criteria_set) if c.is_leaf]
    for assessment in campaign.assessments.select_related("unit").order_by("unit__name", "pk"):
        for criterion in criteria:
            score = scores.get((assessment.pk, criterion.pk))

            def value(name, score=score):
                return getattr(score, name) if score is not None else None

            yield [
                assessment.unit.code, assessment.unit.name, assessment.get_stage_display(), criterion.code, criterion.title,
                criterion.get_method_display(), criterion.max_points, value("self_points"), value("suggested_points"),
                value("override_reason") or "", value("appraised_points"), value("appraisal_comment") or "",
                value("explanation") or "", value("final_points"), value("final_comment") or "", value("survey_points"),
            ]


def scores_xlsx_response(campaign: AssessmentCampaign):
    headers = [_("Unit code"), _("Unit"), _("Stage"), _("Criterion"), _("Title"), _("Method"), _("Maximum"), _("Self score"),
               _("Suggested"), _("Reason for another score"), _("Round 1"), _("Comment, round 1"), _("Explanation"),
               _("Round 2"), _("Comment, round 2"), _("Survey points")]
    workbook = xlsx.new_workbook()
    xlsx.add_table(workbook, _("Scores"), headers, score_rows(campaign), above=[[campaign.title]])
    ranking = selectors.campaign_ranking(campaign)
    xlsx.add_table(workbook, _("Ranking"), [_("Rank"), _("Unit"), _("Appraised"), _("Survey"), _("Bonus"), _("Penalty"),
                                           _("Index (%)"), _("Class")],
                   ([r.rank, r.unit.name, r.appraised, r.survey, r.bonus, r.penalty, r.index, r.label] for r in ranking.rows))
    return xlsx.xlsx_response(workbook, f"diem-chi-so-cchc-{campaign.year}-{campaign.criteria_set.level}.xlsx")
