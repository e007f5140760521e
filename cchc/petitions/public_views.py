"""Public pages (``/cong-khai/phan-anh/``): no login, no JavaScript needed, mobile first.

Every URL is declared in ``cchc.core.public`` with its reason. What they show: the units a petition
may be addressed to, a petition's status and published answer to whoever holds its tracking code (a
wrong code and an unknown one get the same neutral message), and the published answers with personal
data masked. Never the petition as typed, a contact detail, or an unpublished answer. Writes are
rate limited per address (``cchc.core.ratelimit``: a daily-salted hash, the address is never kept)
and carry a honeypot field; nothing about the sender is stored.

The home page (the units to address, the lookup form) and the first page of the published answers are
rendered once and kept (``cchc.core.pagecache``) under what they show: the units' history
(``units_version``: every saved unit adds a historical row), for the answers also the petitions' handling
(``answers_version``: every step, publishing included, adds an event) and the published ones; and the
day. Each visitor of the home page gets his own CSRF token.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Max
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from cchc.core import pagecache, ratelimit
from cchc.core.forms import is_row_id
from cchc.core.public_site import site_name
from cchc.core.uploads import bytes_response
from cchc.core.xlsx import CONTENT_TYPE
from cchc.petitions import exports, selectors, services
from cchc.petitions.choices import Category, ContactPolicy, Rating, Status
from cchc.petitions.forms import LookupForm, PublicIntakeForm, RatingForm
from cchc.petitions.models import Petition, PetitionEvent
from cchc.units.models import Unit

#: per address: (requests, seconds)
SUBMIT_LIMIT = (10, 60)
LOOKUP_LIMIT = (30, 60)
RATE_LIMIT = (10, 60)
EXPORT_LIMIT = (10, 60)
NOT_FOUND = "Không tìm thấy phản ánh, kiến nghị với mã tra cứu này. Vui lòng kiểm tra lại mã (10 ký tự, ví dụ K7HQP-3XWMA)."
ROBOT = "Không gửi được. Vui lòng tải lại trang và thử lại."
PAGE_SIZE = 20


def public_units():
    """Units the public form offers today: agencies, not their divisions."""
    today = timezone.localdate()
    return Unit.objects.valid_on(today).exclude(kind__in=services.PUBLIC_UNIT_KINDS_EXCLUDED).order_by("name").only("pk", "name")


def units_version() -> int:
    """Changes whenever a unit is created, changed or deleted (its history gains a row): one indexed read."""
    return Unit.history.aggregate(top=Max("history_id"))["top"] or 0


def answers_version() -> tuple:
    """Changes whenever the published answers page may: a unit saved (its history), a step of any petition's
    handling (its event), the published petitions' number and newest. One query."""
    units, events, petitions = Unit.history.model._meta.db_table, PetitionEvent._meta.db_table, Petition._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(history_id) FROM {units}), (SELECT MAX(id) FROM {events}),"
            f" (SELECT COUNT(*) FROM {petitions} WHERE status = %s), (SELECT MAX(id) FROM {petitions} WHERE status = %s)",
            [Status.PUBLISHED, Status.PUBLISHED],
        )
        return tuple(cursor.fetchone())


def _unit_from(value):
    if not is_row_id(value):
        return None
    unit = Unit.objects.filter(pk=int(value)).first()
    return unit if unit is not None and services.accepts_public_petitions(unit, timezone.localdate()) else None


class PublicView(View):
    """A page anyone may open (declared in ``cchc.core.public``)."""

    scoped = False


class HomeView(PublicView):
    def get(self, request):
        key = pagecache.key_of("petitions:home", [
            request.path, units_version(), timezone.localdate(), site_name(),
            pagecache.release("cchc/petitions/templates", "cchc/petitions/forms.py"),
        ])
        return pagecache.render_shared(request, "petitions/public/home.html",
                                       lambda: {"units": list(public_units()), "lookup": LookupForm()}, key=key)


class SubmitView(PublicView):
    """The public form of one unit (``?don-vi=<id>``); without a valid unit, the list of units to choose from."""

    template_name = "petitions/public/submit.html"

    def get(self, request):
        unit = _unit_from(request.GET.get("don-vi", ""))
        if unit is None:
            return render(request, "petitions/public/choose.html", {"units": public_units(),
                                                                     "error": "don-vi" in request.GET}, status=200)
        policy = services.contact_policy_for(unit)
        return self._form(request, unit, PublicIntakeForm(contact_policy=policy), policy)

    def post(self, request):
        if not ratelimit.allow(request, "petition-submit", limit=SUBMIT_LIMIT[0], per=SUBMIT_LIMIT[1]):
            return ratelimit.too_many(request)
        unit = _unit_from(request.POST.get("unit", ""))
        if unit is None:
            return render(request, "petitions/public/choose.html", {"units": public_units(), "error": True}, status=400)
        policy = services.contact_policy_for(unit)
        form = PublicIntakeForm(request.POST, request.FILES, contact_policy=policy)
        if form.is_robot:
            return self._form(request, unit, form, policy, error=ROBOT, status=400)
        if form.is_valid():
            try:
                petition = services.petition_submit(unit=unit, intake=services.Intake(**form.intake_data()),
                                                    files=form.cleaned_data.get("files") or [])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                return render(request, "petitions/public/submitted.html",
                              {"code": petition.tracking_display, "unit": unit, "lookup_url": reverse("petitions_public:lookup")})
        return self._form(request, unit, form, policy, status=400)

    def _form(self, request, unit, form, policy, *, error: str = "", status: int = 200):
        return render(request, self.template_name, {"unit": unit, "form": form, "error": error,
                                                    "contact_hidden": policy == ContactPolicy.HIDDEN,
                                                    "contact_required": policy == ContactPolicy.REQUIRED}, status=status)


class LookupView(PublicView):
    """Status and published answer by tracking code (sent by POST, so the code stays out of addresses and logs)."""

    template_name = "petitions/public/lookup.html"

    def get(self, request):
        return render(request, self.template_name, {"form": LookupForm()})

    def post(self, request):
        if not ratelimit.allow(request, "petition-lookup", limit=LOOKUP_LIMIT[0], per=LOOKUP_LIMIT[1]):
            return ratelimit.too_many(request)
        form = LookupForm(request.POST)
        found = selectors.public_lookup(form.data.get("code", "")) if form.is_valid() else None
        context = {"form": form, "found": found, "not_found": NOT_FOUND if found is None else ""}
        if found is not None and found.can_rate:
            context["rating_form"] = RatingForm(initial={"code": found.tracking_code})
        return render(request, self.template_name, context)


class RateView(PublicView):
    """The citizen's rating of a published answer: once per petition, with its tracking code."""

    def get(self, request):
        return redirect("petitions_public:lookup")

    def post(self, request):
        if not ratelimit.allow(request, "petition-rate", limit=RATE_LIMIT[0], per=RATE_LIMIT[1]):
            return ratelimit.too_many(request)
        form = RatingForm(request.POST)
        template = "petitions/public/rated.html"
        if form.data.get("website"):
            return render(request, template, {"error": ROBOT}, status=400)
        if not form.is_valid():
            petition = selectors.petition_by_code(form.data.get("code", ""))
            message = "Hãy chọn Hài lòng hoặc Không hài lòng." if petition is not None else NOT_FOUND
            return render(request, template, {"error": message}, status=400)
        petition = selectors.petition_by_code(form.cleaned_data["code"])
        if petition is None:
            return render(request, template, {"error": NOT_FOUND}, status=400)
        try:
            services.petition_rate(petition=petition, value=form.cleaned_data["value"])
        except ValidationError as error:
            return render(request, template, {"error": " ".join(error.messages)}, status=400)
        return render(request, template, {"value": Rating(form.cleaned_data["value"]).label})


class AnswersView(PublicView):
    """Published answers, newest first, optionally of one unit; ``?xuat=xlsx`` downloads them."""

    def get(self, request):
        unit = _unit_from(request.GET.get("don-vi", "")) if request.GET.get("don-vi") else None
        answers = selectors.published_answers(unit_id=unit.pk if unit else None)
        if request.GET.get("xuat") == "xlsx":
            if not ratelimit.allow(request, "petition-export", limit=EXPORT_LIMIT[0], per=EXPORT_LIMIT[1]):
                return ratelimit.too_many(request)
            return bytes_response(exports.public_workbook(answers[:5000]), download_name="tra-loi-phan-anh-kien-nghi.xlsx",
                                  content_type=CONTENT_TYPE)

        def context() -> dict:
            page = Paginator(answers, PAGE_SIZE).get_page(request.GET.get("trang"))
            categories = dict(Category.choices)
            rows = [{**row, "category_label": categories.get(row["category"], "")} for row in page.object_list]
            return {"page": page, "rows": rows, "unit": unit, "units": public_units(), "unit_query": f"don-vi={unit.pk}&" if unit else ""}

        if set(request.GET) <= {"don-vi", "trang"} and request.GET.get("trang", "1") == "1":  # the first page of a unit or of all
            key = pagecache.key_of("petitions:answers", [
                request.path, unit.pk if unit else None, answers_version(), timezone.localdate(), site_name(),
                pagecache.release("cchc/petitions/templates", "cchc/petitions/forms.py"),
            ])
            return pagecache.render_shared(request, "petitions/public/answers.html", context, key=key)
        return render(request, "petitions/public/answers.html", context())


