"""Citizens on the public pages (/cong-khai/), against gunicorn and PostgreSQL; and survey results for
1,000,000 answers of one unit-quarter.

Builds its own PostgreSQL database on the DATABASE_URL server (default postgres://postgres@127.0.0.1:5432;
named ``cchc_citizen_bench_<pid>``, dropped at the end), migrates it, loads the small demo city with its
demo survey campaigns (bench/_citizen_setup.py world) and starts gunicorn (gthread, ``--gunicorn
WORKERSxTHREADS``, default 2x4) on a free loopback port (``--port``) with bench/_citizen_settings.py (production settings;
the per-address limits raised because every simulated citizen comes from 127.0.0.1). Then:

* the load: ``--users`` citizens (locust, headless, as a library) each go round the URL mix ``PAGES``
  (open the QR code's form, answer it, see the thanks page, open the kiosk), ``--think`` seconds apart,
  for ``--seconds`` seconds (bounded, loopback only);
* the results: bench/_citizen_setup.py million inserts 1,000,000 responses (9,000,000 answers) of one
  commune in one quarter, tallies them and times the campaign's results with every breakdown.

Prints ``key: value`` lines: ``load_average_1min`` before the load (the figures mean little on a machine
other work keeps busy), ``single_user_ms_<page>`` (one citizen at a time, no queueing: the server's own
cost; ``_post`` for a form's answer), ``public_requests``, ``public_errors`` (goal 0), ``public_p95_ms``
(goal under 200), ``public_p95_ms_<page>``, ``survey_results_1m_s`` (goal under 1), ``survey_metric_1m_s``
and ``survey_tally_rebuild_1m_s``. Gunicorn is stopped and the database dropped whatever happens. Needs
``pip install -e .[bench]`` (locust).

The URL mix is a list of ``Page(name, path(world, rng), form=None)``: the petition pages join it with a
few lines (their setup adding what they need to the world JSON).

Usage: ``python bench/citizen.py [--users 50] [--seconds 60] [--answers 1000000]``.
"""

from __future__ import annotations

# locust patches the standard library (gevent) on import: it comes before anything that opens sockets.
from locust import FastHttpUser, between, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import gevent
import requests

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ITEM = re.compile(r'name="(item_\d+)"')

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--users", type=int, default=50, help="simulated citizens (default 50, at most 50)")
parser.add_argument("--seconds", type=int, default=60, help="length of the measured load (default 60, at most 300)")
parser.add_argument("--think", type=float, default=1.0, help="mean seconds between two requests of one citizen (default 1)")
parser.add_argument("--gunicorn", default="2x4", help="gunicorn workers x threads (gthread), default 2x4")
parser.add_argument("--port", type=int, default=0, help="gunicorn's port on 127.0.0.1 (default: a free one; never 8000)")
parser.add_argument("--answers", type=int, default=1_000_000, help="responses of the results measurement (default 1000000)")
args = parser.parse_args()
if not 1 <= args.users <= 50 or not 1 <= args.seconds <= 300:
    sys.exit("--users must be 1–50 and --seconds 1–300")
WORKERS, THREADS = (int(n) for n in args.gunicorn.split("x"))
if args.port == 8000:
    sys.exit("--port 8000 is the development server's")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PORT = args.port or free_port()


@dataclass(frozen=True)
class Page:
    """One entry of the URL mix: ``path(world, rng)`` gives the address; a page with ``form`` is posted
    (``form(html, rng)`` gives the fields from the page's own form, fetched first) and answers 302."""

    name: str
    path: Callable[[dict, random.Random], str]
    form: Callable[[str, random.Random], dict] | None = None


def survey_answer(html: str, rng: random.Random) -> dict:
    fields = {name: str(rng.choice([5, 4, 4, 3, 2])) for name in dict.fromkeys(ITEM.findall(html))}
    return {**fields, "procedure_text": "Đăng ký khai sinh", "sex": rng.choice(["", "nam", "nu"]), "comment": "", "website": ""}


PAGES = [
    Page("survey_form", lambda w, rng: f"/cong-khai/khao-sat/{rng.choice(w['qr'])}/"),
    Page("survey_answer", lambda w, rng: f"/cong-khai/khao-sat/{rng.choice(w['qr'] + w['link'])}/", form=survey_answer),
    Page("survey_thanks", lambda w, rng: f"/cong-khai/khao-sat/{rng.choice(w['qr'])}/cam-on/"),
    Page("survey_kiosk", lambda w, rng: f"/cong-khai/khao-sat/{rng.choice(w['kiosk'])}/"),
    # the petition pages a citizen reads (filing and looking up are POSTs, rate limited per address)
    Page("petition_home", lambda w, rng: "/cong-khai/phan-anh/"),
    Page("petition_answers", lambda w, rng: "/cong-khai/phan-anh/tra-loi/"),
]


def emit(key: str, value) -> None:
    if isinstance(value, float):
        value = f"{value:.3f}" if value < 10 else f"{value:.1f}"
    print(f"{key}: {value}", flush=True)


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(urlunparse(urlparse(url)._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def run(command: list[str], env: dict, what: str) -> str:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"{what} failed (exit {result.returncode})")
    return result.stdout


def start_gunicorn(env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}", "--workers",
               str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread", "--log-level", "warning", "--timeout", "60",
               "--keep-alive", str(int(args.think) + 5)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode})")
        try:
            if requests.get(f"http://127.0.0.1:{PORT}/healthz/", timeout=10).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.5)
    stop_gunicorn(server)
    raise SystemExit("gunicorn did not answer within 90 s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def single_user(base: str, world: dict) -> dict[str, float]:
    """Median time of each page fetched by one citizen at a time (twenty fetches after five warm-ups), and of
    each form posted (the page fetched first, not counted): the latency without queueing, to read the load
    figures against on a shared machine."""
    rng = random.Random(1)
    found = {}
    with requests.Session() as session:
        for page in PAGES:
            path = page.path(world, rng)
            for _ in range(5):
                session.get(base + path)
            samples = []
            for _ in range(20):
                data = None
                if page.form is not None:
                    html = session.get(base + path).text
                    token = CSRF.search(html)
                    data = {**page.form(html, rng), "csrfmiddlewaretoken": token.group(1) if token else ""}
                started = time.perf_counter()
                if data is None:
                    response = session.get(base + path, allow_redirects=False)
                else:
                    response = session.post(base + path, data=data, allow_redirects=False)
                samples.append((time.perf_counter() - started) * 1000)
                if response.status_code != (200 if data is None else 302):
                    raise SystemExit(f"{page.name} answered {response.status_code}")
            found[page.name if data is None else f"{page.name}_post"] = statistics.median(samples)
    return found


def load(base: str, world: dict) -> tuple[dict, list[str]]:
    seeds = iter(range(10_000))

    class Citizen(FastHttpUser):  # the cheaper client: the load generator shares the server's cores
        host = base
        wait_time = between(args.think / 2, args.think * 1.5)

        def on_start(self):
            self.rng = random.Random(next(seeds))
            self.step = self.rng.randrange(len(PAGES))

        def check(self, response, expected: int):
            error = getattr(response, "error", None)
            if error is not None:
                response.failure(f"{type(error).__name__}: {error}")
            elif response.status_code != expected:
                response.failure(f"HTTP {response.status_code}")

        @task
        def next_page(self):
            page = PAGES[self.step % len(PAGES)]
            self.step += 1
            path = page.path(world, self.rng)
            if page.form is None:
                with self.client.get(path, name=page.name, allow_redirects=False, catch_response=True) as response:
                    self.check(response, 200)
                return
            with self.client.get(path, name=f"{page.name}_page", allow_redirects=False, catch_response=True) as response:
                self.check(response, 200)
                html = response.text if response.status_code == 200 else ""
            token = CSRF.search(html)
            data = {**page.form(html, self.rng), "csrfmiddlewaretoken": token.group(1) if token else ""}
            with self.client.post(path, data=data, name=page.name, allow_redirects=False, catch_response=True,
                                  headers={"Referer": base + path, "Origin": base}) as response:
                self.check(response, 302)

    env = Environment(user_classes=[Citizen])
    runner = env.create_local_runner()
    runner.start(args.users, spawn_rate=args.users)
    gevent.sleep(2)
    env.stats.reset_all()
    gevent.sleep(args.seconds)
    total = env.stats.total
    figures = {
        "public_requests": total.num_requests,
        "public_requests_per_s": total.num_requests / args.seconds,
        "public_errors": total.num_failures,
        "public_p50_ms": total.get_response_time_percentile(0.5),
        "public_p95_ms": total.get_response_time_percentile(0.95),
    }
    for name in sorted(env.stats.entries):
        entry = env.stats.entries[name]
        figures[f"public_p95_ms_{name[0]}"] = entry.get_response_time_percentile(0.95)
    errors = [f"{error.name}: {error.error} x{error.occurrences}" for error in env.stats.errors.values()]
    runner.quit()
    return figures, errors


def main() -> None:
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
    if not base_url.startswith("postgres"):
        sys.exit("bench/citizen.py needs a PostgreSQL server in DATABASE_URL")
    name = f"cchc_citizen_bench_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="cchc-bench-citizen-"))
    env = dict(os.environ, DATABASE_URL=urlunparse(urlparse(base_url)._replace(path=f"/{name}")), VAR_DIR=str(workdir),
               STATIC_ROOT=str(workdir / "static"), MEDIA_ROOT=str(workdir / "media"), SECRET_KEY=secrets.token_urlsafe(50),
               DJANGO_SETTINGS_MODULE="config.settings", HUEY_IMMEDIATE="1")
    server = None
    pg_admin(base_url, f'CREATE DATABASE "{name}"')
    try:
        run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
        world = json.loads(run([sys.executable, "bench/_citizen_setup.py", "world"], env, "world"))
        server_env = dict(env, DEBUG="0", SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0",
                          ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="WARNING", DJANGO_SETTINGS_MODULE="_citizen_settings",
                          PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "bench"), env.get("PYTHONPATH", "")])))
        server = start_gunicorn(server_env)
        emit("cores", os.cpu_count())
        emit("load_average_1min", os.getloadavg()[0])
        emit("gunicorn", f"{WORKERS} workers x {THREADS} threads (gthread) on 127.0.0.1:{PORT}")
        emit("public_users", args.users)
        emit("public_seconds", args.seconds)
        for name, value in single_user(f"http://127.0.0.1:{PORT}", world).items():
            emit(f"single_user_ms_{name}", value)
        figures, errors = load(f"http://127.0.0.1:{PORT}", world)
        stop_gunicorn(server)
        server = None
        for key, value in figures.items():
            emit(key, value)
        for error in errors:
            emit("public_error", error)
        million = json.loads(run([sys.executable, "bench/_citizen_setup.py", "million", str(args.answers)], env, "million"))
        emit("survey_results_responses", million["responses"])
        emit("survey_results_answers", million["answers"])
        emit("survey_results_1m_s", million["results_s"])
        emit("survey_metric_1m_s", million["metric_s"])
        emit("survey_tally_rebuild_1m_s", million["tally_rebuild_s"])
        emit("survey_insert_1m_s", million["insert_s"])
    finally:
        if server is not None:
            stop_gunicorn(server)
        pg_admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
