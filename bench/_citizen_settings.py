"""Settings of the gunicorn server bench/citizen.py measures: production settings, but the public
survey pages' per-address limits raised (every simulated citizen comes from 127.0.0.1; the limiter
still runs on every request) and static files named as they are (the pages are measured, not the CSS)."""

from config.settings import *  # noqa: F403

SURVEY_ANSWER_LIMIT = (1_000_000, 60)
SURVEY_PAGE_LIMIT = (1_000_000, 60)
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}  # noqa: F405
