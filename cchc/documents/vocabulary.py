"""Words and patterns of Vietnamese reform plans, and the text normalisation used to match them.

Matching is done on "folded" text (``cchc.core.text.fold``): lower case, without diacritics, "đ" as "d",
single spaces.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cchc.core.text import fold

# --------------------------------------------------------------------------- normalisation

_SPACES = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Single spaces, no leading or trailing space."""
    return _SPACES.sub(" ", text).strip()


def _any_of(words) -> str:
    """A regex alternation of the folded ``words``, longest first so that the longest one matches."""
    return "|".join(re.escape(word) for word in sorted({fold(w) for w in words}, key=len, reverse=True))


def join_wrapped(lines: list[str]) -> str:
    """Join lines that were wrapped: a space between, none after a word-final hyphen (``12/TB-`` ``ĐKT``)."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"\S-$", out) or (out.endswith("/") and re.match(r"[A-ZĐ0-9]", line)):
            out += line
        else:
            out += " " + line
    return collapse(out)


def clean_item(text: str) -> str:
    """Collapse spaces and drop trailing punctuation (``.``, ``;``, ``,``, ``:``) of a list item."""
    return collapse(text).rstrip(" .;,:").strip()


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def uppercase_ratio(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if char.isupper()) / len(letters)


def starts_upper(text: str) -> bool:
    stripped = text.lstrip(' -–•+*("“')
    return bool(stripped) and stripped[0].isupper()


# --------------------------------------------------------------------------- reform areas

_AREA_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("par_index", r"chi so (cai cach hanh chinh|cchc|par)"),
        ("emulation", r"thi dua,? khen thuong"),
        ("digital_government", r"chinh (phu|quyen) (dien tu|so)|chuyen doi so"),
        ("institutions", r"cai cach the che"),
        ("procedures", r"cai cach (thu tuc hanh chinh|tthc)|co che mot cua"),
        ("apparatus", r"(cai cach )?to chuc bo may"),
        ("civil_service", r"cai cach (che do )?cong vu"),
        ("public_finance", r"cai cach tai chinh cong"),
        ("direction", r"chi dao,? dieu hanh|tuyen truyen (ve )?(cai cach|cchc)"),
    )
)


def classify_area(title: str) -> str | None:
    """The standard reform-area code a heading names, or None (earliest match wins)."""
    folded = fold(title)[:160]
    best: tuple[int, str] | None = None
    for code, pattern in _AREA_RULES:
        match = pattern.search(folded)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), code)
    return best[1] if best else None


def is_area_title(text: str) -> bool:
    """A short text that is nothing but an area name, as in a table's area cell."""
    stripped = collapse(text)
    if not stripped or len(stripped) > 90 or not stripped[0].isupper():
        return False
    folded = fold(stripped)
    for _code, pattern in _AREA_RULES:
        match = pattern.search(folded)
        if match and folded[: match.start()] in _AREA_TITLE_PREFIXES:
            return True
    return False


_AREA_TITLE_PREFIXES = frozenset(
    {
        "",
        "cong tac ",
        "xay dung va phat trien ",
        "xay dung, phat trien ",
        "xay dung ",
        "thuc hien ",
        "xac dinh ",
        "day manh ",
        "cai cach ",
        "tang cuong ",
    }
)


# --------------------------------------------------------------------------- units

UNIT_HEADS = (
    "văn phòng",
    "vp",
    "các phòng",
    "phòng",
    "các đơn vị",
    "đơn vị",
    "thanh tra",
    "bộ phận",
    "các sở",
    "sở",
    "ubnd",
    "ủy ban",
    "uỷ ban",
    "hđnd",
    "các ban",
    "ban",
    "trung tâm",
    "chi cục",
    "cục",
    "công an",
    "lãnh đạo",
    "giám đốc",
    "chủ tịch",
    "hội đồng",
    "các cơ quan",
    "cơ quan",
    "công chức",
    "cán bộ",
    "kế toán",
    "tư pháp",
    "đảng ủy",
    "mặt trận",
    "mttq",
    "đoàn",
    "hội",
    "trường",
    "bộ",
    "kho bạc",
    "chi nhánh",
    "bảo hiểm",
    "tổ công tác",
    "ttr",
    "các tổ chức",
    "tổ",
)
_UNIT_HEAD_RE = re.compile(rf"^(?:{_any_of(UNIT_HEADS)})(?:$|[ ,;])")
_NOT_UNIT = re.compile(
    r"^(to chuc|bo sung|hoi nghi|doan ket|cuc bo|truong hop|van ban|phong chong|ban hanh)\b"
)


@lru_cache(maxsize=65536)
def starts_with_unit(text: str) -> bool:
    """True when the text begins with a capitalised unit word (Văn phòng, Sở, Các phòng, UBND…)."""
    stripped = text.strip()
    if not stripped or not stripped[0].isupper():
        return False
    folded = fold(stripped[:60])
    return not _NOT_UNIT.match(folded) and bool(_UNIT_HEAD_RE.match(folded))


# --------------------------------------------------------------------------- products

PRODUCT_WORDS = (
    "kế hoạch",
    "báo cáo",
    "tờ trình",
    "quyết định",
    "hội nghị",
    "văn bản",
    "thông báo",
    "quy chế",
    "quy định",
    "hướng dẫn",
    "công văn",
    "đề án",
    "chương trình",
    "kiểm tra",
    "tài liệu",
    "quy trình",
    "đánh giá",
    "danh mục",
    "biên bản",
    "kết quả",
    "khen thưởng",
    "tập huấn",
    "số liệu",
    "phần mềm",
    "cơ sở dữ liệu",
    "hệ thống",
    "bộ thủ tục",
    "tọa đàm",
    "hồ sơ",
    "dự thảo",
    "nghị quyết",
    "chỉ thị",
    "bài viết",
    "tin bài",
    "sản phẩm",
    "phiếu",
)
_PRODUCT_RE = re.compile(rf"^(?:cac )?(?:{_any_of(PRODUCT_WORDS)})(?:$|[ ,;.])")


@lru_cache(maxsize=65536)
def starts_with_product(text: str) -> bool:
    return bool(_PRODUCT_RE.match(fold(text.strip()[:60])))


# --------------------------------------------------------------------------- timeframes

_TIMEFRAME_TOKEN = re.compile(
    r"""
    (trong\ |ca\ )?nam\ \d{4}(\ ?-\ ?\d{4})?(\ va\ cac\ nam\ tiep\ theo)?
    | (dinh\ ky\ )?hang\ (thang|quy|nam|tuan)
    | dinh\ ky | thuong\ xuyen | lien\ tuc | dot\ xuat | dau\ nam | cuoi\ nam | giua\ nam
    | (cac\ )?quy\ ([ivx]+|\d)(\ ?(,|va)\ ?([ivx]+|\d))*(/\d{4})?
    | thang\ \d{1,2}(\ ?(,|va|-)\ ?\d{1,2})*(/\d{4})?
    | \d+\ thang(\ dau\ nam|\ cuoi\ nam)?
    | (truoc|sau|tu|den|trong|cham\ nhat|han|hoan\ thanh\ truoc)\ (ngay\ )?\d{1,2}/\d{1,2}(/\d{4})?
    | (truoc|sau|tu|den)\ (thang|quy|nam)\ [\divx/]+
    | ngay\ \d{1,2}/\d{1,2}(/\d{4})?
    | \d{1,2}/\d{1,2}/\d{4} | \d{1,2}/\d{4}
    | theo\ (dung\ )?(quy\ dinh|yeu\ cau|ke\ hoach|lo\ trinh|huong\ dan|chi\ dao|tien\ do)
    | khi\ co\ (yeu\ cau|chi\ dao|van\ ban|huong\ dan)
    | yeu\ cau | quy\ dinh | ke\ hoach | lo\ trinh
    | (ca\ )?nam | quy | thang
    """,
    re.VERBOSE,
)
_TIMEFRAME_GLUE = re.compile(r"(\s|-|–|,|;|\.|:|/|\(|\)|\bva\b|\bhoac\b|\bcua\b)+")
_TIMEFRAME_START = re.compile(
    r"^(-\s*)?(nam \d{4}|hang |dinh ky|thuong xuyen|lien tuc|dot xuat|quy |thang |\d+ thang|truoc |"
    r"sau |tu ngay|den ngay|trong nam|trong thang|theo quy dinh|theo yeu cau|theo ke hoach|theo lo trinh|"
    r"theo dung|theo huong dan|theo chi dao|theo tien do|ngay \d|\d{1,2}/\d|ca nam|khi co|cham nhat|han )"
)


@lru_cache(maxsize=65536)
def timeframe_leftover(text: str) -> int:
    """How many words of ``text`` are not timeframe vocabulary (0 means it is a clean timeframe)."""
    folded = fold(text)
    rest = _TIMEFRAME_TOKEN.sub(" ", folded)
    rest = _TIMEFRAME_GLUE.sub(" ", rest).strip()
    return len(rest.split()) if rest else 0


@lru_cache(maxsize=65536)
def starts_with_timeframe(text: str) -> bool:
    return bool(_TIMEFRAME_START.match(fold(text)))


# --------------------------------------------------------------------------- budget

_BUDGET_START = re.compile(
    r"^(kinh phi|nguon|ngan sach|nsnn|chi thuong xuyen|du toan|khong|trong du toan|von|tu nguon|xa hoi hoa)"
)


@lru_cache(maxsize=65536)
def starts_with_budget(text: str) -> bool:
    return bool(_BUDGET_START.match(fold(text.strip()[:40])))


# --------------------------------------------------------------------------- markers

ROMAN_NUMERALS = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
)
_ROMAN_SET = frozenset(ROMAN_NUMERALS)


def is_roman(token: str) -> bool:
    return token in _ROMAN_SET
