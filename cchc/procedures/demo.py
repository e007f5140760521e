"""Demo catalogue and dossiers for the demo city (Thành phố Cần Thơ), 2025–2026.

Thirty procedures across a few fields, named after real TTHC but with invented codes and times
(flagged ``is_demo``), and a few thousand dossiers received by the city's departments and
communes, including the old communes and wards before the 01/7/2025 merger. Each unit has its
own habits (share of late dossiers, online share) so that the dashboard ranks something. The
numbers are random but seeded: a second run finds the catalogue and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cchc.calendar import api as calendar_api
from cchc.calendar.deadlines import DeadlineIndex
from cchc.indicators.services import aggregates_rebuild
from cchc.procedures.choices import BatchSource, ProcedureLevel
from cchc.procedures.models import Procedure
from cchc.procedures.parsing import LOCAL_TZ
from cchc.procedures.publications import procedure_publications_import
from cchc.procedures.services import dossiers_ingest, procedures_import
from cchc.units.models import Unit, UnitKind

FIRST_DAY = dt.date(2025, 1, 2)
LAST_DAY = dt.date(2026, 11, 20)
DOSSIERS_PER_DAY = 9

# code, name, field, level, working days, online level, fee, paper result, department code (province level)
CATALOGUE = [
    ("1.009974", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "Xây dựng", "province", 15, "partial", 75000, True, "SXD"),
    ("1.009975", "Cấp giấy phép sửa chữa, cải tạo công trình", "Xây dựng", "province", 15, "partial", 75000, True, "SXD"),
    ("1.009976", "Cấp chứng chỉ hành nghề hoạt động xây dựng", "Xây dựng", "province", 20, "full", 300000, True, "SXD"),
    ("1.009977", "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng", "Xây dựng", "province", 25, "partial", 0, True, "SXD"),
    ("1.009978", "Cấp giấy phép lái xe quốc tế", "Giao thông", "province", 5, "full", 135000, True, "SXD"),
    ("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "Đăng ký kinh doanh", "province", 3, "full", 50000, False, "STC"),
    ("2.001611", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "Đăng ký kinh doanh", "province", 3, "full", 50000, False, "STC"),
    ("2.001612", "Cấp giấy chứng nhận đăng ký đầu tư", "Đầu tư", "province", 15, "partial", 0, True, "STC"),
    ("1.001002", "Cấp lý lịch tư pháp cho công dân Việt Nam", "Lý lịch tư pháp", "province", 10, "full", 200000, True, "STP"),
    ("1.001003", "Cấp giấy phép hành nghề khám bệnh, chữa bệnh", "Khám bệnh, chữa bệnh", "province", 20, "partial", 360000, True, "SYT"),
    ("1.001004", "Cấp chứng chỉ hành nghề dược", "Dược phẩm", "province", 20, "partial", 500000, True, "SYT"),
    ("1.005090", "Công nhận tốt nghiệp trung học cơ sở", "Giáo dục và Đào tạo", "province", 5, "partial", 0, True, "SGDDT"),
    ("1.004227", "Đăng ký biến động quyền sử dụng đất", "Đất đai", "province", 10, "partial", 0, True, "SNNMT"),
    ("1.004228", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai", "province", 20, "partial", 100000, True, "SNNMT"),
    ("1.004229", "Cấp giấy phép khai thác nước dưới đất", "Tài nguyên nước", "province", 25, "partial", 600000, True, "SNNMT"),
    ("1.002305", "Cấp giấy phép kinh doanh bán lẻ sản phẩm rượu", "Lưu thông hàng hóa", "province", 10, "full", 1200000, True, "SCT"),
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch", "commune", 0, "full", 0, True, ""),
    ("1.001194", "Đăng ký kết hôn", "Hộ tịch", "commune", 0, "partial", 0, True, ""),
    ("1.001195", "Đăng ký khai tử", "Hộ tịch", "commune", 0, "full", 0, True, ""),
    ("1.001196", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", "commune", 0, "full", 8000, True, ""),
    ("1.001197", "Xác nhận tình trạng hôn nhân", "Hộ tịch", "commune", 3, "full", 0, True, ""),
    ("2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", "commune", 0, "none", 2000, True, ""),
    ("2.000816", "Chứng thực chữ ký trong giấy tờ, văn bản", "Chứng thực", "commune", 0, "none", 10000, True, ""),
    ("2.000817", "Chứng thực hợp đồng, giao dịch liên quan đến nhà ở", "Chứng thực", "commune", 2, "none", 50000, True, ""),
    ("1.001776", "Trợ cấp xã hội hằng tháng đối với người cao tuổi", "Bảo trợ xã hội", "commune", 10, "partial", 0, True, ""),
    ("1.001777", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Bảo trợ xã hội", "commune", 3, "partial", 0, True, ""),
    ("1.003596", "Đăng ký hộ kinh doanh", "Đăng ký kinh doanh", "commune", 3, "full", 100000, True, ""),
    ("1.003597", "Cấp giấy phép xây dựng nhà ở riêng lẻ tại nông thôn", "Xây dựng", "commune", 15, "partial", 50000, True, ""),
    ("1.003598", "Hòa giải tranh chấp đất đai", "Đất đai", "commune", 30, "none", 0, True, ""),
    ("1.003599", "Xác nhận hợp đồng tiếp cận nguồn nước", "Tài nguyên nước", "commune", 5, "partial", 0, False, ""),
]


def load(*, created: bool) -> None:
    """Create the demo catalogue and dossiers once (nothing if the catalogue is already there)."""
    city = Unit.objects.filter(code="92", valid_to__isnull=True).first()
    if city is None or Procedure.objects.filter(is_demo=True).exists():
        return
    procedures_import(records=_catalogue_records(), unit=city, actor=None, is_demo=True)
    procedure_publications_import(records=_publication_records(), unit=city, actor=None)
    dossiers_ingest(
        records=enumerate(_dossiers(), start=1), actor=None, unit=city, source=BatchSource.DEMO,
        name="Dữ liệu minh họa 2025–2026", is_demo=True,
    )
    aggregates_rebuild()


def _catalogue_records():
    for line, (code, name, sector, level, days, online, fee, paper, _dept) in enumerate(CATALOGUE, start=2):
        yield line, {
            "code": code, "name": name, "sector": sector, "level": level, "processing_time": str(days),
            "processing_unit": "working_day", "online_level": online, "fee": str(fee), "paper_result": paper,
        }


def _publication_records():
    """One publication decision per procedure: a few published late, made public late or incomplete (QĐ 766 group 1)."""
    for position, row in enumerate(CATALOGUE):
        decided = dt.date(2025, 2, 3) + dt.timedelta(days=7 * position)
        parts = dict.fromkeys(("shows_name", "shows_steps", "shows_methods", "shows_dossier", "shows_time_limit",
                               "shows_applicants"), True)
        yield position + 2, {
            "procedure": row[0], "decision_number": f"{100 + position}/QĐ-UBND", "decision_date": decided,
            "legal_basis_effective_on": decided + dt.timedelta(days=3 if position % 4 == 3 else 15),
            "national_database_published_on": decided + dt.timedelta(days=12 if position % 5 == 4 else 2),
            "posted_at_one_stop": position % 3 != 2, "shows_agency": position % 6 != 5, **parts,
        }


def _receivers() -> list[tuple[str, dt.date, dt.date | None, list[tuple], float, float]]:
    """(unit code, valid from, valid to, procedures, late propensity, online propensity) of every receiving unit."""
    rng = random.Random(92)
    province = [row for row in CATALOGUE if row[3] == ProcedureLevel.PROVINCE]
    commune = [row for row in CATALOGUE if row[3] == ProcedureLevel.COMMUNE]
    receivers = []
    units = Unit.objects.filter(code__startswith="9", kind__in=[UnitKind.DEPARTMENT, UnitKind.COMMUNE, UnitKind.WARD])
    for unit in units.order_by("code", "valid_from"):
        if unit.kind == UnitKind.DEPARTMENT:
            own = [row for row in province if unit.code.endswith("-" + row[8])]
            if not own:
                continue
        else:
            own = commune
        late = rng.choice([0.0, 0.01, 0.02, 0.04, 0.08])
        receivers.append((unit.code, unit.valid_from, unit.valid_to, own, late, rng.uniform(0.25, 0.75)))
    return receivers


def _dossiers():
    rng = random.Random(2025)
    index = DeadlineIndex(calendar_api.current_calendar())
    today = min(timezone.localdate(), LAST_DAY)
    receivers = _receivers()
    day, serial = FIRST_DAY, 0
    while day <= today:
        if index.calendar.is_working_day(day):
            present = [r for r in receivers if r[1] <= day and (r[2] is None or day <= r[2])]
            for _ in range(DOSSIERS_PER_DAY):
                serial += 1
                yield _dossier(rng, index, rng.choice(present), day, serial, today)
        day += dt.timedelta(days=1)


def _dossier(rng, index, receiver, day, serial, today) -> dict:
    code, _from, _to, procedures, late, online = receiver
    procedure = rng.choice(procedures)
    limit = procedure[4]
    received = dt.datetime(day.year, day.month, day.day, rng.randint(7, 16), rng.choice([0, 15, 30, 45]), tzinfo=LOCAL_TZ)
    due = index.add_working_days(day, limit)
    channel = "online" if rng.random() < online else ("postal" if rng.random() < 0.05 else "direct")
    draw = rng.random()
    if draw < late:
        finish = index.add_working_days(due, rng.randint(1, 5))
    elif draw < late + 0.45:
        finish = due
    else:
        finish = index.add_working_days(day, rng.randint(0, max(0, limit - 1)))
    record = {
        "code": f"H92.{code.replace('-', '.')}-{day:%y%m%d}-{serial:04d}",
        "procedure": procedure[0], "unit": code, "received_at": received.isoformat(), "channel": channel,
        "fee_amount": str(procedure[6]), "paid_online": channel == "online" and procedure[6] > 0 and rng.random() < 0.6,
        "components_digitised": rng.random() < 0.7, "electronic_result": rng.random() < 0.55,
        # QĐ 766 4.3–4.5, from the serial so that the random draws (and the demo figures) stay as they were
        "reused_digitised_data": serial % 5 < 2, "shared_data": serial % 10 < 2, "population_data": serial % 2 == 0,
    }
    finished = max(received + dt.timedelta(minutes=30), dt.datetime.combine(finish, dt.time(rng.randint(8, 16)), tzinfo=LOCAL_TZ))
    if rng.random() < 0.01:
        record["status"] = "withdrawn"
        record["finished_at"] = max(received + dt.timedelta(hours=1), finished - dt.timedelta(days=1)).isoformat()
    elif finish <= today:
        record["finished_at"] = finished.isoformat()
        record["status"] = "result_returned"
    if draw < late and rng.random() < 0.6:
        # sent the working day before the appointment, never before the dossier was received (same-day procedures)
        record["apology_issued_on"] = max(day, index.add_working_days(due, -1)).isoformat()
    return record
