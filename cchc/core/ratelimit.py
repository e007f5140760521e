"""Rate limits for the public pages, keyed by the client's address without storing it.

The key is an HMAC of the address (``cchc.accounts.clients.client_address``, which honours the
trusted proxies) with a salt that changes every day (derived from ``SECRET_KEY`` and the date in
Asia/Ho_Chi_Minh), so the counters cannot be joined to an address nor across days, and nothing
about the address is written to the database. Counters live in Django's cache (Redis when
``REDIS_URL`` is set, so every app server shares them; local memory otherwise).

    if not ratelimit.allow(request, "survey-answer", limit=20, per=60):
        return ratelimit.too_many(request)   # HTTP 429 with a Vietnamese page
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from cchc.accounts.clients import client_address

MESSAGE = "Bạn gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút."


def _daily_salt() -> bytes:
    today = timezone.localdate().isoformat()
    return hmac.new(settings.SECRET_KEY.encode(), f"ratelimit:{today}".encode(), hashlib.sha256).digest()


def client_key(request) -> str:
    """An opaque per-day key for the caller's address (the address itself is never kept)."""
    address = client_address(request) or "unknown"
    return hmac.new(_daily_salt(), address.encode(), hashlib.sha256).hexdigest()[:32]


def allow(request, scope: str, *, limit: int, per: int) -> bool:
    """Count one hit of ``scope`` for the caller; False once more than ``limit`` fall in ``per`` seconds."""
    window = int(timezone.now().timestamp()) // per
    key = f"rl:{scope}:{client_key(request)}:{window}"
    try:  # most hits find the window's counter: one increment
        count = cache.incr(key)
    except ValueError:  # the window's first hit (or its counter expired)
        if cache.add(key, 1, per + 1):
            return True
        try:  # another request of the same caller created it meanwhile
            count = cache.incr(key)
        except ValueError:
            return True
    return count <= limit


def too_many(request):
    """The 429 answer, in the public layout when the page is public."""
    template = "public/too_many.html" if request.path.startswith("/cong-khai/") else "core/too_many.html"
    response = render(request, template, {"message": MESSAGE}, status=429)
    response["Retry-After"] = "60"
    return response
