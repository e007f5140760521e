"""Reading a PAR INDEX criteria set from the Excel file a province distributes.

``parse(file)`` reads the first sheet of an XLSX file (a path or a binary file object) through
``cchc.core.spreadsheets`` (zip bombs, too many rows, columns or merged ranges refused before reading)
and returns the set as a plain tree::

    {"title": str, "total_points": Decimal,
     "nodes": [{"code", "title", "max_points", "parent", "method", "evidence_required", "guidance",
                "options": [{"label", "points"}]}],
     "bonus": [{"code", "title", "max_points"}], "penalty": [{"code", "title", "max_points"}]}

``nodes`` are in the order of the file, each after its parent; ``parent`` is the parent's code (``None``
for an area). ``method`` is ``appraisal``, ``survey`` or ``both``. Bonus and penalty items sit outside the
tree; a penalty's ``max_points`` is the most it takes off, written as a positive number.

What the reader understands:

* a title block above the header: the title is its first line naming a criteria set ("Bộ tiêu chí…",
  "…Chỉ số…") with the lines that follow it, or its first line that is not a heading such as
  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UBND TỈNH…" or "(Kèm theo Quyết định…)";
* a header of one row, or two rows whose merged cells name groups of columns ("Thang điểm" over
  "Điểm chuẩn" and "Hướng dẫn chấm"); column names are compared without case and diacritics;
  a row numbering the columns ("(1)", "(2)", …) under the header is skipped;
* areas written "I.", "1." or "Lĩnh vực 1" (stored as "1"); codes in their own column or at the start of
  the title ("1.1. Kế hoạch CCHC…", "1.1.2 …"), a code at the start of the title winning over the column;
  under areas written "I." or "Lĩnh vực 1", criteria numbered "1.", "2." and their sub-criteria "1.1"
  count within their area, and "a)", "b)" are sub-criteria 1, 2 of the criterion above. A code typed as a
  number loses its trailing zeros in Excel (1.10 is kept as 1.1): such codes must be written as text;
* points in the column named like "Điểm tối đa", "Điểm chuẩn" or "Thang điểm", as numbers or text with a
  decimal comma ("1,5"), "điểm" after the number allowed; columns of self-assessed or appraised points
  ("Điểm tự chấm", "Điểm thẩm định") are ignored;
* scoring options as lines "- Ban hành trước 31/12: 1 điểm" (a dash or the word "điểm" required; several
  separated by ";" on one line) in the title or guidance cell, or as rows without a code under a criterion,
  their points in the points column; other text rows under a criterion add to its guidance;
* the method from a column "Phương pháp đánh giá" (text) or from two columns "Thẩm định" / "Điều tra XHH"
  marked with x; without either, "điều tra XHH", "điều tra xã hội học", "ĐTXHH" or "khảo sát" in a title or
  guidance mark a survey criterion. A criterion with no method of its own takes its nearest ancestor's, else
  ``appraisal``; an area or criterion with no method of its own and with children takes theirs (``both``
  when they differ);
* evidence required from a column "Tài liệu kiểm chứng" marked "x" / "có" (any other text also marks
  it, and is kept in the guidance); without the column nothing requires evidence;
* a row "Tổng cộng" / "Tổng điểm", checked against the areas' sum; sections "Điểm thưởng" / "Điểm cộng"
  and "Điểm trừ" / "Điểm phạt" whose rows are bonus and penalty items, coded "T1", "T2"… and "P1"… unless
  the file codes them (a plain number n becomes "Tn" / "Pn").

Every problem is collected and raised at the end as ``CriteriaImportError``, whose ``errors`` are
Vietnamese messages naming the row (and the criterion): children whose points do not add up to their
parent's, a code used twice, a number that does not parse ("1,5,0"), missing points, an option above its
criterion's points, nothing recognisable. ``to_json`` turns the numbers into JSON numbers: an int when
whole, else a float (points have at most a few decimals, which a float prints exactly: 1.5, 0.25).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import pgettext

from cchc.core import spreadsheets
from cchc.core.text import fold
from cchc.parindex.criteria_cells import (
    APPRAISAL,
    APPRAISAL_MARK,
    BOTH,
    CODE,
    EVIDENCE,
    GUIDANCE,
    METHOD,
    POINTS,
    SURVEY,
    SURVEY_MARK,
    SURVEY_WORDS,
    TITLE,
    NotANumber,
    bare,
    clean,
    code_in_cell,
    code_in_title,
    continues_header,
    flag,
    has,
    header_columns,
    header_labels,
    is_numbering_row,
    method_of,
    number,
    option_parts,
    shown,
    text_of,
    texts_of,
    words_of,
)

#: the header is looked for in this many rows from the top
HEADER_SEARCH_ROWS = 40
#: criteria, options, bonus and penalty items one file may hold
MAX_ITEMS = 5000
#: the longest text a cell may hold, in characters
MAX_CELL_TEXT = 10_000
#: messages reported at most; the rest are counted
MAX_ERRORS = 100

BOILERPLATE = ("cong hoa", "doc lap", "ubnd", "uy ban nhan dan", "so noi vu", "phu luc", "kem theo", "(kem theo",
               "so:", "so ")

_SECTION = re.compile(r"^(?:cac\s+)?(?:tieu chi\s+)?(?P<kind>diem thuong|diem cong|diem tru|diem phat)\b")
_TOTAL = re.compile(r"^(?:tong cong|tong so diem|tong diem|tong so|tong|cong)(?: (?:diem|toi da|chuan|thang|\d+))*$")


class CriteriaImportError(ValueError):
    """The file is not a readable criteria set; ``errors`` are Vietnamese messages, each naming its row."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


# -- entry points -------------------------------------------------------------------------------------------


def parse(file) -> dict:
    """The criteria set in ``file`` (a path or a binary file object) as a tree (see the module)."""
    if isinstance(file, (str, os.PathLike)):
        name = PurePath(file).name
        _check_size(name, _path_size(file, name))
        try:
            with open(file, "rb") as opened:
                return _parse_open(opened, name)
        except OSError as error:
            raise CriteriaImportError([_cannot_open(name, error)]) from None
    name = PurePath(getattr(file, "name", "") or "bo-tieu-chi.xlsx").name
    file.seek(0, os.SEEK_END)
    _check_size(name, file.tell())
    file.seek(0)
    return _parse_open(file, name)


def to_json(tree: dict) -> dict:
    """``tree`` with every number JSON-serialisable: an int when whole, else a float."""
    return {
        "title": tree["title"],
        "total_points": json_number(tree["total_points"]),
        "nodes": [
            {**node, "max_points": json_number(node["max_points"]),
             "options": [{"label": o["label"], "points": json_number(o["points"])} for o in node["options"]]}
            for node in tree["nodes"]
        ],
        "bonus": [{**item, "max_points": json_number(item["max_points"])} for item in tree["bonus"]],
        "penalty": [{**item, "max_points": json_number(item["max_points"])} for item in tree["penalty"]],
    }


def json_number(value):
    """A Decimal (or int, float) as a JSON number: an int when whole, else a float; ``None`` stays."""
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _path_size(path, name: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError as error:
        raise CriteriaImportError([_cannot_open(name, error)]) from None


def _cannot_open(name: str, error: OSError) -> str:
    return pgettext("criteria file", "The file {name} cannot be opened: {error}.").format(
        name=name, error=error.strerror or error
    )


def _check_size(name: str, size: int) -> None:
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise CriteriaImportError([
            pgettext("criteria file", "The file {name} is {size} MB; the limit is {limit} MB.").format(
                name=name, size=_megabytes(size), limit=_megabytes(limit)
            )
        ])


def _megabytes(size: int) -> str:
    return shown(Decimal(size) / 1048576 if size < 1048576 else Decimal(round(size / 1048576, 1)))


def _parse_open(file, name: str) -> dict:
    try:
        sheet = spreadsheets.xlsx_sheet(file, name=name)
        return _Reader(name, sheet).read()
    except spreadsheets.SpreadsheetError as error:
        raise CriteriaImportError([str(error)]) from None


# -- the reader ---------------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, name: str, sheet: spreadsheets.Sheet) -> None:
        self.name = name
        self.sheet = sheet
        self.errors: list[str] = []
        self.error_count = 0
        self.nodes: list[dict] = []
        self.by_code: dict[str, dict] = {}
        self.rows_of: dict[str, int] = {}
        self.bonus: list[dict] = []
        self.penalty: list[dict] = []
        self.items = 0
        self.section: str | None = None  # None, "bonus" or "penalty"
        self.explicit_areas = False
        self.relative = False
        self.area: dict | None = None
        self.criterion: dict | None = None
        self.last: dict | None = None
        self.total: tuple[int, Decimal] | None = None
        self.columns: dict[str, int] = {}
        self.column_labels: list[str] = []

    # errors

    def error(self, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)

    def _what(self, code: str, kind: str = "node") -> str:
        if kind == "bonus":
            return pgettext("criteria file", "bonus item {code}").format(code=code)
        if kind == "penalty":
            return pgettext("criteria file", "penalty item {code}").format(code=code)
        if "." not in code:
            return pgettext("criteria file", "area {code}").format(code=code)
        return pgettext("criteria file", "criterion {code}").format(code=code)

    def _column_name(self, role: str) -> str:
        index = self.columns.get(role)
        if index is None:
            return ""
        return self.column_labels[index].split(" / ")[-1]

    def _number(self, value, row: int, what: str, role: str = POINTS) -> Decimal | None:
        try:
            return number(value)
        except NotANumber:
            self.error(
                pgettext(
                    "criteria file",
                    "Row {row}, {what}: “{value}” in column “{column}” is not a number; write decimals with one comma, "
                    "e.g. 1,5.",
                ).format(row=row, what=what, value=text_of(value)[:40], column=self._column_name(role))
            )
            return None

    # reading

    def read(self) -> dict:
        rows = iter(self.sheet.rows)
        head: list[tuple[int, list]] = []
        for number_, cells in rows:
            head.append((number_, cells))
            if len(head) >= HEADER_SEARCH_ROWS:
                break
        found = self._find_header(head)
        if found is None:
            raise CriteriaImportError([
                pgettext(
                    "criteria file",
                    "No criteria set was recognised in {name}: the first {rows} rows hold no header with a criterion "
                    "column and a points column (“Điểm tối đa”, “Điểm chuẩn” or “Thang điểm”).",
                ).format(name=self.name, rows=HEADER_SEARCH_ROWS)
            ])
        header_index, header_end = found
        title_lines = [_row_line(cells) for _, cells in head[:header_index]]
        header_row = head[header_index][0]
        for number_, cells in _chain(head[header_end:], rows):
            if self.items > MAX_ITEMS:
                raise CriteriaImportError([
                    pgettext("criteria file", "{name} holds more than {limit} criteria and options; it is not a criteria set.").format(
                        name=self.name, limit=MAX_ITEMS
                    )
                ])
            self._row(number_, cells)
        if not self.nodes and not self.error_count:
            self.error(
                pgettext("criteria file", "No criterion was found below the header (row {row}) of {name}.").format(
                    row=header_row, name=self.name
                )
            )
        self._check_tree()
        total = sum((node["max_points"] or 0 for node in self.nodes if node["parent"] is None), Decimal(0))
        if self.total is not None and self.total[1] != total and not self.error_count:
            self.error(
                pgettext("criteria file", "Row {row}: the total is {total} points but the areas add up to {sum}.").format(
                    row=self.total[0], total=shown(self.total[1]), sum=shown(total)
                )
            )
        if self.error_count:
            errors = list(self.errors)
            if self.error_count > len(errors):
                errors.append(
                    pgettext("criteria file", "… and {count} more problems.").format(count=self.error_count - len(errors))
                )
            raise CriteriaImportError(errors)
        self._settle_methods()
        return {
            "title": _title(title_lines) or _named(self.sheet.title),
            "total_points": clean(total),
            "nodes": [_public(node) for node in self.nodes],
            "bonus": self.bonus,
            "penalty": self.penalty,
        }

    def _find_header(self, head: list[tuple[int, list]]) -> tuple[int, int] | None:
        """(index of the header's first row in ``head``, index of the first data row) or ``None``."""
        filler = spreadsheets.MergeFiller(self.sheet.merged)
        filled = [texts_of(filler.fill(number_, cells)) for number_, cells in head]
        for index, row in enumerate(filled):
            candidates = [[row]]
            if index + 1 < len(filled) and continues_header(row, filled[index + 1]):
                candidates.insert(0, [row, filled[index + 1]])
            for header_rows in candidates:
                labels = header_labels(header_rows)
                columns = header_columns(labels)
                if TITLE not in columns or POINTS not in columns or labels[columns[TITLE]] == labels[columns[POINTS]]:
                    continue
                self.columns, self.column_labels = columns, labels
                end = index + len(header_rows)
                if end < len(head) and is_numbering_row(texts_of(head[end][1])):
                    end += 1
                return index, end
        return None

    def _cell(self, cells: list, role: str):
        index = self.columns.get(role)
        if index is None or index >= len(cells):
            return ""
        return cells[index]

    def _row(self, row: int, cells: list) -> None:
        texts = {role: text_of(self._cell(cells, role)) for role in self.columns}
        if not any(texts.values()):
            return
        if any(len(text) > MAX_CELL_TEXT for text in texts.values()):
            self.error(pgettext("criteria file", "Row {row}: a cell holds more than {limit} characters.").format(
                row=row, limit=MAX_CELL_TEXT))
            return
        lines = [line.strip() for line in texts.get(TITLE, "").split("\n") if line.strip()]
        first = lines[0] if lines else ""
        token, title = code_in_title(first)
        if token is None:
            token, title = code_in_cell(texts.get(CODE, "")), first
        words = words_of(title).strip()
        section = _SECTION.match(words)
        if section and (token is None or token[0] in ("section", "roman", "area")):
            kind = "bonus" if section.group("kind") in ("diem thuong", "diem cong") else "penalty"
            if kind != self.section or not texts.get(POINTS):
                self.section = kind
                return
        if token is None and _TOTAL.match(words):
            if texts.get(POINTS):
                value = self._number(self._cell(cells, POINTS), row, pgettext("criteria file", "total"))
                if value is not None:
                    self.total = (row, value)
            self.last = None  # notes under the total belong to no criterion
            return
        if self.section:
            self._extra_item(row, cells, texts, token, [title, *lines[1:]])
            return
        self.items += 1
        if token is None:
            self._loose_row(row, cells, texts, lines)
        elif token[0] != "section":
            self._node(row, cells, texts, token, title, lines[1:])

    # the tree

    def _code(self, row: int, token: tuple[str, str]) -> str | None:
        kind, value = token
        if kind in ("area", "roman"):
            self.explicit_areas = True
            return value
        if kind == "letter":
            if self.criterion is None:
                self.error(pgettext("criteria file", "Row {row}: item “{code}” has no criterion above it.").format(
                    row=row, code=value))
                self.last = _stray(value)
                return None
            return f"{self.criterion['code']}.{ord(value) - ord('a') + 1}"
        if self.explicit_areas and "." not in value:
            self.relative = True
        if self.relative:
            if self.area is None:  # pragma: no cover - relative numbering starts under an area
                return value
            return f"{self.area['code']}.{value}"
        return value

    def _node(self, row: int, cells: list, texts: dict, token: tuple[str, str], title: str, rest: list[str]) -> None:
        code = self._code(row, token)
        if code is None:
            return
        parent = code.rsplit(".", 1)[0] if "." in code else None
        what = self._what(code)
        if code in self.by_code:
            self.error(pgettext("criteria file", "Row {row}: code {code} is already used on row {first}.").format(
                row=row, code=code, first=self.rows_of[code]))
            self.last = _stray(code)
            return
        if parent is not None and parent not in self.by_code:
            self.error(pgettext("criteria file", "Row {row}: criterion {code} has no parent {parent} above it.").format(
                row=row, code=code, parent=parent))
            self.last = _stray(code)
            return
        if not title:
            self.error(pgettext("criteria file", "Row {row}, {what}: the title is missing.").format(row=row, what=what))
        points_cell = self._cell(cells, POINTS)
        points = None
        if text_of(points_cell):
            points = self._number(points_cell, row, what)
            if points is not None and points < 0:
                self.error(pgettext("criteria file", "Row {row}, {what}: points cannot be negative.").format(row=row, what=what))
                points = None
        else:
            self.error(pgettext("criteria file", "Row {row}, {what}: the points (column “{column}”) are missing.").format(
                row=row, what=what, column=self._column_name(POINTS)))
        node = {
            "code": code, "title": title, "max_points": points, "parent": parent, "method": None,
            "evidence_required": False, "guidance_lines": [], "options": [], "row": row, "children": [],
        }
        self.nodes.append(node)
        self.by_code[code] = node
        self.rows_of[code] = row
        if parent is not None:
            self.by_code[parent]["children"].append(node)
        depth = code.count(".") + 1
        if depth == 1:
            self.area, self.criterion = node, None
        elif depth == 2:
            self.criterion = node
        self.last = node
        self._texts_of(node, row, rest, texts.get(GUIDANCE, ""))
        self._method(node, cells, texts)
        self._evidence(node, cells)

    def _texts_of(self, node: dict, row: int, rest: list[str], guidance: str) -> None:
        """Option lines of the title's further lines and of the guidance cell become options, others guidance."""
        for line in [*rest, *(line.strip() for line in guidance.split("\n"))]:
            if not line:
                continue
            parts = option_parts(line)
            if parts is None:
                node["guidance_lines"].append(line)
                continue
            for label, value in parts:
                self._option(node, row, bare(label), value, TITLE if line in rest else GUIDANCE)

    def _option(self, node: dict, row: int, label: str, value, role: str) -> None:
        what = self._what(node["code"])
        points = self._number(value, row, what, role)
        if points is None:
            return
        if points < 0:
            self.error(pgettext("criteria file", "Row {row}, {what}: points cannot be negative.").format(row=row, what=what))
            return
        if node["max_points"] is not None and points > node["max_points"]:
            self.error(
                pgettext("criteria file", "Row {row}, {what}: the option “{label}” gives {points} points, more than the "
                                  "maximum {max}.").format(
                    row=row, what=what, label=label[:80], points=shown(points), max=shown(node["max_points"]))
            )
            return
        self.items += 1
        node["options"].append({"label": label, "points": points})

    def _loose_row(self, row: int, cells: list, texts: dict, lines: list[str]) -> None:
        """A row without a code: an option of the criterion above when it has points, else more guidance."""
        node = self.last
        if node is None:
            if texts.get(POINTS):
                self.error(
                    pgettext("criteria file", "Row {row}: “{text}” has points but no criterion code and no criterion above it.").format(
                        row=row, text=(lines[0] if lines else text_of(self._cell(cells, POINTS)))[:80])
                )
            return
        if texts.get(POINTS):
            text = " ".join(lines)
            parts = option_parts(text)
            label = bare(parts[0][0]) if parts and len(parts) == 1 else bare(text)
            if not label:
                self.error(pgettext("criteria file", "Row {row}, {what}: an option has points but no text.").format(
                    row=row, what=self._what(node["code"])))
                return
            self._option(node, row, label, self._cell(cells, POINTS), POINTS)
            return
        self._texts_of(node, row, lines, texts.get(GUIDANCE, ""))

    def _method(self, node: dict, cells: list, texts: dict) -> None:
        if METHOD in self.columns:
            node["method"] = method_of(texts.get(METHOD, ""))
        if APPRAISAL_MARK in self.columns or SURVEY_MARK in self.columns:
            appraisal = flag(self._cell(cells, APPRAISAL_MARK)) if APPRAISAL_MARK in self.columns else False
            survey = flag(self._cell(cells, SURVEY_MARK)) if SURVEY_MARK in self.columns else False
            appraisal = appraisal or (appraisal is None and bool(texts.get(APPRAISAL_MARK)))
            survey = survey or (survey is None and bool(texts.get(SURVEY_MARK)))
            if appraisal or survey:
                node["method"] = BOTH if appraisal and survey else SURVEY if survey else APPRAISAL
        if not ({METHOD, APPRAISAL_MARK, SURVEY_MARK} & set(self.columns)):
            words = words_of(" ".join([node["title"], *node["guidance_lines"]]))
            if has(words, *SURVEY_WORDS):
                node["method"] = SURVEY

    def _evidence(self, node: dict, cells: list) -> None:
        if EVIDENCE not in self.columns:
            return
        value = self._cell(cells, EVIDENCE)
        marked = flag(value)
        if marked is None:
            node["evidence_required"] = True
            node["guidance_lines"].append(pgettext("criteria file", "Evidence: {text}").format(text=text_of(value)))
        else:
            node["evidence_required"] = marked

    def _extra_item(self, row: int, cells: list, texts: dict, token, lines: list[str]) -> None:
        """A row of the bonus or penalty section: code, title and points (a penalty's taken as positive)."""
        kind = self.section
        items = self.bonus if kind == "bonus" else self.penalty
        prefix = "T" if kind == "bonus" else "P"
        if token is not None and token[0] == "number":
            code = prefix + token[1]
        elif token is None and texts.get(CODE):
            code = texts[CODE].rstrip(".)")
        else:
            code = f"{prefix}{len(items) + 1}"
        title = " ".join(bare(line) for line in lines if line).strip()
        if not title or (token is None and not texts.get(CODE) and not texts.get(POINTS) and _is_note(title)):
            return
        points_value = self._cell(cells, POINTS) if texts.get(POINTS) else None
        parts = option_parts(" ".join(lines)) if points_value is None else None
        if parts and len(parts) == 1:  # "- Có sáng kiến được công nhận: 0,5 điểm" with the points in the text
            title, points_value = bare(parts[0][0]), parts[0][1]
        self.items += 1
        what = self._what(code, kind)
        key = f"{kind}:{code}"
        if key in self.rows_of:
            self.error(pgettext("criteria file", "Row {row}: code {code} is already used on row {first}.").format(
                row=row, code=code, first=self.rows_of[key]))
            return
        self.rows_of[key] = row
        points = None
        if points_value is not None:
            points = self._number(points_value, row, what)
        else:
            self.error(pgettext("criteria file", "Row {row}, {what}: the points (column “{column}”) are missing.").format(
                row=row, what=what, column=self._column_name(POINTS)))
        items.append({"code": code, "title": title, "max_points": abs(points) if points is not None else None})

    # checks and settling

    def _check_tree(self) -> None:
        for node in self.nodes:
            children = node["children"]
            if not children or node["max_points"] is None or any(c["max_points"] is None for c in children):
                continue
            total = sum((child["max_points"] for child in children), Decimal(0))
            if total != node["max_points"]:
                self.error(
                    pgettext("criteria file", "Row {row}, {what}: its children add up to {children} points, not {points}.").format(
                        row=node["row"], what=self._what(node["code"]), children=shown(total),
                        points=shown(node["max_points"]))
                )

    def _settle_methods(self) -> None:
        own = {node["code"]: node["method"] for node in self.nodes}
        for node in self.nodes:  # a leaf without a method takes its nearest ancestor's, else appraisal
            if node["method"] is None and not node["children"]:
                parent = node["parent"]
                while parent is not None and own[parent] is None:
                    parent = self.by_code[parent]["parent"]
                node["method"] = own[parent] if parent is not None else APPRAISAL
        for node in reversed(self.nodes):  # descendants come first: a parent without a method takes its children's
            if node["method"] is None:
                methods = {child["method"] for child in node["children"]}
                node["method"] = methods.pop() if len(methods) == 1 else BOTH


def _is_note(text: str) -> bool:
    """A note under a table ("Ghi chú: …", "Lưu ý", "* …"), not an item."""
    return fold(text).startswith(("ghi chu", "luu y", "chu thich", "nguoi lap", "(", "*"))


def _stray(code: str) -> dict:
    """A criterion refused (its code used twice, its parent missing): the rows under it are read, not kept."""
    return {"code": code, "max_points": None, "options": [], "guidance_lines": [], "children": [], "title": ""}


def _named(title: str) -> str:
    """A sheet's name unless it is a default one ("Sheet1", "Trang tính1")."""
    return "" if re.match(r"^(?:sheet|trang tinh|bang tinh)\s*\d*$", fold(title)) else title


def _public(node: dict) -> dict:
    return {
        "code": node["code"],
        "title": node["title"],
        "max_points": node["max_points"],
        "parent": node["parent"],
        "method": node["method"],
        "evidence_required": node["evidence_required"],
        "guidance": "\n".join(node["guidance_lines"]),
        "options": node["options"],
    }


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


def _row_line(cells: list) -> str:
    parts: list[str] = []
    for text in texts_of(cells):
        if text and (not parts or parts[-1] != text):
            parts.append(" ".join(text.split()))
    return " ".join(parts)


def _title(lines: list[str]) -> str:
    """The set's title from the lines above the header (see the module)."""
    def boilerplate(line: str) -> bool:
        folded = fold(line)
        return folded.startswith(BOILERPLATE) or folded.startswith("(")

    start = next((i for i, line in enumerate(lines) if line and not boilerplate(line)
                  and has(words_of(line), "tieu chi", "chi so")), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if line and not boilerplate(line)), None)
    if start is None:
        return ""
    picked = [lines[start]]
    for line in lines[start + 1:]:
        if not line or boilerplate(line):
            break
        picked.append(line)
    return " ".join(picked)


