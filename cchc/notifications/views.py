"""The caller's own inbox. These views never take another person's rows: a notification that is
not the caller's does not exist for them (404), so no unit scope applies (see core/public.py)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import generic

from cchc.notifications import selectors, services
from cchc.notifications.models import Notification


class InboxView(LoginRequiredMixin, generic.ListView):
    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return selectors.inbox(user=self.request.user, unread_only=self.request.GET.get("unread") == "1")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unread_only=self.request.GET.get("unread") == "1",
            unread=selectors.unread_count(user=self.request.user),
            **kwargs,
        )


class ReadView(LoginRequiredMixin, generic.View):
    """Mark one of the caller's notifications read and follow its link."""

    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            notification = Notification.objects.for_recipient(request.user).get(pk=pk)
        except Notification.DoesNotExist as exc:
            raise Http404 from exc
        services.notification_mark_read(notification=notification, actor=request.user)
        target = notification.url
        if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "notifications:list"
        return redirect(target)


class ReadAllView(LoginRequiredMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request):
        services.notifications_mark_all_read(actor=request.user)
        return redirect("notifications:list")
