"""Plan import endpoints: the persona matrix of each, uploading, reading the draft, confirming."""

from __future__ import annotations

from django.urls import reverse

from cchc.core.testing.personas import World
from cchc.core.testing.scoped_cases import PersonaApiCase
from cchc.documents.choices import ImportStatus
from cchc.documents.models import ImportJob
from cchc.documents.tests.factories import read_job, restore, scratch_media, upload
from cchc.documents.tests.support import FILES
from cchc.plans.models import Plan, Task


def matrix(default: int, **statuses) -> dict[str, int]:
    personas = ["admin", "steering", "viewer", "head", "focal", "staff", "outsider", "commune"]
    return {**dict.fromkeys(personas, default), "anonymous": 401, **statuses}


EVERYONE = matrix(200)
DEPT_A_ROW = matrix(200, staff=404, outsider=404, commune=404)
#: staff, outsider and commune do not see Sở Xây dựng: its id is an invalid choice for them
UPLOAD_TO_DEPT_A = matrix(403, admin=201, head=201, focal=201, staff=400, outsider=400, commune=400)
CONFIRM_DEPT_A = matrix(403, admin=200, head=200, focal=200, staff=404, outsider=404, commune=404)


class JobWorld:
    @classmethod
    def extra_data(cls, world: World) -> None:
        with scratch_media():
            cls.job = read_job(world.dept_a, world.users["focal"])

    def setUp(self):
        restore(self.job.file, (FILES / "seed_003.docx").read_bytes())


class TestImportList(JobWorld, PersonaApiCase):
    url_name = "plan-import-list"
    expected = EVERYONE
    write_expected = UPLOAD_TO_DEPT_A

    def send(self, persona, method="get", data=None):
        if method == "get":
            return super().send(persona, method, data)
        return self.client_for(persona).post(self.url(), data or {})  # multipart, as a file upload is

    def write_data(self):
        return {"unit": self.world.dept_a.pk, "file": upload("seed_001.docx")}

    def state(self):
        return list(ImportJob.objects.values_list("pk", "status"))

    def test_an_upload_answers_the_queued_job(self):
        response = self.send("focal", "post", self.write_data())
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual((body["unit"], body["file_name"], body["status"], body["draft"]), (
            self.world.dept_a.pk, "seed_001.docx", "queued", None))

    def test_a_file_of_another_type_is_refused_on_the_file_field(self):
        response = self.send("focal", "post", {"unit": self.world.dept_a.pk, "file": upload("a.exe", b"MZ")})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"file": ["Không chấp nhận tệp loại .exe; chỉ chấp nhận: DOCX, JPEG, JPG, PDF, PNG, TXT."]})

    def test_a_file_over_the_site_upload_limit_is_refused_on_the_file_field_and_not_kept(self):
        before = self.state()
        with self.settings(MAX_UPLOAD_BYTES=1024 * 1024):
            response = self.send("focal", "post", {"unit": self.world.dept_a.pk,
                                                   "file": upload("ke-hoach.txt", b"x" * (3 * 1024 * 1024))})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"file": ["Tệp ke-hoach.txt có dung lượng 3.0 MB; giới hạn là 1.0 MB."]})
        self.assertEqual(self.state(), before)

    def test_the_list_shows_only_jobs_of_units_the_caller_reaches(self):
        self.assertEqual(self.client_for("outsider").get(self.url()).json()["count"], 0)
        self.assertEqual([j["id"] for j in self.client_for("steering").get(self.url()).json()["results"]], [self.job.pk])


class TestImportDetail(JobWorld, PersonaApiCase):
    url_name = "plan-import-detail"
    expected = DEPT_A_ROW

    def url(self):
        return reverse(self.url_name, args=[self.job.pk])

    def test_it_answers_the_draft_in_the_import_plan_json_keys(self):
        body = self.client_for("viewer").get(self.url()).json()
        self.assertEqual((body["status"], body["progress"], len(body["draft"]["tasks"])), ("ready", 100, 43))
        self.assertEqual(body["draft"]["tasks"][0]["lead"], "Văn phòng Sở")


class TestImportConfirm(JobWorld, PersonaApiCase):
    url_name = "plan-import-confirm"
    expected = matrix(405)
    write_expected = CONFIRM_DEPT_A

    def url(self):
        return reverse(self.url_name, args=[self.job.pk])

    def write_data(self):
        return {"year": 2024, "number": "1711/KH-SXD"}

    def state(self):
        return Plan.objects.count(), Task.objects.count(), ImportJob.objects.get(pk=self.job.pk).status

    def test_confirming_creates_the_draft_plan_with_every_task(self):
        body = self.send("focal", "post", self.write_data()).json()
        plan = Plan.objects.get()
        self.assertEqual((body["status"], body["plan"]), (ImportStatus.CONFIRMED, plan.pk))
        self.assertEqual((plan.year, plan.number, plan.tasks.count(), plan.areas.count()), (2024, "1711/KH-SXD", 43, 9))

    def test_a_second_confirmation_is_refused(self):
        self.send("focal", "post", self.write_data())
        response = self.send("focal", "post", self.write_data())
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"non_field_errors": [
            "Lần nhập này đã được xác nhận hoặc không đọc được tệp; hãy tải tệp lên lại."]})
        self.assertEqual(Plan.objects.count(), 1)
