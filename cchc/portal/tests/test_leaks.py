"""Nothing internal ever reaches a public page.

The demo city (units, plans with progress and evidence, reports, the portal's publications) is loaded,
then a unique marker is planted in everything that must stay internal: drafts, plans not published or
withdrawn, progress notes and reasons for lateness, evidence, versions' notes, the report sections not
published, reasons for return, reorganisation notes, the names, e-mails, phone numbers and job titles of staff, signers' names.
Every public URL (the resolver walk of ``tests/test_urls.py`` and ``cchc.core.public``) is then fetched
with every argument the data offers, each link the pages lead to is followed, a signed-in officer's visit
comes first (so that the cache is filled by someone with a session), and any marker in any answer fails.
"""

from __future__ import annotations

import re
from collections import deque
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import get_user_model
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import TestCase
from django.urls import NoReverseMatch, reverse

from cchc.core.public import PUBLIC_URL_NAMES
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
        portal_demo.load(created=True)
        cls.withdrawn = cls._withdrawn_plan()
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

    # -- the walk --------------------------------------------------------------------------------

    def candidates(self, name: str, pattern) -> list[str]:
        """Every URL of the pattern with the arguments the data offers (ids, years, table names)."""
        groups = list(pattern.pattern.regex.groupindex)
        ids = sorted({*Unit.objects.values_list("pk", flat=True), *Plan.objects.values_list("pk", flat=True), 0, 987654})
        values = {"pk": ids, "year": list(YEARS), "name": [spec.name for _s, spec in sections.tables()] + ["khong-co"],
                  "format": ["json"]}
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
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            for client in (officer, visitor):  # the officer first: a page he fills the cache with is then read by anyone
                response = client.get(url)
                self.assertLess(response.status_code, 500, url)
                # the officer's own pages (home, password, token) show his own name: only the portal's are checked for him
                if client is visitor or url.startswith(PORTAL_PREFIXES):
                    leaks += self.find_markers(url, response)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                fetched_public += 1
                for link in LINK.findall(response.content.decode()):
                    target = link.replace("&amp;", "&")
                    if urlsplit(target).path and target not in seen:
                        queue.append(target)
        self.assertEqual(leaks, [])
        self.assertGreater(fetched_public, 50)  # the walk did reach the pages, not only 404s

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
