"""Demo PAR INDEX for the demo city (``cchc/units/demo.py``), after the plans and reports demos.

* The city's 2025 criteria sets for its departments and for its communes and wards, following the
  eight areas of the national provincial set (par_index.md §1). The official points of QĐ 1187/QĐ-BNV
  are not in the reference: every point is invented and the sets are marked as demo points. Some
  criteria are bound to suggestion rules: the plan issued by 31/12/2024, the share of plan tasks done
  on time, reports sent on time, and the platform's metrics (TTHC on time, online and online payment
  shares, digitisation; inspections and satisfaction once those capabilities register them).
* 2024: the same sets copied back a year; the city's departments and the old wards of quận Ninh Kiều
  (closed on 30/6/2025, their successors show them in their history) with final, published results.
* 2025, in progress (opened 15 working days ago): the departments' scorecards in every stage — some
  still scoring, some submitted, one being appraised, one in its explanation window — and the
  communes' scorecards being filled in. Sở Xây dựng's 2025 plan (taken up from the city's) is issued
  on 26/12/2024 with progress on its tasks, so its suggestions have data.

``load`` changes nothing when the sets exist. Names, points and texts are invented.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cchc.calendar.api import current_calendar, pinned
from cchc.parindex import selectors, services
from cchc.parindex.choices import Level, Stage
from cchc.parindex.models import Assessment, CriteriaSet, Score
from cchc.units.models import Unit
from cchc.units.scoping import UnitGraph

CITY = "92"
LEGAL_BASIS = "QĐ 1187/QĐ-BNV ngày 15/10/2025 của Bộ Nội vụ (điểm minh họa, không phải điểm chính thức)"
D = Decimal

PLAN_RULE = {"kind": "by_date", "source": "plan_issued", "params": {"date": "31/12/2024"}}
TASKS_RULE = {"kind": "linear", "source": "plan_tasks", "params": {"full_at": "100"}}
REPORTS_RULE = {"kind": "threshold", "source": "reports",
                "params": {"table": [{"min": "100", "points": "2"}, {"min": "75", "points": "1"}, {"min": "50", "points": "0.5"}]}}


def _metric(code: str, table=None, full_at=None) -> dict:
    if table:
        return {"kind": "threshold", "source": "metric", "params": {"metric": code, "table": table}}
    return {"kind": "linear", "source": "metric", "params": {"metric": code, "full_at": full_at}}


#: (code, title, max points, method, evidence required, rule, options); areas have no rule. Points are invented.
DEPARTMENT_TREE = [
    ("1", "Công tác chỉ đạo, điều hành CCHC", "10", "appraisal", False, None, []),
    ("1.1", "Ban hành kế hoạch CCHC năm kịp thời", "2", "appraisal", True, PLAN_RULE,
     [("Ban hành trước ngày 31/12/2024", "2"), ("Ban hành sau ngày 31/12/2024", "0")]),
    ("1.2", "Mức độ hoàn thành kế hoạch CCHC năm", "3", "appraisal", True, TASKS_RULE, []),
    ("1.3", "Thực hiện chế độ báo cáo CCHC đầy đủ, đúng thời gian quy định", "2", "appraisal", True, REPORTS_RULE, []),
    ("1.4", "Kiểm tra công tác CCHC đối với các đơn vị trực thuộc", "1.5", "appraisal", True,
     _metric("inspection_coverage", [{"min": "40", "points": "1.5"}, {"min": "20", "points": "0.75"}]), []),
    ("1.5", "Công tác thông tin, tuyên truyền CCHC", "1.5", "appraisal", False, None, []),
    ("2", "Cải cách thể chế", "7", "appraisal", False, None, []),
    ("2.1", "Tham mưu ban hành văn bản QPPL đúng thẩm quyền, trình tự, thủ tục", "3", "appraisal", True, None, []),
    ("2.2", "Rà soát, hệ thống hóa văn bản QPPL", "2", "appraisal", True, None, []),
    ("2.3", "Tổ chức thực hiện và theo dõi thi hành văn bản QPPL", "2", "appraisal", False, None, []),
    ("3", "Cải cách thủ tục hành chính", "14", "appraisal", False, None, []),
    ("3.1", "Công bố, công khai TTHC", "3", "appraisal", False, None, []),
    ("3.1.1", "Công bố danh mục TTHC đúng thời hạn", "1.5", "appraisal", True, None, []),
    ("3.1.2", "Công khai TTHC trên Cổng Dịch vụ công và tại nơi tiếp nhận", "1.5", "appraisal", True, None, []),
    ("3.2", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "6", "appraisal", False,
     _metric("on_time_rate", [{"min": "98", "points": "6"}, {"min": "95", "points": "4"}, {"min": "90", "points": "2"}]), []),
    ("3.3", "Thực hiện cơ chế một cửa, một cửa liên thông", "2", "appraisal", False, None, []),
    ("3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", "3", "appraisal", False,
     _metric("petition_on_time_share", [{"min": "100", "points": "3"}, {"min": "90", "points": "1.5"}]), []),
    ("4", "Cải cách tổ chức bộ máy hành chính", "6", "appraisal", False, None, []),
    ("4.1", "Xây dựng, hoàn thiện vị trí việc làm", "3", "appraisal", True, None, []),
    ("4.2", "Kiện toàn tổ chức bộ máy theo quy định", "3", "appraisal", True, None, []),
    ("5", "Cải cách chế độ công vụ", "8", "appraisal", False, None, []),
    ("5.1", "Tuyển dụng, sử dụng công chức theo vị trí việc làm", "3", "appraisal", False, None, []),
    ("5.2", "Đánh giá, xếp loại công chức", "3", "appraisal", True, None, []),
    ("5.3", "Thực hiện kỷ luật, kỷ cương hành chính", "2", "appraisal", False, None, []),
    ("6", "Cải cách tài chính công", "6", "appraisal", False, None, []),
    ("6.1", "Thực hiện dự toán ngân sách được giao", "3", "appraisal", False, None, []),
    ("6.2", "Thực hiện cơ chế tự chủ về tài chính", "3", "appraisal", False, None, []),
    ("7", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "17", "appraisal", False, None, []),
    ("7.1", "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến", "6", "appraisal", False, _metric("online_share", full_at="80"), []),
    ("7.2", "Gửi, nhận văn bản điện tử có ký số", "4", "appraisal", False, None, []),
    ("7.3", "Tỷ lệ hồ sơ thanh toán trực tuyến", "4", "appraisal", False, _metric("online_payment_share", full_at="50"), []),
    ("7.4", "Tỷ lệ hồ sơ TTHC được số hóa", "3", "appraisal", False, _metric("digitisation_share", full_at="100"), []),
    ("8", "Tác động của CCHC đến người dân, tổ chức", "32", "survey", False, None, []),
    ("8.1", "Mức độ hài lòng của người dân, tổ chức khi giải quyết TTHC", "16", "survey", False,
     _metric("survey_satisfaction_share", full_at="100"), []),
    ("8.2", "Đánh giá của đại biểu HĐND và lãnh đạo về công tác CCHC", "8", "survey", False, None, []),
    ("8.3", "Đánh giá của cán bộ, công chức về công tác CCHC", "8", "survey", False, None, []),
]
BONUS = [("T1", "Sáng kiến, giải pháp CCHC được cấp có thẩm quyền công nhận", "1"),
         ("T2", "Được khen thưởng về công tác CCHC", "1")]
PENALTY = [("P1", "Chậm gửi báo cáo CCHC theo yêu cầu", "2"),
           ("P2", "Để xảy ra vi phạm trong giải quyết TTHC bị xử lý", "3")]

#: the commune set changes some titles; the rest is the department set
COMMUNE_TITLES = {
    "2.1": "Ban hành văn bản QPPL của HĐND, UBND xã đúng thẩm quyền",
    "4.1": "Sắp xếp tổ chức bộ máy sau hợp nhất xã, phường",
    "6.2": "Quản lý tài chính, ngân sách xã công khai, minh bạch",
}


def tree(level: str, year: int = 2025) -> dict:
    by_code: dict[str, str] = {}
    nodes = []
    for code, title, points, method, evidence, rule, options in DEPARTMENT_TREE:
        parent = code.rsplit(".", 1)[0] if "." in code else None
        node = {"code": code, "title": COMMUNE_TITLES.get(code, title) if level == Level.COMMUNE else title,
                "max_points": D(points), "parent": parent, "method": method, "evidence_required": evidence, "guidance": "",
                "options": [{"label": label, "points": D(p)} for label, p in options]}
        if rule:
            node["rule"] = rule
        nodes.append(node)
        by_code[code] = title
    what = "các sở, ban, ngành" if level == Level.DEPARTMENT else "UBND các xã, phường"
    return {
        "title": f"Bộ tiêu chí xác định Chỉ số CCHC của {what} thành phố Cần Thơ năm {year}",
        "total_points": D(100), "nodes": nodes, "legal_basis": LEGAL_BASIS, "is_demo": True,
        "bonus": [{"code": c, "title": t, "max_points": D(p)} for c, t, p in BONUS],
        "penalty": [{"code": c, "title": t, "max_points": D(p)} for c, t, p in PENALTY],
        "bonus_cap": D(2), "penalty_cap": D(5),
    }


def _unit(code: str) -> Unit | None:
    return Unit.objects.filter(code=code, valid_to__isnull=True).first()


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


#: how well each unit does: the share of each criterion's points it earns, by its place in the list
FACTORS = [D("0.95"), D("0.85"), D("0.9"), D("0.75"), D("1"), D("0.8"), D("0.7"), D("0.88")]


def _points(max_points: Decimal, unit_index: int, leaf_index: int) -> Decimal:
    factor = FACTORS[(unit_index * 3 + leaf_index) % len(FACTORS)]
    return (max_points * factor * 4).quantize(D(1)) / 4


def load(*, created: bool) -> None:
    with pinned():
        _load()


@transaction.atomic
def _load() -> None:
    city = _unit(CITY)
    steering = _user("noivu.theodoi")
    if city is None or CriteriaSet.objects.filter(unit=city).exists():
        return
    today = timezone.localdate()
    sets = {level: services.criteria_set_from_tree(tree(level), unit=city, level=level, year=2025, actor=steering)
            for level in (Level.DEPARTMENT, Level.COMMUNE)}
    for criteria_set in sets.values():
        _published_2024(city, services.criteria_set_copy(criteria_set=criteria_set, actor=steering, year=2024), steering)
    _sxd_plan_2025()
    opens_on = current_calendar().add_working_days(today, -15)
    for level, criteria_set in sets.items():
        campaign = services.campaign_open(unit=city, criteria_set=criteria_set, opens_on=opens_on, self_days=10,
                                          appraisal_days=10, explanation_days=10, publication_days=10, actor=steering)
        if level == Level.DEPARTMENT:
            _departments_2025(campaign, steering)
        else:
            _communes_2025(campaign)


def _own_units(city: Unit, level: str, year: int) -> list[Unit]:
    """Units of the level that were under the city itself at the end of ``year`` (not the provinces merged into it)."""
    below = UnitGraph.load().descendants(city.pk)
    return [u for u in services.expected_units(city, level, year) if u.pk in below]


def _published_2024(city: Unit, criteria_set, steering) -> None:
    """Final results of 2024, scored in bulk from the demo pattern (no evidence), then published."""
    units = _own_units(city, criteria_set.level, 2024)
    if not units:
        return
    campaign = services.campaign_open(unit=city, criteria_set=criteria_set, opens_on=dt.date(2025, 1, 6), self_days=15,
                                      appraisal_days=15, explanation_days=5, publication_days=10, units=units, actor=steering)
    leaves = [c for c in criteria_set.criteria.filter(is_leaf=True).order_by("position") if c.kind == "criterion"]
    scores = []
    for unit_index, assessment in enumerate(campaign.assessments.select_related("unit").order_by("unit__code")):
        for leaf_index, criterion in enumerate(leaves):
            points = _points(criterion.max_points, unit_index + 1, leaf_index)
            if criterion.method == "survey":
                scores.append(Score(assessment=assessment, criterion=criterion, survey_points=points))
            else:
                scores.append(Score(assessment=assessment, criterion=criterion, self_points=points, appraised_points=points))
    Score.objects.bulk_create(scores)
    Assessment.objects.filter(campaign=campaign).update(stage=Stage.FINAL, submitted_at=timezone.now(), final_at=timezone.now())
    services.campaign_publish(campaign=campaign, decision_number="68/QĐ-UBND" if criteria_set.level == Level.DEPARTMENT
                              else "69/QĐ-UBND", published_on=dt.date(2025, 3, 28), signer_title="Chủ tịch",
                              signer_name="Trần Việt Trường", actor=steering)


def _sxd_plan_2025() -> None:
    """Sở Xây dựng's 2025 plan (the tasks the city assigned it) issued on 26/12/2024, four of six periods done on time."""
    from cchc.plans import services as plan_services
    from cchc.plans.models import Plan

    sxd = _unit("92-SXD")
    plan = Plan.objects.filter(unit=sxd, year=2025, status="draft").first() if sxd else None
    if plan is None or not plan.tasks.exists():
        return
    head, focal = _user("xaydung.giamdoc"), _user("xaydung.daumoi")
    plan_services.plan_issue(plan=plan, number="15/KH-SXD", issued_on=dt.date(2024, 12, 26), signer_name="Trần Văn Bình",
                             signer_title="Giám đốc", actor=head)
    periods = [p for t in plan.tasks.order_by("position", "pk") for p in t.periods.order_by("due_date", "pk") if p.due_date]
    for index, period in enumerate(periods):
        if index >= 4 or period.due_date > dt.date(2025, 12, 31):
            continue
        done_on = period.due_date - dt.timedelta(days=3)
        evidence = [plan_services.EvidenceInput(document_number=f"{40 + index}/BC-SXD", document_date=done_on,
                                                issuer="Sở Xây dựng", title=f"Báo cáo kết quả: {period.task.title[:120]}")]
        plan_services.progress_record(period=period, unit=period.task.lead_unit or sxd, status="completed", percent=100,
                                      reported_on=done_on, note="Đã hoàn thành", evidence=evidence, actor=focal)


#: 2025 stages of the departments, in code order; the rest keep scoring
DEPARTMENT_STAGES = {"92-STC": Stage.SUBMITTED, "92-TTR": Stage.SUBMITTED, "92-STP": Stage.SUBMITTED,
                     "92-SYT": Stage.APPRAISING, "92-SNV": Stage.EXPLANATION, "92-SGDDT": Stage.SUBMITTED}


def _score(assessment: Assessment, unit_index: int, actor, *, share: float = 1.0) -> None:
    """Self scores from the demo pattern for the first ``share`` of the leaves, with a note where evidence is required."""
    leaves = [c for c in selectors.criteria_of(assessment.campaign.criteria_set) if c.is_leaf and c.is_scored_by_unit
              and c.kind == "criterion"]
    for leaf_index, criterion in enumerate(leaves[: round(len(leaves) * share)]):
        services.self_score_save(
            assessment=assessment, criterion=criterion, actor=actor, points=_points(criterion.max_points, unit_index, leaf_index),
            note="Tài liệu kiểm chứng lưu tại Văn phòng" if criterion.evidence_required else "",
            override_reason="Đơn vị chấm theo kết quả thực tế đã tổng hợp",
        )


def _departments_2025(campaign, steering) -> None:
    admin = _user("admin")
    for unit_index, assessment in enumerate(campaign.assessments.select_related("unit", "campaign__criteria_set").order_by("unit__code")):
        stage = DEPARTMENT_STAGES.get(assessment.unit.code)
        if assessment.unit.code == "92-SXD":
            _score(assessment, unit_index, _user("xaydung.daumoi") or admin, share=0.5)
            continue
        if stage is None:
            if unit_index % 2:
                _score(assessment, unit_index, admin, share=0.3)
            continue
        _score(assessment, unit_index, admin)
        services.assessment_submit(assessment=assessment, actor=admin)
        if stage in (Stage.APPRAISING, Stage.EXPLANATION):
            lowered = assessment.campaign.criteria_set.criteria.get(code="5.2")
            score = Score.objects.get(assessment=assessment, criterion=lowered)
            services.appraisal_save(assessment=assessment, criterion=lowered, actor=steering,
                                    points=max(score.self_points - D(1), D(0)),
                                    comment="Chưa có quyết định đánh giá, xếp loại công chức năm 2025", request_explanation=True)
        if stage == Stage.EXPLANATION:
            services.preliminary_send(assessment=assessment, actor=steering)


def _communes_2025(campaign) -> None:
    focal = _user("trande.daumoi")
    for unit_index, assessment in enumerate(campaign.assessments.select_related("unit").order_by("unit__code")[:3]):
        if assessment.unit.code == "92-XTD" and focal is not None:
            _score(assessment, unit_index, focal, share=0.4)

