"""The plan's identity: number, issuer, title, year, date and place, legal bases and signer."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from cchc.core.text import fold
from cchc.documents.structure import Item
from cchc.documents.vocabulary import clean_item, collapse, uppercase_ratio

# --------------------------------------------------------------------------- number, place and date

_NUMBER = re.compile(r"\bSố\s*:?\s*([0-9]*)\s*/\s*([A-ZĐ][\wĐđ]*(?:[-–][\wĐđ]+)*)")
_PLACE_DATE = re.compile(
    r"([A-ZĐ][^\d,;:]{1,40}?),\s*ngày\s*(\d{1,2})?[\s.…]*tháng\s*(\d{1,2})?[\s.…]*năm\s*(\d{4})"
)


@dataclass
class Header:
    number: str | None = None
    number_symbol: str | None = None
    place: str | None = None
    issued_on: datetime.date | None = None
    date_incomplete: bool = False
    units: tuple[str, ...] = ()


def split_columns(text: str) -> list[str]:
    """A line laid out in columns by runs of spaces ("UBND TỈNH…     CỘNG HÒA…")."""
    return [part.strip() for part in re.split(r"\s{3,}", text.strip()) if part.strip()]


def read_header(lines: list[str]) -> Header:
    header = Header()
    units: list[str] = []
    for text in lines:
        match = _NUMBER.search(text)
        if match and header.number_symbol is None:
            digits, symbol = match.group(1), match.group(2)
            header.number_symbol = symbol
            header.number = f"{digits}/{symbol}" if digits else None
        match = _PLACE_DATE.search(_NUMBER.sub("   ", text))
        if match and header.place is None:
            header.place = _place(match.group(1))
            day, month, year = match.group(2), match.group(3), match.group(4)
            header.issued_on = _date(day, month, year)
            header.date_incomplete = header.issued_on is None
        for column in split_columns(text):
            if _is_header_unit(column):
                units.append(column)
    header.units = tuple(units)
    return header


def _place(text: str) -> str:
    text = collapse(text)
    text = re.sub(r"^.*?/[A-ZĐ\-]+\s+", "", text)  # "…/KH-SXD Nam Định" → "Nam Định"
    return text


def _date(day: str | None, month: str | None, year: str | None) -> datetime.date | None:
    if not (day and month and year):
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


_MOTTO = ("cong hoa xa hoi", "doc lap", "so:", "so ")


def _is_header_unit(column: str) -> bool:
    folded = fold(column)
    return uppercase_ratio(column) >= 0.8 and not folded.startswith(_MOTTO) and len(column) <= 80


# --------------------------------------------------------------------------- title and year

_YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)
_LEGAL_START = re.compile(
    r"^(căn cứ|thực hiện\s+(kế hoạch|quyết định|nghị quyết|chương trình|công văn|chỉ thị)|để\s)",
    re.IGNORECASE,
)


def find_title(items: list[Item]) -> tuple[str | None, int | None]:
    """The line after "KẾ HOẠCH" (plus a continuation line when the year has not appeared yet).

    Returns the title and the index of its last item.
    """
    for index, item in enumerate(items):
        folded = fold(item.text).strip(" *")
        if (
            folded.startswith("ke hoach ")
            and uppercase_ratio(item.text[:8]) >= 0.8
            and _YEAR.search(item.text)
        ):
            return clean_item(
                item.text.strip(" *")[len("KẾ HOẠCH") :]
            ), index  # "KẾ HOẠCH CẢI CÁCH … NĂM 2024"
        if folded != "ke hoach":
            continue
        parts: list[str] = []
        for following in items[index + 1 : index + 4]:
            text = collapse(following.text)
            if not text or _LEGAL_START.match(text) or following.marker_kind == "roman":
                break
            if parts and (len(text) > 90 or _YEAR.search(parts[-1])):
                break
            parts.append(text)
            if _YEAR.search(text):
                break
        if parts:
            return clean_item(" ".join(parts)), index + len(parts)
    return None, None


def find_year(title: str | None, preamble: str) -> int | None:
    for text in (title or "", preamble):
        match = _YEAR.search(text)
        if match:
            return int(match.group(1))
    return None


# --------------------------------------------------------------------------- issuer

_ISSUER = re.compile(
    r"(?:^|[.;,:]\s+)((?:Sở|Thanh tra|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Phòng|Ban|Văn phòng|Trung tâm|Cục|"
    r"Chi cục|Bộ|Đài|Trường|Bệnh viện|Công an|Kho bạc|Ngân hàng)\b[^.;,:]{0,80}?)\s+"
    r"(?:ban hành|xây dựng|triển khai)\s+kế hoạch",
    re.IGNORECASE | re.MULTILINE,
)


def find_issuer(preamble_text: str, header_units: tuple[str, ...]) -> tuple[str | None, bool]:
    """(issuer, certain). From the sentence "<unit> ban hành/xây dựng kế hoạch…", else the header."""
    for match in _ISSUER.finditer(preamble_text):
        name = match.group(1)
        if not name[:1].isupper():
            continue
        name = re.sub(r"\s*\([^)]*\)", "", name)
        return collapse(name), True
    if header_units:
        return _sentence_case(header_units[-1]), False
    return None, False


def _sentence_case(text: str) -> str:
    lower = collapse(text).lower()
    for abbreviation in ("ubnd", "hđnd"):
        lower = re.sub(rf"\b{abbreviation}\b", abbreviation.upper(), lower)
    return lower[:1].upper() + lower[1:]


# --------------------------------------------------------------------------- legal bases

LEGAL_KINDS = {
    "nghị quyết": "resolution",
    "kế hoạch": "plan",
    "quyết định": "decision",
    "chương trình": "programme",
    "thông tư": "circular",
    "nghị định": "decree",
    "chỉ thị": "directive",
    "công văn": "official_letter",
    "hướng dẫn": "guidance",
    "luật": "law",
    "thông báo": "notice",
    "đề án": "scheme",
    "kết luận": "conclusion",
}
_CITATION = re.compile(
    r"\b(Nghị quyết|Kế hoạch|Quyết định|Chương trình|Thông tư|Nghị định|Chỉ thị|Công văn|Hướng dẫn|Luật|"
    r"Thông báo|Đề án|Kết luận)\s+(?:số\s*:?\s*)?(\d{1,5}[-/][\wĐđ]*(?:[-/][\wĐđ]+)*)",
    re.IGNORECASE,
)
_CITATION_DATE = re.compile(
    r"^\s*,?\s*ngày\s+(\d{1,2})\s*(?:/|-|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|-|\s+năm\s+)\s*(\d{4})",
    re.IGNORECASE,
)
_CITATION_ISSUER = re.compile(
    r"^\s*,?\s*của\s+(.+?)(?=\s+(?:về|ban hành|quy định|hướng dẫn|phê duyệt)\b|[,;.(]|$)"
)
_CITATION_TITLE = re.compile(r"^\s*,?\s*(?:về\s+(?:việc\s+)?)?(.*)$")


@dataclass
class LegalBasis:
    kind: str
    number: str
    date: datetime.date | None
    issuer: str | None
    title: str | None
    text: str


def find_legal_bases(text: str) -> list[LegalBasis]:
    """Documents cited with a number ("Kế hoạch số 218/KH-UBND ngày 19/12/2023 của UBND tỉnh về …")."""
    matches = [match for match in _CITATION.finditer(text) if re.search(r"[A-ZĐ]", match.group(2))]
    bases: list[LegalBasis] = []
    for position, match in enumerate(matches):
        end = matches[position + 1].start() if position + 1 < len(matches) else len(text)
        segment_end = _segment_end(text, match.end(), end)
        rest = text[match.end() : segment_end]
        date = None
        date_match = _CITATION_DATE.match(rest)
        if date_match:
            date = _date(date_match.group(1), date_match.group(2), date_match.group(3))
            rest = rest[date_match.end() :]
        issuer = None
        issuer_match = _CITATION_ISSUER.match(rest)
        if issuer_match:
            issuer = collapse(issuer_match.group(1))
            rest = rest[issuer_match.end() :]
        title_match = _CITATION_TITLE.match(rest)
        title = clean_item(title_match.group(1)) if title_match else ""
        bases.append(
            LegalBasis(
                kind=LEGAL_KINDS[match.group(1).lower()],
                number=match.group(2).rstrip(".,;"),
                date=date,
                issuer=issuer,
                title=title or None,
                text=clean_item(text[match.start() : segment_end]),
            )
        )
    return bases


def _segment_end(text: str, start: int, limit: int) -> int:
    """A citation runs to the next ";" or sentence end, or to the next citation."""
    for match in re.finditer(r";|\n|\.\s+(?=[A-ZĐ])|\.$", text[start:limit]):
        return start + match.start()
    return limit


# --------------------------------------------------------------------------- signer

_POSITION_WORDS = ("GIÁM ĐỐC", "CHỦ TỊCH", "CHÁNH", "TRƯỞNG", "BÍ THƯ", "TỔNG", "PHÓ", "THỦ TRƯỞNG")
_ON_BEHALF = re.compile(r"^(KT|TM|TL|TUQ|Q)\.?\s", re.IGNORECASE)
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_LOWER = "a-zđàáảãạâầấẩẫậăằắẳẵặèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_NAME = re.compile(rf"^[{_UPPER}][{_LOWER}]+(?:\s[{_UPPER}][{_LOWER}]*){{1,5}}$")


@dataclass
class Signer:
    name: str | None
    title: str | None


def find_signer(lines: list[str]) -> Signer:
    """The signature block at the end: the position ("PHÓ GIÁM ĐỐC") and the name under it."""
    columns: list[str] = []
    for text in _signature_window(lines):
        columns.extend(split_columns(text))
    name: str | None = None
    title: str | None = None
    name_index = None
    for index in range(len(columns) - 1, -1, -1):
        candidate = _name_in(collapse(columns[index]))
        if candidate:
            name, name_index = candidate, index
            break
    search_end = name_index if name_index is not None else len(columns)
    for index in range(search_end - 1, -1, -1):
        column = collapse(columns[index].replace("*", ""))
        if _is_position(column):
            title = _ON_BEHALF.sub("", _without_recipients(column)).strip()
            break
        if name_index is not None and search_end - index > 6:
            break
    if title is None:
        name = None
    return Signer(name=name, title=title)


def _signature_window(lines: list[str]) -> list[str]:
    """The lines from the last "Nơi nhận" (recipients, printed beside the signature), else the last 60."""
    for index in range(len(lines) - 1, -1, -1):
        if "noi nhan" in fold(lines[index][:80]):
            return lines[index : index + 40]
    return lines[-60:]


def _name_in(text: str) -> str | None:
    """A person's name, alone or at the end of a recipients line ("- Lưu: VT. Vũ Văn Hưng")."""
    for candidate in (text, re.split(r"[;:)]|\.\s", text)[-1].strip()):
        if _NAME.match(candidate) and not fold(candidate).startswith(("noi nhan", "luu")):
            return candidate
    return None


def _without_recipients(text: str) -> str:
    return re.sub(r"^nơi nhận\s*:?\s*", "", text, flags=re.IGNORECASE)


def _is_position(text: str) -> bool:
    text = _without_recipients(text)
    return uppercase_ratio(text) >= 0.9 and any(word in text for word in _POSITION_WORDS) and len(text) <= 60
