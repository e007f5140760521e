"""The error pages (403, 404, 500) in the site's layout, in Vietnamese, each with a way back.

A refused write raises ``PermissionDenied(<permission>)`` (``cchc.units.roles.Perm``): the 403 page
then says in plain words what the action needs and which roles carry it. A 404 never says what
lies outside the user's reach: it reads the same whether the row is missing or out of reach.
"""

from __future__ import annotations

from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.units.roles import Perm, Role, roles_with

#: What each permission lets a person do, as the 403 page says it ("This needs the right to …").
PERMISSION_WORDS = {
    Perm.VIEW: gettext_lazy("see this unit's records"),
    Perm.UPDATE_PROGRESS: gettext_lazy("report progress and evidence on the unit's tasks"),
    Perm.EDIT: gettext_lazy("draft and edit the unit's plans and reports"),
    Perm.APPROVE: gettext_lazy("approve, issue and sign the unit's plans and reports"),
    Perm.STEER: gettext_lazy("steer the units below: reporting calendars, reviewing their reports, assigning tasks"),
    Perm.MANAGE_MEMBERS: gettext_lazy("grant and end roles in the unit"),
    Perm.MANAGE_UNITS: gettext_lazy("manage units and reorganisations"),
}


def missing_permission(exception) -> tuple[str, list[str]] | None:
    """(what the permission allows, the roles that carry it) for a ``PermissionDenied(perm)``."""
    perm = str(exception.args[0]) if exception is not None and exception.args else ""
    if perm not in PERMISSION_WORDS:
        return None
    roles = [str(Role(role).label) for role in roles_with(perm) if role != Role.ADMIN]
    return str(PERMISSION_WORDS[perm]), roles


def _back_url(request) -> str:
    """The page the user came from, when it is on this site (a way back that is not the home page)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return ""


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def permission_denied(request, exception=None):
    """``handler403``: what the action needs, in plain words, and a way back."""
    if _wants_json(request):
        return JsonResponse({"detail": _("You do not have permission to do this.")}, status=403)
    missing = missing_permission(exception)
    context = {"needs": missing[0] if missing else "", "roles": missing[1] if missing else [], "status": 403,
               "back_url": _back_url(request)}
    return HttpResponseForbidden(loader.render_to_string("403.html", context, request))


def page_not_found(request, exception=None):
    """``handler404``: the same page whether the row is missing or out of reach."""
    if _wants_json(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return HttpResponseNotFound(loader.render_to_string("404.html", {"status": 404, "back_url": _back_url(request)}, request))


def server_error(request):
    """``handler500``: rendered without the request's context processors (they may be what failed)."""
    if _wants_json(request):
        return JsonResponse({"detail": _("The server met an error; it has been recorded.")}, status=500)
    return HttpResponseServerError(loader.render_to_string("500.html", {"status": 500}))


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form sent from an expired page, said in Vietnamese, with a way back."""
    return HttpResponseForbidden(loader.render_to_string("403_csrf.html", {"status": 403, "back_url": _back_url(request)}, request))
