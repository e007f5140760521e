"""What the load benchmarks share (bench/load.py, bench/portal.py): a throwaway PostgreSQL database with
the province-sized demo, the application under gunicorn with DEBUG off on loopback, and signing in.

Import it after locust (which patches the standard library with gevent on import).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import requests

ROOT = Path(__file__).resolve().parent.parent


def emit(key: str, value) -> None:
    if isinstance(value, float):
        value = f"{value:.1f}"
    print(f"{key}: {value}", flush=True)


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(urlunparse(urlparse(url)._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command: list[str], env: dict, what: str) -> str:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"{what} failed (exit {result.returncode})")
    return result.stdout


def prepare(env: dict, *, communes: int) -> tuple[dict, dict]:
    """Migrate, load the demo and the load data, collect static files; the world and the server's environment."""
    python = sys.executable
    run([python, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
    run([python, "manage.py", "seed_demo", "--communes", str(communes), "--quiet"], env, "seed_demo")
    world = json.loads(run([python, "bench/_load_setup.py"], env, "bench/_load_setup.py"))
    server_env = dict(env, DEBUG="0", SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0",
                      ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="WARNING")
    collected = subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], env=server_env, cwd=ROOT,
                               capture_output=True, text=True, check=False)
    if collected.returncode != 0:
        # The manifest storage refused a file (e.g. a missing source map): keep the files under their own names.
        server_env["DJANGO_SETTINGS_MODULE"] = "_load_settings"
        server_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "bench"), env.get("PYTHONPATH", "")]))
        run([python, "manage.py", "collectstatic", "--noinput", "-v0"], server_env, "collectstatic")
        emit("static_storage", "plain (the manifest collectstatic failed)")
    return world, server_env


def start_gunicorn(env: dict, port: int, workers: int, threads: int, *, keep_alive: int) -> subprocess.Popen:
    """gunicorn (gthread) on 127.0.0.1:``port``, returned once it answers; idle connections are kept
    ``keep_alive`` seconds (longer than a simulated user's pause, or each page opens a new connection)."""
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
               "--log-level", "warning", "--timeout", "60", "--keep-alive", str(keep_alive)]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped (exit {server.returncode})")
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz/", timeout=10).status_code == 200:
                    return server
            except requests.RequestException:  # not listening yet, or still loading the application
                pass
            time.sleep(0.5)
        raise SystemExit("gunicorn did not answer within 90 s")
    except BaseException:
        stop_gunicorn(server)
        raise


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def sign_in(session, officer: dict, password: str, **kwargs) -> bool:
    session.get("/accounts/login/", **kwargs.get("form", {}))
    response = session.post("/accounts/login/", allow_redirects=False, **kwargs.get("post", {}), data={
        "username": officer["username"], "password": password, "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
    })
    return response.status_code == 302


class Session(requests.Session):
    def __init__(self, base: str):
        super().__init__()
        self.base = base

    def request(self, method, url, *a, **kw):
        return super().request(method, self.base + url, *a, **kw)
