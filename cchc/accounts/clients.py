"""The address a request comes from, as the failed-login lockout (django-axes) counts it.

Without a trusted proxy (``TRUSTED_PROXY_COUNT = 0``, the default) it is the connection's address,
``REMOTE_ADDR``: whatever X-Forwarded-For a client writes is ignored. Behind N reverse proxies that
each append the address they received the request from (nginx: ``$proxy_add_x_forwarded_for``),
the client is the N-th address from the right of that header; anything to its left was written by
the client and is not trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get(settings.TRUSTED_PROXY_HEADER, "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
