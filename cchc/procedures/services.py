"""Writes of the procedures app: the catalogue, the calendar, and dossier ingestion (file and API).

Dossier ingestion is an idempotent upsert on the dossier code: a row whose facts equal the
stored ones changes nothing, so re-sending a batch writes nothing. A file or batch is all or
nothing: every bad row is reported with its line and reason, and then nothing is written.
Each ingestion records which dossiers it wrote (``DossierDelta``: runs of new ids, and what an updated
dossier counted before); the indicator refresh adds them to the aggregates.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from operator import itemgetter

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.calendar import api as calendar_api
from cchc.calendar import services as calendar_services
from cchc.procedures import counting
from cchc.procedures.choices import (
    BatchSource,
    Channel,
    DossierStatus,
    OnlineLevel,
    ProcedureLevel,
    ProcessingUnit,
)
from cchc.procedures.classification import Derived, derive, derive_columns
from cchc.procedures.models import (
    CalendarAdjustment,
    CountingRules,
    Dossier,
    DossierChange,
    DossierDelta,
    DossierLine,
    DueRule,
    IngestBatch,
    Procedure,
)
from cchc.procedures.parsing import (
    LOCAL_TZ,
    CellError,
    Column,
    parse_bool,
    parse_choice,
    parse_count,
    parse_date,
    parse_datetime,
    parse_decimal,
    parse_record,
)
from cchc.units.models import Unit

#: Most dossiers one API push may carry.
MAX_BATCH_ITEMS = 1000
CHUNK = 5000
MAX_REPORTED_ERRORS = 500

DOSSIER_COLUMNS = (
    Column("code", "Mã hồ sơ", True, ("ma_so_ho_so", "dossier_code")),
    Column("procedure", "Mã thủ tục", True, ("ma_tthc", "procedure_code", "ma_thu_tuc_hanh_chinh")),
    Column("unit", "Mã đơn vị tiếp nhận", True, ("unit_code", "ma_don_vi", "don_vi_tiep_nhan")),
    Column("received_at", "Ngày tiếp nhận", True, ("ngay_nhan",)),
    Column("channel", "Kênh nộp", True, ("kenh_thuc_hien", "hinh_thuc_nop")),
    Column("due_date", "Ngày hẹn trả", False, ("appointment_date", "ngay_hen_tra_ket_qua")),
    Column("status", "Trạng thái", False, ("trang_thai_ho_so",)),
    Column("finished_at", "Ngày kết thúc xử lý", False, ("ngay_hoan_thanh", "ngay_ket_thuc")),
    Column("supplement_requests", "Số lần yêu cầu bổ sung", False, ("so_lan_bo_sung",)),
    Column("supplement_requested_at", "Ngày yêu cầu bổ sung", False),
    Column("supplement_completed_at", "Ngày hoàn thành bổ sung", False, ("ngay_bo_sung",)),
    Column("extended_due_date", "Ngày hẹn trả lại", False, ("ngay_hen_moi",)),
    Column("apology_issued_on", "Ngày gửi phiếu xin lỗi", False, ("phieu_xin_loi",)),
    Column("fee_amount", "Phí, lệ phí", False, ("le_phi", "phi_le_phi", "fee")),
    Column("paid_online", "Thanh toán trực tuyến", False),
    Column("components_digitised", "Số hóa thành phần hồ sơ", False, ("so_hoa",)),
    Column("electronic_result", "Kết quả điện tử", False, ("co_ket_qua_dien_tu",)),
    # QĐ 766 chỉ số 4.3–4.5 ([F766] HoSoCoThanhPhanSoHoa / DuocSoHoa, DuocLayTuKhoDMQG, TaiKhoanDuocXacThucVoiVNeID)
    Column("reused_digitised_data", "Tái sử dụng dữ liệu số hóa", False, ("tai_su_dung_du_lieu_so_hoa",)),
    Column("shared_data", "Dữ liệu từ kho dữ liệu điện tử", False, ("lay_tu_kho_du_lieu", "chia_se_du_lieu")),
    Column("population_data", "Sử dụng dữ liệu dân cư", False, ("xac_thuc_vneid", "du_lieu_dan_cu")),
)

CHANNELS = {
    "1": Channel.DIRECT, "direct": Channel.DIRECT, "truc_tiep": Channel.DIRECT,
    "2": Channel.ONLINE, "online": Channel.ONLINE, "truc_tuyen": Channel.ONLINE,
    "3": Channel.POSTAL, "postal": Channel.POSTAL, "buu_chinh": Channel.POSTAL, "qua_buu_chinh_cong_ich": Channel.POSTAL,
    "buu_chinh_cong_ich": Channel.POSTAL,
}
# National synchronisation codes (tthc_indicators.md §2.8) and names; 1 and 3 are not received dossiers.
STATUSES = {
    **dict.fromkeys(["in_progress", "2", "4", "5", "6", "dang_xu_ly", "duoc_tiep_nhan", "yeu_cau_bo_sung_giay_to"], DossierStatus.IN_PROGRESS),
    **dict.fromkeys(["resolved", "9", "da_xu_ly_xong"], DossierStatus.RESOLVED),
    **dict.fromkeys(["result_returned", "10", "da_tra_ket_qua"], DossierStatus.RESULT_RETURNED),
    **dict.fromkeys(["rejected", "tu_choi", "tra_lai", "tu_choi_giai_quyet"], DossierStatus.REJECTED),
    **dict.fromkeys(["stopped", "8", "dung_xu_ly"], DossierStatus.STOPPED),
    **dict.fromkeys(["withdrawn", "7", "rut_ho_so", "cong_dan_yeu_cau_rut_ho_so"], DossierStatus.WITHDRAWN),
}

FACT_FIELDS = (
    "procedure_id", "unit_id", "received_at", "channel", "status", "due_date", "due_rule_id", "extended_due_date",
    "apology_issued_on", "supplement_requests", "supplement_requested_at", "supplement_completed_at", "finished_at",
    "fee_amount", "paid_online", "components_digitised", "electronic_result",
    "reused_digitised_data", "shared_data", "population_data",
)
DERIVED_FIELDS = (
    "received_on", "finished_on", "outcome", "overdue_from", "resolution_days", "counts_online", "owes_fee",
    "counts_digitised", "needs_electronic_result",
)
WRITE_FIELDS = ("code", *FACT_FIELDS, *DERIVED_FIELDS, "is_demo", "batch_id", "updated_at")
#: a new dossier is written with its id, taken beforehand (``_Written.take``)
INSERT_FIELDS = ("id", *WRITE_FIELDS)
#: facts compared to decide whether a re-sent dossier changed (the due rule follows the due date)
COMPARED = tuple(f for f in FACT_FIELDS if f != "due_rule_id")


class RowErrors(ValidationError):
    """Bad rows of a file or batch: ``rows`` holds (line or item number, Vietnamese message)."""

    def __init__(self, rows: list[tuple[int, str]], *, label: str):
        self.rows = rows
        shown = [_("{label} {line}: {message}").format(label=label, line=line, message=message) for line, message in rows[:MAX_REPORTED_ERRORS]]
        if len(rows) > MAX_REPORTED_ERRORS:
            shown.append(_("… and {count} more errors.").format(count=len(rows) - MAX_REPORTED_ERRORS))
        super().__init__({"rows": shown})


@dataclass
class IngestResult:
    batch: IngestBatch
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class _Context:
    procedures: dict[str, tuple]
    units: dict[str, list[tuple[int, dt.date, dt.date | None]]]
    writable: frozenset[int] | None
    versions: calendar_api.CalendarVersions
    rules: counting.RulesVersions
    due_rules: dict[tuple, int] = field(default_factory=dict)
    source_rule: int | None = None
    #: ids of the rows the dossiers refer to that this ingestion has checked and locked, by model
    held: dict = field(default_factory=dict)

    @classmethod
    def load(cls, writable: frozenset[int] | None) -> _Context:
        procedures = {
            code: (pk, procedure_time(time, unit), unit, fee, paper)
            for code, pk, time, unit, fee, paper in Procedure.objects.values_list(
                "code", "pk", "processing_time", "processing_unit", "fee", "paper_result"
            )
        }
        units: dict[str, list] = {}
        for pk, code, valid_from, valid_to in Unit.objects.values_list("pk", "code", "valid_from", "valid_to"):
            units.setdefault(code, []).append((pk, valid_from, valid_to))
        return cls(procedures=procedures, units=units, writable=writable, versions=calendar_api.calendar_versions(),
                   rules=counting.counting_rules())

    def unit_on(self, code: str, day: dt.date) -> int:
        for pk, valid_from, valid_to in self.units.get(code, ()):
            if valid_from <= day and (valid_to is None or day <= valid_to):
                if self.writable is not None and pk not in self.writable:
                    break
                return pk
        raise CellError(refusal(code, day))

    def may_change(self, stored_unit_id: int) -> bool:
        """Whether a stored dossier of ``stored_unit_id`` is one the sender may change."""
        return self.writable is None or stored_unit_id in self.writable

    def due_rule_id(self, version: calendar_api.CalendarVersion, unit: str) -> int:
        key = (version.effective_from, unit)
        if key not in self.due_rules:
            self.due_rules[key] = counting.due_rule(version, unit).pk
            self.hold(DueRule, {self.due_rules[key]})
        return self.due_rules[key]

    def source_rule_id(self) -> int:
        if self.source_rule is None:
            self.source_rule = counting.source_due_rule().pk
            self.hold(DueRule, {self.source_rule})
        return self.source_rule

    def hold(self, model, ids: set[int]) -> None:
        """Check, once per batch, that the rows of ``model`` a dossier refers to exist, and lock them
        against deletion until the ingestion commits (what a foreign-key constraint does per row)."""
        held = self.held.setdefault(model, set())
        new = ids - held
        if not new:
            return
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s) FOR KEY SHARE", [sorted(new)])
            else:  # SQLite: the transaction already holds the database's write lock
                cursor.execute(f"SELECT id FROM {table} WHERE id IN ({', '.join(['%s'] * len(new))})", sorted(new))
            found = {pk for (pk,) in cursor.fetchall()}
        if found != new:
            raise IntegrityError(f"{model._meta.label} rows {sorted(new - found)} were deleted during the ingestion")
        held |= new


def refusal(unit_code: str, day: dt.date) -> str:
    """The one message for a row the sender may not write: a unit out of reach, or a stored dossier
    of a unit out of reach. Both read the same, so a refusal never tells that a code exists elsewhere."""
    return _("you may not enter this dossier for unit code '{code}' on {date}.").format(code=unit_code, date=f"{day:%d/%m/%Y}")


def _text(value, limit: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise CellError(_("'{value}…' is longer than {limit} characters.").format(value=text[:20], limit=limit))
    return text


_LABELS = {c.key: c.label for c in DOSSIER_COLUMNS}


def _code(value) -> str:
    return _text(value, 64)


def _short(value) -> str:
    return _text(value, 40)


_CHANNEL_WORD = gettext_lazy("channel")
_STATUS_WORD = gettext_lazy("status")


def _channel(value) -> str:
    return parse_choice(value, CHANNELS, _CHANNEL_WORD)


def _status(value) -> str:
    return parse_choice(value, STATUSES, _STATUS_WORD)


#: (key, parser, required) of every dossier cell, in reading order
_CELLS = (
    ("code", _code, True),
    ("procedure", _short, True),
    ("unit", _short, True),
    ("received_at", parse_datetime, True),
    ("channel", _channel, True),
    ("due_date", parse_date, False),
    ("status", _status, False),
    ("finished_at", parse_datetime, False),
    ("supplement_requests", parse_count, False),
    ("supplement_requested_at", parse_datetime, False),
    ("supplement_completed_at", parse_datetime, False),
    ("extended_due_date", parse_date, False),
    ("apology_issued_on", parse_date, False),
    ("fee_amount", parse_decimal, False),
    ("paid_online", parse_bool, False),
    ("components_digitised", parse_bool, False),
    ("electronic_result", parse_bool, False),
    ("reused_digitised_data", parse_bool, False),
    ("shared_data", parse_bool, False),
    ("population_data", parse_bool, False),
)
#: yes/no facts: empty means no
_FLAGS = ("paid_online", "components_digitised", "electronic_result", "reused_digitised_data", "shared_data",
          "population_data")


def _parse_row(record: Mapping, ctx: _Context) -> tuple[dict | None, list[str]]:
    """Read one record into typed facts; every problem comes back as a Vietnamese message."""
    errors: list[str] = []
    row: dict = {}
    get = record.get
    for key, parse, required in _CELLS:
        value = get(key)
        if value is None or value == "" or (value.__class__ is str and value.isspace()):
            if required:
                errors.append(_("column '{column}' is empty.").format(column=_LABELS[key]))
            row[key] = None
            continue
        try:
            row[key] = parse(value)
        except CellError as error:
            errors.append(_("column '{column}': {reason}").format(column=_LABELS[key], reason=error))
            row[key] = None
    row["supplement_requests"] = row["supplement_requests"] or 0
    for key in _FLAGS:
        row[key] = bool(row[key])
    procedure_code, unit_code, received_at = row.pop("procedure"), row.pop("unit"), row["received_at"]
    row["unit_code"] = unit_code
    procedure = ctx.procedures.get(procedure_code) if procedure_code else None
    if procedure_code and procedure is None:
        errors.append(_("procedure code '{code}' is not in the catalogue.").format(code=procedure_code))
    if received_at is not None:
        row["received_on"] = received_at.date()
        if unit_code:
            try:
                row["unit_id"] = ctx.unit_on(unit_code, row["received_on"])
            except CellError as error:
                errors.append(str(error))
    if errors:
        return None, errors

    finished_at = row["finished_at"]
    row["status"] = row["status"] or (DossierStatus.RESOLVED if finished_at else DossierStatus.IN_PROGRESS)
    errors += _check_dates(row, received_at, finished_at)
    if row["supplement_requested_at"] and row["supplement_requests"] == 0:
        row["supplement_requests"] = 1
    row["procedure"] = procedure
    return (None, errors) if errors else (row, [])


def _check_dates(row: dict, received_at: dt.datetime, finished_at: dt.datetime | None) -> list[str]:
    errors = []
    if row["status"] != DossierStatus.IN_PROGRESS and finished_at is None:
        errors.append(_("a finished dossier needs '{column}'.").format(column=_LABELS["finished_at"]))
    if row["status"] == DossierStatus.IN_PROGRESS and finished_at is not None:
        errors.append(_("a dossier still in progress cannot have '{column}'.").format(column=_LABELS["finished_at"]))
    if finished_at is not None and finished_at < received_at:
        errors.append(_("finished ({finished}) before it was received ({received}).").format(
            finished=f"{finished_at.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M}", received=f"{received_at:%d/%m/%Y %H:%M}"))
    if row["due_date"] is not None and row["due_date"] < received_at.date():
        errors.append(_("the appointment date is before the reception date."))
    requested, completed = row["supplement_requested_at"], row["supplement_completed_at"]
    if completed is not None and requested is None:
        errors.append(_("a supplement completion needs '{column}'.").format(column=_LABELS["supplement_requested_at"]))
    if requested is not None and requested < received_at:
        errors.append(_("the supplement was requested before the dossier was received."))
    if requested is not None and completed is not None and completed < requested:
        errors.append(_("the supplement was completed before it was requested."))
    if completed is not None and finished_at is not None and finished_at < completed:
        errors.append(_("the dossier finished before its supplement was completed."))
    if row["extended_due_date"] is not None and row["due_date"] is not None and row["extended_due_date"] < row["due_date"]:
        errors.append(_("the new appointment date is before the first one."))
    return errors


# -- reading a chunk column by column -------------------------------------------------------------
#
# A large file repeats the same texts over and over (a few hundred reception days, the same
# channels, statuses and flags), so a chunk is read column by column: each distinct text of a
# column is parsed once per ingestion and looked up afterwards, and the per-row work left is the
# due date (memoised by reception day and procedure limit) and ``derive``. The row-by-row reading
# above stays the reference: any chunk with a problem, or with cells that are not plain text
# (API values, Excel cells), is read again by ``_parse_row`` so that the messages are exactly its.

_TEXT_LIMITS = {_code: 64, _short: 40}


class _ColumnCache:
    """Parsed values of the texts of one column seen so far, and which of them are blank or unreadable."""

    __slots__ = ("values", "blank", "bad")

    def __init__(self):
        self.values: dict = {None: None}
        self.blank: set = {None}
        self.bad: set = set()


class _Caches:
    """What a chunk reading remembers for the next ones (one ingestion)."""

    def __init__(self):
        self.columns: dict[str, _ColumnCache] = {key: _ColumnCache() for key, _, _ in _CELLS}
        self.days: dict = {None: None}  # datetime text → local day (all datetime columns share it)
        self.units: dict[tuple, int] = {}
        self.book: dict[dt.date, tuple] = {}
        self.due: dict[tuple, tuple] = {}


_PLAIN = frozenset({str, type(None)})


def _read_column(raw: list, parse, required: bool, cache: _ColumnCache, days: dict | None = None) -> list | None:
    """The typed values of one column (``None`` for blanks); ``None`` when a cell needs ``_parse_row``.

    ``days``: for a datetime column, filled with the local day of each new text."""
    if not _PLAIN.issuperset(map(type, raw)):
        return None
    limit = _TEXT_LIMITS.get(parse)
    if limit is not None:  # codes: mostly distinct, nothing to remember
        if None in raw:
            return None
        values = list(map(str.strip, raw))
        if (required and "" in values) or max(map(len, values), default=0) > limit:
            return None
        return values
    distinct = set(raw)
    known = cache.values
    for value in distinct.difference(known):
        if not value.strip():
            known[value] = None
            cache.blank.add(value)
        else:
            try:
                known[value] = parse(value)
            except CellError:
                known[value] = None
                cache.bad.add(value)
        if days is not None:  # parsed datetimes carry the local zone
            parsed = known[value]
            days[value] = None if parsed is None else parsed.date()
    if not cache.bad.isdisjoint(distinct) or (required and not cache.blank.isdisjoint(distinct)):
        return None
    return list(map(known.__getitem__, raw))


_CELL_KEYS = tuple(key for key, _, _ in _CELLS)
_CELL_PARSERS = tuple((parse, required) for _, parse, required in _CELLS)
_ALL_CELLS = itemgetter(*_CELL_KEYS)


def _cells_by_column(records: list) -> list:
    """The cells of ``records`` column by column, in ``_CELLS`` order (``None`` where a key is missing)."""
    if all(record.__class__ is dict for record in records):
        try:
            return list(zip(*map(_ALL_CELLS, records), strict=True))
        except KeyError:  # columns absent from the file: take those that are there
            present = [key for key in _CELL_KEYS if key in records[0]]
            absent = [key for key in _CELL_KEYS if key not in records[0]]
            # Only if no later record has a column the first lacks (API items may differ): else cell by cell.
            if len(present) > 1 and not any(key in record for key in absent for record in records):
                try:
                    found = dict(zip(present, zip(*map(itemgetter(*present), records), strict=True), strict=True))
                except KeyError:
                    found = None
                if found is not None:
                    missing = [None] * len(records)
                    return [found.get(key, missing) for key in _CELL_KEYS]
    return [[record.get(key) for record in records] for key in _CELL_KEYS]


def _dates_agree(received, status, finished, due, requested, completed, extended) -> bool:
    """Whether no row of a chunk breaks a rule of ``_check_dates`` (which then names it)."""
    in_progress = DossierStatus.IN_PROGRESS
    for got, state, end, appointment, asked, supplied, moved in zip(
        received, status, finished, due, requested, completed, extended, strict=True
    ):
        if end is None:
            if state != in_progress:
                return False
        elif state == in_progress or end < got:
            return False
        if appointment is not None and (appointment < got.date() or (moved is not None and moved < appointment)):
            return False
        if asked is None:
            if supplied is not None:
                return False
        elif asked < got:
            return False
        if supplied is not None and ((asked is not None and supplied < asked) or (end is not None and end < supplied)):
            return False
    return True


class _FastChunk:
    """A chunk read column by column: ``columns`` by fact name, and per row the procedure tuple and unit code."""

    def __init__(self, lines: list, columns: dict[str, list], procedures: list, unit_codes: list):
        self.lines, self.columns, self.procedures, self.unit_codes = lines, columns, procedures, unit_codes

    def row(self, position: int) -> dict:
        """Row ``position`` as ``_parse_row`` returns it."""
        row = {key: values[position] for key, values in self.columns.items() if key in _PARSED_KEYS}
        row["unit_code"] = self.unit_codes[position]
        row["procedure"] = self.procedures[position]
        return row


_PARSED_KEYS = frozenset({key for key, _, _ in _CELLS if key not in ("procedure", "unit")} | {"received_on", "unit_id"})


def _parse_chunk(chunk: list, ctx: _Context, caches: _Caches) -> _FastChunk | None:
    """A chunk of clean rows read column by column, or ``None``: then ``_parse_row`` reads it row by row."""
    lines, records = map(list, zip(*chunk, strict=True))
    columns: dict[str, list] = {}
    for key, (parse, required), raw in zip(_CELL_KEYS, _CELL_PARSERS, _cells_by_column(records), strict=True):
        datetimes = parse is parse_datetime
        values = _read_column(raw, parse, required, caches.columns[key], caches.days if datetimes else None)
        if values is None:
            return None
        if datetimes:
            columns[f"{key}:day"] = list(map(caches.days.__getitem__, raw))
        elif parse is parse_bool:
            values = list(map(bool, values))
        columns[key] = values
    procedures = list(map(ctx.procedures.get, columns.pop("procedure")))
    if None in procedures:
        return None
    received_on = columns["received_on"] = columns.pop("received_at:day")
    unit_codes = columns.pop("unit")
    memo = caches.units
    keys = list(zip(unit_codes, received_on, strict=True))
    unit_ids = list(map(memo.get, keys))
    if None in unit_ids:
        for position, key in enumerate(keys):
            if unit_ids[position] is None:
                try:
                    unit_ids[position] = memo[key] = ctx.unit_on(*key)
                except CellError:
                    return None
    columns["unit_id"] = unit_ids
    finished, requested = columns["finished_at"], columns["supplement_requested_at"]
    if None in columns["status"]:
        resolved, in_progress = DossierStatus.RESOLVED, DossierStatus.IN_PROGRESS
        columns["status"] = [
            state or (resolved if end else in_progress) for state, end in zip(columns["status"], finished, strict=True)
        ]
    if not _dates_agree(columns["received_at"], columns["status"], finished, columns["due_date"], requested,
                        columns["supplement_completed_at"], columns["extended_due_date"]):
        return None
    counts = columns["supplement_requests"]
    if None in counts or requested.count(None) != len(requested):
        columns["supplement_requests"] = [
            count or (0 if asked is None else 1) for count, asked in zip(counts, requested, strict=True)
        ]
    return _FastChunk(lines, columns, procedures, unit_codes)


def _finalise_new(fast: _FastChunk, positions: list[int], ctx: _Context, caches: _Caches, *, tail: tuple) -> list[list]:
    """The ``WRITE_FIELDS`` columns of the new dossiers at ``positions``: what ``_finalise`` gives a row
    without a stored dossier (``tail``: is_demo, batch id, updated at)."""
    columns = fast.columns
    if len(positions) != len(fast.lines):
        pick = itemgetter(*positions) if len(positions) > 1 else (lambda values: (values[positions[0]],))
        columns = {key: list(pick(values)) for key, values in columns.items()}
        procedures = list(pick(fast.procedures))
    else:
        procedures = fast.procedures
    book_memo, due_memo = caches.book, caches.due
    source_rule = None
    due_dates, due_rules, indexes, in_force = [], [], [], []
    hours = False
    for procedure, received_at, received_on, given in zip(
        procedures, columns["received_at"], columns["received_on"], columns["due_date"], strict=True,
    ):
        _pk, time, unit, _fee, _paper = procedure
        if given is None and time.__class__ is int:  # the usual case: whole working days, due date computed
            computed = due_memo.get((received_on, time, unit))
            if computed is None:
                version, rules = _in_force(ctx, book_memo, received_on)
                computed = due_memo[received_on, time, unit] = (
                    version.index.add_working_days(received_on, time), ctx.due_rule_id(version, unit), version.index, rules,
                )
            due, rule, index, rules = computed
        else:
            hours = hours or unit == ProcessingUnit.WORKING_HOUR
            version, rules = _in_force(ctx, book_memo, received_on)
            index = version.index
            if given is not None:
                if source_rule is None:
                    source_rule = ctx.source_rule_id()
                due, rule = given, source_rule
            else:
                key = ("moment", received_at, time, unit)
                computed = due_memo.get(key)
                if computed is None:
                    computed = due_memo[key] = (
                        index.due_date(received_at.replace(tzinfo=None), time, unit), ctx.due_rule_id(version, unit),
                    )
                due, rule = computed[:2]
        due_dates.append(due)
        due_rules.append(rule)
        indexes.append(index)
        in_force.append(rules)
    moments = {}
    if hours:  # local moments, only a limit in hours needs them
        moments = {name: list(map(_local_moment, columns[name]))
                   for name in ("received_at", "supplement_requested_at", "supplement_completed_at")}
    derived = derive_columns(
        received_on=columns["received_on"], due_date=due_dates, status=columns["status"],
        finished_on=columns["finished_at:day"], supplement_requests=columns["supplement_requests"],
        supplement_requested_on=columns["supplement_requested_at:day"],
        supplement_completed_on=columns["supplement_completed_at:day"], extended_due_date=columns["extended_due_date"],
        channel=columns["channel"], paper_result=[procedure[4] for procedure in procedures],
        electronic_result=columns["electronic_result"], components_digitised=columns["components_digitised"],
        fee_amount=columns["fee_amount"], procedure_fee=[procedure[3] for procedure in procedures], rules=in_force,
        index=indexes, processing_unit=[procedure[2] for procedure in procedures],
        processing_time=[procedure[1] for procedure in procedures], **moments,
    )
    columns = dict(columns)
    columns["procedure_id"] = [procedure[0] for procedure in procedures]
    columns["needs_electronic_result"] = [procedure[4] for procedure in procedures]
    columns["due_date"], columns["due_rule_id"] = due_dates, due_rules
    columns["finished_on"] = columns["finished_at:day"]
    for name, values in zip(Derived.__dataclass_fields__, derived, strict=True):  # derive_columns' order
        columns[name] = values
    count = len(procedures)
    for name, value in zip(WRITE_FIELDS[-len(tail):], tail, strict=True):
        columns[name] = [value] * count
    return [columns[name] for name in WRITE_FIELDS]


def _in_force(ctx: _Context, memo: dict, day: dt.date) -> tuple:
    """The calendar version and counting rules in force for a reception ``day`` (remembered in ``memo``)."""
    in_force = memo.get(day)
    if in_force is None:
        in_force = memo[day] = (ctx.versions.version_on(day), ctx.rules.rules_on(day))
    return in_force


def _finalise(row: dict, old: dict | None, ctx: _Context) -> dict:
    """Due date (given, kept or computed) and the derived columns of a parsed row."""
    procedure_id, time, unit, fee, paper = row.pop("procedure")
    row["procedure_id"] = procedure_id
    received_at = row["received_at"]
    received_on = row["received_on"]
    version = ctx.versions.version_on(received_on)
    if row["due_date"] is not None:
        row["due_rule_id"] = (
            old["due_rule_id"] if old and old["due_date"] == row["due_date"] else ctx.source_rule_id()
        )
    elif old and old["received_at"] == received_at and old["procedure_id"] == procedure_id:
        row["due_date"], row["due_rule_id"] = old["due_date"], old["due_rule_id"]
    else:
        row["due_date"] = (
            version.index.add_working_days(received_on, time)
            if time.__class__ is int
            else version.index.due_date(received_at.replace(tzinfo=None), time, unit)
        )
        row["due_rule_id"] = ctx.due_rule_id(version, unit)
    row["finished_on"] = _local_day(row["finished_at"])
    derived = derive_row(row, time=time, unit=unit, fee=fee, paper=paper, rules=ctx.rules.rules_on(received_on),
                         index=version.index)
    row["outcome"] = derived.outcome
    row["overdue_from"] = derived.overdue_from
    row["resolution_days"] = derived.resolution_days
    row["counts_online"] = derived.counts_online
    row["owes_fee"] = derived.owes_fee
    row["counts_digitised"] = derived.counts_digitised
    row["needs_electronic_result"] = paper
    return row


def procedure_time(time: Decimal, unit: str) -> Decimal | int:
    """A procedure's limit as ``derive`` and the deadline index take it: whole working days as ``int``."""
    return int(time) if unit == ProcessingUnit.WORKING_DAY and time == int(time) else time


def derive_row(row: Mapping, *, time, unit: str, fee, paper: bool, rules, index) -> Derived:
    """The derived columns of one dossier row (facts as stored; ``received_on`` and ``finished_on`` set)
    for a procedure limited to ``time`` ``unit`` under ``rules`` and the calendar ``index``."""
    requested_at, completed_at = row["supplement_requested_at"], row["supplement_completed_at"]
    moments = {}
    if unit == ProcessingUnit.WORKING_HOUR:  # local moments, only a limit in hours needs them
        moments = {
            "received_at": _local_moment(row["received_at"]),
            "supplement_requested_at": _local_moment(requested_at),
            "supplement_completed_at": _local_moment(completed_at),
        }
    return derive(
        received_on=row["received_on"],
        due_date=row["due_date"],
        status=row["status"],
        finished_on=row["finished_on"],
        supplement_requests=row["supplement_requests"],
        supplement_requested_on=_local_day(requested_at),
        supplement_completed_on=_local_day(completed_at),
        extended_due_date=row["extended_due_date"],
        channel=row["channel"],
        paper_result=paper,
        electronic_result=row["electronic_result"],
        components_digitised=row["components_digitised"],
        fee_amount=row["fee_amount"],
        procedure_fee=fee,
        rules=rules,
        index=index,
        processing_unit=unit,
        processing_time=time,
        **moments,
    )


def _local_moment(value: dt.datetime | None) -> dt.datetime | None:
    """The local wall-clock time of a datetime, without zone (work sessions are local times)."""
    if value is None:
        return None
    return (value if value.tzinfo is LOCAL_TZ else value.astimezone(LOCAL_TZ)).replace(tzinfo=None)


def _local_day(value: dt.datetime | None) -> dt.date | None:
    """The local calendar day of a datetime (parsed values already carry the local zone)."""
    if value is None:
        return None
    return value.date() if value.tzinfo is LOCAL_TZ else value.astimezone(LOCAL_TZ).date()


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _existing(codes: list[str]) -> dict[str, dict]:
    """Stored facts of the dossiers among ``codes`` (first the codes alone: most pushes are mostly new)."""
    table = connection.ops.quote_name(Dossier._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The codes as one JSON text: encoded in C, where a text array would be dumped code by code in Python.
            cursor.execute(
                f"SELECT d.code FROM jsonb_array_elements_text(%s::jsonb) AS c(code) JOIN {table} d ON d.code = c.code",
                [json.dumps(codes)],
            )
        else:
            cursor.execute(f"SELECT code FROM {table} WHERE code IN ({', '.join(['%s'] * len(codes))})", codes)
        found = [code for (code,) in cursor.fetchall()]
    if not found:
        return {}
    # Locked until the ingestion commits, so that what it keeps of them for the refresh (``_Written.before``)
    # is what the aggregates counted: another ingestion changing the same dossiers waits.
    stored = Dossier.objects.filter(code__in=found).select_for_update(of=("self",))
    rows = {row["code"]: row for row in stored.values("pk", "code", *FACT_FIELDS, *_COUNTED)}
    lines = dict(DossierLine.objects.filter(dossier_id__in=[row["pk"] for row in rows.values()]).values_list("dossier_id", "line"))
    for row in rows.values():
        row["line"] = lines.get(row["pk"], "")
    return rows


#: The derived columns the aggregates read (with the facts ``channel``, ``paid_online``,
#: ``electronic_result`` and ``apology_issued_on``): what ``DossierDelta`` keeps of an updated dossier.
_COUNTED = ("received_on", "finished_on", "overdue_from", "outcome", "counts_online", "owes_fee", "counts_digitised",
            "resolution_days", "needs_electronic_result")
_DELTA_IMAGE = ("unit_id", "procedure_id", "received_on", "finished_on", "overdue_from", "outcome", "channel",
                "counts_online", "paid_online", "owes_fee", "counts_digitised", "resolution_days",
                "needs_electronic_result", "electronic_result", "apology_issued_on", "line")


class _Written:
    """What an ingestion wrote, for the aggregate refresh: runs of the new dossiers' ids (taken from the
    table's own sequence before they are written) and, for each updated dossier, what the aggregates
    counted of it before. Saved as ``DossierDelta`` rows when the ingestion ends: until then it holds no
    lock the refresh waits for (``cchc.indicators.services``)."""

    def __init__(self):
        self.runs: list[list[int]] = []
        self.images: list[tuple] = []
        self._sequence = None

    def before(self, old: dict) -> None:
        """Keep what the aggregates count of a stored dossier about to be updated."""
        self.images.append((old["pk"], *(old[name] for name in _DELTA_IMAGE)))

    def take(self, count: int) -> list[int]:
        """Ids for ``count`` new dossiers, in order; remembered as runs."""
        table = Dossier._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                if self._sequence is None:
                    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                    (self._sequence,) = cursor.fetchone()
                cursor.execute("SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)", [self._sequence, count])
                ids = sorted(cursor.fetchone()[0])
            else:  # SQLite: the transaction holds the write lock; AUTOINCREMENT never reuses an id
                cursor.execute(
                    f"SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM {connection.ops.quote_name(table)} "
                    "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)", [table],
                )
                start = (cursor.fetchone()[0] or 0) + 1
                ids = list(range(start, start + count))
        for pk in ids:
            if self.runs and self.runs[-1][1] + 1 == pk:
                self.runs[-1][1] = pk
            else:
                self.runs.append([pk, pk])
        return ids

    def save(self) -> None:
        DossierDelta.objects.bulk_create([DossierDelta(first_id=first, last_id=last) for first, last in self.runs],
                                         batch_size=1000)
        DossierDelta.objects.bulk_create(
            (DossierDelta(first_id=pk, last_id=pk, **dict(zip(_DELTA_IMAGE, image, strict=True)))
             for pk, *image in self.images),
            batch_size=1000,
        )


def _same(row: dict, old: dict) -> bool:
    for name in COMPARED:
        new, before = row[name], old[name]
        if isinstance(new, Decimal) and before is not None:
            if Decimal(before) != new:
                return False
        elif new != before:
            return False
    return True


def _utc_text(value: dt.datetime) -> str:
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


def _adapters(fields: tuple[str, ...]):
    """Per-column converters to what the database stores; SQLite keeps naive UTC text (as Django does)."""
    ops = connection.ops
    sqlite = connection.vendor == "sqlite"
    adapters = []
    for name in fields:
        model_field = Dossier._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
        kind = model_field.get_internal_type()
        if kind == "DateTimeField":
            adapters.append(_utc_text if sqlite else ops.adapt_datetimefield_value)
        elif kind == "DateField":
            adapters.append(str if sqlite else ops.adapt_datefield_value)
        elif kind == "DecimalField":
            adapters.append(lambda v, f=model_field: ops.adapt_decimalfield_value(v, f.max_digits, f.decimal_places))
        else:
            adapters.append(None)
    return adapters


def _as_params(rows: list[dict], fields: tuple[str, ...], adapters) -> list[tuple]:
    params = []
    for row in rows:
        values = []
        for name, adapt in zip(fields, adapters, strict=True):
            value = row[name]
            values.append(adapt(value) if adapt is not None and value is not None else value)
        params.append(tuple(values))
    return params


def _columns(fields: tuple[str, ...]) -> list[str]:
    quote = connection.ops.quote_name
    return [quote(Dossier._meta.get_field(f.removesuffix("_id") if f.endswith("_id") else f).column) for f in fields]


def _copy_or_insert(table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    """Append rows: ``COPY`` on PostgreSQL, one prepared statement on SQLite (both paths are tested)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", list(rows))


def _copy_dossiers(raw_connection, rows: list[tuple], types: list[int]) -> None:
    """COPY new dossiers (``INSERT_FIELDS`` tuples) in binary through the driver's connection (runs in
    ``_Inserter``'s helper thread): no text to format here nor to parse on the server."""
    table = connection.ops.quote_name(Dossier._meta.db_table)
    columns = ", ".join(_columns(INSERT_FIELDS))
    with raw_connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        write = copy.write_row
        for values in rows:
            write(values)


def _column_types(fields: tuple[str, ...]) -> list[int]:
    """The PostgreSQL type oids of the dossier columns of ``fields``, as binary COPY needs them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [Dossier._meta.db_table],
        )
        oids = dict(cursor.fetchall())
    return [oids[Dossier._meta.get_field(f.removesuffix("_id") if f.endswith("_id") else f).column] for f in fields]


class _Inserter:
    """Writes new dossiers chunk by chunk.

    On PostgreSQL each chunk's COPY runs in a helper thread on the same connection, hence in the
    same transaction, while the next chunk is read and checked: the server inserts while Python
    parses. psycopg holds the connection's lock for the whole COPY, so a query of the next chunk
    simply waits for it. An error in the helper is raised by ``wait`` and rolls everything back.
    """

    def __init__(self):
        self._pool = ThreadPoolExecutor(max_workers=1) if connection.vendor == "postgresql" else None
        self._pending = None
        self._types = _column_types(INSERT_FIELDS) if self._pool is not None else None

    def add(self, rows: list[tuple]) -> None:
        """Write ``INSERT_FIELDS`` tuples of new dossiers."""
        if not rows:
            return
        if self._pool is None:
            _insert(rows)
            return
        self.wait()
        connection.ensure_connection()
        self._pending = self._pool.submit(_copy_dossiers, connection.connection, rows, self._types)

    def wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)


def _insert(rows: list[tuple]) -> None:
    """Insert new dossiers (``INSERT_FIELDS`` tuples) with one prepared statement (SQLite; values adapted as Django stores them)."""
    if not rows:
        return
    table = connection.ops.quote_name(Dossier._meta.db_table)
    adapters = _adapters(INSERT_FIELDS)
    params = [
        tuple(value if adapt is None or value is None else adapt(value) for value, adapt in zip(row, adapters, strict=True))
        for row in rows
    ]
    _copy_or_insert(table, _columns(INSERT_FIELDS), params)


def _update(rows: list[dict]) -> None:
    if not rows:
        return
    fields = WRITE_FIELDS[1:]
    table = connection.ops.quote_name(Dossier._meta.db_table)
    assignments = ", ".join(f"{column} = %s" for column in _columns(fields))
    params = [(*values, row["pk"]) for values, row in zip(_as_params(rows, fields, _adapters(fields)), rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", params)


def _schedule_refresh() -> None:
    from cchc.indicators.tasks import refresh_aggregates

    transaction.on_commit(refresh_aggregates)


@transaction.atomic
def dossiers_ingest(
    *,
    records: Iterable[tuple[int, Mapping]],
    actor,
    unit: Unit,
    source: str = BatchSource.FILE,
    name: str = "",
    writable_unit_ids: frozenset[int] | None = None,
    line_label: str | None = None,
    is_demo: bool = False,
) -> IngestResult:
    """Upsert dossiers from ``(line, record)`` pairs; all or nothing.

    ``writable_unit_ids``: the units the sender may enter dossiers for (``None``: any); a row is
    refused when its unit, or the unit of the stored dossier with its code, is not among them.
    Raises ``RowErrors`` listing every bad line; then nothing is written. Each update is recorded
    as a ``DossierChange``.
    """
    ctx = _Context.load(writable_unit_ids)
    if connection.vendor == "sqlite":
        # A large file touches every index page; SQLite's default 2 MB page cache would thrash.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    batch = IngestBatch(unit=unit, source=source, name=name[:255], created_by=actor)
    batch.full_clean()
    batch.save()
    result = IngestResult(batch=batch)
    errors: list[tuple[int, str]] = []
    if batch.created_by_id is not None:
        ctx.hold(get_user_model(), {batch.created_by_id})  # the author of the DossierChange rows
    # Bulk loading allocates millions of short-lived objects and no cycles: pause the cycle collector.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with _references_checked_per_batch():
            inserter, written = _Inserter(), _Written()
            try:
                _read_and_write(records, ctx, result, inserter, written, errors, batch_id=batch.pk,
                                actor_id=batch.created_by_id, now=timezone.now(), is_demo=is_demo)
            finally:
                inserter.close()
    finally:
        if collecting:
            gc.enable()
    if errors:
        errors.sort(key=itemgetter(0))
        raise RowErrors(errors, label=line_label or _("Line"))
    written.save()
    batch.created, batch.updated, batch.unchanged = result.created, result.updated, result.unchanged
    batch.save(update_fields=["created", "updated", "unchanged"])
    if result.created or result.updated:
        _schedule_refresh()
    return result


@contextmanager
def _references_checked_per_batch() -> Iterator[None]:
    """PostgreSQL: within the block, the dossier writes skip the per-row foreign-key triggers.

    The four references of a dossier keep their constraints (every other write is checked by them,
    and a referenced row cannot be deleted while a dossier points at it). For a bulk load, checking
    them row by row costs more than the whole COPY: each row queues four trigger calls, each a query.
    The ingestion instead checks every id it writes once per batch and locks those rows FOR KEY SHARE
    until it commits (``_Context.hold``: units, procedures, due-date rules, the batch's author; the
    batch is its own, the dossiers it changes are locked by their update), which is the guarantee the
    triggers give. ``session_replication_role = replica`` is how PostgreSQL's own bulk restores skip
    them (``pg_restore --disable-triggers``); it is set for this transaction only, and put back at the
    end of the block (a rollback puts it back too). It needs the right to set the parameter
    (superuser, or ``GRANT SET ON PARAMETER session_replication_role TO <role>`` on PostgreSQL 15+);
    without it the triggers check every row, which is correct, only slower.
    """
    if connection.vendor != "postgresql" or not _may_set_replication_role():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('session_replication_role')")
        (before,) = cursor.fetchone()
        cursor.execute("SET LOCAL session_replication_role = replica")
    yield  # an exception rolls the transaction (or savepoint) back, and the setting with it
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('session_replication_role', %s, true)", [before])


def _may_set_replication_role() -> bool:
    query = (
        "SELECT has_parameter_privilege('session_replication_role', 'SET')"
        if connection.pg_version >= 150000
        else "SELECT current_setting('is_superuser') = 'on'"
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return bool(cursor.fetchone()[0])


def _read_and_write(records, ctx, result, inserter, written, errors: list, *, batch_id, actor_id, now, is_demo) -> None:
    """Parse every chunk, refuse rows that would change a dossier out of the sender's reach and,
    while no row has failed, write the chunk; appends bad rows to ``errors``."""
    seen: dict[str, int] = {}
    caches = _Caches()
    stored_before = False  # whether the last chunk read by column held stored dossiers (a re-sent file)
    for chunk in _chunks(records, CHUNK):
        fast = _parse_chunk(chunk, ctx, caches)
        codes = fast.columns["code"] if fast is not None else None
        if fast is not None and (len(set(codes)) != len(codes) or not seen.keys().isdisjoint(codes)):
            fast = None  # a repeated code: read row by row, which names the first line
        optimistic = None
        if fast is not None:
            seen.update(zip(codes, fast.lines, strict=True))
            if not errors and not stored_before:
                # Finalise the chunk as new dossiers before asking which codes are stored: that query
                # waits for the previous chunk's COPY, which thus runs while this chunk is computed.
                optimistic = _finalise_new(fast, list(range(len(codes))), ctx, caches, tail=(is_demo, batch_id, now))
            existing = _existing(codes)
            stored_before = bool(existing)
            positions = {code: position for position, code in enumerate(codes)} if existing else {}
            parsed = [fast.row(positions[code]) for code in existing]
            lines = [fast.lines[positions[code]] for code in existing]
        else:
            parsed, lines = [], []
            for line, record in chunk:
                row, row_errors = _parse_row(record, ctx)
                if row is not None and row["code"] in seen:
                    row_errors = [_("dossier code {code} is repeated (first at {line}).").format(code=row["code"], line=seen[row["code"]])]
                errors += [(line, message) for message in row_errors]
                if row_errors:
                    continue
                seen[row["code"]] = line
                parsed.append(row)
                lines.append(line)
            if not parsed:
                continue
            existing = _existing([row["code"] for row in parsed])
        if existing and ctx.writable is not None:
            errors += _out_of_reach(parsed, lines, existing, ctx)
        if errors:
            continue
        if fast is not None:
            ctx.hold(Unit, set(fast.columns["unit_id"]))
            ctx.hold(Procedure, {procedure[0] for procedure in fast.procedures})
        else:
            ctx.hold(Unit, {row["unit_id"] for row in parsed})
            ctx.hold(Procedure, {row["procedure"][0] for row in parsed})
        ready: list[list] = []
        if optimistic is not None:
            ready = optimistic
            if existing:
                keep = [position for position, code in enumerate(codes) if code not in existing]
                ready = [[column[position] for position in keep] for column in optimistic] if keep else []
        elif fast is not None:
            new = [position for position, code in enumerate(codes) if code not in existing] if existing else list(range(len(codes)))
            if new:
                ready = _finalise_new(fast, new, ctx, caches, tail=(is_demo, batch_id, now))
        _write_chunk(parsed, existing, ctx, result, inserter, written, batch_id=batch_id, actor_id=actor_id, now=now,
                     is_demo=is_demo, ready=ready)


def _out_of_reach(parsed: list[dict], lines: list, existing: dict[str, dict], ctx: _Context) -> list[tuple]:
    """Rows whose code is a stored dossier of a unit the sender may not write: refused, never updated."""
    refused = []
    for row, line in zip(parsed, lines, strict=True):
        old = existing.get(row["code"])
        if old is not None and not ctx.may_change(old["unit_id"]):
            refused.append((line, refusal(row["unit_code"], row["received_on"])))
    return refused


def _write_chunk(
    parsed: list[dict], existing: dict[str, dict], ctx: _Context, result: IngestResult, inserter: _Inserter,
    written: _Written, *, batch_id: int, actor_id: int | None, now, is_demo: bool, ready: list[list] = (),
) -> None:
    """Insert or update one chunk (``existing``: the stored facts of its codes; ``ready``: new dossiers
    already finalised, as the ``WRITE_FIELDS`` columns).

    Every update is recorded as a ``DossierChange`` with the facts it changed, and as a ``DossierDelta``
    with what the aggregates counted of the dossier before it."""
    inserts, updates, changes = [], [], []
    for row in parsed:
        old = existing.get(row["code"])
        row = _finalise(row, old, ctx)
        if old is not None and _same(row, old):
            result.unchanged += 1
            continue
        row.update(is_demo=is_demo, batch_id=batch_id, updated_at=now)
        if old is None:
            inserts.append(row)
        else:
            row["pk"] = old["pk"]
            updates.append(row)
            written.before(old)
            changes.append(DossierChange(dossier_id=old["pk"], batch_id=batch_id, changed_by_id=actor_id, changed_at=now,
                                         changes=_changed_facts(row, old)))
    count = len(ready[0]) if ready else 0
    if count or inserts:
        ids = written.take(count + len(inserts))
        rows = list(zip(ids[:count], *ready, strict=True)) if count else []
        rows += [(pk, *itemgetter(*WRITE_FIELDS)(row)) for pk, row in zip(ids[count:], inserts, strict=True)]
        inserter.add(rows)
    _update(updates)
    DossierChange.objects.bulk_create(changes, batch_size=1000)
    result.created += count + len(inserts)
    result.updated += len(updates)


def _changed_facts(row: dict, old: dict) -> dict[str, list]:
    """``{field: [before, after]}`` of the facts that differ (foreign keys by id, times in UTC)."""
    changed = {}
    for name in COMPARED:
        new, before = row[name], old[name]
        if isinstance(new, Decimal) and before is not None:
            if Decimal(before) == new:
                continue
        elif new == before:
            continue
        changed[name] = [_utc(before), _utc(new)]
    return changed


def _utc(value):
    return value.astimezone(dt.UTC) if isinstance(value, dt.datetime) else value


# -- the procedure catalogue ----------------------------------------------------------------------

PROCEDURE_COLUMNS = (
    Column("code", "Mã thủ tục", True, ("ma_tthc", "ma_thu_tuc_hanh_chinh")),
    Column("name", "Tên thủ tục", True, ("ten_tthc", "ten_thu_tuc_hanh_chinh")),
    Column("sector", "Lĩnh vực", True, ("field", "linh_vuc")),
    Column("level", "Cấp thực hiện", True),
    Column("processing_time", "Thời hạn giải quyết", True, ("thoi_han",)),
    Column("processing_unit", "Đơn vị tính thời hạn", True, ("don_vi_tinh",)),
    Column("online_level", "Mức độ dịch vụ công trực tuyến", True, ("dich_vu_cong_truc_tuyen", "muc_do_dvc")),
    Column("fee", "Phí, lệ phí", False, ("le_phi",)),
    Column("paper_result", "Kết quả là giấy tờ", False, ("ket_qua_giay",)),
)
LEVELS = {
    **dict.fromkeys(["province", "tinh", "cap_tinh"], ProcedureLevel.PROVINCE),
    **dict.fromkeys(["commune", "xa", "cap_xa"], ProcedureLevel.COMMUNE),
}
TIME_UNITS = {
    **dict.fromkeys(["working_day", "ngay_lam_viec"], ProcessingUnit.WORKING_DAY),
    **dict.fromkeys(["calendar_day", "ngay"], ProcessingUnit.CALENDAR_DAY),
    **dict.fromkeys(["working_hour", "gio", "gio_lam_viec"], ProcessingUnit.WORKING_HOUR),
    **dict.fromkeys(["month", "thang"], ProcessingUnit.MONTH),
}
ONLINE_LEVELS = {
    **dict.fromkeys(["full", "toan_trinh", "truc_tuyen_toan_trinh", "dvc_truc_tuyen_toan_trinh"], OnlineLevel.FULL),
    **dict.fromkeys(["partial", "mot_phan", "truc_tuyen_mot_phan", "dvc_truc_tuyen_mot_phan"], OnlineLevel.PARTIAL),
    **dict.fromkeys(["none", "khong", "", "khong_co"], OnlineLevel.NONE),
}
_PROCEDURE_LABELS = {c.key: c.label for c in PROCEDURE_COLUMNS}


def _parse_procedure(record: Mapping) -> tuple[dict, list[str]]:
    parsers = {
        "code": lambda v: _text(v, 40),
        "name": lambda v: _text(v, 500),
        "sector": lambda v: _text(v, 255),
        "level": lambda v: parse_choice(v, LEVELS, _("level")),
        "processing_time": lambda v: _processing_time(parse_decimal(v)),
        "processing_unit": lambda v: parse_choice(v, TIME_UNITS, _("time unit")),
        "online_level": lambda v: parse_choice(v, ONLINE_LEVELS, _("online service level")),
        "fee": parse_decimal,
        "paper_result": parse_bool,
    }
    return parse_record(record, PROCEDURE_COLUMNS, parsers)


def _processing_time(value: Decimal) -> Decimal:
    if value > 9999 or value != value.quantize(Decimal("0.1")):
        raise CellError(_("'{value}' is not a processing time.").format(value=value))
    return value


@transaction.atomic
def procedures_import(*, records: Iterable[tuple[int, Mapping]], unit: Unit, actor, is_demo: bool = False) -> tuple[int, int]:
    """Create or update catalogue entries published by ``unit`` (upsert on the code); all or nothing.

    Returns (created, updated). A code already published by another unit is refused (the message
    does not tell which). The caller checks that ``unit`` is one the user may edit.
    """
    errors: list[tuple[int, str]] = []
    rows: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for line, record in records:
        values, row_errors = _parse_procedure(record)
        code = values.get("code")
        if code and code in seen:
            row_errors.append(_("procedure code {code} is repeated (first at {line}).").format(code=code, line=seen[code]))
        elif code:
            seen[code] = line
        errors += [(line, message) for message in row_errors]
        rows.append((line, values))
    if errors:
        raise RowErrors(errors, label=_("Line"))
    existing = {p.code: p for p in Procedure.objects.filter(code__in=list(seen))}
    created = updated = 0
    for line, values in rows:
        procedure = existing.get(values["code"])
        if procedure is not None and procedure.unit_id != unit.pk:
            # Read like any refusal: whose catalogue holds the code is not told.
            errors.append((line, _("you may not enter this procedure in the catalogue of unit code '{code}'.").format(code=unit.code)))
            continue
        if procedure is None:
            procedure = Procedure(unit=unit, is_demo=is_demo)
            created += 1
        elif all(getattr(procedure, k) == v for k, v in values.items()):
            continue
        else:
            updated += 1
        for key, value in values.items():
            setattr(procedure, key, value)
        procedure.full_clean()
        procedure._history_user = actor
        procedure.save()
    if errors:
        raise RowErrors(errors, label=_("Line"))
    return created, updated


# -- the calendar -------------------------------------------------------------------------------


@transaction.atomic
def calendar_adjustment_save(*, adjustment: CalendarAdjustment, actor) -> CalendarAdjustment:
    """Record or correct an announced day off or working day; due dates already stored keep their rule.

    The one calendar's service (``cchc.calendar.services``) previews the deadlines it moves and refuses
    to move a submitted report's deadline.
    """
    return calendar_services.calendar_adjustment_save(adjustment=adjustment, actor=actor)


@transaction.atomic
def calendar_adjustment_delete(*, adjustment: CalendarAdjustment, actor) -> None:
    calendar_services.calendar_adjustment_delete(adjustment=adjustment, actor=actor)


@transaction.atomic
def counting_rules_save(*, rules: CountingRules, actor) -> CountingRules:
    """Record a version of the counting rules; it classifies dossiers received from its date on."""
    rules.full_clean()
    rules._history_user = actor
    rules.save()
    return rules

