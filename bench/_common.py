"""Shared set-up for benchmarks: Django on a throwaway database.

SQLite by default (a temporary file, deleted afterwards); when DATABASE_URL is set, a fresh
database on that PostgreSQL server, dropped afterwards. Each script prints ``key: value`` lines.
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> str:
    """Point Django at a new empty database, migrate it, and return the engine's vendor name."""
    workdir = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    os.environ["VAR_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    base_url = os.environ.get("DATABASE_URL", "")
    if base_url.startswith("postgres"):
        name = f"cchc_bench_{os.getpid()}"
        _pg_admin(base_url, f'CREATE DATABASE "{name}"')
        atexit.register(_pg_admin, base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        os.environ["DATABASE_URL"] = urlunparse(urlparse(base_url)._replace(path=f"/{name}"))
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    atexit.register(connection.close)
    return connection.vendor


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    admin_url = urlunparse(urlparse(url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def median_ms(fn, repeat: int = 7) -> float:
    samples = []
    for _ in range(repeat):
        seconds, _ = timed(fn)
        samples.append(seconds * 1000)
    return statistics.median(samples)


def emit(key: str, value) -> None:
    if isinstance(value, float):
        value = f"{value:.3f}"
    print(f"{key}: {value}", flush=True)
