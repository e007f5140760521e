"""An announcement day: a crowd on the public portal while officers work, against gunicorn and PostgreSQL.

Builds a throwaway PostgreSQL database on the DATABASE_URL server (default postgres://postgres@127.0.0.1:5432;
a fresh name ``cchc_bench_portal_<pid>``, dropped at the end), migrates it and loads what bench/load.py
loads (``seed_demo --communes 100``, whose portal demo publishes plans and scorecards, and
bench/_load_setup.py: the city's 500-task plan and its officers), collects the static files with DEBUG off
and starts gunicorn (gthread, ``--gunicorn WORKERSxTHREADS``) on a free loopback port (``--port`` to choose
one). Then, with locust (headless, as a library):

1. ``officers_alone``: ``--officers`` signed-in officers open the 500-task plan page in turn, ``--think``
   seconds apart, for ``--seconds`` seconds: the baseline;
2. ``crowd``: the same officers, and ``--visitors`` anonymous visitors (default 200) who open the province
   page and then a unit page (one of the units with something published, in turn), one second apart, for
   ``--seconds`` seconds counted once every visitor has arrived.

Each run is measured after ``--warmup`` seconds (default 10) of the same load, so that the baseline is not the
cold start of the server (each thread's first database connection, each process's first rendering).

Prints ``key: value``: the machine's ``load_average_1min`` before the runs (the figures mean little on a
machine other work keeps busy), each page's ``*_single_ms`` (median of sequential fetches: the server's own
cost), ``portal_requests``, ``portal_errors`` (goal 0), ``portal_p95_ms`` (goal under 100),
``portal_p50_ms``, ``portal_requests_per_s``, the same per page, ``officer_p95_ms_alone`` and
``officer_p95_ms_during_crowd``. Gunicorn is stopped and the database dropped whatever happens. Needs
``pip install -e .[bench]`` (locust).

Usage: ``python bench/portal.py [--visitors 200] [--seconds 60] [--officers 10] [--gunicorn 2x8]``.
"""

from __future__ import annotations

# locust patches the standard library (gevent) on import: it comes before anything that opens sockets.
from locust import FastHttpUser, HttpUser, between, constant, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import itertools
import os
import secrets
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import _server
import gevent
from _server import Session, emit, pg_admin, sign_in, stop_gunicorn

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--visitors", type=int, default=200, help="anonymous visitors of the portal (default 200, at most 500)")
parser.add_argument("--officers", type=int, default=10, help="signed-in officers on the plan page (default 10, at most 50)")
parser.add_argument("--seconds", type=int, default=60, help="length of each measured run (default 60, at most 300)")
parser.add_argument("--think", type=float, default=2.0, help="seconds between two plan pages of an officer (default 2)")
parser.add_argument("--warmup", type=int, default=10,
                    help="seconds each run goes on unmeasured once everyone has arrived (default 10): every gunicorn "
                         "thread has its database connection and every process its copy of the pages before timing")
parser.add_argument("--spawn-rate", type=float, default=50.0, help="visitors arriving per second (default 50)")
parser.add_argument("--gunicorn", default="2x8", help="gunicorn workers x threads (gthread), default 2x8")
parser.add_argument("--port", type=int, default=0, help="gunicorn's port on 127.0.0.1 (default: a free one; never 8000)")
parser.add_argument("--communes", type=int, default=100, help="communes of the demo city (default 100)")
args = parser.parse_args()
if not (1 <= args.visitors <= 500 and 1 <= args.officers <= 50 and 5 <= args.seconds <= 300):
    sys.exit("--visitors 1–500, --officers 1–50, --seconds 5–300")
try:
    WORKERS, THREADS = (int(n) for n in args.gunicorn.split("x"))
    assert WORKERS >= 1 and THREADS >= 1
except (ValueError, AssertionError):
    sys.exit("--gunicorn takes WORKERSxTHREADS, e.g. 2x8")
if args.port == 8000:
    sys.exit("--port 8000 is the development server's")
PORT = args.port or _server.free_port()


def published_units(env: dict) -> list[int]:
    """Ids of the units with a published plan or scorecard (the pages a crowd would open), by the ORM."""
    code = ("from cchc.portal.models import Publication; "
            "print(' '.join(str(pk) for pk in sorted(set(Publication.objects.values_list('unit_id', flat=True)))))")
    found = _server.run([sys.executable, "manage.py", "shell", "-v0", "-c", code], env, "listing the published units")
    return [int(pk) for pk in found.split()]


def check(base: str, urls: list[str]) -> None:
    """Every page answers 200 once (this also fills the cache, as the first visitor of the day would)."""
    session = Session(base)
    for url in urls:
        status = session.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")


def single_ms(session, url: str, times: int = 20) -> float:
    """Median time of ``url`` fetched ``times`` times one after the other: the server's own cost, no queue."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        if session.get(url).status_code != 200:
            raise SystemExit(f"{url} does not answer 200")
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def percentile(entry, value: float):
    return entry.get_response_time_percentile(value) if entry.num_requests else "n/a"


def run_load(base: str, world: dict, units: list[int], *, visitors: int) -> dict:
    officers = itertools.cycle(world["officers"])
    unit_urls = itertools.cycle([f"/cong-khai/don-vi/{pk}/" for pk in units])
    arrived = {"visitors": 0, "officers": 0, "failed": 0}
    plan_url = f"/plans/{world['plan']}/"

    def fetch(client, url: str, name: str) -> None:
        with client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            error = getattr(response, "error", None)
            if error is not None:
                response.failure(f"{type(error).__name__}: {error}")
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    class Officer(HttpUser):
        host = base
        fixed_count = args.officers
        wait_time = constant(args.think)

        def on_start(self):
            ok = sign_in(self.client, next(officers), world["password"], form={"name": "login_form"}, post={"name": "login"})
            arrived["officers" if ok else "failed"] += 1

        @task
        def plan(self):
            fetch(self.client, plan_url, "officer_plan")

    class Visitor(FastHttpUser):  # the cheaper client: the load generator shares the server's cores
        host = base
        fixed_count = visitors
        wait_time = between(0.8, 1.2)

        def on_start(self):
            self.unit = next(unit_urls)
            arrived["visitors"] += 1

        @task
        def browse(self):
            fetch(self.client, "/cong-khai/", "portal_province")
            self.wait()
            fetch(self.client, self.unit, "portal_unit")
            self.unit = next(unit_urls)

    classes = [Officer, Visitor] if visitors else [Officer]
    env = Environment(user_classes=classes)
    runner = env.create_local_runner()
    total_users = args.officers + visitors
    runner.start(total_users, spawn_rate=max(args.spawn_rate, 1.0))
    deadline = time.monotonic() + 120 + total_users / args.spawn_rate
    while (arrived["visitors"] + arrived["officers"] + arrived["failed"] < total_users) and time.monotonic() < deadline:
        gevent.sleep(0.2)
    gevent.sleep(args.warmup)  # the first pages of each thread and process open connections and fill caches
    env.stats.reset_all()  # measure from the moment everyone is there and the server is warm
    gevent.sleep(args.seconds)
    officer = env.stats.get("officer_plan", "GET")
    figures = {"officer_requests": officer.num_requests, "officer_errors": officer.num_failures + arrived["failed"],
               "officer_p95_ms": percentile(officer, 0.95)}
    if visitors:
        province, unit = env.stats.get("portal_province", "GET"), env.stats.get("portal_unit", "GET")
        portal = province.num_requests + unit.num_requests
        from locust.stats import StatsEntry

        combined = StatsEntry(env.stats, "portal", "GET")
        combined.extend(province)
        combined.extend(unit)
        figures.update({
            "portal_requests": portal,
            "portal_requests_per_s": portal / args.seconds,
            "portal_errors": province.num_failures + unit.num_failures,
            "portal_p50_ms": percentile(combined, 0.5),
            "portal_p95_ms": percentile(combined, 0.95),
            "portal_p95_ms_province": percentile(province, 0.95),
            "portal_p95_ms_unit": percentile(unit, 0.95),
        })
    figures["errors"] = [f"{error.name}: {error.error} x{error.occurrences}" for error in env.stats.errors.values()]
    runner.quit()
    return figures


def main() -> None:
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    if not base_url.startswith("postgres"):
        sys.exit("bench/portal.py needs a PostgreSQL server in DATABASE_URL")
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", PORT))
        except OSError:
            sys.exit(f"port {PORT} is in use: stop what listens there first")
    name = f"cchc_bench_portal_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="cchc-bench-portal-"))
    env = dict(os.environ, DATABASE_URL=urlunparse(urlparse(base_url)._replace(path=f"/{name}")), VAR_DIR=str(workdir),
               STATIC_ROOT=str(workdir / "static"), MEDIA_ROOT=str(workdir / "media"), SECRET_KEY=secrets.token_urlsafe(50),
               DJANGO_SETTINGS_MODULE="config.settings", HUEY_IMMEDIATE="1", REDIS_URL="")
    server = None
    pg_admin(base_url, f'CREATE DATABASE "{name}"')
    try:
        world, server_env = _server.prepare(env, communes=args.communes)
        units = published_units(env)
        server = _server.start_gunicorn(server_env, PORT, WORKERS, THREADS, keep_alive=int(args.think) + 5)
        base = f"http://127.0.0.1:{PORT}"
        check(base, ["/cong-khai/", *(f"/cong-khai/don-vi/{pk}/" for pk in units)])
        session = Session(base)
        if not sign_in(session, world["officers"][0], world["password"]) or session.get(f"/plans/{world['plan']}/").status_code != 200:
            raise SystemExit("the officer's plan page does not answer")
        emit("portal_single_ms_province", single_ms(Session(base), "/cong-khai/"))
        emit("portal_single_ms_unit", single_ms(Session(base), f"/cong-khai/don-vi/{units[0]}/"))
        emit("officer_single_ms", single_ms(session, f"/plans/{world['plan']}/", times=10))
        emit("cores", os.cpu_count())
        emit("load_average_1min", os.getloadavg()[0])
        emit("gunicorn", f"{WORKERS} workers x {THREADS} threads (gthread), 127.0.0.1:{PORT}")
        emit("published_units", len(units))
        emit("plan_tasks", 500)
        emit("visitors", args.visitors)
        emit("officers", args.officers)
        emit("seconds", args.seconds)
        alone = run_load(base, world, units, visitors=0)
        crowd = run_load(base, world, units, visitors=args.visitors)
        stop_gunicorn(server)
        server = None
        for key in ("portal_requests", "portal_requests_per_s", "portal_errors", "portal_p50_ms", "portal_p95_ms",
                    "portal_p95_ms_province", "portal_p95_ms_unit"):
            emit(key, crowd[key])
        emit("officer_requests_alone", alone["officer_requests"])
        emit("officer_p95_ms_alone", alone["officer_p95_ms"])
        emit("officer_requests_during_crowd", crowd["officer_requests"])
        emit("officer_errors_during_crowd", crowd["officer_errors"])
        emit("officer_p95_ms_during_crowd", crowd["officer_p95_ms"])
        for error in alone["errors"] + crowd["errors"]:
            emit("load_error", error)
    finally:
        if server is not None:
            stop_gunicorn(server)
        pg_admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
