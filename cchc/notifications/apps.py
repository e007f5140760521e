from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cchc.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    nav = [(_("Notifications"), "notifications:list")]

    def nav_count(self, user, url_name: str) -> int | None:
        """Unread notifications, shown beside "Thông báo" on every page."""
        from cchc.notifications.selectors import unread_count

        return unread_count(user=user) if url_name == "notifications:list" else None
