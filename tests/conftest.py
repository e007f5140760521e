"""What the project-wide walks over the demo city share (test_links, test_csp)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from cchc.core.testing.database import restore_initial_rows

#: where a walk does not follow a link: files, the admin site, signing out and the API
SKIP = ("/static/", "/media/", "/admin/", "/accounts/logout/", "/api/")


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker, _media_root):
    """The demo city (``seed_demo``) for one test module, then the database as the suite left it."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_media_root):
        call_command("seed_demo", quiet=True, stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        # Put back what the data migrations wrote when the suite serialized it (see core/tests/test_backup.py).
        initial = getattr(connection, "_test_serialized_contents", None)
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=bool(initial))
        restore_initial_rows()
