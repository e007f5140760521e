"""Users' XLSX and CSV tables are refused before reading when they would unzip or grow too far, and are read
in bounded memory: the peak resident memory of the process is measured around each read."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cchc.core import spreadsheets

MEGABYTE = 1024 * 1024
STATUS = Path("/proc/self/status")


def xlsx_with_rows(rows: list[list], *, filler: bytes = b"", repeat: int = 0, after: bytes = b"", level: int = 1) -> bytes:
    """An XLSX whose first sheet holds ``rows``, then ``filler`` (raw sheet XML, e.g. empty rows) ``repeat`` times,
    then ``after``, written to the archive as a stream so the test never holds the unzipped sheet in memory."""
    book = Workbook()
    for cells in rows:
        book.active.append(cells)
    source = io.BytesIO()
    book.save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as bomb:
        for info in original.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info, original.read(info))
                continue
            head, tail = original.read(info).split(b"</sheetData>", 1)
            head = head.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>')
            with bomb.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(head)
                block = filler * 10_000
                for _ in range(repeat // 10_000):
                    sheet.write(block)
                sheet.write(after + b"</sheetData>" + tail)
    return out.getvalue()


def peak_memory(read) -> tuple[object, int]:
    """What ``read()`` returns or raises, and how far the process's peak resident memory rose meanwhile (bytes)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to the current resident size
    except OSError:
        pytest.skip("the peak resident memory cannot be reset here (/proc/self/clear_refs)")
    before = _status("VmRSS")
    try:
        outcome = read()
    except spreadsheets.SpreadsheetError as error:
        outcome = error
    return outcome, _status("VmHWM") - before


def _status(field: str) -> int:
    for line in STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(field)


def test_a_sheet_that_unzips_to_a_gibibyte_is_refused_before_reading_in_small_memory():
    data = xlsx_with_rows([["Mã hồ sơ", "Mã thủ tục"]], filler=b'<row r="2"/>', repeat=1024 * MEGABYTE // 12)
    assert len(data) < 8 * MEGABYTE
    outcome, rise = peak_memory(lambda: spreadsheets.read_table(SimpleUploadedFile("bom.xlsx", data)))
    assert str(outcome) == "Tệp bom.xlsx khi giải nén vượt quá 100 MB; không đọc được."
    assert rise < 20 * MEGABYTE


def test_a_large_entry_compressed_a_thousand_to_one_is_refused(settings):
    data = xlsx_with_rows([["a"]], filler=b'<row r="2"/>', repeat=4 * MEGABYTE // 12, level=9)
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_table(SimpleUploadedFile("bom.xlsx", data))
    assert str(refused.value) == (
        "Tệp bom.xlsx có tỷ lệ nén vượt quá 200 lần (xl/worksheets/sheet1.xml); không đọc được."
    )


def test_rows_beyond_the_cap_are_refused_while_scanning_in_small_memory(settings):
    settings.UPLOAD_MAX_UNZIPPED_BYTES = 400 * MEGABYTE
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 100_000
    data = xlsx_with_rows([["a"]], filler=b'<row r="2"><c r="A2" t="n"><v>1</v></c></row>', repeat=5_000_000)
    outcome, rise = peak_memory(lambda: spreadsheets.read_table(SimpleUploadedFile("bom.xlsx", data)))
    assert str(outcome) == "Tệp bom.xlsx có hơn 100000 dòng; hãy tách thành các tệp nhỏ hơn."
    assert rise < 100 * MEGABYTE


def test_millions_of_empty_rows_after_the_data_are_not_walked(settings):
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 100_000
    data = xlsx_with_rows([["Mã hồ sơ", "Mã thủ tục"], ["HS-1", "1.000001"]], filler=b'<row r="9"/>',
                          repeat=2_000_000)
    started = time.perf_counter()
    outcome, rise = peak_memory(lambda: spreadsheets.read_table(SimpleUploadedFile("ho-so.xlsx", data)))
    assert outcome == (["Mã hồ sơ", "Mã thủ tục"], [(2, ["HS-1", "1.000001"])])
    assert rise < 100 * MEGABYTE
    assert time.perf_counter() - started < 20


def test_millions_of_empty_rows_before_a_cell_are_refused_while_scanning(settings):
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 100_000
    data = xlsx_with_rows([["a"]], filler=b'<row r="2"/>', repeat=3_000_000,
                          after=b'<row r="3"><c r="A3" t="n"><v>1</v></c></row>')
    outcome, rise = peak_memory(lambda: spreadsheets.read_table(SimpleUploadedFile("bom.xlsx", data)))
    assert str(outcome) == "Tệp bom.xlsx có hơn 100000 dòng; hãy tách thành các tệp nhỏ hơn."
    assert rise < 100 * MEGABYTE


def test_a_row_wider_than_the_cap_is_refused(settings):
    settings.SPREADSHEET_MAX_COLUMNS = 5
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_table(SimpleUploadedFile("rong.xlsx", xlsx_with_rows([["a"], list(range(6))])))
    assert str(refused.value) == "Tệp rong.xlsx có hơn 5 cột; hãy chỉ giữ các cột của mẫu."
    far = xlsx_with_rows([["a"]], filler=b'<row r="2"><c r="XFD2" t="n"><v>1</v></c></row>', repeat=10_000)
    with pytest.raises(spreadsheets.SpreadsheetError):
        spreadsheets.read_table(SimpleUploadedFile("rong.xlsx", far))


def test_a_csv_is_read_as_a_stream_and_capped(settings):
    text = "Mã,Tên\n" + "".join(f"{n},\"dòng\n{n}\"\n" for n in range(1, 4)) + "\n"
    assert spreadsheets.read_table(SimpleUploadedFile("a.csv", ("\ufeff" + text).encode())) == (
        ["Mã", "Tên"], [(2, ["1", "dòng\n1"]), (3, ["2", "dòng\n2"]), (4, ["3", "dòng\n3"])]
    )
    settings.SPREADSHEET_MAX_ROWS = 1000
    big = ("Mã,Tên\n" + "1,a\n" * 2_000_000).encode()
    outcome, rise = peak_memory(lambda: spreadsheets.read_table(SimpleUploadedFile("a.csv", big)))
    assert str(outcome) == "Tệp a.csv có hơn 1000 dòng; hãy tách thành các tệp nhỏ hơn."
    assert rise < 20 * MEGABYTE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a,b\n\xff\xfe,1\n", "Tệp không phải văn bản UTF-8; hãy lưu dưới dạng CSV UTF-8 hoặc XLSX."),
        (b'a,b\n"' + b"x" * 200_000 + b'",1\n',
         "Không đọc được dòng 2 của Tệp a.csv: field larger than field limit (100000)"),
        (b"a," * 200 + b"\n", "Tệp a.csv có hơn 100 cột; hãy chỉ giữ các cột của mẫu."),
    ],
)
def test_a_bad_csv_is_named(data, message):
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.read_table(SimpleUploadedFile("a.csv", data))
    assert str(refused.value) == message


def test_merged_ranges_are_collected_clipped_and_spread_on_demand():
    book = Workbook()
    sheet = book.active
    for cells in (["Tiêu đề", None, None], ["Nội dung", "Thang điểm", None], [None, "Điểm chuẩn", "Hướng dẫn"]):
        sheet.append(cells)
    for block in ("A1:C1", "A2:A3", "B2:C2", "C3:Z9"):
        sheet.merge_cells(block)
    data = io.BytesIO()
    book.save(data)
    read = spreadsheets.xlsx_sheet(SimpleUploadedFile("gop.xlsx", data.getvalue()), name="gop.xlsx")
    assert read.title == "Sheet"
    assert set(read.merged) == {
        spreadsheets.CellRange(1, 1, 1, 3), spreadsheets.CellRange(2, 1, 3, 1), spreadsheets.CellRange(2, 2, 2, 3),
    }  # C3:Z9 lies outside the three rows and three columns read, but for C3 alone
    rows = list(read.rows)
    assert rows == [(1, ["Tiêu đề", "", ""]), (2, ["Nội dung", "Thang điểm", ""]), (3, ["", "Điểm chuẩn", "Hướng dẫn"])]
    filler = spreadsheets.MergeFiller(read.merged)
    assert [filler.fill(number, cells) for number, cells in rows] == [
        ["Tiêu đề", "Tiêu đề", "Tiêu đề"], ["Nội dung", "Thang điểm", "Thang điểm"], ["Nội dung", "Điểm chuẩn", "Hướng dẫn"],
    ]


def test_more_merged_ranges_than_the_cap_are_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_MERGED_RANGES", 2)
    book = Workbook()
    book.active.append(["a", "b", "c", "d", "e", "f"])
    for block in ("A1:B1", "C1:D1", "E1:F1"):
        book.active.merge_cells(block)
    data = io.BytesIO()
    book.save(data)
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        spreadsheets.xlsx_sheet(SimpleUploadedFile("gop.xlsx", data.getvalue()), name="gop.xlsx")
    assert str(refused.value) == "Tệp gop.xlsx có hơn 2 vùng ô gộp; không đọc được."
    assert spreadsheets.read_table(SimpleUploadedFile("gop.xlsx", data.getvalue()))[0] == ["a", "", "c", "", "e"]
