"""Sending and reading notifications. Other apps call ``notify``; nothing else writes the table."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from cchc.notifications.models import Notification


@transaction.atomic
def notify(*, users: Iterable, unit, text: str, url: str = "", kind: str, email: bool = True) -> list[Notification]:
    """Leave ``text`` in each user's inbox and, with ``email``, mail it once the transaction commits.

    Inactive users and duplicates are skipped, and so is anyone whose inbox already holds the same message
    unread (same kind, text and link): one line per event. Users without an address get the in-app message only.
    """
    recipients = list({user.pk: user for user in users if user is not None and user.is_active}.values())
    already = set(Notification.objects.filter(recipient__in=[user.pk for user in recipients], kind=kind, text=text[:500],
                                              url=url, read_at__isnull=True).values_list("recipient_id", flat=True))
    recipients = [user for user in recipients if user.pk not in already]
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, unit=unit, kind=kind, text=text[:500], url=url) for user in recipients
    )
    if email:
        link = f"{settings.SITE_URL}{url}" if url else ""
        messages = [
            (text[:150], f"{text}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, [user.email])
            for user in recipients
            if user.email
        ]
        if messages:
            transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return rows


def notification_mark_read(*, notification: Notification, actor) -> Notification:
    """Mark the actor's own notification read (a no-op when it already is)."""
    if notification.recipient_id != actor.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; return how many."""
    return Notification.objects.for_recipient(actor).unread().update(read_at=timezone.now())
