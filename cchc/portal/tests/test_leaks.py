"""Nothing internal ever reaches a public page.

The demo city (units, plans with progress and evidence, reports, the PAR INDEX, petitions, surveys, the
portal's publications) is loaded, then a unique marker is planted in everything that must stay internal:
drafts, plans not published or withdrawn, progress notes and reasons for lateness, evidence, versions'
notes, the report sections not published, reasons for return, reorganisation notes, the names, e-mails,
phone numbers and job titles of staff, signers' names; the PAR INDEX's self-assessment notes, appraisers'
comments, explanations, evidence, the criteria sets still being scored and a level's results withdrawn
from the portal; the petitions as typed, their contact details, attachments, draft answers and handling
notes, and an answer withdrawn from the public pages; the survey answers' comments, fields and paper form
numbers, and the results of a survey withdrawn from the portal or never published.
Every public URL (the resolver walk of ``tests/test_urls.py`` and ``cchc.core.public``) is then fetched
with every argument the data offers, each link the pages lead to is followed, a signed-in officer's visit
comes first (so that the cache is filled by someone with a session), and any marker in any answer fails.
What was withdrawn was marked and shown (so cached) before it was withdrawn.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from decimal import Decimal
from unittest import mock
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import get_user_model
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import TestCase
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cchc.core.public import PUBLIC_URL_NAMES
from cchc.parindex import demo as parindex_demo
from cchc.parindex import services as parindex_services
from cchc.parindex.models import AssessmentCampaign, CriteriaSet, Criterion, Result, Score, ScoreEvidence
from cchc.petitions import demo as petitions_demo
from cchc.petitions import handling as petition_handling
from cchc.petitions.models import Petition, PetitionAttachment, PetitionEvent
from cchc.plans import demo as plans_demo
from cchc.plans.choices import PlanStatus
from cchc.plans.models import Evidence, Plan, PlanVersion, ProgressUpdate, Target, Task
from cchc.portal import demo as portal_demo
from cchc.portal import sections, services
from cchc.portal.models import Publication
from cchc.procedures.choices import ProcessingUnit
from cchc.procedures.models import Procedure
from cchc.reporting import demo as reporting_demo
from cchc.reporting.models import Report
from cchc.surveys import demo as surveys_demo
from cchc.surveys import public_views as survey_public_views
from cchc.surveys import services as survey_services
from cchc.surveys.choices import Channel
from cchc.surveys.models import AccessPoint, Campaign, Questionnaire, Response, Tally
from cchc.units.demo import DEMO_PASSWORD, load_demo
from cchc.units.models import Membership, Unit, UnitChange
from tests.test_urls import walk

MARK = "ZQLEAK"
YEARS = (2023, 2024, 2025, 2026, 2027)
SEARCHES = ("tran de", "xa", "so xay dung", "thanh tra", "khai sinh", "ke hoach", "nguyen", "@", "0912", "example")
#: query strings each public page is also asked with, by URL name
QUERIES = {
    "portal:province": [{"nam": year} for year in YEARS],
    "portal:unit": [{"nam": year} for year in YEARS],
    "portal:search": [{"q": text} for text in SEARCHES],
    "public-api:plan-list": [{"year": year} for year in YEARS],
    "public-api:unit-list": [{"q": text} for text in SEARCHES],
}
PORTAL_PREFIXES = ("/cong-khai/", "/api/public/")
LINK = re.compile(r'href="(/(?:cong-khai|api/public)/[^"#]*)"')
#: the anchors of the portal's sections on a unit page and of their rankings on the province page
SECTION_ID = re.compile(r'<section class="portal-card" id="([a-z0-9-]+)"')


def mark(field: str, what: str):
    """``field`` followed by a marker naming what it is."""
    return Concat(F(field), Value(f" {MARK}-{what}"))


class LeakTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(communes=2, departments=5, divisions=2)
        plans_demo.load(created=True)
        reporting_demo.load(created=True)
        province = Unit.objects.get(code="92", valid_to__isnull=True)
        Procedure.objects.create(unit=province, code="1.001193", name="Đăng ký khai sinh", sector="Hộ tịch", level="commune",
                                 processing_time=Decimal("0"), processing_unit=ProcessingUnit.WORKING_DAY, online_level="full")
        parindex_demo.load(created=True)
        petitions_demo.load(created=True)
        surveys_demo.load(created=True)
        portal_demo.load(created=True)
        cls.withdrawn = cls._withdrawn_plan()
        cls._withdrawn_par_results()
        cls._withdrawn_petition()
        cls._withdrawn_survey()
        cls._plant_markers()

    @classmethod
    def _withdrawn_plan(cls) -> Plan:
        """The city's 2025 plan, published (its pages cached) and then withdrawn."""
        plan = Plan.objects.get(unit__code="92", year=2025)
        admin = get_user_model().objects.get(username="admin")
        Plan.objects.filter(pk=plan.pk).update(title=Concat(F("title"), Value(f" {MARK}-WITHDRAWN")))
        services.plan_publish(plan=plan, actor=admin)
        visitor = cls.client_class()
        for url in (reverse("portal:plan", args=[plan.pk]), reverse("portal:unit", args=[plan.unit_id]) + "?nam=2025",
                    reverse("portal:province") + "?nam=2025"):
            assert visitor.get(url).status_code == 200
        services.plan_publish(plan=plan, actor=admin, published=False)
        return plan

    @classmethod
    def _visit(cls, *urls: str) -> None:
        """Show the pages (and so fill the cache) while something is still published."""
        visitor = cls.client_class()
        for url in urls:
            assert visitor.get(url).status_code == 200, url

    @classmethod
    def _withdrawn_par_results(cls) -> None:
        """The communes' 2024 results: marked, shown on the portal, then withdrawn from it by the steering office."""
        campaign = AssessmentCampaign.objects.get(criteria_set__level="commune", criteria_set__year=2024)
        results = Result.objects.filter(campaign=campaign)
        results.update(label=Value(f"{MARK}-PARWITHDRAWN"))
        first = results.order_by("rank", "pk").first()
        first.areas = [{**area, "title": f"{area['title']} {MARK}-PARAREAWITHDRAWN"} for area in first.areas]
        first.save()
        cls._visit(reverse("portal:province") + "?nam=2024", reverse("portal:unit", args=[first.unit_id]) + "?nam=2024",
                   reverse("portal:table_json", args=[2024, "chi-so-cchc"]), reverse("portal:table_csv", args=[2024, "chi-so-cchc-linh-vuc"]))
        steering = get_user_model().objects.get(username="noivu.theodoi")
        assert parindex_services.campaign_portal_set(campaign=campaign, published=False, actor=steering) == results.count()

    @classmethod
    def _withdrawn_petition(cls) -> None:
        """One published answer of Sở Xây dựng: marked, shown, then withdrawn by the head."""
        petition = Petition.objects.filter(status="published", unit__code="92-SXD").order_by("pk").first()
        Petition.objects.filter(pk=petition.pk).update(public_summary=Value(f"{MARK}-PETITIONWITHDRAWN"),
                                                       public_answer=Value(f"{MARK}-ANSWERWITHDRAWN"))
        cls._visit(reverse("portal:unit", args=[petition.unit_id]) + f"?nam={petition.published_on.year}",
                   reverse("petitions_public:answers"), reverse("portal:table_json", args=[petition.published_on.year, "tra-loi-phan-anh"]))
        head = get_user_model().objects.get(username="xaydung.giamdoc")
        petition_handling.petition_withdraw(petition=petition, note="Còn thông tin cá nhân", actor=head)

    @classmethod
    def _withdrawn_survey(cls) -> None:
        """A finished survey of Sở Xây dựng and Xã Trần Đề on a questionnaire whose texts are marked: Sở Xây dựng's
        results shown, then withdrawn; Xã Trần Đề's never published."""
        admin = get_user_model().objects.get(username="admin")
        city, sxd, xtd = (Unit.objects.get(code=code, valid_to__isnull=True) for code in ("92", "92-SXD", "92-XTD"))
        source = Questionnaire.objects.get(unit__isnull=True, code="phuong-9-muc")
        copy = survey_services.questionnaire_copy(source=source, unit=city, year=2026, actor=admin)
        questionnaire = survey_services.questionnaire_update(
            questionnaire=copy, actor=admin, title=f"{MARK}-SURVEYQUESTIONNAIRE", instructions=copy.instructions, scale="likert5",
            options=[], kind="survey", structure=f"# {MARK}-SURVEYGROUP\n{MARK}-SURVEYITEM một\n{MARK}-SURVEYITEM hai")
        today = timezone.localdate()
        campaign = survey_services.campaign_create(unit=city, questionnaire=questionnaire, title="Khảo sát đã kết thúc",
                                                   starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=1),
                                                   targets=[sxd, xtd], actor=admin)
        items = list(questionnaire.items.order_by("number").values_list("pk", flat=True))
        for unit in (sxd, xtd):
            for index in range(12):
                data = survey_services.ResponseInput(choices={items[0]: 1 + index % 5, items[1]: 5 - index % 5}, sector="Xây dựng")
                survey_services.response_submit(campaign=campaign, unit=unit, data=data, channel=Channel.PAPER, actor=admin,
                                                answered_on=today - dt.timedelta(days=10))
        survey_services.survey_results_publish(campaign=campaign, unit=sxd, actor=admin)
        year = campaign.ends_on.year
        cls._visit(reverse("portal:unit", args=[sxd.pk]) + f"?nam={year}", reverse("portal:province") + f"?nam={year}",
                   reverse("portal:table_json", args=[year, "khao-sat-cau-hoi"]))
        survey_services.survey_results_publish(campaign=campaign, unit=sxd, actor=admin, published=False)

    @classmethod
    def _plant_markers(cls) -> None:
        for index, user in enumerate(get_user_model().objects.order_by("pk")):
            user.full_name = f"{MARK}-NAME-{index}"
            user.first_name, user.last_name = f"{MARK}-FIRST", f"{MARK}-LAST"
            user.email = f"zqleak-{index}@example.invalid"
            user.save()
        Membership.objects.update(title=Value(f"{MARK}-JOBTITLE 0912 345 678"))
        ProgressUpdate.objects.update(note=mark("note", "NOTE 0987.654.321"), lateness_reason=mark("lateness_reason", "LATE"))
        Evidence.objects.update(title=mark("title", "EVIDENCE"), document_number=mark("document_number", "EVNUMBER"),
                                issuer=mark("issuer", "EVISSUER"), file_name=mark("file_name", "EVFILE"))
        drafts = Plan.objects.filter(status=PlanStatus.DRAFT)
        drafts.update(title=mark("title", "DRAFT"), purpose=Value(f"{MARK}-DRAFTPURPOSE"))
        Task.objects.filter(plan__in=drafts).update(title=mark("title", "DRAFTTASK"))
        unpublished = Plan.objects.exclude(pk__in=Publication.objects.filter(kind="plan").values("object_id"))
        unpublished.update(title=mark("title", "UNPUBLISHED"), goals=Value(f"{MARK}-UNPUBLISHEDGOALS"))
        Task.objects.filter(plan__in=unpublished).update(title=mark("title", "UNPUBLISHEDTASK"))
        Plan.objects.update(signer_name=Value(f"{MARK}-SIGNER"), implementation=Value(f"{MARK}-IMPLEMENTATION"))
        Task.objects.update(timeframe_review_reason=Value(f"{MARK}-TIMEFRAMEREVIEW"))
        PlanVersion.objects.update(note=Value(f"{MARK}-VERSIONNOTE"))
        Target.objects.update(review_reason=Value(f"{MARK}-TARGETREVIEW"))
        UnitChange.objects.update(note=Value(f"{MARK}-CHANGENOTE"))
        published_parts = set(Publication.objects.filter(kind="report_section").values_list("object_id", "part"))
        for report in Report.objects.all():
            report.sections = {code: text if (report.pk, code) in published_parts else f"{text} {MARK}-REPORT"
                               for code, text in (report.sections or {}).items()} or {"x": f"{MARK}-REPORT"}
            report.review_reason = f"{MARK}-RETURNED"
            report.signer_name = f"{MARK}-REPORTSIGNER"
            report.recipients_text = f"{MARK}-RECIPIENTS zqleak@example.invalid"
            report.save()
        # the PAR INDEX: what the units and the appraisers wrote, the evidence, the sets still being scored
        Score.objects.update(self_note=Value(f"{MARK}-SELFNOTE"), override_reason=Value(f"{MARK}-OVERRIDE"),
                             appraisal_comment=Value(f"{MARK}-APPRAISALCOMMENT"), final_comment=Value(f"{MARK}-FINALCOMMENT"),
                             explanation=Value(f"{MARK}-EXPLANATION"))
        ScoreEvidence.objects.update(title=mark("title", "PAREVIDENCE"), file_name=mark("file_name", "PARFILE"))
        Criterion.objects.update(guidance=Value(f"{MARK}-GUIDANCE"))
        Criterion.objects.filter(criteria_set__year__gte=2025).update(title=mark("title", "PARCRITERION2025"))
        CriteriaSet.objects.filter(year__gte=2025).update(title=mark("title", "PARSET2025"))
        AssessmentCampaign.objects.update(signer_name=Value(f"{MARK}-PARSIGNER"), title=mark("title", "PARCAMPAIGN"))
        # petitions: the text as typed, the petitioner, the files, the drafts and notes of the handling
        Petition.objects.update(content=mark("content", "PETITIONTEXT"), contact_name=Value(f"{MARK}-PETITIONER"),
                                contact_phone=Value("0912 ZQLEAK 78"), contact_email=Value("zqleak-petitioner@example.invalid"),
                                contact_address=Value(f"{MARK}-ADDRESS"))
        Petition.objects.exclude(status="published").update(answer=mark("answer", "DRAFTANSWER"))
        PetitionEvent.objects.update(note=Value(f"{MARK}-HANDLINGNOTE"))
        PetitionAttachment.objects.update(file_name=Value(f"{MARK}-ATTACHMENT.pdf"))
        # surveys: what one respondent wrote or chose to say about the dossier, and the paper form's number
        Response.objects.update(comment=Value(f"{MARK}-SURVEYCOMMENT 0912 345 678"), procedure_text=Value(f"{MARK}-PROCEDURE"),
                                sector=Value(f"{MARK}-SECTOR"), paper_reference=Value(f"{MARK}-PAPER"))
        Tally.objects.update(sector=Value(f"{MARK}-SECTOR"))

    # -- the walk --------------------------------------------------------------------------------

    def candidates(self, name: str, pattern) -> list[str]:
        """Every URL of the pattern with the arguments the data offers (ids, years, table names)."""
        groups = list(pattern.pattern.regex.groupindex)
        ids = sorted({*Unit.objects.values_list("pk", flat=True), *Plan.objects.values_list("pk", flat=True), 0, 987654})
        values = {"pk": ids, "year": list(YEARS), "name": [spec.name for _s, spec in sections.tables()] + ["khong-co"],
                  "format": ["json"], "token": [*AccessPoint.objects.values_list("token", flat=True), "khong-co"]}
        unknown = [group for group in groups if group not in values]
        self.assertEqual(unknown, [], f"{name}: the leak test does not know what to put in {unknown}; add it to candidates()")
        combos = [{}]
        for group in groups:
            combos = [{**combo, group: value} for combo in combos for value in values[group]]
        urls = []
        for kwargs in combos:
            try:
                base = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            urls.append(base)
            urls += [f"{base}?{urlencode(query)}" for query in QUERIES.get(name, [])]
        return urls

    def find_markers(self, url: str, response) -> list[str]:
        body = response.content.decode("utf-8", errors="replace")
        lowered = body.lower()
        found = sorted({match for match in re.findall(rf"{MARK}-[A-Z0-9-]+", body)})
        if "zqleak" in lowered and not found:
            found = ["zqleak (lower case)"]
        return [f"{url}: {marker}" for marker in found]

    @mock.patch.object(survey_public_views, "PAGE_LIMIT", (100000, 60))  # the walk opens every survey page from one address
    def test_no_public_url_shows_anything_internal(self):
        officer = self.client_class()
        self.assertTrue(officer.login(username="xaydung.giamdoc", password=DEMO_PASSWORD))
        visitor = self.client_class()
        names = [(name, pattern) for name, pattern in walk() if name in PUBLIC_URL_NAMES]
        self.assertEqual(sorted({name for name, _ in names}), sorted(PUBLIC_URL_NAMES))
        queue: deque[str] = deque()
        for name, pattern in names:
            urls = self.candidates(name, pattern)
            self.assertTrue(urls, f"no URL built for {name}")
            queue.extend(urls)
        seen: set[str] = set()
        leaks: list[str] = []
        fetched_public = 0
        sections_seen: set[str] = set()
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            for client in (officer, visitor):  # the officer first: a page he fills the cache with is then read by anyone
                response = client.get(url)
                self.assertLess(response.status_code, 500, url)
                # the officer's own pages (home, password, token, an error page in the site's layout) show his own name:
                # only the portal's answers, which the cache may keep for anyone, are checked for him
                if client is visitor or (url.startswith(PORTAL_PREFIXES) and response.status_code < 400):
                    leaks += self.find_markers(url, response)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                fetched_public += 1
                sections_seen.update(SECTION_ID.findall(response.content.decode()))
                for link in LINK.findall(response.content.decode()):
                    target = link.replace("&amp;", "&")
                    if urlsplit(target).path and target not in seen:
                        queue.append(target)
        self.maxDiff = None
        self.assertEqual(leaks, [])
        self.assertGreater(fetched_public, 50)  # the walk did reach the pages, not only 404s
        # and it saw every section with something published in it, on the unit pages and the province's rankings
        self.assertLessEqual({"plans", "scorecard", "reports", "parindex", "surveys", "petitions", "xep-hang-surveys"}, sections_seen)
        self.assertTrue(any(anchor.startswith("xep-hang-parindex-department") for anchor in sections_seen), sections_seen)

    def test_the_markers_are_in_the_database(self):
        """The walk proves something only if the markers are there to be leaked."""
        self.assertTrue(ProgressUpdate.objects.filter(note__contains=MARK).exists())
        self.assertTrue(Evidence.objects.filter(title__contains=MARK).exists())
        self.assertTrue(Plan.objects.filter(status=PlanStatus.DRAFT, title__contains=MARK).exists())
        self.assertTrue(Report.objects.filter(review_reason__contains=MARK).exists())
        published = Plan.objects.filter(pk__in=Publication.objects.filter(kind="plan").values("object_id"))
        self.assertGreaterEqual(published.count(), 4)
        self.assertTrue(ProgressUpdate.objects.filter(period__task__plan__in=published, note__contains=MARK).exists())
        self.assertIn(f"{MARK}-WITHDRAWN", Plan.objects.get(pk=self.withdrawn.pk).title)
        self.assertTrue(Publication.objects.filter(kind="report_section").exists())
        # each new kind has published rows (the walk shows them) and withdrawn or unpublished ones, marked
        for kind in ("parindex", "survey", "petition_answer"):
            self.assertTrue(Publication.objects.filter(kind=kind).exists(), kind)
        self.assertTrue(Score.objects.filter(appraisal_comment__contains=MARK).exists())
        self.assertTrue(Result.objects.filter(label__contains=MARK).exists())
        self.assertFalse(Publication.objects.filter(kind="parindex", year=2024, unit__in=Result.objects.filter(
            label__contains=MARK).values("unit")).exists())
        self.assertTrue(Petition.objects.filter(status="published", public_answer__contains=MARK).exists())
        self.assertTrue(Petition.objects.filter(status="published", contact_name__contains=MARK).exists())
        self.assertTrue(Response.objects.filter(comment__contains=MARK, campaign__in=Campaign.objects.filter(
            pk__in=Publication.objects.filter(kind="survey").values("object_id"))).exists())
        self.assertTrue(Questionnaire.objects.filter(title__contains=MARK, campaigns__isnull=False).exists())
