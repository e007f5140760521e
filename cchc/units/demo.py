"""The demo province: Thành phố Cần Thơ after the 01/7/2025 reorganisation.

Facts (see shared/reference/reform_2025.md): Sóc Trăng and Hậu Giang were merged into Thành
phố Cần Thơ from 01/7/2025 (Nghị quyết 202/2025/QH15); the district level, huyện Trần Đề
included, was abolished the same day; the city's communes were rearranged by Nghị quyết
1668/NQ-UBTVQH15. Which old communes formed which new one, the department successions and
every division, person and code below are invented for the demonstration and flagged
``is_demo``; the names of the seed units (Sở Tài chính tỉnh Hậu Giang, Thanh tra tỉnh Sóc
Trăng, huyện Trần Đề) are the real issuers of seeds 000, 001 and 004.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from cchc.units.models import Unit, UnitKind
from cchc.units.roles import Role
from cchc.units.services import membership_create, unit_create, unit_merge

MERGER = dt.date(2025, 7, 1)
CITY_SINCE = dt.date(2004, 1, 1)
PROVINCE_DECISION = "Nghị quyết 202/2025/QH15"
COMMUNE_DECISION = "Nghị quyết 1668/NQ-UBTVQH15"
DEPARTMENT_DECISION = "Quyết định sắp xếp cơ quan chuyên môn (minh họa)"
DEMO_PASSWORD = "cchc-demo-2025"
CITY_CODE = "92"

DEPARTMENTS = [
    # code, name, short name, kind, divisions
    ("SNV", "Sở Nội vụ", "SNV", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Cải cách hành chính", "Phòng Tổ chức, biên chế", "Phòng Công chức, viên chức"]),
    ("VP", "Văn phòng Ủy ban nhân dân thành phố", "VP UBND", UnitKind.STEERING_OFFICE, ["Phòng Kiểm soát thủ tục hành chính", "Trung tâm Phục vụ hành chính công", "Phòng Tổng hợp"]),
    ("STC", "Sở Tài chính", "STC", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Quản lý ngân sách", "Phòng Tài chính doanh nghiệp", "Phòng Đăng ký kinh doanh"]),
    ("TTR", "Thanh tra thành phố", "TTTP", UnitKind.INSPECTORATE, ["Văn phòng", "Phòng Tiếp công dân và xử lý đơn thư", "Phòng Phòng, chống tham nhũng"]),
    ("SXD", "Sở Xây dựng", "SXD", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Quản lý hoạt động xây dựng", "Phòng Quy hoạch - Kiến trúc", "Phòng Quản lý giao thông"]),
    ("STP", "Sở Tư pháp", "STP", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Xây dựng và kiểm tra văn bản", "Phòng Hành chính tư pháp"]),
    ("SYT", "Sở Y tế", "SYT", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược"]),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "SGDĐT", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Giáo dục phổ thông", "Phòng Tổ chức cán bộ"]),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "SNN&MT", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Đất đai", "Phòng Trồng trọt và Bảo vệ thực vật"]),
    ("SKHCN", "Sở Khoa học và Công nghệ", "SKH&CN", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Chuyển đổi số", "Phòng Quản lý khoa học"]),
    ("SCT", "Sở Công Thương", "SCT", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Quản lý thương mại", "Phòng Quản lý năng lượng"]),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Quản lý văn hóa", "Phòng Quản lý du lịch"]),
]

# New communes and wards from 01/7/2025 with the old units they were formed from (demo compositions).
TRAN_DE_COMMUNES = [
    ("TD01", "Thị trấn Trần Đề"), ("TD02", "Xã Đại Ân 2"), ("TD03", "Xã Trung Bình"), ("TD04", "Thị trấn Lịch Hội Thượng"),
    ("TD05", "Xã Lịch Hội Thượng"), ("TD06", "Xã Liêu Tú"), ("TD07", "Xã Viên Bình"), ("TD08", "Xã Tài Văn"),
    ("TD09", "Xã Viên An"), ("TD10", "Xã Thạnh Thới An"), ("TD11", "Xã Thạnh Thới Thuận"),
]
NEW_COMMUNES = [
    # code, name, kind, old units (codes) merged into it
    ("XTD", "Xã Trần Đề", UnitKind.COMMUNE, ["TD01", "TD02", "TD03"]),
    ("XLHT", "Xã Lịch Hội Thượng", UnitKind.COMMUNE, ["TD04", "TD05"]),
    ("XLT", "Xã Liêu Tú", UnitKind.COMMUNE, ["TD06", "TD07"]),
    ("XTV", "Xã Tài Văn", UnitKind.COMMUNE, ["TD08", "TD09", "TD10", "TD11"]),
    ("PNK", "Phường Ninh Kiều", UnitKind.WARD, ["NK01", "NK02", "NK03"]),
    ("PCK", "Phường Cái Khế", UnitKind.WARD, ["NK04", "NK05"]),
    ("PVT", "Phường Vị Thanh", UnitKind.WARD, ["HG01", "HG02"]),
    ("PTA", "Phường Tân An", UnitKind.WARD, []),
    ("PAB", "Phường An Bình", UnitKind.WARD, []),
    ("PBT", "Phường Bình Thủy", UnitKind.WARD, []),
    ("PCR", "Phường Cái Răng", UnitKind.WARD, []),
    ("PHP", "Phường Hưng Phú", UnitKind.WARD, []),
    ("POM", "Phường Ô Môn", UnitKind.WARD, []),
    ("PTN", "Phường Thốt Nốt", UnitKind.WARD, []),
    ("XPD", "Xã Phong Điền", UnitKind.COMMUNE, []),
    ("XTL", "Xã Thới Lai", UnitKind.COMMUNE, []),
    ("XCD", "Xã Cờ Đỏ", UnitKind.COMMUNE, []),
    ("XVTH", "Xã Vĩnh Thạnh", UnitKind.COMMUNE, []),
    ("PNB", "Phường Ngã Bảy", UnitKind.WARD, []),
    ("PST", "Phường Sóc Trăng", UnitKind.WARD, []),
    ("XCLD", "Xã Cù Lao Dung", UnitKind.COMMUNE, []),
    ("XKS", "Xã Kế Sách", UnitKind.COMMUNE, []),
    ("PVC", "Phường Vĩnh Châu", UnitKind.WARD, []),
    ("XLM", "Xã Long Mỹ", UnitKind.COMMUNE, []),
]
OLD_CITY_WARDS = [("NK01", "Phường Tân An (cũ)"), ("NK02", "Phường Thới Bình"), ("NK03", "Phường Xuân Khánh"),
                  ("NK04", "Phường Cái Khế (cũ)"), ("NK05", "Phường An Hòa")]
OLD_HAU_GIANG_WARDS = [("HG01", "Phường I, thành phố Vị Thanh"), ("HG02", "Phường III, thành phố Vị Thanh")]
COMMUNE_DIVISIONS = ["Văn phòng HĐND và UBND", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội"]

DEMO_USERS = [
    # username, full name, role, unit code, title
    ("admin", "Quản trị hệ thống", Role.ADMIN, CITY_CODE, "Quản trị hệ thống"),
    ("noivu.theodoi", "Nguyễn Thị Thu Hà", Role.STEERING_OFFICER, CITY_CODE, "Chuyên viên Phòng CCHC, Sở Nội vụ"),
    ("xaydung.giamdoc", "Trần Văn Bình", Role.HEAD, "92-SXD", "Giám đốc Sở Xây dựng"),
    ("xaydung.daumoi", "Lê Thị Mai", Role.FOCAL_OFFICER, "92-SXD", "Công chức đầu mối CCHC"),
    ("xaydung.phong", "Phạm Minh Tuấn", Role.DIVISION_STAFF, "92-SXD-2", "Chuyên viên Phòng Quản lý hoạt động xây dựng"),
    ("trande.daumoi", "Huỳnh Văn Lộc", Role.FOCAL_OFFICER, "92-XTD", "Công chức Văn phòng HĐND và UBND xã"),
    ("xem", "Người xem", Role.VIEWER, CITY_CODE, "Người xem"),
]


@dataclass
class DemoResult:
    created: bool
    units: int
    seconds: float = 0.0


def _unit(code, name, kind, parent, valid_from=CITY_SINCE, short_name=""):
    return unit_create(name=name, code=code, kind=kind, parent=parent, valid_from=valid_from, short_name=short_name, is_demo=True)


def _divisions(parent: Unit, names: list[str], count: int, valid_from: dt.date) -> None:
    for index in range(count):
        name = names[index] if index < len(names) else f"Phòng chuyên môn {index + 1}"
        _unit(f"{parent.code}-{index + 1}", name, UnitKind.DIVISION, parent, valid_from)


@transaction.atomic
def load_demo(*, communes: int = 24, departments: int = 12, divisions: int = 3) -> DemoResult:
    """Create the demo city once; a second call finds it and changes nothing."""
    if Unit.objects.filter(code=CITY_CODE).exists():
        return DemoResult(created=False, units=Unit.objects.count())
    city = _unit(CITY_CODE, "Thành phố Cần Thơ", UnitKind.CENTRAL_CITY, None, short_name="TP Cần Thơ")
    soc_trang = _unit("94", "Tỉnh Sóc Trăng", UnitKind.PROVINCE, None, dt.date(1992, 4, 1), "Sóc Trăng")
    hau_giang = _unit("93", "Tỉnh Hậu Giang", UnitKind.PROVINCE, None, CITY_SINCE, "Hậu Giang")

    # Departments of the city, with their divisions.
    by_code: dict[str, Unit] = {}
    specs = list(DEPARTMENTS[:departments])
    specs += [(f"S{i:02d}", f"Sở minh họa {i:02d}", f"S{i:02d}", UnitKind.DEPARTMENT, []) for i in range(len(specs) + 1, departments + 1)]
    for code, name, short, kind, division_names in specs:
        unit = _unit(f"{CITY_CODE}-{code}", name, kind, city, short_name=short)
        by_code[unit.code] = unit
        _divisions(unit, division_names, divisions, CITY_SINCE)

    # The old provinces' bodies, closed on 30/6/2025 and merged into the city's.
    old_bodies = [
        (hau_giang, "93-STC", "Sở Tài chính tỉnh Hậu Giang", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Quản lý ngân sách", "Phòng Tài chính doanh nghiệp"], "92-STC"),
        (hau_giang, "93-SNV", "Sở Nội vụ tỉnh Hậu Giang", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Cải cách hành chính"], "92-SNV"),
        (soc_trang, "94-TTR", "Thanh tra tỉnh Sóc Trăng", UnitKind.INSPECTORATE, ["Văn phòng", "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2"], "92-TTR"),
        (soc_trang, "94-SNV", "Sở Nội vụ tỉnh Sóc Trăng", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Cải cách hành chính"], "92-SNV"),
        (soc_trang, "94-SXD", "Sở Xây dựng tỉnh Sóc Trăng", UnitKind.DEPARTMENT, ["Văn phòng Sở", "Phòng Quản lý xây dựng"], "92-SXD"),
    ]
    for province, code, name, kind, division_names, successor_code in old_bodies:
        body = _unit(code, name, kind, province)
        _divisions(body, division_names, len(division_names), CITY_SINCE)
        successor = by_code.get(successor_code)
        if successor is None:  # fewer departments asked for: the body goes to the city itself
            successor = city
        unit_merge(sources=list(body.children.all()), into=successor, effective=MERGER, decision=DEPARTMENT_DECISION)
        unit_merge(sources=[body], into=successor, effective=MERGER, decision=DEPARTMENT_DECISION)

    # Huyện Trần Đề and the old wards, closed on 30/6/2025.
    tran_de = _unit("94-TD", "Huyện Trần Đề", UnitKind.DISTRICT, soc_trang, short_name="Trần Đề")
    _unit("94-TD-NV", "Phòng Nội vụ huyện Trần Đề", UnitKind.DIVISION, tran_de)
    _unit("94-TD-VP", "Văn phòng HĐND và UBND huyện Trần Đề", UnitKind.DIVISION, tran_de)
    old: dict[str, Unit] = {}
    for code, name in TRAN_DE_COMMUNES:
        old[code] = _unit(f"94-{code}", name, UnitKind.COMMUNE, tran_de)
    ninh_kieu = _unit("92-QNK", "Quận Ninh Kiều", UnitKind.DISTRICT, city, short_name="Ninh Kiều")
    for code, name in OLD_CITY_WARDS:
        old[code] = _unit(f"92-{code}", name, UnitKind.WARD, ninh_kieu)
    vi_thanh = _unit("93-VT", "Thành phố Vị Thanh", UnitKind.DISTRICT, hau_giang, short_name="Vị Thanh")
    for code, name in OLD_HAU_GIANG_WARDS:
        old[code] = _unit(f"93-{code}", name, UnitKind.WARD, vi_thanh)

    # The new communes and wards from 01/7/2025.
    commune_specs = list(NEW_COMMUNES[:communes])
    commune_specs += [(f"X{i:03d}", f"Xã minh họa {i:03d}", UnitKind.COMMUNE, []) for i in range(len(commune_specs) + 1, communes + 1)]
    for code, name, kind, sources in commune_specs:
        sources = [old[s] for s in sources]
        if sources:
            change = unit_merge(
                sources=sources,
                new_unit={"name": name, "code": f"{CITY_CODE}-{code}", "kind": kind, "parent": city, "is_demo": True},
                effective=MERGER,
                decision=COMMUNE_DECISION,
            )
            unit = change.successors.get()
        else:
            unit = _unit(f"{CITY_CODE}-{code}", name, kind, city, MERGER)
        _divisions(unit, COMMUNE_DIVISIONS, min(divisions, len(COMMUNE_DIVISIONS)), MERGER)
    leftovers = [u for u in old.values() if u.valid_to is None]
    if leftovers:  # fewer communes asked for than the demo compositions name
        unit_merge(sources=leftovers, into=city, effective=MERGER, decision=COMMUNE_DECISION)

    # District bodies go to the city's communes; districts and old provinces close.
    tran_de_successor = Unit.objects.filter(code=f"{CITY_CODE}-XTD").first() or city
    unit_merge(sources=list(tran_de.children.filter(valid_to__isnull=True)), into=tran_de_successor, effective=MERGER,
               decision=COMMUNE_DECISION)
    for district in (tran_de, ninh_kieu, vi_thanh):
        unit_merge(sources=[district], into=city, effective=MERGER, decision=PROVINCE_DECISION)
    for province in (soc_trang, hau_giang):
        unit_merge(sources=[province], into=city, effective=MERGER, decision=PROVINCE_DECISION)

    _users()
    return DemoResult(created=True, units=Unit.objects.count())


def _users() -> None:
    User = get_user_model()
    for username, full_name, role, unit_code, title in DEMO_USERS:
        unit = Unit.objects.filter(code=unit_code, valid_to__isnull=True).first()
        if unit is None:
            continue
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD, full_name=full_name)
        if role == Role.ADMIN:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        valid_from = max(unit.valid_from, dt.date(2024, 1, 1))
        membership_create(user=user, unit=unit, role=role, valid_from=valid_from, title=title)


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role label, unit) for each demo login, to print after loading."""
    rows = []
    for username, _full_name, role, unit_code, title in DEMO_USERS:
        unit = Unit.objects.filter(code=unit_code, valid_to__isnull=True).first()
        rows.append((username, str(Role(role).label), f"{title} — {unit.name if unit else unit_code}"))
    return rows
