"""Base views: a page cannot forget unit scoping because these views apply it.

Every page is either a subclass of ``ScopedMixin`` (rows filtered by ``visible_to`` with
``permission``; writes need ``write_permission`` on the row's unit) or a view listed in
``cchc.core.public.PUBLIC_URL_NAMES``. Outside the user's scope a row does not exist (404);
in scope but without the write permission, a write is forbidden (403) and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import generic

from cchc.core.scoped import unit_id_of
from cchc.units.roles import Perm
from cchc.units.scoping import user_can, visible_unit_ids


class ScopedMixin(LoginRequiredMixin):
    """Rows visible with ``permission``; writes need ``write_permission`` on the row's unit."""

    queryset = None
    permission: str | None = None
    write_permission: str | None = None
    #: whether showing the page (GET) already needs ``write_permission`` (edit forms)
    write_on_get = False
    scoped = True

    def dispatch(self, request, *args, **kwargs):
        if self.queryset is None or self.permission is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a queryset and a permission")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.queryset.all().visible_to(self.request.user, self.permission)

    def wants_write(self) -> bool:
        return self.request.method not in ("GET", "HEAD", "OPTIONS") or self.write_on_get

    def check_write(self, obj) -> None:
        """403 unless the user holds ``write_permission`` on ``obj``'s unit."""
        if self.write_permission is None:
            raise ImproperlyConfigured(f"{type(self).__name__} accepts writes but names no write_permission")
        if not user_can(self.request.user, self.write_permission, unit_id_of(obj)):
            raise PermissionDenied(self.write_permission)


class ScopedObjectMixin(ScopedMixin):
    """One row, looked up in the scoped queryset: 404 outside scope, 403 on a refused write."""

    def get_object(self, queryset=None):
        if hasattr(self, "_object"):
            return self._object
        queryset = queryset if queryset is not None else self.get_queryset()
        try:
            obj = queryset.get(pk=self.kwargs["pk"])
        except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
            raise Http404 from exc
        if self.wants_write():
            self.check_write(obj)
        self._object = obj
        return obj


class ScopedListView(ScopedMixin, generic.ListView):
    permission = Perm.VIEW


class ScopedDetailView(ScopedObjectMixin, generic.DetailView):
    permission = Perm.VIEW


class ScopedFormView(ScopedObjectMixin, generic.FormView):
    """A form acting on one scoped row (``self.object``), e.g. a merge or a membership grant."""

    permission = Perm.VIEW
    write_on_get = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object)
        return super().get_context_data(**kwargs)


class ServiceFormMixin:
    """Valid data goes to one service (``run_service``); its ValidationError lands on the form's
    fields, otherwise ``success_message`` is shown and the page goes to ``get_success_url(result)``."""

    template_name = "core/form.html"
    success_message = ""

    def run_service(self, form):  # pragma: no cover - each subclass defines it
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.run_service(form)
        except ValidationError as error:
            form.add_service_errors(error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url(result))


class ServiceFormView(ServiceFormMixin, ScopedFormView):
    """A form on one scoped row (``self.object``) whose valid data goes to one service."""

    def get_success_url(self, result=None):
        return self.object.get_absolute_url() if hasattr(self.object, "get_absolute_url") else "/"


class UnitChoiceFormView(ServiceFormMixin, ScopedMixin, generic.FormView):
    """A form whose valid data goes to one service, on a unit chosen in the form rather than in the URL
    (a new calendar or template for one of the user's units).

    Users who hold ``write_permission`` on no unit get 403 on GET and POST alike. The form is a
    ``ScopedForm`` whose ``choice_permission`` must be ``write_permission``: it then lists only the
    units where the user holds it, and another unit's id is an invalid choice. Subclasses give
    ``queryset`` (rows the page may list), ``write_permission``, ``form_class``, ``run_service`` and
    ``get_success_url(result)``.
    """

    permission = Perm.VIEW

    def dispatch(self, request, *args, **kwargs):
        choice_permission = getattr(self.get_form_class(), "choice_permission", None)
        if self.write_permission is None or choice_permission != self.write_permission:
            raise ImproperlyConfigured(
                f"{type(self).__name__}: the form's choice_permission ({choice_permission}) must be the view's "
                f"write_permission ({self.write_permission})"
            )
        if request.user.is_authenticated and not self.open_to(request.user):
            raise PermissionDenied(self.write_permission)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def open_to(cls, user) -> bool:
        """Whether ``user`` holds ``write_permission`` on some unit (pages link to this view only then)."""
        return bool(visible_unit_ids(user, cls.write_permission))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class HomeView(LoginRequiredMixin, generic.TemplateView):
    """"Việc cần làm": what every app asks of the user now (``cchc.core.todo``), each a count linking
    to the list of exactly those rows, grouped by subject; then the apps' panels (``cchc.core.home``)."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from cchc.core import home, todo
        from cchc.units.models import Membership

        memberships = Membership.objects.valid_on(timezone.localdate()).filter(user=self.request.user).select_related("unit")
        return super().get_context_data(
            memberships=memberships,
            todo_groups=todo.grouped(todo.items_for(self.request.user)),
            panels=home.panels_for(self.request),
            **kwargs,
        )


class SwitchUnitView(LoginRequiredMixin, generic.View):
    """Remember which of the user's own units the pages should preselect."""

    http_method_names = ["post"]

    def post(self, request):
        from cchc.core.middleware import CurrentUnitMiddleware
        from cchc.units.scoping import user_roles_on

        try:
            unit_id = int(request.POST.get("unit", ""))
        except ValueError:
            unit_id = None
        if unit_id in {u for u, _ in user_roles_on(request.user)}:
            request.session[CurrentUnitMiddleware.session_key] = unit_id
        next_url = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = "/"
        return redirect(next_url)


def healthz(request):
    return JsonResponse({"status": "ok"})


def bad_request(request, exception=None):
    """Django's 400 handler (``handler400``): a request body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413 with
    a Vietnamese message (JSON under ``/api/``) rather than a bare "Bad Request"; anything else is Django's 400."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig
    from django.http import HttpResponse
    from django.utils.html import escape
    from django.utils.translation import gettext as _
    from django.views.defaults import bad_request as django_bad_request

    if not isinstance(exception, RequestDataTooBig):
        return django_bad_request(request, exception)
    message = _("The request is larger than {limit} MB.").format(limit=settings.MAX_UPLOAD_BYTES // (1024 * 1024))
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    page = f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>413</title><p>{escape(message)}</p></html>'
    return HttpResponse(page, status=413)
