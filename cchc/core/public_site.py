"""What the public pages (under ``/cong-khai/``) share: the site's name and the public layout.

Public pages extend ``templates/public/base.html`` (no login, no JavaScript needed, readable at
375 px) and get ``public_site_name`` from ``context()``: the name of the province or centrally-run
city at the top of the unit tree today. Each public URL is also declared in ``cchc.core.public``.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from cchc.units.models import Unit, UnitKind

CACHE_KEY = "public-site-name"
FALLBACK = "Cổng thông tin cải cách hành chính"


def site_name() -> str:
    name = cache.get(CACHE_KEY)
    if name is None:
        today = timezone.localdate()
        top = (
            Unit.objects.filter(parent__isnull=True, kind__in=[UnitKind.PROVINCE, UnitKind.CENTRAL_CITY], valid_from__lte=today)
            .exclude(valid_to__lt=today).order_by("pk").first()
        )
        name = top.name if top else FALLBACK
        cache.set(CACHE_KEY, name, 300)
    return name


def context(request) -> dict:
    """Template context processor: only public pages (``/cong-khai/``) pay for the lookup."""
    if not request.path.startswith("/cong-khai/"):
        return {}
    return {"public_site_name": site_name()}
