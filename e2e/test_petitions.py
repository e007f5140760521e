"""A citizen files a petition on a phone-sized screen (375×667), staff handle it, the citizen rates the answer.

Every public page is photographed (test-artifacts/petitions_*.png) and checked for horizontal scrolling.
"""

import re

import pytest

from cchc.petitions.models import Petition
from cchc.units.demo import DEMO_PASSWORD, load_demo
from cchc.units.models import Unit
from e2e.conftest import login

PDF = b"%PDF-1.4\n% anh chup bien nhan ho so\n%%EOF\n"
PHONE = {"width": 375, "height": 667}


def fits(page) -> None:
    """The page reads on a 375 px screen without scrolling sideways."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def step(page, action: str) -> None:
    """Open a step from the petition's page and wait for its form."""
    page.locator("#actions a", has_text=action).click()
    page.wait_for_selector("form.form")


def submit_step(page) -> None:
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/petitions/\d+/$"))


def logout(page) -> None:
    page.click("form[action='/accounts/logout/'] button")


@pytest.mark.django_db(transaction=True)
def test_a_citizen_files_a_petition_staff_answer_it_and_the_citizen_rates_it(page, artifacts):
    load_demo(communes=1, departments=6, divisions=3)
    city = Unit.objects.get(code="92", valid_to__isnull=True)
    page.set_viewport_size(PHONE)

    # The citizen chooses the city and files a petition with a photo of the receipt.
    page.goto(page.base_url + "/cong-khai/phan-anh/")
    fits(page)
    page.screenshot(path=str(artifacts / "petitions_public_home.png"), full_page=True)
    page.select_option("#don-vi", str(city.pk))
    page.click("text=Tiếp tục")
    page.wait_for_selector("#pakn-form")
    page.fill("#id_content", "Hồ sơ cấp phép xây dựng nộp ngày 02/6 đã quá hẹn nhưng chưa nhận được thư xin lỗi.")
    page.fill("#id_dossier_code", "000.00.12.H13-250602-0007")
    page.fill("#id_contact_name", "Phạm Thị Hoa")
    page.fill("#id_contact_phone", "0987 654 321")
    page.set_input_files("#id_files", files=[{"name": "bien-nhan.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    fits(page)
    page.screenshot(path=str(artifacts / "petitions_public_form.png"), full_page=True)
    page.click("#pakn-form button[type=submit]")
    page.wait_for_selector("#ma-tra-cuu")
    code = page.inner_text("#ma-tra-cuu").strip()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    fits(page)
    page.screenshot(path=str(artifacts / "petitions_public_submitted.png"), full_page=True)

    # ... and looks it up by its code, typed in lower case.
    page.click("text=Tra cứu bằng mã")
    page.fill("#id_code", code.lower())
    page.click("main form button[type=submit]")
    page.wait_for_selector("#tinh-trang")
    assert page.inner_text("#tinh-trang") == "Chờ tiếp nhận"
    fits(page)
    page.screenshot(path=str(artifacts / "petitions_public_lookup_received.png"), full_page=True)
    # a wrong code gets the neutral message
    page.fill("#id_code", "ACDEF-GHJKM")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#khong-thay")
    page.screenshot(path=str(artifacts / "petitions_public_lookup_wrong_code.png"), full_page=True)
    petition = Petition.objects.get()
    assert petition.attachments.get().file_name == "bien-nhan.pdf"

    # The city's administrator classifies it and transfers it to Sở Xây dựng.
    login(page, "admin", DEMO_PASSWORD)
    page.goto(page.base_url + petition.get_absolute_url())
    assert "0987 654 321" in page.inner_text("#facts")
    step(page, "Phân loại")
    page.check("input[name=category][value=regulation]")
    submit_step(page)
    step(page, "Chuyển xử lý")
    page.select_option("#id_to_unit", str(Unit.objects.get(code="92-SXD").pk))
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    logout(page)

    # Sở Xây dựng's focal officer accepts and answers it.
    login(page, "xaydung.daumoi", DEMO_PASSWORD)
    page.goto(page.base_url + petition.get_absolute_url())
    assert "Sở Xây dựng" in page.inner_text("#facts")
    step(page, "Tiếp nhận hoặc từ chối")
    page.check("input[name=decision][value=accept]")
    submit_step(page)
    step(page, "Dự thảo trả lời")
    page.fill("#id_answer", "Sở Xây dựng đã gửi thư xin lỗi bà Phạm Thị Hoa (0987 654 321) và trả kết quả ngày 10/6.")
    submit_step(page)
    logout(page)

    # The head of unit approves it.
    login(page, "xaydung.giamdoc", DEMO_PASSWORD)
    page.goto(page.base_url + petition.get_absolute_url())
    step(page, "Duyệt hoặc trả lại dự thảo")
    page.check("input[name=decision][value=approve]")
    submit_step(page)
    logout(page)

    # The focal officer publishes it; personal data is masked.
    login(page, "xaydung.daumoi", DEMO_PASSWORD)
    page.goto(page.base_url + petition.get_absolute_url())
    step(page, "Công khai trả lời")
    summary = page.input_value("#id_summary")
    assert "Phạm Thị Hoa" not in summary
    submit_step(page)
    assert "Đã công khai trả lời" in page.inner_text("h1")
    history = page.inner_text("#history")
    for done in ("Phân loại", "Chuyển xử lý", "Tiếp nhận xử lý", "Dự thảo trả lời", "Duyệt trả lời"):
        assert done in history
    page.screenshot(path=str(artifacts / "petitions_staff_published.png"), full_page=True)
    logout(page)

    # The citizen reads the answer and rates it.
    page.goto(page.base_url + "/cong-khai/phan-anh/tra-cuu/")
    page.fill("#id_code", code)
    page.click("main form button[type=submit]")
    page.wait_for_selector("#tra-loi")
    answer = page.inner_text("#tra-loi")
    assert "Sở Xây dựng đã gửi thư xin lỗi bà [đã ẩn] ([đã ẩn])" in answer
    fits(page)
    page.screenshot(path=str(artifacts / "petitions_public_lookup_answered.png"), full_page=True)
    page.check("#danh-gia input[value=satisfied]")
    page.click("#danh-gia button[type=submit]")
    page.wait_for_selector("#da-danh-gia")
    assert "Hài lòng" in page.inner_text("#da-danh-gia")
    fits(page)
    page.screenshot(path=str(artifacts / "petitions_public_rated.png"), full_page=True)
    assert Petition.objects.get().rating.value == "satisfied"

    # The published answers, with personal data removed.
    page.goto(page.base_url + "/cong-khai/phan-anh/tra-loi/")
    text = page.inner_text("main")
    assert "Sở Xây dựng đã gửi thư xin lỗi" in text
    assert "Phạm Thị Hoa" not in text and "0987 654 321" not in text
    fits(page)
    page.screenshot(path=str(artifacts / "petitions_public_answers.png"), full_page=True)

    # The form, the lookup and the rating work from the keyboard alone: the first Tab reaches the skip link.
    page.goto(page.base_url + "/cong-khai/phan-anh/tra-cuu/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
