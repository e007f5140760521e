"""Scans and photos: the shared layout reading, page preparation, and every bad input refused or
marked before anything is decoded or written. The few tests that need Tesseract call
``scanning.require_tools``; the whole-seed imports are in ``test_scan_seed_00N.py``."""

from __future__ import annotations

import io
import zlib
from unittest import mock

import numpy as np
import pdfplumber
import pytest
from PIL import Image, ImageDraw

from cchc.documents import ocr, pdftext, review, scans
from cchc.documents.choices import ImportStatus
from cchc.documents.errors import DocumentError
from cchc.documents.pagelayout import cell_text, words
from cchc.documents.readers import read_document
from cchc.documents.tests import scanning
from cchc.documents.tests.factories import read_job, upload
from cchc.documents.tests.support import FILES

MISSING = ocr.missing_message()


def _error(data: bytes, name: str, **kwargs) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(data, name, **kwargs)
    return caught.value.message


def _image_pdf(pages: int, size=(60, 80), dpi=10) -> bytes:
    images = [Image.new("L", size, 255) for _ in range(pages)]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


def _jpeg(size, color=255) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", size, color).save(buffer, format="JPEG", quality=60)
    return buffer.getvalue()


def _bomb_pdf(width: int, height: int) -> bytes:
    """One page showing an image that declares ``width`` × ``height`` pixels (its data is a few bytes)."""
    data = zlib.compress(b"\x00" * 64)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(data)) + data + b"\nendstream",
        b"<< /Length 35 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --------------------------------------------------------------------------- the shared layout reading


@pytest.mark.parametrize("name", ["seed_001.pdf", "seed_003.pdf"])
def test_words_and_cell_text_are_pdfplumbers_on_every_page(name):
    with pdfplumber.open(FILES / name) as pdf:
        for page in pdf.pages:
            chars = page.chars
            mine = [(w["text"], w["x0"], w["top"]) for w in words(chars, x_tolerance=1.5)]
            theirs = [(w["text"], w["x0"], w["top"]) for w in page.extract_words(x_tolerance=1.5, y_tolerance=3)]
            assert mine == theirs, page.page_number
            for table in page.find_tables():
                assert [[cell_text([c for c in chars if _inside(c, cell)]) if cell else None for cell in row.cells]
                        for row in table.rows] == table.extract(), page.page_number


def _inside(char, box) -> bool:
    cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= cx < box[2] and box[1] <= cy < box[3]


def test_pdfium_reads_every_seed_page_itself_without_falling_back():
    for name in ("seed_001.pdf", "seed_003.pdf"):
        with pdftext.LOCK:
            document = pdftext.open_pdf((FILES / name).read_bytes())
            try:
                read = [pdftext.read_page(document[index], index + 1)[1] for index in range(len(document))]
            finally:
                document.close()
        assert all(content is not None and content.chars for content in read), name


# --------------------------------------------------------------------------- page preparation


def _table_image() -> scans.PageImage:
    """A 300-dpi page with a 3-row, 4-column ruled table and text-like strokes in its cells."""
    image = Image.new("L", (2000, 1400), 255)
    draw = ImageDraw.Draw(image)
    for y in (200, 400, 700, 1000):
        draw.line([(150, y), (1850, y)], fill=0, width=3)
    for x in (150, 400, 1000, 1500, 1850):
        draw.line([(x, 200), (x, 1000)], fill=0, width=3)
    for top in (250, 450, 750):  # "letters": short strokes that reach neither rule of their row
        for left in range(430, 950, 40):
            draw.rectangle([left, top, left + 6, top + 60], fill=0)
    draw.line([(300, 1200), (1700, 1200)], fill=0, width=3)  # a lone rule (a signature line), no cells
    return scans.PageImage(image=image, dpi=300)


def test_ruling_lines_are_the_table_rules_and_not_the_letters():
    rules = scans.ruling_lines(_table_image())

    assert [round(y) for y, _x0, _x1 in rules.horizontal] == [200, 400, 700, 1000, 1200]
    assert sorted(round(x) for x, _y0, _y1 in rules.vertical) == [150, 400, 1000, 1500, 1850]
    assert all(y1 - y0 > 780 for _x, y0, y1 in rules.vertical)


def test_the_column_rules_of_a_header_row_above_a_merged_heading_row_are_kept():
    """The header row's column rules stop at the merged area heading row below it (which has none),
    so each spans one short row only; they stand where the rules of the task rows below stand."""
    image = Image.new("L", (2000, 1400), 255)
    draw = ImageDraw.Draw(image)
    for y in (200, 330, 400, 800, 1200):  # header (two lines), area heading, two task rows
        draw.line([(150, y), (1850, y)], fill=0, width=3)
    for x in (150, 400, 1850):  # the outer rules and the number column's rule run through
        draw.line([(x, 200), (x, 1200)], fill=0, width=3)
    for x in (1000, 1500):  # the other column rules: in the header, and again under the heading row
        draw.line([(x, 200), (x, 330)], fill=0, width=3)
        draw.line([(x, 400), (x, 1200)], fill=0, width=3)
    for left in range(430, 950, 40):  # a header cell's two lines of "letters", touching neither rule
        draw.rectangle([left, 215, left + 6, 262], fill=0)
        draw.rectangle([left, 268, left + 6, 315], fill=0)

    rules = scans.ruling_lines(scans.PageImage(image=image, dpi=300))

    spans = sorted((round(x), round(y0), round(y1)) for x, y0, y1 in rules.vertical)
    assert [(x, y0, y1) for x, y0, y1 in spans if x in (1000, 1500)] == [
        (1000, 200, 330), (1000, 400, 1200), (1500, 200, 330), (1500, 400, 1200)]
    assert sorted({x for x, _y0, _y1 in spans}) == [150, 400, 1000, 1500, 1850]


def test_a_heading_letter_touching_a_column_rule_does_not_carry_the_rule_into_the_heading_row():
    image = Image.new("L", (2000, 1400), 255)
    draw = ImageDraw.Draw(image)
    for y in (200, 300, 700, 1100):  # a merged heading row, then two task rows
        draw.line([(150, y), (1850, y)], fill=0, width=3)
    for x in (150, 1850):
        draw.line([(x, 200), (x, 1100)], fill=0, width=3)
    draw.line([(1000, 300), (1000, 1100)], fill=0, width=3)
    draw.rectangle([998, 240, 1004, 300], fill=0)  # a stroke of the heading's text, down onto the rule

    rules = scans.ruling_lines(scans.PageImage(image=image, dpi=300))

    assert [(round(y0), round(y1)) for x, y0, y1 in rules.vertical if round(x) in range(995, 1006)] == [(300, 1100)]


def test_specks_are_cleared_and_tone_marks_kept():
    image = Image.new("L", (400, 400), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle([40, 40, 41, 41], fill=0)  # a 2 × 2 speck of scanner dust
    draw.rectangle([80, 40, 82, 40], fill=0)  # a 3-pixel one
    draw.rectangle([200, 200, 219, 229], fill=0)  # a letter…
    draw.rectangle([208, 236, 211, 239], fill=0)  # …and the 4 × 4 dot under it ("ạ")
    draw.rectangle([300, 100, 303, 103], fill=0)  # the dot of an "i" whose stem is further off
    page = scans.PageImage(image=image, dpi=300)

    ink = np.asarray(scans.cleaned(page, scans.ruling_lines(page)).image) == 0

    assert not ink[35:50, 35:90].any()
    assert ink[200:230, 200:220].all() and ink[236:240, 208:212].all() and ink[100:104, 300:304].all()
    assert set(np.unique(np.asarray(scans.cleaned(page, scans.ruling_lines(page)).image))) == {0, 255}


def test_a_page_turned_by_two_degrees_is_straightened():
    image = Image.new("L", (1600, 2000), 255)
    draw = ImageDraw.Draw(image)
    for top in range(200, 1800, 60):
        draw.rectangle([200, top, 1400, top + 22], fill=0)
    turned = image.rotate(2.0, resample=Image.Resampling.BICUBIC, fillcolor=255)

    _page, angle = scans.deskew(scans.PageImage(image=turned, dpi=300))

    assert angle == pytest.approx(-2.0, abs=0.15)


# --------------------------------------------------------------------------- refused before decoding


def test_without_tesseract_a_scanned_pdf_names_the_packages_to_install():
    with mock.patch.object(ocr, "missing", return_value=MISSING):
        message = _error(_image_pdf(1), "scan.pdf")
    assert message.startswith("Tệp PDF là bản quét (chỉ có hình ảnh, không có lớp văn bản).")
    assert "tesseract-ocr và tesseract-ocr-vie" in message


def test_without_tesseract_photos_are_refused_at_upload(world):
    from django.core.exceptions import ValidationError

    from cchc.documents import services

    with mock.patch.object(ocr, "missing", return_value=MISSING), pytest.raises(ValidationError) as caught:
        services.import_upload(unit=world.dept_a, file=upload("anh.jpg", _jpeg((800, 1000))), actor=world.users["focal"])
    assert caught.value.message_dict == {"file": [MISSING]}


def test_a_200_page_scan_is_refused_before_any_page_is_recognised():
    with mock.patch.object(ocr, "missing", return_value=None), mock.patch.object(ocr, "recognise") as recognise:
        message = _error(_image_pdf(200), "scan.pdf")
    assert message == ("Tệp PDF có 200 trang bản quét, vượt quá giới hạn nhận dạng 60 trang một lần; "
                       "hãy tách tệp thành các phần nhỏ hơn.")
    recognise.assert_not_called()


def test_a_pdf_image_bomb_is_refused_from_its_declared_size():
    with mock.patch.object(ocr, "missing", return_value=None), mock.patch.object(scans, "render_pdf_page") as render:
        message = _error(_bomb_pdf(100_000, 100_000), "bom.pdf")
    assert message == "Trang 1 của tệp PDF chứa hình ảnh quá lớn (10000 megapixel; tối đa 50); không đọc được."
    render.assert_not_called()


def test_a_photo_over_the_pixel_limit_is_refused_from_its_header():
    with mock.patch.object(ocr, "missing", return_value=None):
        message = _error(_jpeg((9000, 6000)), "anh.jpg")
    assert message == ("Ảnh 1 có 54 megapixel (9000 × 6000), vượt quá giới hạn 50 megapixel; "
                       "hãy chụp lại ở độ phân giải thấp hơn.")


def test_a_damaged_photo_is_named():
    with mock.patch.object(ocr, "missing", return_value=None):
        message = _error(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "anh.png")
    assert message == "Ảnh 1 không phải ảnh JPG hay PNG đọc được (tệp hỏng hoặc không đầy đủ)."


def test_a_page_that_runs_out_of_time_is_skipped_with_a_warning_naming_it():
    pages = iter([ocr.PageTimeout(), ocr.PageTimeout()])

    def slow(image, *, number):
        raise next(pages)

    with mock.patch.object(ocr, "missing", return_value=None), mock.patch.object(ocr, "recognise", side_effect=slow):
        message = _error(_image_pdf(2, size=(600, 800), dpi=72), "scan.pdf")
    assert message == ("Các trang 1, 2 không nhận dạng xong trong 90 giây mỗi trang (ảnh quá lớn hoặc quá nhiễu). "
                       "Hãy quét lại ở 200–300 dpi hoặc tải lên bản Word.")


# --------------------------------------------------------------------------- with Tesseract


@pytest.mark.django_db
def test_a_blank_scanned_page_ends_the_job_with_a_clear_reason(world):
    scanning.require_tools(libreoffice=False)
    job = read_job(world.dept_a, world.users["focal"], "trang-trang.pdf", _image_pdf(1, size=(1240, 1754), dpi=150))

    assert job.status == ImportStatus.FAILED
    assert job.error == ("Không nhận dạng được chữ nào trên bản quét: các trang trống, ảnh quá mờ hoặc quá tối. "
                         "Hãy quét lại rõ hơn (200–300 dpi) hoặc tải lên bản Word.")
    assert job.result == {}


@pytest.mark.django_db
def test_a_40_megapixel_photo_is_read_at_a_reduced_size(world):
    scanning.require_tools(libreoffice=False)
    image = Image.new("L", (7744, 5163), 255)
    draw = ImageDraw.Draw(image)
    for top in range(600, 4600, 300):
        draw.rectangle([800, top, 7000, top + 90], fill=0)  # bars, not letters: nothing to read

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=50)
    job = read_job(world.dept_a, world.users["focal"], "anh-40mp.jpg", buffer.getvalue())

    assert job.status == ImportStatus.FAILED
    assert job.error.startswith(("Không nhận dạng được chữ nào", "Không tìm thấy nhiệm vụ nào"))


@pytest.mark.django_db
def test_a_scan_of_something_that_is_not_a_plan_says_so(world):
    scanning.require_tools(libreoffice=False)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    from PIL import ImageFont

    font = ImageFont.load_default(size=64)
    for index, line in enumerate(["THONG BAO", "Lich hop giao ban tuan 12", "Thu Hai, 8 gio, phong hop so 2",
                                  "Thanh phan: lanh dao cac phong"]):
        draw.text((250, 300 + index * 140), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")

    job = read_job(world.dept_a, world.users["focal"], "thong-bao.png", buffer.getvalue())

    assert job.status == ImportStatus.FAILED
    assert job.error.startswith("Không tìm thấy nhiệm vụ nào trong tệp")


# --------------------------------------------------------------------------- marking unsure fields


def test_a_field_holding_a_word_read_with_low_confidence_is_marked():
    draft = {
        "title": "Kế hoạch cải cách hành chính", "number": "12/KH-SXD", "issuer": "Sở Xây dựng", "signer": {"name": "Vũ Văn Hưng"},
        "uncertain": [],
        "tasks": [
            {"lines": [10, 12], "title": "Rà soát văn bản", "number": "1", "lead": "Vă,n phòng Sở", "coordinators": [],
             "products": ["Báo cáo"], "timeframe": {"text": "Qúy I/2024"}, "budget": "", "uncertain": ["budget"]},
            {"lines": [13, 13], "title": "Kiểm tra công vụ", "number": "2", "lead": "Thanh tra Sở", "coordinators": [],
             "products": [], "timeframe": {"text": "Năm 2024"}, "budget": "", "uncertain": []},
        ],
    }
    unsure = {"11": ["Qúy"], "12": ["Vă,n"], "3": ["Hưng."], "13": ["Thanh"]}

    review.mark_unsure(draft, unsure, {"title": [1, 1], "signer": [3, 3]})

    assert draft["tasks"][0]["uncertain"] == ["budget", "lead", "timeframe"]
    assert draft["tasks"][1]["uncertain"] == ["lead"]
    assert draft["uncertain"] == ["signer.name"]


def test_marks_read_apart_from_any_letter_are_dropped_and_words_kept_however_unsure():
    words = [("Kếhoạch", 91), ("ˆ", 88), ("rà", 35), ("~", 96), ("_", 70), ("-", 93), ("·", 20), ("soát", 90)]
    data = {"level": [4] + [5] * len(words), "block_num": [1] * (len(words) + 1), "par_num": [1] * (len(words) + 1),
            "line_num": [1] * (len(words) + 1), "text": [""] + [text for text, _conf in words],
            "conf": [-1] + [conf for _text, conf in words], "left": [0] + [100 * index for index in range(len(words))],
            "top": [50] * (len(words) + 1), "width": [900] + [80] * len(words), "height": [30] * (len(words) + 1)}
    page = scans.PageImage(image=Image.new("L", (1000, 200), 255), dpi=300)
    rules = scans.Rules(horizontal=[], vertical=[], mask=None)

    content = ocr._content(1, page, data, rules)

    assert [char["word_text"] for char in content.chars if char["text"] != " "] == [
        *["Kếhoạch"] * 7, *["rà"] * 2, "-", *["soát"] * 4]


def test_scan_regions_are_the_union_of_a_tasks_lines_on_each_page():
    boxes = {"5": [2, 0.1, 0.2, 0.9, 0.3], "6": [2, 0.1, 0.3, 0.9, 0.5], "7": [3, 0.1, 0.1, 0.9, 0.2]}
    pages = {2: {"width": 1000, "height": 2000}, 3: {"width": 1000, "height": 2000}}

    regions = review.scan_regions(boxes, pages, [5, 7])

    assert [(r["page"], r["x"], r["y"], r["width"], r["height"]) for r in regions] == [
        (2, 90, 380, 820, 640), (3, 90, 180, 820, 240)]


# --------------------------------------------------------------------------- the number column in sequence


def test_misread_and_missing_task_numbers_of_a_recognised_table_are_put_back_in_sequence():
    from cchc.documents import numbering
    from cchc.documents.readers import Cell, Row, Table

    def row(line, number, title, *, area=False, first=False):
        cells = [Cell(number), Cell(title)] + [Cell(title if area else "Văn phòng", merged=area) for _ in range(3)]
        return Row(cells=tuple(cells), line=line, page=1, starts_page=first, box=(0, 0, 1, 1))

    page_one = Table(rows=(row(1, "STT", "Nhiệm vụ", first=True), row(2, "|", "Cải cách thể chế", area=True),
                           row(3, "1", "Rà soát"), row(4, "", "Theo dõi"), row(5, "5", "Phổ biến")), line=1, page=1)
    page_two = Table(rows=(row(6, "STT", "Nhiệm vụ", first=True), row(7, "", "pháp luật"), row(8, "4", "Kiểm soát"),
                           row(9, "", "Cải cách hành chính", area=True), row(10, "6", "Công khai")), line=6, page=2)

    fixed = numbering.repair([page_one, page_two])

    assert [r.cells[0].text for t in fixed for r in t.rows] == ["STT", "I", "1", "2", "3", "STT", "", "4", "II", "5"]
    assert [r.unsure for t in fixed for r in t.rows if r.unsure] == [("I",), ("2",), ("3",), ("II",), ("5",)]


def test_a_lone_one_under_an_area_is_a_restart_only_in_a_plan_numbered_afresh_in_each_area():
    from cchc.documents import numbering
    from cchc.documents.readers import Cell, Row, Table

    def table(*rows):
        built = []
        for line, (number, title) in enumerate(rows, start=1):
            area = number in ("I", "II", "III")
            cells = [Cell(number), Cell(title)] + [Cell(title if area else "Văn phòng", merged=area) for _ in range(3)]
            built.append(Row(cells=tuple(cells), line=line, page=1, starts_page=line == 1, box=(0, 0, 1, 1)))
        return Table(rows=tuple(built), line=1, page=1)

    through = table(("STT", "Nhiệm vụ"), ("I", "Cải cách thể chế"), ("1", "Rà soát"), ("2", "Theo dõi"),
                    ("II", "Cải cách thủ tục hành chính"), ("3", "Công bố"), ("III", "Cải cách công vụ"),
                    ("1", "Tuyển dụng"), ("5", "Đào tạo"))
    afresh = table(("STT", "Nhiệm vụ"), ("I", "Cải cách thể chế"), ("1", "Rà soát"), ("2", "Theo dõi"),
                   ("II", "Cải cách thủ tục hành chính"), ("1", "Công bố"), ("III", "Cải cách công vụ"),
                   ("1", "Tuyển dụng"), ("2", "Đào tạo"))

    assert [row.cells[0].text for row in numbering.repair([through])[0].rows] == [
        "STT", "I", "1", "2", "II", "3", "III", "4", "5"]
    assert [row.cells[0].text for row in numbering.repair([afresh])[0].rows] == [
        "STT", "I", "1", "2", "II", "1", "III", "1", "2"]


def test_tables_of_a_text_layer_are_left_as_they_are():
    from cchc.documents import numbering
    from cchc.documents.readers import Cell, Row, Table

    table = Table(rows=(Row(cells=(Cell("STT"), Cell("Nhiệm vụ")), line=1), Row(cells=(Cell("5"), Cell("Rà soát")), line=2)),
                  line=1)
    assert numbering.repair([table]) == [table]
