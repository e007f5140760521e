"""Fifty signed-in officers on the province-sized demo, against gunicorn and PostgreSQL.

Builds a throwaway PostgreSQL database on the DATABASE_URL server (default
postgres://postgres@127.0.0.1:5432; a fresh name, dropped at the end), migrates it, loads
``seed_demo --communes 100`` and bench/_load_setup.py (an issued city plan of 500 tasks and 50
officers of the city, its departments and communes, each with a report to edit), collects the
static files with DEBUG off and starts gunicorn (gthread; ``--gunicorn WORKERSxTHREADS``, chosen
for 2 cores; several are measured one after the other on the same data) on a free loopback port.
Then:

* single-user baselines: each page fetched by ten officers one after the other, median;
* the load: ``--users`` officers (locust, headless, as a library) sign in, then each opens in
  turn their home page, "my tasks", the 500-task plan, the indicators dashboard of their unit and
  the editor of their unit's report, with ``--think`` seconds between pages, for ``--seconds``
  seconds counted once every officer has signed in.

Prints ``key: value`` lines: ``cores``, ``gunicorn``, ``load_users``, ``load_seconds``,
``load_requests``, ``load_errors`` (goal 0), ``load_p95_ms`` (goal under 200) over all pages,
``load_p95_ms_<page>`` per page, and ``single_user_ms_<page>``. Gunicorn is stopped and the
database dropped whatever happens. Needs ``pip install -e .[bench]`` (locust).

Usage: ``python bench/load.py [--users 50] [--seconds 120] [--gunicorn 2x4[,3x4…]]``.
"""

from __future__ import annotations

# locust patches the standard library (gevent) on import: it comes before anything that opens sockets.
from locust import HttpUser, constant, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import itertools
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import _server
import gevent
from _server import Session, emit, free_port, pg_admin, sign_in, stop_gunicorn

PAGES = ("home", "my_tasks", "plan", "dashboard", "report_editor")

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--users", type=int, default=50, help="simulated officers (default 50, at most 50)")
parser.add_argument("--seconds", type=int, default=120, help="length of the measured load (default 120)")
parser.add_argument("--think", type=float, default=2.0, help="seconds between two pages of one officer (default 2)")
parser.add_argument("--spawn-rate", type=float, default=5.0, help="officers signing in per second (default 5)")
parser.add_argument("--gunicorn", default="2x4",
                    help="gunicorn workers x threads (gthread), several separated by commas to compare them on "
                         "the same data, e.g. 2x4,3x4 (default 2x4: one worker per core)")
parser.add_argument("--communes", type=int, default=100, help="communes of the demo city (default 100)")
args = parser.parse_args()
if not 1 <= args.users <= 50:
    sys.exit("--users must be between 1 and 50")
try:
    CONFIGS = [tuple(int(n) for n in item.split("x")) for item in args.gunicorn.split(",")]
    assert all(len(c) == 2 and c[0] >= 1 and c[1] >= 1 for c in CONFIGS)
except (ValueError, AssertionError):
    sys.exit("--gunicorn takes WORKERSxTHREADS, e.g. 3x4 or 3x4,2x8")


def prepare(env: dict) -> tuple[dict, dict]:
    return _server.prepare(env, communes=args.communes)


def start_gunicorn(env: dict, port: int, workers: int, threads: int):
    # Keep idle connections longer than an officer's pause: with gunicorn's 2 s default the server closes
    # them just as the next page is asked for.
    return _server.start_gunicorn(env, port, workers, threads, keep_alive=int(args.think) + 5)


def pages_of(officer: dict, plan: int) -> dict[str, str]:
    return {
        "home": "/",
        "my_tasks": "/plans/my-tasks/",
        "plan": f"/plans/{plan}/",
        "dashboard": f"/indicators/unit/{officer['unit']}/",
        "report_editor": f"/reporting/reports/{officer['report']}/edit/",
    }


def single_user(base: str, world: dict) -> dict[str, float]:
    """Median time of each page, one request at a time, over ten officers (one warm-up fetch each)."""
    samples: dict[str, list[float]] = {page: [] for page in PAGES}
    officers = world["officers"]
    for officer in officers[:: max(1, len(officers) // 10)][:10]:
        session = Session(base)
        if not sign_in(session, officer, world["password"]):
            raise SystemExit(f"{officer['username']} could not sign in")
        for page, url in pages_of(officer, world["plan"]).items():
            session.get(url)
            started = time.perf_counter()
            response = session.get(url, allow_redirects=False)
            samples[page].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{page} answered {response.status_code} to {officer['username']}")
    return {page: statistics.median(values) for page, values in samples.items()}


def load(base: str, world: dict) -> Environment:
    officers = itertools.cycle(world["officers"][: args.users])
    numbers = itertools.count()
    signed_in = {"ok": 0, "failed": 0}

    class Officer(HttpUser):
        host = base
        wait_time = constant(args.think)

        def on_start(self):
            officer = next(officers)
            self.pages = list(pages_of(officer, world["plan"]).items())
            self.step = next(numbers) % len(self.pages)  # officers start on different pages
            ok = sign_in(self.client, officer, world["password"], form={"name": "login_form"}, post={"name": "login"})
            signed_in["ok" if ok else "failed"] += 1

        @task
        def next_page(self):
            name, url = self.pages[self.step % len(self.pages)]
            self.step += 1
            with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
                if response.error is not None:
                    response.failure(f"{type(response.error).__name__}: {response.error}")
                elif response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")

    env = Environment(user_classes=[Officer])
    runner = env.create_local_runner()
    runner.start(args.users, spawn_rate=args.spawn_rate)
    deadline = time.monotonic() + 120 + args.users / args.spawn_rate
    while signed_in["ok"] + signed_in["failed"] < args.users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    env.stats.reset_all()  # measure the pages only, from the moment everyone is signed in
    gevent.sleep(args.seconds)
    # Read the figures before stopping: requests cut short by the stop are not the server's doing.
    total = env.stats.total
    figures = {
        "load_requests": total.num_requests,
        "load_requests_per_s": total.num_requests / args.seconds,
        "load_errors": total.num_failures + signed_in["failed"],
        "load_p50_ms": total.get_response_time_percentile(0.5),
        "load_p95_ms": total.get_response_time_percentile(0.95),
    }
    for page in PAGES:
        entry = env.stats.get(page, "GET")
        figures[f"load_p95_ms_{page}"] = entry.get_response_time_percentile(0.95) if entry.num_requests else "n/a"
    errors = [f"{error.name}: {error.error} x{error.occurrences}" for error in env.stats.errors.values()]
    runner.quit()
    return figures, errors


def main() -> None:
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    if not base_url.startswith("postgres"):
        sys.exit("bench/load.py needs a PostgreSQL server in DATABASE_URL")
    name = f"cchc_bench_load_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="cchc-bench-load-"))
    env = dict(os.environ, DATABASE_URL=urlunparse(urlparse(base_url)._replace(path=f"/{name}")), VAR_DIR=str(workdir),
               STATIC_ROOT=str(workdir / "static"), MEDIA_ROOT=str(workdir / "media"), SECRET_KEY=secrets.token_urlsafe(50),
               DJANGO_SETTINGS_MODULE="config.settings", HUEY_IMMEDIATE="1")
    server = None
    pg_admin(base_url, f'CREATE DATABASE "{name}"')
    try:
        world, server_env = prepare(env)
        emit("cores", os.cpu_count())
        emit("plan_tasks", 500)
        emit("load_users", args.users)
        emit("load_seconds", args.seconds)
        emit("load_think_s", args.think)
        for workers, threads in CONFIGS:
            port = free_port()
            server = start_gunicorn(server_env, port, workers, threads)
            base = f"http://127.0.0.1:{port}"
            baseline = single_user(base, world)
            figures, errors = load(base, world)
            stop_gunicorn(server)
            server = None
            emit("gunicorn", f"{workers} workers x {threads} threads (gthread)")
            for key, value in figures.items():
                emit(key, value)
            for page in PAGES:
                emit(f"single_user_ms_{page}", baseline[page])
            for error in errors:
                emit("load_error", error)
    finally:
        if server is not None:
            stop_gunicorn(server)
        pg_admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
