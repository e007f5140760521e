import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.uploads import UploadPolicy, validate_upload

POLICY = UploadPolicy(extensions=frozenset({".pdf", ".docx", ".png"}), max_bytes=1024)


def test_a_pdf_within_limits_passes():
    validate_upload(SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.7 ..."), POLICY)


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("x.html", b"<html>"), "Không chấp nhận tệp loại .html; chỉ chấp nhận: DOCX, PDF, PNG."),
        (SimpleUploadedFile("x.pdf", b""), "Tệp x.pdf không có nội dung."),
        (SimpleUploadedFile("x.pdf", b"%PDF-" + b"0" * 2000), "Tệp x.pdf có dung lượng 0.0 MB; giới hạn là 0.0 MB."),
        (SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>"), "Nội dung tệp x.pdf không đúng định dạng .pdf."),
    ],
)
def test_bad_uploads_are_refused_in_vietnamese(upload, message):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload, POLICY)
    assert error.value.messages == [message]
