"""Word templates are user code: rendered in a sandbox that sees only plain data and runs nothing."""

import datetime as dt
import io

import docx
import pytest
from docxtpl import RichText

from cchc.core import docx_render


def docx_with(*texts: str) -> bytes:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_of(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_documented_variables_are_filled():
    data = docx_render.render(docx_with("{{ name }} – {% for line in lines %}{{ line }};{% endfor %} {{ day }}"),
                              {"name": "Sở Nội vụ", "lines": ["a", "b"], "day": dt.date(2026, 3, 5)})
    assert text_of(data) == ["Sở Nội vụ – a;b; 05/03/2026"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{{ cycler.__init__.__globals__.os.popen('touch %(mark)s').read() }}",
         "Mẫu Word dùng thao tác không được phép: access to attribute '__init__' of 'StrictUndefined' object is unsafe."),
        ("{{ lipsum.__globals__['os'].popen('touch %(mark)s').read() }}",
         "Không điền được mẫu Word: 'lipsum' is undefined"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
         "Mẫu Word dùng thao tác không được phép: access to attribute '__class__' of 'str' object is unsafe."),
        ("{{ name.__class__.__init__.__globals__ }}",
         "Mẫu Word dùng thao tác không được phép: access to attribute '__init__' of 'StrictUndefined' object is unsafe."),
        ("{{ lines.append('x') }}",
         "Mẫu Word dùng thao tác không được phép: access to attribute 'append' of 'list' object is unsafe."),
        ("{{ name * 100000000 }}", "Mẫu Word dùng thao tác không được phép: repetition too large"),
        ("{{ settings.SECRET_KEY }}", "Không điền được mẫu Word: 'settings' is undefined"),
    ],
)
def test_a_template_that_reaches_for_code_is_refused_and_runs_nothing(tmp_path, payload, message):
    mark = tmp_path / "ran"
    with pytest.raises(docx_render.TemplateProblem) as refused:
        docx_render.render(docx_with(payload % {"mark": mark}), {"name": "x", "lines": ["a"]})
    assert str(refused.value) == message
    assert not mark.exists()


def test_the_check_at_upload_refuses_a_payload_and_accepts_a_good_template(tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mark = tmp_path / "ran"
    evil = SimpleUploadedFile("mau.docx", docx_with(f"{{{{ cycler.__init__.__globals__.os.popen('touch {mark}').read() }}}}"))
    assert docx_render.check(evil, {"name": "x"}) == (
        "Mẫu Word dùng thao tác không được phép: access to attribute '__init__' of 'StrictUndefined' object is unsafe."
    )
    assert not mark.exists()
    assert docx_render.check(SimpleUploadedFile("mau.docx", docx_with("{{ name }}")), {"name": "x"}) is None


def test_only_plain_data_reaches_a_template():
    assert docx_render.plain({"a": [1, ("b", None)], "r": RichText("x")}) == {"a": [1, ["b", None]], "r": RichText("x").xml}
    with pytest.raises(TypeError):
        docx_render.plain({"user": object()})


def test_a_zip_bomb_template_is_refused_before_it_is_opened(settings):
    settings.UPLOAD_MAX_UNZIPPED_BYTES = 10 * 1024
    with pytest.raises(docx_render.TemplateProblem) as refused:
        docx_render.render(docx_with("{{ name }}"), {"name": "x"})
    assert str(refused.value) == "Mẫu Word khi giải nén vượt quá 0.01 MB; không đọc được."
