"""The public answer pages (``/cong-khai/khao-sat/``): no login, no name, no IP address kept.

Declared in ``cchc.core.public`` with their reasons. A page shows a questionnaire and takes one
answer; it never shows anyone's answers. Abuse resistance needs no outside service: a honeypot
field, a rate limit per address (``cchc.core.ratelimit``: an HMAC of the address with a daily salt,
never the address), and, when the campaign asks for it, one answer per dossier code.

The empty questionnaire and the thanks page are rendered once and kept (``cchc.core.pagecache``) under a
key made of every value of the rows they show, read with the access point in one query (the
questionnaire's newest item: editing a questionnaire writes its items anew), the unit's fields and
the day; each visitor gets his own CSRF token.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from cchc.core import pagecache, ratelimit
from cchc.core.public_site import site_name
from cchc.surveys import selectors, services
from cchc.surveys.choices import Channel
from cchc.surveys.forms import AnswerForm
from cchc.surveys.models import AccessPoint, Item

#: (answers, seconds) one address may send; (pages, seconds) it may open
ANSWER_LIMIT = getattr(settings, "SURVEY_ANSWER_LIMIT", (10, 60))
PAGE_LIMIT = getattr(settings, "SURVEY_PAGE_LIMIT", (120, 60))


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _find(token: str) -> AccessPoint | None:
    """The access point with its campaign, questionnaire and unit, and the id of the questionnaire's newest
    item (``structure``), in one query."""
    newest = Item.objects.filter(questionnaire_id=OuterRef("campaign__questionnaire_id")).order_by("-pk").values("pk")[:1]
    try:
        return (AccessPoint.objects.select_related("campaign__questionnaire", "unit").annotate(structure=Subquery(newest))
                .get(token=token))
    except AccessPoint.DoesNotExist:
        return None


def _page_key(request, point: AccessPoint, name: str, *extra) -> str:
    """What a kept page of ``point`` shows: its rows, the questionnaire's items, the path, the day, the code."""
    campaign = point.campaign
    return pagecache.key_of(f"surveys:{name}", [
        request.path, pagecache.row_state(point, campaign, campaign.questionnaire, point.unit), point.structure, *extra,
        site_name(), timezone.localdate(), pagecache.release("cchc/surveys/templates", "cchc/surveys/forms.py"),
    ])


def _not_found(request):
    return _no_store(render(request, "surveys/public/not_found.html", status=404))


class AnswerView(View):
    """The questionnaire of one access point (public link, QR code, kiosk) and its answer."""

    def dispatch(self, request, *args, **kwargs):
        limit, per = PAGE_LIMIT
        if not ratelimit.allow(request, "survey-page", limit=limit, per=per):
            return ratelimit.too_many(request)
        self.point = _find(kwargs["token"])
        if self.point is None:
            return _not_found(request)
        self.campaign = self.point.campaign
        today = timezone.localdate()
        if not self.campaign.is_open_on(today):
            context = {"point": self.point, "message": services.closed_message(self.campaign, today)}
            return _no_store(render(request, "surveys/public/closed.html", context, status=410))
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None) -> AnswerForm:
        return AnswerForm(data, campaign=self.campaign, sectors=selectors.sectors_for(self.point.unit))

    def page(self, form, status=200):
        context = {"point": self.point, "campaign": self.campaign, "questionnaire": self.campaign.questionnaire, "form": form,
                   "kiosk": self.point.channel == Channel.KIOSK}
        return _no_store(render(self.request, "surveys/public/answer.html", context, status=status))

    def get(self, request, token):
        sectors = selectors.sectors_for(self.point.unit)

        def context() -> dict:
            form = AnswerForm(campaign=self.campaign, sectors=sectors)
            return {"point": self.point, "campaign": self.campaign, "questionnaire": self.campaign.questionnaire, "form": form,
                    "kiosk": self.point.channel == Channel.KIOSK}

        response = pagecache.render_shared(request, "surveys/public/answer.html", context,
                                           key=_page_key(request, self.point, "answer", sectors))
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
        point = _find(token)
        if point is None:
            return _not_found(request)
        context = {"point": point, "campaign": point.campaign, "kiosk": point.channel == Channel.KIOSK}
        return _no_store(pagecache.render_shared(request, "surveys/public/thanks.html", lambda: context,
                                                 key=_page_key(request, point, "thanks")))
