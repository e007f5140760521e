"""Published petitions in bulk for the public-page benchmark (``bench/citizen.py``); no page, API or command calls it.

``published_petitions(unit=…, count=…)`` writes ``count`` petitions of ``unit``, each with a published
answer, its two steps (received, published) and its publication on the public pages
(``cchc.petitions.portal_section``), in a few bulk inserts: the public list and lookup
pages then have realistic data. The deadlines are those of a petition received and answered the
same day (on time); the texts are invented and short.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cchc.calendar.api import current_calendar
from cchc.petitions import deadlines, tracking
from cchc.petitions.choices import Category, Channel, EventKind, Status
from cchc.petitions.models import Petition, PetitionEvent
from cchc.petitions.portal_section import KIND
from cchc.portal import cache
from cchc.portal.models import Publication

CHUNK = 1000


@transaction.atomic
def published_petitions(*, unit, count: int, received_on: dt.date | None = None) -> list[str]:
    """Create ``count`` published petitions of ``unit``; return their tracking codes (for lookups)."""
    received_on = received_on or timezone.localdate()
    calendar = current_calendar()
    clock = deadlines.clock_dates(received_on, calendar)
    publish_due = deadlines.publish_due(received_on, calendar)
    moment = timezone.make_aware(dt.datetime.combine(received_on, dt.time(9)))
    taken = set(Petition.objects.values_list("tracking_code", flat=True))
    codes: list[str] = []
    categories = [Category.REGULATION, Category.CONDUCT, Category.OTHER]
    for start in range(0, count, CHUNK):
        rows = []
        for number in range(start, min(count, start + CHUNK)):
            code = tracking.new_code()
            while code in taken:
                code = tracking.new_code()
            taken.add(code)
            codes.append(code)
            summary = f"Phản ánh số {number + 1} về thời gian giải quyết thủ tục hành chính tại {unit.name}."
            rows.append(Petition(
                unit=unit, tracking_code=code, channel=Channel.PUBLIC_FORM, content=summary, category=categories[number % 3],
                status=Status.PUBLISHED, received_at=moment, received_on=received_on, started_on=received_on,
                decide_due=clock.decide_due, info_due=clock.info_due, resolve_due=clock.resolve_due, publish_due=publish_due,
                approved_on=received_on, published_on=received_on, answer="Đơn vị đã tiếp thu và trả lời.",
                public_summary=summary, public_answer="Đơn vị đã tiếp thu, rà soát và rút ngắn thời gian giải quyết.",
            ))
        created = Petition.objects.bulk_create(rows)
        PetitionEvent.objects.bulk_create(
            event
            for petition in created
            for event in (
                PetitionEvent(petition=petition, kind=EventKind.RECEIVED, at=moment, to_status=Status.RECEIVED, to_unit=unit),
                PetitionEvent(petition=petition, kind=EventKind.PUBLISHED, at=moment, from_status=Status.APPROVED,
                              to_status=Status.PUBLISHED),
            )
        )
        Publication.objects.bulk_create(
            Publication(kind=KIND, unit=unit, year=received_on.year, object_id=petition.pk, published_at=moment)
            for petition in created
        )
    cache.bump()
    return codes
