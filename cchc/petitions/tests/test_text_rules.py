"""Tracking codes, the text checks and the masking of personal data (pure)."""

import pytest
from django.core.exceptions import ValidationError

from cchc.petitions import tracking
from cchc.petitions.redaction import MASK, redact
from cchc.petitions.validation import clean_phone, clean_text


def test_codes_use_an_alphabet_without_look_alikes_and_read_back_however_typed():
    code = tracking.new_code()
    assert len(code) == 10 and set(code) <= set(tracking.ALPHABET)
    assert not set("01258BILOSUVZ") & set(tracking.ALPHABET)
    shown = tracking.display(code)
    assert shown[5] == "-"
    assert tracking.normalise(f"  {shown.lower()} ") == code
    assert tracking.normalise(shown.replace("-", " ")) == code


@pytest.mark.parametrize("typed", ["", "ABC", "ACDEF-GHJK0", "ACDEFGHJKMN", "x" * 41, None, 12345, "ACDEF\x00GHJKM"])
def test_anything_else_is_no_code(typed):
    assert tracking.normalise(typed) is None


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "< img src=x>", "</p>", "<!-- x -->", "JavaScript :alert(1)"])
def test_markup_is_refused(text):
    with pytest.raises(ValidationError) as refused:
        clean_text(text, label="Nội dung", max_length=5000)
    assert refused.value.messages == ["Nội dung: không nhận thẻ HTML và mã lệnh (như <script>)."]


@pytest.mark.parametrize("text", ["1 < 2 và 3 > 2", '=HYPERLINK("http://x","y")', "+84 912", "@all", "- mục 1", "a & b"])
def test_comparisons_and_formulas_stay_text(text):
    assert clean_text(text, label="Nội dung", max_length=5000) == text


def test_limits_and_nul():
    assert clean_text("  x \r\n y ", label="Nội dung", max_length=10) == "x \n y"
    with pytest.raises(ValidationError) as refused:
        clean_text("a\x00b", label="Nội dung", max_length=10)
    assert refused.value.messages == ["Nội dung: không được chứa ký tự rỗng (NUL)."]
    with pytest.raises(ValidationError):
        clean_text("x" * 11, label="Nội dung", max_length=10)
    assert clean_phone("(0292) 3.820-123", label="Số điện thoại") == "(0292) 3.820-123"
    with pytest.raises(ValidationError):
        clean_phone("1234567", label="Số điện thoại")


def test_personal_data_is_masked():
    text = ("Tôi Nguyễn Văn A, CMND 361234567, CCCD 079123456789, điện thoại 0912.345.678 hoặc +84 912 345 678, "
            "thư a.nguyen+pakn@example.vn, nhà số 5 Hẻm 12. Hồ sơ 000.00.12.H13-250101-0001 ngày 05/6/2025.")
    masked = redact(text, known=["Nguyễn Văn A", "số 5 Hẻm 12", "", "ab"])
    assert masked == (f"Tôi {MASK}, CMND {MASK}, CCCD {MASK}, điện thoại {MASK} hoặc {MASK}, thư {MASK}, nhà {MASK}. "
                      "Hồ sơ 000.00.12.H13-250101-0001 ngày 05/6/2025.")
