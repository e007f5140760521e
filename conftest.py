import pytest
from django.conf import settings as django_settings


@pytest.fixture(scope="session", autouse=True)
def _cheap_passwords():
    """Test users (built once per class too) hash passwords cheaply; queued work runs inline."""
    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True  # queued tasks run inline, in the test's transaction


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _local_files_and_mail(settings, _media_root):
    """Uploads go to one temporary folder per test run (files made in setUpTestData stay) and mail to memory."""
    settings.MEDIA_ROOT = _media_root
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what one test cached never answers another."""
    from django.core.cache import cache

    cache.clear()
