"""The production settings path: DEBUG off, hashed static files, a required SECRET_KEY.

These run `manage.py` / `python -c` in a subprocess because the settings module decides
DEBUG-dependent values (static storage, secret key) once, at import.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The environment of a DEBUG-off process whose files all go under tmp_path."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SECRET_KEY"}}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.update(overrides)
    return env


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE, env=env, capture_output=True, text=True, timeout=300
    )


def test_collectstatic_succeeds_with_debug_off_and_hashes_every_vendored_file(tmp_path):
    result = run_python(["manage.py", "collectstatic", "--noinput"], production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text(encoding="utf-8")
    for name in ("vendor/chartjs/chart.umd.min.js", "vendor/htmx/htmx.min.js", "css/app.css"):
        assert f'"{name}"' in manifest


def readme_production_commands() -> list[str]:
    """The shell lines of the README's "Production" block, without their trailing comments."""
    readme = (BASE / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Production\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_ci_production_path_runs_the_readme_commands_verbatim():
    script = (BASE / ".ci" / "production_path.sh").read_text(encoding="utf-8")
    commands = readme_production_commands()
    programs = [c for c in commands if c.startswith(".venv/bin/")]

    assert commands[:2] == ["cp .env.example .env", "set -a; . ./.env; set +a"]
    assert len(programs) == len(commands) - 2 == 5
    assert [c for c in programs if c not in script] == []
    # The script copies .env.example to a scratch folder (never over a developer's .env) and sources it.
    assert 'cp .env.example "$work/.env"' in script
    assert 'set -a; . "$work/.env"; set +a' in script
    assert "bash .ci/production_path.sh" in (BASE / ".ci" / "run").read_text(encoding="utf-8")


DEVELOPMENT_KEY = "dev-only-secret-key-change-me-in-production-0123456789abcdef"
START = ["-c", "import django; django.setup(); from django.conf import settings; print(len(settings.SECRET_KEY))"]


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "   ", DEVELOPMENT_KEY, "change-me-to-a-long-random-string"],
    ids=["unset", "empty", "blank", "development-key", "env-example-placeholder"],
)
def test_it_refuses_to_start_with_debug_off_and_no_secret_key_of_its_own(tmp_path, secret_key):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key

    result = run_python(START, env)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY" in result.stderr
    assert "Chưa đặt SECRET_KEY riêng" in result.stderr
    assert result.stdout == ""


def test_it_starts_with_debug_off_and_a_secret_key_of_its_own(tmp_path):
    result = run_python(START, production_env(tmp_path, SECRET_KEY="k" * 10 + secrets.token_urlsafe(50)))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(10 + len(secrets.token_urlsafe(50)))


def test_development_keeps_its_default_key_when_debug_is_on(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    del env["DEBUG"]

    result = run_python(START, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(DEVELOPMENT_KEY))
