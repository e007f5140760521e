"""Persona matrix for every plans page, and what each page shows."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from cchc.core.testing.personas import build_world
from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.plans import selectors, services
from cchc.plans.choices import ReformArea
from cchc.plans.models import (
    Evidence,
    ManualMeasurement,
    Plan,
    PlanArea,
    PlanVersion,
    ProgressUpdate,
    Target,
    Task,
)
from cchc.plans.tests.factories import department_plan, province_plan

ALL = ["admin", "steering", "viewer", "head", "focal", "staff", "outsider", "commune", "anonymous"]


def matrix(default: int, *, anonymous: int = 302, **statuses) -> dict[str, int]:
    """Every persona gets ``default`` unless named; anonymous visitors are sent to sign in (pages) or get 401 (API)."""
    return {persona: statuses.get(persona, default) for persona in ALL} | {"anonymous": anonymous}


READ_ALL = matrix(200)
#: the department's issued plan: the province's people, the department's and its divisions' (who read
#: the plan of the unit above them); not other branches
READ_PLAN = matrix(200, outsider=404, commune=404)
#: a task the division coordinates: its staff see it too
READ_TASK = matrix(200, outsider=404, commune=404)
EDIT_PLAN = matrix(403, admin=200, head=200, focal=200, staff=404, outsider=404, commune=404)
EDIT_PLAN_POST = {**EDIT_PLAN, "admin": 302, "head": 302, "focal": 302}
#: the department's issued plan: its divisions read it, so their writes are refused with 403
EDIT_ISSUED_PLAN = {**EDIT_PLAN, "staff": 403}
EDIT_ISSUED_PLAN_POST = {**EDIT_PLAN_POST, "staff": 403}
APPROVE_PLAN = matrix(403, admin=200, head=200, staff=404, outsider=404, commune=404)
APPROVE_PLAN_POST = {**APPROVE_PLAN, "admin": 302, "head": 302}
APPROVE_ISSUED_PLAN = {**APPROVE_PLAN, "staff": 403}
APPROVE_ISSUED_PLAN_POST = {**APPROVE_PLAN_POST, "staff": 403}


def plans_state():
    return (
        list(Plan.objects.order_by("pk").values_list("pk", "status", "title", "number", "parent_plan_id")),
        PlanVersion.objects.count(),
        list(PlanArea.objects.order_by("pk").values_list("pk", "title")),
        list(Task.objects.order_by("pk").values_list("pk", "title", "status", "percent", "due_date", "lead_unit_id")),
        ProgressUpdate.objects.count(),
        Evidence.objects.count(),
        list(Target.objects.order_by("pk").values_list("pk", "text", "current_value")),
    )


class PlansWorld:
    """The persona world plus the province's plan, the department's issued plan and a draft, a
    report with evidence by the helping division (the lead office has not reported) and a target."""

    @classmethod
    def extra_data(cls, world):
        cls.superior = province_plan(world)
        cls.plan = department_plan(world)
        services.plan_update(plan=cls.plan, parent_plan=cls.superior, actor=world.users["focal"])
        cls.draft = department_plan(world, issued=False, year=2026)
        cls.task = cls.plan.tasks.get(number="1")  # lead Văn phòng, coordinator Phòng QLXD
        update = services.progress_record(
            period=cls.task.periods.get(), unit=world.division_a, status="in_progress", percent=40,
            reported_on=dt.date(2025, 6, 1), actor=world.users["staff"],
            evidence=[services.EvidenceInput(file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test"), document_number="7/BB-QLXD")],
        )
        cls.evidence = update.evidence.get()
        cls.target = services.target_create(plan=cls.plan, text="100% TTHC được công khai", actor=world.users["focal"])

    def state(self):
        return plans_state()


class TestPlanList(PlansWorld, PersonaPageCase):
    url_name = "plans:list"
    expected = READ_ALL

    def test_each_person_lists_the_plans_in_their_reach(self):
        for persona, titles in (
            ("outsider", ["Cải cách hành chính tỉnh năm 2025"]),
            ("focal", ["Cải cách hành chính năm 2026", "Cải cách hành chính năm 2025", "Cải cách hành chính tỉnh năm 2025"]),
            ("steering", ["Cải cách hành chính năm 2026", "Cải cách hành chính năm 2025", "Cải cách hành chính tỉnh năm 2025"]),
        ):
            response = self.client_for(persona).get(self.url())
            self.assertEqual([p.title for p in response.context["plans"]], titles, persona)

    def test_it_filters_by_year(self):
        response = self.client_for("steering").get(self.url(), {"year": "2026"})
        self.assertEqual([p.year for p in response.context["plans"]], [2026])


class TestMyTasks(PlansWorld, PersonaPageCase):
    url_name = "plans:my_tasks"
    expected = READ_ALL

    def test_division_staff_see_the_tasks_their_division_leads_or_coordinates(self):
        response = self.client_for("staff").get(self.url())
        rows = [(p.task.number, p.label) for p in response.context["periods"]]
        self.assertEqual(rows, [("2", "Quý I/2025"), ("1", ""), ("2", "Quý II/2025"), ("2", "Quý III/2025"), ("2", "Quý IV/2025")])
        self.assertContains(response, "quá hạn")

    def test_a_viewer_has_nothing_to_do(self):
        self.assertEqual(list(self.client_for("viewer").get(self.url()).context["periods"]), [])


class TestPlanCreate(PlansWorld, PersonaPageCase):
    url_name = "plans:create"
    expected = EDIT_PLAN
    write_expected = EDIT_PLAN_POST

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def write_data(self):
        return {"year": "2027", "title": "Kế hoạch CCHC năm 2027",
                "legal_bases": "Kế hoạch số 218/KH-UBND ngày 19/12/2026 của UBND tỉnh"}

    def test_legal_bases_are_read_line_by_line(self):
        self.client_for("focal").post(self.url(), self.write_data())
        plan = Plan.objects.get(year=2027)
        self.assertEqual(plan.legal_bases, [{"kind": "", "number": "218/KH-UBND", "date": "2026-12-19", "issuer": "",
                                             "title": "Kế hoạch số 218/KH-UBND ngày 19/12/2026 của UBND tỉnh"}])
        self.assertEqual((plan.status, plan.unit), ("draft", self.world.dept_a))

    def test_a_line_without_a_document_number_is_named(self):
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "legal_bases": "218/KH-UBND\nNghị quyết của Tỉnh ủy"})
        self.assertContains(response, "Dòng 2: không tìm thấy số, ký hiệu văn bản")
        self.assertFalse(Plan.objects.filter(year=2027).exists())


class TestPlanDetail(PlansWorld, PersonaPageCase):
    url_name = "plans:detail"
    expected = READ_PLAN

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def test_tasks_are_grouped_by_area_with_lead_coordinators_timeframe_and_budget(self):
        response = self.client_for("focal").get(self.url())
        groups = response.context["groups"]
        self.assertEqual([(str(g.area), [t.number for t in g.tasks]) for g in groups],
                         [("I. Cải cách thể chế", ["1"]), ("II. Cải cách thủ tục hành chính", ["2", "3"])])
        self.assertContains(response, "Văn phòng Sở Xây dựng")
        self.assertContains(response, "Quý II/2025")
        self.assertContains(response, "Kinh phí thường xuyên")
        # the helping division reported 40%, the lead office nothing: the task has not started (the lead's report counts)
        self.assertEqual(response.context["chart"]["series"]["in_progress"], [0, 0])
        self.assertEqual(response.context["chart"]["series"]["not_started"], [1, 2])

    def test_htmx_filters_return_the_task_list_only(self):
        area = self.plan.areas.get(code="institutions")
        response = self.client_for("focal").get(self.url(), {"status": "not_started", "area": area.pk}, HTTP_HX_REQUEST="true")
        self.assertTemplateUsed(response, "plans/_tasks.html")
        self.assertNotContains(response, "<html")
        self.assertEqual([t.number for g in response.context["groups"] for t in g.tasks], ["1"])

    def test_the_overdue_filter_uses_working_days(self):
        response = self.client_for("focal").get(self.url(), {"due": "overdue"})
        self.assertEqual([t.number for g in response.context["groups"] for t in g.tasks], ["1", "2"])

    def test_a_bad_filter_value_shows_everything_instead_of_failing(self):
        response = self.client_for("focal").get(self.url(), {"area": "x", "due": "<script>"})
        self.assertEqual(response.context["shown"], 3)

    def test_the_query_count_does_not_grow_with_the_number_of_tasks(self):
        client = self.client_for("focal")
        client.get(self.url())
        # 13 once the task table is cached (selectors.plan_task_table): plan, session, user, memberships,
        # calendar, readable tasks, targets, versions… but neither the tasks nor their periods and coordinators.
        with self.assertNumQueries(14) as first:  # and the unread notifications beside "Thông báo"
            client.get(self.url())
        area = self.plan.areas.first()
        for index in range(20):
            services.task_create(plan=self.plan, area=area, title=f"Nhiệm vụ {index}", timeframe="Hàng quý",
                                 lead_unit=self.world.division_a, coordinating_units=[self.world.office_a],
                                 actor=self.world.users["focal"])
        with self.assertNumQueries(20):  # the table changed: read again, in the same number of queries
            client.get(self.url())
        with self.assertNumQueries(len(first.captured_queries)):
            client.get(self.url())

    def rows(self, persona="focal", plan=None):
        response = self.client_for(persona).get(reverse(self.url_name, args=[(plan or self.plan).pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_task_edit_shows_at_once(self):
        self.rows()
        services.task_update(task=self.task, title="Rà soát văn bản (đã sửa)", coordinating_units=[self.world.home_affairs],
                             actor=self.world.users["focal"])
        page = self.rows()
        self.assertIn("Rà soát văn bản (đã sửa)", page)
        self.assertIn(self.world.home_affairs.name, page)

    def test_a_progress_report_shows_at_once(self):
        self.assertNotIn('value="70"', self.rows())
        services.progress_record(period=self.task.periods.get(), unit=self.world.office_a, status="in_progress", percent=70,
                                 reported_on=dt.date(2025, 6, 2), actor=self.world.users["focal"])
        page = self.rows()
        self.assertIn('value="70"', page)

    def test_a_new_area_and_task_show_at_once(self):
        self.rows()
        area = services.area_create(plan=self.plan, code=ReformArea.APPARATUS, local_number="III", title="Cải cách tổ chức bộ máy",
                                    actor=self.world.users["focal"])
        services.task_create(plan=self.plan, area=area, title="Sắp xếp phòng chuyên môn", lead_unit=self.world.division_a,
                             actor=self.world.users["focal"])
        page = self.rows()
        self.assertIn("Cải cách tổ chức bộ máy", page)
        self.assertIn("Sắp xếp phòng chuyên môn", page)

    def test_a_task_taken_up_below_shows_on_the_superior_plan_at_once(self):
        source = self.superior.tasks.get(number="2")
        before = self.rows(plan=self.superior)
        self.assertNotIn("1 đơn vị đã triển khai", before.split(source.title)[1].split("</tr>")[0])
        services.task_cascade(task=source, units=[self.world.dept_a], actor=self.world.users["admin"])
        row = self.rows(plan=self.superior).split(source.title)[1].split("</tr>")[0]
        self.assertIn("1 đơn vị đã triển khai", row)

    def test_each_reader_gets_their_own_links_from_the_shared_table(self):
        link = reverse("plans:task", args=[0])[:-2]
        readers = {persona: selectors.readable_task_ids(self.world.users[persona], self.plan) for persona in ("focal", "staff")}
        self.assertNotEqual(readers["focal"], readers["staff"])
        for persona in ("focal", "staff", "focal"):
            page = self.rows(persona)
            for task in self.plan.tasks.all():
                self.assertEqual(f'href="{link}{task.pk}/"' in page, task.pk in readers[persona], (persona, task.number))


class TestPlanEdit(PlansWorld, PersonaPageCase):
    url_name = "plans:edit"
    expected = EDIT_ISSUED_PLAN
    write_expected = EDIT_ISSUED_PLAN_POST

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"title": "Kế hoạch CCHC năm 2025 (sửa)", "parent_plan": self.superior.pk, "purpose": "Nâng cao chất lượng"}

    def test_a_superior_plan_of_another_year_is_not_offered(self):
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "parent_plan": self.draft.pk})
        self.assertContains(response, "Hãy chọn một lựa chọn hợp lệ.")


class TestPlanIssue(PlansWorld, PersonaPageCase):
    url_name = "plans:issue"
    expected = APPROVE_PLAN
    write_expected = APPROVE_PLAN_POST

    def url(self):
        return reverse(self.url_name, args=[self.draft.pk])

    def write_data(self):
        return {"number": "99/KH-SXD", "issued_on": "20/12/2025", "signer_name": "Trần Văn Bình", "signer_title": "Giám đốc"}

    def test_an_issued_plan_cannot_be_issued_again(self):
        response = self.client_for("head").post(reverse(self.url_name, args=[self.plan.pk]), self.write_data())
        self.assertContains(response, "Kế hoạch đã được ban hành; hãy ghi nhận sửa đổi, bổ sung.")


class TestPlanAmend(PlansWorld, PersonaPageCase):
    url_name = "plans:amend"
    expected = APPROVE_ISSUED_PLAN
    write_expected = APPROVE_ISSUED_PLAN_POST

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"decision_number": "45/QĐ-SXD", "decided_on": "01/06/2025", "note": "Bổ sung nhiệm vụ"}

    def test_an_amendment_without_a_decision_number_names_the_field(self):
        response = self.client_for("head").post(self.url(), {**self.write_data(), "decision_number": ""})
        self.assertEqual(response.context["form"].errors["decision_number"], ["Trường này là bắt buộc."])
        self.assertEqual(self.plan.versions.count(), 1)


class TestPlanVersions(PlansWorld, PersonaPageCase):
    url_name = "plans:versions"
    expected = READ_PLAN

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def test_it_shows_the_changes_since_the_issued_version(self):
        response = self.client_for("head").get(self.url())
        self.assertContains(response, "Thay đổi chưa được ban hành")
        self.assertContains(response, "Thêm chỉ tiêu: 100% TTHC được công khai")
        self.assertContains(response, "Quyết định 12/KH-SXD ngày 20/12/2024")

    def test_a_draft_never_issued_has_no_version_yet(self):
        response = self.client_for("focal").get(reverse(self.url_name, args=[self.draft.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["rows"], [])
        self.assertIsNone(response.context["pending"])


class TestPlanCoverage(PlansWorld, PersonaPageCase):
    url_name = "plans:coverage"
    #: an issued plan is read by every unit below its unit
    expected = matrix(200)

    def url(self):
        return reverse(self.url_name, args=[self.superior.pk])

    def test_it_lists_the_tasks_no_unit_took_up(self):
        services.task_cascade(task=self.superior.tasks.get(number="1"), units=[self.world.dept_a], actor=self.world.users["steering"])
        response = self.client_for("steering").get(self.url())
        self.assertEqual([u.name for u in response.context["coverage"].units], ["Sở Xây dựng"])
        self.assertEqual([t.number for t in response.context["coverage"].untaken], ["2"])


class TestAreaAdd(PlansWorld, PersonaPageCase):
    url_name = "plans:area_add"
    expected = EDIT_ISSUED_PLAN
    write_expected = EDIT_ISSUED_PLAN_POST

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"code": "digital_government", "local_number": "III", "title": "Xây dựng chính quyền số"}


class TestTaskAdd(PlansWorld, PersonaPageCase):
    url_name = "plans:task_add"
    expected = EDIT_ISSUED_PLAN
    write_expected = EDIT_ISSUED_PLAN_POST

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"area": self.plan.areas.first().pk, "number": "4", "title": "Tập huấn nghiệp vụ", "products": "Hội nghị",
                "lead_unit": self.world.division_a.pk, "timeframe": "Quý III/2025"}

    def test_a_lead_outside_the_department_is_not_offered(self):
        response = self.client_for("admin").post(self.url(), {**self.write_data(), "lead_unit": self.world.division_b.pk})
        self.assertIn("lead_unit", response.context["form"].errors)

    def test_a_due_date_outside_the_plan_year_names_the_field(self):
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "timeframe": "", "due_date": "15/01/2026"})
        self.assertEqual(response.context["form"].errors["due_date"],
                         ["Hạn hoàn thành 15/01/2026 nằm ngoài năm kế hoạch 2025 (chỉ được từ 01/10/2024 đến 31/12/2025)."])

    def test_a_coordinator_equal_to_the_lead_names_the_field(self):
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "coordinating_units": [self.world.division_a.pk]})
        self.assertEqual(response.context["form"].errors["coordinating_units"],
                         ["Phòng Quản lý xây dựng là đơn vị chủ trì nhiệm vụ, không thể đồng thời là đơn vị phối hợp."])


class TestTargetAdd(PlansWorld, PersonaPageCase):
    url_name = "plans:target_add"
    expected = EDIT_ISSUED_PLAN
    write_expected = EDIT_ISSUED_PLAN_POST

    def url(self):
        return reverse(self.url_name, args=[self.plan.pk])

    def write_data(self):
        return {"text": "≥98% hồ sơ giải quyết đúng hạn", "area": self.plan.areas.last().pk, "metric_code": "ontime_rate"}


class TestTargetValue(PlansWorld, PersonaPageCase):
    url_name = "plans:target_value"
    expected = matrix(403, admin=200, head=200, focal=200, outsider=404, commune=404)
    write_expected = {**expected, "admin": 302, "head": 302, "focal": 302}

    def url(self):
        return reverse(self.url_name, args=[self.target.pk])

    def write_data(self):
        return {"value": "97,5", "period_end": "30/06/2025"}


def manual_state():
    return (plans_state(), list(ManualMeasurement.objects.values_list("pk", "numerator", "denominator")),
            list(Target.objects.order_by("pk").values_list("pk", "is_suggestion", "measured_on")))


class TestTargetMeasure(PlansWorld, PersonaPageCase):
    url_name = "plans:target_measure"
    expected = matrix(403, admin=200, head=200, focal=200, outsider=404, commune=404)
    write_expected = {**expected, "admin": 302, "head": 302, "focal": 302}

    def url(self):
        return reverse(self.url_name, args=[self.target.pk])

    def write_data(self):
        return {"period_start": "01/01/2025", "period_end": "30/06/2025", "numerator": "45", "denominator": "50",
                "document_number": "9/BC-SXD"}

    def state(self):
        return manual_state()

    def test_the_value_and_its_status_show_on_the_plan(self):
        response = self.client_for("focal").post(self.url(), self.write_data())
        self.assertRedirects(response, reverse("plans:detail", args=[self.plan.pk]) + "#targets")
        page = self.client_for("focal").get(reverse("plans:detail", args=[self.plan.pk]))
        self.assertContains(page, "90%")
        self.assertContains(page, '<span class="badge warn">Có nguy cơ không đạt</span>', html=True)
        self.assertContains(page, "Báo cáo tử số, mẫu số")

    def test_a_numerator_above_its_denominator_names_the_field_and_writes_nothing(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "numerator": "51"})
        self.assertEqual(response.context["form"].errors["numerator"], ["Tử số (51) không được lớn hơn mẫu số (50)."])
        self.assertEqual(self.state(), before)

    def test_text_names_the_field(self):
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "denominator": "năm mươi"})
        self.assertEqual(response.context["form"].errors["denominator"], ["Mẫu số phải là một số, ví dụ 12 hoặc 12,5."])


class SuggestionWorld(PlansWorld):
    """The province's plan has a target, suggested to the department's plan when it was linked."""

    @classmethod
    def extra_data(cls, world):
        super().extra_data(world)
        services.target_create(plan=cls.superior, text="≥98% hồ sơ giải quyết đúng hạn", actor=world.users["admin"])
        services.plan_update(plan=cls.plan, parent_plan=None, actor=world.users["focal"])
        services.plan_update(plan=cls.plan, parent_plan=cls.superior, actor=world.users["focal"])
        cls.suggestion = cls.plan.targets.get(is_suggestion=True)

    def url(self):
        return reverse(self.url_name, args=[self.suggestion.pk])

    def write_data(self):
        return {"target": self.suggestion.pk}

    def state(self):
        return manual_state()


class TestTargetAccept(SuggestionWorld, PersonaPageCase):
    url_name = "plans:target_accept"
    expected = EDIT_ISSUED_PLAN
    write_expected = EDIT_ISSUED_PLAN_POST

    def test_the_plan_lists_the_suggestion_and_accepting_makes_it_a_target(self):
        page = self.client_for("focal").get(reverse("plans:detail", args=[self.plan.pk]))
        self.assertEqual([t.pk for t in page.context["suggestions"]], [self.suggestion.pk])
        self.client_for("focal").post(self.url(), self.write_data())
        page = self.client_for("focal").get(reverse("plans:detail", args=[self.plan.pk]))
        self.assertEqual(([t.pk for t in page.context["targets"]][-1], page.context["suggestions"]), (self.suggestion.pk, []))


class TestTargetDrop(SuggestionWorld, PersonaPageCase):
    url_name = "plans:target_drop"
    expected = EDIT_ISSUED_PLAN
    write_expected = EDIT_ISSUED_PLAN_POST

    def test_dropping_removes_the_suggestion(self):
        self.client_for("focal").post(self.url(), self.write_data())
        self.assertFalse(Target.objects.filter(pk=self.suggestion.pk).exists())


class TestTaskDetail(PlansWorld, PersonaPageCase):
    url_name = "plans:task"
    expected = READ_TASK

    def url(self):
        return reverse(self.url_name, args=[self.task.pk])

    def test_it_shows_each_units_progress_and_the_evidence(self):
        response = self.client_for("focal").get(self.url())
        self.assertContains(response, "Phòng Quản lý xây dựng")
        self.assertContains(response, "chưa báo cáo")
        self.assertContains(response, "Tình trạng của kỳ theo báo cáo mới nhất của đơn vị chủ trì")
        self.assertContains(response, f'href="/plans/evidence/{self.evidence.pk}/file/">bien-ban.pdf</a>')
        self.assertContains(response, "Văn bản 7/BB-QLXD")

    def test_the_change_log_names_who_changed_what(self):
        services.task_update(task=self.task, timeframe="Quý III/2025", actor=self.world.users["head"])
        response = self.client_for("focal").get(self.url())
        entry = response.context["history"][0]
        self.assertEqual(entry.record.history_user.username, "head")
        self.assertEqual(entry.fields, ["due_date", "timeframe"])
        self.assertContains(response, "hạn hoàn thành, thời gian thực hiện (như trong kế hoạch)")


class TestTaskEdit(PlansWorld, PersonaPageCase):
    url_name = "plans:task_edit"
    expected = matrix(403, admin=200, head=200, focal=200, outsider=404, commune=404)
    write_expected = {**expected, "admin": 302, "head": 302, "focal": 302}

    def url(self):
        return reverse(self.url_name, args=[self.task.pk])

    def write_data(self):
        return {"area": self.task.area_id, "number": "1", "title": "Rà soát văn bản QPPL", "lead_unit": self.world.office_a.pk,
                "coordinating_units": [self.world.division_a.pk], "timeframe": "Quý III/2025"}


class TestTaskCascade(PlansWorld, PersonaPageCase):
    url_name = "plans:task_cascade"
    expected = matrix(404, admin=200, steering=200, viewer=403)
    write_expected = {**expected, "admin": 302, "steering": 302}

    def url(self):
        return reverse(self.url_name, args=[self.superior.tasks.get(number="2").pk])

    def write_data(self):
        return {"units": [self.world.dept_a.pk, self.world.dept_b.pk]}


class TestProgressAdd(PlansWorld, PersonaPageCase):
    url_name = "plans:progress_add"
    expected = matrix(200, steering=403, viewer=403, outsider=404, commune=404)
    write_expected = {**expected, "admin": 302, "head": 302, "focal": 302, "staff": 302}

    def url(self):
        return reverse(self.url_name, args=[self.task.pk])

    def write_data(self):
        return {"period": self.task.periods.get().pk, "unit": self.world.division_a.pk, "status": "in_progress", "percent": "70",
                "reported_on": "20/06/2025", "note": "Đã rà soát 12 văn bản",
                "file": SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4 ket qua"), "document_number": "9/BC-QLXD"}

    def test_staff_report_only_for_their_own_division(self):
        response = self.client_for("staff").post(self.url(), {**self.write_data(), "unit": self.world.office_a.pk})
        self.assertIn("unit", response.context["form"].errors)

    def test_a_forbidden_file_is_refused_with_the_field_named(self):
        data = {**self.write_data(), "file": SimpleUploadedFile("trang.html", b"<html>", content_type="text/html")}
        response = self.client_for("staff").post(self.url(), data)
        self.assertEqual(response.context["form"].errors["file"], ["Không chấp nhận tệp loại .html; chỉ chấp nhận: DOC, DOCX, JPEG, JPG, PDF, PNG, XLS, XLSX, ZIP."])
        self.assertEqual(ProgressUpdate.objects.count(), 1)

    def test_a_percent_over_100_is_refused(self):
        response = self.client_for("staff").post(self.url(), {**self.write_data(), "percent": "140"})
        self.assertIn("percent", response.context["form"].errors)
        self.assertEqual(ProgressUpdate.objects.count(), 1)


class TestEvidenceFile(PlansWorld, PersonaPageCase):
    url_name = "plans:evidence_file"
    expected = READ_TASK

    def setUp(self):
        # Each test has its own MEDIA_ROOT (conftest.py): put the stored file back in this one.
        default_storage.save(self.evidence.file.name, ContentFile(b"%PDF-1.4 test"))

    def url(self):
        return reverse(self.url_name, args=[self.evidence.pk])

    def test_the_file_is_a_download_never_shown_inline(self):
        response = self.client_for("focal").get(self.url())
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="bien-ban.pdf"')
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 test")

    def test_a_record_whose_file_is_gone_is_404_not_an_error(self):
        default_storage.delete(self.evidence.file.name)
        self.assertEqual(self.client_for("focal").get(self.url()).status_code, 404)


class SuccessorReachTests(TestCase):
    """A merged unit's plans stay its own; the successor's people reach them."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        head = cls.world.users["admin"]
        cls.old_plan = services.plan_create(unit=cls.world.commune_old_1, year=2024, title="Kế hoạch CCHC xã Cũ Một 2024", actor=head)

    def test_the_successor_communes_officer_sees_the_old_communes_plan(self):
        client = self.client_class()
        client.force_login(self.world.users["commune"])
        response = client.get(reverse("plans:detail", args=[self.old_plan.pk]))
        self.assertContains(response, "Kế hoạch CCHC xã Cũ Một 2024")
        self.assertContains(response, "ngừng hoạt động 30/06/2025")
