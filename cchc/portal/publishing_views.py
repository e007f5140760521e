"""The officers' side of the portal: a head of unit decides what the public portal shows of the units
they lead (công khai), and withdraws it (thôi công khai). Scoped like every page: the decisions need the
approval permission on the unit; outside reach a row is 404, in reach without approval 403."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.views import ScopedListView, ServiceFormView
from cchc.plans.choices import PlanStatus
from cchc.plans.models import Plan
from cchc.portal import plan_section, report_section, scorecard_section, services
from cchc.portal.forms import PublicationForm, ReportPublicationForm, ScorecardPublicationForm
from cchc.portal.models import Publication
from cchc.portal.search import PUBLIC_UNIT_KINDS
from cchc.reporting.choices import ReportStatus
from cchc.reporting.models import Report
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import visible_unit_ids


def _existed(unit: Unit, year: int) -> bool:
    return unit.valid_from.year <= year and (unit.valid_to is None or unit.valid_to.year >= year)


class PublishingListView(ScopedListView):
    """The issued plans and yearly results of the units the user leads, each published or not."""

    template_name = "portal/publishing.html"
    queryset = Plan.objects.filter(status__in=[PlanStatus.ISSUED, PlanStatus.AMENDED])
    permission = Perm.APPROVE
    context_object_name = "plans"
    paginate_by = 50

    def get_queryset(self):
        plans = super().get_queryset().select_related("unit").order_by("-year", "unit__name", "pk")
        if self.request.GET.get("unpublished"):
            plans = plans.exclude(pk__in=Publication.objects.filter(kind=plan_section.KIND).values("object_id"))
        return plans

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plans = context["plans"]
        published = set(
            Publication.objects.filter(kind=plan_section.KIND, object_id__in=[plan.pk for plan in plans]).values_list("object_id", flat=True)
        )
        today = timezone.localdate()
        years = [today.year, today.year - 1]
        reach = visible_unit_ids(self.request.user, Perm.APPROVE)
        units = list(
            Unit.objects.filter(pk__in=reach, kind__in=PUBLIC_UNIT_KINDS)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=f"{years[-1]}-01-01")).order_by("name", "pk")
        )
        done = set(
            Publication.objects.filter(kind=scorecard_section.KIND, unit__in=units, year__in=years).values_list("unit_id", "year")
        )
        context.update(
            plan_rows=[(plan, plan.pk in published) for plan in plans],
            years=years,
            unit_rows=[(unit, [(year, (unit.pk, year) in done if _existed(unit, year) else None) for year in years])
                       for unit in units],
            leads_units=bool(reach),
            unpublished_only=bool(self.request.GET.get("unpublished")),
            report_rows=self.report_rows(years),
        )
        return context


    def report_rows(self, years: list[int]) -> list[tuple[Report, int]]:
        """Accepted reports of the last two years of the units the user leads, with how many sections are published."""
        reports = list(
            Report.objects.visible_to(self.request.user, Perm.APPROVE)
            .filter(status=ReportStatus.ACCEPTED, period__calendar__year__in=years)
            .select_related("unit", "period__calendar").order_by("-period__data_to", "unit__name", "pk")[:100]
        )
        counts: dict[int, int] = {}
        for object_id in Publication.objects.filter(kind=report_section.KIND, object_id__in=[r.pk for r in reports]).values_list(
                "object_id", flat=True):
            counts[object_id] = counts.get(object_id, 0) + 1
        return [(report, counts.get(report.pk, 0)) for report in reports]


class PlanPublicationView(ServiceFormView):
    """The head of the plan's unit publishes an issued plan on the portal, or withdraws it."""

    queryset = Plan.objects.select_related("unit")
    write_permission = Perm.APPROVE
    form_class = PublicationForm
    title = gettext_lazy("Publish the plan on the public portal")

    def get_initial(self):
        published = Publication.objects.filter(kind=plan_section.KIND, object_id=self.object.pk).exists()
        return {"action": "unpublish" if published else "publish"}

    def run_service(self, form):
        services.plan_publish(plan=self.object, actor=self.request.user, published=form.published)
        self.success_message = (_("The plan is published on the public portal.") if form.published
                                else _("The plan was withdrawn from the public portal."))
        return self.object

    def get_success_url(self, result=None):
        return reverse("publishing:list") + f"#plan-{self.object.pk}"


class ScorecardPublicationView(ServiceFormView):
    """The head of a unit publishes the unit's QĐ 766 scorecard of a year on the portal, or withdraws it."""

    queryset = Unit.objects.all()
    write_permission = Perm.APPROVE
    form_class = ScorecardPublicationForm
    title = gettext_lazy("Publish the QĐ 766 scorecard on the public portal")

    def get_initial(self):
        return {"action": "publish", "year": timezone.localdate().year}

    def run_service(self, form):
        year = form.cleaned_data["year"]
        services.scorecard_publish(unit=self.object, year=year, actor=self.request.user, published=form.published)
        self.success_message = (
            _("The {year} scorecard of {unit} is published on the public portal.") if form.published
            else _("The {year} scorecard of {unit} was withdrawn from the public portal.")
        ).format(year=year, unit=self.object.name)
        return self.object

    def get_success_url(self, result=None):
        return reverse("publishing:list") + f"#unit-{self.object.pk}"


class ReportPublicationView(ServiceFormView):
    """The head of the report's unit chooses which sections of an accepted report the portal shows."""

    queryset = Report.objects.select_related("unit", "period__calendar")
    write_permission = Perm.APPROVE
    form_class = ReportPublicationForm
    title = gettext_lazy("Publish sections of the report on the public portal")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.object}

    def get_initial(self):
        return {"sections": sorted(report_section.published_codes(self.object)), "decision": "save"}

    def run_service(self, form):
        services.report_sections_publish(report=self.object, codes=form.cleaned_data["sections"], actor=self.request.user)
        self.success_message = _("The sections chosen are published on the public portal; the others are not.")
        return self.object

    def get_success_url(self, result=None):
        return reverse("publishing:list") + f"#report-{self.object.pk}"
