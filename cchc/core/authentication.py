"""API authentication (``DEFAULT_AUTHENTICATION_CLASSES``).

Its own module: DRF imports these classes while ``rest_framework.views`` loads, so they cannot live
in ``cchc.core.api``.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

#: what ``Token.generate_key`` makes: 40 lower-case hexadecimal digits
TOKEN_KEY = re.compile(r"[0-9a-f]{40}")


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token header; a key no token can have (a NUL, which PostgreSQL refuses in text,
    or any other character) is refused before a query is sent."""

    def authenticate_credentials(self, key):
        if not TOKEN_KEY.fullmatch(key):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)
