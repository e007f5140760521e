"""Production settings for bench/load.py when the manifest ``collectstatic`` fails: same as
``config.settings`` but static files kept under their own names, so the pages still render."""

from config.settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}  # noqa: F405
