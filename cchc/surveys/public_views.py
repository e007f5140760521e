"""The public answer pages (``/cong-khai/khao-sat/``): no login, no name, no IP address kept.

Declared in ``cchc.core.public`` with their reasons. A page shows a questionnaire and takes one
answer; it never shows anyone's answers. Abuse resistance needs no outside service: a honeypot
field, a rate limit per address (``cchc.core.ratelimit``: an HMAC of the address with a daily salt,
never the address), and, when the campaign asks for it, one answer per dossier code.

The empty questionnaire and the thanks page are rendered once and kept (``cchc.core.pagecache``) under a
key made of every value of the rows they show (the access point, its campaign, questionnaire and unit,
and the questionnaire's newest item: editing a questionnaire writes its items anew), read in one query
whose SQL is compiled once per process, and the day; each visitor gets his own CSRF token.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from cchc.core import pagecache, ratelimit
from cchc.core.public_site import site_name
from cchc.surveys import selectors, services
from cchc.surveys.choices import Channel
from cchc.surveys.forms import AnswerForm
from cchc.surveys.models import AccessPoint, Campaign, Item, Questionnaire
from cchc.units.models import Unit

#: (answers, seconds) one address may send; (pages, seconds) it may open
ANSWER_LIMIT = getattr(settings, "SURVEY_ANSWER_LIMIT", (10, 60))
PAGE_LIMIT = getattr(settings, "SURVEY_PAGE_LIMIT", (120, 60))


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _find(token: str) -> AccessPoint | None:
    try:
        return AccessPoint.objects.select_related("campaign__questionnaire", "unit").get(token=token)
    except AccessPoint.DoesNotExist:
        return None


@dataclass(frozen=True)
class _State:
    """Every stored value of an access point, its campaign, questionnaire and unit, and the id of the
    questionnaire's newest item (``row``): what its public pages show."""

    row: tuple
    unit_id: int
    starts_on: dt.date
    ends_on: dt.date

    def is_open_on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def _columns(model, prefix: str = "") -> list[str]:
    return [prefix + field.attname for field in model._meta.concrete_fields]


@functools.cache
def _state_query() -> tuple[str, list[str]]:
    """The SQL of ``_state`` and its column names, compiled once per process (compiling the four models'
    query costs several times more than running it)."""
    names = [*_columns(AccessPoint), *_columns(Campaign, "campaign__"), *_columns(Questionnaire, "campaign__questionnaire__"),
             *_columns(Unit, "unit__")]
    newest = Item.objects.filter(questionnaire_id=OuterRef("campaign__questionnaire_id")).order_by("-pk").values("pk")[:1]
    query = (AccessPoint.objects.filter(token="").annotate(structure=Subquery(newest)).order_by()
             .values_list(*names, "structure").query)
    sql, params = query.sql_with_params()
    assert params == ("",), params  # the token is the query's one parameter
    return sql, names


def _state(token: str) -> _State | None:
    sql, names = _state_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, [token])
        row = cursor.fetchone()
    if row is None:
        return None
    return _State(row=tuple(row), unit_id=row[names.index("unit_id")], starts_on=row[names.index("campaign__starts_on")],
                  ends_on=row[names.index("campaign__ends_on")])


def _page_key(request, state: _State, name: str, *extra) -> str:
    """What a kept page shows: the rows of its access point, the path, the day, the code that renders it."""
    return pagecache.key_of(f"surveys:{name}", [
        request.path, state.row, *extra, site_name(), timezone.localdate(),
        pagecache.release("cchc/surveys/templates", "cchc/surveys/forms.py"),
    ])


def _not_found(request):
    return _no_store(render(request, "surveys/public/not_found.html", status=404))


def _closed(request, point: AccessPoint, today: dt.date):
    context = {"point": point, "message": services.closed_message(point.campaign, today)}
    return _no_store(render(request, "surveys/public/closed.html", context, status=410))


class AnswerView(View):
    """The questionnaire of one access point (public link, QR code, kiosk) and its answer."""

    def dispatch(self, request, *args, **kwargs):
        limit, per = PAGE_LIMIT
        if not ratelimit.allow(request, "survey-page", limit=limit, per=per):
            return ratelimit.too_many(request)
        if request.method in ("GET", "HEAD"):
            return self.show(request, kwargs["token"])
        self.point = _find(kwargs["token"])
        if self.point is None:
            return _not_found(request)
        self.campaign = self.point.campaign
        today = timezone.localdate()
        if not self.campaign.is_open_on(today):
            return _closed(request, self.point, today)
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None) -> AnswerForm:
        return AnswerForm(data, campaign=self.campaign, sectors=selectors.sectors_for(self.point.unit))

    def page(self, form, status=200):
        context = {"point": self.point, "campaign": self.campaign, "questionnaire": self.campaign.questionnaire, "form": form,
                   "kiosk": self.point.channel == Channel.KIOSK}
        return _no_store(render(self.request, "surveys/public/answer.html", context, status=status))

    def show(self, request, token):
        """The empty questionnaire, from the kept copy when nothing it shows changed (one query)."""
        state = _state(token)
        if state is None:
            return _not_found(request)
        today = timezone.localdate()
        if not state.is_open_on(today):
            return _closed(request, _find(token), today)
        sectors = selectors.sectors_for(Unit(pk=state.unit_id))

        def context() -> dict:
            point = _find(token)
            campaign = point.campaign
            return {"point": point, "campaign": campaign, "questionnaire": campaign.questionnaire,
                    "form": AnswerForm(campaign=campaign, sectors=sectors), "kiosk": point.channel == Channel.KIOSK}

        response = pagecache.render_shared(request, "surveys/public/answer.html", context,
                                           key=_page_key(request, state, "answer", sectors))
        return _no_store(response)

    def post(self, request, token):
        limit, per = ANSWER_LIMIT
        if not ratelimit.allow(request, "survey-answer", limit=limit, per=per):
            return ratelimit.too_many(request)
        form = self.form(request.POST)
        if form.is_robot():
            return redirect("surveys_public:thanks", token=token)  # looks like success; nothing is stored
        if not form.is_valid():
            return self.page(form)
        try:
            services.response_submit(campaign=self.campaign, unit=self.point.unit, data=form.to_input(),
                                     channel=self.point.channel, access_point=self.point)
        except ValidationError as error:
            form.add_service_errors(error)
            return self.page(form)
        return redirect("surveys_public:thanks", token=token)


class ThanksView(View):
    """Thanks after an answer; a kiosk goes back to an empty form by itself after a few seconds."""

    def get(self, request, token):
        limit, per = PAGE_LIMIT
        if not ratelimit.allow(request, "survey-page", limit=limit, per=per):
            return ratelimit.too_many(request)
        state = _state(token)
        if state is None:
            return _not_found(request)

        def context() -> dict:
            point = _find(token)
            return {"point": point, "campaign": point.campaign, "kiosk": point.channel == Channel.KIOSK}

        return _no_store(pagecache.render_shared(request, "surveys/public/thanks.html", context,
                                                 key=_page_key(request, state, "thanks")))
