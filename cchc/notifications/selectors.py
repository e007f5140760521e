"""Reads over notifications: only ever the caller's own."""

from __future__ import annotations

from cchc.notifications.models import Notification


def inbox(*, user, unread_only: bool = False):
    """The user's notifications, newest first."""
    rows = Notification.objects.for_recipient(user).select_related("unit")
    return rows.unread() if unread_only else rows


def unread_count(*, user) -> int:
    return Notification.objects.for_recipient(user).unread().count()
