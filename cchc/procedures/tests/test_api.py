"""Persona matrix and behaviour of the procedures endpoints, including the dossier batch push."""

import json

from django.urls import reverse
from rest_framework.authtoken.models import Token

from cchc.core.testing.scoped_cases import PersonaApiCase
from cchc.procedures.models import Dossier, DossierChange
from cchc.procedures.services import MAX_BATCH_ITEMS
from cchc.procedures.tests.world import DEPT_A_READERS, EVERYONE, add_dossiers, dossier_state

ITEM = {"code": "API-1", "procedure": "1.000001", "unit": "TN-SXD", "received_at": "2025-03-04T08:30:00+07:00",
        "channel": "online", "finished_at": "2025-03-06T16:00:00+07:00", "fee_amount": "75000", "paid_online": True}


class WithDossiers:
    @classmethod
    def extra_data(cls, world):
        add_dossiers(world)

    def state(self):
        return dossier_state()


class TestProcedureList(WithDossiers, PersonaApiCase):
    url_name = "procedure-list"
    expected = {**EVERYONE, "anonymous": 401}


class TestProcedureDetail(WithDossiers, PersonaApiCase):
    url_name = "procedure-detail"
    expected = {**EVERYONE, "anonymous": 401}

    def url(self):
        return reverse(self.url_name, args=[self.world.procedure.pk])


class TestDossierList(WithDossiers, PersonaApiCase):
    url_name = "dossier-list"
    expected = {**EVERYONE, "anonymous": 401}

    def test_the_commune_officer_reads_its_predecessors_dossiers_only(self):
        codes = sorted(d["code"] for d in self.client_for("commune").get(self.url()).json()["results"])
        self.assertEqual(codes, ["X1-JUNE", "XM-JULY"])


class TestDossierDetail(WithDossiers, PersonaApiCase):
    url_name = "dossier-detail"
    expected = {**DEPT_A_READERS, "anonymous": 401}

    def url(self):
        return reverse(self.url_name, args=[self.world.dossier.pk])

    def test_it_carries_the_due_date_rule_and_the_outcome(self):
        data = self.client_for("focal").get(self.url()).json()
        self.assertEqual((data["due_date"], data["outcome"]), ("2025-03-10", "late"))
        self.assertTrue(data["due_rule"].startswith("vn-due/blds2015-147-148/v1/working_day/vn-official@"))


class TestDossierBatch(WithDossiers, PersonaApiCase):
    url_name = "dossier-batch"
    expected = {**{p: 405 for p in EVERYONE}, "anonymous": 401}
    write_expected = {"admin": 200, "head": 200, "focal": 200, "steering": 403, "viewer": 403, "staff": 403,
                      "outsider": 400, "commune": 400, "anonymous": 401}

    def write_data(self):
        return {"items": [ITEM]}

    def test_re_sending_a_batch_changes_nothing(self):
        first = self.send("focal", "post", self.write_data()).json()
        before = list(Dossier.objects.values())
        second = self.send("focal", "post", self.write_data()).json()
        self.assertEqual((first["created"], second["created"], second["updated"], second["unchanged"]), (1, 0, 0, 1))
        self.assertEqual(list(Dossier.objects.values()), before)

    def test_a_changed_dossier_is_updated(self):
        self.send("focal", "post", self.write_data())
        result = self.send("focal", "post", {"items": [{**ITEM, "finished_at": "2025-03-20T10:00:00+07:00"}]}).json()
        self.assertEqual((result["created"], result["updated"]), (0, 1))
        self.assertEqual(Dossier.objects.get(code="API-1").outcome, "late")

    def test_an_update_is_recorded_with_its_batch_author_and_changed_facts(self):
        self.send("focal", "post", self.write_data())
        result = self.send("head", "post", {"items": [{**ITEM, "finished_at": "2025-03-20T10:00:00+07:00",
                                                       "paid_online": False}]}).json()
        dossier = Dossier.objects.get(code="API-1")
        change = DossierChange.objects.get()
        self.assertEqual((change.dossier, change.batch_id, change.changed_by), (dossier, result["batch"], self.world.users["head"]))
        self.assertEqual(change.changes, {
            "finished_at": ["2025-03-06T09:00:00Z", "2025-03-20T03:00:00Z"],
            "paid_online": [True, False],
        })

    def test_re_sending_unchanged_facts_records_no_change(self):
        self.send("focal", "post", self.write_data())
        self.send("focal", "post", self.write_data())
        self.assertFalse(DossierChange.objects.exists())

    def test_bad_items_get_per_item_errors_and_nothing_is_written(self):
        before = self.state()
        items = [ITEM, {**ITEM, "code": "API-2", "procedure": "0.000000"},
                 {**ITEM, "code": "API-3", "finished_at": "2025-03-01T10:00:00+07:00"}]
        response = self.send("focal", "post", {"items": items})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"items": {
            "1": ["mã thủ tục '0.000000' không có trong danh mục."],
            "2": ["kết thúc xử lý (01/03/2025 10:00) trước khi tiếp nhận (04/03/2025 08:30)."],
        }})
        self.assertEqual(self.state(), before)

    def test_a_dossier_out_of_reach_is_refused_per_item_and_never_moved(self):
        before = self.state()
        items = [{**ITEM, "code": "SXD-LATE", "unit": "TN-XM", "received_at": "2025-07-15T09:00:00+07:00",
                  "finished_at": ""}]
        response = self.send("commune", "post", {"items": items})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"items": {
            "0": ["bạn không được nhập hồ sơ này cho mã đơn vị 'TN-XM' ngày 15/07/2025."],
        }})
        self.assertEqual(self.state(), before)

    def test_an_out_of_range_supplement_count_is_refused_before_the_database(self):
        before = self.state()
        response = self.send("focal", "post", {"items": [{**ITEM, "supplement_requests": 10**9}]})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["items"]["0"],
                         {"supplement_requests": ["Đảm bảo giá trị này nhỏ hơn hoặc bằng 32767."]})
        self.assertEqual(self.state(), before)

    def test_the_batch_size_is_limited(self):
        response = self.send("admin", "post", {"items": [ITEM] * (MAX_BATCH_ITEMS + 1)})
        self.assertEqual(response.status_code, 400)
        self.assertIn("items", response.json())

    def test_a_body_over_the_upload_limit_is_refused_with_a_message_not_a_server_error(self):
        before = self.state()
        items = [{**ITEM, "code": f"BIG-{n}", "note": "x" * 300} for n in range(80_000)]
        body = json.dumps({"items": items})
        self.assertGreater(len(body), 30 * 1024 * 1024)
        response = self.client_for("focal").post(self.url(), body, content_type="application/json")
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json(), {"detail": "Nội dung gửi lên vượt quá 25 MB."})
        self.assertEqual(self.state(), before)

    def test_a_token_authenticates_the_one_stop_system(self):
        token = Token.objects.create(user=self.world.users["focal"])
        response = self.client_class().post(self.url(), {"items": [ITEM]}, content_type="application/json",
                                            HTTP_AUTHORIZATION=f"Token {token.key}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Dossier.objects.get(code="API-1").batch.created_by, self.world.users["focal"])
